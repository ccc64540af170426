/**
 * Daily health check-ins (健康打卡, issue 7): one per person per organisation per Asia/Shanghai day
 * (the unique key decides, so two requests racing cannot both land), stamped with the server's
 * day only. Check-ins and their corrections are evidence: the database refuses to change or
 * remove them (there is no update path in the code either); an org_admin's correction is a new
 * row next to the original. Reminders keep one row per person and day, so a reminder goes out at
 * most once whichever process sends it. Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table org_daily_settings (
      organisation_id uuid primary key references organisations(id),
      remind_at time not null default '10:00',
      updated_at timestamptz not null default now(),
      updated_by_account_id uuid references accounts(id)
    );

    create table org_daily_checkins (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      person_id uuid not null references persons(id),
      day date not null,
      submitted_at timestamptz not null,
      submitted_by_account_id uuid not null references accounts(id),
      temperature numeric(3, 1) not null check (temperature between 35.0 and 42.0),
      symptoms text[] not null check (cardinality(symptoms) between 1 and 8),
      city_code text not null references regions(code),
      location text not null check (location in ('home', 'work')),
      abnormal boolean not null,
      abnormal_reasons text[] not null,
      home_region_code text not null,
      -- The server's Shanghai day of submitted_at: no field lets a client choose it.
      check (day = ((submitted_at at time zone 'UTC') + interval '8 hours')::date),
      unique (organisation_id, day, person_id)
    );
    create index org_daily_checkins_person_idx on org_daily_checkins (person_id, day);
    -- Community workers' alert list: abnormal check-ins of persons living in their streets.
    create index org_daily_checkins_alert_idx on org_daily_checkins (day, home_region_code) where abnormal;
    -- The statistics' abnormal counts and lists read only the abnormal few.
    create index org_daily_checkins_abnormal_idx on org_daily_checkins (organisation_id, day, person_id) where abnormal;

    create table org_daily_corrections (
      id uuid primary key,
      checkin_id uuid not null references org_daily_checkins(id),
      organisation_id uuid not null references organisations(id),
      person_id uuid not null references persons(id),
      day date not null,
      corrected_at timestamptz not null,
      corrected_by_account_id uuid not null references accounts(id),
      reason text not null check (char_length(btrim(reason)) between 2 and 500),
      temperature numeric(3, 1) not null check (temperature between 35.0 and 42.0),
      symptoms text[] not null check (cardinality(symptoms) between 1 and 8),
      city_code text not null references regions(code),
      location text not null check (location in ('home', 'work')),
      abnormal boolean not null,
      abnormal_reasons text[] not null
    );
    create index org_daily_corrections_checkin_idx on org_daily_corrections (checkin_id, corrected_at);
    create index org_daily_corrections_org_day_idx on org_daily_corrections (organisation_id, day);
    create index org_daily_corrections_person_idx on org_daily_corrections (person_id, day);

    create function org_daily_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege';
    end $$;
    create trigger org_daily_checkins_no_update before update or delete on org_daily_checkins
      for each row execute function org_daily_refuse_change();
    create trigger org_daily_checkins_no_truncate before truncate on org_daily_checkins
      for each statement execute function org_daily_refuse_change();
    create trigger org_daily_corrections_no_update before update or delete on org_daily_corrections
      for each row execute function org_daily_refuse_change();
    create trigger org_daily_corrections_no_truncate before truncate on org_daily_corrections
      for each statement execute function org_daily_refuse_change();

    -- Closed days' totals for the statistics' trend (days before yesterday: no check-in can land
    -- there any more; a correction deletes its day's row, which is then counted again).
    create table org_daily_totals (
      organisation_id uuid not null references organisations(id),
      day date not null,
      submitted integer not null,
      abnormal integer not null,
      counted_at timestamptz not null default now(),
      primary key (organisation_id, day)
    );

    create table org_daily_reminders (
      organisation_id uuid not null references organisations(id),
      person_id uuid not null references persons(id),
      day date not null,
      sent_at timestamptz not null,
      channel text not null,
      primary key (organisation_id, day, person_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table org_daily_reminders, org_daily_totals, org_daily_corrections, org_daily_checkins, org_daily_settings;
    drop function org_daily_refuse_change();
  `.execute(db);
}
