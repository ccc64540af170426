import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentId, withWrongCheckDigit, type Session } from '../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { staffSession } from '../codes/colours/testing.ts';
import { fixedClock } from '../kernel/time.ts';
import { registerPeopleBulk } from '../people/service.ts';
import { onboardRegion } from '../regions/onboarding.ts';
import { importCounts } from './import-testing.ts';
import { setTracingSender } from './jobs.ts';
import { bj } from './testing.ts';

/* Cases another region (北京市朝阳区, 110105) sends to 杭州 through the API; the clock is 2026-03-10 12:00 in Beijing. */
const clock = fixedClock(bj('2026-03-10 12:00'));
let t: TestPlatform;
let official: Session;
let ningboOfficial: Session;
const id = (seq: string) => residentId('110105', '19880808', seq);
const registered = id('802');

const item = (externalRef: string, idNumber: string, name: string, extra: Record<string, unknown> = {}) => ({
  externalRef, person: { idType: 'resident_id', idNumber, name, homeRegionCode: '110105' }, classification: 'confirmed', onsetOn: '2026-03-07', reportedOn: '2026-03-09', ...extra,
});
const batch = () => [
  item('BJ-1', id('804'), '赵新'), // a person not registered yet
  item('BJ-2', registered, '钱旧', { classification: 'asymptomatic', onsetOn: null, testedPositiveOn: '2026-03-08', person: { idType: 'resident_id', idNumber: registered, name: '钱旧' } }),
  item('BJ-3', withWrongCheckDigit(id('806')), '孙错'),
  item('BJ-4', id('808'), '李怪', { classification: '重症', isolatedAt: '2026-03-11 08:00' }),
  item('BJ-5', id('810'), '周无', { person: { idType: 'resident_id', idNumber: id('810'), name: '周无' } }),
];
const send = (session: Session, cases: unknown[], extra: Record<string, unknown> = {}) =>
  session.request({ method: 'POST', url: '/api/tracing/imports/region', payload: { regionCode: '330100', issuingRegionCode: '110105', cases, ...extra } });
const statuses = (body: { results: { externalRef: string; status: string }[] }) => body.results.map((r) => `${r.externalRef}:${r.status}`);

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  setTracingSender(t.platform.db, async () => undefined);
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  await onboardRegion(t.platform, { system: 'test' }, '330200');
  official = await staffSession(t, 'region-import-official', 'health_official', '330100');
  ningboOfficial = await staffSession(t, 'region-import-nb', 'health_official', '330200');
  await registerPeopleBulk(t.platform, [{ idType: 'resident_id', idNumber: registered, name: '钱旧', homeRegionCode: '330106004' }]);
});
afterAll(async () => t.close());

describe('cases from another region through the API', () => {
  it('creates the good items as other_region cases and rejects the bad ones item by item', async () => {
    const before = await importCounts(t);
    const res = await send(official, batch());
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.issuingRegionCode).toBe('110105');
    expect(statuses(body)).toEqual(['BJ-1:created', 'BJ-2:created', 'BJ-3:rejected', 'BJ-4:rejected', 'BJ-5:rejected']);
    expect(body.results.slice(2).map((r: { errors: { field: string; code: string }[] }) => r.errors.map((e) => `${e.field}:${e.code}`))).toEqual([
      ['person.idNumber:id_check_digit'], ['classification:classification_unknown'], ['person.homeRegionCode:home_region_required'],
    ]);
    expect(body.results[2]).toMatchObject({ caseId: null, errors: [{ zh: expect.stringContaining('校验位'), en: expect.stringContaining('check digit') }] });
    expect(await importCounts(t)).toEqual({ persons: before.persons + 1, cases: before.cases + 2, events: before.events + 2 });
    const cases = await t.database.db.selectFrom('cases').select(['id', 'regionCode', 'source', 'issuingRegionCode', 'externalRef', 'traceRequestedAt']).orderBy('externalRef').execute();
    expect(cases).toEqual([
      expect.objectContaining({ id: body.results[0].caseId, regionCode: '330100', source: 'other_region', issuingRegionCode: '110105', externalRef: 'BJ-1', traceRequestedAt: expect.any(Date) }),
      expect.objectContaining({ id: body.results[1].caseId, regionCode: '330106004', source: 'other_region', issuingRegionCode: '110105', externalRef: 'BJ-2' }),
    ]);
    const audit = await t.database.db.selectFrom('auditLog').select(['detail', 'regionCode']).where('action', '=', 'tracing.case.import_region').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toEqual({ issuingRegionCode: '110105', items: 5, created: 2, updated: 0, unchanged: 0, rejected: 3 });
    expect(audit[0]!.detail).not.toContain('赵新');
  });

  it('is idempotent: the same items again change nothing; a new classification or new dates update the case with their events', async () => {
    const before = await importCounts(t);
    const again = (await send(official, batch())).json();
    expect(statuses(again)).toEqual(['BJ-1:unchanged', 'BJ-2:unchanged', 'BJ-3:rejected', 'BJ-4:rejected', 'BJ-5:rejected']);
    expect(await importCounts(t)).toEqual(before);

    const [bj1, bj2] = batch();
    const changed = (await send(official, [{ ...bj1, classification: 'recovered' }, { ...bj2, isolatedAt: '2026-03-09T20:00:00+08:00' }])).json();
    expect(statuses(changed)).toEqual(['BJ-1:updated', 'BJ-2:updated']);
    expect(changed.results.map((r: { caseId: string }) => r.caseId)).toEqual(again.results.slice(0, 2).map((r: { caseId: string }) => r.caseId));
    const eventsOf = (caseId: string) => t.database.db.selectFrom('caseEvents').select(['kind', 'fromClassification', 'toClassification']).where('caseId', '=', caseId).orderBy('id').execute();
    expect(await eventsOf(changed.results[0].caseId)).toEqual([
      { kind: 'imported', fromClassification: null, toClassification: 'confirmed' }, { kind: 'classified', fromClassification: 'confirmed', toClassification: 'recovered' },
    ]);
    expect((await eventsOf(changed.results[1].caseId)).map((e) => e.kind)).toEqual(['imported', 'window_changed']);
    const isolated = await t.database.db.selectFrom('cases').select('isolatedAt').where('id', '=', changed.results[1].caseId).executeTakeFirstOrThrow();
    expect(isolated.isolatedAt).toEqual(new Date('2026-03-09T12:00:00Z'));
    expect(statuses((await send(official, [{ ...bj1, classification: 'recovered' }])).json())).toEqual(['BJ-1:unchanged']);
  });

  it('refuses another person under a known reference, a second open case, and a case that died being reclassified', async () => {
    const [bj1, bj2] = batch();
    const other = (await send(official, [{ ...bj2, person: { ...bj1!.person } }, item('BJ-6', registered, '钱旧', { person: { idType: 'resident_id', idNumber: registered, name: '钱旧' } })])).json();
    expect(other.results.map((r: { errors: { code: string }[] }) => r.errors.map((e) => e.code))).toEqual([['case_other_person'], ['open_case_exists']]);
    expect(statuses((await send(official, [{ ...bj1, classification: 'died' }])).json())).toEqual(['BJ-1:updated']);
    const final = (await send(official, [{ ...bj1, classification: 'recovered' }])).json();
    expect(final.results[0]).toMatchObject({ status: 'rejected', errors: [{ field: 'classification', code: 'classification_final' }] });
  });

  it('checks who sends and what: the receiving region\'s officials only, known regions, at most 1,000 cases', async () => {
    expect((await send(ningboOfficial, batch())).statusCode).toBe(403);
    const unknown = await send(official, batch(), { issuingRegionCode: '999999' });
    expect([unknown.statusCode, unknown.json().code, unknown.json().details]).toEqual([400, 'TRACING_REGION_UNKNOWN', { field: 'issuingRegionCode' }]);
    const many = await send(official, Array.from({ length: 1001 }, (_, i) => item(`X-${i}`, id('900'), '多')));
    expect([many.statusCode, many.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    const noRef = await send(official, [{ ...batch()[0], externalRef: '' }]);
    expect([noRef.statusCode, noRef.json().code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
