/**
 * Tracing that fails (src/tracing/jobs.ts): a case whose trace throws stays requested, but is
 * set aside for a while so it cannot hold up the cases behind it — before, the oldest request was
 * claimed first on every round and a case that always failed stopped all tracing.
 *
 * - cases.trace_failures: how many traces of this request failed in a row (0 after a success).
 * - cases.trace_failed_at: when the last one failed; the job takes the case up again after a
 *   back-off that doubles with each failure (1, 2, 4 … up to 60 minutes).
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table cases add column trace_failures smallint not null default 0 check (trace_failures >= 0),
      add column trace_failed_at timestamptz
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table cases drop column trace_failures, drop column trace_failed_at`.execute(db);
}
