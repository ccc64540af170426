/**
 * Travel declarations (出行申报, issue 7): a resident (or guardian) declares a trip before it, and a
 * return declaration (返程申报) after it. Rows are never updated by the resident except that a
 * planned trip can be cancelled; the return declaration is its own row, one per trip. A return from
 * a risk area sets observation_required (居家观察): the monitoring plans of the tracing issue will
 * pick those rows up (see src/travel/service.ts). home_region_code is the person's home when
 * declaring, so community workers see the trips of their streets' residents.
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table travel_declarations (
      id uuid primary key,
      person_id uuid not null references persons(id),
      declared_by_account_id uuid not null references accounts(id),
      declared_at timestamptz not null,
      home_region_code text not null,
      from_region_code text not null references regions(code),
      to_region_code text not null references regions(code),
      via_region_codes text[] not null default '{}',
      leave_on date not null,
      return_on date not null,
      transport text not null check (transport in ('train', 'flight', 'coach', 'car', 'ship', 'other')),
      transport_number text check (transport_number is null or transport_number ~ '^[A-Z0-9]{2,8}$'),
      purpose text not null check (char_length(purpose) between 1 and 100),
      risk_region_codes text[] not null default '{}',
      status text not null default 'planned' check (status in ('planned', 'returned', 'cancelled')),
      cancelled_at timestamptz,
      check (return_on >= leave_on),
      check ((transport in ('train', 'flight')) = (transport_number is not null))
    );
    create index travel_declarations_person_idx on travel_declarations (person_id, declared_at desc, id);
    create index travel_declarations_home_idx on travel_declarations (home_region_code text_pattern_ops, declared_at desc, id);
    create index travel_declarations_regions_idx on travel_declarations using gin ((array[to_region_code] || via_region_codes));

    create table travel_returns (
      travel_id uuid primary key references travel_declarations(id),
      person_id uuid not null references persons(id),
      declared_by_account_id uuid not null references accounts(id),
      declared_at timestamptz not null,
      home_region_code text not null,
      returned_on date not null,
      visited_region_codes text[] not null,
      health text not null check (health in ('well', 'fever', 'symptoms')),
      observation_required boolean not null,
      observation_region_codes text[] not null default '{}',
      observation_until date
    );
    create index travel_returns_person_idx on travel_returns (person_id, returned_on);
    create index travel_returns_observation_idx on travel_returns (home_region_code text_pattern_ops, returned_on desc, travel_id) where observation_required;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists travel_returns; drop table if exists travel_declarations;`.execute(db);
}
