/**
 * Two additions for the district map of the situation dashboard (src/analytics/maps):
 *
 * - district_maps: a region's district geometry (GeoJSON, one feature per district, keyed by its
 *   district code), with where it comes from and its map approval number (审图号). An installation
 *   loads the boundaries it holds a licence for; none are shipped (decision 0012), only the demo
 *   city's schematic tiles, flagged `schematic`.
 * - contacts_monitored in the rollups (migration 0780): close contacts under medical observation
 *   (在管密接) on each day, at the plan's district — every day from the plan's start to its end day,
 *   or to the day before it closed (the days the follow-ups rollup of migration 0800 counts). The
 *   map shades districts by it as well as by new cases.
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table district_maps (
      region_code text primary key,
      geojson jsonb not null,
      district_codes text[] not null,
      source text not null,
      approval_no text,
      schematic boolean not null default false,
      updated_at timestamptz not null,
      updated_by_account_id uuid
    );

    create function rollup_monitored_contact_days(p monitoring_plans, sign integer) returns void language sql as $$
      insert into rollup_deltas (day, region_code, measure, delta)
      select d::date, rollup_district(p.region_code), 'contacts_monitored', sign
      from generate_series(p.start_on,
        least(p.end_on, coalesce((p.closed_at at time zone 'Asia/Shanghai')::date - 1, p.end_on)), interval '1 day') d
      where p.reason = 'close_contact'
    $$;

    create function rollup_monitored_contacts() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then perform rollup_monitored_contact_days(old, -1); end if;
      if tg_op in ('INSERT', 'UPDATE') then perform rollup_monitored_contact_days(new, 1); end if;
      return null;
    end $$;
    create trigger monitoring_plans_contacts_rollup after insert or delete on monitoring_plans for each row
      execute function rollup_monitored_contacts();
    create trigger monitoring_plans_contacts_rollup_update after update of start_on, end_on, closed_at, region_code, reason on monitoring_plans for each row
      when (old.start_on is distinct from new.start_on or old.end_on is distinct from new.end_on or old.closed_at is distinct from new.closed_at
        or old.region_code is distinct from new.region_code or old.reason is distinct from new.reason)
      execute function rollup_monitored_contacts();

    -- What the table holds already.
    select rollup_monitored_contact_days(p, 1) from monitoring_plans p where p.reason = 'close_contact';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger monitoring_plans_contacts_rollup_update on monitoring_plans;
    drop trigger monitoring_plans_contacts_rollup on monitoring_plans;
    drop function rollup_monitored_contacts(), rollup_monitored_contact_days(monitoring_plans, integer);
    delete from rollup_deltas where measure = 'contacts_monitored';
    delete from daily_rollups where measure = 'contacts_monitored';
    drop table district_maps;
  `.execute(db);
}
