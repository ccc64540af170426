/**
 * Writing check-ins. A unit is one request (one idempotency key, one venue, the persons it checks
 * in); a batch of units is written in one transaction of three statements: lock the keys and
 * persons; read which keys are answered already, the repeats and today's counts; decide
 * (plan.ts) and insert rows, volumes and answers — then commit, and only then is anyone
 * answered. Residents' requests reach this through a per-process group-commit batcher; a guard's
 * goes alone, with its audit row.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { inTransaction, type DbOrTrx } from '../db/transaction.ts';
import { AppError } from '../kernel/errors.ts';
import { DAY_MS, shanghaiDay, startOfShanghaiDay, type Clock } from '../kernel/time.ts';
import { createBatcher, type Batcher, type BatcherOptions } from './batcher.ts';
import { checkinErrors, checkinFail } from './errors.ts';
import {
  answerMessage, dailyLimitFrom, isAbnormal, MERGE_WINDOW_MS, type CheckinAnswer, type CheckinItemAnswer, type CheckinMethod, type CheckinVenue,
  type Colour, type StoredAnswer,
} from './model.ts';
import { ensurePartitions } from './partitions/service.ts';
import { planBatch, type MergeTarget, type PlanItem } from './plan.ts';
import { isMissingPartition, isRetryable, lockBatch, readBatchState, requestKeyOf, writeBatch, type CheckinRow } from './store.ts';

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
}

export type UnitResult =
  | { kind: 'answer'; stored: StoredAnswer; replayed: boolean }
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

function storedError(error: AppError): StoredAnswer {
  return { status: error.status, error: { code: error.code, ...(error.details === undefined ? {} : { details: error.details }) } };
}

/** A stored error back into the AppError it was (the catalogue gives the messages). */
export function errorFromStored(stored: Extract<StoredAnswer, { error: unknown }>): AppError {
  const code = stored.error.code as keyof typeof checkinErrors;
  const definition = checkinErrors[code] ?? { status: stored.status, zh: '登记未成功', en: 'The check-in was not recorded' };
  return new AppError(stored.error.code, definition, stored.error.details);
}

function replayOf(unit: CheckinUnit, found: { requestHash: string; response: unknown } | undefined): UnitResult {
  if (!found || found.response === null) return { kind: 'error', error: checkinFail('CHECKIN_UNAVAILABLE') };
  if (found.requestHash !== unit.requestHash) return { kind: 'error', error: checkinFail('CHECKIN_IDEMPOTENCY_KEY_REUSED') };
  return { kind: 'answer', stored: found.response as StoredAnswer, replayed: true };
}

/** One batch in the caller's transaction (see the file comment). Results are in the units' order. */
export async function writeUnitsIn(trx: Transaction<Database>, units: readonly CheckinUnit[], dailyLimit: number, clock: Clock): Promise<UnitResult[]> {
  // The same key twice in one batch: the later one is answered like a retry of the first.
  const leaderOf = new Map<string, number>();
  const follows = units.map((u, i) => {
    const k = requestKeyOf(u);
    const leader = leaderOf.get(k);
    if (leader === undefined) leaderOf.set(k, i);
    return leader;
  });
  const leaders = units.map((u, i) => ({ u, i })).filter(({ i }) => follows[i] === undefined);
  await lockBatch(trx, leaders.map(({ u }) => u), [...new Set(leaders.flatMap(({ u }) => u.items.map((it) => it.personId)))]);
  const leaderItems = leaders.map(({ u }) => u.items.map((it) => ({ personId: it.personId, venueId: u.venue.id, at: it.at, day: shanghaiDay(it.at) })));
  const { answered, lookups: found } = await readBatchState(trx, leaders.map(({ u }) => u), leaderItems.flat().map((p) => {
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
  const answers: { accountId: string; key: string; requestHash: string; response: StoredAnswer }[] = [];
  const results = new Map<number, UnitResult>();
  fresh.forEach(({ u, i }, f) => {
    const plan = plans[f]!;
    if (!plan.ok) {
      const stored = storedError(checkinFail('CHECKIN_DAILY_LIMIT', { personId: plan.personId, limit: dailyLimit }));
      answers.push({ accountId: u.accountId, key: u.key, requestHash: u.requestHash, response: stored });
      results.set(i, { kind: 'answer', stored, replayed: false });
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
    const stored: StoredAnswer = { status: 201, body: answerFor(u, plan.outcomes) };
    answers.push({ accountId: u.accountId, key: u.key, requestHash: u.requestHash, response: stored });
    results.set(i, { kind: 'answer', stored, replayed: false });
  });
  const volumes = new Map<string, { day: string; regionCode: string; checkins: number }>();
  for (const r of rows) {
    const day = shanghaiDay(r.checkedInAt);
    const v = volumes.get(`${day}|${r.regionCode}`) ?? { day, regionCode: r.regionCode, checkins: 0 };
    v.checkins++;
    volumes.set(`${day}|${r.regionCode}`, v);
  }
  if (answers.length > 0) await writeBatch(trx, { rows, volumes: [...volumes.values()], answers, at: clock.now() });

  for (const { u, i } of taken) results.set(i, replayOf(u, answered.get(requestKeyOf(u))));
  return units.map((u, i) => {
    const own = results.get(i);
    if (own) return own;
    const leader = units[follows[i]!]!;
    const first = results.get(follows[i]!)!;
    if (leader.requestHash !== u.requestHash) return { kind: 'error', error: checkinFail('CHECKIN_IDEMPOTENCY_KEY_REUSED') };
    return first.kind === 'answer' ? { ...first, replayed: true } : first;
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
}

/** Writes a batch in its own transaction (the batcher's flush). */
export async function writeUnits(deps: IngestDeps, units: CheckinUnit[], dailyLimit: number): Promise<UnitResult[]> {
  return withPartitionRetry(deps.db, units, () => inTransaction(deps.db, (trx) => writeUnitsIn(trx, units, dailyLimit, deps.clock)));
}

const optionsByDb = new WeakMap<object, IngestOptions>();
const batchers = new WeakMap<object, Batcher<CheckinUnit, UnitResult>>();

/** Settings for this database's check-ins (tests; the daily limit otherwise comes from FANGYI_CHECKIN_DAILY_LIMIT). */
export function configureCheckins(db: DbOrTrx, options: Partial<IngestOptions>): void {
  optionsByDb.set(db, { ...ingestOptions(db), ...options });
  batchers.delete(db);
}

export function ingestOptions(db: DbOrTrx): IngestOptions {
  return optionsByDb.get(db) ?? { dailyLimit: dailyLimitFrom(process.env), batch: {} };
}

/** This process's batcher for a database (one per platform). */
export function batcherFor(deps: IngestDeps): Batcher<CheckinUnit, UnitResult> {
  let batcher = batchers.get(deps.db);
  if (!batcher) {
    const options = ingestOptions(deps.db);
    batcher = createBatcher((units) => writeUnits(deps, units, options.dailyLimit), options.batch);
    batchers.set(deps.db, batcher);
  }
  return batcher;
}

/** Waits for every submitted check-in to be written (server shutdown). */
export async function drainCheckins(db: DbOrTrx): Promise<void> {
  await batchers.get(db)?.drain();
}
