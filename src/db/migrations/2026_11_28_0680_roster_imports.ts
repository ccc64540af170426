/**
 * Organisations' file jobs (issue 7): roster imports (花名册导入) and the daily check-in Excel
 * exports, both run by background jobs and read by the account that asked, for 24 hours.
 *
 * org_roster_imports: the uploaded .xlsx (encrypted like other personal data, since it holds names,
 * ID numbers and phones; cleared as soon as the job ends), the options, the progress (phase,
 * processed of total rows) and, when done, the row-by-row report (masked names only).
 * org_daily_exports: the day's statistics as counted when asked, the progress and the finished
 * workbook (masked names only).
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table org_roster_imports (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      region_code text not null,
      requested_by_account_id uuid not null references accounts(id),
      requested_by_label text not null,
      dry_run boolean not null,
      create_units boolean not null,
      file_enc text,
      file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
      file_bytes integer not null check (file_bytes > 0),
      phase text not null default 'queued' check (phase in ('queued', 'validating', 'writing', 'done', 'failed')),
      processed integer not null default 0 check (processed >= 0),
      total integer check (total >= 0),
      report jsonb,
      error jsonb,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      finished_at timestamptz,
      expires_at timestamptz not null,
      check ((phase = 'done') = (report is not null)),
      check ((phase = 'failed') = (error is not null)),
      check (phase not in ('done', 'failed') or file_enc is null),
      check (phase in ('done', 'failed') or file_enc is not null)
    );
    create index org_roster_imports_expiry_idx on org_roster_imports (expires_at);
    create index org_roster_imports_unfinished_idx on org_roster_imports (updated_at) where phase not in ('done', 'failed');

    create table org_daily_exports (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      region_code text not null,
      requested_by_account_id uuid not null references accounts(id),
      day date not null,
      unit_id uuid,
      statistics jsonb not null,
      status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
      processed integer not null default 0 check (processed >= 0),
      total integer not null check (total >= 0),
      row_count integer,
      file bytea,
      error text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      finished_at timestamptz,
      expires_at timestamptz not null,
      check ((status = 'done') = (file is not null))
    );
    create index org_daily_exports_expiry_idx on org_daily_exports (expires_at);
    create index org_daily_exports_unfinished_idx on org_daily_exports (updated_at) where status in ('queued', 'running');
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table org_daily_exports;
    drop table org_roster_imports;
  `.execute(db);
}
