/** SQL for code_status and colour_events (append-only). */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { CodeStatus, ColourEvent, ColourReason } from './model.ts';
import { announceStatusWrites } from './status-cache.ts';

const statusColumns = ['personId', 'colour', 'since', 'until', 'ruleSetRef', 'reasons', 'nextReviewAt', 'evaluatedAt'] as const;

/** Serialises colour computations of one person across transactions and server processes. */
export async function lockPersonColour(trx: Transaction<Database>, personId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('colour:' || ${personId}))`.execute(trx);
}

/** Locks several persons' colours, waiting for each, in id order (two callers cannot deadlock). */
export async function lockPersonColours(trx: Transaction<Database>, personIds: readonly string[]): Promise<void> {
  if (personIds.length === 0) return;
  await sql`select pg_advisory_xact_lock(hashtext('colour:' || p::text)) from unnest(${[...personIds].sort()}::uuid[]) with ordinality as x(p, n) order by n`.execute(trx);
}

/** The persons of `personIds` whose lock this transaction got (the others are being computed elsewhere). */
export async function tryLockPersonColours(trx: Transaction<Database>, personIds: readonly string[]): Promise<string[]> {
  if (personIds.length === 0) return [];
  const { rows } = await sql<{ personId: string }>`
    select p as person_id from unnest(${[...personIds]}::uuid[]) with ordinality as x(p, n)
    where pg_try_advisory_xact_lock(hashtext('colour:' || p::text)) order by n`.execute(trx);
  return rows.map((r) => r.personId);
}

function asStatus(row: { reasons: unknown } & Omit<CodeStatus, 'reasons'>): CodeStatus {
  return { ...row, reasons: row.reasons as ColourReason[] };
}

export async function findCodeStatuses(db: DbOrTrx, personIds: readonly string[]): Promise<Map<string, CodeStatus>> {
  if (personIds.length === 0) return new Map();
  const rows = await db.selectFrom('codeStatus').select(statusColumns).where('personId', 'in', [...personIds]).execute();
  return new Map(rows.map((r) => [r.personId, asStatus(r)]));
}

export interface CodeStatusView extends CodeStatus {
  subjectId: Buffer;
  nameMasked: string;
  homeRegionCode: string;
}

/**
 * The resident's code in one query. It reads the masked name and home region from persons
 * directly (not through the people service) because this is the hottest read of the platform.
 */
function selectCodeStatusViews(db: DbOrTrx) {
  return db.selectFrom('codeStatus').innerJoin('persons', 'persons.id', 'codeStatus.personId')
    .select(['codeStatus.personId', 'codeStatus.colour', 'codeStatus.since', 'codeStatus.until', 'codeStatus.ruleSetRef', 'codeStatus.reasons',
      'codeStatus.nextReviewAt', 'codeStatus.evaluatedAt', 'codeStatus.subjectId', 'persons.nameMasked', 'persons.homeRegionCode']);
}

type CodeStatusViewRow = Awaited<ReturnType<ReturnType<typeof selectCodeStatusViews>['executeTakeFirstOrThrow']>>;
const asView = (row: CodeStatusViewRow): CodeStatusView => ({ ...asStatus(row), subjectId: row.subjectId, nameMasked: row.nameMasked, homeRegionCode: row.homeRegionCode });

export async function findCodeStatusView(db: DbOrTrx, personId: string): Promise<CodeStatusView | undefined> {
  const row = await selectCodeStatusViews(db).where('codeStatus.personId', '=', personId).executeTakeFirst();
  return row && asView(row);
}

/** The codes of several persons in one query (those without a code are absent). */
export async function findCodeStatusViews(db: DbOrTrx, personIds: readonly string[]): Promise<CodeStatusView[]> {
  if (personIds.length === 0) return [];
  const rows = await selectCodeStatusViews(db).where('codeStatus.personId', '=', sql<string>`any(${[...personIds]}::uuid[])`).execute();
  return rows.map(asView);
}

/** Rows per multi-row statement: 9 parameters a status and 11 an event, far under PostgreSQL's 65,535. */
const WRITE_CHUNK = 1_000;

function chunked<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) out.push(rows.slice(i, i + WRITE_CHUNK));
  return out;
}

export interface StatusWrite {
  status: CodeStatus;
  /** Used only if the person has no status yet: the subject id is drawn once, at the first insert, and kept. */
  newSubjectId: Buffer;
}

/**
 * Inserts or replaces many persons' statuses, a multi-row upsert per 1,000; a person's subject id
 * is drawn once, at the first insert, and kept. Tells every process's status cache (status-cache.ts).
 */
export async function upsertCodeStatuses(db: DbOrTrx, rows: readonly StatusWrite[]): Promise<void> {
  // One row per person (the last, as writing them one by one would leave it): one statement cannot update a row twice.
  const byPerson = new Map(rows.map((r) => [r.status.personId, r]));
  if (byPerson.size === 0) return;
  for (const chunk of chunked([...byPerson.values()])) {
    await db.insertInto('codeStatus').values(chunk.map(({ status, newSubjectId }) => ({
      personId: status.personId, subjectId: newSubjectId, colour: status.colour, since: status.since, until: status.until, ruleSetRef: status.ruleSetRef,
      reasons: JSON.stringify(status.reasons), nextReviewAt: status.nextReviewAt, evaluatedAt: status.evaluatedAt,
    }))).onConflict((oc) => oc.column('personId').doUpdateSet((eb) => ({
      colour: eb.ref('excluded.colour'), since: eb.ref('excluded.since'), until: eb.ref('excluded.until'), ruleSetRef: eb.ref('excluded.ruleSetRef'),
      reasons: eb.ref('excluded.reasons'), nextReviewAt: eb.ref('excluded.nextReviewAt'), evaluatedAt: eb.ref('excluded.evaluatedAt'),
    }))).execute();
  }
  await announceStatusWrites(db, [...byPerson.keys()]);
}

/** One person's status (upsertCodeStatuses). */
export async function upsertCodeStatus(db: DbOrTrx, status: CodeStatus, newSubjectId: Buffer): Promise<void> {
  await upsertCodeStatuses(db, [{ status, newSubjectId }]);
}

/** Appends colour events, a multi-row insert per 1,000, in the given order. */
export async function insertColourEvents(db: DbOrTrx, events: readonly ColourEvent[]): Promise<void> {
  for (const chunk of chunked(events)) {
    await db.insertInto('colourEvents').values(chunk.map((event) => ({
      personId: event.personId, fromColour: event.fromColour, toColour: event.toColour, reasonCode: event.reasonCode, ruleId: event.ruleId,
      ruleVersion: event.ruleVersion, ruleSetRef: event.ruleSetRef, evidenceRef: event.evidenceRef, actorKind: event.actor.kind,
      actorAccountId: event.actor.kind === 'account' ? event.actor.accountId : null, at: event.at,
    }))).execute();
  }
}

export async function insertColourEvent(db: DbOrTrx, event: ColourEvent): Promise<void> {
  await insertColourEvents(db, [event]);
}

export async function findColourEvents(db: DbOrTrx, personId: string, limit: number): Promise<(ColourEvent & { id: number })[]> {
  const rows = await db.selectFrom('colourEvents').selectAll().where('personId', '=', personId).orderBy('id', 'desc').limit(limit).execute();
  return rows.map(({ actorKind, actorAccountId, ...r }) => ({
    ...r, actor: actorKind === 'account' && actorAccountId ? { kind: 'account' as const, accountId: actorAccountId } : { kind: 'system' as const },
  }));
}

/** Statuses whose time has come, locked; rows another process holds are skipped. */
export async function lockDueStatuses(trx: Transaction<Database>, now: Date, limit: number): Promise<string[]> {
  const rows = await trx.selectFrom('codeStatus').select('personId').where('nextReviewAt', '<=', now)
    .orderBy('nextReviewAt').limit(limit).modifyEnd(sql`for update skip locked`).execute();
  return rows.map((r) => r.personId);
}

/**
 * One page of a region's population for simulation: persons whose home is inside the region,
 * in id order. Reads persons directly (ids and home regions only — no personal data) for the
 * same reason as findCodeStatusView: a whole city is walked at once.
 */
export async function findPopulationPage(db: DbOrTrx, prefix: string, afterId: string | undefined, limit: number): Promise<{ id: string; homeRegionCode: string }[]> {
  let q = db.selectFrom('persons').select(['id', 'homeRegionCode']).where('homeRegionCode', 'like', `${prefix}%`).orderBy('id').limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  return q.execute();
}

/** The live status behind a token's pseudonymous subject id (checkpoints), with the holder's home region. */
export async function findLiveStatusBySubject(db: DbOrTrx, subjectId: Uint8Array): Promise<{ colour: CodeStatus['colour']; since: Date; homeRegionCode: string } | undefined> {
  return db.selectFrom('codeStatus').innerJoin('persons', 'persons.id', 'codeStatus.personId')
    .select(['codeStatus.colour', 'codeStatus.since', 'persons.homeRegionCode'])
    .where('codeStatus.subjectId', '=', Buffer.from(subjectId)).executeTakeFirst();
}

/** The status a printed code is made from: colour, pseudonymous subject id and masked name. */
export async function findStatusForPrinting(db: DbOrTrx, personId: string): Promise<{ colour: CodeStatus['colour']; subjectId: Buffer; nameMasked: string } | undefined> {
  return db.selectFrom('codeStatus').innerJoin('persons', 'persons.id', 'codeStatus.personId')
    .select(['codeStatus.colour', 'codeStatus.subjectId', 'persons.nameMasked']).where('codeStatus.personId', '=', personId).executeTakeFirst();
}

/** The person behind a token's pseudonymous subject id, with their colour now and masked name (check-ins at a gate). */
export async function findPersonBySubject(db: DbOrTrx, subjectId: Uint8Array): Promise<{ personId: string; colour: CodeStatus['colour']; nameMasked: string; homeRegionCode: string } | undefined> {
  return db.selectFrom('codeStatus').innerJoin('persons', 'persons.id', 'codeStatus.personId')
    .select(['codeStatus.personId', 'codeStatus.colour', 'persons.nameMasked', 'persons.homeRegionCode'])
    .where('codeStatus.subjectId', '=', Buffer.from(subjectId)).executeTakeFirst();
}

/** Masked names and current colours (null: no code yet) of many persons in one query (check-ins, a batch at a time). */
export async function findColourViews(db: DbOrTrx, personIds: readonly string[]): Promise<{ personId: string; nameMasked: string; colour: CodeStatus['colour'] | null }[]> {
  if (personIds.length === 0) return [];
  return db.selectFrom('persons').leftJoin('codeStatus', 'codeStatus.personId', 'persons.id')
    .select(['persons.id as personId', 'persons.nameMasked', 'codeStatus.colour']).where('persons.id', 'in', [...new Set(personIds)]).execute();
}
