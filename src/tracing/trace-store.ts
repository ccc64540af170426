/**
 * The SQL of tracing: one statement per depth finds every check-in that overlapped the seeds'
 * visits (the rule of model/overlap.ts) and writes the links in the same statement, so the rows
 * never travel to Node. It walks the venue-time index: for each of a seed's visits, the visits at
 * the same venue that started at most a day before it (no visit lasts longer) and before its end
 * plus the tolerance tail; the per-day partitions are pruned at run time. The seeds' visits are
 * materialised with the bounds of that range as plain columns: computed inside the lateral
 * subquery, PostgreSQL re-derived them per probe and chose far worse plans (a cold 20,000-resident
 * trace took 18 s instead of 0.14 s).
 */
import { sql } from 'kysely';
import type { DbOrTrx } from '../db/transaction.ts';
import { MAX_STAY_MINUTES } from './model/overlap.ts';

export interface Seed {
  personId: string;
  /** The seed's window: the case's infectious window, or a contact's time since their first exposure. */
  from: Date;
  to: Date;
}

/** A person linked at one depth: their earliest exposure among the links just written, and how many links. */
export interface FoundContact {
  personId: string;
  overlapStart: Date;
  links: number;
}

export interface LevelQuery {
  caseId: string;
  depth: number;
  seeds: readonly Seed[];
  /** Persons who cannot be linked at this depth: the case, and everyone found at a lower depth. */
  excluded: readonly string[];
  toleranceMinutes: number;
  stayMinutesByKind: Readonly<Record<string, number>>;
}

/** What a depth's insert answers: one row per person linked (not per link, which may be millions at depth 2). */
const perPerson = sql`select person_id, min(overlap_start) as overlap_start, count(*)::int as links from written group by person_id`;

/** The effective end of a visit `c` at a venue of kind `kind` (model/overlap.ts visitEnd). */
const visitEnd = (c: string, kind: string) => sql.raw(`(case when ${c}.left_explicitly then ${c}.leave_at
  else coalesce(${c}.checked_in_at + make_interval(mins => (stays.by_kind ->> ${kind})::int), ${c}.leave_at) end)`);

/** Writes the venue links of one depth; answers each linked person with their earliest overlap start and their number of links. */
export async function insertVenueLinks(db: DbOrTrx, q: LevelQuery): Promise<FoundContact[]> {
  if (q.seeds.length === 0) return [];
  const maxStay = sql.raw(`interval '${MAX_STAY_MINUTES} minutes'`);
  const tail = sql`make_interval(mins => ${q.toleranceMinutes}::int)`;
  const result = await sql<FoundContact>`
    with stays as (select ${JSON.stringify(q.stayMinutesByKind)}::jsonb as by_kind),
    seeds as (
      select * from unnest(${q.seeds.map((s) => s.personId)}::uuid[], ${q.seeds.map((s) => s.from.toISOString())}::timestamptz[],
        ${q.seeds.map((s) => s.to.toISOString())}::timestamptz[]) as s(person_id, from_at, to_at)
    ),
    excluded as (select distinct unnest(${[...q.excluded]}::uuid[]) as person_id),
    visits as (
      select c.id, c.person_id, c.venue_id, v.kind as venue_kind,
        greatest(c.checked_in_at, s.from_at) as in_at, least(${visitEnd('c', 'v.kind')}, s.to_at) as out_at
      from seeds s
      cross join stays
      join checkins c on c.person_id = s.person_id and c.checked_in_at >= s.from_at - ${maxStay} and c.checked_in_at < s.to_at
      join venues v on v.id = c.venue_id
    ),
    presence as materialized (
      select visits.*, in_at - ${maxStay} as look_from, out_at + ${tail} as look_to from visits where out_at > in_at
    ),
    met as (
      select p.id as source_checkin_id, p.person_id as source_person_id, p.venue_id, p.venue_kind,
        o.id as contact_checkin_id, o.person_id,
        greatest(p.in_at, o.checked_in_at) as overlap_start, least(p.look_to, o.leave_at) as overlap_end
      from presence p
      cross join lateral (
        select c2.id, c2.person_id, c2.checked_in_at, ${visitEnd('c2', 'p.venue_kind')} as leave_at
        from checkins c2 cross join stays
        where c2.venue_id = p.venue_id
          and c2.checked_in_at >= p.look_from
          and c2.checked_in_at < p.look_to
          and c2.person_id <> p.person_id
      ) o
      where o.leave_at > p.in_at
        and not exists (select 1 from excluded e where e.person_id = o.person_id)
    ),
    written as (
      insert into contact_links (case_id, person_id, source_person_id, depth, kind, venue_id, venue_kind, source_checkin_id, contact_checkin_id, overlap_start, overlap_end, minutes)
      select ${q.caseId}::uuid, person_id, source_person_id, ${q.depth}::smallint, 'venue', venue_id, venue_kind, source_checkin_id, contact_checkin_id,
        overlap_start, overlap_end, round(extract(epoch from overlap_end - overlap_start) / 60)::int
      from met
      returning person_id, overlap_start
    )
    ${perPerson}
  `.execute(db);
  return result.rows;
}

/**
 * Writes the household (同住) and bound-family (绑定家属) links of one depth: everyone sharing a
 * seed's household or bound to them as guardian or dependant, exposed for the seed's whole window.
 */
export async function insertHomeLinks(db: DbOrTrx, q: Omit<LevelQuery, 'toleranceMinutes' | 'stayMinutesByKind'>): Promise<FoundContact[]> {
  if (q.seeds.length === 0) return [];
  const result = await sql<FoundContact>`
    with seeds as (
      select * from unnest(${q.seeds.map((s) => s.personId)}::uuid[], ${q.seeds.map((s) => s.from.toISOString())}::timestamptz[],
        ${q.seeds.map((s) => s.to.toISOString())}::timestamptz[]) as s(person_id, from_at, to_at)
    ),
    excluded as (select distinct unnest(${[...q.excluded]}::uuid[]) as person_id),
    home as (
      select s.person_id as source_person_id, m.person_id, 'household' as kind, s.from_at, s.to_at
      from seeds s join household_members h on h.person_id = s.person_id join household_members m on m.household_id = h.household_id
      union
      select s.person_id, g.dependant_id, 'family', s.from_at, s.to_at from seeds s join guardianships g on g.guardian_id = s.person_id
      union
      select s.person_id, g.guardian_id, 'family', s.from_at, s.to_at from seeds s join guardianships g on g.dependant_id = s.person_id
    ),
    written as (
      insert into contact_links (case_id, person_id, source_person_id, depth, kind, overlap_start, overlap_end, minutes)
      select ${q.caseId}::uuid, person_id, source_person_id, ${q.depth}::smallint, kind, from_at, to_at, round(extract(epoch from to_at - from_at) / 60)::int
      from home
      where person_id <> source_person_id and not exists (select 1 from excluded e where e.person_id = home.person_id)
      returning person_id, overlap_start
    )
    ${perPerson}
  `.execute(db);
  return result.rows;
}

export async function deleteLinksOfCase(db: DbOrTrx, caseId: string): Promise<void> {
  await db.deleteFrom('contactLinks').where('caseId', '=', caseId).execute();
}

/** The case's contacts before tracing again (to note the colour facts of those who are no longer linked). */
export async function findContactIdsOfCase(db: DbOrTrx, caseId: string): Promise<string[]> {
  return (await db.selectFrom('caseContacts').select('personId').where('caseId', '=', caseId).execute()).map((r) => r.personId);
}

/** Rebuilds the case's contact summaries from its links; answers how many contacts each depth has. */
export async function rebuildCaseContacts(db: DbOrTrx, caseId: string, foundAt: Date): Promise<{ personId: string; depth: number }[]> {
  await db.deleteFrom('caseContacts').where('caseId', '=', caseId).execute();
  const result = await sql<{ personId: string; depth: number }>`
    insert into case_contacts (case_id, person_id, region_code, depth, first_exposure_at, last_exposure_at, links, found_at)
    select l.case_id, l.person_id, p.home_region_code, min(l.depth), min(l.overlap_start), max(l.overlap_end), count(*), ${foundAt}::timestamptz
    from contact_links l join persons p on p.id = l.person_id
    where l.case_id = ${caseId}::uuid
    group by l.case_id, l.person_id, p.home_region_code
    returning person_id, depth
  `.execute(db);
  return result.rows;
}
