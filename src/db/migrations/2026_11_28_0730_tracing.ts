/**
 * Contact tracing (流调), src/tracing: the case registry, the contacts found from check-ins and
 * households, and households themselves (src/people).
 *
 * - household_members: who lives together (同住人员); a person belongs to at most one household.
 * - cases: one row per person and episode, with the dates the infectious window is computed from
 *   (onset, or the positive test when there are no symptoms, to isolation), where it came from
 *   (an import from another region keeps the issuing region and its reference: unique, so a
 *   re-import updates instead of duplicating), and the tracing state (trace_requested_at is set
 *   when the case is confirmed or its window changes; the tracing job clears it).
 * - case_events: every classification change and window change, as events (never overwritten).
 * - contact_links: the evidence, one row per path: which case, whom the contact overlapped with
 *   (the case at depth 1, a close contact at depth 2, …), where and when, for how many minutes,
 *   and the two check-ins (ids only: check-ins are deleted at retention, the evidence stays).
 * - case_contacts: one row per (case, contact person) summarising the links (the lowest depth,
 *   the latest exposure): what lists, colours and follow-ups read.
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table household_members (
      person_id uuid primary key references persons(id) on delete cascade,
      household_id uuid not null,
      added_at timestamptz not null default now()
    );
    create index household_members_household_idx on household_members (household_id);

    create table cases (
      id uuid primary key,
      person_id uuid not null references persons(id),
      region_code text not null,
      classification text not null check (classification in ('suspected', 'confirmed', 'asymptomatic', 'excluded', 'recovered', 'died')),
      onset_on date,
      onset_approximate boolean not null default false,
      tested_positive_on date,
      isolated_at timestamptz,
      reported_on date not null,
      source text not null check (source in ('fever_clinic', 'lab', 'screening_call', 'self_report', 'other_region')),
      issuing_region_code text,
      external_ref text check (external_ref is null or char_length(external_ref) between 1 and 64),
      notes_enc text,
      created_at timestamptz not null,
      created_by_account_id uuid references accounts(id),
      updated_at timestamptz not null,
      trace_requested_at timestamptz,
      traced_at timestamptz,
      trace_window_from timestamptz,
      trace_window_to timestamptz,
      close_contacts integer not null default 0,
      secondary_contacts integer not null default 0,
      check ((source = 'other_region') = (issuing_region_code is not null)),
      check (external_ref is null or issuing_region_code is not null),
      unique (issuing_region_code, external_ref)
    );
    create index cases_region_idx on cases (region_code text_pattern_ops, reported_on desc, id desc);
    create index cases_person_idx on cases (person_id);
    create index cases_trace_due_idx on cases (trace_requested_at) where trace_requested_at is not null;

    create table case_events (
      id bigint generated always as identity primary key,
      case_id uuid not null references cases(id) on delete cascade,
      at timestamptz not null,
      kind text not null check (kind in ('registered', 'classified', 'window_changed', 'imported')),
      from_classification text,
      to_classification text,
      actor_account_id uuid references accounts(id),
      actor_label text not null,
      detail jsonb not null default '{}'
    );
    create index case_events_case_idx on case_events (case_id, id);

    create table contact_links (
      id bigint generated always as identity primary key,
      case_id uuid not null references cases(id) on delete cascade,
      person_id uuid not null references persons(id),
      source_person_id uuid not null references persons(id),
      depth smallint not null check (depth between 1 and 5),
      kind text not null check (kind in ('venue', 'household', 'family')),
      venue_id uuid references venues(id),
      venue_kind text,
      source_checkin_id bigint,
      contact_checkin_id bigint,
      overlap_start timestamptz not null,
      overlap_end timestamptz not null,
      minutes integer not null check (minutes >= 0),
      check (overlap_end >= overlap_start),
      check ((kind = 'venue') = (venue_id is not null)),
      check (person_id <> source_person_id)
    );
    create index contact_links_case_idx on contact_links (case_id, depth, id);
    create index contact_links_person_idx on contact_links (person_id, case_id);

    create table case_contacts (
      case_id uuid not null references cases(id) on delete cascade,
      person_id uuid not null references persons(id),
      region_code text not null,
      depth smallint not null check (depth between 1 and 5),
      first_exposure_at timestamptz not null,
      last_exposure_at timestamptz not null,
      links integer not null check (links >= 1),
      found_at timestamptz not null,
      primary key (case_id, person_id)
    );
    create index case_contacts_region_idx on case_contacts (region_code text_pattern_ops, found_at desc, case_id, person_id);
    create index case_contacts_person_idx on case_contacts (person_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table case_contacts, contact_links, case_events, cases, household_members`.execute(db);
}
