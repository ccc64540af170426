/**
 * 健康打卡 in a real browser against the real server and database: a member opens the home tile on
 * the phone, fills in today's check-in (temperature quick pick, symptoms 无, city from the home
 * region, 在家) and sees today's submission in place of the form; a second member's abnormal
 * check-in comes through the API. The organisation's administrator opens the console page, sees
 * the totals, the trend and the abnormal list, and exports the Excel (a background job: progress bar,
 * then the download link), whose cells are read back.
 * Needs `npm run build:web` first: the server serves web/dist.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../src/accounts/service.ts';
import { insertOrganisationAdmin, insertOrganisations, insertUnit, upsertMember } from '../src/orgs/store.ts';
import { registerPeopleBulk } from '../src/people/service.ts';
import { residentId } from '../test/support/http-users.ts';
import { expectPagesClean } from './support/browser.ts';
import { consolePage, signInResidentOnPage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

const PASSWORD = 'Correct-horse-9';
const MEMBER_PHONE = '13988880001';
let web: WebTestbed;
let orgId: string;
let memberId: string;
let feverId: string;
let absentId: string;

beforeAll(async () => {
  web = await startWebTestbed();
  const db = web.t.database.db;
  const account = await createStaffAccount(web.t.platform, { system: 'test' }, { username: 'xixi-org', displayName: '单位管理员', password: PASSWORD, roles: [{ role: 'org_admin', regionCode: '330106' }] });
  orgId = randomUUID();
  await insertOrganisations(db, [{ id: orgId, regionCode: '330106004', name: '西溪数据公司', kind: 'company' }]);
  await insertOrganisationAdmin(db, orgId, account.accountId, null);
  const unitId = randomUUID();
  await insertUnit(db, { id: unitId, organisationId: orgId, parentId: null, name: '研发部', kind: 'department' });
  [memberId, feverId, absentId] = await registerPeopleBulk(web.t.platform, [
    { idType: 'resident_id', idNumber: residentId('330106', '19880101', '041'), name: '方晓', phone: MEMBER_PHONE, homeRegionCode: '330106' },
    { idType: 'resident_id', idNumber: residentId('330106', '19880101', '052'), name: '何热', phone: '13988880002', homeRegionCode: '330106' },
    { idType: 'resident_id', idNumber: residentId('330106', '19880101', '063'), name: '许缺', phone: '13988880003', homeRegionCode: '330106' },
  ]) as [string, string, string];
  for (const personId of [memberId, feverId, absentId]) await upsertMember(db, { organisationId: orgId, personId, unitId, memberRole: 'member', addedByAccountId: account.accountId });
});

afterAll(() => web?.close());

describe('daily health check-in', () => {
  it('a member checks in on the phone page and sees today\'s submission', async () => {
    const watched = await web.newPage();
    const { page } = watched;
    await page.goto(`${web.origin}/m/sign-in`);
    await signInResidentOnPage(web, page, MEMBER_PHONE);
    await page.getByTestId('who').waitFor();
    await page.getByTestId('tile-daily').click();
    // One organisation, not done today: its form opens straight away.
    await page.getByTestId('daily-org-name').filter({ hasText: '西溪数据公司' }).waitFor();
    await page.getByTestId('daily-quick-36.5').click();
    expect(await page.getByTestId('daily-city').locator('input').inputValue()).toContain('西湖区');
    await page.getByTestId('daily-location-home').click();
    await watched.screenshot('daily-form');
    await page.getByTestId('daily-submit').click();
    await page.getByTestId('daily-done').waitFor();
    expect(await page.getByTestId('daily-state').innerText()).toBe('正常');
    expect(await page.getByTestId('daily-shown-temperature').innerText()).toContain('36.5');
    await watched.screenshot('daily-done');
    const rows = await web.t.database.db.selectFrom('orgDailyCheckins').select(['personId', 'temperature', 'location', 'abnormal']).where('organisationId', '=', orgId).execute();
    expect(rows).toEqual([{ personId: memberId, temperature: '36.5', location: 'home', abnormal: false }]);
    // Reopening shows the submission, not a second form.
    await page.reload();
    await page.getByTestId('daily-done').waitFor();
    expect(await page.getByTestId('daily-submit').count()).toBe(0);
  });

  it('the administrator sees the statistics and the abnormal list, and downloads the Excel', async () => {
    // A second member with a fever checks in (through the API, as the phone page would).
    const feverPage = await web.newPage();
    await feverPage.page.goto(`${web.origin}/m/sign-in`);
    await signInResidentOnPage(web, feverPage.page, '13988880002');
    await feverPage.page.getByTestId('who').waitFor();
    const csrf = (await feverPage.page.context().cookies()).find((c) => c.name === 'fy_csrf')?.value ?? '';
    const sent = await feverPage.page.request.post(`${web.origin}/api/orgs/${orgId}/daily`, {
      data: { personId: feverId, temperature: 38.1, symptoms: ['cough'], cityCode: '330106', location: 'work' }, headers: { 'x-csrf-token': csrf },
    });
    expect(sent.status(), await sent.text()).toBe(201);

    const watched = await consolePage(web, 'xixi-org', PASSWORD);
    const { page } = watched;
    await page.getByRole('menuitem', { name: '健康打卡' }).click();
    await expect.poll(() => page.getByTestId('daily-members').textContent()).toBe('3');
    expect(await page.getByTestId('daily-submitted').textContent()).toBe('2');
    expect(await page.getByTestId('daily-missing').textContent()).toBe('1');
    expect(await page.getByTestId('daily-abnormal').textContent()).toBe('1');
    await expect.poll(() => page.getByTestId('daily-list').innerText()).toContain('何*');
    const list = await page.getByTestId('daily-list').innerText();
    expect(list).toContain('38.1');
    expect(list).not.toContain('何热');
    await page.getByTestId('daily-tab-missing').click();
    await expect.poll(() => page.getByTestId('daily-list').innerText()).toContain('许*');
    expect(await page.getByTestId('daily-units').innerText()).toContain('研发部');
    await watched.screenshot('daily-console');

    // The Excel is made by a background job: the button starts it, a progress bar follows it, then the link downloads it.
    await page.getByTestId('daily-export').click();
    const job = page.getByTestId('daily-export-job');
    await job.waitFor();
    await expect.poll(() => job.getAttribute('data-status')).toBe('done');
    expect(await job.locator('.el-progress').getAttribute('aria-valuenow')).toBe('100');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('daily-export-download').click()]);
    await watched.screenshot('daily-export');
    expect(download.suggestedFilename()).toMatch(/^daily-\d{4}-\d{2}-\d{2}-.*\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(String(sheet.getCell('A1').value)).toMatch(/^西溪数据公司 健康打卡统计 \d{4}-\d{2}-\d{2}$/);
    expect((sheet.getRow(3).values as unknown[]).slice(1, 5)).toEqual([3, 2, 1, 1]);
    const detail: unknown[][] = [];
    let header = 0;
    sheet.eachRow((row, n) => { if (row.getCell(2).value === '姓名') header = n; else if (header) detail.push((row.values as unknown[]).slice(1)); });
    expect(detail).toHaveLength(3);
    expect(detail.find((r) => r[2] === '异常')).toEqual(expect.arrayContaining(['研发部', 38.1, '体温≥37.3℃、有症状']));
    expect(detail.filter((r) => r[2] === '未打卡')).toHaveLength(1);
    const audits = await web.t.database.db.selectFrom('auditLog').select('action').where('action', 'in', ['org.daily.export', 'org.daily.export.download']).orderBy('id').execute();
    expect(audits.map((a) => a.action)).toEqual(['org.daily.export', 'org.daily.export.download']);
    expectPagesClean(web.pages);
  });
});
