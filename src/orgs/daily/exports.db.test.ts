import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { residentId, type Session } from '../../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { registeredResident, staffSession, type Resident } from '../../codes/colours/testing.ts';
import { fixedClock } from '../../kernel/time.ts';
import { registerPeopleBulk } from '../../people/service.ts';
import { coAdministrator } from '../roster-testing.ts';
import { upsertMembers } from '../store.ts';
import { testOrganisation, type TestOrganisation } from '../testing.ts';
import { dailyExports, runDailyExport, sweepDailyExports } from './exports.ts';

const bj = (isoLocal: string) => new Date(`${isoLocal}+08:00`);
const clock = fixedClock(bj('2026-03-10T09:00:00'));
let t: TestPlatform;
let org: TestOrganisation;
let fever: Resident;
let unitIds: { office: string; lab: string };
const BULK = 2500;

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  org = await testOrganisation(t, { name: '导出科技' });
  unitIds = { office: await org.addUnit('办公室'), lab: await org.addUnit('实验室') };
  // Two members who check in (one with a fever), and 2,500 who have not.
  fever = await registeredResident(t, '13855500001', '高烧者');
  const well = await registeredResident(t, '13855500002', '健康者');
  await org.addMember(fever.personId, unitIds.lab);
  await org.addMember(well.personId, unitIds.office);
  const ids = await registerPeopleBulk(t.platform, Array.from({ length: BULK }, (_, i) => ({
    idType: 'resident_id' as const, idNumber: residentId('330106', `19${70 + Math.floor(i / 1000)}0303`, String(i % 1000).padStart(3, '0')), name: '未打卡', homeRegionCode: '330106',
  })));
  await upsertMembers(t.database.db, ids.map((personId, i) => ({ organisationId: org.id, personId, unitId: i % 2 ? unitIds.office : unitIds.lab, memberRole: 'member' as const, addedByAccountId: null })));
  const post = (r: Resident, temperature: number) => r.session.request({
    method: 'POST', url: `/api/orgs/${org.id}/daily`, payload: { personId: r.personId, temperature, symptoms: ['none'], cityCode: '330106', location: 'work' },
  });
  expect((await post(fever, 37.9)).statusCode).toBe(201);
  expect((await post(well, 36.4)).statusCode).toBe(201);
}, 180_000);
afterAll(async () => t.close());
afterEach(() => dailyExports.setSender(t.platform.db, undefined));

const exportsUrl = (orgId = org.id) => `/api/orgs/${orgId}/daily/exports`;
const exportRow = (id: string) => t.database.db.selectFrom('orgDailyExports').selectAll().where('id', '=', id).executeTakeFirst();
const audits = (action: string) => t.database.db.selectFrom('auditLog').select(['actorAccountId', 'detail']).where('action', '=', action).where('targetId', '=', org.id).execute();

async function finishedExport(session: Session, id: string): Promise<{ status: string; processed: number; total: number; rowCount: number | null }> {
  for (let i = 0; i < 600; i++) {
    const res = await session.request({ method: 'GET', url: `${exportsUrl()}/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    if (res.json().status === 'done' || res.json().status === 'failed') return res.json();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`export ${id} did not finish`);
}

async function sheetOf(payload: Buffer): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(payload as unknown as ArrayBuffer);
  return book.worksheets[0]!;
}

/** Holds exports without running them: the jobs' sender only keeps the ids. */
function holdExports(): string[] {
  const held: string[] = [];
  dailyExports.setSender(t.platform.db, async (work) => { held.push(work.exportId); });
  return held;
}

describe('daily Excel export as a background job', () => {
  it('answers 202, moves its progress to the members of the day, and the requester downloads the same layout (audited twice)', async () => {
    await sql`create table daily_export_seen (n serial, id uuid, status text, processed int, total int)`.execute(t.database.db);
    await sql`create function note_daily_export() returns trigger language plpgsql as $$
      begin insert into daily_export_seen (id, status, processed, total) values (new.id, new.status, new.processed, new.total); return new; end $$`.execute(t.database.db);
    await sql`create trigger note_daily_export after update on org_daily_exports for each row execute function note_daily_export()`.execute(t.database.db);
    let id: string;
    try {
      const started = await org.admin.request({ method: 'POST', url: exportsUrl(), payload: {} });
      expect(started.statusCode, started.body).toBe(202);
      expect(started.json()).toMatchObject({ day: '2026-03-10', unitId: null, status: 'queued', processed: 0, total: BULK + 2, rowCount: null });
      id = started.json().id;
      expect(await finishedExport(org.admin, id)).toMatchObject({ status: 'done', processed: BULK + 2, total: BULK + 2, rowCount: BULK + 2 });
      const { rows: seen } = await sql<{ status: string; processed: number }>`select status, processed from daily_export_seen where id = ${id}::uuid order by n`.execute(t.database.db);
      const running = seen.filter((s) => s.status === 'running').map((s) => s.processed);
      expect(running).toEqual([...running].sort((a, b) => a - b));
      expect(running).toEqual(expect.arrayContaining([1000, 2000]));
      expect(seen.at(-1)).toMatchObject({ status: 'done', processed: BULK + 2 });
    } finally {
      await sql`drop trigger note_daily_export on org_daily_exports; drop function note_daily_export(); drop table daily_export_seen`.execute(t.database.db);
    }

    const file = await org.admin.request({ method: 'GET', url: `${exportsUrl()}/${id}/file` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    expect(file.headers['content-disposition']).toContain(`daily-2026-03-10-${org.id.slice(0, 8)}.xlsx`);
    const sheet = await sheetOf(file.rawPayload);
    expect(String(sheet.getCell('A1').value)).toBe('导出科技 健康打卡统计 2026-03-10');
    expect(sheet.getCell('A1').font).toMatchObject({ bold: true, size: 14 });
    expect(sheet.getRow(2).values).toEqual([undefined, '应打卡', '已打卡', '未打卡', '异常', '打卡率']);
    expect(sheet.getRow(3).values).toEqual([undefined, BULK + 2, 2, BULK, 1, `${((2 / (BULK + 2)) * 100).toFixed(1)}%`]);
    expect(sheet.getRow(5).values).toEqual([undefined, '部门/班级', '应打卡', '已打卡', '未打卡', '异常']);
    expect(sheet.getRow(6).values).toEqual([undefined, '办公室', BULK / 2 + 1, 1, BULK / 2, 0]);
    expect(sheet.getRow(7).values).toEqual([undefined, '实验室', BULK / 2 + 1, 1, BULK / 2, 1]);
    expect(sheet.getRow(9).getCell(2).value).toBe('姓名');
    expect(sheet.getColumn(1).width).toBe(22);
    const detail: unknown[][] = [];
    sheet.eachRow((row, n) => { if (n > 9) detail.push((row.values as unknown[]).slice(1)); });
    expect(detail).toHaveLength(BULK + 2);
    expect(detail.filter((r) => r[2] === '未打卡')).toHaveLength(BULK);
    expect(detail.find((r) => r[2] === '异常')).toEqual(expect.arrayContaining(['实验室', '高*者', 37.9, '体温≥37.3℃', '在单位/学校']));
    expect(JSON.stringify(detail)).not.toContain('高烧者');

    expect(await audits('org.daily.export')).toMatchObject([{ actorAccountId: org.adminAccountId }]);
    expect(await audits('org.daily.export.download')).toMatchObject([{ actorAccountId: org.adminAccountId }]);
    expect(JSON.parse((await audits('org.daily.export.download'))[0]!.detail)).toMatchObject({ exportId: id, day: '2026-03-10', rows: BULK + 2 });
    // The synchronous export is gone.
    expect((await org.admin.request({ method: 'GET', url: `/api/orgs/${org.id}/daily/export` })).statusCode).toBe(404);
  }, 120_000);

  it('refuses a day or unit that is not valid at once, and is read only by the account that asked', async () => {
    const rows = async () => (await t.database.db.selectFrom('orgDailyExports').select('id').execute()).length;
    const before = await rows();
    const future = await org.admin.request({ method: 'POST', url: exportsUrl(), payload: { day: '2026-03-11' } });
    expect([future.statusCode, future.json().code]).toEqual([400, 'DAILY_DAY_INVALID']);
    const unknownUnit = await org.admin.request({ method: 'POST', url: exportsUrl(), payload: { unitId: '00000000-0000-4000-8000-000000000000' } });
    expect([unknownUnit.statusCode, unknownUnit.json().code]).toEqual([404, 'ORG_UNIT_NOT_FOUND']);
    expect(await rows()).toBe(before);

    // An official of the region may export the organisation (one unit here); the administrator cannot read it, nor the reverse.
    const official = await staffSession(t, `dailyofficial${Date.now() % 100000}`, 'health_official', '330106');
    const started = await official.request({ method: 'POST', url: exportsUrl(), payload: { unitId: unitIds.lab } });
    expect(started.statusCode, started.body).toBe(202);
    const id = started.json().id;
    expect(await finishedExport(official, id)).toMatchObject({ status: 'done', total: BULK / 2 + 1, rowCount: BULK / 2 + 1 });
    const sheet = await sheetOf((await official.request({ method: 'GET', url: `${exportsUrl()}/${id}/file` })).rawPayload);
    expect(String(sheet.getCell('A1').value)).toBe('导出科技 · 实验室 健康打卡统计 2026-03-10');
    const coAdmin = await coAdministrator(t, org);
    const other = await testOrganisation(t, { name: '别人的单位' });
    for (const session of [org.admin, coAdmin]) {
      for (const url of [`${exportsUrl()}/${id}`, `${exportsUrl()}/${id}/file`]) {
        const res = await session.request({ method: 'GET', url });
        expect([res.statusCode, res.json().code]).toEqual([404, 'DAILY_EXPORT_NOT_FOUND']);
      }
    }
    expect((await other.admin.request({ method: 'GET', url: `${exportsUrl()}/${id}` })).json().code).toBe('ORG_NOT_FOUND');
    expect((await other.admin.request({ method: 'GET', url: `${exportsUrl(other.id)}/${id}` })).json().code).toBe('DAILY_EXPORT_NOT_FOUND');
    expect((await official.request({ method: 'GET', url: `${exportsUrl()}/not-an-id` })).json().code).toBe('DAILY_EXPORT_NOT_FOUND');
  }, 120_000);

  it('is not ready while queued, runs once however often delivered, fails when cut off and is gone after 24 hours', async () => {
    const held = holdExports();
    const first = await org.admin.request({ method: 'POST', url: exportsUrl(), payload: { unitId: unitIds.office } });
    const second = await org.admin.request({ method: 'POST', url: exportsUrl(), payload: { unitId: unitIds.office } });
    expect(held).toEqual([first.json().id, second.json().id]);
    const [a, b] = held as [string, string];
    const notReady = await org.admin.request({ method: 'GET', url: `${exportsUrl()}/${a}/file` });
    expect([notReady.statusCode, notReady.json().code]).toEqual([409, 'DAILY_EXPORT_NOT_READY']);

    expect((await Promise.all([runDailyExport(t.platform, a), runDailyExport(t.platform, a)])).sort()).toEqual(['done', 'skipped']);
    expect((await exportRow(a))!.rowCount).toBe(BULK / 2 + 1);

    // b's process stopped: nothing moved for 20 minutes.
    await t.database.db.updateTable('orgDailyExports').set({ status: 'running', updatedAt: new Date(clock.now().getTime() - 20 * 60_000) }).where('id', '=', b).execute();
    expect(await sweepDailyExports(t.platform)).toEqual({ failed: 1, deleted: 0 });
    expect((await org.admin.request({ method: 'GET', url: `${exportsUrl()}/${b}` })).json()).toMatchObject({ status: 'failed', error: 'interrupted' });
    const failed = await org.admin.request({ method: 'GET', url: `${exportsUrl()}/${b}/file` });
    expect([failed.statusCode, failed.json().code]).toEqual([409, 'DAILY_EXPORT_FAILED']);
    expect(await runDailyExport(t.platform, b)).toBe('skipped');

    // Past its expiry an export reads as unknown; the sweep deletes it with its file.
    await t.database.db.updateTable('orgDailyExports').set({ expiresAt: new Date(clock.now().getTime() - 1000) }).where('id', '=', a).execute();
    expect((await org.admin.request({ method: 'GET', url: `${exportsUrl()}/${a}/file` })).json().code).toBe('DAILY_EXPORT_NOT_FOUND');
    expect(await sweepDailyExports(t.platform)).toEqual({ failed: 0, deleted: 1 });
    expect(await exportRow(a)).toBeUndefined();
    const later = await sweepDailyExports({ db: t.platform.db, clock: fixedClock(new Date(clock.now().getTime() + 25 * 3_600_000)) });
    expect(later.deleted).toBeGreaterThanOrEqual(2);
    expect(await t.database.db.selectFrom('orgDailyExports').select('id').execute()).toEqual([]);
  }, 120_000);
});
