/**
 * `npm run bench -- checkins`: check-ins at province scale.
 *  1. A table of BENCH_ROWS (default 20,000,000) check-ins over the 14 days before today is made
 *     with INSERT … SELECT generate_series (BENCH_ROWS / 10 synthetic persons, 50,000 venues of
 *     skewed popularity), each day's partition indexed after its load and then attached, then
 *     VACUUM ANALYZE; the time it takes is reported.
 *  2. The demo city is seeded (BENCH_RESIDENTS, BENCH_VENUES) and BENCH_SESSIONS residents sign in
 *     (phone + one-time code) and declare, so each has a code; every request is a real
 *     POST /api/checkins with a session, CSRF token, venue code, fresh Idempotency-Key, random
 *     resident and venue — through the group-commit batcher, durable before the answer.
 *     After an unmeasured warm-up (BENCH_WARMUP_SECONDS, 5), a closed loop with BENCH_CONNECTIONS
 *     (default 100) for the most it sustains, then an open loop
 *     for p50/p99 at 5,000/s — or at 80 % of the sustained rate when that is less (BENCH_RATE
 *     forces a rate) — and another at half the sustained rate. CPU per check-in by party (server
 *     thread, rest of this process, PostgreSQL) is read from /proc over the closed loop;
 *     BENCH_CPU_PROFILE=<dir> writes the server thread's profile of it. BENCH_WORKERS=N serves
 *     the route from N processes sharing the port, as `fangyi serve --workers N` does (their CPU
 *     is then `server_processes`, and this process only generates load). BENCH_TIMELINE=1 logs a
 *     line a second while check-ins are measured (server loop delay, batches, autovacuum).
 *  3. Naive single-row INSERTs into the same table from the same process (a pool of 20
 *     connections, 64 concurrent loops), each its own transaction: the baseline.
 *  4. The two lookups on the big table: who was at venue V in a 2-hour window, where was person P
 *     in the last 14 days (200 random samples each, median and p95).
 * Last line: {"bench":"checkins","http_checkins_per_s":…,"p50_ms":…,"p99_ms":…,"raw_insert_per_s":…,"ratio":…,
 * "lookup_venue_window_ms":…,"lookup_person_14d_ms":…,"rows":…}. Progress goes to stderr.
 * PostgreSQL runs with fsync and synchronous_commit on (the defaults): every figure is durable.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { batcherFor, configureCheckins } from '../src/checkins/ingest.ts';
import type { BatcherStats } from '../src/db/batcher.ts';
import { ensurePartitions } from '../src/checkins/partitions/service.ts';
import { findPersonCheckins, findVenueCheckins } from '../src/checkins/read-store.ts';
import { FIRST_DEMO_PHONE } from '../src/demo/model/households.ts';
import { seedDemoCity } from '../src/demo/service.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { DAY_MS, shanghaiDay, startOfShanghaiDay, systemClock } from '../src/kernel/time.ts';
import { addDays, dayPartitionName, retentionPartitionName } from '../src/checkins/partitions/model.ts';
import { createDayPartition } from '../src/checkins/partitions/store.ts';
import { buildApp } from '../src/server/app.ts';
import { createPlatform } from '../src/server/platform.ts';
import { issueVenueToken } from '../src/venues/token.ts';
import { runLoad, type RequestTemplate } from './load/open-loop.ts';
import { serverProcessEnv, startServerProcesses } from './load/server-processes.ts';
import {
  benchSetting, freePort, openBenchDatabase, report, withCpuProfile, cpuTimes, cpuPer, signInDemoResidents, startTimeline, statementSettings, resetStatementStats, logStatementStats,
} from './support.ts';

const env = benchSetting;
const ROWS = env('BENCH_ROWS', 20_000_000);
const SECONDS = env('BENCH_SECONDS', 10);
const RATE = env('BENCH_RATE', 5000);
const CONNECTIONS = env('BENCH_CONNECTIONS', 100);
const RESIDENTS = env('BENCH_RESIDENTS', 4000);
const VENUES = env('BENCH_VENUES', 1000);
const SESSIONS = env('BENCH_SESSIONS', 2000);
const WORKERS = env('BENCH_WORKERS', 1);
const SYNTHETIC_PERSONS = Math.max(1000, Math.round(ROWS / 10));
const SYNTHETIC_VENUES = 50_000;
const log = (message: string) => console.error(`[bench checkins] ${message}`);
const round = (ms: number) => Math.round(ms * 100) / 100;

const database = await openBenchDatabase('checkins', { settings: { shared_buffers: '1GB', max_wal_size: '8GB', checkpoint_timeout: '30min', ...statementSettings() } });
const { db } = database;

// ---- 1. the big table -------------------------------------------------------------------------

const today = shanghaiDay(new Date());
const bulkDays = Array.from({ length: 14 }, (_, i) => addDays(today, i - 14));
const bulkStarted = performance.now();
await ensurePartitions(db, [today, addDays(today, 1)].map((day) => ({ day, retentionDays: 28 })));
// Each past day's partition is filled as a plain table, indexed once (a sort, not 20 million random
// index insertions), then attached: the same table and indexes as check-ins written one by one.
const CHUNK = 1_000_000;
let loaded = 0;
for (const day of bulkDays) {
  const part = retentionPartitionName(day, 28);
  await sql`create table ${sql.id(part)} (like checkins including defaults including constraints)`.execute(db);
  const perDay = Math.floor(ROWS / bulkDays.length) + (day === bulkDays[0] ? ROWS % bulkDays.length : 0);
  for (let offset = 0; offset < perDay; offset += CHUNK) {
    const n = Math.min(CHUNK, perDay - offset);
    await sql`
      insert into ${sql.id(part)} (id, person_id, venue_id, region_code, venue_name, name_masked, checked_in_at, leave_at, colour, method, retention_days)
      select nextval('checkin_id_seq'), md5('p' || floor(random() * ${SYNTHETIC_PERSONS})::int)::uuid,
        md5('v' || floor(${SYNTHETIC_VENUES} * power(random(), 3))::int)::uuid, '330106004', '合成场所', '张*', t, t + interval '1 hour',
        case when random() < 0.02 then 'yellow' when random() < 0.005 then 'red' else 'green' end, 'scan', 28
      from (select ${startOfShanghaiDay(day)}::timestamptz + random() * interval '86399 seconds' as t from generate_series(1, ${n})) g`.execute(db);
    loaded += n;
    log(`bulk rows ${loaded}/${ROWS} (${Math.round((performance.now() - bulkStarted) / 1000)} s)`);
  }
  await sql`create index on ${sql.id(part)} (venue_id, checked_in_at)`.execute(db);
  await sql`create index on ${sql.id(part)} (person_id, checked_in_at)`.execute(db);
  await sql`create index on ${sql.id(part)} (venue_id, checked_in_at) where colour in ('yellow', 'red')`.execute(db);
  await db.transaction().execute(async (trx) => {
    await createDayPartition(trx, day);
    await sql`alter table ${sql.id(dayPartitionName(day))} attach partition ${sql.id(part)} for values in (28)`.execute(trx);
  });
}
log('vacuum analyze…');
await sql`vacuum analyze checkins`.execute(db);
// The load wrote gigabytes of WAL: checkpoint now, or the checkpoint it triggers flushes them while the check-ins are measured.
await sql`checkpoint`.execute(db);
const bulkSeconds = Math.round((performance.now() - bulkStarted) / 100) / 10;
log(`${ROWS} rows in ${bulkSeconds} s`);

// ---- 2. the HTTP route ------------------------------------------------------------------------

const keyring = { currentKeyId: 'b1', keys: new Map([['b1', randomBytes(32)]]), indexKey: randomBytes(32) };
log(`seeding the demo city (${RESIDENTS} residents, ${VENUES} venues)…`);
await seedDemoCity({ db, keyring, clock: systemClock, log: () => undefined }, { residents: RESIDENTS, venues: VENUES });
const platform = await createPlatform({ db, databaseUrl: database.url, keyring, config: { ...loadConfig({}), logLevel: 'silent' }, print: () => undefined });
// The daily limit would stop a benchmark's residents (each checks in hundreds of times): lift it.
const checkinSettings = { dailyLimit: 100_000, batch: { ...(process.env.BENCH_IN_FLIGHT ? { maxInFlight: Number(process.env.BENCH_IN_FLIGHT) } : {}), ...(process.env.BENCH_WAIT_MS ? { maxWaitMs: Number(process.env.BENCH_WAIT_MS) } : {}) } };
configureCheckins(db, checkinSettings);
const app = await buildApp(platform, { logger: false, serveWeb: false });

const residents = await signInDemoResidents(app, db, SESSIONS, log, Number(FIRST_DEMO_PHONE));
const venueRows = await db.selectFrom('venues').select('id').where('synthetic', '=', true).execute();
const venueTokens = venueRows.map((v) => issueVenueToken(keyring, { venueId: v.id, tokenVersion: 1 }));
log(`${residents.length} residents, ${venueTokens.length} venue codes`);

const port = await freePort();
const servers = WORKERS > 1 ? await startServerProcesses(WORKERS, serverProcessEnv(database.url, keyring, { port, checkins: checkinSettings })) : undefined;
if (servers) log(`${WORKERS} server processes (pids ${servers.pids.join(', ')})`);
else await app.listen({ port, host: '127.0.0.1' });
const url = `http://127.0.0.1:${port}/api/checkins`;
const requests: RequestTemplate[] = residents.map((r) => ({
  method: 'POST', path: '/api/checkins',
  headers: { cookie: `fy_session=${r.cookie}`, 'x-csrf-token': r.csrf, 'content-type': 'application/json' },
  body: JSON.stringify({ venueToken: '{{venue}}', personIds: [r.personId] }),
}));
const probe = await fetch(url, { method: 'POST', headers: { ...requests[0]!.headers, 'idempotency-key': randomUUID() }, body: requests[0]!.body!.replace('{{venue}}', venueTokens[0]!) });
if (probe.status !== 201) throw new Error(`check-in route answered ${probe.status}: ${await probe.text()}`);
const plan = { url, requests, uniqueHeader: 'idempotency-key', substitutions: { venue: venueTokens }, seconds: SECONDS };

const rowsBefore = async () => Number((await sql<{ n: number }>`select count(*) as n from checkins where checked_in_at >= ${startOfShanghaiDay(today)}`.execute(db)).rows[0]!.n);
// Under load the server's caches (each resident's session and colour, each venue code) and the JIT
// fill during the first seconds: about five for one process (BENCH_TIMELINE shows batches slow at
// first), longer for fresh server processes. One unmeasured round first, so that what is measured
// is the sustained rate.
const warmUpSeconds = servers ? Math.max(SECONDS, 10) : env('BENCH_WARMUP_SECONDS', 5);
log(`warm-up, ${warmUpSeconds} s: ${JSON.stringify(await runLoad({ ...plan, connections: CONNECTIONS, rate: 0, seconds: warmUpSeconds }))}`);
// Every measured phase starts with the tables it writes vacuumed: what autovacuum owes for the rows of
// the phase before (here the warm-up's) would otherwise run inside it, on the same two cores.
const vacuumWritten = () => sql`vacuum analyze checkins, checkin_requests`.execute(db);
await vacuumWritten();
const todayBefore = await rowsBefore();
// The server's batches live in the server processes when there are some: no timeline then.
const stopTimeline = servers ? () => undefined : startTimeline(db, () => batcherFor(platform).stats, log);
log(`closed loop, ${CONNECTIONS} connections, ${SECONDS} s…`);
await resetStatementStats(db);
const eluBefore = performance.eventLoopUtilization();
const cpuBefore = cpuTimes(servers?.pids);
const saturated = await withCpuProfile('checkins-closed-loop', () => runLoad({ ...plan, connections: CONNECTIONS, rate: 0 }));
log(`  ${JSON.stringify(saturated)}`);
const batching = (stats: BatcherStats) => ({ flushes: stats.flushes, mean_batch: Math.round(stats.items / Math.max(1, stats.flushes)), mean_flush_ms: round(stats.flushMs / Math.max(1, stats.flushes)), largest: stats.largestBatch });
// With server processes, this thread only generates load: its busy share is not the server's.
const serverLoopBusy = servers ? null : round(performance.eventLoopUtilization(eluBefore).utilization);
// The closed loop's warm-up is in the CPU figures but not in its count: an estimate, per request.
const cpuPerCheckin = cpuPer(cpuBefore, cpuTimes(servers?.pids), saturated.requests * (1 + 2 / SECONDS));
log(`  server event loop busy ${serverLoopBusy}, CPU ms per check-in ${JSON.stringify(cpuPerCheckin)}`);
await logStatementStats(db, log, 12);
if (!servers) log(`  batches so far ${JSON.stringify(batching(batcherFor(platform).stats))}`);
// Latency at a steady offered rate: the target (BENCH_RATE, 5,000/s), or 80 % of what the closed loop
// sustained when that is less — an open loop beyond capacity only measures its own queue.
const offered = process.env.BENCH_RATE ? RATE : Math.min(RATE, Math.floor(0.8 * saturated.rps));
log(`open loop at ${offered}/s for ${SECONDS} s…`);
const atRate = await runLoad({ ...plan, connections: Math.max(CONNECTIONS, 200), rate: offered });
log(`  ${JSON.stringify(atRate)}`);
// And at half the sustained rate: what latency looks like with room to spare.
const halfRate = Math.floor(0.5 * saturated.rps);
log(`open loop at ${halfRate}/s for ${SECONDS} s…`);
const atHalf = await runLoad({ ...plan, connections: Math.max(CONNECTIONS, 200), rate: halfRate });
log(`  ${JSON.stringify(atHalf)}`);
const httpRows = (await rowsBefore()) - todayBefore;
const okPerSecond = (f: typeof saturated) => Math.round(((f.statuses['201'] ?? 0) / f.requests) * f.rps);
stopTimeline();
await servers?.stop();
await app.close();
await platform.close();

// ---- 3. naive single-row inserts ----------------------------------------------------------------

await vacuumWritten();
log(`single-row INSERTs, 64 loops on 20 connections, ${SECONDS} s…`);
const pool = new pg.Pool({ connectionString: database.url, max: 20 });
const venueIds = venueRows.map((v) => v.id);
let inserted = 0;
const rawEnd = performance.now() + SECONDS * 1000;
const rawStarted = performance.now();
await Promise.all(Array.from({ length: 64 }, async () => {
  while (performance.now() < rawEnd) {
    const r = residents[Math.floor(Math.random() * residents.length)]!;
    await pool.query(
      `insert into checkins (id, person_id, venue_id, region_code, venue_name, name_masked, checked_in_at, leave_at, colour, method, retention_days)
       values (nextval('checkin_id_seq'), $1, $2, '330106004', '西溪超市', '林*', now(), now() + interval '30 minutes', 'green', 'scan', 28)`,
      [r.personId, venueIds[Math.floor(Math.random() * venueIds.length)]],
    );
    inserted++;
  }
}));
const rawPerSecond = Math.round(inserted / ((performance.now() - rawStarted) / 1000));
await pool.end();
log(`  ${rawPerSecond}/s`);

// ---- 4. lookups on the big table ----------------------------------------------------------------

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

async function timed(samples: number, query: (i: number) => Promise<unknown[]>): Promise<{ median: number; p95: number; meanRows: number }> {
  for (let i = 0; i < 20; i++) await query(i);
  const times: number[] = [];
  let rowsSeen = 0;
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    rowsSeen += (await query(i)).length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: round(quantile(times, 0.5)), p95: round(quantile(times, 0.95)), meanRows: Math.round(rowsSeen / samples) };
}

const md5Uuid = async (text: string) => (await sql<{ id: string }>`select md5(${text})::uuid::text as id`.execute(db)).rows[0]!.id;
const personKeys = await Promise.all(Array.from({ length: 220 }, () => md5Uuid(`p${Math.floor(Math.random() * SYNTHETIC_PERSONS)}`)));
const venueKeys = await Promise.all(Array.from({ length: 220 }, () => md5Uuid(`v${Math.floor(SYNTHETIC_VENUES * Math.random() ** 3)}`)));
const now = new Date();
log('lookups…');
const personLookup = await timed(200, (i) => findPersonCheckins(db, personKeys[i % personKeys.length]!, { from: new Date(now.getTime() - 14 * DAY_MS), to: now, limit: 10_000 }));
const venueLookup = await timed(200, (i) => {
  const day = bulkDays[i % bulkDays.length]!;
  const from = new Date(startOfShanghaiDay(day).getTime() + (8 + (i % 12)) * 3_600_000);
  return findVenueCheckins(db, venueKeys[i % venueKeys.length]!, { from, to: new Date(from.getTime() + 2 * 3_600_000), limit: 10_000 });
});
const totalRows = Number((await sql<{ n: number }>`select count(*) as n from checkins`.execute(db)).rows[0]!.n);
await database.close();

const httpPerSecond = okPerSecond(saturated);
report({
  bench: 'checkins',
  http_checkins_per_s: httpPerSecond,
  p50_ms: atRate.p50Ms,
  p99_ms: atRate.p99Ms,
  raw_insert_per_s: rawPerSecond,
  ratio: Number((httpPerSecond / rawPerSecond).toFixed(3)),
  lookup_venue_window_ms: venueLookup.median,
  lookup_person_14d_ms: personLookup.median,
  rows: totalRows,
  latency_offered_rate: offered,
  target_rate: RATE,
  latency_achieved_per_s: okPerSecond(atRate),
  latency_max_ms: atRate.maxMs,
  half_rate: halfRate,
  half_rate_p50_ms: atHalf.p50Ms,
  half_rate_p99_ms: atHalf.p99Ms,
  cpu_ms_per_checkin: cpuPerCheckin,
  server_event_loop_busy: serverLoopBusy,
  saturated_connections: CONNECTIONS,
  saturated_p50_ms: saturated.p50Ms,
  saturated_p99_ms: saturated.p99Ms,
  http_statuses: { at_rate: atRate.statuses, half_rate: atHalf.statuses, saturated: saturated.statuses },
  http_rows_written: httpRows,
  lookup_venue_window_p95_ms: venueLookup.p95,
  lookup_venue_window_rows: venueLookup.meanRows,
  lookup_person_14d_p95_ms: personLookup.p95,
  lookup_person_14d_rows: personLookup.meanRows,
  bulk_rows: ROWS,
  bulk_load_seconds: bulkSeconds,
  residents_signed_in: residents.length,
  venues: venueTokens.length,
  seconds: SECONDS,
  server_processes: WORKERS,
  notes: 'http_checkins_per_s: closed loop (most sustained, 201s only); p50/p99: open loop at latency_offered_rate (the 5,000/s target, or 80 % of the sustained rate when less), half_rate_*: open loop at half the sustained rate; cpu_ms_per_checkin: CPU by party over the closed loop (/proc); raw: single-row autocommit INSERTs, 20 connections; lookups: median of 200 on the bulk table',
});
process.exit(0);
