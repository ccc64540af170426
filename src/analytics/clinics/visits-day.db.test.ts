import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { staffSession } from '../../codes/colours/testing.ts';
import { fixedClock } from '../../kernel/time.ts';
import { onboardRegion } from '../../regions/onboarding.ts';
import { setTracingSender } from '../../tracing/jobs.ts';
import { bj } from '../../tracing/testing.ts';
import { clinicPeople, hospitalVenue, openClinicWithDesk, visitPayload } from './testing.ts';

/*
 * The desk's list of one day (GET /api/clinics/:venueId/visits?day=): a patient seen yesterday is
 * found on yesterday's list — not today's — and their result, back today, is entered from it; a day
 * that is not a real day, or is after today, is refused with the capability's code in both languages.
 */
const clock = fixedClock(bj('2026-03-10 12:00'));
let t: TestPlatform;
let desk: Session;
let clinic: string;
let p: Record<string, { id: string; idNumber: string }>;
const visitIds: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  setTracingSender(t.platform.db, async () => undefined);
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  const official = await staffSession(t, 'day-official', 'health_official', '330100');
  clinic = await hospitalVenue(t, '灵隐医院');
  desk = await openClinicWithDesk(t, official, clinic, 'day-desk');
  p = await clinicPeople(t, ['昨日甲', '昨日乙', '今日丙']);
  for (const [name, visitedAt] of [['昨日甲', '2026-03-09T09:00:00+08:00'], ['昨日乙', '2026-03-09T23:30:00+08:00'], ['今日丙', '2026-03-10T00:10:00+08:00']] as const) {
    const res = await desk.request({ method: 'POST', url: `/api/clinics/${clinic}/visits`, payload: visitPayload(p[name]!.idNumber, { visitedAt, onsetOn: null }) });
    if (res.statusCode !== 201) throw new Error(res.body);
    visitIds[name] = res.json().id;
  }
}, 60_000);
afterAll(async () => t.close());

const listed = async (query: string) => {
  const res = await desk.request({ method: 'GET', url: `/api/clinics/${clinic}/visits${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.map((v: { id: string; visitDay: string }) => [v.id, v.visitDay]);
};

describe('a day\'s patients at the desk', () => {
  it('lists the Shanghai day asked for (default today), newest first', async () => {
    expect(await listed('')).toEqual([[visitIds.今日丙, '2026-03-10']]);
    expect(await listed('?day=2026-03-10')).toEqual([[visitIds.今日丙, '2026-03-10']]);
    expect(await listed('?day=2026-03-09')).toEqual([[visitIds.昨日乙, '2026-03-09'], [visitIds.昨日甲, '2026-03-09']]);
    expect(await listed('?day=2026-03-08')).toEqual([]);
    const first = await desk.request({ method: 'GET', url: `/api/clinics/${clinic}/visits?day=2026-03-09&limit=1` });
    const second = await desk.request({ method: 'GET', url: `/api/clinics/${clinic}/visits?day=2026-03-09&limit=1&after=${first.json().next}` });
    expect(second.json().items.map((v: { id: string }) => v.id)).toEqual([visitIds.昨日甲]);
  });

  it('enters today the result of yesterday\'s patient, found on yesterday\'s list; a positive result registers the case', async () => {
    const [[id]] = await listed('?day=2026-03-09');
    const res = await desk.request({ method: 'POST', url: `/api/clinics/visits/${id}/result`, payload: { result: 'positive' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: visitIds.昨日乙, visitDay: '2026-03-09', result: 'positive', caseId: expect.any(String) });
    const c = await t.database.db.selectFrom('cases').select(['personId', 'classification', 'testedPositiveOn']).where('id', '=', res.json().caseId).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ personId: p.昨日乙!.id, classification: 'confirmed' });
    const again = await desk.request({ method: 'GET', url: `/api/clinics/${clinic}/visits?day=2026-03-09` });
    expect(again.json().items[0]).toMatchObject({ id: visitIds.昨日乙, result: 'positive', caseId: res.json().caseId });
  });

  it('refuses a day that is not a real day, or after today, with CLINIC_DAY_INVALID in Chinese and English', async () => {
    for (const day of ['2026-03-11', '2026-02-30', '2026-3-9', 'yesterday', '']) {
      const res = await desk.request({ method: 'GET', url: `/api/clinics/${clinic}/visits?day=${encodeURIComponent(day)}` });
      expect(res.statusCode, day).toBe(400);
      expect(res.json(), day).toMatchObject({ code: 'CLINIC_DAY_INVALID', zh: '日期无效：须为今天或以前的日期', en: 'Invalid day: today or earlier', details: { field: 'day' } });
    }
    // Longer than a day can be: the query's schema (at most 10 characters) refuses it before the desk.
    const long = await desk.request({ method: 'GET', url: `/api/clinics/${clinic}/visits?day=2026-03-09T00:00` });
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ code: 'VALIDATION_FAILED', zh: expect.any(String), en: expect.any(String) });
  });
});
