/**
 * Monitoring plans (监测计划, 居家观察) and their follow-ups (随访), src/monitoring. A plan watches one
 * person for a number of days (default 14) because of something else: a return declaration from a
 * risk area today ('travel_return', source_ref = the travel_returns row's travel_id), a close-contact
 * link later ('close_contact'); one plan per source (the unique key makes starting it idempotent).
 * It is assigned round-robin to a community worker of the person's home street
 * (monitoring_assignment_cursors remembers whose turn it is, per street) or left unassigned.
 * Follow-ups are evidence: one per plan and Asia/Shanghai day, stamped with the server's day only,
 * never changed or removed (triggers refuse it). A plan moves active → completed | ended, once.
 *
 * Returns that started home observation before this migration get their plan here (unassigned,
 * for the officials to assign), and their persons' colours are queued for review.
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table monitoring_plans (
      id uuid primary key,
      person_id uuid not null references persons(id),
      reason text not null check (reason in ('travel_return', 'close_contact')),
      source_ref text not null check (char_length(source_ref) between 1 and 100),
      region_code text not null,
      start_on date not null,
      end_on date not null,
      follow_up_from date not null,
      assigned_account_id uuid references accounts(id),
      status text not null default 'active' check (status in ('active', 'completed', 'ended')),
      created_at timestamptz not null,
      closed_at timestamptz,
      closed_by_account_id uuid references accounts(id),
      end_reason text check (end_reason is null or char_length(end_reason) between 2 and 200),
      check (end_on >= start_on),
      check (follow_up_from between start_on and end_on),
      check ((status = 'active') = (closed_at is null)),
      check ((status = 'ended') = (end_reason is not null)),
      unique (reason, source_ref)
    );
    create index monitoring_plans_assigned_idx on monitoring_plans (assigned_account_id, start_on, id) where status = 'active';
    create index monitoring_plans_region_idx on monitoring_plans (region_code text_pattern_ops, start_on desc, id desc);
    create index monitoring_plans_person_idx on monitoring_plans (person_id, created_at);
    create index monitoring_plans_due_idx on monitoring_plans (end_on) where status = 'active';

    create table monitoring_follow_ups (
      id uuid primary key,
      plan_id uuid not null references monitoring_plans(id),
      day date not null,
      recorded_at timestamptz not null,
      recorded_by_account_id uuid not null references accounts(id),
      reached boolean not null,
      temperature numeric(3, 1) check (temperature between 35.0 and 42.0),
      symptoms text[] not null default '{}' check (cardinality(symptoms) <= 8),
      note text check (note is null or char_length(note) <= 200),
      -- Reached: temperature and symptoms were asked; not reached: nothing was.
      check (reached = (temperature is not null)),
      check (reached = (cardinality(symptoms) > 0)),
      -- The server's Shanghai day of recorded_at: no field lets a client choose it.
      check (day = ((recorded_at at time zone 'UTC') + interval '8 hours')::date),
      unique (plan_id, day)
    );

    create function monitoring_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege';
    end $$;
    create trigger monitoring_follow_ups_no_update before update or delete on monitoring_follow_ups
      for each row execute function monitoring_refuse_change();
    create trigger monitoring_follow_ups_no_truncate before truncate on monitoring_follow_ups
      for each statement execute function monitoring_refuse_change();

    create table monitoring_assignment_cursors (
      region_code text primary key,
      last_account_id uuid
    );

    insert into monitoring_plans (id, person_id, reason, source_ref, region_code, start_on, end_on, follow_up_from, created_at)
      select gen_random_uuid(), r.person_id, 'travel_return', r.travel_id::text, r.home_region_code, r.returned_on, r.observation_until,
             greatest(r.returned_on, ((now() at time zone 'UTC') + interval '8 hours')::date), now()
        from travel_returns r
       where r.observation_required and r.observation_until >= ((now() at time zone 'UTC') + interval '8 hours')::date;
    insert into code_facts_changed (person_id, source, source_ref, changed_at)
      select person_id, 'monitoring', id::text, now() from monitoring_plans;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists monitoring_assignment_cursors;
    drop table if exists monitoring_follow_ups;
    drop table if exists monitoring_plans;
    drop function if exists monitoring_refuse_change();
  `.execute(db);
}
