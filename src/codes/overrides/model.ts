/**
 * Manual colour decisions (人工核定), pure: input checks, the 48-hour proposal window, the
 * decision's window, the deciding office's name and page cursors. No I/O.
 */
import { DAY_MS } from '../../kernel/time.ts';

export const OVERRIDE_COLOURS = ['green', 'yellow', 'red'] as const;
export type OverrideColour = (typeof OVERRIDE_COLOURS)[number];
export const DEFAULT_VALID_DAYS = 7;
export const MAX_VALID_DAYS = 14;
/** A proposal nobody approved within 48 h lapses: a stale colour change should be proposed again. */
export const PROPOSAL_TTL_MS = 2 * DAY_MS;
/** The reason code the rules engine's manual-decision rule receives. */
export const MANUAL_REASON_CODE = 'official_decision';

export interface ProposalInput {
  personId: string;
  colour: OverrideColour;
  reason: string;
  legalBasis: string;
  validDays?: number;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; code: 'OVERRIDE_REASON_INVALID' | 'OVERRIDE_LEGAL_BASIS_INVALID' | 'OVERRIDE_VALID_DAYS_INVALID'; field: string };

const length = (s: string) => Array.from(s).length;

export function checkText(raw: string | undefined, min: number, max: number): string | undefined {
  const text = (raw ?? '').trim();
  return length(text) >= min && length(text) <= max ? text : undefined;
}

export function checkProposal(input: ProposalInput): Checked<Required<ProposalInput>> {
  const reason = checkText(input.reason, 2, 500);
  if (!reason) return { ok: false, code: 'OVERRIDE_REASON_INVALID', field: 'reason' };
  const legalBasis = checkText(input.legalBasis, 2, 200);
  if (!legalBasis) return { ok: false, code: 'OVERRIDE_LEGAL_BASIS_INVALID', field: 'legalBasis' };
  const validDays = input.validDays ?? DEFAULT_VALID_DAYS;
  if (!Number.isInteger(validDays) || validDays < 1 || validDays > MAX_VALID_DAYS) return { ok: false, code: 'OVERRIDE_VALID_DAYS_INVALID', field: 'validDays' };
  return { ok: true, value: { ...input, reason, legalBasis, validDays } };
}

/** What the resident reads: the office, never an official's name. */
export function officeName(cityName: string): string {
  return `${cityName}卫健部门`;
}

export function decisionWindow(approvedAt: Date, validDays: number): { from: Date; until: Date } {
  return { from: approvedAt, until: new Date(approvedAt.getTime() + validDays * DAY_MS) };
}

export function isLapsed(proposal: { status: string; expiresAt: Date }, at: Date): boolean {
  return proposal.status === 'pending' && proposal.expiresAt.getTime() <= at.getTime();
}

export interface PageCursor {
  at: Date;
  id: string;
}

export function encodePageCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`).toString('base64url');
}

export function decodePageCursor(raw: string): PageCursor | undefined {
  const [at, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  if (!at || !id || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const parsed = new Date(at);
  return Number.isNaN(parsed.getTime()) ? undefined : { at: parsed, id };
}
