/**
 * Manual colour decisions (人工核定) and established false declarations (虚假申报认定), pure:
 * input checks, the 48-hour proposal window, the decision's window, what is in force, the
 * deciding office's name and page cursors. No I/O.
 */
import { DAY_MS } from '../../kernel/time.ts';

/**
 * What a four-eyes proposal does: `decide` a colour for a few days, `revoke` a decision or an
 * establishment still in force, or establish that one declaration was `false_declaration`.
 */
export const PROPOSAL_KINDS = ['decide', 'revoke', 'false_declaration'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

/** What every proposal names, as stored and as shown. */
export interface ProposalFields {
  id: string;
  kind: ProposalKind;
  personId: string;
  regionCode: string;
  colour: 'green' | 'yellow' | 'red' | null;
  validDays: number | null;
  /** A revocation: the decision or establishment it ends. */
  decisionId: string | null;
  /** An establishment: the declaration found false. */
  declarationId: string | null;
  legalBasis: string;
  office: string;
  proposedAt: Date;
  expiresAt: Date;
}
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

/** Why and on what legal basis: every proposal (decision, revocation, establishment) gives both. */
export interface Grounds {
  reason: string;
  legalBasis: string;
}

const length = (s: string) => Array.from(s).length;

export function checkText(raw: string | undefined, min: number, max: number): string | undefined {
  const text = (raw ?? '').trim();
  return length(text) >= min && length(text) <= max ? text : undefined;
}

/** Trims and bounds the grounds: a reason of 2–500 characters, a legal basis of 2–200. */
export function checkGrounds<T extends Grounds>(input: T): Checked<T> {
  const reason = checkText(input.reason, 2, 500);
  if (!reason) return { ok: false, code: 'OVERRIDE_REASON_INVALID', field: 'reason' };
  const legalBasis = checkText(input.legalBasis, 2, 200);
  if (!legalBasis) return { ok: false, code: 'OVERRIDE_LEGAL_BASIS_INVALID', field: 'legalBasis' };
  return { ok: true, value: { ...input, reason, legalBasis } };
}

export function checkProposal(input: ProposalInput): Checked<Required<ProposalInput>> {
  const grounds = checkGrounds(input);
  if (!grounds.ok) return grounds;
  const validDays = input.validDays ?? DEFAULT_VALID_DAYS;
  if (!Number.isInteger(validDays) || validDays < 1 || validDays > MAX_VALID_DAYS) return { ok: false, code: 'OVERRIDE_VALID_DAYS_INVALID', field: 'validDays' };
  return { ok: true, value: { ...grounds.value, validDays } };
}

/** What the resident reads: the office, never an official's name. */
export function officeName(cityName: string): string {
  return `${cityName}卫健部门`;
}

export function decisionWindow(approvedAt: Date, validDays: number): { from: Date; until: Date } {
  return { from: approvedAt, until: new Date(approvedAt.getTime() + validDays * DAY_MS) };
}

/** An establishment has no end of its own: it is in force from its approval until revoked. */
export function establishmentWindow(approvedAt: Date): { from: Date; until: null } {
  return { from: approvedAt, until: null };
}

export function isLapsed(proposal: { status: string; expiresAt: Date }, at: Date): boolean {
  return proposal.status === 'pending' && proposal.expiresAt.getTime() <= at.getTime();
}

/**
 * Whether an approved decision or establishment still counts at `at` (and so can be revoked): not
 * revoked, and — a decision — not past its until. Revocations themselves are never "in force".
 */
export function isInForce(
  proposal: { kind: ProposalKind; status: string; revokedAt: Date | null; effectiveUntil: Date | null }, at: Date,
): boolean {
  if (proposal.kind === 'revoke' || proposal.status !== 'approved' || proposal.revokedAt !== null) return false;
  if (proposal.kind === 'false_declaration') return true;
  return proposal.effectiveUntil !== null && proposal.effectiveUntil.getTime() > at.getTime();
}

/**
 * How a decision or an establishment is named as the colour's input: the facts-changed source and
 * the colour event's evidence (`manual_decision:<id>`, `false_declaration:<id>`), also when revoked.
 */
export function evidenceSource(kind: Exclude<ProposalKind, 'revoke'>): 'manual_decision' | 'false_declaration' {
  return kind === 'decide' ? 'manual_decision' : 'false_declaration';
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
