/**
 * Check-in background work (pg-boss): hourly maintenance — partitions for today and the next two
 * days for every retention in use, expired partitions dropped (audited), idempotency keys older
 * than 24 hours and expired exports deleted — and the Excel export queue. Registered in
 * src/server/jobs.ts like the colour review.
 */
import type PgBoss from 'pg-boss';
import type { FastifyBaseLogger } from 'fastify';
import type { DbOrTrx } from '../db/transaction.ts';
import { DAY_MS, type Clock } from '../kernel/time.ts';
import { setUpFileJobs, stopFileJobs, workFileJobs } from '../kernel/file-jobs.ts';
import { checkinExports } from './exports.ts';
import { ensureUpcomingPartitions, purgeExpiredCheckins } from './partitions/service.ts';
import { deleteExpiredExports } from './read-store.ts';
import { deleteRequestsBefore } from './store.ts';

export const CHECKIN_MAINTENANCE_QUEUE = 'checkin-maintenance';
export const CHECKIN_MAINTENANCE_CRON = '7 * * * *';

export interface CheckinJobDeps {
  db: DbOrTrx;
  clock: Clock;
}

const KEY_CHUNK = 10_000;

export async function runCheckinMaintenance(deps: CheckinJobDeps, log: Pick<FastifyBaseLogger, 'info'>): Promise<{ created: string[]; dropped: number; keys: number; exports: number }> {
  const created = await ensureUpcomingPartitions(deps);
  const purge = await purgeExpiredCheckins(deps, { system: 'checkin-retention' });
  const before = new Date(deps.clock.now().getTime() - DAY_MS);
  let keys = 0;
  for (;;) {
    const deleted = await deleteRequestsBefore(deps.db, before, KEY_CHUNK);
    keys += deleted;
    if (deleted < KEY_CHUNK) break;
  }
  const exports = await deleteExpiredExports(deps.db, deps.clock.now());
  const dropped = purge.dropped.length + purge.days.length;
  if (created.length || dropped || keys || exports) {
    log.info({ created, dropped: purge.dropped.map((d) => `${d.partition}:${d.rows}`), keys, exports }, 'check-in maintenance');
  }
  return { created, dropped, keys, exports };
}

/** Inside the jobs' setup lock: queues and the schedule. */
export async function setUpCheckinQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(CHECKIN_MAINTENANCE_QUEUE, { name: CHECKIN_MAINTENANCE_QUEUE, policy: 'stately' });
  await boss.schedule(CHECKIN_MAINTENANCE_QUEUE, CHECKIN_MAINTENANCE_CRON, {}, { tz: 'Asia/Shanghai' });
  await setUpFileJobs(boss, [checkinExports]);
}

/** Workers, the export sender, and one maintenance run now (so a fresh installation has its partitions). */
export async function workCheckinQueues(boss: PgBoss, deps: CheckinJobDeps, log: FastifyBaseLogger): Promise<void> {
  await boss.work(CHECKIN_MAINTENANCE_QUEUE, async () => { await runCheckinMaintenance(deps, log); });
  await workFileJobs(boss, [checkinExports], deps, log);
  await boss.send(CHECKIN_MAINTENANCE_QUEUE, {});
}

/** When the jobs stop, exports run in the requesting process again. */
export function stopCheckinQueues(deps: CheckinJobDeps): void {
  stopFileJobs([checkinExports], deps);
}
