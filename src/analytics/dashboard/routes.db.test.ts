import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { recomputeColours } from '../../codes/colours/service.ts';
import { put, staffSession } from '../../codes/colours/testing.ts';
import { addDays } from '../../checkins/partitions/model.ts';
import { fixedClock } from '../../kernel/time.ts';
import { onboardRegion } from '../../regions/onboarding.ts';
import type { Classification } from '../../tracing/model/case.ts';
import { bj, townPeople } from '../../tracing/testing.ts';
import { foldDeltas } from '../rollups/store.ts';
import { estimateRt } from '../rt/epiestim.ts';
import { RT_LOOKBACK_DAYS } from './rt-trend.ts';

/*
 * The dashboard over HTTP, on cases written straight into the table (the rollups' triggers see any
 * writer): each figure must equal a direct count of the raw rows, and Rt must be EpiEstim's on the
 * same incidence.
 */
const clock = fixedClock(bj('2026-03-10 12:00'));
let t: TestPlatform;
let official: Session;
let ningboOfficial: Session;
const FROM = '2026-02-01';
const TO = '2026-03-10';

/** Names cannot hold digits. */
const chineseNumber = (n: number) => [...String(n)].map((d) => '零一二三四五六七八九'[Number(d)]).join('');

/** A growing then shrinking outbreak in two districts of 杭州: deterministic counts per day. */
function casesOn(dayIndex: number): { west: number; north: number } {
  const wave = Math.round(12 * Math.exp(-((dayIndex - 22) ** 2) / 60));
  return { west: wave, north: Math.round(wave / 2) + (dayIndex % 5 === 0 ? 1 : 0) };
}

async function insertCases(personIds: string[], regionCode: string, reportedOn: string, classification: Classification): Promise<void> {
  if (personIds.length === 0) return;
  await t.database.db.insertInto('cases').values(personIds.map((personId) => ({
    id: randomUUID(), personId, regionCode, classification, onsetOn: addDays(reportedOn, -2), onsetApproximate: false, testedPositiveOn: null, isolatedAt: null,
    reportedOn, source: 'lab', issuingRegionCode: null, externalRef: null, notesEnc: null, createdAt: clock.now(), createdByAccountId: null, updatedAt: clock.now(),
    traceRequestedAt: null,
  }))).execute();
}

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  await onboardRegion(t.platform, { system: 'test' }, '330200');
  official = await staffSession(t, 'dash-official', 'health_official', '330100');
  ningboOfficial = await staffSession(t, 'dash-nb', 'health_official', '330200');
  const days = Math.round((Date.parse(TO) - Date.parse(FROM)) / 86_400_000) + 1;
  const counts = Array.from({ length: days }, (_, i) => casesOn(i));
  const westPeople = Object.values(await townPeople(t, Array.from({ length: counts.reduce((n, c) => n + c.west, 0) + 3 }, (_, i) => `西${chineseNumber(i)}`)));
  const northPeople = Object.values(await townPeople(t, Array.from({ length: counts.reduce((n, c) => n + c.north, 0) }, (_, i) => `北${chineseNumber(i)}`), '330105001'));
  for (let i = 0; i < days; i++) {
    const day = addDays(FROM, i);
    // West: every fourth case asymptomatic; north: all confirmed.
    const west = westPeople.splice(0, counts[i]!.west);
    await insertCases(west.filter((_, k) => k % 4 !== 3), '330106004', day, 'confirmed');
    await insertCases(west.filter((_, k) => k % 4 === 3), '330106004', day, 'asymptomatic');
    await insertCases(northPeople.splice(0, counts[i]!.north), '330105001', day, 'confirmed');
  }
  // Suspected and excluded cases are not infections.
  await insertCases(westPeople.splice(0, 2), '330106004', '2026-03-09', 'suspected');
  await insertCases(westPeople.splice(0, 1), '330106004', '2026-03-09', 'excluded');
  // Part of the deltas folded, part not: readers see both.
  await foldDeltas(t.database.db, 50);
});
afterAll(async () => t.close());

async function directInfections(prefix: string): Promise<Map<string, number>> {
  const { rows } = await sql<{ day: string; n: number }>`
    select to_char(reported_on, 'YYYY-MM-DD') as day, count(*)::int as n from cases
    where classification in ('confirmed', 'asymptomatic') and region_code like ${`${prefix}%`} group by 1`.execute(t.database.db);
  return new Map(rows.map((r) => [r.day, r.n]));
}

describe('the situation dashboard', () => {
  it('draws the epidemic curve by classification with new and cumulative infections equal to a direct count', async () => {
    const res = await official.request({ method: 'GET', url: `/api/analytics/curve?regionCode=330100&from=2026-02-10&to=${TO}` });
    expect(res.statusCode, res.body).toBe(200);
    const curve = res.json();
    const direct = await directInfections('3301');
    expect(curve.days[0]).toBe('2026-02-10');
    expect(curve.newInfections).toEqual(curve.days.map((d: string) => direct.get(d) ?? 0));
    const before = [...direct].filter(([d]) => d < '2026-02-10').reduce((n, [, c]) => n + c, 0);
    expect(curve.cumulativeInfections.at(-1)).toBe([...direct.values()].reduce((n, c) => n + c, 0));
    expect(curve.cumulativeInfections[0]).toBe(before + curve.newInfections[0]);
    expect(curve.byClassification.suspected.at(-2)).toBe(2);
    expect(curve.byClassification.excluded.at(-2)).toBe(1);
    const onset = (await official.request({ method: 'GET', url: `/api/analytics/curve?regionCode=330100&from=2026-02-10&to=${TO}&basis=onset` })).json();
    // Every case's onset is two days before its report.
    expect(onset.newInfections.slice(0, -2)).toEqual(curve.newInfections.slice(2));
  });

  it('ranks the districts by new infections, with the close contacts under observation on the last day', async () => {
    const res = (await official.request({ method: 'GET', url: `/api/analytics/districts?regionCode=330100&from=2026-03-01&to=${TO}` })).json();
    const count = async (prefix: string) => [...(await directInfections(prefix))].filter(([d]) => d >= '2026-03-01').reduce((n, [, c]) => n + c, 0);
    expect(res.items).toEqual([
      { regionCode: '330106', name: '浙江省杭州市西湖区', newInfections: await count('330106'), monitoredContacts: 0 },
      { regionCode: '330105', name: '浙江省杭州市拱墅区', newInfections: await count('330105'), monitoredContacts: 0 },
    ]);
    expect(res.monitoredContacts).toBe(0);
  });

  it('counts close contacts under observation per district as a direct count does, after plans start, close and are purged', async () => {
    const people = Object.values(await townPeople(t, ['观甲', '观乙', '观丙', '观丁', '观戊', '观己']));
    const plan = (personId: string, regionCode: string, startOn: string, endOn: string, reason: 'close_contact' | 'travel_return' = 'close_contact') => ({
      id: randomUUID(), personId, reason, sourceRef: randomUUID(), regionCode, startOn, endOn, followUpFrom: startOn, createdAt: clock.now(),
    });
    const plans = [
      plan(people[0]!, '330106004', '2026-03-01', '2026-03-14'),
      plan(people[1]!, '330106004', '2026-03-05', '2026-03-18'),
      plan(people[2]!, '330105001', '2026-03-08', '2026-03-21'),
      plan(people[3]!, '330105001', '2026-02-20', '2026-03-05'), // over before TO
      plan(people[4]!, '330102001', '2026-03-08', '2026-03-21', 'travel_return'), // not a contact
      plan(people[5]!, '330108001', '2026-03-09', '2026-03-22'),
    ];
    await t.database.db.insertInto('monitoringPlans').values(plans).execute();
    const direct = async (day: string) => {
      const { rows } = await sql<{ district: string; n: number }>`
        select left(region_code, 6) as district, count(*)::int as n from monitoring_plans
        where reason = 'close_contact' and start_on <= ${day}::date
          and least(end_on, coalesce((closed_at at time zone 'Asia/Shanghai')::date - 1, end_on)) >= ${day}::date
        group by 1`.execute(t.database.db);
      return Object.fromEntries(rows.map((r) => [r.district, r.n]));
    };
    const served = async (to: string) => {
      const res = (await official.request({ method: 'GET', url: `/api/analytics/districts?regionCode=330100&from=2026-03-01&to=${to}` })).json();
      return { total: res.monitoredContacts, byDistrict: Object.fromEntries(res.items.filter((i: { monitoredContacts: number }) => i.monitoredContacts > 0).map((i: { regionCode: string; monitoredContacts: number }) => [i.regionCode, i.monitoredContacts])) };
    };
    expect(await served(TO)).toEqual({ total: 4, byDistrict: await direct(TO) });
    expect(await direct(TO)).toEqual({ '330106': 2, '330105': 1, '330108': 1 });
    expect((await served('2026-03-04')).byDistrict).toEqual(await direct('2026-03-04'));
    await foldDeltas(t.database.db, 10_000);
    // Released early (a negative test) the day before TO; one plan purged by retention.
    await t.database.db.updateTable('monitoringPlans').set({ status: 'ended', closedAt: bj('2026-03-09 10:00'), endReason: '核酸阴性解除' }).where('id', '=', plans[1]!.id).execute();
    await t.database.db.deleteFrom('monitoringPlans').where('id', '=', plans[5]!.id).execute();
    expect(await served(TO)).toEqual({ total: 2, byDistrict: await direct(TO) });
    expect(await direct(TO)).toEqual({ '330106': 1, '330105': 1 });
    expect((await served('2026-03-08')).byDistrict).toEqual(await direct('2026-03-08'));
    // Only infections and contacts of the districts the viewer's region covers.
    const district = (await official.request({ method: 'GET', url: `/api/analytics/districts?regionCode=330105&from=2026-03-01&to=${TO}` })).json();
    expect(district.items.map((i: { regionCode: string }) => i.regionCode)).toEqual(['330105']);
    const sheet = await official.request({ method: 'GET', url: `/api/analytics/charts/districts?regionCode=330100&from=2026-03-01&to=${TO}` });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(sheet.rawPayload as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    expect(workbook.worksheets[0]!.getRow(1).values).toEqual([undefined, '地区代码', '地区', '新增感染者', `在管密接（${TO}）`]);
    await t.database.db.deleteFrom('monitoringPlans').where('id', 'in', plans.map((p) => p.id)).execute();
  });

  it('estimates Rt as EpiEstim does on the same incidence, for the city and each district with enough cases', async () => {
    const from = '2026-02-15';
    const res = await official.request({ method: 'GET', url: `/api/analytics/rt?regionCode=330100&from=${from}&to=${TO}` });
    expect(res.statusCode, res.body).toBe(200);
    const rt = res.json();
    expect(rt.settings).toEqual({ serialIntervalMean: 4.7, serialIntervalSd: 2.9, rtWindowDays: 7 });
    const start = addDays(from, -RT_LOOKBACK_DAYS);
    const days = Array.from({ length: 53 }, (_, i) => addDays(start, i)).filter((d) => d <= TO);
    const direct = await directInfections('3301');
    const expected = estimateRt({ local: days.map((d) => direct.get(d) ?? 0), serialInterval: { kind: 'parametric', mean: 4.7, sd: 2.9 } }).rows
      .filter((r) => r.totalInfectiousness > 0 && days[r.tEnd - 1]! >= from);
    expect(rt.region.points.map((p: { day: string }) => p.day)).toEqual(expected.map((r) => days[r.tEnd - 1]));
    rt.region.points.forEach((p: { mean: number; q975: number }, i: number) => {
      expect(p.mean).toBeCloseTo(expected[i]!.mean, 9);
      expect(p.q975).toBeCloseTo(expected[i]!.q975, 9);
    });
    // Growing, then shrinking: Rt above 1 at first and below 1 at the end.
    expect(rt.region.points[0].mean).toBeGreaterThan(1);
    expect(rt.region.points.at(-1).q975).toBeLessThan(1);
    expect(rt.districts.map((d: { regionCode: string }) => d.regionCode)).toEqual(['330106', '330105']);
  });

  it('gives each chart\'s data as an Excel file', async () => {
    const res = await official.request({ method: 'GET', url: `/api/analytics/charts/curve?regionCode=330100&from=2026-03-01&to=${TO}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, '日期', '疑似', '确诊', '无症状感染者', '排除', '治愈', '死亡', '新增感染者', '累计感染者']);
    expect(sheet.rowCount).toBe(11);
    expect(sheet.getRow(11).getCell(1).value).toBe(TO);
  });

  it('counts colours held per day', async () => {
    const people = Object.values(await townPeople(t, ['码一', '码二']));
    await recomputeColours(t.platform, people);
    const res = (await official.request({ method: 'GET', url: `/api/analytics/colours?regionCode=330106&from=2026-03-09&to=${TO}` })).json();
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from code_status s join persons p on p.id = s.person_id where p.home_region_code like '330106%' and s.colour = 'green'`.execute(t.database.db);
    expect(res.totals.green.at(-1)).toBe(rows[0]!.n);
    expect(res.totals.green[0]).toBe(0);
  });

  it('refuses other regions, bad ranges and bad settings with stable codes', async () => {
    expect((await ningboOfficial.request({ method: 'GET', url: `/api/analytics/curve?regionCode=330100&from=2026-03-01&to=${TO}` })).json().code).toBe('FORBIDDEN');
    const backwards = await official.request({ method: 'GET', url: `/api/analytics/curve?regionCode=330100&from=${TO}&to=2026-03-01` });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ code: 'ANALYTICS_RANGE_INVALID', zh: expect.any(String), en: expect.any(String) });
    expect((await official.request({ method: 'GET', url: '/api/analytics/curve?regionCode=330100&from=2026-03-01&to=2026-03-11' })).json().code).toBe('ANALYTICS_RANGE_INVALID');
    const bad = await put(official, '/api/analytics/settings?regionCode=330100', { serialIntervalMean: 1, serialIntervalSd: 2, rtWindowDays: 7 });
    expect(bad.statusCode).toBe(400);
    const ok = await put(official, '/api/analytics/settings?regionCode=330100', { serialIntervalMean: 3.5, serialIntervalSd: 2, rtWindowDays: 7 });
    expect(ok.json()).toEqual({ regionCode: '330100', serialIntervalMean: 3.5, serialIntervalSd: 2, rtWindowDays: 7 });
    expect((await official.request({ method: 'GET', url: `/api/analytics/rt?regionCode=330100&from=2026-03-01&to=${TO}` })).json().settings.serialIntervalMean).toBe(3.5);
    expect((await put(ningboOfficial, '/api/analytics/settings?regionCode=330100', { serialIntervalMean: 3.5, serialIntervalSd: 2, rtWindowDays: 7 })).statusCode).toBe(403);
  });
});
