/**
 * Return to work (复工复产, issue 7). A company's resumption application (复工申请) moves
 * draft → submitted → approved | returned → resubmitted → approved | returned; every move is a row
 * of org_resumption_events (with the official's comment) besides the audit log. The contact
 * person's name and phone are encrypted like other personal data (masked copies for lists).
 * Employees' return-to-work declarations (返岗申报): one current row per member; HR (the
 * organisation's administrator) approves a return date or asks them to wait.
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table org_resumption_applications (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      region_code text not null,
      status text not null default 'draft' check (status in ('draft', 'submitted', 'approved', 'returned', 'resubmitted')),
      headcount integer not null check (headcount between 1 and 1000000),
      returning_count integer not null check (returning_count >= 0 and returning_count <= headcount),
      measures text not null check (char_length(measures) between 1 and 2000),
      masks integer not null check (masks >= 0),
      disinfectant_litres integer not null check (disinfectant_litres >= 0),
      contact_name_enc text not null,
      contact_name_masked text not null,
      contact_phone_enc text not null,
      contact_phone_masked text not null,
      created_by_account_id uuid not null references accounts(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      submitted_at timestamptz,
      decided_at timestamptz,
      decided_by_account_id uuid references accounts(id),
      decision_comment text check (decision_comment is null or char_length(decision_comment) <= 500)
    );
    create unique index org_resumption_open_idx on org_resumption_applications (organisation_id) where status <> 'approved';
    create index org_resumption_region_idx on org_resumption_applications (region_code text_pattern_ops, status, updated_at desc, id);

    create table org_resumption_events (
      id bigint generated always as identity primary key,
      application_id uuid not null references org_resumption_applications(id),
      at timestamptz not null,
      actor_account_id uuid not null references accounts(id),
      actor_label text not null,
      from_status text,
      to_status text not null,
      comment text check (comment is null or char_length(comment) <= 500)
    );
    create index org_resumption_events_app_idx on org_resumption_events (application_id, at);

    create table org_return_declarations (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      person_id uuid not null references persons(id),
      declared_by_account_id uuid not null references accounts(id),
      declared_at timestamptz not null,
      origin_region_code text not null references regions(code),
      quarantine text not null check (quarantine in ('none', 'home_observation', 'centralised', 'finished')),
      planned_on date not null,
      status text not null default 'pending' check (status in ('pending', 'approved', 'waiting')),
      approved_on date,
      hr_comment text check (hr_comment is null or char_length(hr_comment) <= 200),
      decided_by_account_id uuid references accounts(id),
      decided_at timestamptz,
      unique (organisation_id, person_id),
      check ((status = 'approved') = (approved_on is not null))
    );
    create index org_return_declarations_org_idx on org_return_declarations (organisation_id, person_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists org_return_declarations; drop table if exists org_resumption_events; drop table if exists org_resumption_applications;`.execute(db);
}
