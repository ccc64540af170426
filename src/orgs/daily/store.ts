/**
 * SQL for daily check-ins. Counting happens in SQL (one aggregate per question, driven by the
 * indexes of migration 0610 and organisation_members' (organisation_id, unit_id, person_id)),
 * lists are keyset pages in person-id order, so a 100,000-member organisation's view reads a
 * few index ranges, never its whole table into Node.
 */
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { Organisation, OrganisationKind } from '../model.ts';
import type { DailyLocation } from './model.ts';

export interface DailyRow {
  id: string;
  organisationId: string;
  personId: string;
  day: string;
  submittedAt: Date;
  submittedByAccountId: string;
  temperature: number;
  symptoms: string[];
  cityCode: string;
  location: DailyLocation;
  abnormal: boolean;
  abnormalReasons: string[];
  homeRegionCode: string;
}

export interface CorrectionRow {
  id: string;
  checkinId: string;
  organisationId: string;
  personId: string;
  day: string;
  correctedAt: Date;
  correctedByAccountId: string;
  reason: string;
  temperature: number;
  symptoms: string[];
  cityCode: string;
  location: DailyLocation;
  abnormal: boolean;
  abnormalReasons: string[];
}

const CHECKIN_COLUMNS = ['id', 'organisationId', 'personId', 'day', 'submittedAt', 'submittedByAccountId', 'temperature', 'symptoms', 'cityCode', 'location', 'abnormal', 'abnormalReasons', 'homeRegionCode'] as const;

const num = <T extends { temperature: string | number }>(r: T) => ({ ...r, temperature: Number(r.temperature) });

/**
 * What a submission needs to know, in one round trip: the organisation, whether the person is an
 * active member, and their home region (kept on the check-in for the community's alert list).
 * Reads persons directly, like the lists below: this is the hot path of every morning.
 */
export async function findSubmissionContext(db: DbOrTrx, organisationId: string, personId: string): Promise<{
  organisation: Organisation | undefined; activeMember: boolean; homeRegionCode: string | undefined;
}> {
  const { rows } = await sql<{ id: string | null; regionCode: string | null; name: string | null; kind: OrganisationKind | null; code: string | null; activeMember: boolean; homeRegionCode: string | null }>`
    select o.id, o.region_code, o.name, o.kind, o.code,
      exists (select 1 from organisation_members m where m.organisation_id = ${organisationId}::uuid and m.person_id = ${personId}::uuid and m.status = 'active') as active_member,
      (select p.home_region_code from persons p where p.id = ${personId}::uuid) as home_region_code
    from (select 1) one left join organisations o on o.id = ${organisationId}::uuid`.execute(db);
  const r = rows[0]!;
  return {
    organisation: r.id ? { id: r.id, regionCode: r.regionCode!, name: r.name!, kind: r.kind!, code: r.code } : undefined,
    activeMember: r.activeMember, homeRegionCode: r.homeRegionCode ?? undefined,
  };
}

/**
 * Inserts the rows in one statement and returns the ids written: a row whose person already
 * checked in with the organisation that day (before, or earlier in `rows`) is skipped by the
 * unique key, so racing submissions cannot both land.
 */
export async function insertDailyCheckins(db: DbOrTrx, rows: readonly DailyRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const written = await db.insertInto('orgDailyCheckins').values([...rows])
    .onConflict((oc) => oc.columns(['organisationId', 'day', 'personId']).doNothing()).returning('id').execute();
  return new Set(written.map((r) => r.id));
}

export async function findDailyCheckin(db: DbOrTrx, organisationId: string, id: string): Promise<DailyRow | undefined> {
  const row = await db.selectFrom('orgDailyCheckins').select([...CHECKIN_COLUMNS]).where('organisationId', '=', organisationId).where('id', '=', id).executeTakeFirst();
  return row && num(row);
}

export async function findDailyCheckinOfDay(db: DbOrTrx, organisationId: string, personId: string, day: string): Promise<DailyRow | undefined> {
  const row = await db.selectFrom('orgDailyCheckins').select([...CHECKIN_COLUMNS])
    .where('organisationId', '=', organisationId).where('day', '=', day).where('personId', '=', personId).executeTakeFirst();
  return row && num(row);
}

/** The person's most recent check-in with any organisation (the form's default city). */
export async function findLastDailyCheckin(db: DbOrTrx, personId: string): Promise<Pick<DailyRow, 'cityCode' | 'location'> | undefined> {
  return db.selectFrom('orgDailyCheckins').select(['cityCode', 'location']).where('personId', '=', personId).orderBy('day', 'desc').orderBy('submittedAt', 'desc').limit(1).executeTakeFirst();
}

export async function insertCorrection(db: DbOrTrx, row: CorrectionRow): Promise<void> {
  await db.insertInto('orgDailyCorrections').values(row).execute();
}

export async function findCorrections(db: DbOrTrx, checkinIds: readonly string[]): Promise<CorrectionRow[]> {
  if (checkinIds.length === 0) return [];
  const rows = await db.selectFrom('orgDailyCorrections')
    .select(['id', 'checkinId', 'organisationId', 'personId', 'day', 'correctedAt', 'correctedByAccountId', 'reason', 'temperature', 'symptoms', 'cityCode', 'location', 'abnormal', 'abnormalReasons'])
    .where('checkinId', 'in', [...checkinIds]).orderBy('correctedAt').execute();
  return rows.map(num);
}

/** Per person and day since `fromDay`: abnormal as corrected (the latest correction decides). */
export async function findDailyFactRows(db: DbOrTrx, personIds: readonly string[], fromDay: string): Promise<{ personId: string; day: string; abnormal: boolean }[]> {
  if (personIds.length === 0) return [];
  const { rows } = await sql<{ personId: string; day: string; abnormal: boolean }>`
    select c.person_id, c.day, coalesce(k.abnormal, c.abnormal) as abnormal
    from org_daily_checkins c
    left join lateral (
      select abnormal from org_daily_corrections k where k.checkin_id = c.id order by corrected_at desc limit 1
    ) k on true
    where c.person_id = any(${[...personIds]}::uuid[]) and c.day >= ${fromDay}::date
    order by c.person_id, c.day`.execute(db);
  return rows;
}

/**
 * Members, submitted and abnormal (as submitted) per unit of the organisation (units' own members
 * only), for one day: the members once, hash-joined with the day's range of the check-ins' unique
 * key and of the partial abnormal index (index-only scans: no check-in row is read).
 */
export async function countDailyByUnit(db: DbOrTrx, organisationId: string, day: string): Promise<{ unitId: string | null; members: number; submitted: number; abnormal: number }[]> {
  const { rows } = await sql<{ unitId: string | null; members: string; submitted: string; abnormal: string }>`
    select m.unit_id, count(*) as members, count(s.person_id) as submitted, count(a.person_id) as abnormal
    from organisation_members m
    left join (select person_id from org_daily_checkins where organisation_id = ${organisationId}::uuid and day = ${day}::date) s on s.person_id = m.person_id
    left join (select person_id from org_daily_checkins where organisation_id = ${organisationId}::uuid and day = ${day}::date and abnormal) a on a.person_id = m.person_id
    where m.organisation_id = ${organisationId}::uuid and m.status = 'active'
    group by m.unit_id`.execute(db);
  return rows.map((r) => ({ unitId: r.unitId, members: Number(r.members), submitted: Number(r.submitted), abnormal: Number(r.abnormal) }));
}

/** What the day's corrections change in the abnormal counts, per unit (+1 made abnormal, −1 made normal; the latest correction counts). */
export async function countCorrectionDeltas(db: DbOrTrx, organisationId: string, day: string): Promise<{ unitId: string | null; delta: number }[]> {
  const { rows } = await sql<{ unitId: string | null; delta: string }>`
    select m.unit_id, sum(case when k.abnormal and not c.abnormal then 1 when c.abnormal and not k.abnormal then -1 else 0 end) as delta
    from (
      select distinct on (checkin_id) checkin_id, abnormal from org_daily_corrections
      where organisation_id = ${organisationId}::uuid and day = ${day}::date order by checkin_id, corrected_at desc
    ) k
    join org_daily_checkins c on c.id = k.checkin_id
    join organisation_members m on m.organisation_id = c.organisation_id and m.person_id = c.person_id and m.status = 'active'
    group by m.unit_id`.execute(db);
  return rows.map((r) => ({ unitId: r.unitId, delta: Number(r.delta) }));
}

/** Cached totals of closed days (see org_daily_totals). */
export async function findDailyTotals(db: DbOrTrx, organisationId: string, days: readonly string[]): Promise<{ day: string; submitted: number; abnormal: number }[]> {
  if (days.length === 0) return [];
  // A row counted before a correction of its day (committed meanwhile) is stale: ignored, counted again.
  const { rows } = await sql<{ day: string; submitted: number; abnormal: number }>`
    select t.day, t.submitted, t.abnormal from org_daily_totals t
    where t.organisation_id = ${organisationId}::uuid and t.day = any(${[...days]}::date[])
      and not exists (select 1 from org_daily_corrections k where k.organisation_id = t.organisation_id and k.day = t.day and k.corrected_at >= t.counted_at)`.execute(db);
  return rows;
}

/** `countedAt`: taken before counting, so a correction committed while counting makes the row stale. */
export async function insertDailyTotals(db: DbOrTrx, organisationId: string, rows: readonly { day: string; submitted: number; abnormal: number }[], countedAt: Date): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('orgDailyTotals').values(rows.map((r) => ({ organisationId, ...r, countedAt })))
    .onConflict((oc) => oc.columns(['organisationId', 'day']).doUpdateSet((eb) => ({ submitted: eb.ref('excluded.submitted'), abnormal: eb.ref('excluded.abnormal'), countedAt: eb.ref('excluded.countedAt') }))).execute();
}

export async function deleteDailyTotal(db: DbOrTrx, organisationId: string, day: string): Promise<void> {
  await db.deleteFrom('orgDailyTotals').where('organisationId', '=', organisationId).where('day', '=', day).execute();
}

/**
 * Submitted and abnormal per day over a range (whole organisation). Counted from the check-ins'
 * own indexes (the unique key and the partial abnormal index), corrections applied on top.
 */
export async function countDailyTrend(db: DbOrTrx, organisationId: string, fromDay: string, toDay: string): Promise<{ day: string; submitted: number; abnormal: number }[]> {
  const { rows } = await sql<{ day: string; submitted: string; abnormal: string }>`
    with submitted as (
      select day, count(*) as n from org_daily_checkins
      where organisation_id = ${organisationId}::uuid and day between ${fromDay}::date and ${toDay}::date group by day
    ), abnormal as (
      select day, count(*) as n from org_daily_checkins
      where organisation_id = ${organisationId}::uuid and day between ${fromDay}::date and ${toDay}::date and abnormal group by day
    ), corrected as (
      select k.day, sum(case when k.abnormal and not c.abnormal then 1 when c.abnormal and not k.abnormal then -1 else 0 end) as delta
      from (
        select distinct on (checkin_id) checkin_id, day, abnormal from org_daily_corrections
        where organisation_id = ${organisationId}::uuid and day between ${fromDay}::date and ${toDay}::date order by checkin_id, corrected_at desc
      ) k join org_daily_checkins c on c.id = k.checkin_id
      group by k.day
    )
    select s.day, s.n as submitted, coalesce(a.n, 0) + coalesce(k.delta, 0) as abnormal
    from submitted s left join abnormal a using (day) left join corrected k using (day)
    order by s.day`.execute(db);
  return rows.map((r) => ({ day: r.day, submitted: Number(r.submitted), abnormal: Number(r.abnormal) }));
}

export const LIST_STATUSES = ['submitted', 'missing', 'abnormal'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

export interface DailyListRow {
  personId: string;
  nameMasked: string;
  unitId: string | null;
  checkinId: string | null;
  submittedAt: Date | null;
  temperature: number | null;
  symptoms: string[] | null;
  cityCode: string | null;
  location: DailyLocation | null;
  abnormal: boolean | null;
  abnormalReasons: string[] | null;
  corrected: boolean;
}

/**
 * One page of the day's list, in person-id order from `after`, in two steps: the page's persons
 * (`submitted`/`missing` walk the members' primary key probing the check-ins' unique key, so a
 * page reads about a page of members; `abnormal` starts from the partial index of abnormal
 * check-ins plus the day's few corrections), then their details.
 */
export async function findDailyList(
  db: DbOrTrx, organisationId: string, day: string,
  options: { status: ListStatus | 'all'; unitIds?: readonly string[]; after?: string; limit: number },
): Promise<DailyListRow[]> {
  const units = options.unitIds ? sql`and m.unit_id = any(${[...options.unitIds]}::uuid[])` : sql``;
  let ids: string[];
  if (options.status === 'abnormal') {
    const after = options.after ? sql`and c.person_id > ${options.after}::uuid` : sql``;
    ({ rows: ids } = await sql<{ personId: string }>`
      select c.person_id from org_daily_checkins c
      join organisation_members m on m.organisation_id = c.organisation_id and m.person_id = c.person_id and m.status = 'active' ${units}
      left join lateral (select abnormal from org_daily_corrections k where k.checkin_id = c.id order by corrected_at desc limit 1) k on true
      where c.organisation_id = ${organisationId}::uuid and c.day = ${day}::date ${after}
        and (c.abnormal or c.id in (select checkin_id from org_daily_corrections where organisation_id = ${organisationId}::uuid and day = ${day}::date))
        and coalesce(k.abnormal, c.abnormal)
      order by c.person_id limit ${options.limit}`.execute(db).then((r) => ({ rows: r.rows.map((x) => x.personId) })));
  } else {
    const after = options.after ? sql`and m.person_id > ${options.after}::uuid` : sql``;
    const submitted = sql`(select 1 from org_daily_checkins c where c.organisation_id = m.organisation_id and c.day = ${day}::date and c.person_id = m.person_id)`;
    const filter = options.status === 'submitted' ? sql`and exists ${submitted}` : options.status === 'missing' ? sql`and not exists ${submitted}` : sql``;
    ({ rows: ids } = await sql<{ personId: string }>`
      select m.person_id from organisation_members m
      where m.organisation_id = ${organisationId}::uuid and m.status = 'active' ${units} ${after} ${filter}
      order by m.person_id limit ${options.limit}`.execute(db).then((r) => ({ rows: r.rows.map((x) => x.personId) })));
  }
  if (ids.length === 0) return [];
  const { rows } = await sql<Omit<DailyListRow, 'temperature'> & { temperature: string | null }>`
    select m.person_id, p.name_masked, m.unit_id, c.id as checkin_id, c.submitted_at,
      coalesce(k.temperature, c.temperature) as temperature, coalesce(k.symptoms, c.symptoms) as symptoms,
      coalesce(k.city_code, c.city_code) as city_code, coalesce(k.location, c.location) as location,
      coalesce(k.abnormal, c.abnormal) as abnormal, coalesce(k.abnormal_reasons, c.abnormal_reasons) as abnormal_reasons,
      (k.checkin_id is not null) as corrected
    from organisation_members m
    join persons p on p.id = m.person_id
    left join org_daily_checkins c on c.organisation_id = m.organisation_id and c.day = ${day}::date and c.person_id = m.person_id
    left join lateral (
      select checkin_id, temperature, symptoms, city_code, location, abnormal, abnormal_reasons from org_daily_corrections k
      where k.checkin_id = c.id order by corrected_at desc limit 1
    ) k on true
    where m.organisation_id = ${organisationId}::uuid and m.person_id = any(${ids}::uuid[])
    order by m.person_id`.execute(db);
  return rows.map((r) => ({ ...r, temperature: r.temperature === null ? null : Number(r.temperature) }));
}

/** Abnormal check-ins (as corrected) of persons living in these regions (GB/T 2260 prefixes) on a day: community workers' alerts. */
export async function findCommunityAlerts(db: DbOrTrx, prefixes: readonly string[], day: string, limit: number): Promise<{
  checkinId: string; organisationId: string; organisationName: string; personId: string; nameMasked: string; homeRegionCode: string;
  submittedAt: Date; temperature: number; abnormalReasons: string[]; cityCode: string;
}[]> {
  if (prefixes.length === 0) return [];
  const likeAny = sql.join(prefixes.map((p) => sql`c.home_region_code like ${`${p}%`}`), sql` or `);
  const { rows } = await sql<{
    checkinId: string; organisationId: string; organisationName: string; personId: string; nameMasked: string; homeRegionCode: string;
    submittedAt: Date; temperature: string; abnormalReasons: string[]; cityCode: string;
  }>`
    select c.id as checkin_id, c.organisation_id, o.name as organisation_name, c.person_id, p.name_masked, c.home_region_code, c.submitted_at,
      coalesce(k.temperature, c.temperature) as temperature, coalesce(k.abnormal_reasons, c.abnormal_reasons) as abnormal_reasons,
      coalesce(k.city_code, c.city_code) as city_code
    from org_daily_checkins c
    join organisations o on o.id = c.organisation_id
    join persons p on p.id = c.person_id
    left join lateral (
      select temperature, abnormal, abnormal_reasons, city_code from org_daily_corrections k where k.checkin_id = c.id order by corrected_at desc limit 1
    ) k on true
    where c.day = ${day}::date and (${likeAny})
      and (c.abnormal or c.id in (select checkin_id from org_daily_corrections where day = ${day}::date))
      and coalesce(k.abnormal, c.abnormal)
    order by c.submitted_at desc
    limit ${limit}`.execute(db);
  return rows.map((r) => ({ ...r, temperature: Number(r.temperature) }));
}

export async function findRemindAt(db: DbOrTrx, organisationId: string): Promise<string | undefined> {
  const row = await db.selectFrom('orgDailySettings').select(sql<string>`to_char(remind_at, 'HH24:MI')`.as('remindAt')).where('organisationId', '=', organisationId).executeTakeFirst();
  return row?.remindAt;
}

export async function upsertRemindAt(db: DbOrTrx, organisationId: string, remindAt: string, accountId: string, at: Date): Promise<void> {
  await db.insertInto('orgDailySettings').values({ organisationId, remindAt, updatedAt: at, updatedByAccountId: accountId })
    .onConflict((oc) => oc.column('organisationId').doUpdateSet({ remindAt, updatedAt: at, updatedByAccountId: accountId })).execute();
}

/** Non-synthetic organisations with active members whose reminder time (default 10:00) has come by `timeOfDay`. */
export async function findOrganisationsDueForReminder(db: DbOrTrx, timeOfDay: string, defaultRemindAt: string): Promise<{ id: string; name: string }[]> {
  const { rows } = await sql<{ id: string; name: string }>`
    select o.id, o.name from organisations o
    left join org_daily_settings s on s.organisation_id = o.id
    where not o.synthetic and coalesce(s.remind_at, ${defaultRemindAt}::time) <= ${timeOfDay}::time
      and exists (select 1 from organisation_members m where m.organisation_id = o.id and m.status = 'active')
    order by o.id`.execute(db);
  return rows;
}

/** Organisations a staff account administers, and (for readers) those in its regions: the console's picker. */
export async function findOrganisationsForStaff(db: DbOrTrx, accountId: string, readPrefixes: readonly string[], limit: number): Promise<{ id: string; name: string; kind: string; regionCode: string; admin: boolean }[]> {
  const inRegions = readPrefixes.length === 0 ? sql`false` : sql.join(readPrefixes.map((p) => sql`o.region_code like ${`${p}%`}`), sql` or `);
  const { rows } = await sql<{ id: string; name: string; kind: string; regionCode: string; admin: boolean }>`
    select o.id, o.name, o.kind, o.region_code, exists (select 1 from organisation_admins a where a.organisation_id = o.id and a.account_id = ${accountId}::uuid) as admin
    from organisations o
    where not o.synthetic and (o.id in (select organisation_id from organisation_admins where account_id = ${accountId}::uuid) or ${inRegions})
    order by admin desc, o.name
    limit ${limit}`.execute(db);
  return rows;
}

/**
 * Claims up to `limit` members of the organisation who have not checked in on `day` and were not
 * yet reminded on `channel` ('sms', 'notice') that day: the claim row (primary key organisation,
 * day, person, channel, migration 0660) is written first, so two processes never remind a person
 * twice on one channel, and each channel is claimed independently of the other.
 */
export async function claimRemindersOn(db: DbOrTrx, organisationId: string, day: string, at: Date, channel: 'sms' | 'notice', limit: number): Promise<string[]> {
  const { rows } = await sql<{ personId: string }>`
    insert into org_daily_reminders (organisation_id, person_id, day, sent_at, channel)
    select m.organisation_id, m.person_id, ${day}::date, ${at}, ${channel}
    from organisation_members m
    where m.organisation_id = ${organisationId}::uuid and m.status = 'active'
      and not exists (select 1 from org_daily_checkins c where c.organisation_id = m.organisation_id and c.day = ${day}::date and c.person_id = m.person_id)
      and not exists (select 1 from org_daily_reminders r where r.organisation_id = m.organisation_id and r.day = ${day}::date and r.person_id = m.person_id and r.channel = ${channel})
    order by m.person_id
    limit ${limit}
    on conflict do nothing
    returning person_id`.execute(db);
  return rows.map((r) => r.personId);
}
