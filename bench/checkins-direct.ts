/**
 * `npm run bench -- checkins-direct`: the check-in write path without HTTP — what the database side
 * of group commit costs, to tell it apart from the HTTP tier in `npm run bench -- checkins`.
 * Batches of BENCH_BATCH (30) one-person check-ins (random persons and venues, fresh keys) go through
 * `writeUnits` on the batcher's kind of connection, BENCH_IN_FLIGHT (2) at a time, for BENCH_SECONDS
 * (8), into a table with BENCH_DAYS (16) days of partitions; against single-row autocommit INSERTs
 * of the same rows from the same process (as many connections as batches in flight × 8), in the same
 * run. CPU per check-in by party comes from /proc. With BENCH_STATEMENTS=1 the per-statement plan and
 * execution times are printed too (pg_stat_statements). Last line: one JSON object.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { writeUnits, type CheckinUnit } from '../src/checkins/ingest.ts';
import { addDays } from '../src/checkins/partitions/model.ts';
import { ensurePartitions } from '../src/checkins/partitions/service.ts';
import { shanghaiDay, systemClock } from '../src/kernel/time.ts';
import { benchSetting, cpuPer, cpuTimes, logStatementStats, openBenchDatabase, report, resetStatementStats, statementSettings } from './support.ts';

const env = benchSetting;
const BATCH = env('BENCH_BATCH', 30);
const IN_FLIGHT = env('BENCH_IN_FLIGHT', 2);
const SECONDS = env('BENCH_SECONDS', 8);
const DAYS = env('BENCH_DAYS', 16);
const log = (message: string) => console.error(`[bench checkins-direct] ${message}`);

const database = await openBenchDatabase('checkins_direct', { settings: statementSettings() });
const { db } = database;
const today = shanghaiDay(new Date());
await ensurePartitions(db, Array.from({ length: DAYS }, (_, i) => ({ day: addDays(today, 1 - i), retentionDays: 28 })));

const persons = Array.from({ length: 5000 }, () => randomUUID());
const venues = Array.from({ length: 1000 }, () => randomUUID());
const pick = <T>(values: readonly T[]) => values[Math.floor(Math.random() * values.length)]!;
function unit(): CheckinUnit {
  const at = new Date();
  return {
    accountId: randomUUID(), key: randomUUID(), requestHash: 'h'.repeat(43), method: 'scan', recordedByAccountId: null,
    venue: { id: pick(venues), name: '西溪超市', kind: 'shop', number: '330106-0001', address: '文三路 1 号', regionCode: '330106004' },
    items: [{ personId: pick(persons), nameMasked: '林*', colour: 'green', at, leaveAt: new Date(at.getTime() + 1_800_000), geofenceFar: false, distanceM: null, retentionDays: 28 }],
  };
}

/** Runs `loops` loops of `step` (which returns how many check-ins it wrote) for `seconds`; check-ins per second and CPU per check-in. */
async function measure(loops: number, seconds: number, step: () => Promise<number>) {
  const before = cpuTimes();
  const started = performance.now();
  const end = started + seconds * 1000;
  let written = 0;
  await Promise.all(Array.from({ length: loops }, async () => {
    while (performance.now() < end) written += await step();
  }));
  const elapsed = (performance.now() - started) / 1000;
  return { perSecond: Math.round(written / elapsed), cpu: cpuPer(before, cpuTimes(), written) };
}

const pool = new pg.Pool({ connectionString: database.url, max: IN_FLIGHT });
const batch = () => writeUnits({ db, clock: systemClock }, Array.from({ length: BATCH }, unit), 1000, pool).then(() => BATCH);
log('warming up…');
await measure(IN_FLIGHT, 2, batch);
await resetStatementStats(db);
log(`batches of ${BATCH}, ${IN_FLIGHT} in flight, ${SECONDS} s…`);
const batched = await measure(IN_FLIGHT, SECONDS, batch);
log(`  ${JSON.stringify(batched)}`);
await logStatementStats(db, log);
await pool.end();

const rawConnections = IN_FLIGHT * 8;
const rawPool = new pg.Pool({ connectionString: database.url, max: rawConnections });
log(`single-row INSERTs on ${rawConnections} connections, ${SECONDS} s…`);
const single = await measure(rawConnections, SECONDS, async () => {
  const u = unit();
  const item = u.items[0]!;
  await rawPool.query(
    `insert into checkins (id, person_id, venue_id, region_code, venue_name, name_masked, checked_in_at, leave_at, colour, method, retention_days)
     values (nextval('checkin_id_seq'), $1, $2, '330106004', '西溪超市', '林*', $3, $4, 'green', 'scan', 28)`,
    [item.personId, u.venue.id, item.at, item.leaveAt],
  );
  return 1;
});
log(`  ${JSON.stringify(single)}`);
await rawPool.end();
await database.close();

report({
  bench: 'checkins-direct',
  batched_checkins_per_s: batched.perSecond,
  single_insert_per_s: single.perSecond,
  ratio: Number((batched.perSecond / single.perSecond).toFixed(3)),
  batched_cpu_ms_per_checkin: batched.cpu,
  single_cpu_ms_per_insert: single.cpu,
  batch_size: BATCH,
  in_flight: IN_FLIGHT,
  partition_days: DAYS,
  seconds: SECONDS,
  baseline: 'single-row autocommit INSERTs of the same rows into the same table, same process, same run (rows only: no idempotency keys, no merge or limit checks)',
});
