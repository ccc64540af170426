import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentId, withWrongCheckDigit } from '../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { registeredResident } from '../codes/colours/testing.ts';
import { importRoster, ROSTER_SHEET } from './roster.ts';
import { postRoster, rosterCounts, rosterWorkbook, uploadRoster, type RosterRow } from './roster-testing.ts';
import { testOrganisation } from './testing.ts';

let t: TestPlatform;
beforeAll(async () => { t = await createTestPlatform(); });
afterAll(async () => t.close());

type Row = RosterRow;
const workbook = rosterWorkbook;
const post = postRoster;
const upload = uploadRoster;
const counts = (orgId: string) => rosterCounts(t, orgId);

describe('roster import', () => {
  it('dry-runs row by row without writing, then imports the good rows and reports the bad ones', async () => {
    const org = await testOrganisation(t, { name: '花名册学校', kind: 'school' });
    await org.addUnit('一年级', 'class');
    const known = await registeredResident(t, '13866600001', '冯老师');
    const newId = residentId('330106', '20150401', '011');
    const rows: Row[] = [
      ['冯老师', '', '', '13866600001', '教务处', '教师'], // 2: matched by phone, new unit
      ['陈小红', '居民身份证', newId, '', '一年级/一班', '学生'], // 3: new person, new unit under an existing one
      ['褚小刚', '', withWrongCheckDigit(residentId('330106', '20150402', '013')), '', '一年级/一班', '学生'], // 4: wrong check digit
      ['卫小兰', '', residentId('330106', '20150403', '015'), '13866600001', '一年级/二班', '学生'], // 5: phone repeats row 2
      ['', '', residentId('330106', '20150404', '017'), '', '一年级/一班', ''], // 6: empty name
      ['蒋小华', '', residentId('330106', '20150405', '019'), '', '一年级/一班', '校长'], // 7: unknown role
      ['沈小东', '', residentId('330106', '20150406', '021'), '', '一年级', '学生'], // 8: good, existing unit
    ];
    const file = await workbook(rows);
    const before = await counts(org.id);
    const dry = await upload(org, file, '?dryRun=true');
    expect(dry).toMatchObject({ phase: 'done', dryRun: true, processed: 7, total: 7, error: null });
    const report = dry.report;
    expect(report).toMatchObject({ dryRun: true, rows: 7, good: 3, bad: 4, imported: 0, personsMatched: 1, personsCreated: 2 });
    expect(report.unitsCreated.sort()).toEqual(['一年级/一班', '教务处'].sort());
    const byRow = new Map(report.report.map((r) => [r.row, r]));
    expect(byRow.get(2)).toMatchObject({ ok: true, person: 'match', unit: 'create', nameMasked: '冯*师' });
    expect(byRow.get(3)).toMatchObject({ ok: true, person: 'create', unit: 'create' });
    expect(byRow.get(4)).toMatchObject({ ok: false, nameMasked: '褚*刚', person: null, errors: [{ code: 'id_check_digit', column: '证件号码' }] });
    expect(byRow.get(5)!.errors).toMatchObject([{ code: 'duplicate_phone_in_file', column: '手机号', zh: '手机号与第 2 行重复' }]);
    expect(byRow.get(6)!.errors).toMatchObject([{ code: 'name_required', column: '姓名' }]);
    expect(byRow.get(7)!.errors).toMatchObject([{ code: 'role_unknown' }]);
    expect(byRow.get(8)).toMatchObject({ ok: true, unit: 'existing' });
    expect(await counts(org.id)).toEqual(before);

    const done = (await upload(org, file)).report;
    expect(done).toMatchObject({ dryRun: false, good: 3, bad: 4, imported: 3, personsCreated: 2 });
    const after = await counts(org.id);
    expect(after).toEqual({ persons: before.persons + 2, members: 3, units: before.units + 2 });
    const members = (await org.admin.request({ method: 'GET', url: `/api/orgs/${org.id}/members?limit=50` })).json().items as { personId: string; unitPath: string; memberRole: string; nameMasked: string }[];
    expect(members.find((m) => m.personId === known.personId)).toMatchObject({ unitPath: '教务处', memberRole: 'teacher' });
    expect(members.map((m) => m.nameMasked).sort()).toEqual(['冯*师', '沈*东', '陈*红'].sort());
    const audit = await t.database.db.selectFrom('auditLog').select(['action', 'detail']).where('targetId', '=', org.id).where('action', '=', 'org.roster.import').executeTakeFirstOrThrow();
    expect(typeof audit.detail === 'string' ? JSON.parse(audit.detail) : audit.detail).toMatchObject({ rows: 7, imported: 3, bad: 4 });

    // The same file again: the good rows are now members (updated), no new persons.
    const again = (await upload(org, file)).report;
    expect(again).toMatchObject({ imported: 3, personsMatched: 3, personsCreated: 0 });
    expect(again.report.filter((r) => r.member === 'update')).toHaveLength(3);
    expect((await counts(org.id)).persons).toBe(after.persons);
  });

  it('refuses rows naming unknown units when told not to create them, and says so', async () => {
    const org = await testOrganisation(t, { name: '不建部门公司' });
    await org.addUnit('行政部');
    const file = await workbook([
      ['杨一', '', residentId('330106', '19900101', '101'), '', '行政部', ''],
      ['朱二', '', residentId('330106', '19900101', '103'), '', '研发部/后端组', ''],
    ]);
    const before = await counts(org.id);
    const res = (await upload(org, file, '?createUnits=false')).report;
    expect(res).toMatchObject({ imported: 1, bad: 1, unitsCreated: [] });
    expect(res.report[1]).toMatchObject({ row: 3, ok: false, unit: 'refused', errors: [{ code: 'unit_unknown', column: '部门/班级' }] });
    expect(await counts(org.id)).toEqual({ persons: before.persons + 1, members: 1, units: before.units });
  });

  it('answers a file that is not a roster at once, one that lacks the columns with a failed import and a clear error; another organisation\'s admin gets 404', async () => {
    const org = await testOrganisation(t, { name: '坏文件公司' });
    const notXlsx = await post(org, Buffer.from('not a spreadsheet'));
    expect([notXlsx.statusCode, notXlsx.json().code]).toEqual([422, 'ORG_ROSTER_FILE_INVALID']);
    const noColumns = await upload(org, await workbook([['a', 'b', 'c', 'd', 'e', 'f']], ['甲', '乙', '丙', '丁', '戊', '己']));
    expect(noColumns).toMatchObject({ phase: 'failed', report: null, error: { code: 'ORG_ROSTER_COLUMNS_MISSING', zh: expect.stringContaining('缺少'), details: { errors: [{ column: '姓名' }, { column: '证件号码' }] } } });
    expect((await upload(org, await workbook([]))).error).toMatchObject({ code: 'ORG_ROSTER_EMPTY', en: 'The roster has no data rows' });
    // A ZIP that is not a workbook fails in the job, not silently.
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60)]);
    expect((await upload(org, zip)).error).toMatchObject({ code: 'ORG_ROSTER_FILE_INVALID' });
    const other = await testOrganisation(t, { name: '旁人公司' });
    expect((await post(org, await workbook([]), '', other.admin)).statusCode).toBe(404);
    const template = await org.admin.request({ method: 'GET', url: `/api/orgs/${org.id}/roster/template` });
    expect(template.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(template.rawPayload as unknown as Parameters<typeof book.xlsx.load>[0]);
    expect(book.getWorksheet(ROSTER_SHEET)!.getRow(1).values).toEqual([undefined, '姓名*', '证件类型', '证件号码', '手机号', '部门/班级', '角色']);
  });

  it('when a chunk cannot be written, writes its rows one by one: the failing row leaves nothing behind, the others go in', async () => {
    const org = await testOrganisation(t, { name: '写入失败公司' });
    // The database refuses one person (as a concurrent registration would): the chunk's transaction fails.
    await sql`create function refuse_bad_person() returns trigger language plpgsql as $$
      begin if new.name_masked = '坏*人' then raise exception 'refused for the test'; end if; return new; end $$`.execute(t.database.db);
    await sql`create trigger refuse_bad_person before insert on persons for each row execute function refuse_bad_person()`.execute(t.database.db);
    try {
      const before = await counts(org.id);
      const report = await importRoster(t.platform, { system: 'test' }, org.id, await workbook([
        ['好一', '', residentId('330106', '19850101', '301'), '', '新部门', ''],
        ['坏某人', '', residentId('330106', '19850101', '303'), '', '新部门', ''],
        ['好二', '', residentId('330106', '19850101', '305'), '', '新部门', ''],
      ]), { dryRun: false, createUnits: true });
      expect(report).toMatchObject({ imported: 2, good: 2, bad: 1 });
      expect(report.report[1]).toMatchObject({ row: 3, ok: false, person: null, member: null, errors: [{ code: 'write_failed', zh: '写入失败，请重新导入此行' }] });
      expect(await counts(org.id)).toEqual({ persons: before.persons + 2, members: 2, units: before.units + 1 });
    } finally {
      await sql`drop trigger refuse_bad_person on persons; drop function refuse_bad_person()`.execute(t.database.db);
    }
  });
});
