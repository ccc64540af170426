/**
 * The monitoring job: every five minutes, complete the plans whose end day is over with a clean
 * latest follow-up (decision 0009) and recompute their persons' colours — so the yellow of a plan
 * that ended yesterday lifts shortly after midnight without anyone opening a page. Safe with
 * several server processes: plans are claimed with SKIP LOCKED, and the queue's 'stately' policy
 * keeps at most one run queued behind an active one.
 */
import type { FastifyBaseLogger } from 'fastify';
import { completeDuePlans, type MonitoringDeps } from './service.ts';

export const MONITORING_QUEUE = 'monitoring-plans';
export const MONITORING_CRON = '*/5 * * * *';

export async function runMonitoringJob(deps: MonitoringDeps, log: FastifyBaseLogger): Promise<void> {
  const completed = await completeDuePlans(deps);
  if (completed > 0) log.info({ completed }, 'monitoring plans completed');
}
