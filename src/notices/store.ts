/** SQL for notices, their recipients (read receipts, confirmations) and DINGs. */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import type { NoticeKind, RecipientState, SystemNoticeKind } from './model.ts';

export interface StoredNotice {
  id: string;
  audienceKind: 'region' | 'organisation' | 'persons';
  regionCode: string;
  targetRegionCodes: string[];
  organisationId: string | null;
  unitIds: string[] | null;
  title: string;
  body: string;
  link: string | null;
  askConfirm: boolean;
  /** Null for system notices (sent on an organisation's behalf). */
  senderAccountId: string | null;
  senderLabel: string;
  kind: NoticeKind;
  /** The day a system notice is for; null for staff notices. */
  day: string | null;
  actionLink: string | null;
  status: 'fanning_out' | 'published';
  fanOutCursor: string | null;
  recipientCount: number;
  createdAt: Date;
  publishedAt: Date | null;
}

const noticeColumns = ['id', 'audienceKind', 'regionCode', 'targetRegionCodes', 'organisationId', 'unitIds', 'title', 'body', 'link', 'askConfirm',
  'senderAccountId', 'senderLabel', 'kind', 'day', 'actionLink', 'status', 'fanOutCursor', 'recipientCount', 'createdAt', 'publishedAt'] as const;

export type NewNotice = Omit<StoredNotice, 'status' | 'fanOutCursor' | 'recipientCount' | 'publishedAt' | 'kind' | 'day'>;

export async function insertNotice(db: DbOrTrx, n: NewNotice): Promise<void> {
  await db.insertInto('notices').values({ ...n, unitIds: n.unitIds }).execute();
}

/**
 * A system notice of an organisation for a day, published at once (its recipients are written by
 * the caller, no fan-out): inserted unless that organisation already has one of this kind that day
 * (then nothing). True when this call inserted it.
 */
export async function insertSystemNotice(
  db: DbOrTrx,
  n: Omit<NewNotice, 'senderAccountId' | 'audienceKind' | 'targetRegionCodes' | 'unitIds'> & { organisationId: string; kind: SystemNoticeKind; day: string },
): Promise<boolean> {
  const result = await db.insertInto('notices').values({
    ...n, audienceKind: 'persons', targetRegionCodes: [], unitIds: null, senderAccountId: null, status: 'published', publishedAt: n.createdAt,
  }).onConflict((oc) => oc.columns(['organisationId', 'kind', 'day']).where('kind', '<>', 'staff').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** The organisation's system notice of this kind for the day, locked (serialises writers of its recipients). */
export async function lockSystemNotice(trx: Transaction<Database>, organisationId: string, kind: SystemNoticeKind, day: string): Promise<StoredNotice | undefined> {
  return trx.selectFrom('notices').select(noticeColumns).where('organisationId', '=', organisationId).where('kind', '=', kind).where('day', '=', day).forUpdate().executeTakeFirst();
}

export async function addToRecipientCount(db: DbOrTrx, id: string, added: number): Promise<void> {
  if (added === 0) return;
  await db.updateTable('notices').set((eb) => ({ recipientCount: eb('recipientCount', '+', added) })).where('id', '=', id).execute();
}

export async function findNotice(db: DbOrTrx, id: string): Promise<StoredNotice | undefined> {
  return db.selectFrom('notices').select(noticeColumns).where('id', '=', id).executeTakeFirst();
}

export async function lockNotice(trx: Transaction<Database>, id: string): Promise<StoredNotice | undefined> {
  return trx.selectFrom('notices').select(noticeColumns).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Adds recipients (a re-run adds nothing twice); returns how many rows were new. */
export async function insertRecipients(db: DbOrTrx, noticeId: string, createdAt: Date, personIds: readonly string[]): Promise<number> {
  if (personIds.length === 0) return 0;
  const result = await db.insertInto('noticeRecipients').values(personIds.map((personId) => ({ noticeId, personId, noticeCreatedAt: createdAt })))
    .onConflict((oc) => oc.columns(['noticeId', 'personId']).doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

export async function advanceFanOut(db: DbOrTrx, id: string, change: { cursor: string | null; added: number; publishedAt: Date | null }): Promise<void> {
  await db.updateTable('notices').set((eb) => ({
    fanOutCursor: change.cursor,
    recipientCount: eb('recipientCount', '+', change.added),
    ...(change.publishedAt ? { status: 'published' as const, publishedAt: change.publishedAt } : {}),
  })).where('id', '=', id).execute();
}

export async function findUnfinishedNoticeIds(db: DbOrTrx, createdBefore: Date): Promise<string[]> {
  return (await db.selectFrom('notices').select('id').where('status', '=', 'fanning_out').where('createdAt', '<', createdBefore).limit(100).execute()).map((r) => r.id);
}

/** What staff may see: region notices under these prefixes, organisation notices of these organisations or under these prefixes. */
export interface StaffScope {
  regionPrefixes: string[];
  organisationIds: string[];
  organisationRegionPrefixes: string[];
}

export async function findStaffNotices(db: DbOrTrx, scope: StaffScope, query: { q?: string; after?: { at: Date; id: string }; limit: number }): Promise<StoredNotice[]> {
  let q = db.selectFrom('notices').select(noticeColumns).where((eb) => {
    const ors = [];
    if (scope.regionPrefixes.length) ors.push(eb.and([eb('audienceKind', '=', 'region'), eb.or(scope.regionPrefixes.map((p) => eb('regionCode', 'like', `${p}%`)))]));
    if (scope.organisationIds.length) ors.push(eb('organisationId', 'in', scope.organisationIds));
    if (scope.organisationRegionPrefixes.length) ors.push(eb.and([eb('audienceKind', '!=', 'region'), eb.or(scope.organisationRegionPrefixes.map((p) => eb('regionCode', 'like', `${p}%`)))]));
    return ors.length ? eb.or(ors) : sql<boolean>`false`;
  });
  if (query.q) {
    const pattern = query.q;
    q = q.where((eb) => eb.or([eb('title', 'ilike', pattern), eb('body', 'ilike', pattern)]));
  }
  if (query.after) {
    const { at, id } = query.after;
    q = q.where((eb) => eb.or([eb('createdAt', '<', at), eb.and([eb('createdAt', '=', at), eb('id', '<', id)])]));
  }
  return q.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
}

export async function countRecipients(db: DbOrTrx, noticeId: string): Promise<{ total: number; read: number; confirmed: number }> {
  const row = await db.selectFrom('noticeRecipients')
    .select((eb) => [eb.fn.countAll<string>().as('total'), eb.fn.count<string>('readAt').as('read'), eb.fn.count<string>('confirmedAt').as('confirmed')])
    .where('noticeId', '=', noticeId).executeTakeFirstOrThrow();
  return { total: Number(row.total), read: Number(row.read), confirmed: Number(row.confirmed) };
}

export interface RecipientRow { personId: string; readAt: Date | null; confirmedAt: Date | null; lastDingedAt: Date | null }

export async function findRecipients(db: DbOrTrx, noticeId: string, state: RecipientState, after: string | undefined, limit: number): Promise<RecipientRow[]> {
  let q = db.selectFrom('noticeRecipients').select(['personId', 'readAt', 'confirmedAt', 'lastDingedAt']).where('noticeId', '=', noticeId);
  if (state === 'read') q = q.where('readAt', 'is not', null);
  if (state === 'unread') q = q.where('readAt', 'is', null);
  if (state === 'confirmed') q = q.where('confirmedAt', 'is not', null);
  if (state === 'unconfirmed') q = q.where('confirmedAt', 'is', null);
  if (after) q = q.where('personId', '>', after);
  return q.orderBy('personId').limit(limit).execute();
}

/** A resident's (and their dependants') notices, newest first. */
export async function findNoticesOfPersons(db: DbOrTrx, personIds: readonly string[], after: { at: Date; id: string; personId: string } | undefined, limit: number) {
  if (personIds.length === 0) return [];
  let q = db.selectFrom('noticeRecipients as r').innerJoin('notices as n', 'n.id', 'r.noticeId')
    .select(['n.id', 'n.title', 'n.body', 'n.link', 'n.askConfirm', 'n.senderLabel', 'n.createdAt', 'r.personId', 'r.readAt', 'r.confirmedAt'])
    .where('r.personId', 'in', [...personIds]);
  // A notice addressed to a guardian and their child is two rows: the person id is part of the key.
  if (after) q = q.where((eb) => eb(eb.refTuple('r.noticeCreatedAt', 'r.noticeId', 'r.personId'), '<', eb.tuple(after.at, after.id, after.personId)));
  return q.orderBy('r.noticeCreatedAt', 'desc').orderBy('r.noticeId', 'desc').orderBy('r.personId', 'desc').limit(limit).execute();
}

export async function countUnreadOfPersons(db: DbOrTrx, personIds: readonly string[]): Promise<number> {
  if (personIds.length === 0) return 0;
  const row = await db.selectFrom('noticeRecipients').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('personId', 'in', [...personIds]).where('readAt', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findRecipient(db: DbOrTrx, noticeId: string, personId: string): Promise<RecipientRow | undefined> {
  return db.selectFrom('noticeRecipients').select(['personId', 'readAt', 'confirmedAt', 'lastDingedAt']).where('noticeId', '=', noticeId).where('personId', '=', personId).executeTakeFirst();
}

/** The read receipt: set at the first open only. */
export async function markRead(db: DbOrTrx, noticeId: string, personId: string, at: Date): Promise<boolean> {
  const r = await db.updateTable('noticeRecipients').set({ readAt: at }).where('noticeId', '=', noticeId).where('personId', '=', personId).where('readAt', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** 收到: once; also counts as read when it was not yet. */
export async function markConfirmed(db: DbOrTrx, noticeId: string, personId: string, at: Date): Promise<boolean> {
  const r = await db.updateTable('noticeRecipients').set((eb) => ({ confirmedAt: at, readAt: eb.fn.coalesce('readAt', sql<Date>`${at}`) }))
    .where('noticeId', '=', noticeId).where('personId', '=', personId).where('confirmedAt', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function findLastDing(db: DbOrTrx, noticeId: string): Promise<{ id: string; createdAt: Date; status: 'sending' | 'done'; sent: number } | undefined> {
  return db.selectFrom('noticeDings').select(['id', 'createdAt', 'status', 'sent']).where('noticeId', '=', noticeId).orderBy('createdAt', 'desc').limit(1).executeTakeFirst();
}

export async function insertDing(db: DbOrTrx, ding: { id: string; noticeId: string; accountId: string; createdAt: Date }): Promise<void> {
  await db.insertInto('noticeDings').values(ding).execute();
}

export async function lockDing(trx: Transaction<Database>, id: string): Promise<{ id: string; noticeId: string; createdAt: Date; status: 'sending' | 'done'; cursor: string | null; sent: number } | undefined> {
  return trx.selectFrom('noticeDings').select(['id', 'noticeId', 'createdAt', 'status', 'cursor', 'sent']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Unread recipients after the cursor not yet reached by this DING (person-id order, partial index). */
export async function findUnreadAfter(db: DbOrTrx, noticeId: string, after: string | null, limit: number): Promise<string[]> {
  let q = db.selectFrom('noticeRecipients').select('personId').where('noticeId', '=', noticeId).where('readAt', 'is', null);
  if (after) q = q.where('personId', '>', after);
  return (await q.orderBy('personId').limit(limit).execute()).map((r) => r.personId);
}

export async function markDinged(db: DbOrTrx, noticeId: string, personIds: readonly string[], at: Date): Promise<void> {
  if (personIds.length === 0) return;
  await db.updateTable('noticeRecipients').set({ lastDingedAt: at }).where('noticeId', '=', noticeId).where('personId', 'in', [...personIds]).execute();
}

export async function advanceDing(db: DbOrTrx, id: string, change: { cursor: string | null; sent: number; done: boolean }): Promise<void> {
  await db.updateTable('noticeDings').set((eb) => ({ cursor: change.cursor, sent: eb('sent', '+', change.sent), ...(change.done ? { status: 'done' as const } : {}) })).where('id', '=', id).execute();
}

export async function findUnfinishedDingIds(db: DbOrTrx, createdBefore: Date): Promise<string[]> {
  return (await db.selectFrom('noticeDings').select('id').where('status', '=', 'sending').where('createdAt', '<', createdBefore).limit(100).execute()).map((r) => r.id);
}
