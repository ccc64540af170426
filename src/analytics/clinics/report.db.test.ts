import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { staffSession } from '../../codes/colours/testing.ts';
import { fixedClock } from '../../kernel/time.ts';
import { onboardRegion } from '../../regions/onboarding.ts';
import { setTracingSender } from '../../tracing/jobs.ts';
import { bj } from '../../tracing/testing.ts';
import { clinicReportExports, runReportExport, sweepReportExports } from './exports.ts';
import { clinicPeople, hospitalVenue, openClinicWithDesk, visitPayload } from './testing.ts';

/*
 * The daily report against visits counted by hand (see the table below), per clinic and per
 * region, who may read it, and its Excel export read back with exceljs.
 */
const clock = fixedClock(bj('2026-03-10 12:00'));
let t: TestPlatform;
let official: Session;
let colleague: Session;
let ningboOfficial: Session;
let deskA: Session;
let deskB: Session;
let clinicA: string;
let clinicB: string;

type Json = Record<string, any>;

/*
 *  #  clinic  visited (Beijing)   °C    suspected  triage    result
 *  1  A       03-09 23:50         37.3  no         home      positive 03-10 01:00  → 9th: patient, fever; 10th: positive
 *  2  A       03-10 00:00         37.2  yes        transfer  pending
 *  3  A       03-10 09:00         39.0  no         admit     (no test)
 *  4  A       03-10 11:00         36.5  no         transfer  positive 03-10 11:30
 *  5  B       03-10 08:00         38.0  yes        transfer  (no test)
 *  6  B       03-09 10:00         38.5  no         observe   negative 03-09 18:00
 *  7  宁波    03-10 10:00         39.0  yes        transfer  (not in 杭州's report)
 *  10th — A: 3 patients, 1 fever, 1 suspected, 2 positive, 2 transferred; B: 1, 1, 1, 0, 1.
 *  9th  — A: 1 patient, 1 fever; B: 1 patient, 1 fever.
 */
beforeAll(async () => {
  t = await createTestPlatform({ clock });
  setTracingSender(t.platform.db, async () => undefined);
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  await onboardRegion(t.platform, { system: 'test' }, '330200');
  official = await staffSession(t, 'report-official', 'health_official', '330100');
  colleague = await staffSession(t, 'report-colleague', 'health_official', '330100');
  ningboOfficial = await staffSession(t, 'report-nb', 'health_official', '330200');
  clinicA = await hospitalVenue(t, '西溪医院');
  clinicB = await hospitalVenue(t, '北山医院', '330106005');
  const clinicN = await hospitalVenue(t, '海曙医院', '330203');
  deskA = await openClinicWithDesk(t, official, clinicA, 'report-desk-a');
  deskB = await openClinicWithDesk(t, official, clinicB, 'report-desk-b');
  const deskN = await openClinicWithDesk(t, ningboOfficial, clinicN, 'report-desk-n', '330200');
  const p = await clinicPeople(t, ['一号', '二号', '三号', '四号', '五号', '六号', '七号']);
  const visit = async (desk: Session, venueId: string, who: string, at: string, over: Json, result?: { result: string; at: string }) => {
    const res = await desk.request({ method: 'POST', url: `/api/clinics/${venueId}/visits`, payload: visitPayload(p[who]!.idNumber, { visitedAt: bj(at).toISOString(), onsetOn: null, ...over }) });
    expect(res.statusCode, res.body).toBe(201);
    if (result) {
      const r = await desk.request({ method: 'POST', url: `/api/clinics/visits/${res.json().id}/result`, payload: { result: result.result, resultAt: bj(result.at).toISOString() } });
      expect(r.statusCode, r.body).toBe(200);
    }
  };
  await visit(deskA, clinicA, '一号', '2026-03-09 23:50', { temperature: 37.3, triage: 'home' }, { result: 'positive', at: '2026-03-10 01:00' });
  await visit(deskA, clinicA, '二号', '2026-03-10 00:00', { temperature: 37.2, suspected: true, triage: 'transfer', testOrdered: 'antigen' });
  await visit(deskA, clinicA, '三号', '2026-03-10 09:00', { temperature: 39.0, triage: 'admit', testOrdered: 'none' });
  await visit(deskA, clinicA, '四号', '2026-03-10 11:00', { temperature: 36.5, triage: 'transfer', testOrdered: 'both' }, { result: 'positive', at: '2026-03-10 11:30' });
  await visit(deskB, clinicB, '五号', '2026-03-10 08:00', { temperature: 38.0, suspected: true, triage: 'transfer', testOrdered: 'none' });
  await visit(deskB, clinicB, '六号', '2026-03-09 10:00', { temperature: 38.5, triage: 'observe' }, { result: 'negative', at: '2026-03-09 18:00' });
  await visit(deskN, clinicN, '七号', '2026-03-10 10:00', { temperature: 39.0, suspected: true, triage: 'transfer', testOrdered: 'none' });
}, 60_000);
afterAll(async () => t.close());

const countsOf = (r: Json) => [r.patients, r.fever, r.suspected, r.positive, r.transferred];

describe('the daily report', () => {
  it('counts each clinic\'s day as counted by hand', async () => {
    const a10 = await deskA.request({ method: 'GET', url: `/api/clinics/${clinicA}/report?day=2026-03-10` });
    expect(a10.statusCode, a10.body).toBe(200);
    expect(a10.json()).toMatchObject({ day: '2026-03-10', venueId: clinicA, name: '西溪医院' });
    expect(countsOf(a10.json())).toEqual([3, 1, 1, 2, 2]);
    expect(countsOf((await official.request({ method: 'GET', url: `/api/clinics/${clinicB}/report` })).json())).toEqual([1, 1, 1, 0, 1]);
    expect(countsOf((await deskA.request({ method: 'GET', url: `/api/clinics/${clinicA}/report?day=2026-03-09` })).json())).toEqual([1, 1, 0, 0, 0]);
    expect(countsOf((await deskB.request({ method: 'GET', url: `/api/clinics/${clinicB}/report?day=2026-03-09` })).json())).toEqual([1, 1, 0, 0, 0]);
    expect(countsOf((await deskA.request({ method: 'GET', url: `/api/clinics/${clinicA}/report?day=2026-03-08` })).json())).toEqual([0, 0, 0, 0, 0]);
    expect((await deskA.request({ method: 'GET', url: `/api/clinics/${clinicA}/report?day=2026-03-11` })).json().code).toBe('CLINIC_DAY_INVALID');
  });

  it('sums the region\'s clinics, pages them by venue number, and keeps other regions\' officials out', async () => {
    const first = await official.request({ method: 'GET', url: '/api/clinics/reports/daily?regionCode=330100&day=2026-03-10&limit=1' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ day: '2026-03-10', regionCode: '330100', regionName: '浙江省杭州市', totals: { clinics: 2, patients: 4, fever: 2, suspected: 2, positive: 2, transferred: 3 } });
    expect(first.json().items.map((i: Json) => i.name)).toEqual(['西溪医院']);
    const second = await official.request({ method: 'GET', url: `/api/clinics/reports/daily?regionCode=330100&day=2026-03-10&limit=1&after=${first.json().next}` });
    expect(second.json().items.map((i: Json) => [i.name, ...countsOf(i)])).toEqual([['北山医院', 1, 1, 1, 0, 1]]);
    const street = await official.request({ method: 'GET', url: '/api/clinics/reports/daily?regionCode=330106005&day=2026-03-10' });
    expect(street.json().totals).toEqual({ clinics: 1, patients: 1, fever: 1, suspected: 1, positive: 0, transferred: 1 });
    expect((await ningboOfficial.request({ method: 'GET', url: '/api/clinics/reports/daily?day=2026-03-10' })).json().totals).toMatchObject({ clinics: 1, patients: 1, suspected: 1 });
    expect((await ningboOfficial.request({ method: 'GET', url: '/api/clinics/reports/daily?regionCode=330100' })).statusCode).toBe(403);
    expect((await ningboOfficial.request({ method: 'GET', url: `/api/clinics/${clinicA}/report` })).statusCode).toBe(403);
    expect((await deskA.request({ method: 'GET', url: '/api/clinics/reports/daily?regionCode=330100' })).statusCode).toBe(403);
  });
});

async function exported(session: Session, payload: Json): Promise<Json> {
  const started = await session.request({ method: 'POST', url: '/api/clinics/reports/exports', payload });
  expect(started.statusCode, started.body).toBe(202);
  expect(started.json()).toMatchObject({ status: 'queued', rowCount: null, error: null });
  let status = started.json();
  for (let i = 0; i < 200 && !['done', 'failed'].includes(status.status); i++) {
    await new Promise((r) => setTimeout(r, 50));
    status = (await session.request({ method: 'GET', url: `/api/clinics/reports/exports/${status.id}` })).json();
  }
  return status;
}

describe('the Excel export', () => {
  it('is a background job whose file holds a row per clinic and the totals, read back with exceljs', async () => {
    const status = await exported(official, { regionCode: '330100', day: '2026-03-10' });
    expect(status).toMatchObject({ status: 'done', rowCount: 2, regionCode: '330100', day: '2026-03-10' });
    const file = await official.request({ method: 'GET', url: `/api/clinics/reports/exports/${status.id}/file` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    expect(file.headers['cache-control']).toBe('no-store');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const rows = book.getWorksheet('发热门诊日报')!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]![0]).toBe('浙江省杭州市 发热门诊日报 2026-03-10'); // merged across the columns
    expect(rows[1]).toEqual(['医院', '场所编号', '所在地区', '就诊人数', '发热(≥37.3℃)', '疑似', '阳性(当日报告)', '转诊']);
    expect(rows.slice(2).map((r) => [r[0], ...r.slice(3)])).toEqual([
      ['西溪医院', 3, 1, 1, 2, 2],
      ['北山医院', 1, 1, 1, 0, 1],
      ['合计', 4, 2, 2, 2, 3],
    ]);
    const audits = await t.database.db.selectFrom('auditLog').select(['action', 'detail']).where('targetId', '=', status.id).orderBy('id').execute();
    expect(audits.map((a) => a.action)).toEqual(['clinic.report.export', 'clinic.report.export.download']);
  });

  it('is only for the account that asked, only in its regions', async () => {
    const status = await exported(official, { day: '2026-03-09' });
    expect(status).toMatchObject({ status: 'done', regionCode: '330100', rowCount: 2 });
    for (const other of [colleague, ningboOfficial]) {
      const read = await other.request({ method: 'GET', url: `/api/clinics/reports/exports/${status.id}` });
      expect(read.statusCode).toBe(404);
      expect(read.json().code).toBe('CLINIC_EXPORT_NOT_FOUND');
      expect((await other.request({ method: 'GET', url: `/api/clinics/reports/exports/${status.id}/file` })).statusCode).toBe(404);
    }
    expect((await ningboOfficial.request({ method: 'POST', url: '/api/clinics/reports/exports', payload: { regionCode: '330100' } })).statusCode).toBe(403);
    expect((await deskA.request({ method: 'POST', url: '/api/clinics/reports/exports', payload: {} })).statusCode).toBe(403);
  });

  it('runs once, three at a time per account; the sweep fails what stopped and deletes what expired', async () => {
    clinicReportExports.setSender(t.platform.db, async () => undefined);
    try {
      const post = () => colleague.request({ method: 'POST', url: '/api/clinics/reports/exports', payload: { day: '2026-03-10' } });
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await post()).json().id);
      expect((await colleague.request({ method: 'GET', url: `/api/clinics/reports/exports/${ids[0]}/file` })).json().code).toBe('CLINIC_EXPORT_NOT_READY');
      expect((await post()).json().code).toBe('CLINIC_EXPORTS_BUSY');
      expect(await runReportExport(t.platform, ids[0]!)).toBe('done');
      expect(await runReportExport(t.platform, ids[0]!)).toBe('skipped');
      const start = clock.now();
      clock.advance(16 * 60_000);
      try {
        expect(await sweepReportExports(t.platform)).toEqual({ failed: 2, deleted: 0 });
        expect((await colleague.request({ method: 'GET', url: `/api/clinics/reports/exports/${ids[1]}/file` })).json().code).toBe('CLINIC_EXPORT_FAILED');
        clock.advance(24 * 3600_000);
        expect((await sweepReportExports(t.platform)).deleted).toBeGreaterThanOrEqual(5);
      } finally {
        clock.set(start);
      }
    } finally {
      clinicReportExports.setSender(t.platform.db, undefined);
    }
  });
});
