import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { staffSession } from '../codes/colours/testing.ts';
import { fixedClock } from '../kernel/time.ts';
import { onboardRegion } from '../regions/onboarding.ts';
import { runTracingExport, sweepTracingExports, tracingExports } from './export-service.ts';
import { runRequestedTraces, setTracingSender } from './jobs.ts';
import { CLASSIFICATION_NAMES, SOURCE_NAMES, type CaseSource, type Classification } from './model/case.ts';
import { bj, townPeople, townVenue, visit } from './testing.ts';

/*
 * Exports over HTTP: each file holds the rows the console's list shows to the same account, in
 * the same order; a community worker's contacts file only their street's; only the requester
 * reads it, for 24 hours.
 */
const clock = fixedClock(bj('2026-03-10 12:00'));
let t: TestPlatform;
let official: Session;
let colleague: Session;
let heldBack: Session;
let ningboOfficial: Session;
let xixiWorker: Session;
let p: Record<string, string>;

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  setTracingSender(t.platform.db, async () => undefined);
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  await onboardRegion(t.platform, { system: 'test' }, '330200');
  official = await staffSession(t, 'export-official', 'health_official', '330100');
  colleague = await staffSession(t, 'export-colleague', 'health_official', '330100');
  heldBack = await staffSession(t, 'export-held', 'health_official', '330100');
  ningboOfficial = await staffSession(t, 'export-nb', 'health_official', '330200');
  xixiWorker = await staffSession(t, 'export-xixi', 'community_worker', '330106004');
  p = { ...await townPeople(t, ['病人', '西邻', '西二']), ...await townPeople(t, ['北邻'], '330106005') };
  const shop = await townVenue(t, '路口超市', 'shop', 30);
  await visit(t, p.病人!, shop, '2026-03-09 10:00', { minutes: 30 });
  await visit(t, p.西邻!, shop, '2026-03-09 10:10', { minutes: 30 });
  await visit(t, p.西二!, shop, '2026-03-09 10:15', { minutes: 30 });
  await visit(t, p.北邻!, shop, '2026-03-09 10:20', { minutes: 30 });
  const register = (person: string, classification: Classification, source: CaseSource, reportedOn: string) =>
    official.request({ method: 'POST', url: '/api/tracing/cases', payload: { person: { personId: p[person] }, classification, onsetOn: '2026-03-08', reportedOn, source } });
  expect((await register('病人', 'confirmed', 'lab', '2026-03-10')).statusCode).toBe(201);
  expect((await register('西二', 'suspected', 'fever_clinic', '2026-03-09')).statusCode).toBe(201);
  await runRequestedTraces(t.platform);
}, 60_000);
afterAll(async () => t.close());

type Json = Record<string, any>;

/** Asks for an export and waits until its job has finished (or failed). */
async function exported(session: Session, payload: Json): Promise<Json> {
  const started = await session.request({ method: 'POST', url: '/api/tracing/exports', payload });
  expect(started.statusCode, started.body).toBe(202);
  expect(started.json()).toMatchObject({ kind: payload.kind, status: 'queued', processed: 0, total: null, rowCount: null, error: null });
  let status = started.json();
  for (let i = 0; i < 200 && !['done', 'failed'].includes(status.status); i++) {
    await new Promise((r) => setTimeout(r, 50));
    status = (await session.request({ method: 'GET', url: `/api/tracing/exports/${status.id}` })).json();
  }
  return status;
}

/** The sheet's rows (header first), each cell as exceljs reads it back. */
async function sheetRows(session: Session, id: string, sheetName: string): Promise<unknown[][]> {
  const file = await session.request({ method: 'GET', url: `/api/tracing/exports/${id}/file` });
  expect(file.statusCode, file.body).toBe(200);
  expect(file.headers['content-type']).toContain('spreadsheetml');
  expect(file.headers['cache-control']).toBe('no-store');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
  const sheet = book.getWorksheet(sheetName)!;
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 }); // the header stays in view
  return sheet.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
}

const beijing = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : undefined);
const orEmpty = <T>(v: T | null) => (v === null || v === '' ? undefined : v);

async function listAll(session: Session, url: string): Promise<Json[]> {
  const items: Json[] = [];
  for (let after: string | null = null; ;) {
    const page: { items: Json[]; next: string | null } = (await session.request({ method: 'GET', url: `${url}${url.includes('?') ? '&' : '?'}limit=1${after ? `&after=${after}` : ''}` })).json();
    items.push(...page.items);
    if (!page.next) return items;
    after = page.next;
  }
}

const caseRowOf = (c: Json) => [
  c.id, c.nameMasked, c.idNumberMasked, c.regionName, CLASSIFICATION_NAMES[c.classification as Classification].zh, SOURCE_NAMES[c.source as CaseSource].zh,
  orEmpty(c.onsetOn), c.onsetOn ? (c.onsetApproximate ? '是' : '否') : undefined, orEmpty(c.testedPositiveOn), c.reportedOn, beijing(c.isolatedAt),
  { pending: '待流调', done: '已流调', not_traced: '未流调' }[c.tracing.status as string], c.tracing.closeContacts, c.tracing.secondaryContacts, beijing(c.createdAt),
];

const contactRowOf = (k: Json) => [
  k.nameMasked, orEmpty(k.phoneMasked), k.regionName, k.kind === 'close' ? '密接' : '次密接', k.depth, beijing(k.firstExposureAt), beijing(k.lastExposureAt),
  k.links, beijing(k.foundAt), k.caseId, CLASSIFICATION_NAMES[k.caseClassification as Classification].zh, k.counts ? '是' : '否',
  k.colour ? { green: '绿码', yellow: '黄码', red: '红码' }[k.colour as string] : '无码',
];

describe('exports to Excel', () => {
  it('writes the cases the list shows, in its order, with Chinese headers and names', async () => {
    const status = await exported(official, { kind: 'cases' });
    expect(status).toMatchObject({ status: 'done', total: 2, processed: 2, rowCount: 2, error: null, finishedAt: expect.any(String) });
    const rows = await sheetRows(official, status.id, '病例');
    expect(rows[0]).toEqual(['病例编号', '姓名', '证件号码', '所属地区', '病例分类', '病例来源', '发病日期', '发病日期为估计', '阳性检测日期', '报告日期', '隔离时间', '流调状态', '密接人数', '次密接人数', '登记时间']);
    const listed = await listAll(official, '/api/tracing/cases');
    expect(listed).toHaveLength(2);
    expect(rows.slice(1)).toEqual(listed.map(caseRowOf));
    expect(rows[1]!.slice(1, 6)).toEqual(['病*', expect.stringMatching(/^330106\*+\d{4}$/), '浙江省杭州市西湖区西溪街道', '确诊病例', '实验室检测']);
    const suspected = await exported(official, { kind: 'cases', classification: 'suspected', reportedFrom: '2026-03-01' });
    expect((await sheetRows(official, suspected.id, '病例')).slice(1).map((r) => r[1])).toEqual(['西*']);
  });

  it('writes the contacts the list shows: an official\'s region, a community worker\'s street only', async () => {
    const all = await exported(official, { kind: 'contacts' });
    expect(all).toMatchObject({ status: 'done', rowCount: 3, total: 3 });
    const rows = await sheetRows(official, all.id, '密接人员');
    expect(rows[0]).toEqual(['姓名', '手机号', '居住地区', '类别', '代数', '首次接触时间', '末次接触时间', '接触次数', '发现时间', '关联病例编号', '关联病例分类', '计入健康码', '健康码']);
    expect(rows.slice(1)).toEqual((await listAll(official, '/api/tracing/contacts')).map(contactRowOf));
    const street = await exported(xixiWorker, { kind: 'contacts', contactKind: 'close' });
    expect(street).toMatchObject({ status: 'done', rowCount: 2, total: 2 });
    const streetRows = (await sheetRows(xixiWorker, street.id, '密接人员')).slice(1);
    expect(streetRows).toEqual((await listAll(xixiWorker, '/api/tracing/contacts')).map(contactRowOf));
    expect(streetRows.map((r) => r[0]).sort()).toEqual(['西*', '西*']);
    expect(streetRows.every((r) => r[2] === '浙江省杭州市西湖区西溪街道' && r[3] === '密接' && r[12] === '红码')).toBe(true);
  });

  it('is only for the account that asked, until it expires; asking and downloading are audited without personal data', async () => {
    const status = await exported(official, { kind: 'contacts', regionCode: '330106' });
    for (const other of [colleague, ningboOfficial, xixiWorker]) {
      const read = await other.request({ method: 'GET', url: `/api/tracing/exports/${status.id}` });
      expect(read.statusCode).toBe(404);
      expect(read.json().code).toBe('TRACING_EXPORT_NOT_FOUND');
      expect((await other.request({ method: 'GET', url: `/api/tracing/exports/${status.id}/file` })).statusCode).toBe(404);
    }
    expect((await official.request({ method: 'GET', url: `/api/tracing/exports/${status.id}` })).headers['cache-control']).toBe('no-store');
    const audits = await t.database.db.selectFrom('auditLog').select(['action', 'actorLabel', 'detail']).where('action', 'like', 'tracing.export%').where('targetId', '=', status.id).execute();
    expect(audits.map((a) => [a.action, a.actorLabel])).toEqual([['tracing.export', 'export-official']]);
    expect(JSON.parse(audits[0]!.detail as string)).toEqual({ kind: 'contacts', filters: { regionCode: '330106' } });
    await sheetRows(official, status.id, '密接人员');
    const downloads = await t.database.db.selectFrom('auditLog').select('detail').where('action', '=', 'tracing.export.download').where('targetId', '=', status.id).execute();
    expect(downloads.map((d) => JSON.parse(d.detail as string))).toEqual([{ kind: 'contacts', rows: 3 }]);
    expect(JSON.stringify(await t.database.db.selectFrom('auditLog').select('detail').where('action', 'like', 'tracing.export%').execute())).not.toMatch(/[病西北]\*/);
  });

  it('refuses filters that do not apply and permissions the kind needs', async () => {
    const post = (session: Session, payload: Json) => session.request({ method: 'POST', url: '/api/tracing/exports', payload });
    const stray = await post(official, { kind: 'cases', caseId: '00000000-0000-4000-8000-000000000000' });
    expect(stray.statusCode).toBe(400);
    expect(stray.json()).toMatchObject({ code: 'TRACING_EXPORT_FILTER_INVALID', details: { field: 'caseId' } });
    expect((await post(official, { kind: 'exposure_persons' })).json()).toMatchObject({ code: 'TRACING_EXPORT_FILTER_INVALID', details: { field: 'exposureId' } });
    expect((await post(official, { kind: 'exposure_persons', exposureId: '00000000-0000-4000-8000-000000000000' })).json().code).toBe('TRACING_EXPOSURE_NOT_FOUND');
    expect((await post(xixiWorker, { kind: 'cases' })).statusCode).toBe(403);
    expect((await post(xixiWorker, { kind: 'contacts', regionCode: '330106005' })).statusCode).toBe(403);
    expect((await post(ningboOfficial, { kind: 'cases', regionCode: '330100' })).statusCode).toBe(403);
  });
});

describe('the job', () => {
  const neverRun: string[] = [];

  it('moves from queued through running with its progress to done, once; the file waits for it; three at a time per account', async () => {
    tracingExports.setSender(t.platform.db, async () => undefined);
    try {
      const post = () => heldBack.request({ method: 'POST', url: '/api/tracing/exports', payload: { kind: 'contacts' } });
      const id: string = (await post()).json().id;
      expect((await heldBack.request({ method: 'GET', url: `/api/tracing/exports/${id}/file` })).json().code).toBe('TRACING_EXPORT_NOT_READY');
      for (let i = 0; i < 2; i++) {
        const queued = await post();
        expect(queued.statusCode).toBe(202);
        neverRun.push(queued.json().id);
      }
      const busy = await post();
      expect(busy.statusCode).toBe(429);
      expect(busy.json().code).toBe('TRACING_EXPORTS_BUSY');
      const seen: Json[] = [];
      const outcome = await runTracingExport(t.platform, id, {
        pageSize: 1, onPage: async () => { seen.push((await heldBack.request({ method: 'GET', url: `/api/tracing/exports/${id}` })).json()); },
      });
      expect(outcome).toBe('done');
      expect(seen.map((s) => [s.status, s.processed, s.total])).toEqual([['running', 1, 3], ['running', 2, 3], ['running', 3, 3]]);
      expect(await runTracingExport(t.platform, id)).toBe('skipped');
      const done = (await heldBack.request({ method: 'GET', url: `/api/tracing/exports/${id}` })).json();
      expect(done).toMatchObject({ status: 'done', processed: 3, total: 3, rowCount: 3 });
      // Page by page with a page of one, the same rows as the official's list.
      expect((await sheetRows(heldBack, id, '密接人员')).slice(1)).toEqual((await listAll(official, '/api/tracing/contacts')).map(contactRowOf));
    } finally {
      tracingExports.setSender(t.platform.db, undefined);
    }
  });

  it('fails when its process stopped: the sweep marks what has not moved for 15 minutes, and says so in both languages', async () => {
    const start = clock.now();
    clock.advance(16 * 60_000);
    try {
      expect(await sweepTracingExports(t.platform)).toEqual({ failed: 2, deleted: 0 });
      const failed = (await heldBack.request({ method: 'GET', url: `/api/tracing/exports/${neverRun[0]}` })).json();
      expect(failed).toMatchObject({ status: 'failed', rowCount: null, finishedAt: expect.any(String), error: { code: 'TRACING_EXPORT_FAILED', zh: '导出失败，请重新发起导出', en: 'The export failed; start it again' } });
      const file = await heldBack.request({ method: 'GET', url: `/api/tracing/exports/${neverRun[0]}/file` });
      expect(file.statusCode).toBe(500);
      expect(file.json().code).toBe('TRACING_EXPORT_FAILED');
      expect(await runTracingExport(t.platform, neverRun[1]!)).toBe('skipped');
    } finally {
      clock.set(start);
    }
  });

  it('is gone after 24 hours: unreadable, then swept with its file', async () => {
    const status = await exported(official, { kind: 'cases' });
    // A day later (the session would have ended too: the row's expiry is moved instead of the clock).
    await t.database.db.updateTable('tracingExports').set({ expiresAt: new Date(clock.now().getTime() - 1000) }).where('id', '=', status.id).execute();
    expect((await official.request({ method: 'GET', url: `/api/tracing/exports/${status.id}` })).statusCode).toBe(404);
    expect((await official.request({ method: 'GET', url: `/api/tracing/exports/${status.id}/file` })).statusCode).toBe(404);
    const start = clock.now();
    clock.advance(24 * 3600_000 + 60_000);
    try {
      const swept = await sweepTracingExports(t.platform);
      expect(swept.failed).toBe(0);
      expect(swept.deleted).toBeGreaterThan(5);
      // Every export of this file was asked for at the same (fixed) time: all expired, all gone.
      expect(await t.database.db.selectFrom('tracingExports').select('id').execute()).toEqual([]);
      expect(await t.database.db.selectFrom('tracingExportChunks').select('seq').where('exportId', '=', status.id).execute()).toEqual([]);
    } finally {
      clock.set(start);
    }
  });
});
