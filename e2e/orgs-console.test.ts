/**
 * Organisations in the console, in a real browser against the real server and database: an
 * org_admin opens their school, dry-runs a roster with a bad row (wrong ID check digit), follows
 * the background job's progress bar and sees the row-by-row report with nothing written, imports
 * it (the bar again; the good rows go in, the bad one is listed), then finds the pupils in the
 * members list under their class, names masked. The pupil
 * whose phone the roster gave signs in on the phone and sees the school under 我的单位.
 * Needs `npm run build:web` first: the server serves web/dist.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentId, withWrongCheckDigit } from '../test/support/http-users.ts';
import { XLSX_TYPE } from '../src/kernel/spreadsheet.ts';
import { testOrganisation, type TestOrganisation } from '../src/orgs/testing.ts';
import { expectPagesClean } from './support/browser.ts';
import { consolePage, signInResidentOnPage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

let web: WebTestbed;
let school: TestOrganisation;
let username: string;
const PUPIL_PHONE = '13966660045';

beforeAll(async () => {
  web = await startWebTestbed();
  school = await testOrganisation(web.t, { name: '文三路小学', kind: 'school' });
  await school.addUnit('一年级', 'class');
  const row = await web.t.database.db.selectFrom('accounts').select('username').where('id', '=', school.adminAccountId).executeTakeFirstOrThrow();
  username = row.username!;
});

afterAll(() => web?.close());

async function members(): Promise<number> {
  const row = await web.t.database.db.selectFrom('organisationMembers').select((eb) => eb.fn.countAll<number>().as('n')).where('organisationId', '=', school.id).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('organisations in the console', () => {
  it('an org_admin dry-runs a roster with a bad row, imports it and sees the members', async () => {
    const watched = await consolePage(web, username, 'correct-horse-9');
    const { page } = watched;
    await page.getByRole('menuitem', { name: '单位管理' }).click();
    await page.getByTestId('org-list').locator('tr', { hasText: '文三路小学' }).click();
    await expect.poll(() => page.getByTestId('org-title').textContent()).toBe('文三路小学');
    await page.getByRole('tab', { name: '花名册导入' }).click();

    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('花名册');
    sheet.addRow(['姓名*', '证件类型', '证件号码', '手机号', '部门/班级', '角色']);
    sheet.addRow(['林小雨', '居民身份证', residentId('330106', '20180301', '041'), '', '一年级/一班', '学生']);
    sheet.addRow(['何小山', '居民身份证', withWrongCheckDigit(residentId('330106', '20180302', '043')), '', '一年级/一班', '学生']);
    sheet.addRow(['罗小溪', '居民身份证', residentId('330106', '20180303', '045'), PUPIL_PHONE, '一年级/二班', '学生']);
    await page.getByTestId('roster-file').setInputFiles({ name: '花名册.xlsx', mimeType: XLSX_TYPE, buffer: Buffer.from(await book.xlsx.writeBuffer()) });

    // Every phase the progress bar shows, as the page draws it (the server runs the import as a background job).
    await page.evaluate(`(() => {
      const seen = window.rosterPhases = [];
      const note = () => {
        const phase = document.querySelector('[data-testid=roster-progress]')?.getAttribute('data-phase');
        if (phase && seen.at(-1) !== phase) seen.push(phase);
      };
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] });
    })()`);
    const phases = async () => (await page.evaluate('[...window.rosterPhases]')) as string[];

    await page.getByTestId('roster-dry-run').click();
    await page.getByTestId('roster-progress').waitFor();
    await expect.poll(() => page.getByTestId('roster-summary').textContent()).toContain('试导入：共 3 行，2 行可导入');
    expect((await phases())[0]).toBe('queued');
    expect((await phases()).at(-1)).toBe('done');
    expect(await page.getByTestId('roster-progress').locator('.el-progress').getAttribute('aria-valuenow')).toBe('100');
    expect(await page.getByTestId('roster-progress-text').textContent()).toBe('已完成');
    const report = page.getByTestId('roster-report');
    await expect.poll(() => report.locator('tr', { hasText: '校验位' }).textContent()).toMatch(/^3有误/);
    expect(await report.textContent()).toContain('将新建');
    expect(await members()).toBe(0);
    await watched.screenshot('orgs-roster-dry-run');

    await page.evaluate('window.rosterPhases.length = 0');
    await page.getByTestId('roster-import').click();
    // The bar starts again for the import, and the report follows it.
    await expect.poll(phases).toContain('queued');
    await expect.poll(() => page.getByTestId('roster-summary').textContent()).toContain('已导入 2 行');
    expect((await phases()).at(-1)).toBe('done');
    expect(await page.getByTestId('roster-report').textContent()).toContain('身份证号码校验位不正确');
    expect(await members()).toBe(2);

    await page.getByRole('tab', { name: '成员' }).click();
    const list = page.getByTestId('member-list');
    await expect.poll(() => list.textContent()).toContain('林*雨');
    expect(await list.textContent()).toContain('一年级/一班');
    expect(await list.textContent()).toContain('罗*溪');
    expect(await list.textContent()).not.toContain('林小雨');
    // The class tree filters the list (units below included).
    await page.getByTestId('members-unit-tree').getByText('二班', { exact: true }).click();
    await expect.poll(() => list.textContent()).not.toContain('林*雨');
    expect(await list.textContent()).toContain('罗*溪');
    await watched.screenshot('orgs-members');
  });

  it('the pupil\'s phone signs in on /m/ and 我的单位 shows the school and class', async () => {
    const watched = await web.newPage();
    const { page } = watched;
    await page.goto(`${web.origin}/m/orgs`);
    await signInResidentOnPage(web, page, PUPIL_PHONE);
    const org = page.getByTestId('my-org');
    await expect.poll(() => org.textContent()).toContain('文三路小学');
    expect(await org.textContent()).toContain('二班');
    expect(await org.textContent()).toContain('学生');
    await watched.screenshot('orgs-mine-phone');
  });

  it('left no console errors and asked no other origin', () => {
    expectPagesClean(web.pages, 2);
  });
});
