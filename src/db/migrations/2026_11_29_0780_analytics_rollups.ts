/**
 * Rollups for the situation dashboards (src/analytics/rollups): counts per day × district ×
 * measure, kept as data arrives, so a dashboard never scans the raw tables.
 *
 * - rollup_deltas: what changed, appended by triggers in the same transaction as the change
 *   (+1 / −1 per row and measure). Insert-only, so no two writers ever wait on one counter row and
 *   no two can deadlock on a pair of them (a case in district A and a colour in B, and the other
 *   way round).
 * - daily_rollups: the folded totals. A job (fold) moves deltas in, one folder at a time (an
 *   advisory lock). Readers add the deltas not folded yet, so a figure is exact the moment its
 *   change commits.
 * - Measures: cases_reported:<classification> on the report day and cases_onset:<classification>
 *   on the onset day (cases, by their region's district); colour_net:<colour>, the colours that
 *   took effect on a day minus those left (code_status, by the person's home district at the
 *   change): a colour's total on a day is the sum of its nets up to that day.
 * - region_code: the district (first 6 digits) of a street or district code; a city or province
 *   code as it is (a case registered at city level belongs to no district).
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table rollup_deltas (
      id bigint generated always as identity primary key,
      day date not null,
      region_code text not null,
      measure text not null,
      delta integer not null
    );
    create index rollup_deltas_region_idx on rollup_deltas (region_code text_pattern_ops, measure, day);

    create table daily_rollups (
      day date not null,
      region_code text not null,
      measure text not null,
      value bigint not null,
      primary key (region_code, measure, day)
    );
    create index daily_rollups_region_idx on daily_rollups (region_code text_pattern_ops, measure, day);

    create function rollup_district(code text) returns text language sql immutable as $$
      select case when length(code) > 6 then left(code, 6) else code end
    $$;

    create function rollup_cases() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        insert into rollup_deltas (day, region_code, measure, delta)
        select d, rollup_district(old.region_code), m, -1
        from (values (old.reported_on, 'cases_reported:' || old.classification), (old.onset_on, 'cases_onset:' || old.classification)) v(d, m)
        where d is not null;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        insert into rollup_deltas (day, region_code, measure, delta)
        select d, rollup_district(new.region_code), m, 1
        from (values (new.reported_on, 'cases_reported:' || new.classification), (new.onset_on, 'cases_onset:' || new.classification)) v(d, m)
        where d is not null;
      end if;
      return null;
    end $$;
    create trigger cases_rollup after insert or delete on cases for each row execute function rollup_cases();
    create trigger cases_rollup_update after update of classification, region_code, reported_on, onset_on on cases for each row
      when (old.classification is distinct from new.classification or old.region_code is distinct from new.region_code
        or old.reported_on is distinct from new.reported_on or old.onset_on is distinct from new.onset_on)
      execute function rollup_cases();

    create function rollup_colours() returns trigger language plpgsql as $$
    declare
      district text;
      person uuid := coalesce(new.person_id, old.person_id);
    begin
      select rollup_district(home_region_code) into district from persons where id = person;
      if district is null then return null; end if;
      if tg_op in ('UPDATE', 'DELETE') then
        insert into rollup_deltas (day, region_code, measure, delta)
        values (((case when tg_op = 'DELETE' then now() else new.since end) at time zone 'Asia/Shanghai')::date, district, 'colour_net:' || old.colour, -1);
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        insert into rollup_deltas (day, region_code, measure, delta)
        values ((new.since at time zone 'Asia/Shanghai')::date, district, 'colour_net:' || new.colour, 1);
      end if;
      return null;
    end $$;
    create trigger code_status_rollup after insert or delete on code_status for each row execute function rollup_colours();
    create trigger code_status_rollup_update after update of colour on code_status for each row
      when (old.colour is distinct from new.colour) execute function rollup_colours();

    -- What the tables hold already.
    insert into rollup_deltas (day, region_code, measure, delta)
    select reported_on, rollup_district(region_code), 'cases_reported:' || classification, count(*) from cases group by 1, 2, 3;
    insert into rollup_deltas (day, region_code, measure, delta)
    select onset_on, rollup_district(region_code), 'cases_onset:' || classification, count(*) from cases where onset_on is not null group by 1, 2, 3;
    insert into rollup_deltas (day, region_code, measure, delta)
    select (s.since at time zone 'Asia/Shanghai')::date, rollup_district(p.home_region_code), 'colour_net:' || s.colour, count(*)
    from code_status s join persons p on p.id = s.person_id group by 1, 2, 3;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger code_status_rollup on code_status;
    drop trigger code_status_rollup_update on code_status;
    drop trigger cases_rollup on cases;
    drop trigger cases_rollup_update on cases;
    drop function rollup_colours(), rollup_cases(), rollup_district(text);
    drop table daily_rollups, rollup_deltas;
  `.execute(db);
}
