/**
 * Background jobs in PostgreSQL (pg-boss): every server process starts a worker; pg-boss hands
 * each job to exactly one of them, and its cron schedule fires once per minute across all of them.
 * Capabilities add their queues here.
 */
import PgBoss from 'pg-boss';
import type { FastifyBaseLogger } from 'fastify';
import { purgeExpiredAuthData } from '../accounts/service.ts';
import type { Platform } from './platform.ts';

export const AUTH_HOUSEKEEPING_QUEUE = 'auth-housekeeping';

export interface Jobs {
  boss: PgBoss;
  stop(): Promise<void>;
}

export async function startJobs(platform: Platform, log: FastifyBaseLogger): Promise<Jobs> {
  const boss = new PgBoss({ connectionString: platform.databaseUrl, schema: 'pgboss', max: 4 });
  boss.on('error', (error) => log.error({ err: error }, 'job queue error'));
  await boss.start();
  await boss.createQueue(AUTH_HOUSEKEEPING_QUEUE);
  await boss.schedule(AUTH_HOUSEKEEPING_QUEUE, '*/10 * * * *', {}, { tz: 'Asia/Shanghai' });
  await boss.work(AUTH_HOUSEKEEPING_QUEUE, async () => {
    const purged = await purgeExpiredAuthData(platform);
    log.info({ purged }, 'expired sessions, codes and counters purged');
  });
  return { boss, stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }) };
}
