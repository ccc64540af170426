/**
 * Notices (疫情通知): officials and community workers publish to the residents of regions within
 * their grant, org_admins to their organisation or some of its units. Publishing records the
 * audience as one row per recipient person, written in batches (the first inline, the rest by
 * the notice-work job) so that a district of 500,000 is never one statement. Residents (and
 * guardians for their bound dependants) open a notice — the first open is the read receipt — and
 * confirm 收到 when asked. Senders see counts and masked lists, and may re-notify the unread by
 * SMS (DING) once per notice per hour, audited. System notices (publishSystemNotice, e.g. the
 * daily check-in reminder) are sent on an organisation's behalf without a staff account, to a list
 * of persons, one per organisation, kind and day; a notice may carry an in-app action link (/m/).
 */
import { randomUUID } from 'node:crypto';
import type { SmsGateway } from '../accounts/sms/gateway.ts';
import { recordAudit } from '../audit/service.ts';
import { inTransaction, type DbOrTrx } from '../db/transaction.ts';
import { can, requireAccess, requireActor, scopesFor, type Actor } from '../kernel/access.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import { kernelFail } from '../kernel/errors.ts';
import { coversAny, regionPrefix } from '../kernel/regions-scope.ts';
import { shanghaiDay, type Clock } from '../kernel/time.ts';
import { requireOrganisationRelation } from '../orgs/access.ts';
import { orgFail } from '../orgs/errors.ts';
import { unitAndDescendants } from '../orgs/model.ts';
import { memberIdsOf, organisationsAdministeredBy, unitsOf } from '../orgs/service.ts';
import { dependantIdsOf, personIdsInRegions, personLabelsOf, requireSelfOrGuardian, smsPhonesFor } from '../people/service.ts';
import { regionNames } from '../regions/service.ts';
import { noticeFail } from './errors.ts';
import {
  actionLinkFor, checkNotice, commonRegion, decodeListCursor, decodeRegionCursor, decodeResidentCursor, encodeResidentCursor, dingAllowed, DING_BATCH, encodeListCursor, encodeRegionCursor, excerpt, FANOUT_BATCH, FANOUT_INLINE_BATCH,
  isUuid, likeContains, nextDingAt, normaliseRegions, type NoticeInput, type NoticeKind, type RecipientState, type SystemNoticeKind,
} from './model.ts';
import {
  addToRecipientCount, advanceDing, advanceFanOut, countRecipients, countUnreadOfPersons, findLastDing, findNotice, findNoticesOfPersons, findRecipient,
  findRecipients, findStaffNotices, findUnreadAfter, insertDing, insertNotice, insertRecipients, insertSystemNotice, lockDing, lockNotice, lockSystemNotice, markConfirmed, markDinged, markRead,
  type StoredNotice,
} from './store.ts';

export interface NoticeDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
  sms: SmsGateway;
  config: { publicBaseUrl: string };
}

/** Background continuation of a fan-out or a DING (set by the jobs); without one, it runs in this process. */
export type NoticeWork = { kind: 'fanout'; noticeId: string } | { kind: 'ding'; dingId: string };
type WorkSender = (work: NoticeWork) => Promise<void>;
const senders = new WeakMap<object, WorkSender>();

export function setNoticeWorkSender(db: DbOrTrx, send: WorkSender | undefined): void {
  if (send) senders.set(db, send);
  else senders.delete(db);
}

async function continueLater(deps: NoticeDeps, work: NoticeWork): Promise<void> {
  const send = senders.get(deps.db);
  if (send) return send(work);
  setImmediate(() => { void runNoticeWork(deps, work).catch(() => undefined); });
}

export async function runNoticeWork(deps: NoticeDeps, work: NoticeWork): Promise<void> {
  if (work.kind === 'fanout') await runFanOut(deps, work.noticeId);
  else await runDing(deps, work.dingId);
}

// ---------- views ----------

/** A notice as its senders and their colleagues see it: the stored one, without the sender's account and the fan-out's cursor. */
export type StaffNotice = Omit<StoredNotice, 'senderAccountId' | 'fanOutCursor'> & { sentByMe: boolean };

export interface NoticeDetail extends StaffNotice {
  counts: { total: number; read: number; unread: number; confirmed: number };
  canDing: boolean;
  lastDingAt: Date | null;
  nextDingAt: Date | null;
}

function staffView(n: StoredNotice, staff: Actor): StaffNotice {
  return {
    id: n.id, audienceKind: n.audienceKind, regionCode: n.regionCode, targetRegionCodes: n.targetRegionCodes, organisationId: n.organisationId, unitIds: n.unitIds,
    title: n.title, body: n.body, link: n.link, actionLink: n.actionLink, askConfirm: n.askConfirm, kind: n.kind, day: n.day, senderLabel: n.senderLabel,
    sentByMe: n.senderAccountId !== null && n.senderAccountId === staff.accountId,
    status: n.status, recipientCount: n.recipientCount, createdAt: n.createdAt, publishedAt: n.publishedAt,
  };
}

// ---------- publishing ----------

interface ResolvedAudience {
  kind: 'region' | 'organisation';
  regionCode: string;
  targetRegionCodes: string[];
  organisationId: string | null;
  unitIds: string[] | null;
  senderLabel: string;
}

async function resolveAudience(deps: NoticeDeps, staff: Actor, audience: NoticeInput['audience']): Promise<ResolvedAudience> {
  if (audience.kind === 'region') {
    requireAccess(staff, 'notice.publish.region');
    const codes = normaliseRegions(audience.regionCodes.map((c) => c.trim()).filter(Boolean));
    if (codes.length === 0 || codes.length > 50) throw noticeFail('NOTICE_AUDIENCE_EMPTY', { field: 'audience.regionCodes' });
    const names = await regionNames(deps.db, codes);
    const unknown = codes.filter((c) => !names.has(c));
    if (unknown.length) throw noticeFail('NOTICE_REGION_UNKNOWN', { field: 'audience.regionCodes', codes: unknown });
    const outside = codes.filter((c) => !can(staff, 'notice.publish.region', c));
    if (outside.length) throw noticeFail('NOTICE_REGION_OUT_OF_SCOPE', { field: 'audience.regionCodes', codes: outside });
    const regionCode = commonRegion(codes);
    const label = (await regionNames(deps.db, [regionCode])).get(regionCode) ?? names.get(codes[0]!)!;
    return { kind: 'region', regionCode, targetRegionCodes: codes, organisationId: null, unitIds: null, senderLabel: label };
  }
  const access = await requireOrganisationRelation(deps.db, staff, audience.organisationId, 'manage');
  let unitIds: string[] | null = null;
  if (audience.unitIds && audience.unitIds.length > 0) {
    const units = await unitsOf(deps.db, access.organisation.id);
    const known = new Set(units.map((u) => u.id));
    const bad = audience.unitIds.filter((u) => !known.has(u));
    if (bad.length) throw orgFail('ORG_UNIT_NOT_FOUND', { field: 'audience.unitIds', unitIds: bad });
    unitIds = [...new Set(audience.unitIds.flatMap((u) => unitAndDescendants(units, u)))].sort();
  }
  return { kind: 'organisation', regionCode: access.organisation.regionCode, targetRegionCodes: [], organisationId: access.organisation.id, unitIds, senderLabel: access.organisation.name };
}

/** Publishes a notice: the notice row (audited) and the first batch of recipients now, the rest in the background. */
export async function publishNotice(deps: NoticeDeps, actor: Actor | undefined, input: NoticeInput): Promise<StaffNotice> {
  const staff = requireActor(actor);
  if (staff.kind !== 'staff') throw kernelFail('FORBIDDEN');
  const checked = checkNotice(input);
  if ('field' in checked) throw noticeFail('NOTICE_INPUT_INVALID', { field: checked.field });
  const audience = await resolveAudience(deps, staff, input.audience);
  const id = randomUUID();
  const createdAt = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    await insertNotice(trx, {
      id, audienceKind: audience.kind, regionCode: audience.regionCode, targetRegionCodes: audience.targetRegionCodes, organisationId: audience.organisationId,
      unitIds: audience.unitIds, ...checked, senderAccountId: staff.accountId, senderLabel: audience.senderLabel, createdAt,
    });
    await recordAudit(trx, staff, {
      action: 'notice.publish', targetType: audience.kind === 'region' ? 'region' : 'organisation', targetId: audience.organisationId ?? audience.regionCode,
      regionCode: audience.regionCode, detail: { noticeId: id, regions: audience.targetRegionCodes, unitIds: audience.unitIds, askConfirm: checked.askConfirm },
    }, deps.clock);
  });
  const done = await fanOutStep(deps, id, FANOUT_INLINE_BATCH);
  if (!done) await continueLater(deps, { kind: 'fanout', noticeId: id });
  return staffView((await findNotice(deps.db, id))!, staff);
}

/**
 * One fan-out step in one transaction: the next batch of the audience after the stored cursor,
 * inserted with ON CONFLICT DO NOTHING, and the cursor moved on. Holding the notice's row lock
 * serialises workers; re-running from any cursor adds nobody twice. True when the audience is complete.
 */
export async function fanOutStep(deps: Pick<NoticeDeps, 'db' | 'clock'>, noticeId: string, batch = FANOUT_BATCH): Promise<boolean> {
  return inTransaction(deps.db, async (trx) => {
    const notice = await lockNotice(trx, noticeId);
    // A 'persons' audience (system notices) has no fan-out: its publisher writes the recipients.
    if (!notice || notice.status === 'published' || notice.audienceKind === 'persons') return true;
    let ids: string[];
    let cursor: string | null;
    if (notice.audienceKind === 'region') {
      const rows = await personIdsInRegions(trx, notice.targetRegionCodes, { after: decodeRegionCursor(notice.fanOutCursor), limit: batch });
      ids = rows.map((r) => r.id);
      cursor = rows.length ? encodeRegionCursor(rows[rows.length - 1]!) : notice.fanOutCursor;
    } else {
      ids = await memberIdsOf(trx, notice.organisationId!, { ...(notice.unitIds ? { unitIds: notice.unitIds } : {}), ...(notice.fanOutCursor ? { after: notice.fanOutCursor } : {}), limit: batch });
      cursor = ids.length ? ids[ids.length - 1]! : notice.fanOutCursor;
    }
    const added = await insertRecipients(trx, noticeId, notice.createdAt, ids);
    const done = ids.length < batch;
    await advanceFanOut(trx, noticeId, { cursor, added, publishedAt: done ? deps.clock.now() : null });
    return done;
  });
}

/** Runs the fan-out to its end (the job; also safe to run again). */
export async function runFanOut(deps: Pick<NoticeDeps, 'db' | 'clock'>, noticeId: string, batch = FANOUT_BATCH): Promise<void> {
  while (!(await fanOutStep(deps, noticeId, batch))) { /* next batch */ }
}

// ---------- system notices ----------

export interface SystemNoticeInput {
  /** The organisation it is sent on behalf of (shown as the sender; its administrators see it in their list). */
  organisation: { id: string; name: string; regionCode: string };
  kind: SystemNoticeKind;
  /** The persons to add as recipients (members of the organisation, chosen by the caller). */
  personIds: readonly string[];
  title: string;
  body: string;
  /** In-app action, a relative /m/ path; each recipient follows it with ?personId=<themself or the dependant>. */
  actionLink?: string | null;
  /** The Asia/Shanghai day it is for; default today. */
  day?: string;
}

/**
 * A system-originated notice (no staff account; the sender shown is the organisation): one per
 * organisation, kind and day — the first call creates it (audited as the system), later calls the
 * same day add their persons to it. Recipients are written with ON CONFLICT DO NOTHING under the
 * notice's row lock, so reruns and concurrent processes never add a person twice. Runs in the
 * caller's transaction when given one (e.g. together with the caller's claim rows).
 */
export async function publishSystemNotice(deps: Pick<NoticeDeps, 'db' | 'clock'>, input: SystemNoticeInput): Promise<{ noticeId: string | null; created: boolean; added: number }> {
  if (input.personIds.length === 0) return { noticeId: null, created: false, added: 0 };
  const checked = checkNotice({ title: input.title, body: input.body, askConfirm: false, link: null, actionLink: input.actionLink ?? null });
  if ('field' in checked) throw noticeFail('NOTICE_INPUT_INVALID', { field: checked.field });
  const createdAt = deps.clock.now();
  const day = input.day ?? shanghaiDay(createdAt);
  const { organisation, kind } = input;
  return inTransaction(deps.db, async (trx) => {
    const id = randomUUID();
    const created = await insertSystemNotice(trx, {
      id, organisationId: organisation.id, regionCode: organisation.regionCode, kind, day, ...checked, senderLabel: organisation.name, createdAt,
    });
    if (created) {
      await recordAudit(trx, { system: `notices:${kind}` }, {
        action: 'notice.publish', targetType: 'organisation', targetId: organisation.id, regionCode: organisation.regionCode, detail: { noticeId: id, kind, day },
      }, deps.clock);
    }
    const notice = (await lockSystemNotice(trx, organisation.id, kind, day))!;
    const added = await insertRecipients(trx, notice.id, notice.createdAt, [...new Set(input.personIds)]);
    await addToRecipientCount(trx, notice.id, added);
    return { noticeId: notice.id, created, added };
  });
}

export { publishPersonsNotice, type PersonsNotice } from './persons-notice.ts';

// ---------- staff reading ----------

async function staffScope(deps: NoticeDeps, staff: Actor) {
  const administered = scopesFor(staff, 'org.manage').length > 0
    ? (await organisationsAdministeredBy(deps.db, staff.accountId)).filter((o) => can(staff, 'org.manage', o.regionCode)).map((o) => o.id)
    : [];
  return {
    regionPrefixes: scopesFor(staff, 'notice.publish.region').map(regionPrefix),
    organisationIds: administered,
    organisationRegionPrefixes: scopesFor(staff, 'org.read').map(regionPrefix),
  };
}

/** A notice the staff member may see, or NOTICE_NOT_FOUND; `manage`: may DING it. */
async function requireNoticeAccess(deps: NoticeDeps, actor: Actor | undefined, id: string, need: 'view' | 'manage'): Promise<{ staff: Actor; notice: StoredNotice }> {
  const staff = requireActor(actor);
  if (staff.kind !== 'staff') throw kernelFail('FORBIDDEN');
  const notice = isUuid(id) ? await findNotice(deps.db, id) : undefined;
  if (!notice) throw noticeFail('NOTICE_NOT_FOUND');
  if (notice.audienceKind === 'region' || notice.organisationId === null) {
    const scopes = scopesFor(staff, 'notice.publish.region');
    if (!coversAny(scopes, notice.regionCode) && !(notice.senderAccountId === staff.accountId && notice.targetRegionCodes.every((c) => coversAny(scopes, c)))) throw noticeFail('NOTICE_NOT_FOUND');
  } else {
    try {
      await requireOrganisationRelation(deps.db, staff, notice.organisationId!, need);
    } catch (error) {
      if ((error as { code?: string }).code === 'FORBIDDEN') throw error;
      throw noticeFail('NOTICE_NOT_FOUND');
    }
  }
  return { staff, notice };
}

export async function listStaffNotices(deps: NoticeDeps, actor: Actor | undefined, query: { q?: string; after?: string; limit: number }): Promise<{ items: StaffNotice[]; next: string | null }> {
  const staff = requireActor(actor);
  if (staff.kind !== 'staff') throw kernelFail('FORBIDDEN');
  const after = query.after ? decodeListCursor(query.after) : undefined;
  if (query.after && !after) throw noticeFail('NOTICE_CURSOR_INVALID', { field: 'after' });
  const term = query.q?.trim();
  const rows = await findStaffNotices(deps.db, await staffScope(deps, staff), { ...(term ? { q: likeContains(term) } : {}), ...(after ? { after } : {}), limit: query.limit });
  const last = rows[rows.length - 1];
  return { items: rows.map((r) => staffView(r, staff)), next: rows.length === query.limit && last ? encodeListCursor(last.createdAt, last.id) : null };
}

export async function readStaffNotice(deps: NoticeDeps, actor: Actor | undefined, id: string): Promise<NoticeDetail> {
  const { staff, notice } = await requireNoticeAccess(deps, actor, id, 'view');
  const counts = await countRecipients(deps.db, notice.id);
  const last = await findLastDing(deps.db, notice.id);
  const lastDingAt = last?.createdAt ?? null;
  const mayManage = notice.audienceKind === 'region' || notice.organisationId === null || await requireOrganisationRelation(deps.db, staff, notice.organisationId!, 'view').then((a) => a.manage);
  return {
    ...staffView(notice, staff), counts: { ...counts, unread: counts.total - counts.read },
    canDing: mayManage && notice.status === 'published' && counts.total > counts.read && dingAllowed(lastDingAt, deps.clock.now()),
    lastDingAt, nextDingAt: nextDingAt(lastDingAt),
  };
}

export interface RecipientView { personId: string; nameMasked: string; homeRegionCode: string; readAt: Date | null; confirmedAt: Date | null; lastDingedAt: Date | null }

/** Recipients by state, masked names, keyset by person id. */
export async function listRecipients(deps: NoticeDeps, actor: Actor | undefined, id: string, query: { state: RecipientState; after?: string; limit: number }): Promise<{ items: RecipientView[]; next: string | null }> {
  const { notice } = await requireNoticeAccess(deps, actor, id, 'view');
  if (query.after && !isUuid(query.after)) throw noticeFail('NOTICE_CURSOR_INVALID', { field: 'after' });
  const rows = await findRecipients(deps.db, notice.id, query.state, query.after, query.limit);
  const labels = await personLabelsOf(deps.db, rows.map((r) => r.personId));
  const items = rows.map((r) => ({ ...r, nameMasked: labels.get(r.personId)?.nameMasked ?? '—', homeRegionCode: labels.get(r.personId)?.homeRegionCode ?? '' }));
  const last = rows[rows.length - 1];
  return { items, next: rows.length === query.limit && last ? last.personId : null };
}

// ---------- DING ----------

/** Re-notifies the unread by SMS: once per notice per hour, audited; the first batch now, the rest in the background. */
export async function dingNotice(deps: NoticeDeps, actor: Actor | undefined, id: string): Promise<{ dingId: string; unread: number; nextDingAt: Date }> {
  const { staff, notice } = await requireNoticeAccess(deps, actor, id, 'manage');
  const now = deps.clock.now();
  const dingId = randomUUID();
  const unread = await inTransaction(deps.db, async (trx) => {
    const locked = (await lockNotice(trx, notice.id))!;
    if (locked.status !== 'published') throw noticeFail('NOTICE_NOT_READY');
    const last = await findLastDing(trx, notice.id);
    if (!dingAllowed(last?.createdAt ?? null, now)) throw noticeFail('NOTICE_DING_TOO_SOON', { retryAt: nextDingAt(last!.createdAt) });
    const counts = await countRecipients(trx, notice.id);
    await insertDing(trx, { id: dingId, noticeId: notice.id, accountId: staff.accountId, createdAt: now });
    await recordAudit(trx, staff, {
      action: 'notice.ding', targetType: notice.organisationId ? 'organisation' : 'region', targetId: notice.organisationId ?? notice.regionCode,
      regionCode: notice.regionCode, detail: { noticeId: notice.id, dingId, unread: counts.total - counts.read },
    }, deps.clock);
    return counts.total - counts.read;
  });
  const done = await dingStep(deps, dingId);
  if (!done) await continueLater(deps, { kind: 'ding', dingId });
  return { dingId, unread, nextDingAt: nextDingAt(now)! };
}

function dingText(deps: NoticeDeps, notice: StoredNotice): string {
  const title = [...notice.title].length > 30 ? `${[...notice.title].slice(0, 30).join('')}…` : notice.title;
  return `【防疫】${notice.senderLabel}的通知「${title}」您还未查看，请打开 ${deps.config.publicBaseUrl}/m/notices/${notice.id} 查看。`;
}

/**
 * One DING step: the next unread recipients after the DING's cursor get the SMS (their own phone,
 * or their guardians' for a dependant without one; each phone once per step) and are marked. The
 * cursor is moved in the same transaction, so a re-run continues instead of repeating.
 */
export async function dingStep(deps: NoticeDeps, dingId: string, batch = DING_BATCH): Promise<boolean> {
  return inTransaction(deps.db, async (trx) => {
    const ding = await lockDing(trx, dingId);
    if (!ding || ding.status === 'done') return true;
    const notice = (await findNotice(trx, ding.noticeId))!;
    const ids = await findUnreadAfter(trx, ding.noticeId, ding.cursor, batch);
    const phones = await smsPhonesFor({ db: trx, keyring: deps.keyring }, ids);
    const body = dingText(deps, notice);
    const sentTo = new Set<string>();
    for (const personId of ids) {
      for (const phone of phones.get(personId) ?? []) {
        if (sentTo.has(phone)) continue;
        sentTo.add(phone);
        await deps.sms.send({ phone, body });
      }
    }
    await markDinged(trx, ding.noticeId, ids, ding.createdAt);
    const done = ids.length < batch;
    await advanceDing(trx, dingId, { cursor: ids.length ? ids[ids.length - 1]! : ding.cursor, sent: sentTo.size, done });
    return done;
  });
}

export async function runDing(deps: NoticeDeps, dingId: string, batch = DING_BATCH): Promise<void> {
  while (!(await dingStep(deps, dingId, batch))) { /* next batch */ }
}

// ---------- the publish form ----------

export async function publishOptions(deps: NoticeDeps, actor: Actor | undefined): Promise<{ regions: { code: string; name: string }[]; organisations: { id: string; name: string; units: { id: string; name: string; parentId: string | null; kind: string }[] }[] }> {
  const staff = requireActor(actor);
  if (staff.kind !== 'staff') throw kernelFail('FORBIDDEN');
  const codes = [...new Set(scopesFor(staff, 'notice.publish.region'))];
  const names = await regionNames(deps.db, codes);
  const orgs = scopesFor(staff, 'org.manage').length
    ? (await organisationsAdministeredBy(deps.db, staff.accountId)).filter((o) => can(staff, 'org.manage', o.regionCode))
    : [];
  const organisations = [];
  for (const o of orgs) {
    const units = await unitsOf(deps.db, o.id);
    organisations.push({ id: o.id, name: o.name, units: units.map((u) => ({ id: u.id, name: u.name, parentId: u.parentId, kind: u.kind })) });
  }
  return { regions: codes.map((code) => ({ code, name: names.get(code) ?? code })), organisations };
}

// ---------- residents ----------

export interface ResidentNotice {
  id: string;
  personId: string;
  /** Masked name of the dependant the notice is addressed to; null when it is for the resident. */
  forDependant: string | null;
  title: string;
  excerpt: string;
  senderLabel: string;
  askConfirm: boolean;
  createdAt: Date;
  readAt: Date | null;
  confirmedAt: Date | null;
}

export interface ResidentNoticeDetail extends ResidentNotice {
  body: string;
  link: string | null;
  kind: NoticeKind;
  /** The in-app action for this recipient (a /m/ path with ?personId=), or null. */
  actionLink: string | null;
}

async function residentPersons(deps: NoticeDeps, actor: Actor | undefined): Promise<{ self: string; all: string[] }> {
  const resident = requireActor(actor);
  if (resident.kind !== 'resident') throw kernelFail('FORBIDDEN');
  if (!resident.personId) return { self: '', all: [] };
  return { self: resident.personId, all: [resident.personId, ...(await dependantIdsOf(deps.db, resident.personId))] };
}

/** The resident's notices and those addressed to their bound dependants, newest first, with the unread count. */
export async function listMyNotices(deps: NoticeDeps, actor: Actor | undefined, query: { after?: string; limit: number }): Promise<{ items: ResidentNotice[]; next: string | null; unread: number }> {
  const persons = await residentPersons(deps, actor);
  const after = query.after ? decodeResidentCursor(query.after) : undefined;
  if (query.after && !after) throw noticeFail('NOTICE_CURSOR_INVALID', { field: 'after' });
  const rows = await findNoticesOfPersons(deps.db, persons.all, after, query.limit);
  const others = [...new Set(rows.map((r) => r.personId).filter((p) => p !== persons.self))];
  const labels = await personLabelsOf(deps.db, others);
  const items = rows.map((r) => ({
    id: r.id, personId: r.personId, forDependant: r.personId === persons.self ? null : labels.get(r.personId)?.nameMasked ?? '—', title: r.title, excerpt: excerpt(r.body),
    senderLabel: r.senderLabel, askConfirm: r.askConfirm, createdAt: r.createdAt, readAt: r.readAt, confirmedAt: r.confirmedAt,
  }));
  const last = rows[rows.length - 1];
  return { items, next: rows.length === query.limit && last ? encodeResidentCursor(last.createdAt, last.id, last.personId) : null, unread: await countUnreadOfPersons(deps.db, persons.all) };
}

export async function myUnreadCount(deps: NoticeDeps, actor: Actor | undefined): Promise<number> {
  return countUnreadOfPersons(deps.db, (await residentPersons(deps, actor)).all);
}

/**
 * The notice as addressed to the person (myself or a bound dependant). Without a person (a link
 * from a DING SMS), the first of myself and my dependants it is addressed to.
 */
async function myRecipient(deps: NoticeDeps, actor: Actor | undefined, noticeId: string, personId: string | undefined) {
  const resident = requireActor(actor);
  if (resident.kind !== 'resident') throw kernelFail('FORBIDDEN');
  let candidates: string[];
  if (personId !== undefined) {
    await requireSelfOrGuardian(deps.db, actor, personId);
    candidates = [personId];
  } else {
    candidates = (await residentPersons(deps, actor)).all;
  }
  const notice = isUuid(noticeId) ? await findNotice(deps.db, noticeId) : undefined;
  if (notice) {
    for (const candidate of candidates) {
      const recipient = await findRecipient(deps.db, noticeId, candidate);
      if (recipient) return { resident, notice, recipient };
    }
  }
  throw noticeFail('NOTICE_NOT_FOUND');
}

async function residentDetail(deps: NoticeDeps, resident: Actor, notice: StoredNotice, personId: string): Promise<ResidentNoticeDetail> {
  const r = (await findRecipient(deps.db, notice.id, personId))!;
  const forDependant = personId === resident.personId ? null : (await personLabelsOf(deps.db, [personId])).get(personId)?.nameMasked ?? '—';
  return {
    id: notice.id, personId, forDependant, title: notice.title, excerpt: excerpt(notice.body), senderLabel: notice.senderLabel, askConfirm: notice.askConfirm,
    createdAt: notice.createdAt, readAt: r.readAt, confirmedAt: r.confirmedAt, body: notice.body, link: notice.link, kind: notice.kind,
    actionLink: notice.actionLink ? actionLinkFor(notice.actionLink, personId) : null,
  };
}

/** Opens a notice: the read receipt is recorded at the first open only (a guardian's open counts for the dependant). */
export async function openNotice(deps: NoticeDeps, actor: Actor | undefined, noticeId: string, personId?: string): Promise<ResidentNoticeDetail> {
  const { resident, notice, recipient } = await myRecipient(deps, actor, noticeId, personId);
  await markRead(deps.db, notice.id, recipient.personId, deps.clock.now());
  return residentDetail(deps, resident, notice, recipient.personId);
}

/** 收到: only when the notice asks for it; once (a second tap changes nothing). */
export async function confirmNotice(deps: NoticeDeps, actor: Actor | undefined, noticeId: string, personId?: string): Promise<ResidentNoticeDetail> {
  const { resident, notice, recipient } = await myRecipient(deps, actor, noticeId, personId);
  if (!notice.askConfirm) throw noticeFail('NOTICE_CONFIRM_NOT_ASKED');
  await markConfirmed(deps.db, notice.id, recipient.personId, deps.clock.now());
  return residentDetail(deps, resident, notice, recipient.personId);
}
