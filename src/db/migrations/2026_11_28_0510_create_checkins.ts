/**
 * Check-ins (场所登记): one row per person per entry, partitioned by RANGE on the check-in time (one
 * partition per Asia/Shanghai day), each day sub-partitioned by LIST on the retention the row was
 * recorded with, so that whole partitions are dropped when their retention ends (decision 0007).
 * No partition is made here: src/checkins/partitions creates them ahead (job) and on demand. No
 * default partition, so a row without its partition fails loudly instead of piling up in one.
 * Also: idempotency keys with their stored answers, daily volumes per region (counts only, kept
 * for dashboards), and Excel exports made by a background job.
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create sequence checkin_id_seq as bigint;

    create table checkins (
      id bigint not null,
      person_id uuid not null,
      venue_id uuid not null,
      region_code text not null,
      venue_name text not null,
      name_masked text not null,
      checked_in_at timestamptz not null,
      leave_at timestamptz not null,
      left_explicitly boolean not null default false,
      colour text check (colour in ('green', 'yellow', 'red')),
      method text not null check (method in ('scan', 'guard_code', 'guard_printed', 'guard_id')),
      recorded_by_account_id uuid,
      geofence_far boolean not null default false,
      distance_m integer check (distance_m >= 0),
      retention_days smallint not null check (retention_days between 14 and 60),
      check (leave_at >= checked_in_at),
      check ((method = 'scan') = (recorded_by_account_id is null))
    ) partition by range (checked_in_at);
    create index checkins_venue_time_idx on checkins (venue_id, checked_in_at);
    create index checkins_person_time_idx on checkins (person_id, checked_in_at);
    create index checkins_venue_alert_idx on checkins (venue_id, checked_in_at) where colour in ('yellow', 'red');

    create table checkin_requests (
      account_id uuid not null,
      key text not null check (key ~ '^[A-Za-z0-9_.:-]{8,128}$'),
      request_hash text not null,
      response jsonb,
      created_at timestamptz not null,
      primary key (account_id, key)
    );
    -- Keys expire after a day: a BRIN index finds old ones for the hourly cleanup and costs the insert path next to nothing.
    create index checkin_requests_created_idx on checkin_requests using brin (created_at);

    create table checkin_daily_volumes (
      day date not null,
      region_code text not null,
      checkins integer not null check (checkins >= 0),
      primary key (day, region_code)
    );

    create table checkin_exports (
      id uuid primary key,
      venue_id uuid not null,
      region_code text not null,
      requested_by_account_id uuid not null references accounts(id),
      window_from timestamptz not null,
      window_to timestamptz not null,
      status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
      row_count integer,
      file bytea,
      error text,
      created_at timestamptz not null,
      finished_at timestamptz,
      expires_at timestamptz not null,
      check (window_to > window_from),
      check ((status = 'done') = (file is not null))
    );
    create index checkin_exports_requester_idx on checkin_exports (requested_by_account_id, created_at desc);
    create index checkin_exports_expiry_idx on checkin_exports (expires_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table checkin_exports;
    drop table checkin_daily_volumes;
    drop table checkin_requests;
    drop table checkins;
    drop sequence checkin_id_seq;
  `.execute(db);
}
