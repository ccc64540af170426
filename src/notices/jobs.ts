/**
 * Notice background work (pg-boss): the queue notice-work continues fan-outs of big audiences and
 * DINGs to many unread, batch by batch (each step one transaction with its cursor, so a re-run or
 * a second worker never writes a recipient or sends a DING twice); a sweep every five minutes
 * resumes any left unfinished by a stopped process. Registered in src/server/jobs.ts.
 */
import type PgBoss from 'pg-boss';
import type { FastifyBaseLogger } from 'fastify';
import { findUnfinishedDingIds, findUnfinishedNoticeIds } from './store.ts';
import { runNoticeWork, setNoticeWorkSender, type NoticeDeps, type NoticeWork } from './service.ts';

export const NOTICE_WORK_QUEUE = 'notice-work';
export const NOTICE_SWEEP_QUEUE = 'notice-sweep';
export const NOTICE_SWEEP_CRON = '*/5 * * * *';
const STALE_MS = 2 * 60_000;

/** Resumes fan-outs and DINGs older than two minutes that are still unfinished; returns how many. */
export async function runNoticeSweep(deps: NoticeDeps, log: Pick<FastifyBaseLogger, 'info'>): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - STALE_MS);
  const work: NoticeWork[] = [
    ...(await findUnfinishedNoticeIds(deps.db, before)).map((noticeId) => ({ kind: 'fanout' as const, noticeId })),
    ...(await findUnfinishedDingIds(deps.db, before)).map((dingId) => ({ kind: 'ding' as const, dingId })),
  ];
  for (const w of work) await runNoticeWork(deps, w);
  if (work.length) log.info({ resumed: work.length }, 'notice work resumed');
  return work.length;
}

/** Inside the jobs' setup lock: queues and the schedule. */
export async function setUpNoticeQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(NOTICE_WORK_QUEUE, { name: NOTICE_WORK_QUEUE, retryLimit: 5, retryDelay: 30 });
  await boss.createQueue(NOTICE_SWEEP_QUEUE, { name: NOTICE_SWEEP_QUEUE, policy: 'stately' });
  await boss.schedule(NOTICE_SWEEP_QUEUE, NOTICE_SWEEP_CRON, {}, { tz: 'Asia/Shanghai' });
}

export async function workNoticeQueues(boss: PgBoss, deps: NoticeDeps, log: FastifyBaseLogger): Promise<void> {
  await boss.work<NoticeWork>(NOTICE_WORK_QUEUE, async (jobs) => {
    for (const job of jobs) await runNoticeWork(deps, job.data);
  });
  await boss.work(NOTICE_SWEEP_QUEUE, async () => { await runNoticeSweep(deps, log); });
  setNoticeWorkSender(deps.db, async (work) => { await boss.send(NOTICE_WORK_QUEUE, work); });
}

/** When the jobs stop, the work runs in the requesting process again. */
export function stopNoticeQueues(deps: NoticeDeps): void {
  setNoticeWorkSender(deps.db, undefined);
}
