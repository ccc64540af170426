/**
 * The audit log's hash chain: each entry's hash covers its own fields and the previous entry's
 * hash, so changing, removing or reordering any row breaks every hash after it.
 * Pure: no I/O; the store feeds it rows.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryInput {
  action: string;
  actorAccountId: string | null;
  actorLabel: string;
  targetType?: string | null;
  targetId?: string | null;
  regionCode?: string | null;
  reason?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditEntry {
  id: number;
  at: Date;
  actorAccountId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  regionCode: string | null;
  reason: string | null;
  /** Canonical JSON text (sorted keys), exactly as hashed. */
  detail: string;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every depth: one text for one value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  // A time is written as JSON.stringify would write it (its own keys would make it `{}`).
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const fields = [entry.id, entry.at.toISOString(), entry.actorAccountId, entry.actorLabel, entry.action, entry.targetType,
    entry.targetId, entry.regionCode, entry.reason, entry.detail, entry.prevHash];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

export function buildEntry(input: AuditEntryInput, previous: { id: number; hash: string } | undefined, at: Date): AuditEntry {
  const unsigned = {
    id: (previous?.id ?? 0) + 1,
    at,
    actorAccountId: input.actorAccountId,
    actorLabel: input.actorLabel,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    regionCode: input.regionCode ?? null,
    reason: input.reason ?? null,
    detail: canonicalJson(input.detail ?? {}),
    prevHash: previous?.hash ?? GENESIS_HASH,
  };
  return { ...unsigned, hash: entryHash(unsigned) };
}

export type ChainBreak = 'hash_mismatch' | 'prev_hash_mismatch' | 'id_gap';

export interface ChainCheck {
  /** The last good entry so far, to continue with the next batch. */
  last: { id: number; hash: string } | undefined;
  checked: number;
  broken?: { id: number; problem: ChainBreak };
}

/** Checks one batch of consecutive rows (ordered by id) continuing from `state`. */
export function checkChainBatch(state: ChainCheck, rows: readonly AuditEntry[]): ChainCheck {
  let { last, checked } = state;
  for (const row of rows) {
    const expectedId = (last?.id ?? 0) + 1;
    if (row.id !== expectedId) return { last, checked, broken: { id: expectedId, problem: 'id_gap' } };
    if (row.prevHash !== (last?.hash ?? GENESIS_HASH)) return { last, checked, broken: { id: row.id, problem: 'prev_hash_mismatch' } };
    if (entryHash(row) !== row.hash) return { last, checked, broken: { id: row.id, problem: 'hash_mismatch' } };
    last = { id: row.id, hash: row.hash };
    checked += 1;
  }
  return { last, checked };
}
