/**
 * What the screening robot's results leave behind (src/callbot/results, issue 8).
 *
 * callbot_follow_up_tasks (随访任务) of two kinds: follow_up (随访核实) for an abnormal callee,
 * home_visit (上门核查) for a callee the campaign gave up on as not reached. Each is for a community
 * worker of the callee's street (round-robin, the monitoring capability's cursor) or unassigned;
 * open → done once, with who closed it and a note. At most one open task per callee and kind, one
 * per deciding call (the attempt), and one home visit per callee ever (its not-reached result may
 * have no attempt: the campaign's last day ended), so writing it again changes nothing.
 * callbot_screenings: the health-code fact `screenings` (智能外呼筛查) of a callee matched to a
 * registered person — one row per call that ended normal or abnormal, keyed by the call (attempt)
 * that is its evidence; never changed or removed (the colour's history rests on it).
 * callbot_report_exports: the campaign report as Excel, made by a background file job
 * (kernel/file-jobs.ts): status, progress and the finished workbook (masked names and phones).
 * The attempt references are deferred: the hook runs in the transaction that writes the attempt.
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table callbot_follow_up_tasks (
      id uuid primary key,
      campaign_id uuid not null references callbot_campaigns(id),
      callee_id uuid not null references callbot_callees(id),
      attempt_id uuid references callbot_attempts(id) deferrable initially deferred,
      person_id uuid references persons(id),
      region_code text not null,
      kind text not null default 'follow_up' check (kind in ('follow_up', 'home_visit')),
      reasons text[] not null default '{}' check (cardinality(reasons) <= 7),
      temperature numeric(4, 1),
      status text not null default 'open' check (status in ('open', 'done')),
      assigned_account_id uuid references accounts(id),
      created_at timestamptz not null,
      done_at timestamptz,
      done_by_account_id uuid references accounts(id),
      note text check (note is null or char_length(note) <= 500),
      check ((status = 'done') = (done_at is not null)),
      check ((status = 'done') = (done_by_account_id is not null)),
      check (kind = 'follow_up' or (cardinality(reasons) = 0 and temperature is null)),
      unique (attempt_id)
    );
    create unique index callbot_follow_up_tasks_open_idx on callbot_follow_up_tasks (callee_id, kind) where status = 'open';
    create unique index callbot_follow_up_tasks_home_visit_idx on callbot_follow_up_tasks (callee_id) where kind = 'home_visit';
    create index callbot_follow_up_tasks_assigned_idx on callbot_follow_up_tasks (assigned_account_id, status, created_at, id);
    create index callbot_follow_up_tasks_region_idx on callbot_follow_up_tasks (region_code text_pattern_ops, status, created_at, id);
    create index callbot_follow_up_tasks_campaign_idx on callbot_follow_up_tasks (campaign_id);
    create index callbot_follow_up_tasks_callee_idx on callbot_follow_up_tasks (callee_id, kind);

    create table callbot_screenings (
      attempt_id uuid primary key references callbot_attempts(id) deferrable initially deferred,
      person_id uuid not null references persons(id),
      campaign_id uuid not null references callbot_campaigns(id),
      callee_id uuid not null references callbot_callees(id),
      answered_at timestamptz not null,
      abnormal boolean not null,
      reasons text[] not null default '{}' check (cardinality(reasons) <= 7),
      temperature numeric(4, 1),
      recorded_at timestamptz not null,
      check (abnormal or cardinality(reasons) = 0)
    );
    create index callbot_screenings_person_idx on callbot_screenings (person_id, answered_at);
    create trigger callbot_screenings_no_update before update or delete on callbot_screenings
      for each row execute function callbot_refuse_change();
    create trigger callbot_screenings_no_truncate before truncate on callbot_screenings
      for each statement execute function callbot_refuse_change();

    create table callbot_report_exports (
      id uuid primary key,
      campaign_id uuid not null references callbot_campaigns(id),
      region_code text not null,
      requested_by_account_id uuid not null references accounts(id),
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
    create index callbot_report_exports_expiry_idx on callbot_report_exports (expires_at);
    create index callbot_report_exports_unfinished_idx on callbot_report_exports (updated_at) where status in ('queued', 'running');
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists callbot_report_exports;
    drop table if exists callbot_screenings;
    drop table if exists callbot_follow_up_tasks;
  `.execute(db);
}
