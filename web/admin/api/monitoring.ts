/** 监测计划 (居家观察) for the console: src/monitoring/routes.ts, and the people capability's audited reveal for a phone to call. */
import { request } from '../../common/request.ts';
import { SYMPTOMS, type Symptom } from '../../../src/codes/declarations/code-lists.ts';
import type { PlanFlag, PlanReason, PlanStatus } from '../../../src/monitoring/model.ts';

export { SYMPTOMS };
export type { PlanFlag, PlanReason, PlanStatus, Symptom };

export const PLAN_FLAG_FILTERS: readonly PlanFlag[] = ['missed', 'symptomatic', 'overdue', 'unassigned'];
export const PLAN_STATUS_FILTERS: readonly PlanStatus[] = ['active', 'completed', 'ended'];
/** Quick picks for the temperature (a phone keyboard is slow). */
export const QUICK_TEMPERATURES = [36.3, 36.5, 36.7] as const;
export const FEVER_CELSIUS = 37.3;

export interface PlanFlags { missedDays: number; fever: boolean; symptoms: boolean; overdue: boolean; unassigned: boolean }
export interface Plan {
  id: string; personId: string; nameMasked: string; regionCode: string; regionName: string; reason: PlanReason; sourceRef: string;
  startOn: string; endOn: string; followUpFrom: string; status: PlanStatus; assignedAccountId: string | null; assignedName: string | null;
  createdAt: string; closedAt: string | null; endReason: string | null; todayDone: boolean;
  lastReached: { day: string; temperature: number | null; symptoms: string[] } | null; flags: PlanFlags;
}
export interface FollowUp { id: string; day: string; recordedAt: string; recordedByName: string; reached: boolean; temperature: number | null; symptoms: string[]; note: string | null }
export interface PlanDetail extends Plan { followUps: FollowUp[] }
export interface PlanPage { day: string; items: Plan[]; next: string | null }
export interface FollowUpInput { reached: boolean; temperature?: number | null; symptoms?: string[] | null; note?: string | null }
export interface Worker { accountId: string; displayName: string; username: string | null }

const plan = (id: string) => `/api/monitoring/plans/${encodeURIComponent(id)}`;

export function fetchToday(after?: string): Promise<PlanPage> {
  return request.get('/api/monitoring/today', { after, limit: 50 });
}
export function fetchPlans(query: { status?: PlanStatus; flag?: PlanFlag; after?: string }): Promise<PlanPage> {
  return request.get('/api/monitoring/plans', { ...query, limit: 50 });
}
export function fetchPlan(id: string): Promise<PlanDetail> {
  return request.get(plan(id));
}
export function recordFollowUp(id: string, body: FollowUpInput): Promise<{ plan: Plan; followUp: FollowUp }> {
  return request.post(`${plan(id)}/follow-ups`, body);
}
export function endPlan(id: string, reason: string): Promise<Plan> {
  return request.post(`${plan(id)}/end`, { reason });
}
export function fetchWorkers(id: string): Promise<{ items: Worker[] }> {
  return request.get(`${plan(id)}/workers`);
}
export function assignPlan(id: string, accountId?: string): Promise<Plan> {
  return request.post(`${plan(id)}/assign`, accountId ? { accountId } : {});
}
/** The person's name and phone for a call, through the people capability (a stated reason, audited). */
export function revealContact(personId: string, reason: string): Promise<{ name: string; phone: string | null }> {
  return request.post(`/api/people/${encodeURIComponent(personId)}/reveal`, { reason });
}

/** Whole days from today to the plan's last day (0 on the last day, never negative). */
export function daysLeft(p: Pick<Plan, 'endOn'>, today: string): number {
  return Math.max(0, Math.round((Date.parse(`${p.endOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000));
}
