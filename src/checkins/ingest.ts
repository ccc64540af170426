/**
 * Writing check-ins. A unit is one request (one idempotency key, one venue, the persons it checks
 * in); a batch of units is written in one transaction of three statements: lock the keys and
 * persons; read which keys are answered already, the repeats and today's counts; decide
 * (plan.ts) and insert rows, volumes and answers — then commit, and only then is anyone
 * answered. Residents' requests reach this through a per-process group-commit batcher; a guard's
 * goes alone, with its audit row.
 */
import type { Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from '../db/schema.ts';
import { inTransaction, type DbOrTrx } from '../db/transaction.ts';
import { AppError } from '../kernel/errors.ts';
import { DAY_MS, shanghaiDay, startOfShanghaiDay, type Clock } from '../kernel/time.ts';
import { createBatcher, DEFAULT_BATCHER_OPTIONS, type Batcher, type BatcherOptions } from '../db/batcher.ts';
import { checkinErrors, checkinFail } from './errors.ts';
import {
  answerMessage, keptAnswerText, parseKeptAnswer, dailyLimitFrom, isAbnormal, MERGE_WINDOW_MS, type CheckinAnswer, type CheckinItemAnswer, type CheckinMethod, type CheckinVenue,
  type Colour, type KeptAnswer,
} from './model.ts';
import { ensurePartitions } from './partitions/service.ts';
import { planBatch, type MergeTarget, type PlanItem } from './plan.ts';
import {
  beginLockAndRead, isMissingPartition, isRetryable, lockBatch, readBatchState, requestKeyOf, rollback, writeAndCommit, writeBatch,
  type BatchState, type BatchWrite, type CheckinRow, type LookupRequest, type RequestKey,
} from './store.ts';

export interface UnitItem {
  personId: string;
  nameMasked: string;
  colour: Colour | null;
  at: Date;
  leaveAt: Date;
  geofenceFar: boolean;
  distanceM: number | null;
  retentionDays: number;
}

export interface CheckinUnit {
  accountId: string;
  key: string;
  /** Keyed hash of what was asked: the same key with another request is refused. */
  requestHash: string;
  venue: CheckinVenue;
  method: CheckinMethod;
  recordedByAccountId: string | null;
  items: UnitItem[];
  /** The items' masked names and colours are read for the whole batch just before it is written (residents' check-ins). */
  resolveColours?: boolean;
}

export type UnitResult =
  /** `fresh`: the answer just made (absent on a replay, which has only the kept text). */
  | { kind: 'answer'; kept: KeptAnswer; replayed: boolean; fresh?: CheckinAnswer }
  | { kind: 'error'; error: AppError };

export interface IngestOptions {
  dailyLimit: number;
  batch: Partial<BatcherOptions>;
}

function answerFor(unit: CheckinUnit, outcomes: ({ kind: 'new'; id: number } | { kind: 'merged'; into: MergeTarget })[]): CheckinAnswer {
  const items: CheckinItemAnswer[] = unit.items.map((item, i) => {
    const outcome = outcomes[i]!;
    const base = { personId: item.personId, nameMasked: item.nameMasked, colour: item.colour };
    if (outcome.kind === 'new') {
      return { ...base, checkinId: String(outcome.id), checkedInAt: item.at, leaveAt: item.leaveAt, merged: false, geofenceFar: item.geofenceFar, distanceM: item.distanceM };
    }
    const t = outcome.into;
    return { ...base, checkinId: String(t.id), checkedInAt: t.checkedInAt, leaveAt: t.leaveAt, merged: true, geofenceFar: t.geofenceFar, distanceM: t.distanceM };
  });
  return { venue: unit.venue, method: unit.method, items, alert: items.some((i) => isAbnormal(i.colour)), message: answerMessage(items) };
}

function keptError(error: AppError): KeptAnswer {
  return { status: error.status, error: { code: error.code, ...(error.details === undefined ? {} : { details: error.details }) } };
}

/** A kept error back into the AppError it was (the catalogue gives the messages). */
export function errorFromKept(stored: Extract<KeptAnswer, { error: unknown }>): AppError {
  const code = stored.error.code as keyof typeof checkinErrors;
  const definition = checkinErrors[code] ?? { status: stored.status, zh: '登记未成功', en: 'The check-in was not recorded' };
  return new AppError(stored.error.code, definition, stored.error.details);
}

/** The answer kept under a key, for a request with this hash: a replay, or why there is none. */
export function replayOf(requestHash: string, found: { requestHash: string; response: string | null } | undefined): UnitResult {
  if (!found || found.response === null) return { kind: 'error', error: checkinFail('CHECKIN_UNAVAILABLE') };
  if (found.requestHash !== requestHash) return { kind: 'error', error: checkinFail('CHECKIN_IDEMPOTENCY_KEY_REUSED') };
  return { kind: 'answer', kept: parseKeptAnswer(found.response), replayed: true };
}

/** How a batch reaches the database: in a Kysely transaction, or on a connection of the batcher's own. */
interface BatchExecutor {
  lockAndRead(keys: readonly RequestKey[], personIds: readonly string[], items: readonly LookupRequest[], mergeWindowMs: number): Promise<BatchState>;
  /** Writes (when there is anything) — and, on the batcher's connection, commits. */
  write(batch: BatchWrite | undefined): Promise<void>;
}

/** One batch in the caller's transaction (see the file comment). Results are in the units' order. */
export async function writeUnitsIn(trx: Transaction<Database>, units: readonly CheckinUnit[], dailyLimit: number, clock: Clock): Promise<UnitResult[]> {
  return writeUnitsWith({
    async lockAndRead(keys, personIds, items, windowMs) {
      await lockBatch(trx, keys, personIds);
      return readBatchState(trx, keys, items, windowMs);
    },
    async write(batch) {
      if (batch) await writeBatch(trx, batch);
    },
  }, units, dailyLimit, clock);
}

/** One batch as its own transaction on `client`, in two round trips: "begin; lock; read", then "write; commit". */
export async function writeUnitsOn(client: pg.ClientBase, units: readonly CheckinUnit[], dailyLimit: number, clock: Clock): Promise<UnitResult[]> {
  try {
    return await writeUnitsWith({
      lockAndRead: (keys, personIds, items, windowMs) => beginLockAndRead(client, keys, personIds, items, windowMs),
      write: (batch) => writeAndCommit(client, batch),
    }, units, dailyLimit, clock);
  } catch (error) {
    // A connection that cannot even roll back is marked, so the pool drops it.
    await rollback(client).catch(() => Object.assign(error as object, { connectionBroken: true }));
    throw error;
  }
}

async function writeUnitsWith(db: BatchExecutor, units: readonly CheckinUnit[], dailyLimit: number, clock: Clock): Promise<UnitResult[]> {
  // The same key twice in one batch: the later one is answered like a retry of the first.
  const leaderOf = new Map<string, number>();
  const follows = units.map((u, i) => {
    const k = requestKeyOf(u);
    const leader = leaderOf.get(k);
    if (leader === undefined) leaderOf.set(k, i);
    return leader;
  });
  const leaders = units.map((u, i) => ({ u, i })).filter(({ i }) => follows[i] === undefined);
  const leaderItems = leaders.map(({ u }) => u.items.map((it) => ({ personId: it.personId, venueId: u.venue.id, at: it.at, day: shanghaiDay(it.at) })));
  const persons = [...new Set(leaders.flatMap(({ u }) => u.items.map((it) => it.personId)))];
  const { answered, lookups: found } = await db.lockAndRead(leaders.map(({ u }) => u), persons, leaderItems.flat().map((p) => {
    const dayFrom = startOfShanghaiDay(p.day);
    return { personId: p.personId, venueId: p.venueId, at: p.at, dayFrom, dayTo: new Date(dayFrom.getTime() + DAY_MS) };
  }), MERGE_WINDOW_MS);
  let cursor = 0;
  const leaderLookups = leaderItems.map((items) => items.map(() => found[cursor++]!));
  const freshIndexes = leaders.map((_, n) => n).filter((n) => !answered.has(requestKeyOf(leaders[n]!.u)));
  const fresh = freshIndexes.map((n) => leaders[n]!);
  const taken = leaders.filter(({ u }) => answered.has(requestKeyOf(u)));
  const planItems: PlanItem[][] = freshIndexes.map((n) => leaderItems[n]!);
  const lookups = freshIndexes.map((n) => leaderLookups[n]!);
  const plans = planBatch(planItems, lookups, dailyLimit, (u, i, id) => {
    const item = fresh[u]!.u.items[i]!;
    return { id, checkedInAt: item.at, leaveAt: item.leaveAt, geofenceFar: item.geofenceFar, distanceM: item.distanceM };
  });

  const rows: CheckinRow[] = [];
  const answers: { accountId: string; key: string; requestHash: string; response: string }[] = [];
  const results = new Map<number, UnitResult>();
  fresh.forEach(({ u, i }, f) => {
    const plan = plans[f]!;
    if (!plan.ok) {
      const kept = keptError(checkinFail('CHECKIN_DAILY_LIMIT', { personId: plan.personId, limit: dailyLimit }));
      answers.push({ accountId: u.accountId, key: u.key, requestHash: u.requestHash, response: keptAnswerText(kept) });
      results.set(i, { kind: 'answer', kept, replayed: false });
      return;
    }
    plan.outcomes.forEach((outcome, n) => {
      if (outcome.kind !== 'new') return;
      const it = u.items[n]!;
      rows.push({
        id: outcome.id, personId: it.personId, venueId: u.venue.id, regionCode: u.venue.regionCode, venueName: u.venue.name, nameMasked: it.nameMasked,
        checkedInAt: it.at, leaveAt: it.leaveAt, colour: it.colour, method: u.method, recordedByAccountId: u.recordedByAccountId,
        geofenceFar: it.geofenceFar, distanceM: it.distanceM, retentionDays: it.retentionDays,
      });
    });
    const fresh = answerFor(u, plan.outcomes);
    const kept: KeptAnswer = { status: 201, bodyJson: JSON.stringify(fresh) };
    answers.push({ accountId: u.accountId, key: u.key, requestHash: u.requestHash, response: keptAnswerText(kept) });
    results.set(i, { kind: 'answer', kept, replayed: false, fresh });
  });
  const volumes = new Map<string, { day: string; regionCode: string; checkins: number }>();
  for (const r of rows) {
    const day = shanghaiDay(r.checkedInAt);
    const v = volumes.get(`${day}|${r.regionCode}`) ?? { day, regionCode: r.regionCode, checkins: 0 };
    v.checkins++;
    volumes.set(`${day}|${r.regionCode}`, v);
  }
  await db.write(answers.length > 0 ? { rows, volumes: [...volumes.values()], answers, at: clock.now() } : undefined);

  for (const { u, i } of taken) results.set(i, replayOf(u.requestHash, answered.get(requestKeyOf(u))));
  return units.map((u, i) => {
    const own = results.get(i);
    if (own) return own;
    const leader = units[follows[i]!]!;
    const first = results.get(follows[i]!)!;
    if (leader.requestHash !== u.requestHash) return { kind: 'error', error: checkinFail('CHECKIN_IDEMPOTENCY_KEY_REUSED') };
    return first.kind === 'answer' ? { kind: 'answer', kept: first.kept, replayed: true } : first;
  });
}

/**
 * Runs `work` (one transaction writing these units); when a row finds no partition for its day
 * and retention, makes the partitions and runs it once more; a deadlock is also retried once.
 */
export async function withPartitionRetry<T>(db: DbOrTrx, units: readonly CheckinUnit[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isMissingPartition(error)) {
      await ensurePartitions(db, units.flatMap((u) => u.items.map((it) => ({ day: shanghaiDay(it.at), retentionDays: it.retentionDays }))));
      return work();
    }
    if (isRetryable(error)) return work();
    throw error;
  }
}

export interface IngestDeps {
  db: DbOrTrx;
  clock: Clock;
  /** With it, the batcher writes on connections of its own in two round trips a batch; without, through `db`. */
  databaseUrl?: string;
}

/** Writes a batch in its own transaction (the batcher's flush). */
export async function writeUnits(deps: IngestDeps, units: CheckinUnit[], dailyLimit: number, pool?: pg.Pool): Promise<UnitResult[]> {
  if (!pool) return withPartitionRetry(deps.db, units, () => inTransaction(deps.db, (trx) => writeUnitsIn(trx, units, dailyLimit, deps.clock)));
  return withPartitionRetry(deps.db, units, async () => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      return await writeUnitsOn(client, units, dailyLimit, deps.clock);
    } catch (error) {
      if ((error as { connectionBroken?: boolean }).connectionBroken) broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  });
}

const optionsByDb = new WeakMap<object, IngestOptions>();
interface Running {
  batcher: Batcher<CheckinUnit, UnitResult>;
  pool: pg.Pool | undefined;
}
const running = new WeakMap<object, Running>();

/** Settings for this database's check-ins (tests; the daily limit otherwise comes from FANGYI_CHECKIN_DAILY_LIMIT). */
export function configureCheckins(db: DbOrTrx, options: Partial<IngestOptions>): void {
  optionsByDb.set(db, { ...ingestOptions(db), ...options });
  const old = running.get(db);
  running.delete(db);
  if (old) void old.batcher.drain().then(() => old.pool?.end());
}

export function ingestOptions(db: DbOrTrx): IngestOptions {
  return optionsByDb.get(db) ?? { dailyLimit: dailyLimitFrom(process.env), batch: {} };
}

/**
 * This process's batcher for a database (one per platform). `prepare` runs on each batch before it
 * is written, outside its transaction (the service fills in what is best read for many at once).
 */
export function batcherFor(deps: IngestDeps, prepare?: (units: CheckinUnit[]) => Promise<void>): Batcher<CheckinUnit, UnitResult> {
  let run = running.get(deps.db);
  if (!run) {
    const options = ingestOptions(deps.db);
    const inFlight = options.batch.maxInFlight ?? DEFAULT_BATCHER_OPTIONS.maxInFlight;
    const pool = deps.databaseUrl ? new pg.Pool({ connectionString: deps.databaseUrl, max: inFlight, idleTimeoutMillis: 30_000 }) : undefined;
    pool?.on('error', () => undefined);
    run = {
      pool,
      batcher: createBatcher(async (units) => {
        await prepare?.(units);
        return writeUnits(deps, units, options.dailyLimit, pool);
      }, options.batch),
    };
    running.set(deps.db, run);
  }
  return run.batcher;
}

/** Waits for every submitted check-in to be written and closes the batcher's connections (server shutdown). */
export async function drainCheckins(db: DbOrTrx): Promise<void> {
  const run = running.get(db);
  if (!run) return;
  running.delete(db);
  await run.batcher.drain();
  await run.pool?.end();
}
