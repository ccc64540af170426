/**
 * Region statistics count staff by the region of their role grants; the primary key starts with
 * account_id, so without this index that count would scan every grant in the country.
 * Frozen: never edit after release, add a new migration instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index account_roles_region_idx on account_roles (region_code, account_id) include (role)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists account_roles_region_idx`.execute(db);
}
