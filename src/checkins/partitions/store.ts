/**
 * SQL for check-in partitions: list them, create them (a new table attached to its parent, which
 * locks the parent only in SHARE UPDATE EXCLUSIVE mode, so check-ins go on being written), and
 * drop expired ones. Names are made by ./model.ts from validated days and retentions only.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import { PARTITIONED_TABLE, WRITE_PATH_AUTOVACUUM, dayBounds, dayPartitionName, retentionPartitionName } from './model.ts';

/** Serialises partition DDL across server processes (creation and purge). */
export async function lockPartitionDdl(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('fangyi:checkin-partitions'))`.execute(trx);
}

export interface PartitionRow {
  name: string;
  /** The parent it is attached to; null for a detached table. */
  parent: string | null;
  detachPending: boolean;
}

/** Every table named like a check-in partition in this schema, attached or not. */
export async function findPartitionTables(db: DbOrTrx): Promise<PartitionRow[]> {
  const { rows } = await sql<PartitionRow>`
    select c.relname as name, p.relname as parent, coalesce(i.inhdetachpending, false) as detach_pending
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
    left join pg_inherits i on i.inhrelid = c.oid
    left join pg_class p on p.oid = i.inhparent
    where c.relkind in ('r', 'p') and c.relname ~ '^checkins_[0-9]{8}(_r[0-9]{2})?$'
    order by c.relname`.execute(db);
  return rows;
}

export async function tableExists(db: DbOrTrx, name: string): Promise<boolean> {
  const { rows } = await sql<{ oid: string | null }>`select to_regclass(${name})::text as oid`.execute(db);
  return rows[0]?.oid != null;
}

export async function createDayPartition(trx: Transaction<Database>, day: string): Promise<void> {
  const name = sql.id(dayPartitionName(day));
  const { from, to } = dayBounds(day);
  await sql`create table ${name} (like ${sql.id(PARTITIONED_TABLE)} including defaults including constraints) partition by list (retention_days)`.execute(trx);
  await sql`alter table ${sql.id(PARTITIONED_TABLE)} attach partition ${name} for values from (${sql.lit(from.toISOString())}) to (${sql.lit(to.toISOString())})`.execute(trx);
}

export async function createRetentionPartition(trx: Transaction<Database>, day: string, retentionDays: number): Promise<void> {
  const name = sql.id(retentionPartitionName(day, retentionDays));
  await sql`create table ${name} (like ${sql.id(PARTITIONED_TABLE)} including defaults including constraints) with (${sql.raw(WRITE_PATH_AUTOVACUUM)})`.execute(trx);
  await sql`alter table ${sql.id(dayPartitionName(day))} attach partition ${name} for values in (${sql.lit(retentionDays)})`.execute(trx);
}

/** Outside a transaction: the day partition stops being part of checkins without blocking its readers and writers. */
export async function detachDayPartition(db: DbOrTrx, day: string, pending: boolean): Promise<void> {
  const name = sql.id(dayPartitionName(day));
  if (pending) await sql`alter table ${sql.id(PARTITIONED_TABLE)} detach partition ${name} finalize`.execute(db);
  else await sql`alter table ${sql.id(PARTITIONED_TABLE)} detach partition ${name} concurrently`.execute(db);
}

export async function countRows(db: DbOrTrx, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.id(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export async function dropTable(trx: Transaction<Database>, table: string): Promise<void> {
  await sql`drop table if exists ${sql.id(table)}`.execute(trx);
}

/** Waits at most this long for a lock, so a purge never queues the whole table behind it. */
export async function setLockTimeout(trx: Transaction<Database>, ms: number): Promise<void> {
  await sql`select set_config('lock_timeout', ${`${ms}ms`}, true)`.execute(trx);
}
