/**
 * The clinic desk (就诊登记): staff register a patient (found by ID document, or a new person
 * record), temperature, symptoms, onset, epidemiological history (the free text encrypted),
 * triage and the test ordered; later the result. A suspected patient or a positive result
 * registers or updates the person's case in the same transaction (case-link.ts). Every write and
 * every read of a visit's details is audited; lists are masked and keyset-paginated.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../audit/service.ts';
import { inTransaction } from '../../db/transaction.ts';
import { requireAccess, type Actor } from '../../kernel/access.ts';
import { decryptField, encryptField } from '../../kernel/crypto/field-encryption.ts';
import { DAY_MS, shanghaiDay } from '../../kernel/time.ts';
import { validateIdNumber } from '../../people/model/id-number.ts';
import { peopleFail } from '../../people/errors.ts';
import { findPersonsByIdentities, homeRegionOf, maskedLabelsOf, registerPeopleBulk, type IdType } from '../../people/service.ts';
import type { TracingDeps } from '../../tracing/trace.ts';
import { requireClinicDesk } from './access.ts';
import { afterVisitCase, writeVisitCase, type CaseOutcome } from './case-link.ts';
import { clinicFail } from './errors.ts';
import { caseWish, checkResult, checkVisit, isDay, isFever, type EpiHistory, type TestOrdered, type TestResult, type Triage } from './model.ts';
import { findVisit, findVisitsOfDay, insertVisit, lockVisit, updateVisit, type VisitRow } from './store.ts';

export type VisitDeps = TracingDeps;

/** How far back a desk may date a registration (a paper form typed in later). */
const MAX_BACKDATE_MS = 7 * DAY_MS;

export interface PersonInput {
  idType: IdType;
  idNumber: string;
  /** For a person not registered yet: the new record's name, home region and (optional) phone. */
  name?: string;
  homeRegionCode?: string;
  phone?: string | null;
}

export interface VisitRegistration {
  person: PersonInput;
  visitedAt?: Date;
  temperature: number;
  symptoms: string[];
  onsetOn?: string | null;
  epi: EpiHistory;
  triage: string;
  suspected: boolean;
  testOrdered: string;
}

export interface VisitView {
  id: string; venueId: string; personId: string; nameMasked: string; idNumberMasked: string; visitedAt: Date; visitDay: string;
  temperature: number; fever: boolean; symptoms: string[]; onsetOn: string | null; epi: { travel: boolean; contact: boolean; cluster: boolean };
  triage: Triage; suspected: boolean; testOrdered: TestOrdered; result: TestResult | null; resultAt: Date | null; caseId: string | null;
  createdAt: Date; updatedAt: Date;
}

async function visitViews(deps: Pick<VisitDeps, 'db'>, rows: readonly VisitRow[]): Promise<VisitView[]> {
  const labels = await maskedLabelsOf(deps.db, rows.map((r) => r.personId));
  return rows.map((r) => ({
    id: r.id, venueId: r.venueId, personId: r.personId, nameMasked: labels.get(r.personId)?.nameMasked ?? '*', idNumberMasked: labels.get(r.personId)?.idNumberMasked ?? '',
    visitedAt: r.visitedAt, visitDay: r.visitDay, temperature: r.temperature, fever: isFever(r.temperature), symptoms: r.symptoms, onsetOn: r.onsetOn,
    epi: { travel: r.travelHistory, contact: r.contactHistory, cluster: r.clusterHistory }, triage: r.triage, suspected: r.suspected,
    testOrdered: r.testOrdered, result: r.result, resultAt: r.resultAt, caseId: r.caseId, createdAt: r.createdAt, updatedAt: r.updatedAt,
  }));
}

/** The ID document's checks (check digit and all) before anything is looked up or written. */
function checkedIdNumber(person: PersonInput, today: string): string {
  const id = validateIdNumber(person.idType, person.idNumber, today);
  if (!id.ok) throw peopleFail(id.code, { field: id.code === 'PERSON_ID_TYPE_UNKNOWN' ? 'person.idType' : 'person.idNumber' });
  return id.normalized;
}

/** The person by ID document, or a new person record (in the visit's transaction). */
async function findOrCreatePerson(deps: VisitDeps, db: Parameters<typeof registerPeopleBulk>[0]['db'], person: PersonInput, idNumber: string): Promise<{ personId: string; created: boolean }> {
  const found = (await findPersonsByIdentities({ db, keyring: deps.keyring }, [{ idType: person.idType, idNumber }])).get(`${person.idType}:${idNumber}`);
  if (found) return { personId: found.id, created: false };
  if (!person.name?.trim() || !person.homeRegionCode) throw clinicFail('CLINIC_PERSON_DETAILS_REQUIRED', { field: person.name?.trim() ? 'person.homeRegionCode' : 'person.name' });
  const [personId] = await registerPeopleBulk({ db, keyring: deps.keyring, clock: deps.clock }, [{
    idType: person.idType, idNumber, name: person.name, phone: person.phone ?? null, homeRegionCode: person.homeRegionCode,
  }]);
  return { personId: personId!, created: true };
}

/** 就诊登记: one patient at the desk; a suspected patient's case is registered (or joined) with it. */
export async function registerVisit(deps: VisitDeps, actor: Actor | undefined, venueId: string, input: VisitRegistration): Promise<VisitView> {
  const { staff, clinic } = await requireClinicDesk(deps.db, actor, venueId);
  const now = deps.clock.now();
  const visitedAt = input.visitedAt ?? now;
  if (Number.isNaN(visitedAt.getTime()) || visitedAt.getTime() > now.getTime() || visitedAt.getTime() < now.getTime() - MAX_BACKDATE_MS) {
    throw clinicFail('CLINIC_VISIT_TIME_INVALID', { field: 'visitedAt' });
  }
  const visitDay = shanghaiDay(visitedAt);
  const checked = checkVisit(input, visitDay);
  if (!checked.ok) throw clinicFail(checked.code, { field: checked.field });
  const v = checked.value;
  const idNumber = checkedIdNumber(input.person, shanghaiDay(now));
  let outcome: CaseOutcome | undefined;
  const row = await inTransaction(deps.db, async (trx) => {
    const { personId, created } = await findOrCreatePerson(deps, trx, input.person, idNumber);
    const visit: VisitRow = {
      id: randomUUID(), venueId: clinic.venueId, regionCode: clinic.regionCode, personId, visitedAt, visitDay, temperature: v.temperature, symptoms: v.symptoms,
      onsetOn: v.onsetOn, travelHistory: v.epi.travel, contactHistory: v.epi.contact, clusterHistory: v.epi.cluster,
      epiNoteEnc: v.epi.note ? encryptField(deps.keyring, v.epi.note) : null, triage: v.triage, suspected: v.suspected, testOrdered: v.testOrdered,
      result: v.result, resultAt: null, caseId: null, recordedByAccountId: staff.accountId, createdAt: now, updatedAt: now,
    };
    await insertVisit(trx, visit);
    const wish = caseWish(visit, null);
    if (wish) {
      const home = (await homeRegionOf(trx, personId))!;
      outcome = await writeVisitCase(trx, deps, staff, { id: visit.id, personId, homeRegionCode: home, onsetOn: visit.onsetOn, clinicName: clinic.name }, wish);
      visit.caseId = outcome.caseId;
      await updateVisit(trx, visit.id, { caseId: outcome.caseId });
    }
    await recordAudit(trx, staff, {
      action: 'clinic.visit.register', targetType: 'fever_clinic_visit', targetId: visit.id, regionCode: clinic.regionCode,
      detail: { venueId: clinic.venueId, personCreated: created, triage: visit.triage, suspected: visit.suspected, testOrdered: visit.testOrdered, ...(outcome ? { caseId: outcome.caseId, case: outcome.action } : {}) },
    }, deps.clock);
    return visit;
  });
  await afterVisitCase(deps, outcome);
  return (await visitViews(deps, [row]))[0]!;
}

/** 录入检测结果: once per visit; a positive result registers, promotes or joins the person's case in the same transaction. */
export async function enterResult(deps: VisitDeps, actor: Actor | undefined, visitId: string, input: { result: string; resultAt?: Date }): Promise<VisitView> {
  const first = await findVisit(deps.db, visitId);
  if (!first) {
    requireAccess(actor, 'clinic.visit.write'); // without a visit to name a clinic, only desk staff learn it does not exist
    throw clinicFail('CLINIC_VISIT_NOT_FOUND');
  }
  const { staff, clinic } = await requireClinicDesk(deps.db, actor, first.venueId);
  const now = deps.clock.now();
  const resultAt = input.resultAt ?? now;
  let outcome: CaseOutcome | undefined;
  const row = await inTransaction(deps.db, async (trx) => {
    const visit = (await lockVisit(trx, visitId))!;
    const check = checkResult(visit, input.result, resultAt, now);
    if (!check.ok) throw clinicFail(check.code, { field: check.field });
    const next: VisitRow = { ...visit, result: check.value, resultAt, updatedAt: now };
    const wish = caseWish(next, shanghaiDay(resultAt));
    if (check.value === 'positive' && wish) {
      const home = (await homeRegionOf(trx, visit.personId))!;
      outcome = await writeVisitCase(trx, deps, staff, { id: visit.id, personId: visit.personId, homeRegionCode: home, onsetOn: visit.onsetOn, clinicName: clinic.name }, wish);
      next.caseId = outcome.caseId;
    }
    await updateVisit(trx, visit.id, { result: next.result, resultAt: next.resultAt, caseId: next.caseId, updatedAt: now });
    await recordAudit(trx, staff, {
      action: 'clinic.visit.result', targetType: 'fever_clinic_visit', targetId: visit.id, regionCode: clinic.regionCode,
      detail: { venueId: clinic.venueId, result: next.result, ...(outcome ? { caseId: outcome.caseId, case: outcome.action } : {}) },
    }, deps.clock);
    return next;
  });
  await afterVisitCase(deps, outcome);
  return (await visitViews(deps, [row]))[0]!;
}


const encode = (v: { visitedAt: Date; id: string }) => Buffer.from(`${v.visitedAt.toISOString()}|${v.id}`).toString('base64url');
function decode(raw: string | undefined): { visitedAt: Date; id: string } | undefined {
  if (!raw) return undefined;
  const [at, id, ...rest] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const visitedAt = new Date(at ?? '');
  if (rest.length > 0 || !id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(visitedAt.getTime())) throw clinicFail('CLINIC_CURSOR_INVALID');
  return { visitedAt, id };
}

/** A day's visits at my clinic (default today), newest first, masked. */
export async function listVisits(deps: VisitDeps, actor: Actor | undefined, venueId: string, q: { day?: string; after?: string; limit: number }): Promise<{ items: VisitView[]; next: string | null }> {
  const { clinic } = await requireClinicDesk(deps.db, actor, venueId);
  const today = shanghaiDay(deps.clock.now());
  const day = q.day ?? today;
  if (!isDay(day) || day > today) throw clinicFail('CLINIC_DAY_INVALID', { field: 'day' });
  const rows = await findVisitsOfDay(deps.db, clinic.venueId, day, { after: decode(q.after), limit: q.limit });
  return { items: await visitViews(deps, rows), next: rows.length === q.limit ? encode(rows.at(-1)!) : null };
}

/** One visit with its epidemiological note (personal: the read is audited). */
export async function getVisit(deps: VisitDeps, actor: Actor | undefined, visitId: string): Promise<VisitView & { epiNote: string | null }> {
  const visit = await findVisit(deps.db, visitId);
  if (!visit) {
    requireAccess(actor, 'clinic.visit.write'); // without a visit to name a clinic, only desk staff learn it does not exist
    throw clinicFail('CLINIC_VISIT_NOT_FOUND');
  }
  const { staff, clinic } = await requireClinicDesk(deps.db, actor, visit.venueId);
  await recordAudit(deps.db, staff, { action: 'clinic.visit.read', targetType: 'fever_clinic_visit', targetId: visit.id, regionCode: clinic.regionCode }, deps.clock);
  return { ...(await visitViews(deps, [visit]))[0]!, epiNote: visit.epiNoteEnc ? decryptField(deps.keyring, visit.epiNoteEnc) : null };
}
