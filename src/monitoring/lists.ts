/**
 * Monitoring lists (监测计划列表): the community worker's "today" list (plans assigned to me, active,
 * whether today's follow-up is done) and the region's list for officials and workers, both with
 * the flags (missed days, fever or symptoms at the last reached follow-up, overdue, unassigned),
 * keyset-paginated; one plan with its follow-ups. Names are masked (people service); nothing here
 * reveals a person, so nothing here is audited — a phone number is read through the people
 * capability's audited reveal.
 */
import { describeStaffAccounts } from '../accounts/service.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import { can, requireAccess, scopesFor, type Actor } from '../kernel/access.ts';
import { regionPrefix } from '../kernel/regions-scope.ts';
import type { Clock } from '../kernel/time.ts';
import { shanghaiDay } from '../kernel/time.ts';
import { personLabelsOf } from '../people/service.ts';
import { regionNames } from '../regions/service.ts';
import { monitoringFail } from './errors.ts';
import { decodeCursor, encodeCursor, flagsOf, type PlanCursor, type PlanFlag, type PlanFlags, type PlanReason, type PlanStatus } from './model.ts';
import { findFollowUps, findPlanView, findPlanViews, type PlanRow, type PlanViewRow } from './store.ts';

export interface ListDeps {
  db: DbOrTrx;
  clock: Clock;
}

export interface PlanView {
  id: string;
  personId: string;
  nameMasked: string;
  regionCode: string;
  regionName: string;
  reason: PlanReason;
  sourceRef: string;
  startOn: string;
  endOn: string;
  followUpFrom: string;
  status: PlanStatus;
  assignedAccountId: string | null;
  assignedName: string | null;
  createdAt: Date;
  closedAt: Date | null;
  endReason: string | null;
  todayDone: boolean;
  lastReached: { day: string; temperature: number | null; symptoms: string[] } | null;
  flags: PlanFlags;
}

export interface FollowUpView {
  id: string;
  day: string;
  recordedAt: Date;
  recordedByName: string;
  reached: boolean;
  temperature: number | null;
  symptoms: string[];
  note: string | null;
}

/** The actor may work on the plan: its assigned worker, or staff whose grant covers the person's home. */
export function mayFollowUp(actor: Actor, plan: Pick<PlanRow, 'regionCode' | 'assignedAccountId'>): boolean {
  return plan.assignedAccountId === actor.accountId || can(actor, 'monitoring.follow_up', plan.regionCode);
}

export async function planViewsOf(db: DbOrTrx, rows: readonly PlanViewRow[], today: string): Promise<PlanView[]> {
  const labels = await personLabelsOf(db, [...new Set(rows.map((r) => r.personId))]);
  const workers = await describeStaffAccounts(db, [...new Set(rows.flatMap((r) => (r.assignedAccountId ? [r.assignedAccountId] : [])))]);
  const regions = await regionNames(db, [...new Set(rows.map((r) => r.regionCode))]);
  return rows.map((r) => {
    const lastReached = r.lastReachedOn ? { day: r.lastReachedOn, temperature: r.lastTemperature, symptoms: r.lastSymptoms ?? [] } : null;
    return {
      id: r.id, personId: r.personId, nameMasked: labels.get(r.personId)?.nameMasked ?? '*', regionCode: r.regionCode, regionName: regions.get(r.regionCode) ?? r.regionCode,
      reason: r.reason, sourceRef: r.sourceRef, startOn: r.startOn, endOn: r.endOn, followUpFrom: r.followUpFrom, status: r.status,
      assignedAccountId: r.assignedAccountId, assignedName: r.assignedAccountId ? workers.get(r.assignedAccountId)?.displayName ?? null : null,
      createdAt: r.createdAt, closedAt: r.closedAt, endReason: r.endReason, todayDone: r.todayDone, lastReached,
      flags: flagsOf(r, lastReached, today),
    };
  });
}

function cursorOf(raw: string | undefined): PlanCursor | undefined {
  if (raw === undefined) return undefined;
  const cursor = decodeCursor(raw);
  if (!cursor) throw monitoringFail('MONITORING_CURSOR_INVALID', { field: 'after' });
  return cursor;
}

function page(rows: PlanViewRow[], limit: number): string | null {
  const last = rows[rows.length - 1];
  return rows.length === limit && last ? encodeCursor({ startOn: last.startOn, id: last.id }) : null;
}

/** 今日随访: my active plans, oldest first, with whether today's follow-up is done. */
export async function listMyPlansToday(
  deps: ListDeps, actor: Actor | undefined, query: { after?: string; limit: number },
): Promise<{ day: string; items: PlanView[]; next: string | null }> {
  const worker = requireAccess(actor, 'monitoring.follow_up');
  const today = shanghaiDay(deps.clock.now());
  const rows = await findPlanViews(deps.db, { assignedTo: worker.accountId, status: 'active', order: 'asc', after: cursorOf(query.after), limit: query.limit }, today);
  return { day: today, items: await planViewsOf(deps.db, rows, today), next: page(rows, query.limit) };
}

/** The plans of persons living in the actor's regions (or one region inside them), newest first, filtered. */
export async function listPlans(
  deps: ListDeps, actor: Actor | undefined,
  query: { regionCode?: string; status?: PlanStatus; flag?: PlanFlag; after?: string; limit: number },
): Promise<{ day: string; items: PlanView[]; next: string | null }> {
  const staff = requireAccess(actor, 'monitoring.follow_up', query.regionCode);
  const prefixes = (query.regionCode ? [query.regionCode] : scopesFor(staff, 'monitoring.follow_up')).map(regionPrefix);
  const today = shanghaiDay(deps.clock.now());
  const rows = await findPlanViews(deps.db, { prefixes, status: query.status, flag: query.flag, order: 'desc', after: cursorOf(query.after), limit: query.limit }, today);
  return { day: today, items: await planViewsOf(deps.db, rows, today), next: page(rows, query.limit) };
}

/** The plan as the lists show it; MONITORING_PLAN_NOT_FOUND outside the actor's reach (no probing of ids). */
export async function planViewFor(deps: ListDeps, actor: Actor, id: string): Promise<PlanView> {
  const today = shanghaiDay(deps.clock.now());
  const row = await findPlanView(deps.db, id, today);
  if (!row || !mayFollowUp(actor, row)) throw monitoringFail('MONITORING_PLAN_NOT_FOUND');
  return (await planViewsOf(deps.db, [row], today))[0]!;
}

/** One plan with its follow-ups, newest first. */
export async function getPlan(deps: ListDeps, actor: Actor | undefined, id: string): Promise<PlanView & { followUps: FollowUpView[] }> {
  const staff = requireAccess(actor, 'monitoring.follow_up');
  const plan = await planViewFor(deps, staff, id);
  const followUps = await findFollowUps(deps.db, plan.id);
  const names = await describeStaffAccounts(deps.db, [...new Set(followUps.map((f) => f.recordedByAccountId))]);
  return {
    ...plan,
    followUps: followUps.map((f) => ({
      id: f.id, day: f.day, recordedAt: f.recordedAt, recordedByName: names.get(f.recordedByAccountId)?.displayName ?? '—',
      reached: f.reached, temperature: f.temperature, symptoms: f.symptoms, note: f.note,
    })),
  };
}
