/**
 * Check-ins in the dashboard rollups (migration 0780): per day × district, the check-ins of each
 * hour (checkins_hour:00 … checkins_hour:23, Asia/Shanghai) and those made with a yellow or red
 * code (checkins_abnormal). A statement-level trigger adds one delta per day, district and hour
 * that a statement's rows touch — a batch of the write path costs one small insert, not one per
 * check-in. Check-in rows are deleted when their partition's retention ends; their counts stay (no
 * personal data), like checkin_daily_volumes.
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function rollup_checkins() returns trigger language plpgsql as $$
    begin
      insert into rollup_deltas (day, region_code, measure, delta)
      select day, district, measure, sum(n)::int from (
        select (checked_in_at at time zone 'Asia/Shanghai')::date as day, rollup_district(region_code) as district,
          'checkins_hour:' || to_char(checked_in_at at time zone 'Asia/Shanghai', 'HH24') as measure, 1 as n
        from inserted
        union all
        select (checked_in_at at time zone 'Asia/Shanghai')::date, rollup_district(region_code), 'checkins_abnormal', 1
        from inserted where colour in ('yellow', 'red')
      ) c group by day, district, measure;
      return null;
    end $$;
    create trigger checkins_rollup after insert on checkins referencing new table as inserted for each statement execute function rollup_checkins();

    -- What the table holds already.
    insert into rollup_deltas (day, region_code, measure, delta)
    select (checked_in_at at time zone 'Asia/Shanghai')::date, rollup_district(region_code),
      'checkins_hour:' || to_char(checked_in_at at time zone 'Asia/Shanghai', 'HH24'), count(*)
    from checkins group by 1, 2, 3;
    insert into rollup_deltas (day, region_code, measure, delta)
    select (checked_in_at at time zone 'Asia/Shanghai')::date, rollup_district(region_code), 'checkins_abnormal', count(*)
    from checkins where colour in ('yellow', 'red') group by 1, 2;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger checkins_rollup on checkins;
    drop function rollup_checkins();
    delete from rollup_deltas where measure like 'checkins_%';
    delete from daily_rollups where measure like 'checkins_%';
  `.execute(db);
}
