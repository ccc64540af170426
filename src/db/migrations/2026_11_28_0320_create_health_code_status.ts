/**
 * Health code: declarations (健康申报, kept forever, never updated), the person's current colour
 * (code_status), the append-only colour events, the "facts changed" outbox the review job reads,
 * and per-region rule sets and risk areas.
 * Frozen: never edit after release, add a new migration instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table health_declarations (
      id uuid primary key,
      person_id uuid not null references persons(id),
      declared_by_account_id uuid references accounts(id),
      declared_at timestamptz not null,
      region_code text not null references regions(code),
      address_enc text not null,
      phone_enc text,
      phone_masked text,
      temperature numeric(3, 1) not null check (temperature between 34.0 and 43.0),
      symptoms text[] not null check (cardinality(symptoms) between 1 and 8),
      stayed_region_codes text[] not null check (cardinality(stayed_region_codes) <= 20),
      contact text not null check (contact in ('none', 'confirmed', 'suspected')),
      pledge boolean not null check (pledge)
    );
    create index health_declarations_person_idx on health_declarations (person_id, declared_at desc, id desc);
    create index health_declarations_at_idx on health_declarations (declared_at);

    create table code_status (
      person_id uuid primary key references persons(id),
      subject_id bytea not null unique check (length(subject_id) = 16),
      colour text not null check (colour in ('green', 'yellow', 'red')),
      since timestamptz not null,
      until timestamptz,
      rule_set_ref text not null,
      reasons jsonb not null,
      next_review_at timestamptz,
      evaluated_at timestamptz not null
    );
    create index code_status_review_idx on code_status (next_review_at) where next_review_at is not null;

    create table colour_events (
      id bigint generated always as identity primary key,
      person_id uuid not null references persons(id),
      from_colour text check (from_colour in ('green', 'yellow', 'red')),
      to_colour text not null check (to_colour in ('green', 'yellow', 'red')),
      reason_code text not null,
      rule_id text,
      rule_version text,
      rule_set_ref text not null,
      evidence_ref text,
      actor_kind text not null check (actor_kind in ('system', 'account')),
      actor_account_id uuid references accounts(id),
      at timestamptz not null,
      check ((actor_kind = 'account') = (actor_account_id is not null))
    );
    create index colour_events_person_idx on colour_events (person_id, id);

    -- Colour history and declarations are evidence: the database itself refuses to change or remove them.
    create function health_code_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege';
    end $$;
    create trigger colour_events_no_update before update or delete on colour_events
      for each row execute function health_code_refuse_change();
    create trigger colour_events_no_truncate before truncate on colour_events
      for each statement execute function health_code_refuse_change();
    create trigger health_declarations_no_update before update or delete on health_declarations
      for each row execute function health_code_refuse_change();

    create table code_facts_changed (
      id bigint generated always as identity primary key,
      person_id uuid not null references persons(id),
      source text not null,
      source_ref text,
      changed_at timestamptz not null,
      processed_at timestamptz
    );
    create index code_facts_changed_pending_idx on code_facts_changed (id) where processed_at is null;
    create index code_facts_changed_person_idx on code_facts_changed (person_id) where processed_at is null;

    create table code_rule_sets (
      region_code text not null references regions(code),
      version integer not null check (version > 0),
      rule_set_id text not null,
      body jsonb not null,
      status text not null check (status in ('proposed', 'published', 'superseded')),
      proposed_by_account_id uuid references accounts(id),
      proposed_at timestamptz not null,
      published_by_account_id uuid references accounts(id),
      published_at timestamptz,
      primary key (region_code, version)
    );
    create unique index code_rule_sets_one_published_idx on code_rule_sets (region_code) where status = 'published';

    create table code_risk_areas (
      managing_region_code text not null references regions(code),
      region_code text not null references regions(code),
      level text not null check (level in ('high', 'medium')),
      updated_at timestamptz not null,
      primary key (managing_region_code, region_code)
    );
    create index code_risk_areas_region_idx on code_risk_areas (region_code);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table code_risk_areas, code_rule_sets, code_facts_changed, colour_events, code_status, health_declarations cascade;
    drop function health_code_refuse_change();
  `.execute(db);
}
