/**
 * Files a request asks for and a background job makes or reads (Excel exports, roster imports):
 * the request records the job (and audits it) and answers 202 with its id; a pg-boss queue runs it
 * (each server process has a worker; without the jobs, tests and the CLI run it in this process);
 * only the account that asked reads its status, report or file, and only until it expires (24
 * hours); an hourly sweep deletes what expired. The capabilities keep their own tables, errors
 * and audit; this module is the part they share.
 */
import type PgBoss from 'pg-boss';
import type { Progress } from './progress.ts';
import { DAY_MS } from './time.ts';

/** How long a job's file or report is kept. */
export const FILE_JOB_KEPT_MS = DAY_MS;

/** A running job whose row has not moved for this long was cut off (a stopped process): the sweep marks it failed. */
/** A job not moved for this long is taken as stopped (its process died): it no longer counts as running. */
export const FILE_JOB_STALE_MS = 15 * 60_000;

export function fileJobStaleBefore(now: Date): Date {
  return new Date(now.getTime() - FILE_JOB_STALE_MS);
}

const FILE_JOB_SWEEP_CRON = '17 * * * *';

export type FileJobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface OwnedFileJob {
  requestedByAccountId: string;
  expiresAt: Date;
}

/**
 * The columns every file job's row has, as its store reads them (src/db/file-job-rows.ts writes
 * them); a capability's record adds what the job was asked for, and its total (known when asked,
 * or only once the job counts).
 */
export interface FileJobRecord extends OwnedFileJob {
  id: string;
  status: FileJobStatus;
  processed: number;
  rowCount: number | null;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export function fileJobExpiry(now: Date): Date {
  return new Date(now.getTime() + FILE_JOB_KEPT_MS);
}

/** The record without the requester's account id, as its requester sees it. */
export function withoutRequester<R extends OwnedFileJob>({ requestedByAccountId: _, ...rest }: R): Omit<R, 'requestedByAccountId'> {
  return rest;
}

/**
 * The job `id` if `accountId` asked for it and it has not expired; otherwise undefined, which the
 * capability answers with its "not found" (someone else's id looks like an unknown one).
 */
export async function findOwnFileJob<R extends OwnedFileJob>(
  id: string, accountId: string, now: Date, find: (id: string) => Promise<R | undefined>,
): Promise<R | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const record = await find(id);
  if (!record || record.requestedByAccountId !== accountId || record.expiresAt.getTime() < now.getTime()) return undefined;
  return record;
}

/**
 * One delivery of a job: `claim` takes it (queued → running; undefined when it is done already or
 * another worker has it: a second delivery does nothing), `work` makes the result, and a throw is
 * recorded by `fail` instead of reaching the queue.
 */
export async function runFileJob<R>(
  claim: () => Promise<R | undefined>, work: (record: R) => Promise<'done' | 'failed'>, fail: (error: unknown) => Promise<void>,
): Promise<'done' | 'failed' | 'skipped'> {
  const record = await claim();
  if (!record) return 'skipped';
  try {
    return await work(record);
  } catch (error) {
    await fail(error);
    return 'failed';
  }
}

/** A failure's text as a job row keeps it (never a stack, at most 200 characters). */
export function failureText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}

/**
 * Progress written to a job's row: each `progress(write)` is a Progress whose updates are written
 * in order, one at a time and after those of every other progress of the same job (callers report
 * per chunk or page, so there are few); a failed write is ignored (the next one or the end says
 * more). `flush` waits for the writes made so far.
 */
export function progressWrites(): { progress(write: (done: number, total: number) => Promise<void>): Progress; flush(): Promise<void> } {
  let chain: Promise<void> = Promise.resolve();
  return {
    progress(write) {
      let last = '';
      return {
        update(done, total) {
          const key = `${done}/${total}`;
          if (key === last) return;
          last = key;
          chain = chain.then(() => write(done, total)).catch(() => undefined);
        },
        stop() {},
      };
    },
    flush: () => chain,
  };
}

export interface FileJobSweep {
  /** Jobs cut off by a stopped process, now failed. */
  failed: number;
  /** Expired jobs deleted with their files. */
  deleted: number;
}

/** The hourly sweep of a kind's rows: those unfinished and not moved for FILE_JOB_STALE_MS fail, the expired are deleted. */
export async function sweepFileJobRows(now: Date, rows: { failStale(before: Date): Promise<number>; deleteExpired(): Promise<number> }): Promise<FileJobSweep> {
  const failed = await rows.failStale(fileJobStaleBefore(now));
  return { failed, deleted: await rows.deleteExpired() };
}

type Sender<T> = (work: T) => Promise<void>;

/**
 * A kind of file job: its pg-boss queue, how a job runs and, when the capability sweeps its own
 * rows, the hourly sweep (queue `<name>-sweep`). Jobs go to the queue's sender for the database
 * (set by the jobs when they start), else run in this process right after the request.
 */
export interface FileJobs<D extends { db: object }, T extends object> {
  readonly name: string;
  run(deps: D, work: T): Promise<unknown>;
  sweep?(deps: D): Promise<FileJobSweep>;
  dispatch(deps: D, work: T): Promise<void>;
  setSender(db: object, send: Sender<T> | undefined): void;
}

export function fileJobs<D extends { db: object }, T extends object>(
  kind: { name: string; run(deps: D, work: T): Promise<unknown>; sweep?(deps: D): Promise<FileJobSweep> },
): FileJobs<D, T> {
  const senders = new WeakMap<object, Sender<T>>();
  return {
    ...kind,
    setSender(db, send) {
      if (send) senders.set(db, send);
      else senders.delete(db);
    },
    async dispatch(deps, work) {
      const send = senders.get(deps.db);
      if (send) return send(work);
      setImmediate(() => { void kind.run(deps, work).catch(() => undefined); });
    },
  };
}

/** Kinds of any work type, for the lists the jobs pass around. */
type AnyFileJobs<D extends { db: object }> = FileJobs<D, any>;
const sweepQueueOf = (kind: { name: string }) => `${kind.name}-sweep`;

/** Inside the jobs' setup lock: each kind's queue, and its sweep's with the schedule. */
export async function setUpFileJobs(boss: PgBoss, kinds: readonly AnyFileJobs<never>[]): Promise<void> {
  for (const kind of kinds) {
    await boss.createQueue(kind.name, { name: kind.name, retryLimit: 2 });
    if (!kind.sweep) continue;
    await boss.createQueue(sweepQueueOf(kind), { name: sweepQueueOf(kind), policy: 'stately' });
    await boss.schedule(sweepQueueOf(kind), FILE_JOB_SWEEP_CRON, {}, { tz: 'Asia/Shanghai' });
  }
}

/** This process's workers of each kind (and its sweep), and each kind's sender for `deps.db` until stopFileJobs. */
export async function workFileJobs<D extends { db: object }>(boss: PgBoss, kinds: readonly AnyFileJobs<D>[], deps: D, log: { info(detail: object, message: string): void }): Promise<void> {
  for (const kind of kinds) {
    await boss.work<object>(kind.name, async (jobs) => {
      for (const job of jobs) await kind.run(deps, job.data);
    });
    kind.setSender(deps.db, async (work) => { await boss.send(kind.name, work); });
    const { sweep } = kind;
    if (!sweep) continue;
    await boss.work(sweepQueueOf(kind), async () => {
      const swept = await sweep.call(kind, deps);
      if (swept.failed || swept.deleted) log.info({ ...swept }, `${kind.name} swept`);
    });
  }
}

/** When the jobs stop, each kind's jobs run in the requesting process again. */
export function stopFileJobs(kinds: readonly AnyFileJobs<never>[], deps: { db: object }): void {
  for (const kind of kinds) kind.setSender(deps.db, undefined);
}
