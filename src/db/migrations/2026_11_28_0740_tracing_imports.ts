/**
 * Case imports (病例导入, src/tracing/import-service.ts): an official's .xlsx of cases, checked
 * (dry run) or written by a background job and read by the official who uploaded it, for 24 hours.
 *
 * case_imports: the upload (encrypted: it holds names, ID numbers and phones; cleared as soon as
 * the job ends), the receiving region, the progress (phase, processed of total rows) and, when
 * done, the row-by-row report (masked names only) or, when failed, the error.
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table case_imports (
      id uuid primary key,
      region_code text not null,
      requested_by_account_id uuid not null references accounts(id),
      requested_by_label text not null,
      dry_run boolean not null,
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
    create index case_imports_expiry_idx on case_imports (expires_at);
    create index case_imports_unfinished_idx on case_imports (requested_by_account_id, region_code) where phase not in ('done', 'failed');
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table case_imports`.execute(db);
}
