/**
 * Check-ins' write path: autovacuum of the leaf partitions of `checkins` and of `checkin_requests`
 * runs throttled (20 ms cost delay instead of 2 ms), so that a vacuum of today's partition at peak
 * does not hold up the batches being written (decision 0007, "Autovacuum on the write path"). New
 * partitions get the same setting when they are created (src/checkins/partitions/store.ts).
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

/** `change` (a SET or RESET of storage parameters) on the keys' table and on every leaf partition that exists. */
function onWritePath(db: Kysely<any>, change: string) {
  return sql`
    alter table checkin_requests ${sql.raw(change)};
    do $$
    declare leaf regclass;
    begin
      for leaf in select relid from pg_partition_tree('checkins') where isleaf loop
        execute format('alter table %s ${sql.raw(change)}', leaf);
      end loop;
    end $$;
  `.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await onWritePath(db, 'set (autovacuum_vacuum_cost_delay = 20)');
}

export async function down(db: Kysely<any>): Promise<void> {
  await onWritePath(db, 'reset (autovacuum_vacuum_cost_delay)');
}
