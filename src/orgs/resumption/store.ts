/** SQL for org_resumption_applications, org_resumption_events and org_return_declarations. */
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { QuarantineState, ResumptionStatus, ReturnBucket, ReturnStatus } from './model.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ApplicationRow {
  id: string;
  organisationId: string;
  regionCode: string;
  status: ResumptionStatus;
  headcount: number;
  returningCount: number;
  measures: string;
  masks: number;
  disinfectantLitres: number;
  contactNameEnc: string;
  contactNameMasked: string;
  contactPhoneEnc: string;
  contactPhoneMasked: string;
  createdByAccountId: string;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  decidedAt: Date | null;
  decidedByAccountId: string | null;
  decisionComment: string | null;
}

export interface EventRow { id: number; applicationId: string; at: Date; actorAccountId: string; actorLabel: string; fromStatus: string | null; toStatus: string; comment: string | null }

const APPLICATION_COLUMNS = [
  'id', 'organisationId', 'regionCode', 'status', 'headcount', 'returningCount', 'measures', 'masks', 'disinfectantLitres',
  'contactNameEnc', 'contactNameMasked', 'contactPhoneEnc', 'contactPhoneMasked', 'createdByAccountId', 'createdAt', 'updatedAt',
  'submittedAt', 'decidedAt', 'decidedByAccountId', 'decisionComment',
] as const;

export async function insertApplication(db: DbOrTrx, row: ApplicationRow): Promise<void> {
  await db.insertInto('orgResumptionApplications').values(row).execute();
}

export async function findApplication(db: DbOrTrx, id: string, lock = false): Promise<ApplicationRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const q = db.selectFrom('orgResumptionApplications').select(APPLICATION_COLUMNS).where('id', '=', id);
  return lock ? q.forUpdate().executeTakeFirst() : q.executeTakeFirst();
}

export async function updateApplication(db: DbOrTrx, id: string, change: Partial<Omit<ApplicationRow, 'id' | 'organisationId' | 'createdAt' | 'createdByAccountId'>>): Promise<void> {
  await db.updateTable('orgResumptionApplications').set(change).where('id', '=', id).execute();
}

export async function findApplicationsOfOrganisation(db: DbOrTrx, organisationId: string): Promise<ApplicationRow[]> {
  return db.selectFrom('orgResumptionApplications').select(APPLICATION_COLUMNS).where('organisationId', '=', organisationId)
    .orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(50).execute();
}

/** Applications of organisations under the prefixes (optionally in these statuses), newest change first, after the cursor. */
export async function findApplicationsInRegions(
  db: DbOrTrx, query: { prefixes: readonly string[]; statuses?: readonly ResumptionStatus[]; after?: { updatedAt: Date; id: string }; limit: number },
): Promise<(ApplicationRow & { organisationName: string })[]> {
  if (query.prefixes.length === 0) return [];
  let q = db.selectFrom('orgResumptionApplications').innerJoin('organisations', 'organisations.id', 'orgResumptionApplications.organisationId')
    .select([...APPLICATION_COLUMNS.map((c) => `orgResumptionApplications.${c}` as const), 'organisations.name as organisationName'])
    .where((eb) => eb.or(query.prefixes.map((p) => eb('orgResumptionApplications.regionCode', 'like', `${p}%`))));
  if (query.statuses && query.statuses.length > 0) q = q.where('orgResumptionApplications.status', 'in', [...query.statuses]);
  if (query.after) {
    const { updatedAt, id } = query.after;
    q = q.where((eb) => eb.or([
      eb('orgResumptionApplications.updatedAt', '<', updatedAt),
      eb.and([eb('orgResumptionApplications.updatedAt', '=', updatedAt), eb('orgResumptionApplications.id', '<', id)]),
    ]));
  }
  return q.orderBy('orgResumptionApplications.updatedAt', 'desc').orderBy('orgResumptionApplications.id', 'desc').limit(query.limit).execute();
}

export async function insertEvent(db: DbOrTrx, row: Omit<EventRow, 'id'>): Promise<void> {
  await db.insertInto('orgResumptionEvents').values(row).execute();
}

export async function findEvents(db: DbOrTrx, applicationIds: readonly string[]): Promise<EventRow[]> {
  if (applicationIds.length === 0) return [];
  return db.selectFrom('orgResumptionEvents').selectAll().where('applicationId', 'in', [...applicationIds]).orderBy('at').orderBy('id').execute();
}

// ---- return-to-work declarations ----

export interface ReturnRow {
  id: string;
  organisationId: string;
  personId: string;
  declaredByAccountId: string;
  declaredAt: Date;
  originRegionCode: string;
  quarantine: QuarantineState;
  plannedOn: string;
  status: ReturnStatus;
  approvedOn: string | null;
  hrComment: string | null;
  decidedByAccountId: string | null;
  decidedAt: Date | null;
}

const RETURN_COLUMNS = ['id', 'organisationId', 'personId', 'declaredByAccountId', 'declaredAt', 'originRegionCode', 'quarantine', 'plannedOn', 'status', 'approvedOn', 'hrComment', 'decidedByAccountId', 'decidedAt'] as const;

/** One current declaration per member: declaring again replaces it and clears HR's decision. */
export async function upsertReturn(db: DbOrTrx, row: Omit<ReturnRow, 'status' | 'approvedOn' | 'hrComment' | 'decidedByAccountId' | 'decidedAt'>): Promise<ReturnRow> {
  return db.insertInto('orgReturnDeclarations').values({ ...row, status: 'pending' })
    .onConflict((oc) => oc.columns(['organisationId', 'personId']).doUpdateSet({
      declaredByAccountId: row.declaredByAccountId, declaredAt: row.declaredAt, originRegionCode: row.originRegionCode, quarantine: row.quarantine,
      plannedOn: row.plannedOn, status: 'pending', approvedOn: null, hrComment: null, decidedByAccountId: null, decidedAt: null,
    })).returning(RETURN_COLUMNS).executeTakeFirstOrThrow();
}

export async function findReturn(db: DbOrTrx, organisationId: string, personId: string): Promise<ReturnRow | undefined> {
  if (!UUID.test(personId)) return undefined;
  return db.selectFrom('orgReturnDeclarations').select(RETURN_COLUMNS).where('organisationId', '=', organisationId).where('personId', '=', personId).executeTakeFirst();
}

export async function findReturnsOfPersons(db: DbOrTrx, personIds: readonly string[]): Promise<ReturnRow[]> {
  if (personIds.length === 0) return [];
  return db.selectFrom('orgReturnDeclarations').select(RETURN_COLUMNS).where('personId', 'in', [...personIds]).orderBy('declaredAt', 'desc').execute();
}

export async function decideReturn(db: DbOrTrx, id: string, change: { status: 'approved' | 'waiting'; approvedOn: string | null; hrComment: string | null; decidedByAccountId: string; decidedAt: Date }): Promise<ReturnRow> {
  return db.updateTable('orgReturnDeclarations').set(change).where('id', '=', id).returning(RETURN_COLUMNS).executeTakeFirstOrThrow();
}

const bucketSql = (today: string) => sql<ReturnBucket>`case
  when d.status = 'approved' and d.approved_on <= ${today}::date then 'back'
  when d.quarantine in ('home_observation', 'centralised') then 'observation'
  else 'waiting' end`;

/** Declarations of active members per (unit, bucket). */
export async function countReturnsByUnit(db: DbOrTrx, organisationId: string, today: string): Promise<{ unitId: string | null; bucket: ReturnBucket; n: number }[]> {
  const rows = await sql<{ unitId: string | null; bucket: ReturnBucket; n: number }>`
    select m.unit_id, ${bucketSql(today)} as bucket, count(*)::int as n
    from org_return_declarations d
    join organisation_members m on m.organisation_id = d.organisation_id and m.person_id = d.person_id and m.status = 'active'
    where d.organisation_id = ${organisationId}
    group by 1, 2`.execute(db);
  return rows.rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Active members per unit (for "not declared"). */
export async function countMembersByUnit(db: DbOrTrx, organisationId: string): Promise<{ unitId: string | null; n: number }[]> {
  const rows = await db.selectFrom('organisationMembers').select(['unitId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('organisationId', '=', organisationId).where('status', '=', 'active').groupBy('unitId').execute();
  return rows.map((r) => ({ unitId: r.unitId, n: Number(r.n) }));
}

/** Declarations of active members in a bucket (optionally these units), person-id order after `after`. */
export async function findReturnsInBucket(
  db: DbOrTrx, organisationId: string, today: string, query: { bucket?: ReturnBucket; unitIds?: readonly string[]; after?: string; limit: number },
): Promise<(ReturnRow & { unitId: string | null; bucket: ReturnBucket })[]> {
  const unitFilter = query.unitIds ? (query.unitIds.length === 0 ? sql`and false` : sql`and m.unit_id in (${sql.join(query.unitIds.map((u) => sql`${u}::uuid`))})`) : sql``;
  const rows = await sql<ReturnRow & { unitId: string | null; bucket: ReturnBucket }>`
    select * from (
      select d.id, d.organisation_id, d.person_id, d.declared_by_account_id, d.declared_at, d.origin_region_code, d.quarantine,
        d.planned_on, d.status, d.approved_on, d.hr_comment, d.decided_by_account_id, d.decided_at, m.unit_id, ${bucketSql(today)} as bucket
      from org_return_declarations d
      join organisation_members m on m.organisation_id = d.organisation_id and m.person_id = d.person_id and m.status = 'active'
      where d.organisation_id = ${organisationId} ${unitFilter} ${query.after ? sql`and d.person_id > ${query.after}::uuid` : sql``}
    ) x ${query.bucket ? sql`where x.bucket = ${query.bucket}` : sql``}
    order by x.person_id limit ${query.limit}`.execute(db);
  return rows.rows;
}

/** Many applications with their events at once (the demo seeder's history), one multi-row insert each. */
export async function insertApplicationsBulk(db: DbOrTrx, rows: readonly ApplicationRow[], events: readonly Omit<EventRow, 'id'>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('orgResumptionApplications').values([...rows]).execute();
  if (events.length > 0) await db.insertInto('orgResumptionEvents').values([...events]).execute();
}

/** Many return-to-work declarations with HR's decisions at once (the demo seeder), one multi-row insert per 1,000. */
export async function insertReturnsBulk(db: DbOrTrx, rows: readonly ReturnRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('orgReturnDeclarations').values(rows.slice(i, i + 1000)).execute();
}
