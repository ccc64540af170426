/**
 * Daily health check-ins (健康打卡): a member (or a pupil's guardian) submits once a day; the day
 * is the server's Asia/Shanghai day, nothing in the request can choose it. There is no update or
 * delete path (and the table refuses both by trigger); an org_admin's correction is a separate,
 * audited row shown next to the original. Abnormal check-ins are alerts for the organisation's
 * administrators and the person's community; every check-in is a health-code fact (dailyCheckins).
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../audit/service.ts';
import { colourViewsOf } from '../../codes/colours/service.ts';
import { noteEachFactChanged, noteFactsChanged } from '../../codes/colours/outbox/service.ts';
import { riskAreasCovering } from '../../codes/rulesets/service.ts';
import { createBatcher, type Batcher } from '../../db/batcher.ts';
import type { NotificationHub } from '../../db/notifications.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import { inTransaction } from '../../db/transaction.ts';
import { requireActor, scopesFor, type Actor } from '../../kernel/access.ts';
import type { Keyring } from '../../kernel/crypto/field-encryption.ts';
import { kernelFail } from '../../kernel/errors.ts';
import { regionPrefix } from '../../kernel/regions-scope.ts';
import { shanghaiDay, type Clock } from '../../kernel/time.ts';
import { dependantIdsOf, maskedLabelsOf, requireSelfOrGuardian } from '../../people/service.ts';
import { regionNames } from '../../regions/service.ts';
import { requireOrganisationRelation } from '../access.ts';
import { orgFail } from '../errors.ts';
import { unitAndDescendants, type Organisation } from '../model.ts';
import { findMembershipsOfPerson, findUnits } from '../store.ts';
import { dailyFail } from './errors.ts';
import {
  abnormalReasons, checkDailyAnswers, daysEndingWith, DEFAULT_REMIND_AT, isValidRemindAt, rollUpUnits, TREND_DAYS,
  type DailyCounts, type DailyInput, type DailyLocation, type UnitCounts,
} from './model.ts';
import {
  countCorrectionDeltas, countDailyByUnit, countDailyTrend, deleteDailyTotal, findDailyTotals, insertDailyTotals, findCommunityAlerts, findCorrections, findDailyCheckin, findDailyCheckinOfDay,
  findDailyList, findLastDailyCheckin, findOrganisationsForStaff, findRemindAt, insertCorrection, insertDailyCheckins, findSubmissionContext, upsertRemindAt,
  type CorrectionRow, type DailyListRow, type DailyRow, type ListStatus,
} from './store.ts';

export interface DailyDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
  /** The platform's notification hub: colours are then read from the code-status cache. */
  notifications?: NotificationHub;
}

export interface CorrectionView {
  id: string;
  correctedAt: Date;
  reason: string;
  temperature: number;
  symptoms: string[];
  cityCode: string;
  location: DailyLocation;
  abnormal: boolean;
  abnormalReasons: string[];
}

export interface DailyCheckinView {
  id: string;
  organisationId: string;
  personId: string;
  day: string;
  submittedAt: Date;
  temperature: number;
  symptoms: string[];
  cityCode: string;
  cityName: string | null;
  location: DailyLocation;
  abnormal: boolean;
  abnormalReasons: string[];
  /** Oldest first; the last one is in effect. The original above is never changed. */
  corrections: CorrectionView[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

function viewFields(row: DailyRow): Omit<DailyCheckinView, 'cityName' | 'corrections'> {
  return {
    id: row.id, organisationId: row.organisationId, personId: row.personId, day: row.day, submittedAt: row.submittedAt, temperature: row.temperature,
    symptoms: row.symptoms, cityCode: row.cityCode, location: row.location, abnormal: row.abnormal, abnormalReasons: row.abnormalReasons,
  };
}

async function viewOf(db: DbOrTrx, row: DailyRow): Promise<DailyCheckinView> {
  const corrections = await findCorrections(db, [row.id]);
  const names = await regionNames(db, [row.cityCode]);
  return { ...viewFields(row), cityName: names.get(row.cityCode) ?? null, corrections: corrections.map(correctionView) };
}

function correctionView(c: CorrectionRow): CorrectionView {
  return {
    id: c.id, correctedAt: c.correctedAt, reason: c.reason, temperature: c.temperature, symptoms: c.symptoms, cityCode: c.cityCode, location: c.location,
    abnormal: c.abnormal, abnormalReasons: c.abnormalReasons,
  };
}

/** Answers checked, the city known, abnormal decided against the current risk areas; the city's name. */
async function checkedAnswers(db: DbOrTrx, input: Omit<DailyInput, 'personId'>) {
  const checked = checkDailyAnswers(input);
  if (!checked.ok) throw dailyFail(checked.code, { field: checked.field });
  const answers = checked.value;
  const cityName = (await regionNames(db, [answers.cityCode])).get(answers.cityCode);
  if (cityName === undefined) throw dailyFail('DAILY_CITY_INVALID', { field: 'cityCode' });
  const inRiskArea = (await riskAreasCovering(db, [answers.cityCode])).length > 0;
  return { answers, cityName, reasons: abnormalReasons(answers, inRiskArea) };
}

/** The member (themself, or a pupil by their guardian), the organisation and the member's home region, or the reason they may not check in. */
async function requireDailyMember(db: DbOrTrx, actor: Actor | undefined, organisationId: string, personId: string): Promise<{
  resident: Actor & { personId: string }; organisation: Organisation; homeRegionCode: string;
}> {
  const resident = await requireSelfOrGuardian(db, actor, personId);
  if (!UUID.test(organisationId)) throw orgFail('ORG_NOT_FOUND');
  const { organisation, activeMember, homeRegionCode } = await findSubmissionContext(db, organisationId, personId);
  if (!organisation) throw orgFail('ORG_NOT_FOUND');
  if (!activeMember || !homeRegionCode) throw orgFail('ORG_NOT_A_MEMBER');
  if (personId !== resident.personId && organisation.kind !== 'school') throw dailyFail('DAILY_GUARDIAN_SCHOOL_ONLY');
  return { resident, organisation, homeRegionCode };
}

/**
 * The person's colour now (null: no health code), from the code-status cache when the platform
 * has one. A check-in alone does not give anyone a code (they declare for that), and a later
 * declaration reads all check-ins anyway.
 */
async function colourOf(deps: DailyDeps, personId: string): Promise<string | null> {
  return (await colourViewsOf(deps, [personId])).get(personId)?.colour ?? null;
}

/**
 * Whether the colour should be recomputed before answering, not left to the colour-review job
 * (which takes up the facts outbox within a minute). A check-in changes a colour only by ending
 * a stage that waits for consecutive normal check-ins (a yellow or red code) or by being abnormal
 * (it restarts such counts, and a rule may react to it); a normal check-in of a green code
 * cannot change it, so the member is not kept waiting for a recomputation that changes nothing.
 */
export function recomputesAtOnce(colour: string | null, abnormal: boolean): boolean {
  return colour !== null && (colour !== 'green' || abnormal);
}

interface PendingCheckin {
  row: DailyRow;
  /** The person has a code: the check-in goes into the facts outbox with it. */
  noteFacts: boolean;
}

/**
 * Group commit (as for venue check-ins, src/db/batcher.ts): the morning's concurrent submissions
 * are written together — one multi-row INSERT, their outbox rows, one commit — instead of a
 * transaction each. A submission is answered only after its batch committed; `false`: the person
 * had already checked in with the organisation that day (the unique key decided).
 */
const writers = new WeakMap<object, Batcher<PendingCheckin, boolean>>();

function writerFor(db: DbOrTrx): Batcher<PendingCheckin, boolean> {
  let writer = writers.get(db);
  if (!writer) {
    writer = createBatcher((items: PendingCheckin[]) => inTransaction(db, async (trx) => {
      const written = await insertDailyCheckins(trx, items.map((i) => i.row));
      const noted = items.filter((i) => i.noteFacts && written.has(i.row.id));
      await noteEachFactChanged(trx, 'daily_checkin', noted.map((i) => ({ personId: i.row.personId, sourceRef: i.row.id, changedAt: i.row.submittedAt })));
      return items.map((i) => written.has(i.row.id));
    }), { maxBatch: 200, maxWaitMs: 0, maxInFlight: 2 });
    writers.set(db, writer);
  }
  return writer;
}

/** Waits until every submitted daily check-in is written (server shutdown: before the database closes). */
export async function drainDailyCheckins(db: DbOrTrx): Promise<void> {
  const writer = writers.get(db);
  writers.delete(db);
  await writer?.drain();
}

/**
 * Stores today's check-in; a second one the same day answers DAILY_ALREADY_SUBMITTED and changes
 * nothing. `recompute`: the caller recomputes the colour before answering (recomputesAtOnce);
 * otherwise the facts outbox has the change and the colour-review job takes it up.
 */
export async function submitDailyCheckin(deps: DailyDeps, actor: Actor | undefined, organisationId: string, input: DailyInput): Promise<{ checkin: DailyCheckinView; recompute: boolean }> {
  const { resident, homeRegionCode } = await requireDailyMember(deps.db, actor, organisationId, input.personId);
  const { answers, cityName, reasons } = await checkedAnswers(deps.db, input);
  const at = deps.clock.now();
  const row: DailyRow = {
    id: randomUUID(), organisationId, personId: input.personId, day: shanghaiDay(at), submittedAt: at, submittedByAccountId: resident.accountId,
    temperature: answers.temperature, symptoms: answers.symptoms, cityCode: answers.cityCode, location: answers.location,
    abnormal: reasons.length > 0, abnormalReasons: reasons, homeRegionCode,
  };
  const colour = await colourOf(deps, input.personId);
  const written = await writerFor(deps.db).submit({ row, noteFacts: colour !== null });
  if (!written) throw dailyFail('DAILY_ALREADY_SUBMITTED', { day: row.day });
  // A new check-in has no corrections yet.
  return { checkin: { ...viewFields(row), cityName, corrections: [] }, recompute: recomputesAtOnce(colour, row.abnormal) };
}

/** The form's state: today's check-in if there is one, and the defaults (the last answer's city and place). */
export async function todayForMember(deps: DailyDeps, actor: Actor | undefined, organisationId: string, personId: string): Promise<{
  day: string; organisation: { id: string; name: string; kind: string }; nameMasked: string; checkin: DailyCheckinView | null;
  defaults: { cityCode: string | null; cityName: string | null; location: DailyLocation | null };
}> {
  const { organisation, homeRegionCode } = await requireDailyMember(deps.db, actor, organisationId, personId);
  const day = shanghaiDay(deps.clock.now());
  const row = await findDailyCheckinOfDay(deps.db, organisationId, personId, day);
  const last = await findLastDailyCheckin(deps.db, personId);
  // The last answer's city, or the home region the first time.
  const cityCode = last?.cityCode ?? homeRegionCode;
  const cityName = cityCode ? (await regionNames(deps.db, [cityCode])).get(cityCode) ?? null : null;
  const label = (await maskedLabelsOf(deps.db, [personId])).get(personId);
  return {
    day, organisation: { id: organisation.id, name: organisation.name, kind: organisation.kind }, nameMasked: label?.nameMasked ?? '',
    checkin: row ? await viewOf(deps.db, row) : null, defaults: { cityCode, cityName, location: last?.location ?? null },
  };
}

export interface MyDailyOrganisation {
  organisationId: string;
  name: string;
  kind: string;
  personId: string;
  /** Masked name of the person the check-in is for (the resident or a pupil they are guardian of). */
  nameMasked: string;
  self: boolean;
  submittedToday: boolean;
}

/** The organisations the resident checks in with: their own, and their children's schools. */
export async function myDailyOrganisations(deps: DailyDeps, actor: Actor | undefined): Promise<{ day: string; items: MyDailyOrganisation[] }> {
  const resident = requireActor(actor);
  if (resident.kind !== 'resident' || !resident.personId) return { day: shanghaiDay(deps.clock.now()), items: [] };
  const self = resident.personId;
  const persons = [self, ...(await dependantIdsOf(deps.db, self))];
  const labels = await maskedLabelsOf(deps.db, persons);
  const day = shanghaiDay(deps.clock.now());
  const items: MyDailyOrganisation[] = [];
  for (const personId of persons) {
    for (const org of await findMembershipsOfPerson(deps.db, personId)) {
      if (personId !== self && org.kind !== 'school') continue;
      const today = await findDailyCheckinOfDay(deps.db, org.id, personId, day);
      items.push({ organisationId: org.id, name: org.name, kind: org.kind, personId, nameMasked: labels.get(personId)?.nameMasked ?? '', self: personId === self, submittedToday: today !== undefined });
    }
  }
  return { day, items };
}

/** One check-in with its corrections (the organisation's administrators and officials). */
export async function getDailyCheckin(deps: DailyDeps, actor: Actor | undefined, organisationId: string, checkinId: string): Promise<DailyCheckinView & { nameMasked: string }> {
  await requireOrganisationRelation(deps.db, actor, organisationId, 'view');
  const row = UUID.test(checkinId) ? await findDailyCheckin(deps.db, organisationId, checkinId) : undefined;
  if (!row) throw dailyFail('DAILY_CHECKIN_NOT_FOUND');
  const label = (await maskedLabelsOf(deps.db, [row.personId])).get(row.personId);
  return { ...(await viewOf(deps.db, row)), nameMasked: label?.nameMasked ?? '' };
}

/**
 * An org_admin's correction (更正): a new row beside the original with the corrected answers and a
 * required reason, in the audit log with both versions. The latest correction is what counts.
 */
export async function correctDailyCheckin(
  deps: DailyDeps, actor: Actor | undefined, organisationId: string, checkinId: string, input: Omit<DailyInput, 'personId'> & { reason: string },
): Promise<{ checkin: DailyCheckinView; recompute: boolean }> {
  const { staff, organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'manage');
  const row = UUID.test(checkinId) ? await findDailyCheckin(deps.db, organisationId, checkinId) : undefined;
  if (!row) throw dailyFail('DAILY_CHECKIN_NOT_FOUND');
  const reason = input.reason.trim();
  if (reason.length < 2) throw dailyFail('DAILY_CORRECTION_REASON_REQUIRED', { field: 'reason' });
  const { answers, reasons } = await checkedAnswers(deps.db, input);
  const at = deps.clock.now();
  const correction: CorrectionRow = {
    id: randomUUID(), checkinId: row.id, organisationId, personId: row.personId, day: row.day, correctedAt: at, correctedByAccountId: staff.accountId, reason,
    temperature: answers.temperature, symptoms: answers.symptoms, cityCode: answers.cityCode, location: answers.location, abnormal: reasons.length > 0, abnormalReasons: reasons,
  };
  // Corrections are rare and may turn a day normal or abnormal: always recomputed at once.
  const recompute = (await colourOf(deps, row.personId)) !== null;
  await inTransaction(deps.db, async (trx) => {
    await insertCorrection(trx, correction);
    await deleteDailyTotal(trx, organisationId, row.day);
    await recordAudit(trx, staff, {
      action: 'org.daily.correct', targetType: 'org_daily_checkin', targetId: row.id, regionCode: organisation.regionCode, reason,
      detail: {
        organisationId, personId: row.personId, day: row.day, correctionId: correction.id,
        before: { temperature: row.temperature, symptoms: row.symptoms, cityCode: row.cityCode, location: row.location, abnormal: row.abnormal },
        after: { temperature: correction.temperature, symptoms: correction.symptoms, cityCode: correction.cityCode, location: correction.location, abnormal: correction.abnormal },
      },
    }, deps.clock);
    if (recompute) await noteFactsChanged(trx, [row.personId], 'daily_checkin_correction', correction.id, at);
  });
  return { checkin: await viewOf(deps.db, row), recompute };
}

function checkDay(deps: DailyDeps, day: string | undefined): string {
  const today = shanghaiDay(deps.clock.now());
  if (day === undefined) return today;
  if (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || day > today) throw dailyFail('DAILY_DAY_INVALID', { field: 'day' });
  return day;
}

export async function unitScope(db: DbOrTrx, organisationId: string, unitId: string | undefined) {
  const units = await findUnits(db, organisationId);
  if (unitId === undefined) return { units, unitIds: undefined };
  if (!units.some((u) => u.id === unitId)) throw orgFail('ORG_UNIT_NOT_FOUND');
  return { units, unitIds: unitAndDescendants(units, unitId) };
}

export interface DailyStatistics {
  organisation: { id: string; name: string; kind: string };
  day: string;
  unitId: string | null;
  /** The selected unit (and units below), or the whole organisation. */
  totals: DailyCounts;
  /** Every unit with the counts of itself and the units below; members in no unit last (unitId null). */
  units: UnitCounts[];
  /** The whole organisation's last 14 days (members: today's active members). */
  trend: (DailyCounts & { day: string })[];
}

/** Per day and per unit: submitted / not submitted / abnormal, and the 14-day trend (counts only). */
export async function dailyStatistics(deps: DailyDeps, actor: Actor | undefined, organisationId: string, query: { day?: string; unitId?: string }): Promise<DailyStatistics> {
  const { organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'view');
  const day = checkDay(deps, query.day);
  const { units } = await unitScope(deps.db, organisationId, query.unitId);
  const own = await countDailyByUnit(deps.db, organisationId, day);
  for (const { unitId, delta } of await countCorrectionDeltas(deps.db, organisationId, day)) {
    const row = own.find((o) => o.unitId === unitId);
    if (row) row.abnormal += delta;
  }
  const rows = rollUpUnits(units, new Map(own.map((o) => [o.unitId, o])));
  const all = own.reduce((t, o) => ({ members: t.members + o.members, submitted: t.submitted + o.submitted, abnormal: t.abnormal + o.abnormal }), { members: 0, submitted: 0, abnormal: 0 });
  const selected = query.unitId ? rows.find((r) => r.unitId === query.unitId)! : { ...all, missing: all.members - all.submitted };
  const days = daysEndingWith(day, TREND_DAYS);
  const counted = await trendCounts(deps, organisationId, days);
  const trend = days.map((d) => {
    const c = counted.get(d) ?? { submitted: 0, abnormal: 0 };
    return { day: d, members: all.members, submitted: c.submitted, missing: Math.max(0, all.members - c.submitted), abnormal: c.abnormal };
  });
  return {
    organisation: { id: organisation.id, name: organisation.name, kind: organisation.kind }, day, unitId: query.unitId ?? null,
    totals: { members: selected.members, submitted: selected.submitted, missing: selected.missing, abnormal: selected.abnormal }, units: rows, trend,
  };
}

/**
 * Submitted and abnormal per day. Days before yesterday are closed (no check-in can be dated there
 * any more): their totals are counted once and kept in org_daily_totals until a correction of that
 * day drops them. Yesterday and today are always counted live.
 */
async function trendCounts(deps: DailyDeps, organisationId: string, days: readonly string[]): Promise<Map<string, { submitted: number; abnormal: number }>> {
  const yesterday = daysEndingWith(shanghaiDay(deps.clock.now()), 2)[0]!;
  const closed = days.filter((d) => d < yesterday);
  const open = days.filter((d) => d >= yesterday);
  const out = new Map((await findDailyTotals(deps.db, organisationId, closed)).map((r) => [r.day, { submitted: r.submitted, abnormal: r.abnormal }]));
  const missing = closed.filter((d) => !out.has(d));
  if (missing.length > 0) {
    const countedAt = deps.clock.now();
    const rows = await countDailyTrend(deps.db, organisationId, missing[0]!, missing[missing.length - 1]!);
    const fresh = missing.map((d) => ({ day: d, ...(rows.find((r) => r.day === d) ?? { submitted: 0, abnormal: 0 }) }));
    await insertDailyTotals(deps.db, organisationId, fresh, countedAt);
    for (const r of fresh) out.set(r.day, { submitted: r.submitted, abnormal: r.abnormal });
  }
  if (open.length > 0) {
    for (const r of await countDailyTrend(deps.db, organisationId, open[0]!, open[open.length - 1]!)) out.set(r.day, { submitted: r.submitted, abnormal: r.abnormal });
  }
  return out;
}

export interface DailyListItem extends Omit<DailyListRow, 'unitId'> {
  unitId: string | null;
  unitName: string | null;
  cityName: string | null;
}

function encodeCursor(personId: string): string {
  return Buffer.from(personId).toString('base64url');
}
function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!UUID.test(id)) throw dailyFail('DAILY_CURSOR_INVALID', { field: 'after' });
  return id;
}

export async function namedItems(db: DbOrTrx, organisationId: string, rows: readonly DailyListRow[], units?: { id: string; name: string }[]): Promise<DailyListItem[]> {
  const unitNames = new Map((units ?? await findUnits(db, organisationId)).map((u) => [u.id, u.name]));
  const cities = await regionNames(db, [...new Set(rows.flatMap((r) => (r.cityCode ? [r.cityCode] : [])))]);
  return rows.map((r) => ({ ...r, unitName: r.unitId ? unitNames.get(r.unitId) ?? null : null, cityName: r.cityCode ? cities.get(r.cityCode) ?? null : null }));
}

/** The day's submitted, not-submitted or abnormal members (masked names), a keyset page at a time. */
export async function dailyList(
  deps: DailyDeps, actor: Actor | undefined, organisationId: string,
  query: { day?: string; unitId?: string; status: ListStatus; after?: string; limit: number },
): Promise<{ day: string; items: DailyListItem[]; next: string | null }> {
  await requireOrganisationRelation(deps.db, actor, organisationId, 'view');
  const day = checkDay(deps, query.day);
  const { units, unitIds } = await unitScope(deps.db, organisationId, query.unitId);
  const after = query.after === undefined ? undefined : decodeCursor(query.after);
  const rows = await findDailyList(deps.db, organisationId, day, { status: query.status, unitIds, after, limit: query.limit });
  const last = rows[rows.length - 1];
  return { day, items: await namedItems(deps.db, organisationId, rows, units), next: rows.length === query.limit && last ? encodeCursor(last.personId) : null };
}

/**
 * Abnormal check-ins of persons living in the actor's regions (community workers their streets,
 * officials their districts), from every organisation, on a day: the community's alert list.
 */
export async function communityDailyAlerts(deps: DailyDeps, actor: Actor | undefined, query: { day?: string }) {
  const staff = requireActor(actor);
  const scopes = scopesFor(staff, 'org.read');
  if (scopes.length === 0) throw kernelFail('FORBIDDEN', { permission: 'org.read' });
  const day = checkDay(deps, query.day);
  const rows = await findCommunityAlerts(deps.db, scopes.map(regionPrefix), day, 500);
  const cities = await regionNames(deps.db, [...new Set(rows.map((r) => r.cityCode))]);
  return { day, items: rows.map((r) => ({ ...r, cityName: cities.get(r.cityCode) ?? null })) };
}

/** The console's organisation picker: the ones the account administers first, then (officials) those in its regions. */
export async function organisationsForStaff(deps: DailyDeps, actor: Actor | undefined): Promise<{ items: { id: string; name: string; kind: string; regionCode: string; admin: boolean }[] }> {
  const staff = requireActor(actor);
  if (staff.kind !== 'staff') throw kernelFail('FORBIDDEN');
  const manages = scopesFor(staff, 'org.manage').length > 0;
  const reads = scopesFor(staff, 'org.read').map(regionPrefix);
  if (!manages && reads.length === 0) throw kernelFail('FORBIDDEN', { permission: 'org.read' });
  const rows = await findOrganisationsForStaff(deps.db, staff.accountId, reads, 200);
  // An administrator whose org_admin grant was withdrawn no longer manages the organisation.
  return { items: rows.filter((r) => !r.admin || manages || reads.some((p) => r.regionCode.startsWith(p))) };
}

export async function getDailySettings(deps: DailyDeps, actor: Actor | undefined, organisationId: string): Promise<{ remindAt: string }> {
  await requireOrganisationRelation(deps.db, actor, organisationId, 'view');
  return { remindAt: (await findRemindAt(deps.db, organisationId)) ?? DEFAULT_REMIND_AT };
}

export async function setDailySettings(deps: DailyDeps, actor: Actor | undefined, organisationId: string, input: { remindAt: string }): Promise<{ remindAt: string }> {
  const { staff, organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'manage');
  if (!isValidRemindAt(input.remindAt)) throw dailyFail('DAILY_REMIND_AT_INVALID', { field: 'remindAt' });
  await inTransaction(deps.db, async (trx) => {
    await upsertRemindAt(trx, organisationId, input.remindAt, staff.accountId, deps.clock.now());
    await recordAudit(trx, staff, { action: 'org.daily.settings', targetType: 'organisation', targetId: organisationId, regionCode: organisation.regionCode, detail: { remindAt: input.remindAt } }, deps.clock);
  });
  return { remindAt: input.remindAt };
}

