/**
 * The check-in write path, cheaper per batch (decision 0007, "throughput"):
 * - Daily volumes get a shard: each database connection adds to its own row of a (day, region),
 *   so concurrent batches no longer queue behind one hot counter row until the other commits.
 *   Readers sum the shards (they already summed over regions).
 * - Stored answers become text: they are only ever replayed, never queried, and jsonb made the
 *   database parse every answer twice on the way in.
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table checkin_daily_volumes add column shard smallint not null default 0 check (shard between 0 and 63);
    alter table checkin_daily_volumes drop constraint checkin_daily_volumes_pkey;
    alter table checkin_daily_volumes add primary key (day, region_code, shard);
    alter table checkin_requests alter column response type text using response::text;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table checkin_requests alter column response type jsonb using response::jsonb;
    create temporary table folded as select day, region_code, sum(checkins)::integer as checkins from checkin_daily_volumes group by 1, 2;
    delete from checkin_daily_volumes;
    alter table checkin_daily_volumes drop constraint checkin_daily_volumes_pkey;
    alter table checkin_daily_volumes drop column shard;
    insert into checkin_daily_volumes (day, region_code, checkins) select day, region_code, checkins from folded;
    alter table checkin_daily_volumes add primary key (day, region_code);
    drop table folded;
  `.execute(db);
}
