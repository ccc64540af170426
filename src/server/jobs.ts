/**
 * Background jobs in PostgreSQL (pg-boss): every server process starts a worker; pg-boss hands
 * each job to exactly one of them, and its cron schedule fires once per minute across all of them.
 * Capabilities add their queues here.
 */
import PgBoss from 'pg-boss';
import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import { purgeExpiredAuthData } from '../accounts/service.ts';
import { COLOUR_REVIEW_CRON, COLOUR_REVIEW_QUEUE, runColourReview } from '../codes/colours/jobs.ts';
import { setUpCheckinQueues, stopCheckinQueues, workCheckinQueues } from '../checkins/jobs.ts';
import { setUpTracingQueue, stopTracingQueue, workTracingQueue } from '../tracing/jobs.ts';
import { setUpNoticeQueues, stopNoticeQueues, workNoticeQueues } from '../notices/jobs.ts';
import { runTrustListRefresh, TRUST_LIST_REFRESH_CRON, TRUST_LIST_REFRESH_QUEUE } from '../codes/trust-list/jobs.ts';
import { DAILY_REMINDER_CRON, DAILY_REMINDER_QUEUE, runDailyReminders } from '../orgs/daily/jobs.ts';
import { MONITORING_CRON, MONITORING_QUEUE, runMonitoringJob } from '../monitoring/jobs.ts';
import { ROLLUP_FOLD_CRON, ROLLUP_FOLD_QUEUE, runRollupFold } from '../analytics/rollups/jobs.ts';
import { dailyExports } from '../orgs/daily/exports.ts';
import { rosterImports } from '../orgs/roster-imports.ts';
import { caseImports } from '../tracing/import-jobs.ts';
import { reportExports } from '../callbot/results/exports.ts';
import { tracingExports } from '../tracing/export-service.ts';
import { clinicReportExports } from '../analytics/clinics/exports.ts';
import { setUpFileJobs, stopFileJobs, workFileJobs } from '../kernel/file-jobs.ts';
import { setUpCallbotQueues, stopCallbotQueues, workCallbotQueues } from '../callbot/jobs.ts';
import type { Platform } from './platform.ts';

export const AUTH_HOUSEKEEPING_QUEUE = 'auth-housekeeping';
/** Background file jobs (imports and exports of the organisations, the call robot and tracing; the check-in exports register with their capability's queues). */
const FILE_JOBS = [rosterImports, dailyExports, reportExports, tracingExports, caseImports, clinicReportExports];

export interface Jobs {
  boss: PgBoss;
  stop(): Promise<void>;
}

/** Held while a process installs pg-boss's schema and its queues, so processes starting together take turns. */
const JOBS_SETUP_LOCK = 0x46594a42; // "FYJB"

async function withSetupLock<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [JOBS_SETUP_LOCK]);
    return await work();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [JOBS_SETUP_LOCK]).catch(() => undefined);
    await client.end();
  }
}

export async function startJobs(platform: Platform, log: FastifyBaseLogger): Promise<Jobs> {
  const boss = new PgBoss({ connectionString: platform.databaseUrl, schema: 'pgboss', max: 4 });
  boss.on('error', (error) => log.error({ err: error }, 'job queue error'));
  // pg-boss installs its schema on start; two processes doing so at the same moment deadlock.
  await withSetupLock(platform.databaseUrl, async () => {
    await boss.start();
    await boss.createQueue(AUTH_HOUSEKEEPING_QUEUE);
    await boss.schedule(AUTH_HOUSEKEEPING_QUEUE, '*/10 * * * *', {}, { tz: 'Asia/Shanghai' });
    await boss.createQueue(COLOUR_REVIEW_QUEUE, { name: COLOUR_REVIEW_QUEUE, policy: 'stately' });
    await boss.schedule(COLOUR_REVIEW_QUEUE, COLOUR_REVIEW_CRON, {}, { tz: 'Asia/Shanghai' });
    await boss.createQueue(TRUST_LIST_REFRESH_QUEUE, { name: TRUST_LIST_REFRESH_QUEUE, policy: 'stately' });
    await boss.schedule(TRUST_LIST_REFRESH_QUEUE, TRUST_LIST_REFRESH_CRON, {}, { tz: 'Asia/Shanghai' });
    await setUpCheckinQueues(boss);
    await setUpNoticeQueues(boss);
    await setUpFileJobs(boss, FILE_JOBS);
    await boss.createQueue(DAILY_REMINDER_QUEUE, { name: DAILY_REMINDER_QUEUE, policy: 'stately' });
    await boss.schedule(DAILY_REMINDER_QUEUE, DAILY_REMINDER_CRON, {}, { tz: 'Asia/Shanghai' });
    await boss.createQueue(MONITORING_QUEUE, { name: MONITORING_QUEUE, policy: 'stately' });
    await boss.schedule(MONITORING_QUEUE, MONITORING_CRON, {}, { tz: 'Asia/Shanghai' });
    await boss.createQueue(ROLLUP_FOLD_QUEUE, { name: ROLLUP_FOLD_QUEUE, policy: 'stately' });
    await boss.schedule(ROLLUP_FOLD_QUEUE, ROLLUP_FOLD_CRON, {}, { tz: 'Asia/Shanghai' });
    await setUpCallbotQueues(boss);
    await setUpTracingQueue(boss);
  });
  await boss.work(AUTH_HOUSEKEEPING_QUEUE, async () => {
    const purged = await purgeExpiredAuthData(platform);
    log.info({ purged }, 'expired sessions, codes and counters purged');
  });
  await boss.work(COLOUR_REVIEW_QUEUE, async () => runColourReview(platform, log));
  await boss.work(TRUST_LIST_REFRESH_QUEUE, async () => runTrustListRefresh(platform, log));
  await boss.work(DAILY_REMINDER_QUEUE, async () => runDailyReminders(platform, log));
  await boss.work(MONITORING_QUEUE, async () => runMonitoringJob(platform, log));
  await boss.work(ROLLUP_FOLD_QUEUE, async () => runRollupFold(platform, log));
  await workCheckinQueues(boss, platform, log);
  await workNoticeQueues(boss, platform, log);
  await workFileJobs(boss, FILE_JOBS, platform, log);
  await workCallbotQueues(boss, platform, log);
  await workTracingQueue(boss, platform, log);
  return {
    boss,
    stop: async () => {
      stopCheckinQueues(platform);
      stopNoticeQueues(platform);
      stopFileJobs(FILE_JOBS, platform);
      stopTracingQueue(platform);
      await stopCallbotQueues(platform, log);
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
