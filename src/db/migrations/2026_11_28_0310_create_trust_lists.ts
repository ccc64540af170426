/**
 * Trust lists (信任列表): this installation's own signing key for the lists it publishes, revoked
 * health-code tokens (printed codes), and trust lists imported from other installations (互认).
 * Frozen: never edit after release, add a new migration instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table installation_keys (
      fingerprint text primary key,
      algorithm text not null check (algorithm in ('Ed25519')),
      public_key text not null,
      private_key_enc text not null,
      created_at timestamptz not null default now(),
      retired_at timestamptz
    );
    -- One current key: the lists it signs are checked against what importers stored on first use.
    create unique index installation_keys_one_current on installation_keys ((true)) where retired_at is null;

    create table token_revocations (
      region_code text not null references tenants(region_code),
      token_id text not null check (token_id ~ '^([0-9a-f]{2}){1,16}$'),
      expires_at timestamptz not null,
      reason text not null check (length(reason) between 1 and 500),
      revoked_by text not null,
      revoked_at timestamptz not null default now(),
      primary key (region_code, token_id)
    );
    create index token_revocations_expires_idx on token_revocations (expires_at);

    create table imported_trust_lists (
      source text primary key check (length(source) between 1 and 2000),
      fingerprint text not null,
      public_key text not null,
      list jsonb not null,
      generated_at timestamptz not null,
      valid_until timestamptz not null,
      first_imported_at timestamptz not null default now(),
      imported_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists imported_trust_lists, token_revocations, installation_keys`.execute(db);
}
