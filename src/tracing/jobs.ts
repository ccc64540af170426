/**
 * The tracing job: traces every case marked for it (trace_requested_at), oldest request first.
 * A request wakes it at once (wakeTracing, through the queue when the jobs run, else in this
 * process); a sweep every minute takes up any request whose wake-up was lost (a crash between
 * the commit and the send). Several processes share the work: cases are claimed with SKIP LOCKED,
 * and a case traced meanwhile by another process is skipped.
 */
import type { FastifyBaseLogger } from 'fastify';
import type PgBoss from 'pg-boss';
import { inTransaction, type DbOrTrx } from '../db/transaction.ts';
import { claimCasesToTrace, markTraceFailed } from './store.ts';
import { recolourTraced, traceCase, type TraceSummary, type TracingDeps } from './trace.ts';

export const TRACING_QUEUE = 'tracing';
export const TRACING_CRON = '* * * * *';

type Sender = () => Promise<void>;
const senders = new WeakMap<object, Sender>();

export function setTracingSender(db: DbOrTrx, send: Sender | undefined): void {
  if (send) senders.set(db, send);
  else senders.delete(db);
}

/** Runs the requested traces now: through the queue when the jobs run, else in this process after the answer. */
export async function wakeTracing(deps: TracingDeps, _caseId: string): Promise<void> {
  const send = senders.get(deps.db);
  if (send) return send();
  setImmediate(() => { void runRequestedTraces(deps).catch(() => undefined); });
}

export interface TraceRound {
  traced: TraceSummary[];
  /** Cases whose trace threw: each stays requested and waits out its back-off (store.ts claimCasesToTrace). */
  failed: { caseId: string; error: unknown }[];
}

/**
 * Traces requested cases until none is left (or `max` were tried). A case that fails is noted and
 * set aside, so one bad case cannot stop the tracing of all the others.
 */
export async function runRequestedTraces(deps: TracingDeps, max = 1000): Promise<TraceRound> {
  const round: TraceRound = { traced: [], failed: [] };
  let tried = 0;
  while (tried < max) {
    const ids = await inTransaction(deps.db, (trx) => claimCasesToTrace(trx, Math.min(20, max - tried), deps.clock.now()));
    if (ids.length === 0) break;
    let traced = 0;
    for (const id of ids) {
      tried++;
      try {
        const summary = await traceCase(deps, id, { onlyIfRequested: true });
        if (!summary) continue;
        await recolourTraced(deps, summary);
        round.traced.push(summary);
        traced++;
      } catch (error) {
        round.failed.push({ caseId: id, error });
        await markTraceFailed(deps.db, id, deps.clock.now());
      }
    }
    if (traced === 0) break;
  }
  return round;
}

export async function setUpTracingQueue(boss: PgBoss): Promise<void> {
  await boss.createQueue(TRACING_QUEUE, { name: TRACING_QUEUE, policy: 'stately' });
  await boss.schedule(TRACING_QUEUE, TRACING_CRON, {}, { tz: 'Asia/Shanghai' });
}

export async function workTracingQueue(boss: PgBoss, deps: TracingDeps, log: FastifyBaseLogger): Promise<void> {
  setTracingSender(deps.db, async () => { await boss.send(TRACING_QUEUE, {}); });
  await boss.work(TRACING_QUEUE, async () => {
    const { traced, failed } = await runRequestedTraces(deps);
    if (traced.length > 0) log.info({ cases: traced.length, contacts: traced.reduce((n, t) => n + t.closeContacts + t.secondaryContacts, 0) }, 'cases traced');
    for (const f of failed) log.error({ err: f.error, caseId: f.caseId }, 'tracing a case failed; it is retried after a back-off');
  });
}

export function stopTracingQueue(deps: Pick<TracingDeps, 'db'>): void {
  setTracingSender(deps.db, undefined);
}
