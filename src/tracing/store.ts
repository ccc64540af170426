/** SQL for cases, case_events and case_contacts (links: trace-store.ts; households are the people capability's). */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import type { CaseSource, Classification } from './model/case.ts';
import { MAX_RETRY_MINUTES } from './model/retry.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CaseRow {
  id: string;
  personId: string;
  regionCode: string;
  classification: Classification;
  onsetOn: string | null;
  onsetApproximate: boolean;
  testedPositiveOn: string | null;
  isolatedAt: Date | null;
  reportedOn: string;
  source: CaseSource;
  issuingRegionCode: string | null;
  externalRef: string | null;
  notesEnc: string | null;
  createdAt: Date;
  createdByAccountId: string | null;
  updatedAt: Date;
  traceRequestedAt: Date | null;
  tracedAt: Date | null;
  traceWindowFrom: Date | null;
  traceWindowTo: Date | null;
  closeContacts: number;
  secondaryContacts: number;
  traceFailures: number;
  traceFailedAt: Date | null;
}

const CASE_COLUMNS = [
  'id', 'personId', 'regionCode', 'classification', 'onsetOn', 'onsetApproximate', 'testedPositiveOn', 'isolatedAt', 'reportedOn', 'source',
  'issuingRegionCode', 'externalRef', 'notesEnc', 'createdAt', 'createdByAccountId', 'updatedAt', 'traceRequestedAt', 'tracedAt',
  'traceWindowFrom', 'traceWindowTo', 'closeContacts', 'secondaryContacts', 'traceFailures', 'traceFailedAt',
] as const;

export async function insertCase(db: DbOrTrx, row: Omit<CaseRow, 'tracedAt' | 'traceWindowFrom' | 'traceWindowTo' | 'closeContacts' | 'secondaryContacts' | 'traceFailures' | 'traceFailedAt'>): Promise<void> {
  await db.insertInto('cases').values(row).execute();
}

export async function findCase(db: DbOrTrx, id: string): Promise<CaseRow | undefined> {
  if (!UUID.test(id)) return undefined;
  return db.selectFrom('cases').select(CASE_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function lockCase(trx: Transaction<Database>, id: string): Promise<CaseRow | undefined> {
  if (!UUID.test(id)) return undefined;
  return trx.selectFrom('cases').select(CASE_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The case another region sent with this reference, locked (a re-import updates it). */
export async function lockImportedCase(trx: Transaction<Database>, issuingRegionCode: string, externalRef: string): Promise<CaseRow | undefined> {
  return trx.selectFrom('cases').select(CASE_COLUMNS).where('issuingRegionCode', '=', issuingRegionCode).where('externalRef', '=', externalRef).forUpdate().executeTakeFirst();
}

/** The person's open case (suspected, confirmed or asymptomatic), if any. */
export async function findOpenCaseOfPerson(db: DbOrTrx, personId: string, open: readonly Classification[]): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').select(CASE_COLUMNS).where('personId', '=', personId).where('classification', 'in', [...open]).executeTakeFirst();
}

export async function updateCase(db: DbOrTrx, id: string, patch: Partial<Omit<CaseRow, 'id' | 'personId' | 'createdAt' | 'createdByAccountId'>>): Promise<void> {
  await db.updateTable('cases').set(patch).where('id', '=', id).execute();
}

export interface CaseEventRow {
  caseId: string;
  at: Date;
  kind: 'registered' | 'classified' | 'window_changed' | 'imported';
  fromClassification: string | null;
  toClassification: string | null;
  actorAccountId: string | null;
  actorLabel: string;
  detail: Record<string, unknown>;
}

export async function insertCaseEvent(db: DbOrTrx, event: CaseEventRow): Promise<void> {
  await db.insertInto('caseEvents').values({ ...event, detail: JSON.stringify(event.detail) }).execute();
}

export async function findCaseEvents(db: DbOrTrx, caseId: string): Promise<(CaseEventRow & { id: number })[]> {
  return db.selectFrom('caseEvents').select(['id', 'caseId', 'at', 'kind', 'fromClassification', 'toClassification', 'actorAccountId', 'actorLabel', 'detail'])
    .where('caseId', '=', caseId).orderBy('id').execute();
}

/**
 * Cases waiting for tracing, claimed with SKIP LOCKED so several processes share them (locked
 * until commit). A case whose last trace failed waits out its back-off (model/retry.ts) first.
 */
export async function claimCasesToTrace(trx: Transaction<Database>, limit: number, now: Date): Promise<string[]> {
  const rows = await trx.selectFrom('cases').select('id').where('traceRequestedAt', 'is not', null)
    .where((eb) => eb.or([
      eb('traceFailedAt', 'is', null),
      eb('traceFailedAt', '<=', sql<Date>`${now}::timestamptz - make_interval(mins => least(${MAX_RETRY_MINUTES}::int, power(2, trace_failures - 1)::int))`),
    ]))
    .orderBy('traceRequestedAt').limit(limit).forUpdate().skipLocked().execute();
  return rows.map((r) => r.id);
}

/** Notes a failed trace: the request stays, set aside for its back-off. */
export async function markTraceFailed(db: DbOrTrx, id: string, at: Date): Promise<void> {
  await db.updateTable('cases').set((eb) => ({ traceFailures: sql<number>`least(${eb.ref('traceFailures')} + 1, 32767)`, traceFailedAt: at }))
    .where('id', '=', id).execute();
}

// ---- lists ---------------------------------------------------------------------------------------

export interface CaseCursor { reportedOn: string; id: string }

export interface CaseQuery {
  prefixes: readonly string[];
  classification?: Classification;
  source?: CaseSource;
  reportedFrom?: string;
  reportedTo?: string;
  personId?: string;
  after?: CaseCursor;
  limit: number;
}

/** Cases of the regions under the prefixes, newest report first, keyset by (reported_on, id). */
export async function findCases(db: DbOrTrx, q: CaseQuery): Promise<CaseRow[]> {
  if (q.prefixes.length === 0) return [];
  let query = db.selectFrom('cases').select(CASE_COLUMNS)
    .where((eb) => eb.or(q.prefixes.map((prefix) => eb('regionCode', 'like', `${prefix}%`))));
  if (q.classification) query = query.where('classification', '=', q.classification);
  if (q.source) query = query.where('source', '=', q.source);
  if (q.reportedFrom) query = query.where('reportedOn', '>=', q.reportedFrom);
  if (q.reportedTo) query = query.where('reportedOn', '<=', q.reportedTo);
  if (q.personId) query = query.where('personId', '=', q.personId);
  if (q.after) query = query.where(sql<boolean>`(reported_on, id) < (${q.after.reportedOn}::date, ${q.after.id}::uuid)`);
  return query.orderBy('reportedOn', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
}

export interface ContactRow {
  caseId: string;
  personId: string;
  regionCode: string;
  depth: number;
  firstExposureAt: Date;
  lastExposureAt: Date;
  links: number;
  foundAt: Date;
  casePersonId: string;
  caseClassification: Classification;
}

export interface ContactCursor { foundAt: Date; caseId: string; personId: string }

export interface ContactQuery {
  prefixes: readonly string[];
  caseId?: string;
  depth?: number;
  /** Secondary contacts are every depth from 2 on. */
  minDepth?: number;
  personId?: string;
  after?: ContactCursor;
  limit: number;
}

/** Contacts living under the prefixes, newest found first, keyset by (found_at, case, person). */
export async function findContacts(db: DbOrTrx, q: ContactQuery): Promise<ContactRow[]> {
  if (q.prefixes.length === 0) return [];
  let query = db.selectFrom('caseContacts as k').innerJoin('cases as c', 'c.id', 'k.caseId')
    .select(['k.caseId', 'k.personId', 'k.regionCode', 'k.depth', 'k.firstExposureAt', 'k.lastExposureAt', 'k.links', 'k.foundAt', 'c.personId as casePersonId', 'c.classification as caseClassification'])
    .where((eb) => eb.or(q.prefixes.map((prefix) => eb('k.regionCode', 'like', `${prefix}%`))));
  if (q.caseId) query = query.where('k.caseId', '=', q.caseId);
  if (q.depth) query = query.where('k.depth', '=', q.depth);
  if (q.minDepth) query = query.where('k.depth', '>=', q.minDepth);
  if (q.personId) query = query.where('k.personId', '=', q.personId);
  if (q.after) {
    query = query.where(sql<boolean>`(k.found_at, k.case_id, k.person_id) < (${q.after.foundAt.toISOString()}::timestamptz, ${q.after.caseId}::uuid, ${q.after.personId}::uuid)`);
  }
  return query.orderBy('k.foundAt', 'desc').orderBy('k.caseId', 'desc').orderBy('k.personId', 'desc').limit(q.limit).execute();
}

export interface LinkRow {
  id: number;
  caseId: string;
  personId: string;
  sourcePersonId: string;
  depth: number;
  kind: 'venue' | 'household' | 'family';
  venueId: string | null;
  venueKind: string | null;
  venueName: string | null;
  overlapStart: Date;
  overlapEnd: Date;
  minutes: number;
  casePersonId: string;
  caseClassification: Classification;
}

function linkQuery(db: DbOrTrx) {
  return db.selectFrom('contactLinks as l').leftJoin('venues as v', 'v.id', 'l.venueId').innerJoin('cases as c', 'c.id', 'l.caseId')
    .select(['l.id', 'l.caseId', 'l.personId', 'l.sourcePersonId', 'l.depth', 'l.kind', 'l.venueId', 'l.venueKind', 'v.name as venueName', 'l.overlapStart', 'l.overlapEnd', 'l.minutes',
      'c.personId as casePersonId', 'c.classification as caseClassification']);
}

/** The person's links (as the contact), every path, newest exposure first. */
export async function findLinksOfPerson(db: DbOrTrx, personId: string, limit: number): Promise<LinkRow[]> {
  return linkQuery(db).where('l.personId', '=', personId).orderBy('l.overlapStart', 'desc').orderBy('l.id', 'desc').limit(limit).execute();
}

/** The case's links up to `limit` (the transmission-chain graph), shallowest first. */
export async function findLinksOfCase(db: DbOrTrx, caseId: string, limit: number): Promise<LinkRow[]> {
  return linkQuery(db).where('l.caseId', '=', caseId).orderBy('l.depth').orderBy('l.id').limit(limit).execute();
}

/** Rows for the colour rules: each contact of an infected case, and each classification event. */
export async function findContactFactRows(db: DbOrTrx, personIds: readonly string[], infected: readonly Classification[]): Promise<{ personId: string; depth: number; lastExposureAt: Date }[]> {
  if (personIds.length === 0) return [];
  return db.selectFrom('caseContacts as k').innerJoin('cases as c', 'c.id', 'k.caseId')
    .select(['k.personId', 'k.depth', 'k.lastExposureAt'])
    .where('k.personId', 'in', [...personIds]).where('c.classification', 'in', [...infected]).execute();
}

export async function findCaseFactRows(db: DbOrTrx, personIds: readonly string[]): Promise<{ personId: string; classification: string; at: Date }[]> {
  if (personIds.length === 0) return [];
  return db.selectFrom('caseEvents as e').innerJoin('cases as c', 'c.id', 'e.caseId')
    .select(['c.personId', 'e.toClassification as classification', 'e.at'])
    .where('c.personId', 'in', [...personIds]).where('e.toClassification', 'is not', null)
    .$narrowType<{ classification: string }>().execute();
}

export async function findClassificationsOf(db: DbOrTrx, caseIds: readonly string[]): Promise<Map<string, Classification>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db.selectFrom('cases').select(['id', 'classification']).where('id', 'in', [...new Set(caseIds)]).execute();
  return new Map(rows.map((r) => [r.id, r.classification]));
}
