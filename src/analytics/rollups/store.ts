/** SQL of the rollups (migration 0780): the triggers append deltas; fold moves them into the daily totals. */
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { RollupRow } from './model.ts';

/** One folder at a time: two folding at once would each sum part of a counter's deltas and both upsert it. */
const FOLD_LOCK = 0x46595255; // "FYRU"

/**
 * Moves up to `limit` deltas into daily_rollups in one transaction; answers how many moved (0 when
 * another process is folding). Deltas committed meanwhile stay for the next round.
 */
export async function foldDeltas(db: DbOrTrx, limit: number): Promise<number> {
  const { rows } = await sql<{ moved: number | null }>`
    with lock as (select pg_try_advisory_xact_lock(${FOLD_LOCK}) as held),
    taken as (
      delete from rollup_deltas where id in (
        select id from rollup_deltas where (select held from lock) order by id limit ${limit} for update skip locked
      ) returning day, region_code, measure, delta
    ),
    summed as (
      insert into daily_rollups (day, region_code, measure, value)
      select day, region_code, measure, sum(delta) from taken group by day, region_code, measure
      order by region_code, measure, day
      on conflict (region_code, measure, day) do update set value = daily_rollups.value + excluded.value
      returning 1
    )
    select (select count(*) from taken)::int as moved, (select count(*) from summed) as upserted
  `.execute(db);
  return rows[0]?.moved ?? 0;
}

export interface RollupQuery {
  /** Regions by code prefix (regions-scope.ts regionPrefix): a city's prefix covers its districts. */
  prefix: string;
  measures: readonly string[];
  from: string;
  to: string;
}

/** The figures of each day × district × measure in the range: folded totals plus the deltas not folded yet. */
export async function readRollups(db: DbOrTrx, q: RollupQuery): Promise<RollupRow[]> {
  if (q.measures.length === 0) return [];
  const like = `${q.prefix}%`;
  const { rows } = await sql<RollupRow>`
    select to_char(day, 'YYYY-MM-DD') as day, region_code, measure, sum(value)::bigint as value from (
      select day, region_code, measure, value from daily_rollups
      where region_code like ${like} and measure = any(${[...q.measures]}::text[]) and day between ${q.from}::date and ${q.to}::date
      union all
      select day, region_code, measure, delta from rollup_deltas
      where region_code like ${like} and measure = any(${[...q.measures]}::text[]) and day between ${q.from}::date and ${q.to}::date
    ) r group by day, region_code, measure
    order by day, region_code, measure
  `.execute(db);
  return rows;
}

/** Each measure's total over all days before `day` (the start of a cumulative series). */
export async function readTotalsBefore(db: DbOrTrx, q: Omit<RollupQuery, 'from' | 'to'> & { day: string }): Promise<Map<string, number>> {
  if (q.measures.length === 0) return new Map();
  const like = `${q.prefix}%`;
  const { rows } = await sql<{ measure: string; value: number }>`
    select measure, sum(value)::bigint as value from (
      select measure, value from daily_rollups where region_code like ${like} and measure = any(${[...q.measures]}::text[]) and day < ${q.day}::date
      union all
      select measure, delta from rollup_deltas where region_code like ${like} and measure = any(${[...q.measures]}::text[]) and day < ${q.day}::date
    ) r group by measure
  `.execute(db);
  return new Map(rows.map((r) => [r.measure, r.value]));
}
