/**
 * Tracing's Excel exports and venue exposure notices (场所暴露通知), src/tracing.
 *
 * - tracing_exports: a background file job (kernel/file-jobs.ts) of one kind — cases, contacts or
 *   an exposure's persons — with the filters asked for and the requester's role grants that carry
 *   the permission at that moment (the job lists exactly what the requester's list would show).
 *   error_code is a tracing error code (the API answers it with its zh/en); error_detail is the
 *   internal reason, for operators only.
 * - tracing_export_chunks: the finished .xlsx in pieces of about a megabyte, written while the
 *   workbook is streamed and read back one piece at a time by the download, so neither a
 *   1,000,000-row export nor its download ever holds the whole file in memory. Stored as is
 *   (storage external): a zip does not compress again.
 * - case_contacts_found_idx: the contact list's own order (found_at, case, person, all
 *   descending). The region index of migration 0730 starts with the region range, so each page of
 *   a city-wide list sorted every matching row again; an export of 1,000,000 contacts reads 200
 *   pages.
 * - venue_exposures: a venue and a time window marked exposed by a health official (window at
 *   most 14 days, from < to; the same venue and window once), with how many persons were there
 *   and the notice they got (if any).
 * - venue_exposure_persons: who was there — one row per person whose check-in overlapped the
 *   window (first check-in, last leave), kept with the exposure: check-ins are deleted at
 *   retention, the list of who was notified stays.
 * - notices: a 'persons' notice may be a staff member's without an organisation (the exposure's
 *   notice to the persons who were there, sent by the official); system notices still belong to
 *   an organisation.
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table tracing_exports (
      id uuid primary key,
      kind text not null check (kind in ('cases', 'contacts', 'exposure_persons')),
      filters jsonb not null default '{}',
      grants jsonb not null,
      region_code text,
      requested_by_account_id uuid not null references accounts(id),
      requested_by_label text not null,
      status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
      processed integer not null default 0 check (processed >= 0),
      total integer check (total >= 0),
      row_count integer check (row_count >= 0),
      file_bytes bigint,
      error_code text,
      error_detail text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      finished_at timestamptz,
      expires_at timestamptz not null,
      check ((status = 'done') = (row_count is not null and file_bytes is not null)),
      check ((status = 'failed') = (error_code is not null)),
      check ((status in ('done', 'failed')) = (finished_at is not null))
    );
    create index tracing_exports_requester_idx on tracing_exports (requested_by_account_id, created_at desc);
    create index tracing_exports_unfinished_idx on tracing_exports (updated_at) where status in ('queued', 'running');
    create index tracing_exports_expires_idx on tracing_exports (expires_at);

    create table tracing_export_chunks (
      export_id uuid not null references tracing_exports(id) on delete cascade,
      seq integer not null check (seq >= 0),
      data bytea not null,
      primary key (export_id, seq)
    );
    alter table tracing_export_chunks alter column data set storage external;

    create index case_contacts_found_idx on case_contacts (found_at desc, case_id desc, person_id desc);

    create table venue_exposures (
      id uuid primary key,
      venue_id uuid not null references venues(id),
      region_code text not null,
      from_at timestamptz not null,
      to_at timestamptz not null,
      note text check (note is null or char_length(note) between 1 and 200),
      persons integer not null default 0 check (persons >= 0),
      notice_id uuid references notices(id),
      created_at timestamptz not null,
      created_by_account_id uuid not null references accounts(id),
      created_by_label text not null,
      check (from_at < to_at),
      check (to_at - from_at <= interval '14 days'),
      unique (venue_id, from_at, to_at)
    );
    create index venue_exposures_region_idx on venue_exposures (region_code text_pattern_ops, created_at desc, id desc);

    create table venue_exposure_persons (
      exposure_id uuid not null references venue_exposures(id) on delete cascade,
      person_id uuid not null references persons(id),
      checked_in_at timestamptz not null,
      leave_at timestamptz not null,
      primary key (exposure_id, person_id)
    );
    create index venue_exposure_persons_order_idx on venue_exposure_persons (exposure_id, checked_in_at, person_id);

    alter table notices drop constraint notices_organisation_check;
    alter table notices add constraint notices_organisation_check check (case audience_kind
      when 'region' then organisation_id is null
      when 'organisation' then organisation_id is not null
      else organisation_id is not null or kind = 'staff' end);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    update venue_exposures set notice_id = null;
    delete from notice_dings where notice_id in (select id from notices where audience_kind = 'persons' and organisation_id is null);
    delete from notice_recipients where notice_id in (select id from notices where audience_kind = 'persons' and organisation_id is null);
    delete from notices where audience_kind = 'persons' and organisation_id is null;
    alter table notices drop constraint notices_organisation_check;
    alter table notices add constraint notices_organisation_check check ((audience_kind in ('organisation', 'persons')) = (organisation_id is not null));
    drop table venue_exposure_persons, venue_exposures, tracing_export_chunks, tracing_exports;
    drop index case_contacts_found_idx;
  `.execute(db);
}
