/**
 * The tracing bench's database: a city kept between runs. With DATABASE_URL it is the database
 * fangyi_bench_tracing on that server; without, an embedded cluster of its own under
 * .test-data/bench-tracing (BENCH_TRACING_DIR), apart from the tests' clusters and never dropped.
 * A marker row tells what city the database holds (size, generator version, keyring); a run that
 * asks for another city (or finds a half-built one) drops the database and builds it again.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createStaffAccount, findStaffAccountByUsername } from '../../src/accounts/service.ts';
import { addDays, dayPartitionName, retentionPartitionName, WRITE_PATH_AUTOVACUUM } from '../../src/checkins/partitions/model.ts';
import { retentionDaysFor } from '../../src/checkins/partitions/service.ts';
import { createDayPartition, tableExists } from '../../src/checkins/partitions/store.ts';
import { progressBar } from '../../src/cli/progress.ts';
import { createDb, type Db } from '../../src/db/connection.ts';
import { databaseUrl, ensureDatabase, startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seededRandom } from '../../src/demo/model/random.ts';
import type { Actor } from '../../src/kernel/access.ts';
import type { Keyring } from '../../src/kernel/crypto/field-encryption.ts';
import { shanghaiDay, startOfShanghaiDay, systemClock } from '../../src/kernel/time.ts';
import { onboardRegion } from '../../src/regions/onboarding.ts';
import { ensureRegionsLoaded, isTenant, listChildRegions } from '../../src/regions/service.ts';
import { districtWeight } from '../../src/demo/model/city.ts';
import { addVenuesBulk } from '../../src/venues/service.ts';
import { buildLayout, buildPopulation, KINDS, type Street } from './city-model.ts';
import { activityWeights, DayRows, generateDay } from './day-model.ts';
import { CHECKIN_COLUMNS, checkinLines, guardianshipLines, householdLines, PERSON_COLUMNS, personLines } from './copy-lines.ts';
import { freePort } from '../support.ts';

/** Bump when the distributions change: a cached city of an older generator is rebuilt. */
export const GENERATOR = 'tracing-city-2';
export const CITY_CODE = '330100';
export const DAYS = 14;
const DATABASE = 'fangyi_bench_tracing';
const OFFICIAL = 'bench-tracer';

export interface CityPlan { residents: number; checkins: number; seed: number }

export interface CityInfo {
  residents: number;
  checkins: number;
  rows: number;
  venues: number;
  households: number;
  guardianships: number;
  /** The check-ins cover [dataFrom, dataTo): the 14 Shanghai days before the day it was built. */
  dataFrom: Date;
  dataTo: Date;
  buildSeconds: number;
  reused: boolean;
}

/**
 * The bench's keyring: fixed keys derived from a label, so a city built by one run decrypts in the
 * next. Only ever used for this synthetic city.
 */
export function benchKeyring(): Keyring {
  const key = (label: string) => createHash('sha256').update(`fangyi bench tracing ${label}`).digest();
  return { currentKeyId: 'bt1', keys: new Map([['bt1', key('data key')]]), indexKey: key('index key') };
}

const fingerprint = (k: Keyring) => createHash('sha256').update(k.keys.get(k.currentKeyId)!).update(k.indexKey).digest('hex').slice(0, 16);

export interface CityServer { url: string; adminUrl: string; stop(): Promise<void> }

/** The bench's PostgreSQL (DATABASE_URL's server, or its own embedded cluster started with `settings`) and the city database's URL. */
export async function openCityServer(log: (m: string) => void, settings: Record<string, string>): Promise<CityServer> {
  let adminUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!adminUrl) {
    const dir = path.resolve(process.env.BENCH_TRACING_DIR ?? '.test-data/bench-tracing');
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755); // the embedded server may run as another OS user (src/db/embedded.ts)
    const server = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), password: 'bench-only', log, settings });
    adminUrl = server.adminUrl;
    stop = () => server.stop();
  }
  await ensureDatabase(adminUrl, DATABASE);
  return { url: databaseUrl(adminUrl, DATABASE), adminUrl, stop };
}

async function markerOf(db: Db): Promise<Record<string, unknown> | undefined> {
  if (!(await tableExists(db, 'bench_tracing_city'))) return undefined;
  return (await sql<Record<string, unknown>>`select * from bench_tracing_city`.execute(db)).rows[0];
}

/**
 * The city of this plan: the cached one when the marker matches (migrated to the latest schema),
 * else a new one in a database dropped and made again. BENCH_REBUILD=1 always builds.
 */
export async function ensureCity(server: CityServer, plan: CityPlan, keyring: Keyring, log: (m: string) => void): Promise<CityInfo> {
  // Kysely's CamelCasePlugin names the marker's columns in camelCase.
  const wanted = { residents: plan.residents, checkins: plan.checkins, generator: GENERATOR, keyFingerprint: fingerprint(keyring), seed: plan.seed };
  const probe = createDb(server.url, 2).db;
  try {
    const marker = await markerOf(probe);
    if (marker && process.env.BENCH_REBUILD !== '1' && Object.entries(wanted).every(([k, v]) => String(marker[k]) === String(v))) {
      log(`reusing the city built ${new Date(marker.builtAt as string).toISOString()} (${marker.rows} check-ins)`);
      await migrateToLatest(probe);
      return cityInfo(marker, true);
    }
    log(marker ? 'the cached city is of another size, seed or generator: building a new one' : 'no city yet: building one');
  } finally {
    await probe.destroy();
  }
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${DATABASE} with (force)`);
  await admin.query(`create database ${DATABASE}`);
  await admin.end();
  const { db } = createDb(server.url, 10);
  try {
    const city = await buildCity(db, server.url, plan, keyring, log);
    await sql`create table bench_tracing_city as select ${plan.residents}::int as residents, ${plan.checkins}::bigint as checkins, ${GENERATOR}::text as generator,
      ${wanted.keyFingerprint}::text as key_fingerprint, ${plan.seed}::int as seed, ${city.rows}::bigint as rows, ${city.venues}::int as venues,
      ${city.households}::int as households, ${city.guardianships}::int as guardianships, ${city.dataFrom}::timestamptz as data_from,
      ${city.dataTo}::timestamptz as data_to, now() as built_at, ${city.buildSeconds}::numeric as build_seconds`.execute(db);
    return city;
  } finally {
    await db.destroy();
  }
}

function cityInfo(m: Record<string, unknown>, reused: boolean): CityInfo {
  return {
    residents: Number(m.residents), checkins: Number(m.checkins), rows: Number(m.rows), venues: Number(m.venues), households: Number(m.households),
    guardianships: Number(m.guardianships), dataFrom: new Date(m.dataFrom as string), dataTo: new Date(m.dataTo as string), buildSeconds: Number(m.buildSeconds), reused,
  };
}

/** Streets of the city with their district's population weight. */
async function streetsOf(db: Db): Promise<Street[]> {
  const streets: Street[] = [];
  for (const district of await listChildRegions(db, CITY_CODE, { limit: 1000 })) {
    const children = await listChildRegions(db, district.code, { limit: 1000 });
    const weight = districtWeight(district.code);
    if (children.length === 0) streets.push({ code: district.code, name: district.name, weight });
    for (const s of children) streets.push({ code: s.code, name: s.name, weight: weight / children.length });
  }
  return streets;
}

async function copyInto(client: pg.Client, table: string, columns: readonly string[], blocks: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(blocks), client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`)));
}

async function buildCity(db: Db, url: string, plan: CityPlan, keyring: Keyring, log: (m: string) => void): Promise<CityInfo> {
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 100) / 10;
  await migrateToLatest(db);
  await ensureRegionsLoaded(db);
  const deps = { db, keyring, clock: systemClock };
  if (!(await isTenant(db, CITY_CODE))) await onboardRegion(deps, { system: 'bench' }, CITY_CODE);
  const now = new Date();
  const today = shanghaiDay(now);
  const days = Array.from({ length: DAYS }, (_, i) => addDays(today, i - DAYS));
  const random = seededRandom(plan.seed);

  const layout = buildLayout(random, plan.residents, await streetsOf(db));
  const venueIds = await addVenuesBulk(db, Array.from({ length: layout.venues.count }, (_, v) => ({
    regionCode: layout.venues.regionCode[v]!, name: layout.venues.name[v]!, kind: KINDS[layout.venues.kind[v]!]!, address: layout.venues.address[v]!,
    synthetic: true, defaultStayMinutes: layout.venues.stayMinutes[v]!,
  })));
  log(`${layout.venues.count} venues in ${layout.neighbourhoods} neighbourhoods (${seconds()} s)`);

  const population = buildPopulation(random, layout, plan.residents);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const personIds: string[] = [];
  const nameMasked: string[] = [];
  const personBar = progressBar('persons');
  let copied = 0;
  await copyInto(client, 'persons', PERSON_COLUMNS, (function* () {
    for (const block of personLines(seededRandom(plan.seed + 1), population, layout, keyring, today, personIds, nameMasked)) {
      yield block;
      copied += block.split('\n').length - 1;
      personBar.update(copied, population.count);
    }
  })());
  personBar.stop();
  await copyInto(client, 'household_members', ['person_id', 'household_id'], householdLines(population, personIds));
  await copyInto(client, 'guardianships', ['guardian_id', 'dependant_id', 'relation'], guardianshipLines(population, personIds));
  log(`${population.count} persons in ${population.households} households, ${population.guardianshipCount} guardianships (${seconds()} s)`);

  // Each day's check-ins go into a table of their own, made in the same transaction as its COPY
  // (with wal_level=minimal that load writes no WAL), then attached as the day's partition; attaching
  // builds the partitioned indexes on it in one sort each instead of millions of random insertions.
  const retentionDays = await retentionDaysFor({ db, clock: systemClock }, CITY_CODE);
  const rows = new DayRows();
  const worked = new Uint8Array(population.count);
  const weights = { weekday: activityWeights(population, false), weekend: activityWeights(population, true) };
  const checkinBar = progressBar('check-ins');
  let loaded = 0;
  const expected = plan.checkins;
  for (const [d, day] of days.entries()) {
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    const target = Math.floor(plan.checkins / DAYS) + (d === 0 ? plan.checkins % DAYS : 0);
    generateDay(random, layout, population, weekday, target, weekday === 0 || weekday === 6 ? weights.weekend : weights.weekday, rows, worked);
    const order = rows.timeOrder();
    const first = Number((await client.query<{ id: string }>(`select nextval('checkin_id_seq') as id`)).rows[0]!.id);
    await client.query(`select setval('checkin_id_seq', $1)`, [first + order.length]);
    const leaf = retentionPartitionName(day, retentionDays);
    const perVenue = new Int32Array(layout.venues.count);
    await client.query('begin');
    await client.query(`create table ${leaf} (like checkins including defaults including constraints) with (${WRITE_PATH_AUTOVACUUM})`);
    await copyInto(client, leaf, CHECKIN_COLUMNS, checkinLines(random, rows, order, {
      day, nextDay: addDays(day, 1), firstId: first, personIds, nameMasked, venueIds, layout, retentionDays, perVenue,
      onBlock: (n) => { loaded += n; checkinBar.update(loaded, expected); },
    }));
    await client.query('commit');
    await db.transaction().execute(async (trx) => {
      if (!(await tableExists(trx, dayPartitionName(day)))) await createDayPartition(trx, day);
      await sql`alter table ${sql.id(dayPartitionName(day))} attach partition ${sql.id(leaf)} for values in (${sql.lit(retentionDays)})`.execute(trx);
    });
    const volumes = new Map<string, number>();
    perVenue.forEach((n, v) => { if (n > 0) volumes.set(layout.venues.regionCode[v]!, (volumes.get(layout.venues.regionCode[v]!) ?? 0) + n); });
    await sql`insert into checkin_daily_volumes (day, region_code, checkins)
      select ${day}::date, r, n from unnest(${[...volumes.keys()]}::text[], ${[...volumes.values()]}::int[]) as x(r, n)`.execute(db);
  }
  checkinBar.stop();
  await client.end();
  log(`${loaded} check-ins loaded and indexed (${seconds()} s); vacuum analyze…`);
  await sql`vacuum analyze checkins`.execute(db);
  await sql`vacuum analyze persons, venues, household_members, guardianships`.execute(db);
  await sql`checkpoint`.execute(db);
  log(`city built in ${seconds()} s`);
  return {
    residents: population.count, checkins: plan.checkins, rows: loaded, venues: layout.venues.count, households: population.households,
    guardianships: population.guardianshipCount, dataFrom: startOfShanghaiDay(days[0]!), dataTo: startOfShanghaiDay(today), buildSeconds: seconds(), reused: false,
  };
}

/** The health official the bench registers cases as (a staff account of the city, made once). */
export async function benchOfficial(db: Db, keyring: Keyring): Promise<Actor> {
  const roles = [{ role: 'health_official' as const, regionCode: CITY_CODE }];
  const found = await findStaffAccountByUsername(db, OFFICIAL);
  const accountId = found?.accountId ?? (await createStaffAccount({ db, keyring, clock: systemClock }, { system: 'bench' }, {
    username: OFFICIAL, displayName: '流调压测', password: 'bench-only-tracer-9', roles,
  })).accountId;
  return { accountId, kind: 'staff', personId: null, label: 'bench:tracing-official', roles };
}
