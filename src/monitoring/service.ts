/**
 * Monitoring plans (监测计划, 居家观察): a capability that watches a person for some days because of
 * something another capability recorded — a return declaration from a risk area (src/travel) now,
 * close contacts found by tracing (src/tracing). startMonitoringPlan runs inside the caller's transaction, so the
 * plan exists exactly when the cause does; it is idempotent (one plan per source). The plan is
 * assigned round-robin to an active community worker whose grant covers the person's home street,
 * or left unassigned for officials to assign. Community workers record one follow-up (随访) a day;
 * a plan completes when its end day is over and the latest reached follow-up since is clean
 * (decision 0009), or a health official ends it early with a reason. Every change of the plan's
 * status is a health-code fact (`monitoring`, facts.ts): noted in the facts outbox in the same
 * transaction and recomputed right after.
 */
import { randomUUID } from 'node:crypto';
import { activeStaffCovering, describeStaffAccounts } from '../accounts/service.ts';
import { recordAudit } from '../audit/service.ts';
import type { NotificationHub } from '../db/notifications.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { inTransaction, type DbOrTrx } from '../db/transaction.ts';
import { can, requireAccess, type Actor } from '../kernel/access.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import { cityOf } from '../kernel/regions-scope.ts';
import { shanghaiDay, type Clock } from '../kernel/time.ts';
import { personLabelsOf } from '../people/service.ts';
import { changeTenantSettings, tenantSettings } from '../regions/service.ts';
import { noteEachFactChanged, noteFactsChanged } from '../codes/colours/outbox/service.ts';
import { recomputeColour } from '../codes/colours/service.ts';
import { monitoringFail } from './errors.ts';
import { mayFollowUp, planViewFor, type FollowUpView, type PlanView } from './lists.ts';
import {
  checkFollowUp, completes, isValidPlanDays, nextAssignees, PLAN_DAYS_SETTING, planDaysFrom, planWindow,
  type FollowUpInput, type PlanReason,
} from './model.ts';
import {
  closePlanRow, findLatestReachedFollowUp, findPersonsUnderActivePlan, findPlansBySources, insertFollowUp, insertPlans, lockAssignmentCursor, lockCompletablePlans, lockPlan,
  setAssignmentCursor, setPlanAssignee, type PlanRow,
} from './store.ts';

export { listMyPlansToday, listPlans, getPlan, type PlanView, type FollowUpView } from './lists.ts';
export { PLAN_FLAGS, PLAN_REASONS, PLAN_STATUSES, SYMPTOMS } from './model.ts';

export interface MonitoringDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
  notifications?: NotificationHub;
}

export interface StartedPlan {
  id: string;
  personId: string;
  startOn: string;
  endOn: string;
  assignedAccountId: string | null;
  /** False when the source already had its plan (nothing was written). */
  created: boolean;
}

const started = (row: Pick<PlanRow, 'id' | 'personId' | 'startOn' | 'endOn' | 'assignedAccountId'>, created: boolean): StartedPlan => ({
  id: row.id, personId: row.personId, startOn: row.startOn, endOn: row.endOn, assignedAccountId: row.assignedAccountId, created,
});

/**
 * The next community worker of the region in turn (the region's cursor row is locked until commit), or null when it has none.
 * Also the screening robot's follow-up tasks (src/callbot/results): one turn per street for plans and tasks alike.
 */
export async function takeTurn(trx: Transaction<Database>, regionCode: string): Promise<string | null> {
  return (await takeTurns(trx, regionCode, 1))[0] ?? null;
}

/**
 * The region's next `count` turns, as `count` successive takeTurn calls would give them, however
 * many: its workers read once, its cursor locked once (created on first use) and written once, at
 * the last turn. All null (and the cursor untouched) when the region has no worker.
 */
export async function takeTurns(trx: Transaction<Database>, regionCode: string, count: number): Promise<(string | null)[]> {
  if (count <= 0) return [];
  const workers = await activeStaffCovering(trx, 'community_worker', regionCode);
  if (workers.length === 0) return nextAssignees(workers, null, count);
  const turns = nextAssignees(workers, await lockAssignmentCursor(trx, regionCode), count);
  await setAssignmentCursor(trx, regionCode, turns[turns.length - 1]!);
  return turns;
}

/** How many days a plan lasts in the person's city (tenant setting, else 14). */
async function planDaysFor(db: DbOrTrx, regionCode: string): Promise<number> {
  return planDaysFrom((await tenantSettings(db, cityOf(regionCode)))?.[PLAN_DAYS_SETTING]);
}

export interface PlanStart {
  personId: string;
  reason: PlanReason;
  sourceRef: string;
  startOn: string;
}

/**
 * Starts the plan for a source (e.g. a return declaration) in the caller's transaction: from
 * `startOn` for the city's number of days, at the person's home region, assigned round-robin.
 * Idempotent: a second call for the same source answers the first plan. Undefined when the days
 * are all over already (a return declared long after it). The caller recomputes the colour.
 */
export async function startMonitoringPlan(deps: { db: DbOrTrx; clock: Clock }, input: PlanStart): Promise<StartedPlan | undefined> {
  return (await startMonitoringPlans(deps, [input]))[0];
}

/**
 * Starts many plans of one reason at once (a traced case's close contacts), as startMonitoringPlan
 * does one: each street's workers are read and its cursor locked once, the plans written in one
 * statement. Answers, per input in order, its plan (existing or new) or undefined.
 */
export async function startMonitoringPlans(deps: { db: DbOrTrx; clock: Clock }, inputs: readonly PlanStart[]): Promise<(StartedPlan | undefined)[]> {
  if (inputs.length === 0) return [];
  const reason = inputs[0]!.reason;
  if (inputs.some((i) => i.reason !== reason)) throw new Error('startMonitoringPlans: one reason per call');
  return inTransaction(deps.db, async (trx) => {
    const existing = new Map((await findPlansBySources(trx, reason, inputs.map((i) => i.sourceRef))).map((p) => [p.sourceRef, p]));
    const homes = await personLabelsOf(trx, inputs.filter((i) => !existing.has(i.sourceRef)).map((i) => i.personId));
    const now = deps.clock.now();
    const today = shanghaiDay(now);
    const daysByCity = new Map<string, number>();
    const rows: Parameters<typeof insertPlans>[1][number][] = [];
    const byRegion = new Map<string, typeof rows>();
    const rowOf = new Map<string, (typeof rows)[number]>();
    for (const input of inputs) {
      if (existing.has(input.sourceRef) || rowOf.has(input.sourceRef)) continue;
      const home = homes.get(input.personId)?.homeRegionCode;
      if (!home) throw monitoringFail('MONITORING_PLAN_NOT_FOUND', { personId: input.personId });
      const city = cityOf(home);
      if (!daysByCity.has(city)) daysByCity.set(city, await planDaysFor(trx, city));
      const window = planWindow(input.startOn, daysByCity.get(city)!, today);
      if (!window) continue;
      const row = { id: randomUUID(), personId: input.personId, reason, sourceRef: input.sourceRef, regionCode: home, ...window, assignedAccountId: null as string | null, createdAt: now };
      rows.push(row);
      rowOf.set(row.sourceRef, row);
      const regionRows = byRegion.get(home);
      if (regionRows) regionRows.push(row);
      else byRegion.set(home, [row]);
    }
    // Regions in one order (the cursors' lock order); within one, the plans take their turns in input order.
    for (const [region, regionRows] of [...byRegion].sort(([a], [b]) => a.localeCompare(b))) {
      const turns = await takeTurns(trx, region, regionRows.length);
      regionRows.forEach((row, i) => { row.assignedAccountId = turns[i] ?? null; });
    }
    const inserted = await insertPlans(trx, rows);
    await noteEachFactChanged(trx, 'monitoring', rows.filter((r) => inserted.has(r.id)).map((r) => ({ personId: r.personId, sourceRef: r.id, changedAt: now })));
    // A source planned meanwhile by another transaction (the insert did nothing) answers that plan.
    const raced = rows.filter((r) => !inserted.has(r.id)).map((r) => r.sourceRef);
    for (const plan of await findPlansBySources(trx, reason, raced)) existing.set(plan.sourceRef, plan);
    return inputs.map((input) => {
      const old = existing.get(input.sourceRef);
      if (old) return started(old, false);
      const row = rowOf.get(input.sourceRef);
      return row && inserted.has(row.id) ? started(row, true) : undefined;
    });
  });
}

/** Of these persons, those already watched by an active plan for this reason (a close contact of two cases gets one plan). */
export async function personsUnderActivePlan(db: DbOrTrx, personIds: readonly string[], reason: PlanReason): Promise<Set<string>> {
  return new Set(await findPersonsUnderActivePlan(db, personIds, reason));
}

async function recolour(deps: MonitoringDeps, personIds: readonly string[], evidenceRef: string): Promise<void> {
  for (const personId of new Set(personIds)) await recomputeColour(deps, personId, { evidenceRef });
}

/** Completes a locked active plan (system): the status, the fact, the audit row. */
async function completePlan(trx: Transaction<Database>, deps: MonitoringDeps, plan: PlanRow, now: Date): Promise<void> {
  await closePlanRow(trx, plan.id, { status: 'completed', closedAt: now, closedByAccountId: null, endReason: null });
  await noteFactsChanged(trx, [plan.personId], 'monitoring', plan.id, now);
  await recordAudit(trx, { system: 'monitoring' }, { action: 'monitoring.plan.complete', targetType: 'monitoring_plan', targetId: plan.id, regionCode: plan.regionCode, detail: { endOn: plan.endOn } }, deps.clock);
}

/**
 * 随访: the day's follow-up of a plan, by its assigned worker or staff of the person's home region.
 * One per plan and Asia/Shanghai day (the server's day); audited without the health answers. A
 * clean follow-up after the end day completes the plan at once; a plan whose completion was
 * already due (the job has not run yet) completes first and takes no more follow-ups.
 */
export async function recordFollowUp(
  deps: MonitoringDeps, actor: Actor | undefined, planId: string, input: FollowUpInput,
): Promise<{ plan: PlanView; followUp: FollowUpView }> {
  const staff = requireAccess(actor, 'monitoring.follow_up');
  const checked = checkFollowUp(input);
  if (!checked.ok) throw monitoringFail(checked.code, { field: checked.field });
  const now = deps.clock.now();
  const today = shanghaiDay(now);
  const outcome = await inTransaction(deps.db, async (trx) => {
    const plan = await lockPlan(trx, planId);
    if (!plan || !mayFollowUp(staff, plan)) throw monitoringFail('MONITORING_PLAN_NOT_FOUND');
    if (plan.status !== 'active') throw monitoringFail('MONITORING_PLAN_CLOSED');
    if (completes(plan, (await findLatestReachedFollowUp(trx, plan.id, plan.endOn)) ?? null, today)) {
      await completePlan(trx, deps, plan, now);
      return { kind: 'closed', plan } as const;
    }
    if (today < plan.followUpFrom) throw monitoringFail('MONITORING_PLAN_NOT_STARTED', { from: plan.followUpFrom });
    const followUp = { id: randomUUID(), planId: plan.id, day: today, recordedAt: now, recordedByAccountId: staff.accountId, ...checked.value };
    if (!(await insertFollowUp(trx, followUp))) throw monitoringFail('MONITORING_FOLLOW_UP_EXISTS', { day: today });
    await recordAudit(trx, staff, {
      action: 'monitoring.follow_up', targetType: 'monitoring_plan', targetId: plan.id, regionCode: plan.regionCode,
      detail: { day: today, reached: followUp.reached },
    }, deps.clock);
    const completed = completes(plan, followUp, today);
    if (completed) await completePlan(trx, deps, plan, now);
    return { kind: 'recorded', plan, followUp, completed } as const;
  });
  if (outcome.kind === 'closed') {
    await recolour(deps, [outcome.plan.personId], `monitoring:${outcome.plan.id}`);
    throw monitoringFail('MONITORING_PLAN_CLOSED');
  }
  if (outcome.completed) await recolour(deps, [outcome.plan.personId], `monitoring:${outcome.plan.id}`);
  const { followUp } = outcome;
  return {
    plan: await planViewFor(deps, staff, outcome.plan.id),
    followUp: {
      id: followUp.id, day: followUp.day, recordedAt: followUp.recordedAt, recordedByName: staff.label,
      reached: followUp.reached, temperature: followUp.temperature, symptoms: followUp.symptoms, note: followUp.note,
    },
  };
}

/** The plan locked for an official of the person's home region; NOT_FOUND outside it, CLOSED when no longer active. */
async function lockActivePlanFor(trx: Transaction<Database>, official: Actor, planId: string): Promise<PlanRow> {
  const plan = await lockPlan(trx, planId);
  if (!plan || !can(official, 'monitoring.manage', plan.regionCode)) throw monitoringFail('MONITORING_PLAN_NOT_FOUND');
  if (plan.status !== 'active') throw monitoringFail('MONITORING_PLAN_CLOSED');
  return plan;
}

/** A health official of the person's home region ends an active plan early, with a reason (audited); the yellow is lifted. */
export async function endPlan(deps: MonitoringDeps, actor: Actor | undefined, planId: string, rawReason: string | undefined): Promise<PlanView> {
  const official = requireAccess(actor, 'monitoring.manage');
  const reason = (rawReason ?? '').trim();
  if (Array.from(reason).length < 2 || Array.from(reason).length > 200) throw monitoringFail('MONITORING_END_REASON_REQUIRED', { field: 'reason' });
  const now = deps.clock.now();
  const plan = await inTransaction(deps.db, async (trx) => {
    const plan = await lockActivePlanFor(trx, official, planId);
    await closePlanRow(trx, plan.id, { status: 'ended', closedAt: now, closedByAccountId: official.accountId, endReason: reason });
    await noteFactsChanged(trx, [plan.personId], 'monitoring', plan.id, now);
    await recordAudit(trx, official, { action: 'monitoring.plan.end', targetType: 'monitoring_plan', targetId: plan.id, regionCode: plan.regionCode, reason }, deps.clock);
    return plan;
  });
  await recolour(deps, [plan.personId], `monitoring:${plan.id}`);
  return planViewFor(deps, official, plan.id);
}

/** Community workers a plan can be given to: active, their grant covering the person's home. */
export async function assignableWorkers(deps: MonitoringDeps, actor: Actor | undefined, planId: string): Promise<{ accountId: string; displayName: string; username: string | null }[]> {
  const official = requireAccess(actor, 'monitoring.manage');
  const plan = await planViewFor(deps, official, planId);
  if (!can(official, 'monitoring.manage', plan.regionCode)) throw monitoringFail('MONITORING_PLAN_NOT_FOUND');
  const ids = await activeStaffCovering(deps.db, 'community_worker', plan.regionCode);
  const names = await describeStaffAccounts(deps.db, ids);
  return ids.map((accountId) => ({ accountId, displayName: names.get(accountId)?.displayName ?? accountId, username: names.get(accountId)?.username ?? null }));
}

/**
 * An official gives an active plan to a community worker of the person's street (audited): the
 * one named, or — without a name — the next in turn (an unassigned plan once workers exist).
 */
export async function assignPlan(deps: MonitoringDeps, actor: Actor | undefined, planId: string, accountId: string | undefined): Promise<PlanView> {
  const official = requireAccess(actor, 'monitoring.manage');
  const plan = await inTransaction(deps.db, async (trx) => {
    const plan = await lockActivePlanFor(trx, official, planId);
    let to: string | null;
    if (accountId === undefined) {
      to = await takeTurn(trx, plan.regionCode);
    } else {
      to = (await activeStaffCovering(trx, 'community_worker', plan.regionCode)).includes(accountId) ? accountId : null;
    }
    if (to === null) throw monitoringFail('MONITORING_WORKER_INVALID', { field: 'accountId' });
    await setPlanAssignee(trx, plan.id, to);
    await recordAudit(trx, official, {
      action: 'monitoring.plan.assign', targetType: 'monitoring_plan', targetId: plan.id, regionCode: plan.regionCode,
      detail: { from: plan.assignedAccountId, to },
    }, deps.clock);
    return plan;
  });
  return planViewFor(deps, official, plan.id);
}

/**
 * The monitoring job: completes the plans whose end day is over with a clean latest reached
 * follow-up since (decision 0009), in batches claimed with SKIP LOCKED, then recomputes their
 * persons' colours. Safe with several processes.
 */
export async function completeDuePlans(deps: MonitoringDeps, options: { batchSize?: number; maxBatches?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 200;
  let completed = 0;
  for (let batch = 0; batch < (options.maxBatches ?? 50); batch++) {
    const now = deps.clock.now();
    const plans = await inTransaction(deps.db, async (trx) => {
      const due = await lockCompletablePlans(trx, shanghaiDay(now), batchSize);
      for (const plan of due) await completePlan(trx, deps, plan, now);
      return due;
    });
    completed += plans.length;
    for (const plan of plans) await recolour(deps, [plan.personId], `monitoring:${plan.id}`);
    if (plans.length < batchSize) break;
  }
  return completed;
}

// ---- the city's plan length (tenant setting) ----

function cityOrFail(regionCode: string): string {
  const city = cityOf(regionCode);
  if (city !== regionCode) throw monitoringFail('MONITORING_REGION_NOT_CITY', { regionCode, city });
  return city;
}

export async function getPlanDays(deps: MonitoringDeps, actor: Actor | undefined, regionCode: string): Promise<{ regionCode: string; planDays: number }> {
  requireAccess(actor, 'monitoring.follow_up', regionCode);
  const city = cityOrFail(regionCode);
  return { regionCode: city, planDays: await planDaysFor(deps.db, city) };
}

/** A health official of the city sets how long new plans last (7–28 days; audited). Plans already started keep their days. */
export async function setPlanDays(deps: MonitoringDeps, actor: Actor | undefined, regionCode: string, planDays: number): Promise<{ regionCode: string; planDays: number }> {
  const official = requireAccess(actor, 'monitoring.manage', regionCode);
  const city = cityOrFail(regionCode);
  if (!isValidPlanDays(planDays)) throw monitoringFail('MONITORING_PLAN_DAYS_INVALID', { field: 'planDays' });
  await inTransaction(deps.db, async (trx) => {
    const before = await planDaysFor(trx, city);
    if (!(await changeTenantSettings(trx, city, { [PLAN_DAYS_SETTING]: planDays }))) throw monitoringFail('MONITORING_REGION_NOT_CITY', { regionCode, city });
    await recordAudit(trx, official, { action: 'monitoring.plan_days.change', targetType: 'region', targetId: city, regionCode: city, detail: { from: before, to: planDays } }, deps.clock);
  });
  return { regionCode: city, planDays };
}
