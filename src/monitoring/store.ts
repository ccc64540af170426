/** SQL for monitoring_plans, monitoring_follow_ups and monitoring_assignment_cursors. */
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import { FEVER_CELSIUS, type PlanCursor, type PlanFlag, type PlanReason, type PlanStatus } from './model.ts';

export interface PlanRow {
  id: string;
  personId: string;
  reason: PlanReason;
  sourceRef: string;
  regionCode: string;
  startOn: string;
  endOn: string;
  followUpFrom: string;
  assignedAccountId: string | null;
  status: PlanStatus;
  createdAt: Date;
  closedAt: Date | null;
  closedByAccountId: string | null;
  endReason: string | null;
}

export interface FollowUpRow {
  id: string;
  planId: string;
  day: string;
  recordedAt: Date;
  recordedByAccountId: string;
  reached: boolean;
  temperature: number | null;
  symptoms: string[];
  note: string | null;
}

/** A plan with what the lists show: days due so far, reached among them, the latest reached follow-up, today's. */
export interface PlanViewRow extends PlanRow {
  dueDays: number;
  reachedDays: number;
  todayDone: boolean;
  lastReachedOn: string | null;
  lastTemperature: number | null;
  lastSymptoms: string[] | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLAN_COLUMNS = ['id', 'personId', 'reason', 'sourceRef', 'regionCode', 'startOn', 'endOn', 'followUpFrom', 'assignedAccountId', 'status', 'createdAt', 'closedAt', 'closedByAccountId', 'endReason'] as const;
const FOLLOW_UP_COLUMNS = ['id', 'planId', 'day', 'recordedAt', 'recordedByAccountId', 'reached', 'temperature', 'symptoms', 'note'] as const;

const toNumber = (v: string | number | null): number | null => (v === null ? null : Number(v));

/** Inserts the plans whose sources have none yet; answers the ids this call inserted. */
export async function insertPlans(db: DbOrTrx, rows: readonly Omit<PlanRow, 'status' | 'closedAt' | 'closedByAccountId' | 'endReason'>[]): Promise<Set<string>> {
  const ids = new Set<string>();
  // 1,000 rows of ten columns a statement: under PostgreSQL's 65,535 parameters however many plans start.
  for (let i = 0; i < rows.length; i += 1000) {
    const inserted = await db.insertInto('monitoringPlans').values(rows.slice(i, i + 1000))
      .onConflict((oc) => oc.columns(['reason', 'sourceRef']).doNothing()).returning('id').execute();
    for (const r of inserted) ids.add(r.id);
  }
  return ids;
}

export async function findPlansBySources(db: DbOrTrx, reason: PlanReason, sourceRefs: readonly string[]): Promise<PlanRow[]> {
  if (sourceRefs.length === 0) return [];
  return db.selectFrom('monitoringPlans').select(PLAN_COLUMNS).where('reason', '=', reason).where(sql<boolean>`source_ref = any(${[...sourceRefs]}::text[])`).execute();
}


export async function findPlan(db: DbOrTrx, id: string): Promise<PlanRow | undefined> {
  if (!UUID.test(id)) return undefined;
  return db.selectFrom('monitoringPlans').select(PLAN_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** The plan's row locked for a follow-up, an assignment or closing it. */
export async function lockPlan(trx: Transaction<Database>, id: string): Promise<PlanRow | undefined> {
  if (!UUID.test(id)) return undefined;
  return trx.selectFrom('monitoringPlans').select(PLAN_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function closePlanRow(db: DbOrTrx, id: string, close: { status: 'completed' | 'ended'; closedAt: Date; closedByAccountId: string | null; endReason: string | null }): Promise<void> {
  await db.updateTable('monitoringPlans').set(close).where('id', '=', id).where('status', '=', 'active').execute();
}

export async function setPlanAssignee(db: DbOrTrx, id: string, accountId: string | null): Promise<void> {
  await db.updateTable('monitoringPlans').set({ assignedAccountId: accountId }).where('id', '=', id).execute();
}

/** The street's round-robin cursor, locked (created on first use): plans of one street are assigned one at a time. */
export async function lockAssignmentCursor(trx: Transaction<Database>, regionCode: string): Promise<string | null> {
  await trx.insertInto('monitoringAssignmentCursors').values({ regionCode, lastAccountId: null }).onConflict((oc) => oc.column('regionCode').doNothing()).execute();
  const row = await trx.selectFrom('monitoringAssignmentCursors').select('lastAccountId').where('regionCode', '=', regionCode).forUpdate().executeTakeFirstOrThrow();
  return row.lastAccountId;
}

export async function setAssignmentCursor(db: DbOrTrx, regionCode: string, accountId: string): Promise<void> {
  await db.updateTable('monitoringAssignmentCursors').set({ lastAccountId: accountId }).where('regionCode', '=', regionCode).execute();
}

/** Inserts the day's follow-up; false when the plan already has one that day (the unique key decides). */
export async function insertFollowUp(db: DbOrTrx, row: FollowUpRow): Promise<boolean> {
  const inserted = await db.insertInto('monitoringFollowUps').values(row)
    .onConflict((oc) => oc.columns(['planId', 'day']).doNothing()).returning('id').executeTakeFirst();
  return inserted !== undefined;
}

/** A plan's follow-ups, newest day first. */
export async function findFollowUps(db: DbOrTrx, planId: string): Promise<FollowUpRow[]> {
  const rows = await db.selectFrom('monitoringFollowUps').select(FOLLOW_UP_COLUMNS).where('planId', '=', planId).orderBy('day', 'desc').execute();
  return rows.map((r) => ({ ...r, temperature: toNumber(r.temperature) }));
}

/** The latest follow-up that reached the person, on or after `fromDay`. */
export async function findLatestReachedFollowUp(db: DbOrTrx, planId: string, fromDay: string): Promise<FollowUpRow | undefined> {
  const row = await db.selectFrom('monitoringFollowUps').select(FOLLOW_UP_COLUMNS).where('planId', '=', planId).where('reached', '=', true)
    .where(sql<string>`day`, '>=', fromDay).orderBy('day', 'desc').limit(1).executeTakeFirst();
  return row && { ...row, temperature: toNumber(row.temperature) };
}

/**
 * Active plans whose end day is before `today` and whose latest reached follow-up since the end
 * day is clean (decision 0009), locked; rows another process holds are skipped.
 */
export async function lockCompletablePlans(trx: Transaction<Database>, today: string, limit: number): Promise<PlanRow[]> {
  return trx.selectFrom('monitoringPlans as p').select(PLAN_COLUMNS.map((c) => `p.${c}` as const))
    .where('p.status', '=', 'active').where(sql<string>`p.end_on`, '<', today)
    .where(sql<boolean>`exists (
      select 1 from (
        select f.temperature, f.symptoms from monitoring_follow_ups f
         where f.plan_id = p.id and f.reached and f.day >= p.end_on order by f.day desc limit 1
      ) l where l.temperature < ${FEVER_CELSIUS} and l.symptoms = array['none']::text[])`)
    .orderBy('p.endOn').limit(limit).forUpdate().skipLocked().execute();
}

// ---- lists ----

/** The last day counted for missed days: the end day, yesterday, or the day before the plan closed, whichever is first. */
const windowEnd = (today: string) => sql<string>`least(p.end_on, ${today}::date - 1, coalesce(((p.closed_at at time zone 'UTC') + interval '8 hours')::date - 1, p.end_on))`;
const dueDays = (today: string) => sql<number>`greatest(0, ${windowEnd(today)} - p.follow_up_from + 1)`;
const reachedDays = (today: string) => sql<number>`(select count(*)::int from monitoring_follow_ups f where f.plan_id = p.id and f.reached and f.day between p.follow_up_from and ${windowEnd(today)})`;
const symptomatic = sql<boolean>`(lf.temperature >= ${FEVER_CELSIUS} or lf.symptoms <> array['none']::text[])`;

function flagCondition(flag: PlanFlag, today: string): RawBuilder<boolean> {
  switch (flag) {
    case 'missed': return sql<boolean>`(${dueDays(today)} - ${reachedDays(today)}) > 0`;
    case 'symptomatic': return symptomatic;
    case 'overdue': return sql<boolean>`(p.status = 'active' and p.end_on < ${today}::date)`;
    case 'unassigned': return sql<boolean>`(p.status = 'active' and p.assigned_account_id is null)`;
  }
}

export interface PlanQuery {
  /** Plans of persons under these region prefixes. */
  prefixes?: readonly string[];
  assignedTo?: string;
  status?: PlanStatus;
  flag?: PlanFlag;
  after?: PlanCursor;
  /** 'asc': oldest start first (a worker's day); 'desc': newest first (the region's list). */
  order: 'asc' | 'desc';
  limit: number;
}

function viewQuery(db: DbOrTrx, today: string) {
  return db.selectFrom('monitoringPlans as p')
    .leftJoinLateral(
      (eb) => eb.selectFrom('monitoringFollowUps as f').select(['f.day', 'f.temperature', 'f.symptoms'])
        .whereRef('f.planId', '=', 'p.id').where('f.reached', '=', true).orderBy('f.day', 'desc').limit(1).as('lf'),
      (join) => join.onTrue(),
    )
    .select(PLAN_COLUMNS.map((c) => `p.${c}` as const))
    .select([
      'lf.day as lastReachedOn', 'lf.temperature as lastTemperature', 'lf.symptoms as lastSymptoms',
      dueDays(today).as('dueDays'), reachedDays(today).as('reachedDays'),
      sql<boolean>`exists (select 1 from monitoring_follow_ups t where t.plan_id = p.id and t.day = ${today}::date)`.as('todayDone'),
    ]);
}

function toView(r: Omit<PlanViewRow, 'lastTemperature'> & { lastTemperature: string | number | null }): PlanViewRow {
  return { ...r, lastTemperature: toNumber(r.lastTemperature), dueDays: Number(r.dueDays), reachedDays: Number(r.reachedDays) };
}

/** Plans with their list figures, filtered, keyset-paginated by (start day, id). */
export async function findPlanViews(db: DbOrTrx, query: PlanQuery, today: string): Promise<PlanViewRow[]> {
  if (query.prefixes && query.prefixes.length === 0) return [];
  let q = viewQuery(db, today);
  if (query.prefixes) q = q.where((eb) => eb.or(query.prefixes!.map((prefix) => eb('p.regionCode', 'like', `${prefix}%`))));
  if (query.assignedTo) q = q.where('p.assignedAccountId', '=', query.assignedTo);
  if (query.status) q = q.where('p.status', '=', query.status);
  if (query.flag) q = q.where(flagCondition(query.flag, today));
  if (query.after) {
    const { startOn, id } = query.after;
    const cmp = query.order === 'asc' ? sql`>` : sql`<`;
    q = q.where(sql<boolean>`(p.start_on, p.id) ${cmp} (${startOn}::date, ${id}::uuid)`);
  }
  const rows = await q.orderBy('p.startOn', query.order).orderBy('p.id', query.order).limit(query.limit).execute();
  return rows.map(toView);
}

export async function findPlanView(db: DbOrTrx, id: string, today: string): Promise<PlanViewRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await viewQuery(db, today).where('p.id', '=', id).executeTakeFirst();
  return row && toView(row);
}

/** The colour rules' input: persons' plans that are active, or closed since `closedSince`. */
export async function findMonitoringFactRows(db: DbOrTrx, personIds: readonly string[], closedSince: Date): Promise<PlanRow[]> {
  if (personIds.length === 0) return [];
  return db.selectFrom('monitoringPlans').select(PLAN_COLUMNS).where('personId', 'in', [...personIds])
    .where((eb) => eb.or([eb('status', '=', 'active'), eb('closedAt', '>=', closedSince)]))
    .orderBy('createdAt').execute();
}

/** Of these persons, those with an active plan for this reason. */
export async function findPersonsUnderActivePlan(db: DbOrTrx, personIds: readonly string[], reason: PlanReason): Promise<string[]> {
  if (personIds.length === 0) return [];
  // One array parameter, however many persons (an IN list would need one parameter each).
  const rows = await db.selectFrom('monitoringPlans').select('personId').distinct()
    .where(sql<boolean>`person_id = any(${[...personIds]}::uuid[])`).where('reason', '=', reason).where('status', '=', 'active').execute();
  return rows.map((r) => r.personId);
}
