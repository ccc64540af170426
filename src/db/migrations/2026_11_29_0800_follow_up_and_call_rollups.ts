/**
 * Follow-ups and screening calls in the dashboard rollups (migration 0780), per day × district:
 *
 * - followups_due: monitoring plans expecting a follow-up that day — each day from follow_up_from
 *   to the end day, or to the day before the plan closed (the same days the monitoring lists count
 *   as due, src/monitoring/store.ts). A plan adds +1 to each of its days; a change of its range
 *   or status takes the old days back and adds the new.
 * - followups_done / followups_reached: follow-ups recorded for that day, and those that reached
 *   the person (follow-ups are never changed or deleted).
 * - calls_result:<result>: persons the screening robot (智能外呼) finished with a result (normal,
 *   abnormal, needs_checking, not_reached, refused — the callee's final result, whatever number of
 *   calls it took), on the day it was reached, at the callee's district.
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function rollup_plan_days(p monitoring_plans, sign integer) returns void language sql as $$
      insert into rollup_deltas (day, region_code, measure, delta)
      select d::date, rollup_district(p.region_code), 'followups_due', sign
      from generate_series(p.follow_up_from,
        least(p.end_on, coalesce(((p.closed_at at time zone 'UTC') + interval '8 hours')::date - 1, p.end_on)), interval '1 day') d
    $$;

    create function rollup_plans() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then perform rollup_plan_days(old, -1); end if;
      if tg_op in ('INSERT', 'UPDATE') then perform rollup_plan_days(new, 1); end if;
      return null;
    end $$;
    create trigger monitoring_plans_rollup after insert or delete on monitoring_plans for each row execute function rollup_plans();
    create trigger monitoring_plans_rollup_update after update of follow_up_from, end_on, closed_at, region_code on monitoring_plans for each row
      when (old.follow_up_from is distinct from new.follow_up_from or old.end_on is distinct from new.end_on
        or old.closed_at is distinct from new.closed_at or old.region_code is distinct from new.region_code)
      execute function rollup_plans();

    create function rollup_follow_ups() returns trigger language plpgsql as $$
    begin
      insert into rollup_deltas (day, region_code, measure, delta)
      select f.day, rollup_district(p.region_code), m.measure, count(*)::int
      from inserted f join monitoring_plans p on p.id = f.plan_id
      cross join lateral (select 'followups_done' union all select 'followups_reached' where f.reached) m(measure)
      group by 1, 2, 3;
      return null;
    end $$;
    create trigger monitoring_follow_ups_rollup after insert on monitoring_follow_ups referencing new table as inserted for each statement execute function rollup_follow_ups();

    create function rollup_call_results() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.result is not null and old.completed_at is not null then
        insert into rollup_deltas (day, region_code, measure, delta)
        values ((old.completed_at at time zone 'Asia/Shanghai')::date, rollup_district(old.region_code), 'calls_result:' || old.result, -1);
      end if;
      if new.result is not null and new.completed_at is not null then
        insert into rollup_deltas (day, region_code, measure, delta)
        values ((new.completed_at at time zone 'Asia/Shanghai')::date, rollup_district(new.region_code), 'calls_result:' || new.result, 1);
      end if;
      return null;
    end $$;
    create trigger callbot_callees_rollup after insert on callbot_callees for each row
      when (new.result is not null and new.completed_at is not null) execute function rollup_call_results();
    create trigger callbot_callees_rollup_update after update of result, completed_at, region_code on callbot_callees for each row
      when (old.result is distinct from new.result or old.completed_at is distinct from new.completed_at or old.region_code is distinct from new.region_code)
      execute function rollup_call_results();

    -- What the tables hold already.
    select rollup_plan_days(p, 1) from monitoring_plans p;
    insert into rollup_deltas (day, region_code, measure, delta)
    select f.day, rollup_district(p.region_code), 'followups_done', count(*) from monitoring_follow_ups f join monitoring_plans p on p.id = f.plan_id group by 1, 2;
    insert into rollup_deltas (day, region_code, measure, delta)
    select f.day, rollup_district(p.region_code), 'followups_reached', count(*) from monitoring_follow_ups f join monitoring_plans p on p.id = f.plan_id where f.reached group by 1, 2;
    insert into rollup_deltas (day, region_code, measure, delta)
    select (completed_at at time zone 'Asia/Shanghai')::date, rollup_district(region_code), 'calls_result:' || result, count(*)
    from callbot_callees where result is not null and completed_at is not null group by 1, 2, 3;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger callbot_callees_rollup on callbot_callees;
    drop trigger callbot_callees_rollup_update on callbot_callees;
    drop trigger monitoring_follow_ups_rollup on monitoring_follow_ups;
    drop trigger monitoring_plans_rollup_update on monitoring_plans;
    drop trigger monitoring_plans_rollup on monitoring_plans;
    drop function rollup_call_results(), rollup_follow_ups(), rollup_plans(), rollup_plan_days(monitoring_plans, integer);
    delete from rollup_deltas where measure like 'followups_%' or measure like 'calls_result:%';
    delete from daily_rollups where measure like 'followups_%' or measure like 'calls_result:%';
  `.execute(db);
}
