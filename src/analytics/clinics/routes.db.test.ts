import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withWrongCheckDigit, type Session } from '../../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { staffSession } from '../../codes/colours/testing.ts';
import { fixedClock } from '../../kernel/time.ts';
import { onboardRegion } from '../../regions/onboarding.ts';
import { setTracingSender } from '../../tracing/jobs.ts';
import { bj } from '../../tracing/testing.ts';
import { clinicPeople, hospitalVenue, newIdNumber, openClinicWithDesk, visitPayload } from './testing.ts';

/*
 * The desk over HTTP: registration, results that become cases in the same step, stable codes
 * for bad input with nothing written, and who sees which clinic.
 */
const clock = fixedClock(bj('2026-03-10 12:00'));
let t: TestPlatform;
let official: Session;
let ningboOfficial: Session;
let deskA: Session;
let deskB: Session;
let clinicA: string;
let clinicB: string;
let p: Record<string, { id: string; idNumber: string }>;

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  setTracingSender(t.platform.db, async () => undefined);
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  await onboardRegion(t.platform, { system: 'test' }, '330200');
  official = await staffSession(t, 'clinic-official', 'health_official', '330100');
  ningboOfficial = await staffSession(t, 'clinic-nb', 'health_official', '330200');
  clinicA = await hospitalVenue(t, '西溪医院');
  clinicB = await hospitalVenue(t, '北山医院', '330106005');
  deskA = await openClinicWithDesk(t, official, clinicA, 'desk-a');
  deskB = await openClinicWithDesk(t, official, clinicB, 'desk-b');
  p = await clinicPeople(t, ['发热甲', '发热乙', '发热丙', '疑似丁']);
}, 60_000);
afterAll(async () => t.close());

const count = async (table: 'feverClinicVisits' | 'persons' | 'cases' | 'auditLog') =>
  Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('opening a clinic and binding its desk', () => {
  it('needs a hospital, once, and an account holding clinic_staff in the region', async () => {
    const shop = await hospitalVenue(t, '路口超市', '330106004', 'shop');
    const notHospital = await official.request({ method: 'POST', url: '/api/clinics', payload: { venueId: shop } });
    expect(notHospital.statusCode).toBe(400);
    expect(notHospital.json()).toMatchObject({ code: 'CLINIC_VENUE_NOT_HOSPITAL', zh: expect.any(String), en: expect.any(String) });
    expect((await official.request({ method: 'POST', url: '/api/clinics', payload: { venueId: clinicA } })).json().code).toBe('CLINIC_EXISTS');
    expect((await ningboOfficial.request({ method: 'POST', url: '/api/clinics', payload: { venueId: clinicA } })).statusCode).toBe(403);
    await staffSession(t, 'desk-nb', 'clinic_staff', '330200');
    const wrongRegion = await official.request({ method: 'POST', url: `/api/clinics/${clinicA}/staff`, payload: { username: 'desk-nb' } });
    expect(wrongRegion.json().code).toBe('CLINIC_STAFF_ROLE_MISSING');
    expect((await deskA.request({ method: 'GET', url: '/api/clinics/mine' })).json().items).toEqual([expect.objectContaining({ venueId: clinicA, name: '西溪医院' })]);
    const audits = await t.database.db.selectFrom('auditLog').select('action').where('targetId', '=', clinicA).where('action', 'like', 'clinic.%').execute();
    expect(audits.map((a) => a.action).sort()).toEqual(['clinic.open', 'clinic.staff.bind']);
  });
});

describe('registering a patient at the desk', () => {
  it('registers a known person: masked in the answer, the note encrypted at rest, audited', async () => {
    const res = await deskA.request({ method: 'POST', url: `/api/clinics/${clinicA}/visits`, payload: visitPayload(p.发热甲!.idNumber) });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      personId: p.发热甲!.id, nameMasked: '发*甲', temperature: 38.2, fever: true, symptoms: ['fever', 'cough'], triage: 'observe', suspected: false,
      testOrdered: 'nucleic_acid', result: 'pending', caseId: null, visitDay: '2026-03-10', epi: { travel: false, contact: true, cluster: false },
    });
    expect(res.body).not.toContain(p.发热甲!.idNumber);
    expect(res.body).not.toContain('同事');
    const stored = await t.database.db.selectFrom('feverClinicVisits').select('epiNoteEnc').where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(stored.epiNoteEnc).not.toContain('同事');
    const detail = await deskA.request({ method: 'GET', url: `/api/clinics/visits/${res.json().id}` });
    expect(detail.json().epiNote).toBe('同事上周确诊');
    const audits = await t.database.db.selectFrom('auditLog').select(['action', 'actorLabel']).where('targetId', '=', res.json().id).orderBy('id').execute();
    expect(audits).toEqual([{ action: 'clinic.visit.register', actorLabel: 'desk-a' }, { action: 'clinic.visit.read', actorLabel: 'desk-a' }]);
  });

  it('creates a new person record for an ID number not registered yet', async () => {
    const idNumber = newIdNumber();
    const persons = await count('persons');
    const res = await deskA.request({
      method: 'POST', url: `/api/clinics/${clinicA}/visits`,
      payload: visitPayload(idNumber, { person: { idType: 'resident_id', idNumber, name: '新来', homeRegionCode: '330106004' }, temperature: 36.8, symptoms: ['none'], onsetOn: null, testOrdered: 'none' }),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ nameMasked: '新*', fever: false, result: null });
    expect(await count('persons')).toBe(persons + 1);
  });

  it('refuses bad input with a stable code in both languages and writes nothing', async () => {
    const before = { visits: await count('feverClinicVisits'), persons: await count('persons'), cases: await count('cases'), audit: await count('auditLog') };
    const post = (venueId: string, payload: Record<string, unknown>) => deskA.request({ method: 'POST', url: `/api/clinics/${venueId}/visits`, payload });
    const fresh = newIdNumber();
    const checkDigit = await post(clinicA, visitPayload(withWrongCheckDigit(fresh), { person: { idType: 'resident_id', idNumber: withWrongCheckDigit(fresh), name: '错号', homeRegionCode: '330106004' } }));
    expect(checkDigit.statusCode).toBe(400);
    expect(checkDigit.json()).toMatchObject({ code: 'PERSON_ID_CHECK_DIGIT', zh: expect.any(String), en: expect.any(String), details: { field: 'person.idNumber' } });
    for (const temperature of [42.5, 34.9, 37.25]) {
      const hot = await post(clinicA, visitPayload(p.发热乙!.idNumber, { temperature, suspected: true }));
      expect(hot.statusCode).toBe(400);
      expect(hot.json()).toMatchObject({ code: 'CLINIC_TEMPERATURE_INVALID', details: { field: 'temperature' } });
    }
    const unknown = await post('00000000-0000-4000-8000-000000000000', visitPayload(p.发热乙!.idNumber));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('CLINIC_NOT_FOUND');
    expect((await post(clinicA, visitPayload(fresh))).json()).toMatchObject({ code: 'CLINIC_PERSON_DETAILS_REQUIRED', details: { field: 'person.name' } });
    expect((await post(clinicA, visitPayload(p.发热乙!.idNumber, { symptoms: ['none', 'cough'] }))).json().code).toBe('CLINIC_SYMPTOMS_INVALID');
    expect((await post(clinicA, visitPayload(p.发热乙!.idNumber, { onsetOn: '2026-03-11' }))).json().code).toBe('CLINIC_ONSET_INVALID');
    expect((await post(clinicA, visitPayload(p.发热乙!.idNumber, { triage: 'icu' }))).json().code).toBe('CLINIC_TRIAGE_INVALID');
    expect((await post(clinicA, visitPayload(p.发热乙!.idNumber, { testOrdered: 'ct' }))).json().code).toBe('CLINIC_TEST_INVALID');
    expect((await post(clinicA, visitPayload(p.发热乙!.idNumber, { visitedAt: '2026-03-10T13:00:00+08:00' }))).json().code).toBe('CLINIC_VISIT_TIME_INVALID');
    // A new person whose home region does not exist: the person check fails inside the transaction, nothing stays.
    const otherFresh = newIdNumber();
    const badRegion = await post(clinicA, visitPayload(otherFresh, { person: { idType: 'resident_id', idNumber: otherFresh, name: '无区', homeRegionCode: '339999' }, suspected: true }));
    expect(badRegion.json().code).toBe('PERSON_REGION_UNKNOWN');
    expect({ visits: await count('feverClinicVisits'), persons: await count('persons'), cases: await count('cases'), audit: await count('auditLog') }).toEqual(before);
  });
});

describe('results and cases', () => {
  let firstVisit: string;
  let caseId: string;

  it('a positive result registers a confirmed case (fever clinic, reported today, positive on the result day) in the same step', async () => {
    const visit = await deskA.request({ method: 'POST', url: `/api/clinics/${clinicA}/visits`, payload: visitPayload(p.发热乙!.idNumber, { visitedAt: '2026-03-09T20:00:00+08:00' }) });
    firstVisit = visit.json().id;
    const negative = await deskA.request({ method: 'POST', url: `/api/clinics/visits/${firstVisit}/result`, payload: { result: 'maybe' } });
    expect(negative.json().code).toBe('CLINIC_RESULT_INVALID');
    const early = await deskA.request({ method: 'POST', url: `/api/clinics/visits/${firstVisit}/result`, payload: { result: 'positive', resultAt: '2026-03-09T19:00:00+08:00' } });
    expect(early.json().code).toBe('CLINIC_RESULT_TIME_INVALID');
    const res = await deskA.request({ method: 'POST', url: `/api/clinics/visits/${firstVisit}/result`, payload: { result: 'positive', resultAt: '2026-03-10T02:00:00+08:00' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ result: 'positive', caseId: expect.any(String) });
    caseId = res.json().caseId;
    const c = await official.request({ method: 'GET', url: `/api/tracing/cases/${caseId}` });
    expect(c.json()).toMatchObject({
      personId: p.发热乙!.id, classification: 'confirmed', source: 'fever_clinic', reportedOn: '2026-03-10', testedPositiveOn: '2026-03-10', onsetOn: '2026-03-09',
      regionCode: '330106004', tracing: { status: 'pending' }, events: [{ kind: 'registered', toClassification: 'confirmed', actorLabel: 'desk-a' }],
    });
    expect((await deskA.request({ method: 'POST', url: `/api/clinics/visits/${firstVisit}/result`, payload: { result: 'negative' } })).json().code).toBe('CLINIC_RESULT_FINAL');
  });

  it('a second positive result joins the open case instead of registering another', async () => {
    const again = await deskB.request({ method: 'POST', url: `/api/clinics/${clinicB}/visits`, payload: visitPayload(p.发热乙!.idNumber, { triage: 'transfer' }) });
    const res = await deskB.request({ method: 'POST', url: `/api/clinics/visits/${again.json().id}/result`, payload: { result: 'positive' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().caseId).toBe(caseId);
    expect(await t.database.db.selectFrom('cases').select('id').where('personId', '=', p.发热乙!.id).execute()).toEqual([{ id: caseId }]);
  });

  it('a suspected patient becomes a suspected case at registration; a positive result promotes that case', async () => {
    const visit = await deskA.request({ method: 'POST', url: `/api/clinics/${clinicA}/visits`, payload: visitPayload(p.疑似丁!.idNumber, { suspected: true, triage: 'transfer', testOrdered: 'both' }) });
    expect(visit.statusCode, visit.body).toBe(201);
    const suspectedCase = visit.json().caseId;
    expect((await official.request({ method: 'GET', url: `/api/tracing/cases/${suspectedCase}/summary` })).json()).toMatchObject({ classification: 'suspected', source: 'fever_clinic', testedPositiveOn: null });
    const res = await deskA.request({ method: 'POST', url: `/api/clinics/visits/${visit.json().id}/result`, payload: { result: 'positive' } });
    expect(res.json().caseId).toBe(suspectedCase);
    const c = await official.request({ method: 'GET', url: `/api/tracing/cases/${suspectedCase}` });
    expect(c.json()).toMatchObject({ classification: 'confirmed', testedPositiveOn: '2026-03-10', tracing: { status: 'pending' } });
    expect(c.json().events.map((e: { kind: string; toClassification: string | null }) => [e.kind, e.toClassification])).toEqual([['registered', 'suspected'], ['classified', 'confirmed'], ['window_changed', null]]);
    expect(await t.database.db.selectFrom('cases').select('id').where('personId', '=', p.疑似丁!.id).execute()).toHaveLength(1);
  });

  it('a negative result changes no case', async () => {
    const visit = await deskA.request({ method: 'POST', url: `/api/clinics/${clinicA}/visits`, payload: visitPayload(p.发热丙!.idNumber, { testOrdered: 'antigen' }) });
    const cases = await count('cases');
    const res = await deskA.request({ method: 'POST', url: `/api/clinics/visits/${visit.json().id}/result`, payload: { result: 'negative' } });
    expect(res.json()).toMatchObject({ result: 'negative', caseId: null });
    expect(await count('cases')).toBe(cases);
    const noTest = await deskA.request({ method: 'POST', url: `/api/clinics/${clinicA}/visits`, payload: visitPayload(p.发热丙!.idNumber, { testOrdered: 'none' }) });
    expect((await deskA.request({ method: 'POST', url: `/api/clinics/visits/${noTest.json().id}/result`, payload: { result: 'positive' } })).json().code).toBe('CLINIC_NO_TEST_ORDERED');
  });

  it('keeps each desk to its own clinic, and officials to their region', async () => {
    expect((await deskB.request({ method: 'GET', url: `/api/clinics/${clinicA}/visits` })).statusCode).toBe(403);
    expect((await deskB.request({ method: 'GET', url: `/api/clinics/visits/${firstVisit}` })).statusCode).toBe(403);
    expect((await deskB.request({ method: 'POST', url: `/api/clinics/${clinicA}/visits`, payload: visitPayload(p.发热丙!.idNumber) })).statusCode).toBe(403);
    expect((await deskB.request({ method: 'GET', url: `/api/clinics/${clinicA}/report` })).statusCode).toBe(403);
    expect((await official.request({ method: 'GET', url: `/api/clinics/${clinicA}/visits` })).statusCode).toBe(403); // officials read counts, not the desk's patients
    expect((await ningboOfficial.request({ method: 'GET', url: `/api/clinics/${clinicA}/report` })).statusCode).toBe(403);
    expect((await ningboOfficial.request({ method: 'GET', url: '/api/clinics/reports/daily?regionCode=330100' })).statusCode).toBe(403);
    expect((await deskA.request({ method: 'GET', url: '/api/tracing/cases' })).statusCode).toBe(403);
    const mine = await deskA.request({ method: 'GET', url: `/api/clinics/${clinicA}/visits?limit=2` });
    expect(mine.json().items).toHaveLength(2);
    const rest = await deskA.request({ method: 'GET', url: `/api/clinics/${clinicA}/visits?limit=100&after=${mine.json().next}` });
    const all = [...mine.json().items, ...rest.json().items];
    expect(all.every((v: { venueId: string }) => v.venueId === clinicA)).toBe(true);
    expect(new Set(all.map((v: { id: string }) => v.id)).size).toBe(all.length);
    expect((await deskA.request({ method: 'GET', url: `/api/clinics/${clinicA}/visits?after=bad` })).json().code).toBe('CLINIC_CURSOR_INVALID');
  });
});
