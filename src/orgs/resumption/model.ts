/**
 * Return to work (复工复产), pure: the resumption application's (复工申请) state machine and who
 * may make each move, the checks of its fields, and employees' return-to-work declarations
 * (返岗申报) with the dashboard's buckets.
 */
import { normalizeMobile } from '../../accounts/model.ts';
import type { ResumptionErrorCode } from './errors.ts';

export const RESUMPTION_STATUSES = ['draft', 'submitted', 'approved', 'returned', 'resubmitted'] as const;
export type ResumptionStatus = (typeof RESUMPTION_STATUSES)[number];
export const RESUMPTION_MOVES = ['edit', 'submit', 'approve', 'return'] as const;
export type ResumptionMove = (typeof RESUMPTION_MOVES)[number];

/** Who makes a move: the company's administrator ('admin') or a health official of its region ('official'). */
export const MOVE_BY: Record<ResumptionMove, 'admin' | 'official'> = { edit: 'admin', submit: 'admin', approve: 'official', return: 'official' };

/**
 * draft → submitted → approved | returned; returned → resubmitted → approved | returned. Editing
 * keeps the status and is open in draft and returned only. undefined: the move is not allowed.
 */
export function nextStatus(status: ResumptionStatus, move: ResumptionMove): ResumptionStatus | undefined {
  switch (move) {
    case 'edit': return status === 'draft' || status === 'returned' ? status : undefined;
    case 'submit': return status === 'draft' ? 'submitted' : status === 'returned' ? 'resubmitted' : undefined;
    case 'approve': return status === 'submitted' || status === 'resubmitted' ? 'approved' : undefined;
    case 'return': return status === 'submitted' || status === 'resubmitted' ? 'returned' : undefined;
  }
}

export interface ApplicationInput {
  headcount: number;
  returningCount: number;
  measures: string;
  masks: number;
  disinfectantLitres: number;
  contactName: string;
  contactPhone: string;
}

export type Check<T> = { ok: true; value: T } | { ok: false; code: ResumptionErrorCode; field: string };

const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

/** A mobile (13812345678, +86 allowed) or a landline with its area code (0571-87654321). */
export function normaliseContactPhone(raw: string): string | undefined {
  const mobile = normalizeMobile(raw);
  if (mobile) return mobile;
  const value = raw.replace(/\s+/g, '');
  return LANDLINE.test(value) ? value : undefined;
}

const isCount = (n: number, max: number) => Number.isInteger(n) && n >= 0 && n <= max;

export function checkApplication(input: ApplicationInput): Check<ApplicationInput> {
  if (!isCount(input.headcount, 1_000_000) || input.headcount < 1) return { ok: false, code: 'RESUMPTION_INPUT_INVALID', field: 'headcount' };
  if (!isCount(input.returningCount, input.headcount)) return { ok: false, code: 'RESUMPTION_INPUT_INVALID', field: 'returningCount' };
  const measures = input.measures.trim();
  if (Array.from(measures).length < 1 || Array.from(measures).length > 2000) return { ok: false, code: 'RESUMPTION_INPUT_INVALID', field: 'measures' };
  if (!isCount(input.masks, 100_000_000)) return { ok: false, code: 'RESUMPTION_INPUT_INVALID', field: 'masks' };
  if (!isCount(input.disinfectantLitres, 10_000_000)) return { ok: false, code: 'RESUMPTION_INPUT_INVALID', field: 'disinfectantLitres' };
  const contactName = input.contactName.trim().replace(/\s+/g, ' ');
  if (Array.from(contactName).length < 1 || Array.from(contactName).length > 30) return { ok: false, code: 'RESUMPTION_INPUT_INVALID', field: 'contactName' };
  const contactPhone = normaliseContactPhone(input.contactPhone);
  if (!contactPhone) return { ok: false, code: 'RESUMPTION_CONTACT_PHONE_INVALID', field: 'contactPhone' };
  return { ok: true, value: { ...input, measures, contactName, contactPhone } };
}

/** A return comment: 2–500 characters; an approval's comment is optional (at most 500). */
export function checkComment(move: 'approve' | 'return', raw: string | null | undefined): string | null | undefined {
  const comment = (raw ?? '').trim();
  const length = Array.from(comment).length;
  if (length > 500) return undefined;
  if (move === 'return') return length >= 2 ? comment : undefined;
  return length === 0 ? null : comment;
}

// ---- employees' return-to-work declarations (返岗申报) ----

export const QUARANTINE_STATES = ['none', 'home_observation', 'centralised', 'finished'] as const;
export type QuarantineState = (typeof QUARANTINE_STATES)[number];
export const RETURN_STATUSES = ['pending', 'approved', 'waiting'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];
/** The dashboard's buckets: back at work, in observation (home or centralised), waiting (anything else). */
export const RETURN_BUCKETS = ['back', 'observation', 'waiting'] as const;
export type ReturnBucket = (typeof RETURN_BUCKETS)[number];

/** back: an approved date that has come; observation: not back and in home or centralised quarantine; else waiting. */
export function bucketOf(row: { status: ReturnStatus; approvedOn: string | null; quarantine: QuarantineState }, today: string): ReturnBucket {
  if (row.status === 'approved' && row.approvedOn !== null && row.approvedOn <= today) return 'back';
  if (row.quarantine === 'home_observation' || row.quarantine === 'centralised') return 'observation';
  return 'waiting';
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value;
}
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export interface ReturnInput {
  originRegionCode: string;
  quarantine: string;
  plannedOn: string;
}

/** Origin code format, quarantine state, planned day from today up to 180 days ahead. */
export function checkReturnToWork(input: ReturnInput, today: string): Check<{ originRegionCode: string; quarantine: QuarantineState; plannedOn: string }> {
  if (!/^[0-9]{6}([0-9]{3})?$/.test(input.originRegionCode)) return { ok: false, code: 'RETURN_TO_WORK_REGION_UNKNOWN', field: 'originRegionCode' };
  if (!(QUARANTINE_STATES as readonly string[]).includes(input.quarantine)) return { ok: false, code: 'RETURN_TO_WORK_INPUT_INVALID', field: 'quarantine' };
  if (!isDay(input.plannedOn) || input.plannedOn < today || input.plannedOn > addDays(today, 180)) return { ok: false, code: 'RETURN_TO_WORK_INPUT_INVALID', field: 'plannedOn' };
  return { ok: true, value: { originRegionCode: input.originRegionCode, quarantine: input.quarantine as QuarantineState, plannedOn: input.plannedOn } };
}

/** HR's decision: approve with a date (today up to 180 days ahead) or ask to wait. */
export function checkReturnDecision(input: { decision: string; approvedOn?: string | null; comment?: string | null }, today: string):
  Check<{ status: 'approved' | 'waiting'; approvedOn: string | null; comment: string | null }> {
  const comment = (input.comment ?? '').trim();
  if (Array.from(comment).length > 200) return { ok: false, code: 'RETURN_TO_WORK_DECISION_INVALID', field: 'comment' };
  if (input.decision === 'wait') return { ok: true, value: { status: 'waiting', approvedOn: null, comment: comment || null } };
  if (input.decision !== 'approve') return { ok: false, code: 'RETURN_TO_WORK_DECISION_INVALID', field: 'decision' };
  const day = input.approvedOn ?? '';
  if (!isDay(day) || day < addDays(today, -30) || day > addDays(today, 180)) return { ok: false, code: 'RETURN_TO_WORK_DECISION_INVALID', field: 'approvedOn' };
  return { ok: true, value: { status: 'approved', approvedOn: day, comment: comment || null } };
}
