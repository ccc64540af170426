import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentId, withWrongCheckDigit, type Session } from '../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { staffSession } from '../codes/colours/testing.ts';
import { fixedClock } from '../kernel/time.ts';
import { XLSX_TYPE } from '../kernel/spreadsheet.ts';
import { registerPeopleBulk } from '../people/service.ts';
import { onboardRegion } from '../regions/onboarding.ts';
import { registerCase } from './cases.ts';
import { caseWorkbook, finishedImport, importCounts, postImport, uploadCases, type ImportRow } from './import-testing.ts';
import { runRequestedTraces, setTracingSender } from './jobs.ts';
import { bj, officialActor, townVenue, visit } from './testing.ts';

/*
 * 病例导入 over HTTP, as the console does it: upload, poll the background job, read the report.
 * The clock is 2026-03-10 12:00 in Beijing.
 */
const clock = fixedClock(bj('2026-03-10 12:00'));
let t: TestPlatform;
let official: Session;
let colleague: Session;
let ningboOfficial: Session;
let worker: Session;
let p: Record<string, string>;
const id = (seq: string) => residentId('330106', '19900101', seq);
/** The registered persons' document numbers. */
const known = { 甲: id('640'), 乙: id('642'), 已病: id('644'), 邻居: id('646') };

const base = { 病例分类: '确诊病例', 发病日期: '2026-03-08', 报告日期: '2026-03-10', 病例来源: '实验室检测' };
const rows: ImportRow[] = [
  { ...base, 证件号码: '', 姓名: '甲' }, // 2: registered (number filled in beforeAll)
  { ...base, 证件号码: id('702'), 姓名: '新人', 现住地区划代码: '330106004', 病例分类: '疑似病例', 发病日期: '' }, // 3: a new person
  { ...base, 证件号码: withWrongCheckDigit(id('704')), 姓名: '错号' }, // 4
  { ...base, 证件号码: id('706'), 姓名: '无址' }, // 5: not registered, no home region
  { ...base, 证件号码: id('708'), 姓名: '未来', 现住地区划代码: '330106004', 发病日期: '2026-03-11' }, // 6
  { ...base, 证件号码: id('710'), 姓名: '重症', 现住地区划代码: '330106004', 病例分类: '重症' }, // 7
  { ...base, 证件号码: '', 姓名: '已病' }, // 8: has an open case
  { ...base, 证件号码: id('712'), 姓名: '京客', 现住地区划代码: '110105', 病例分类: '无症状感染者', 病例来源: '外地推送', 来源地区代码: '110105', 外地病例编号: 'BJ-0001' }, // 9
  { ...base, 证件号码: id('714'), 姓名: '无源', 现住地区划代码: '330106004', 病例来源: '外地推送' }, // 10
  { ...base, 证件号码: id('716'), 姓名: '长注', 现住地区划代码: '330106004', 备注: '长'.repeat(501) }, // 11
  { ...base, 证件号码: '', 姓名: '别名' }, // 12: 乙's number under another name
];

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  setTracingSender(t.platform.db, async () => undefined);
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  await onboardRegion(t.platform, { system: 'test' }, '330200');
  official = await staffSession(t, 'import-official', 'health_official', '330100');
  colleague = await staffSession(t, 'import-colleague', 'health_official', '330100');
  ningboOfficial = await staffSession(t, 'import-nb', 'health_official', '330200');
  worker = await staffSession(t, 'import-worker', 'community_worker', '330106004');
  const names = Object.keys(known) as (keyof typeof known)[];
  const personIds = await registerPeopleBulk(t.platform, names.map((name) => ({ idType: 'resident_id', idNumber: known[name], name, homeRegionCode: '330106004' })));
  p = Object.fromEntries(names.map((name, i) => [name, personIds[i]!]));
  const account = await t.database.db.selectFrom('accounts').select('id').where('username', '=', 'import-official').executeTakeFirstOrThrow();
  await registerCase(t.platform, officialActor(account.id), { person: { personId: p.已病! }, classification: 'suspected', onsetOn: null, testedPositiveOn: null, reportedOn: '2026-03-09', source: 'fever_clinic', notes: null });
  const shop = await townVenue(t, '街角面馆', 'restaurant', 60);
  await visit(t, p.甲!, shop, '2026-03-08 12:00', { minutes: 60 });
  await visit(t, p.邻居!, shop, '2026-03-08 12:20', { minutes: 60 });
});
afterAll(async () => t.close());

async function theFile(): Promise<Buffer> {
  const filled = rows.map((r) => ({ ...r }));
  filled[0]!.证件号码 = known.甲;
  filled[6]!.证件号码 = known.已病;
  filled[10]!.证件号码 = known.乙;
  return caseWorkbook(filled);
}

const problems = (report: { report: { row: number; ok: boolean; errors: { column: string; code: string }[] }[] }) =>
  report.report.filter((r) => !r.ok).map((r) => [r.row, ...r.errors.map((e) => `${e.column}:${e.code}`)]);

const EXPECTED_PROBLEMS = [
  [4, '证件号码:id_check_digit'], [5, '现住地区划代码:home_region_required'], [6, '发病日期:date_in_future'], [7, '病例分类:classification_unknown'],
  [8, '证件号码:open_case_exists'], [10, '来源地区代码:issuing_region_required'], [11, '备注:notes_too_long'], [12, '姓名:name_mismatch'],
];

describe('case import from Excel', () => {
  it('gives the template with its help sheet, under its Chinese name, to officials only', async () => {
    const res = await official.request({ method: 'GET', url: '/api/tracing/imports/template' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX_TYPE);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('病例导入模板.xlsx')}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const header = (book.getWorksheet('病例')!.getRow(1).values as string[]).filter(Boolean);
    expect(header).toEqual(['证件类型', '证件号码*', '姓名*', '手机号', '现住地区划代码', '病例分类*', '发病日期', '发病日期为估计', '首次阳性日期', '报告日期*', '隔离时间', '病例来源*', '来源地区代码', '外地病例编号', '备注']);
    const help = JSON.stringify(book.getWorksheet('填写说明')!.getSheetValues());
    for (const word of ['疑似病例', '无症状感染者', '死亡', '智能外呼筛查', '外地推送', '港澳居民来往内地通行证']) expect(help).toContain(word);
    expect((await worker.request({ method: 'GET', url: '/api/tracing/imports/template' })).statusCode).toBe(403);
  });

  it('dry run: reports each bad row with its column and code, says what the good rows would do, and writes nothing', async () => {
    const before = await importCounts(t);
    const dry = await uploadCases(official, await theFile(), 'dryRun=true&regionCode=330100');
    expect(dry).toMatchObject({ phase: 'done', dryRun: true, regionCode: '330100', processed: 11, total: 11, error: null });
    expect(dry.report).toMatchObject({ dryRun: true, rows: 11, good: 3, bad: 8, imported: 0, personsMatched: 1, personsCreated: 2 });
    expect(problems(dry.report)).toEqual(EXPECTED_PROBLEMS);
    expect(dry.report.report.filter((r) => r.ok)).toEqual([
      { row: 2, ok: true, errors: [], nameMasked: '*', person: 'match', case: 'create', classification: 'confirmed' },
      { row: 3, ok: true, errors: [], nameMasked: '新*', person: 'create', case: 'create', classification: 'suspected' },
      { row: 9, ok: true, errors: [], nameMasked: '京*', person: 'create', case: 'create', classification: 'asymptomatic' },
    ]);
    expect(dry.report.report.find((r) => r.row === 4)!.errors[0]).toMatchObject({ row: 4, zh: expect.stringContaining('校验位'), en: expect.stringContaining('check digit') });
    expect(await importCounts(t)).toEqual(before);
  });

  it('imports the good rows, creates unknown persons, lists the cases and traces a confirmed one; audited once without personal data', async () => {
    const before = await importCounts(t);
    const file = await theFile();
    const done = await uploadCases(official, file, 'dryRun=false&regionCode=330100');
    expect(done).toMatchObject({ phase: 'done', dryRun: false, processed: 3, total: 3 });
    expect(done.report).toMatchObject({ rows: 11, good: 3, bad: 8, imported: 3, personsMatched: 1, personsCreated: 2 });
    expect(problems(done.report)).toEqual(EXPECTED_PROBLEMS);
    expect(await importCounts(t)).toEqual({ persons: before.persons + 2, cases: before.cases + 3, events: before.events + 3 });

    const list = (await official.request({ method: 'GET', url: '/api/tracing/cases?limit=20' })).json().items as { personId: string; classification: string; source: string; issuingRegionCode: string | null; externalRef: string | null; regionCode: string; id: string }[];
    const mine = list.find((c) => c.personId === p.甲)!;
    expect(mine).toMatchObject({ classification: 'confirmed', source: 'lab', regionCode: '330106004' });
    expect(list.find((c) => c.externalRef === 'BJ-0001')).toMatchObject({ classification: 'asymptomatic', source: 'other_region', issuingRegionCode: '110105', regionCode: '330100' });
    const events = await t.database.db.selectFrom('caseEvents').select(['kind', 'actorLabel']).where('caseId', 'in', list.map((c) => c.id)).where('actorLabel', '=', 'import-official').execute();
    expect(events.map((e) => e.kind).sort()).toEqual(['imported', 'registered', 'registered']);

    expect((await runRequestedTraces(t.platform)).traced.map((s) => [s.caseId, s.closeContacts])).toEqual(expect.arrayContaining([[mine.id, 1]]));
    expect((await official.request({ method: 'GET', url: `/api/tracing/contacts?caseId=${mine.id}` })).json().items).toEqual([expect.objectContaining({ personId: p.邻居, kind: 'close' })]);

    const audits = await t.database.db.selectFrom('auditLog').select(['detail', 'actorLabel', 'targetId']).where('action', '=', 'tracing.case.import').execute();
    const real = audits.filter((a) => a.targetId === done.id);
    expect(real).toHaveLength(1);
    expect(JSON.parse(real[0]!.detail)).toMatchObject({ dryRun: false, rows: 11, imported: 3, created: 3, bad: 8, personsCreated: 2, bytes: file.length });
    for (const secret of ['新人', '京客', known.甲, id('702')]) expect(JSON.stringify(audits)).not.toContain(secret);
    expect(JSON.stringify(done.report)).not.toContain('新人');
  });

  it('a second import of the same issuing region and external number updates that case instead of adding one', async () => {
    // Confirmed now, and the onset a day earlier than first sent.
    const file = await caseWorkbook([{ ...base, 证件号码: id('712'), 姓名: '京客', 病例分类: '确诊病例', 发病日期: '2026-03-07', 病例来源: '外地推送', 来源地区代码: '110105', 外地病例编号: 'BJ-0001' }]);
    const again = await uploadCases(official, file, 'regionCode=330100');
    expect(again.report.report).toEqual([{ row: 2, ok: true, errors: [], nameMasked: '京*', person: 'match', case: 'update', classification: 'confirmed' }]);
    const cases = await t.database.db.selectFrom('cases').select(['id', 'classification', 'onsetOn', 'traceRequestedAt']).where('externalRef', '=', 'BJ-0001').execute();
    expect(cases).toEqual([expect.objectContaining({ classification: 'confirmed', onsetOn: '2026-03-07', traceRequestedAt: expect.any(Date) })]);
    const events = await t.database.db.selectFrom('caseEvents').select(['kind', 'fromClassification', 'toClassification']).where('caseId', '=', cases[0]!.id).orderBy('id').execute();
    expect(events).toEqual([
      { kind: 'imported', fromClassification: null, toClassification: 'asymptomatic' },
      { kind: 'classified', fromClassification: 'asymptomatic', toClassification: 'confirmed' },
      { kind: 'window_changed', fromClassification: null, toClassification: null },
    ]);
  });

  it('refuses oversized and non-xlsx bodies with clear codes; a file without the columns fails the job with them', async () => {
    const big = await postImport(official, Buffer.alloc(10 * 1024 * 1024 + 1, 1), 'regionCode=330100');
    expect([big.statusCode, big.json().code]).toEqual([413, 'TRACING_IMPORT_FILE_TOO_LARGE']);
    const text = await postImport(official, Buffer.from('证件号码,姓名\n'), 'regionCode=330100');
    expect([text.statusCode, text.json().code]).toEqual([400, 'TRACING_IMPORT_FILE_INVALID']);
    const csv = await official.request({ method: 'POST', url: '/api/tracing/imports?regionCode=330100', payload: 'a,b', headers: { 'content-type': 'text/csv' } });
    expect([csv.statusCode, csv.json().code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const noColumns = await uploadCases(official, await caseWorkbook([{ 姓名: '甲' }], ['姓名', '证件号码']), 'dryRun=true&regionCode=330100');
    expect(noColumns).toMatchObject({ phase: 'failed', report: null, error: { code: 'TRACING_IMPORT_COLUMNS_MISSING' } });
    expect((noColumns.error!.details as { errors: { column: string }[] }).errors.map((e) => e.column)).toEqual(['病例分类', '报告日期', '病例来源']);
  });

  it('keeps other regions\' officials out, and lets only the official who started an import read it', async () => {
    const file = await caseWorkbook([{ ...base, 证件号码: id('720'), 姓名: '旁人', 现住地区划代码: '330106004' }]);
    const foreign = await postImport(ningboOfficial, file, 'dryRun=true&regionCode=330100');
    expect([foreign.statusCode, foreign.json().code]).toEqual([403, 'FORBIDDEN']);
    const started = await postImport(official, file, 'dryRun=true&regionCode=330100');
    expect(started.statusCode).toBe(202);
    expect((await finishedImport(official, started.json().id)).report.good).toBe(1);
    const url = `/api/tracing/imports/${started.json().id}`;
    expect((await official.request({ method: 'GET', url })).headers['cache-control']).toBe('no-store');
    for (const [session, status, code] of [[colleague, 404, 'TRACING_IMPORT_NOT_FOUND'], [ningboOfficial, 404, 'TRACING_IMPORT_NOT_FOUND'], [worker, 403, 'FORBIDDEN']] as const) {
      const res = await session.request({ method: 'GET', url });
      expect([res.statusCode, res.json().code]).toEqual([status, code]);
    }
    expect((await official.request({ method: 'GET', url: '/api/tracing/imports/not-an-id' })).json().code).toBe('TRACING_IMPORT_NOT_FOUND');
  });
});
