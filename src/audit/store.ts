/** The audit_log table: append under a lock, read in id order. Nothing here updates or deletes. */
import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import type { AuditEntry } from './model.ts';

/** One lock for the whole chain: appends from every process are serialised so ids and hashes follow each other. */
const AUDIT_CHAIN_LOCK = 0x46594155; // "FYAU"

export async function lockAuditChain(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
}

export async function findLastAuditLink(trx: Transaction<Database>): Promise<{ id: number; hash: string } | undefined> {
  return trx.selectFrom('auditLog').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function insertAuditEntry(trx: Transaction<Database>, entry: AuditEntry): Promise<void> {
  await trx.insertInto('auditLog').values(entry).execute();
}

export async function findAuditEntriesAfter(db: Db, afterId: number, limit: number): Promise<AuditEntry[]> {
  return db.selectFrom('auditLog').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

export interface AuditFilter {
  action?: string;
  actorAccountId?: string;
  targetType?: string;
  targetId?: string;
  /** Keyset pagination: entries older than this id. */
  beforeId?: number;
  limit: number;
}

export async function findAuditEntries(db: Db, filter: AuditFilter, regionPrefixes: string[] | 'all'): Promise<AuditEntry[]> {
  let query = db.selectFrom('auditLog').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.actorAccountId) query = query.where('actorAccountId', '=', filter.actorAccountId);
  if (filter.targetType) query = query.where('targetType', '=', filter.targetType);
  if (filter.targetId) query = query.where('targetId', '=', filter.targetId);
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  if (regionPrefixes !== 'all') {
    const prefixes = regionPrefixes;
    query = query.where((eb) => eb.or(prefixes.map((p) => eb('regionCode', 'like', `${p}%`))));
  }
  return query.execute();
}
