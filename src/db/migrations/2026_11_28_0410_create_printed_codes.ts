/**
 * Printed health codes (关爱码) for people without a smartphone: each issued code, with its token
 * id (what a revocation names) and the token itself encrypted (it is a bearer credential for up
 * to 30 days, printed again from here). Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table printed_codes (
      id uuid primary key,
      person_id uuid not null references persons(id),
      region_code text not null references tenants(region_code),
      token_id text not null check (token_id ~ '^([0-9a-f]{2}){1,16}$'),
      token_enc text not null,
      issued_at timestamptz not null,
      expires_at timestamptz not null,
      issued_by_account_id uuid references accounts(id),
      issued_by text not null,
      issuing_office text not null,
      revoked_at timestamptz,
      revoked_by text,
      check (expires_at > issued_at and expires_at <= issued_at + interval '30 days'),
      check ((revoked_at is null) = (revoked_by is null)),
      unique (region_code, token_id)
    );
    create index printed_codes_person_idx on printed_codes (person_id, issued_at desc);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table printed_codes`.execute(db);
}
