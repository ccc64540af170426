/**
 * Notices (疫情通知, issue 7): one row per notice and one row per recipient person, written in
 * batches by the fan-out (src/notices/jobs.ts) so that a district of 500,000 residents is a
 * background job, not one statement. The recipient row carries the read receipt (first open) and
 * the confirmation (收到). DING re-notifications of the unread are rows of notice_dings.
 * Search: pg_trgm GIN indexes make ILIKE '%…%' on title and body index-assisted (three characters
 * or more); pg_trgm is a trusted extension shipped with PostgreSQL (embedded and Debian).
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create extension if not exists pg_trgm;

    create table notices (
      id uuid primary key,
      audience_kind text not null check (audience_kind in ('region', 'organisation')),
      region_code text not null references regions(code),
      target_region_codes text[] not null default '{}',
      organisation_id uuid references organisations(id),
      unit_ids uuid[],
      title text not null check (char_length(title) between 1 and 100),
      body text not null check (char_length(body) between 1 and 2000),
      link text check (link is null or link ~ '^https?://'),
      ask_confirm boolean not null default false,
      sender_account_id uuid not null references accounts(id),
      sender_label text not null,
      status text not null default 'fanning_out' check (status in ('fanning_out', 'published')),
      fan_out_cursor text,
      recipient_count integer not null default 0,
      created_at timestamptz not null,
      published_at timestamptz,
      check ((audience_kind = 'organisation') = (organisation_id is not null))
    );
    create index notices_region_idx on notices (region_code text_pattern_ops, created_at desc, id);
    create index notices_org_idx on notices (organisation_id, created_at desc, id) where organisation_id is not null;
    create index notices_sender_idx on notices (sender_account_id, created_at desc, id);
    create index notices_title_trgm_idx on notices using gin (title gin_trgm_ops);
    create index notices_body_trgm_idx on notices using gin (body gin_trgm_ops);

    create table notice_recipients (
      notice_id uuid not null references notices(id),
      person_id uuid not null references persons(id),
      notice_created_at timestamptz not null,
      read_at timestamptz,
      confirmed_at timestamptz,
      last_dinged_at timestamptz,
      primary key (notice_id, person_id)
    );
    create index notice_recipients_person_idx on notice_recipients (person_id, notice_created_at desc, notice_id);
    create index notice_recipients_unread_idx on notice_recipients (notice_id, person_id) where read_at is null;

    create table notice_dings (
      id uuid primary key,
      notice_id uuid not null references notices(id),
      account_id uuid not null references accounts(id),
      created_at timestamptz not null,
      status text not null default 'sending' check (status in ('sending', 'done')),
      cursor text,
      sent integer not null default 0
    );
    create index notice_dings_notice_idx on notice_dings (notice_id, created_at desc);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table notice_dings, notice_recipients, notices`.execute(db);
}
