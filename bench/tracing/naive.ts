/**
 * The naive baseline: the same question tracing answers (who overlapped the case at depth 1, who
 * overlapped those at depth 2, with households and bound family, by the overlap rule of
 * src/tracing/model/overlap.ts) asked without the check-in indexes — index and bitmap scans are off
 * in its transaction, so the seeds' check-ins are hash-joined on venue with every check-in of the
 * window's partitions (sequential scans, partitions still pruned by time). Read-only: it answers
 * the persons found at each depth, which the bench compares with what traceCase wrote.
 */
import { sql } from 'kysely';
import type { Db } from '../../src/db/connection.ts';
import type { DbOrTrx } from '../../src/db/transaction.ts';
import { MAX_STAY_MINUTES } from '../../src/tracing/model/overlap.ts';
import type { TracingSettings } from '../../src/tracing/model/settings.ts';

interface Seed { personId: string; from: Date; to: Date }
interface Found { personId: string; overlapStart: Date }

const visitEnd = (c: string) => sql.raw(`(case when ${c}.left_explicitly then ${c}.leave_at
  else coalesce(${c}.checked_in_at + make_interval(mins => (stays.by_kind ->> v.kind)::int), ${c}.leave_at) end)`);

const seedsCte = (seeds: readonly Seed[]) => sql`select * from unnest(${seeds.map((s) => s.personId)}::uuid[], ${seeds.map((s) => s.from.toISOString())}::timestamptz[],
  ${seeds.map((s) => s.to.toISOString())}::timestamptz[]) as s(person_id, from_at, to_at)`;

async function venueContacts(db: DbOrTrx, seeds: readonly Seed[], excluded: readonly string[], settings: TracingSettings): Promise<Found[]> {
  const maxStayMs = MAX_STAY_MINUTES * 60_000;
  const tailMs = settings.toleranceMinutes * 60_000;
  // Constant bounds on both scans, so the planner prunes the partitions outside the window.
  const from = new Date(Math.min(...seeds.map((s) => s.from.getTime())) - maxStayMs);
  const to = new Date(Math.max(...seeds.map((s) => s.to.getTime())));
  const { rows } = await sql<Found>`
    with stays as (select ${JSON.stringify(settings.stayMinutesByKind)}::jsonb as by_kind),
    seeds as (${seedsCte(seeds)}),
    excluded as (select distinct unnest(${[...excluded]}::uuid[]) as person_id),
    presence as (
      select c.person_id, c.venue_id, greatest(c.checked_in_at, s.from_at) as in_at, least(${visitEnd('c')}, s.to_at) as out_at
      from checkins c
      join seeds s on s.person_id = c.person_id
      join venues v on v.id = c.venue_id
      cross join stays
      where c.checked_in_at >= ${from} and c.checked_in_at < ${to}
        and c.checked_in_at >= s.from_at - make_interval(mins => ${MAX_STAY_MINUTES}::int) and c.checked_in_at < s.to_at
    ),
    met as (
      select o.person_id, greatest(p.in_at, o.checked_in_at) as overlap_start
      from presence p
      join checkins o on o.venue_id = p.venue_id
      join venues v on v.id = o.venue_id
      cross join stays
      where o.checked_in_at >= ${from} and o.checked_in_at < ${new Date(to.getTime() + tailMs)}
        and o.checked_in_at >= p.in_at - make_interval(mins => ${MAX_STAY_MINUTES}::int)
        and o.checked_in_at < p.out_at + make_interval(mins => ${settings.toleranceMinutes}::int)
        and o.person_id <> p.person_id and p.out_at > p.in_at and ${visitEnd('o')} > p.in_at
    )
    select person_id, min(overlap_start) as overlap_start from met
    where not exists (select 1 from excluded e where e.person_id = met.person_id)
    group by person_id`.execute(db);
  return rows;
}

async function homeContacts(db: DbOrTrx, seeds: readonly Seed[], excluded: readonly string[]): Promise<Found[]> {
  const { rows } = await sql<Found>`
    with seeds as (${seedsCte(seeds)}),
    excluded as (select distinct unnest(${[...excluded]}::uuid[]) as person_id),
    home as (
      select s.person_id as source_person_id, m.person_id, s.from_at from seeds s
        join household_members h on h.person_id = s.person_id join household_members m on m.household_id = h.household_id
      union all select s.person_id, g.dependant_id, s.from_at from seeds s join guardianships g on g.guardian_id = s.person_id
      union all select s.person_id, g.guardian_id, s.from_at from seeds s join guardianships g on g.dependant_id = s.person_id
    )
    select person_id, min(from_at) as overlap_start from home
    where person_id <> source_person_id and not exists (select 1 from excluded e where e.person_id = home.person_id)
    group by person_id`.execute(db);
  return rows;
}

/** The persons found at each depth (index 0 = close contacts), as traceCase would find them for this case and window. */
export async function naiveContacts(db: Db, c: { personId: string; window: { from: Date; to: Date } }, settings: TracingSettings, now: Date): Promise<Set<string>[]> {
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_indexscan = off`.execute(trx);
    await sql`set local enable_indexonlyscan = off`.execute(trx);
    await sql`set local enable_bitmapscan = off`.execute(trx);
    const excluded = new Set([c.personId]);
    let seeds: Seed[] = [{ personId: c.personId, from: c.window.from, to: c.window.to }];
    const depths: Set<string>[] = [];
    for (let depth = 1; depth <= settings.depth && seeds.length > 0; depth++) {
      const found = [...await venueContacts(trx, seeds, [...excluded], settings), ...await homeContacts(trx, seeds, [...excluded])];
      const first = new Map<string, Date>();
      for (const f of found) {
        const seen = first.get(f.personId);
        if (!seen || f.overlapStart.getTime() < seen.getTime()) first.set(f.personId, f.overlapStart);
      }
      depths.push(new Set(first.keys()));
      seeds = [...first].map(([personId, from]) => ({ personId, from, to: now }));
      for (const s of seeds) excluded.add(s.personId);
    }
    return depths;
  });
}
