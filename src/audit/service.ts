/**
 * Writing to and checking the audit log. Callers pass their own transaction so the audit row
 * commits (or rolls back) together with the change it records.
 */
import type { Actor } from '../kernel/access.ts';
import { requireAccess, scopesFor } from '../kernel/access.ts';
import { regionPrefix } from '../kernel/regions-scope.ts';
import { systemClock, type Clock } from '../kernel/time.ts';
import type { Db } from '../db/connection.ts';
import { inTransaction, type DbOrTrx } from '../db/transaction.ts';
import { buildEntry, checkChainBatch, type AuditEntry, type AuditEntryInput, type ChainBreak, type ChainCheck } from './model.ts';
import { findAuditEntries, findAuditEntriesAfter, findLastAuditLink, insertAuditEntry, lockAuditChain } from './store.ts';

export type AuditInput = Omit<AuditEntryInput, 'actorAccountId' | 'actorLabel'>;

/** Who did it, as the audit log names them: an actor, or a named system component ("system", "cli"). */
export type AuditActor = Actor | { system: string };

function actorFields(actor: AuditActor): Pick<AuditEntryInput, 'actorAccountId' | 'actorLabel'> {
  return 'system' in actor ? { actorAccountId: null, actorLabel: actor.system } : { actorAccountId: actor.accountId, actorLabel: actor.label };
}

export async function recordAudit(db: DbOrTrx, actor: AuditActor, input: AuditInput, clock: Clock = systemClock): Promise<AuditEntry> {
  return inTransaction(db, async (trx) => {
    await lockAuditChain(trx);
    const previous = await findLastAuditLink(trx);
    const entry = buildEntry({ ...input, ...actorFields(actor) }, previous, clock.now());
    await insertAuditEntry(trx, entry);
    return entry;
  });
}

export interface ChainVerification {
  intact: boolean;
  checked: number;
  firstBroken?: { id: number; problem: ChainBreak };
}

export async function verifyAuditChain(db: Db, onProgress?: (checked: number) => void, batchSize = 5000): Promise<ChainVerification> {
  let state: ChainCheck = { last: undefined, checked: 0 };
  for (;;) {
    const rows = await findAuditEntriesAfter(db, state.last?.id ?? 0, batchSize);
    state = checkChainBatch(state, rows);
    onProgress?.(state.checked);
    if (state.broken) return { intact: false, checked: state.checked, firstBroken: state.broken };
    if (rows.length < batchSize) return { intact: true, checked: state.checked };
  }
}

export async function verifyAuditChainAs(db: Db, actor: Actor | undefined): Promise<ChainVerification> {
  const checker = requireAccess(actor, 'audit.verify');
  const result = await verifyAuditChain(db);
  await recordAudit(db, checker, { action: 'audit.verify', detail: { intact: result.intact, checked: result.checked } });
  return result;
}

export async function listAuditEntries(
  db: Db,
  actor: Actor | undefined,
  filter: { action?: string; targetType?: string; targetId?: string; beforeId?: number; limit: number },
): Promise<AuditEntry[]> {
  const auditor = requireAccess(actor, 'audit.read');
  const scopes = scopesFor(auditor, 'audit.read');
  const prefixes = scopes.map(regionPrefix);
  return findAuditEntries(db, filter, prefixes.includes('') ? 'all' : prefixes);
}
