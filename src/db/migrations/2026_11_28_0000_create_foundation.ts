/**
 * Foundation tables: regions and tenants, persons and guardianships, accounts, roles, sessions,
 * one-time codes, the SMS outbox, rate-limit counters, the append-only audit log, and the first
 * shape of venues and organisations (their capabilities extend them in later migrations).
 * Frozen: never edit after release, add a new migration instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table regions (
      code text primary key check (code ~ '^[0-9]{6}([0-9]{3})?$'),
      name text not null,
      full_name text not null,
      level smallint not null check (level between 0 and 4),
      parent_code text references regions(code)
    );
    create index regions_parent_idx on regions (parent_code);

    create table tenants (
      region_code text primary key references regions(code),
      display_name text not null,
      settings jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now()
    );

    create table signing_keys (
      kid text primary key,
      region_code text not null references tenants(region_code),
      algorithm text not null check (algorithm in ('Ed25519', 'ES256', 'SM2')),
      public_key text not null,
      private_key_enc text not null,
      created_at timestamptz not null default now(),
      retired_at timestamptz
    );
    create index signing_keys_region_idx on signing_keys (region_code);

    create table persons (
      id uuid primary key,
      id_type text not null check (id_type in ('resident_id', 'passport', 'hk_macau_permit', 'taiwan_permit')),
      id_number_enc text not null,
      id_number_hash text not null,
      id_number_masked text not null,
      name_enc text not null,
      name_masked text not null,
      sex text check (sex in ('M', 'F')),
      birth_date date,
      phone_enc text,
      phone_hash text,
      phone_masked text,
      address_enc text,
      home_region_code text not null references regions(code),
      synthetic boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (id_type, id_number_hash)
    );
    create index persons_phone_idx on persons (phone_hash);
    create index persons_region_idx on persons (home_region_code, id);

    create table guardianships (
      guardian_id uuid not null references persons(id),
      dependant_id uuid not null references persons(id),
      relation text not null check (relation in ('parent', 'child', 'spouse', 'grandparent', 'grandchild', 'sibling', 'other')),
      created_at timestamptz not null default now(),
      primary key (guardian_id, dependant_id),
      check (guardian_id <> dependant_id)
    );
    create index guardianships_dependant_idx on guardianships (dependant_id);

    create table accounts (
      id uuid primary key,
      kind text not null check (kind in ('resident', 'staff')),
      person_id uuid references persons(id),
      username text unique check (username ~ '^[a-z0-9][a-z0-9._-]{2,39}$'),
      display_name text not null,
      password_hash text,
      phone_enc text,
      phone_hash text,
      phone_masked text,
      otp_required boolean not null default false,
      status text not null default 'active' check (status in ('active', 'disabled')),
      failed_sign_ins integer not null default 0,
      locked_until timestamptz,
      created_at timestamptz not null default now(),
      last_sign_in_at timestamptz,
      check (kind = 'resident' or (username is not null and password_hash is not null)),
      check (kind = 'staff' or phone_hash is not null)
    );
    create unique index accounts_resident_phone_idx on accounts (phone_hash) where kind = 'resident';
    create unique index accounts_resident_person_idx on accounts (person_id) where kind = 'resident';

    create table account_roles (
      account_id uuid not null references accounts(id) on delete cascade,
      role text not null check (role in ('resident', 'guard', 'venue_admin', 'org_admin', 'community_worker',
                                         'health_official', 'auditor', 'sysadmin')),
      region_code text not null references regions(code),
      granted_at timestamptz not null default now(),
      primary key (account_id, role, region_code)
    );

    create table sessions (
      token_hash text primary key,
      account_id uuid not null references accounts(id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now()
    );
    create index sessions_account_idx on sessions (account_id);
    create index sessions_expiry_idx on sessions (expires_at);

    create table otp_challenges (
      id uuid primary key,
      phone_hash text not null,
      purpose text not null check (purpose in ('resident_sign_in', 'staff_sign_in')),
      code_hash text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      attempts integer not null default 0,
      consumed_at timestamptz
    );
    create index otp_challenges_lookup_idx on otp_challenges (phone_hash, purpose, created_at desc);

    create table sms_outbox (
      id bigint generated always as identity primary key,
      phone_enc text not null,
      phone_masked text not null,
      body text not null,
      created_at timestamptz not null default now()
    );

    create table rate_limit_counters (
      key text primary key,
      hits integer not null,
      resets_at timestamptz not null
    );

    create table audit_log (
      id bigint primary key,
      at timestamptz not null,
      actor_account_id uuid,
      actor_label text not null,
      action text not null,
      target_type text,
      target_id text,
      region_code text,
      reason text,
      detail text not null default '{}',
      prev_hash text not null,
      hash text not null unique
    );
    create index audit_log_target_idx on audit_log (target_type, target_id);
    create index audit_log_actor_idx on audit_log (actor_account_id, at);

    -- Append-only, whatever the route or role: the database itself refuses changes.
    create function audit_log_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
    end $$;
    create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_refuse_change();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_refuse_change();

    create table venues (
      id uuid primary key,
      region_code text not null references regions(code),
      name text not null,
      kind text not null check (kind in ('residential', 'shop', 'restaurant', 'office', 'factory', 'school',
                                         'hospital', 'transport', 'public_place', 'other')),
      address text not null,
      synthetic boolean not null default false,
      created_at timestamptz not null default now()
    );
    create index venues_region_idx on venues (region_code, id);

    create table organisations (
      id uuid primary key,
      region_code text not null references regions(code),
      name text not null,
      kind text not null check (kind in ('company', 'school', 'community', 'government')),
      synthetic boolean not null default false,
      created_at timestamptz not null default now()
    );
    create index organisations_region_idx on organisations (region_code, id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table organisations, venues, audit_log, rate_limit_counters, sms_outbox, otp_challenges, sessions,
      account_roles, accounts, guardianships, persons, signing_keys, tenants, regions cascade;
    drop function audit_log_refuse_change();
  `.execute(db);
}
