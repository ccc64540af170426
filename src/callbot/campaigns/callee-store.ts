/** SQL for callbot_callees and callbot_attempts. */
import { sql, type Transaction } from 'kysely';
import type { CallbotChannelName, CallbotDialOutcome, CallbotResult, Database } from '../../db/schema.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { CalleeStatus } from './model.ts';
import { jsonText, parseJson, UUID } from './store.ts';

export interface NewCalleeRow {
  id: string;
  campaignId: string;
  nameEnc: string;
  phoneEnc: string;
  addressEnc: string | null;
  phoneIndex: string;
  maskedName: string;
  maskedPhone: string;
  tags: string[];
  personId: string | null;
  regionCode: string;
  source: 'import' | 'close_contacts' | 'risk_returnees';
  nextAttemptAt: Date | null;
  createdAt: Date;
}

export interface CalleeRow extends Omit<NewCalleeRow, 'source'> {
  source: NewCalleeRow['source'];
  seq: number;
  status: CalleeStatus;
  result: CallbotResult | null;
  reasons: string[];
  slots: Record<string, unknown>;
  unresolved: string[];
  attempts: number;
  attemptsToday: number;
  attemptsDay: string | null;
  diallingSince: Date | null;
  lastOutcome: CallbotDialOutcome | null;
  completedAt: Date | null;
}

const CALLEE_COLUMNS = [
  'id', 'campaignId', 'seq', 'nameEnc', 'phoneEnc', 'addressEnc', 'phoneIndex', 'maskedName', 'maskedPhone', 'tags', 'personId', 'regionCode', 'source',
  'status', 'result', 'reasons', jsonText('slots', 'slots'), 'unresolved', 'attempts', 'attemptsToday', 'attemptsDay', 'nextAttemptAt', 'diallingSince', 'lastOutcome',
  'createdAt', 'completedAt',
] as const;
const calleeOf = <R extends { slots: string | null }>(r: R) => ({ ...r, slots: parseJson<Record<string, unknown>>(r.slots) });

/** Which of these phone indexes the campaign already has. */
export async function findCampaignPhoneIndexes(db: DbOrTrx, campaignId: string, phoneIndexes: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < phoneIndexes.length; i += 5000) {
    const rows = await db.selectFrom('callbotCallees').select('phoneIndex').where('campaignId', '=', campaignId).where('phoneIndex', 'in', phoneIndexes.slice(i, i + 5000)).execute();
    for (const r of rows) out.add(r.phoneIndex);
  }
  return out;
}

/** Inserts callees, skipping numbers the campaign has (a concurrent import); how many were inserted. */
export async function insertCallees(db: DbOrTrx, rows: readonly NewCalleeRow[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const done = await db.insertInto('callbotCallees').values(rows.slice(i, i + 1000).map((r) => ({ ...r })))
      .onConflict((oc) => oc.columns(['campaignId', 'phoneIndex']).doNothing()).returning('id').execute();
    inserted += done.length;
  }
  return inserted;
}

export async function findCallee(db: DbOrTrx, id: string): Promise<CalleeRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await db.selectFrom('callbotCallees').select(CALLEE_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && calleeOf(row);
}

export async function lockCallee(trx: Transaction<Database>, id: string): Promise<CalleeRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await trx.selectFrom('callbotCallees').select(CALLEE_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
  return row && calleeOf(row);
}

export async function updateCallee(db: DbOrTrx, id: string, change: Partial<{
  status: CalleeStatus; result: CallbotResult | null; reasons: string[]; slots: string; unresolved: string[]; attempts: number; attemptsToday: number;
  attemptsDay: string | null; nextAttemptAt: Date | null; diallingSince: Date | null; lastOutcome: CallbotDialOutcome | null; completedAt: Date | null;
}>): Promise<void> {
  await db.updateTable('callbotCallees').set(change).where('id', '=', id).execute();
}

/** Pending callees whose number went on the do-not-call list: cancelled, never dialled. */
export async function cancelDncCallees(db: DbOrTrx, campaignId: string): Promise<number> {
  const result = await db.updateTable('callbotCallees').set({ status: 'cancelled', nextAttemptAt: null })
    .where('campaignId', '=', campaignId).where('status', '=', 'pending')
    .where((eb) => eb.exists(eb.selectFrom('callbotDnc').select(sql`1`.as('x')).whereRef('callbotDnc.phoneIndex', '=', 'callbotCallees.phoneIndex')))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Claims up to `limit` due callees of a campaign (pending, next attempt come, number not on the
 * do-not-call list) with SKIP LOCKED, so several dialers never take the same callee: each becomes
 * 'dialling' with its attempt counters moved on. Returns the claimed rows as they are now.
 */
export async function claimDueCallees(trx: Transaction<Database>, campaignId: string, now: Date, today: string, limit: number): Promise<CalleeRow[]> {
  const due = await trx.selectFrom('callbotCallees').select('id')
    .where('campaignId', '=', campaignId).where('status', '=', 'pending').where('nextAttemptAt', '<=', now)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('callbotDnc').select(sql`1`.as('x')).whereRef('callbotDnc.phoneIndex', '=', 'callbotCallees.phoneIndex'))))
    .orderBy('nextAttemptAt').orderBy('seq').limit(limit).forUpdate().skipLocked().execute();
  if (due.length === 0) return [];
  return trx.updateTable('callbotCallees')
    .set({
      status: 'dialling', diallingSince: now, attempts: sql`attempts + 1`,
      attemptsToday: sql`case when attempts_day = ${today}::date then attempts_today + 1 else 1 end`, attemptsDay: today,
    })
    .where('id', 'in', due.map((d) => d.id)).returning(CALLEE_COLUMNS).execute().then((rows) => rows.map(calleeOf));
}

/** Callees stuck in 'dialling' since before the cutoff (a dialer died): back to pending, due now; their ids. */
export async function releaseStuckCallees(db: DbOrTrx, cutoff: Date, now: Date): Promise<string[]> {
  const rows = await db.updateTable('callbotCallees').set({ status: 'pending', diallingSince: null, nextAttemptAt: now })
    .where('status', '=', 'dialling').where('diallingSince', '<', cutoff).returning('id').execute();
  return rows.map((r) => r.id);
}

/** A callee's finished attempts, newest first; transcript and slots as stored JSON text (kept as written: no key renaming). */
export async function listFinishedAttempts(db: DbOrTrx, calleeId: string, limit: number) {
  return db.selectFrom('callbotAttempts')
    .select(['id', 'channel', 'startedAt', 'answeredAt', 'endedAt', 'outcome', 'result', 'reasons', sql<string>`transcript::text`.as('transcriptJson'), sql<string>`slots::text`.as('slotsJson')])
    .where('calleeId', '=', calleeId).where('endedAt', 'is not', null).orderBy('startedAt', 'desc').limit(limit).execute();
}

/**
 * Gives back a claim that was never dialled (the dialer is draining for shutdown): the callee is
 * pending again as if never claimed, and the attempt row that was opened for it is removed.
 */
export async function releaseUndialledClaim(trx: Transaction<Database>, calleeId: string, attemptId: string): Promise<void> {
  await trx.deleteFrom('callbotAttempts').where('id', '=', attemptId).where('answeredAt', 'is', null).where('endedAt', 'is', null).execute();
  await trx.updateTable('callbotCallees')
    .set({ status: 'pending', diallingSince: null, attempts: sql`greatest(attempts - 1, 0)`, attemptsToday: sql`greatest(attempts_today - 1, 0)` })
    .where('id', '=', calleeId).where('status', '=', 'dialling').execute();
}

/** Pending callees of a campaign, locked a batch at a time (stop / deadline). */
export async function lockPendingCallees(trx: Transaction<Database>, campaignId: string, limit: number): Promise<CalleeRow[]> {
  return trx.selectFrom('callbotCallees').select(CALLEE_COLUMNS).where('campaignId', '=', campaignId).where('status', '=', 'pending')
    .orderBy('seq').limit(limit).forUpdate().skipLocked().execute().then((rows) => rows.map(calleeOf));
}

export async function cancelPendingCallees(db: DbOrTrx, campaignId: string): Promise<number> {
  const result = await db.updateTable('callbotCallees').set({ status: 'cancelled', nextAttemptAt: null })
    .where('campaignId', '=', campaignId).where('status', '=', 'pending').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function countOpenCallees(db: DbOrTrx, campaignId: string): Promise<number> {
  const row = await db.selectFrom('callbotCallees').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaignId', '=', campaignId).where('status', 'in', ['pending', 'dialling']).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countCallees(db: DbOrTrx, campaignId: string): Promise<number> {
  const row = await db.selectFrom('callbotCallees').select((eb) => eb.fn.countAll<number>().as('n')).where('campaignId', '=', campaignId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether a phone number of the campaign already had its person (for the registry selection). */
export async function listCalleeRows(
  db: DbOrTrx, campaignId: string, filter: { result?: CallbotResult; status?: CalleeStatus }, afterSeq: number | undefined, limit: number,
): Promise<CalleeRow[]> {
  let q = db.selectFrom('callbotCallees').select(CALLEE_COLUMNS).where('campaignId', '=', campaignId);
  if (filter.result) q = q.where('result', '=', filter.result);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (afterSeq !== undefined) q = q.where('seq', '>', afterSeq);
  return (await q.orderBy('seq').limit(limit).execute()).map(calleeOf);
}

export interface CampaignCounts {
  total: number;
  pending: number;
  dialling: number;
  done: number;
  cancelled: number;
  dialled: number;
  normal: number;
  abnormal: number;
  needsChecking: number;
  notReached: number;
  refused: number;
}

export async function countCalleesByCampaign(db: DbOrTrx, campaignIds: readonly string[]): Promise<Map<string, CampaignCounts>> {
  const out = new Map<string, CampaignCounts>();
  if (campaignIds.length === 0) return out;
  const rows = await db.selectFrom('callbotCallees').select((eb) => [
    'campaignId',
    eb.fn.countAll<number>().as('total'),
    sql<number>`count(*) filter (where status = 'pending')`.as('pending'),
    sql<number>`count(*) filter (where status = 'dialling')`.as('dialling'),
    sql<number>`count(*) filter (where status = 'done')`.as('done'),
    sql<number>`count(*) filter (where status = 'cancelled')`.as('cancelled'),
    sql<number>`count(*) filter (where attempts > 0)`.as('dialled'),
    sql<number>`count(*) filter (where result = 'normal')`.as('normal'),
    sql<number>`count(*) filter (where result = 'abnormal')`.as('abnormal'),
    sql<number>`count(*) filter (where result = 'needs_checking')`.as('needsChecking'),
    sql<number>`count(*) filter (where result = 'not_reached')`.as('notReached'),
    sql<number>`count(*) filter (where result = 'refused')`.as('refused'),
  ]).where('campaignId', 'in', [...campaignIds]).groupBy('campaignId').execute();
  for (const r of rows) {
    const { campaignId, ...counts } = r;
    out.set(campaignId, Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)])) as unknown as CampaignCounts);
  }
  return out;
}

/** Attempts by outcome, and callees with at least one connected attempt. */
export async function countAttemptOutcomes(db: DbOrTrx, campaignId: string): Promise<{ outcomes: Record<string, number>; connectedCallees: number }> {
  const rows = await db.selectFrom('callbotAttempts').select((eb) => ['outcome', eb.fn.countAll<number>().as('n')])
    .where('campaignId', '=', campaignId).where('outcome', 'is not', null).groupBy('outcome').execute();
  const connected = await db.selectFrom('callbotAttempts').select(sql<number>`count(distinct callee_id)`.as('n'))
    .where('campaignId', '=', campaignId).where('outcome', '=', 'connected').executeTakeFirstOrThrow();
  return { outcomes: Object.fromEntries(rows.map((r) => [r.outcome!, Number(r.n)])), connectedCallees: Number(connected.n) };
}

export interface AttemptRow {
  id: string;
  campaignId: string;
  calleeId: string;
  channel: CallbotChannelName;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  outcome: CallbotDialOutcome | null;
  chatExpiresAt: Date | null;
  dialogueState: unknown;
  turn: number;
  lastReply: unknown;
}

const ATTEMPT_COLUMNS = [
  'id', 'campaignId', 'calleeId', 'channel', 'startedAt', 'answeredAt', 'endedAt', 'outcome', 'chatExpiresAt', jsonText('dialogue_state', 'dialogueState'), 'turn',
  jsonText('last_reply', 'lastReply'),
] as const;
const attemptOf = <R extends { dialogueState: string | null; lastReply: string | null }>(r: R) => ({ ...r, dialogueState: parseJson<unknown>(r.dialogueState), lastReply: parseJson<unknown>(r.lastReply) });

export async function insertAttempt(db: DbOrTrx, row: { id: string; campaignId: string; calleeId: string; channel: CallbotChannelName; startedAt: Date; chatTokenHash?: Buffer; chatExpiresAt?: Date }): Promise<void> {
  await db.insertInto('callbotAttempts').values(row).execute();
}

export async function lockAttempt(trx: Transaction<Database>, id: string): Promise<AttemptRow | undefined> {
  const row = await trx.selectFrom('callbotAttempts').select(ATTEMPT_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
  return row && attemptOf(row);
}

export async function lockAttemptByTokenHash(trx: Transaction<Database>, hash: Buffer): Promise<AttemptRow | undefined> {
  const row = await trx.selectFrom('callbotAttempts').select(ATTEMPT_COLUMNS).where('chatTokenHash', '=', hash).forUpdate().executeTakeFirst();
  return row && attemptOf(row);
}

export async function updateAttempt(db: DbOrTrx, id: string, change: Partial<{
  answeredAt: Date | null; endedAt: Date; outcome: CallbotDialOutcome; transcript: string; slots: string; result: CallbotResult | null; reasons: string[];
  unresolved: string[]; intent: string | null; retry: boolean; dialogueState: string | null; turn: number; lastReply: string | null;
}>): Promise<void> {
  await db.updateTable('callbotAttempts').set(change).where('id', '=', id).execute();
}

/** Open attempts of callees (a dialer died mid-call): ids. */
export async function findOpenAttemptsOf(db: DbOrTrx, calleeIds: readonly string[]): Promise<string[]> {
  if (calleeIds.length === 0) return [];
  const rows = await db.selectFrom('callbotAttempts').select('id').where('calleeId', 'in', [...calleeIds]).where('endedAt', 'is', null).where('chatTokenHash', 'is', null).execute();
  return rows.map((r) => r.id);
}

/** Chat attempts whose link expired without the conversation ending; ids, oldest first. */
export async function findExpiredChatAttempts(db: DbOrTrx, now: Date, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('callbotAttempts').select('id').where('chatTokenHash', 'is not', null).where('endedAt', 'is', null)
    .where('chatExpiresAt', '<=', now).orderBy('chatExpiresAt').limit(limit).execute();
  return rows.map((r) => r.id);
}
