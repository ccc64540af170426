/**
 * SQL of the robot's results: callbot_follow_up_tasks, callbot_screenings (migration 0700), and the
 * campaign report's aggregates over the campaign tables of migration 0690 (the callbot capability's
 * own tables). Every report figure is counted by PostgreSQL: a campaign of 100,000 callees is never
 * loaded into Node.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { DialOutcome } from '../channels/channel.ts';
import type { AbnormalReason } from '../dialogue/model.ts';
import type { TaskCursor } from './cursor.ts';
import type { CalleeAggregate, TaskKind, TaskStatus } from './model.ts';
import { abnormalReasonsOf } from './model.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const toNumber = (v: string | number | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));

// ---- written by the hook, in the caller's transaction ----

export interface FollowUpTaskRow {
  id: string;
  campaignId: string;
  calleeId: string;
  attemptId: string | null;
  personId: string | null;
  regionCode: string;
  kind: TaskKind;
  reasons: AbnormalReason[];
  temperature: number | null;
  assignedAccountId: string | null;
  createdAt: Date;
}

/** The task, unless the callee has an open one of its kind, a home visit already, or the call gave one: true when written. */
export async function insertFollowUpTask(trx: Transaction<Database>, row: FollowUpTaskRow): Promise<boolean> {
  const result = await trx.insertInto('callbotFollowUpTasks').values({ ...row, reasons: [...row.reasons] })
    .onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Whether the callee has a task of this kind already — an open follow-up, any home visit (one per
 * callee ever) — or this call gave one (so a repeated hook takes no worker's turn).
 */
export async function taskExists(db: DbOrTrx, kind: TaskKind, calleeId: string, attemptId: string | null): Promise<boolean> {
  const row = await db.selectFrom('callbotFollowUpTasks').select('id')
    .where((eb) => eb.or([
      eb.and([eb('calleeId', '=', calleeId), eb('kind', '=', kind), ...(kind === 'follow_up' ? [eb('status', '=', 'open')] : [])]),
      ...(attemptId ? [eb('attemptId', '=', attemptId)] : []),
    ])).limit(1).executeTakeFirst();
  return row !== undefined;
}

export interface ScreeningRow {
  attemptId: string;
  personId: string;
  campaignId: string;
  calleeId: string;
  answeredAt: Date;
  abnormal: boolean;
  reasons: AbnormalReason[];
  temperature: number | null;
  recordedAt: Date;
}

/** The fact of one call (keyed by the call): true when written, false when the call had one already. */
export async function insertScreening(trx: Transaction<Database>, row: ScreeningRow): Promise<boolean> {
  const result = await trx.insertInto('callbotScreenings').values({ ...row, reasons: [...row.reasons] })
    .onConflict((oc) => oc.column('attemptId').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** When the call was answered (the attempt written earlier in the same transaction), if it was. */
export async function findAttemptAnsweredAt(db: DbOrTrx, attemptId: string): Promise<Date | null> {
  const row = await db.selectFrom('callbotAttempts').select('answeredAt').where('id', '=', attemptId).executeTakeFirst();
  return row?.answeredAt ?? null;
}

/** The colour rules' input: the persons' screening calls answered since `since`. */
export async function findScreeningFactRows(db: DbOrTrx, personIds: readonly string[], since: Date): Promise<(Omit<ScreeningRow, 'campaignId' | 'calleeId' | 'recordedAt'>)[]> {
  if (personIds.length === 0) return [];
  const rows = await db.selectFrom('callbotScreenings').select(['attemptId', 'personId', 'answeredAt', 'abnormal', 'reasons', 'temperature'])
    .where('personId', 'in', [...personIds]).where('answeredAt', '>=', since).orderBy('answeredAt').execute();
  return rows.map((r) => ({ ...r, reasons: abnormalReasonsOf(r.reasons), temperature: toNumber(r.temperature) }));
}

// ---- the campaign report ----

export interface CampaignHead {
  id: string;
  name: string;
  regionCode: string;
  status: string;
}

export async function findCampaignHead(db: DbOrTrx, id: string): Promise<CampaignHead | undefined> {
  if (!UUID.test(id)) return undefined;
  return db.selectFrom('callbotCampaigns').select(['id', 'name', 'regionCode', 'status']).where('id', '=', id).executeTakeFirst();
}

const REASONS_SQL = ['fever', 'cough', 'diarrhea', 'fatigue', 'breathing', 'travel', 'contact'] as const;
const RESULTS_SQL = ['normal', 'abnormal', 'needs_checking', 'not_reached', 'refused'] as const;

/** One pass over the campaign's callees: totals, results and abnormal reasons. */
export async function aggregateCallees(db: DbOrTrx, campaignId: string): Promise<Omit<CalleeAggregate, 'connected'>> {
  const { rows } = await sql<Record<string, string>>`
    select count(*) as total,
           count(*) filter (where c.attempts > 0) as dialled,
           ${sql.join(RESULTS_SQL.map((r, i) => sql`count(*) filter (where c.result = ${r}) as ${sql.ref(`r${i}`)}`))},
           ${sql.join(REASONS_SQL.map((r, i) => sql`count(*) filter (where c.result = 'abnormal' and ${r} = any(c.reasons)) as ${sql.ref(`s${i}`)}`))}
      from callbot_callees c
     where c.campaign_id = ${campaignId}
  `.execute(db);
  const row = rows[0]!;
  return {
    total: Number(row.total), dialled: Number(row.dialled),
    // Plain aliases (r0, s0 …): the CamelCasePlugin renames snake_case ones in the result.
    results: Object.fromEntries(RESULTS_SQL.map((r, i) => [r, Number(row[`r${i}`])])),
    symptoms: Object.fromEntries(REASONS_SQL.map((r, i) => [r, Number(row[`s${i}`])])),
  };
}

/** Dial attempts by outcome, and how many callees were ever connected. */
export async function countOutcomes(db: DbOrTrx, campaignId: string): Promise<{ outcomes: Partial<Record<string, number>>; connectedCallees: number }> {
  const rows = await db.selectFrom('callbotAttempts').where('campaignId', '=', campaignId).where('outcome', 'is not', null)
    .select(['outcome', sql<string>`count(*)`.as('attempts'), sql<string>`count(distinct callee_id)`.as('callees')])
    .groupBy('outcome').execute();
  const outcomes: Partial<Record<string, number>> = {};
  let connectedCallees = 0;
  for (const r of rows) {
    outcomes[r.outcome!] = Number(r.attempts);
    if (r.outcome === 'connected') connectedCallees = Number(r.callees);
  }
  return { outcomes, connectedCallees };
}

export interface CommunityCounts {
  regionCode: string;
  total: number;
  completed: number;
  abnormal: number;
  notReached: number;
}

/** Per community (the callee's region), by region code. */
export async function countByCommunity(db: DbOrTrx, campaignId: string): Promise<CommunityCounts[]> {
  const rows = await db.selectFrom('callbotCallees').where('campaignId', '=', campaignId).groupBy('regionCode').orderBy('regionCode')
    .select([
      'regionCode', sql<string>`count(*)`.as('total'),
      sql<string>`count(*) filter (where result in ('normal', 'abnormal', 'needs_checking', 'refused'))`.as('completed'),
      sql<string>`count(*) filter (where result = 'abnormal')`.as('abnormal'),
      sql<string>`count(*) filter (where result = 'not_reached')`.as('notReached'),
    ]).execute();
  return rows.map((r) => ({ regionCode: r.regionCode, total: Number(r.total), completed: Number(r.completed), abnormal: Number(r.abnormal), notReached: Number(r.notReached) }));
}

export interface CalleeListRow {
  seq: number;
  calleeId: string;
  maskedName: string;
  maskedPhone: string;
  regionCode: string;
  reasons: AbnormalReason[];
  temperature: number | null;
  attempts: number;
  lastOutcome: DialOutcome | null;
  /** The task the result opened (follow_up for abnormal, home_visit for not reached), the newest if several. */
  taskId: string | null;
}

/** Callees of one result in campaign order (masked columns only) with the task the result opened, keyset by seq. */
export async function findCalleesByResult(
  db: DbOrTrx, campaignId: string, result: 'abnormal' | 'not_reached', page: { afterSeq?: number; limit: number },
): Promise<CalleeListRow[]> {
  const kind: TaskKind = result === 'abnormal' ? 'follow_up' : 'home_visit';
  let q = db.selectFrom('callbotCallees as c').where('c.campaignId', '=', campaignId).where('c.result', '=', result)
    .select((eb) => [
      'c.seq', 'c.id as calleeId', 'c.maskedName', 'c.maskedPhone', 'c.regionCode', 'c.reasons', 'c.attempts', 'c.lastOutcome',
      sql<string | null>`case when jsonb_typeof(c.slots -> 'temperature') = 'number' then (c.slots ->> 'temperature') end`.as('temperature'),
      eb.selectFrom('callbotFollowUpTasks as t').select('t.id').whereRef('t.calleeId', '=', 'c.id').where('t.kind', '=', kind)
        .orderBy('t.createdAt', 'desc').limit(1).as('taskId'),
    ]);
  if (page.afterSeq !== undefined) q = q.where('c.seq', '>', page.afterSeq);
  const rows = await q.orderBy('c.seq').limit(page.limit).execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq), reasons: abnormalReasonsOf(r.reasons), temperature: toNumber(r.temperature) }));
}

export async function countCalleesByResult(db: DbOrTrx, campaignId: string, result: 'abnormal' | 'not_reached'): Promise<number> {
  const row = await db.selectFrom('callbotCallees').where('campaignId', '=', campaignId).where('result', '=', result)
    .select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- follow-up tasks ----

export interface TaskViewRow {
  id: string;
  campaignId: string;
  campaignName: string;
  calleeId: string;
  maskedName: string;
  maskedPhone: string;
  regionCode: string;
  kind: TaskKind;
  reasons: AbnormalReason[];
  temperature: number | null;
  /** The callee's dial attempts and the last one's outcome (why a home visit: 无人接听, 关机 …). */
  attempts: number;
  lastOutcome: DialOutcome | null;
  status: TaskStatus;
  assignedAccountId: string | null;
  createdAt: Date;
  doneAt: Date | null;
  doneByAccountId: string | null;
  note: string | null;
}

export interface TaskQuery {
  assignedTo?: string;
  /** Tasks of callees under these region prefixes. */
  prefixes?: readonly string[];
  status?: TaskStatus;
  kind?: TaskKind;
  after?: TaskCursor;
  limit: number;
}

function taskViewQuery(db: DbOrTrx) {
  return db.selectFrom('callbotFollowUpTasks as t')
    .innerJoin('callbotCallees as c', 'c.id', 't.calleeId')
    .innerJoin('callbotCampaigns as k', 'k.id', 't.campaignId')
    .select([
      't.id', 't.campaignId', 'k.name as campaignName', 't.calleeId', 'c.maskedName', 'c.maskedPhone', 't.regionCode', 't.kind', 't.reasons', 't.temperature',
      'c.attempts', 'c.lastOutcome', 't.status', 't.assignedAccountId', 't.createdAt', 't.doneAt', 't.doneByAccountId', 't.note',
    ]);
}

const toTaskView = (r: Omit<TaskViewRow, 'reasons' | 'temperature'> & { reasons: string[]; temperature: string | null }): TaskViewRow => ({
  ...r, reasons: abnormalReasonsOf(r.reasons), temperature: toNumber(r.temperature),
});

/** Tasks oldest first, keyset by (created_at, id). */
export async function findTaskViews(db: DbOrTrx, query: TaskQuery): Promise<TaskViewRow[]> {
  if (query.prefixes && query.prefixes.length === 0) return [];
  let q = taskViewQuery(db);
  if (query.assignedTo) q = q.where('t.assignedAccountId', '=', query.assignedTo);
  if (query.prefixes) q = q.where((eb) => eb.or(query.prefixes!.map((prefix) => eb('t.regionCode', 'like', `${prefix}%`))));
  if (query.status) q = q.where('t.status', '=', query.status);
  if (query.kind) q = q.where('t.kind', '=', query.kind);
  if (query.after) q = q.where(sql<boolean>`(t.created_at, t.id) > (${query.after.createdAt}, ${query.after.id}::uuid)`);
  const rows = await q.orderBy('t.createdAt').orderBy('t.id').limit(query.limit).execute();
  return rows.map(toTaskView);
}

export async function findTaskView(db: DbOrTrx, id: string): Promise<TaskViewRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await taskViewQuery(db).where('t.id', '=', id).executeTakeFirst();
  return row && toTaskView(row);
}

export async function lockTask(
  trx: Transaction<Database>, id: string,
): Promise<{ id: string; regionCode: string; kind: TaskKind; status: TaskStatus; assignedAccountId: string | null; campaignId: string } | undefined> {
  if (!UUID.test(id)) return undefined;
  return trx.selectFrom('callbotFollowUpTasks').select(['id', 'regionCode', 'kind', 'status', 'assignedAccountId', 'campaignId']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function markTaskDone(trx: Transaction<Database>, id: string, done: { at: Date; byAccountId: string; note: string | null }): Promise<void> {
  await trx.updateTable('callbotFollowUpTasks').set({ status: 'done', doneAt: done.at, doneByAccountId: done.byAccountId, note: done.note })
    .where('id', '=', id).where('status', '=', 'open').execute();
}

/** The encrypted contact of a task's callee (read only for an audited reveal). */
export async function findTaskCalleeContact(db: DbOrTrx, calleeId: string): Promise<{ nameEnc: string; phoneEnc: string; addressEnc: string | null } | undefined> {
  return db.selectFrom('callbotCallees').select(['nameEnc', 'phoneEnc', 'addressEnc']).where('id', '=', calleeId).executeTakeFirst();
}
