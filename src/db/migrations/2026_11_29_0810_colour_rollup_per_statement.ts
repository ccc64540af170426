/**
 * The colour rollups (colour_net:<colour>, migration 0780) from statement-level triggers: one
 * grouped insert of deltas per statement on code_status, the persons' home districts looked up in
 * that one query, instead of a row trigger run once per row with two single-row inserts — a contact
 * trace recolouring 400,000 persons fired it 400,000 times and wrote 800,000 deltas. The deltas
 * are the same, summed per day × district × measure:
 * - insert: +1 for the new colour on the day of `since` (Asia/Shanghai);
 * - update: for the rows whose colour changed only, −1 for the old colour and +1 for the new, both
 *   on the day of the new `since`; rows are paired by the primary key (person_id);
 * - delete: −1 for the old colour on today's date (Asia/Shanghai);
 * - persons without a home district add nothing.
 * PostgreSQL allows transition tables only on a trigger with one event and no column list, so
 * three triggers, and the update trigger fires for every update of code_status (it filters the
 * rows whose colour changed itself). An insert … on conflict do update fires the insert trigger
 * with the rows inserted and the update trigger with those updated.
 * Plans: PL/pgSQL caches a statement's plan made with the transition tables' sizes at the first
 * call in a session, and reuses it whatever their size later. So:
 * - persons is looked up per row through a lateral subquery kept apart (offset 0): one probe of
 *   its primary key per row, whatever the plan — never a scan of all persons for a small statement;
 * - the update's pairing of old and new rows runs as dynamic SQL (execute), planned at each call
 *   with the tables' real sizes: a plan cached from a one-row update (a nested loop over the two
 *   tables) took 81 s for a 20,000-row recolour in a test, and would take hours for 400,000.
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger code_status_rollup on code_status;
    drop trigger code_status_rollup_update on code_status;
    drop function rollup_colours();

    create function rollup_colours_inserted() returns trigger language plpgsql as $$
    begin
      insert into rollup_deltas (day, region_code, measure, delta)
      select (n.since at time zone 'Asia/Shanghai')::date, p.district, 'colour_net:' || n.colour, count(*)::int
      from inserted n
      cross join lateral (select rollup_district(home_region_code) as district from persons where id = n.person_id offset 0) p
      where p.district is not null
      group by 1, 2, 3;
      return null;
    end $$;

    create function rollup_colours_updated() returns trigger language plpgsql as $$
    begin
      execute $q$
        insert into rollup_deltas (day, region_code, measure, delta)
        select day, district, measure, sum(delta)::int from (
          select (n.since at time zone 'Asia/Shanghai')::date as day, p.district, c.measure, c.delta
          from old_rows o
          join new_rows n on n.person_id = o.person_id
          cross join lateral (select rollup_district(home_region_code) as district from persons where id = n.person_id offset 0) p
          cross join lateral (values ('colour_net:' || o.colour, -1), ('colour_net:' || n.colour, 1)) c(measure, delta)
          where o.colour is distinct from n.colour and p.district is not null
        ) d group by day, district, measure
      $q$;
      return null;
    end $$;

    create function rollup_colours_deleted() returns trigger language plpgsql as $$
    begin
      insert into rollup_deltas (day, region_code, measure, delta)
      select (now() at time zone 'Asia/Shanghai')::date, p.district, 'colour_net:' || o.colour, -count(*)::int
      from deleted o
      cross join lateral (select rollup_district(home_region_code) as district from persons where id = o.person_id offset 0) p
      where p.district is not null
      group by 1, 2, 3;
      return null;
    end $$;

    create trigger code_status_rollup_inserted after insert on code_status
      referencing new table as inserted for each statement execute function rollup_colours_inserted();
    create trigger code_status_rollup_updated after update on code_status
      referencing old table as old_rows new table as new_rows for each statement execute function rollup_colours_updated();
    create trigger code_status_rollup_deleted after delete on code_status
      referencing old table as deleted for each statement execute function rollup_colours_deleted();
  `.execute(db);
}

/** The row-level triggers of migration 0780, as they were. */
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger code_status_rollup_inserted on code_status;
    drop trigger code_status_rollup_updated on code_status;
    drop trigger code_status_rollup_deleted on code_status;
    drop function rollup_colours_inserted(), rollup_colours_updated(), rollup_colours_deleted();

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
  `.execute(db);
}
