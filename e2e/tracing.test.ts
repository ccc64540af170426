/**
 * 流调 in a real browser against the real server and database. Three residents checked in at the
 * same shop yesterday within minutes of each other (check-ins written straight into the table). A
 * health official registers one of them as a confirmed case in the console — a wrong ID number is
 * refused under its field first — and lands on the case page, where the contacts appear once the
 * background trace is done (in this process: the testbed runs no job workers) and the transmission
 * chain draws on a canvas. The official exports the case list, imports a case list (dry run
 * first), marks the shop exposed for that morning (its three visitors listed) and changes the
 * city's tolerance. A community worker of the street sees only 密接名单 in the menu, finds the
 * contact there and reads the evidence for a stated reason. The contact, signed in on the phone,
 * reads on the code page when and in what kind of place — never who or which venue. Needs
 * `npm run build:web` first: the server serves web/dist.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../src/accounts/service.ts';
import { shanghaiDay } from '../src/kernel/time.ts';
import { registerPeopleBulk } from '../src/people/service.ts';
import { onboardRegion } from '../src/regions/onboarding.ts';
import { townVenue, visit } from '../src/tracing/testing.ts';
import { XLSX_TYPE } from '../src/kernel/spreadsheet.ts';
import { residentId, withWrongCheckDigit } from '../test/support/http-users.ts';
import { expectPagesClean, failedStatus } from './support/browser.ts';
import { consolePage, signInResidentOnPage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

const PASSWORD = 'correct-horse-9';
const CONTACT_PHONE = '13966660071';
const STREET = '330106004';
const CASE_ID_NUMBER = residentId('330106', '19790512', '071');

let web: WebTestbed;
let masked: { patient: string; contact: string; neighbour: string };
let yesterday: string;

async function staff(username: string, role: 'health_official' | 'community_worker', regionCode: string): Promise<void> {
  await createStaffAccount(web.t.platform, { system: 'test' }, { username, displayName: username, password: PASSWORD, roles: [{ role, regionCode }] });
}

beforeAll(async () => {
  web = await startWebTestbed();
  await onboardRegion(web.t.platform, { system: 'test' }, '330100');
  await staff('trace-official', 'health_official', '330100');
  await staff('trace-worker', 'community_worker', STREET);
  const [patient, contact, neighbour] = await registerPeopleBulk(web.t.platform, [
    { idType: 'resident_id', idNumber: CASE_ID_NUMBER, name: '孙立新', homeRegionCode: STREET },
    { idType: 'resident_id', idNumber: residentId('330106', '19820303', '073'), name: '周晓梅', phone: CONTACT_PHONE, homeRegionCode: STREET },
    { idType: 'resident_id', idNumber: residentId('330106', '19900909', '075'), name: '吴建华', homeRegionCode: STREET },
  ]);
  const names = await web.t.database.db.selectFrom('persons').select(['id', 'nameMasked']).where('id', 'in', [patient!, contact!, neighbour!]).execute();
  const nameOf = (id: string) => names.find((n) => n.id === id)!.nameMasked;
  masked = { patient: nameOf(patient!), contact: nameOf(contact!), neighbour: nameOf(neighbour!) };
  yesterday = shanghaiDay(new Date(Date.now() - 86_400_000));
  const shop = await townVenue(web.t, '路口超市', 'shop', 30, STREET);
  await visit(web.t, patient!, shop, `${yesterday} 10:00`, { minutes: 30 });
  await visit(web.t, contact!, shop, `${yesterday} 10:10`, { minutes: 30 });
  await visit(web.t, neighbour!, shop, `${yesterday} 10:20`, { minutes: 30 });
});

afterAll(() => web?.close());

describe('contact tracing (流调)', () => {
  it('an official registers a case, sees its contacts appear and the transmission chain drawn', async () => {
    const watched = await consolePage(web, 'trace-official', PASSWORD);
    const { page } = watched;
    await page.getByTestId('menu-group-tracing').locator('.el-sub-menu__title').click();
    await page.getByRole('menuitem', { name: '病例管理' }).click();
    await page.getByTestId('tracing-cases').waitFor();

    await page.getByTestId('tracing-register').click();
    const form = page.getByTestId('tracing-register-form');
    await form.waitFor();
    await form.locator('input[name=onsetOn]').fill(yesterday);
    // Someone not in the registry: the server's message shows under the person's field.
    await form.locator('input[name=idNumber]').fill(residentId('330106', '19790512', '099'));
    await watched.expectConsoleErrors([failedStatus(404)], async () => {
      await form.getByTestId('tracing-register-submit').click();
      await form.locator('.el-form-item__error', { hasText: '找不到该人员' }).waitFor();
    });
    await watched.screenshot('tracing-register-error');

    await form.locator('input[name=idNumber]').fill(CASE_ID_NUMBER);
    await form.getByTestId('tracing-register-submit').click();
    await page.waitForURL(/\/admin\/tracing\/cases\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('tracing-case-title').textContent()).toContain(masked.patient);
    expect(await page.getByTestId('tracing-case-classification').textContent()).toBe('确诊病例');

    // Traced in the background: the page asks again until the status is done, then shows the contacts.
    const contacts = page.getByTestId('tracing-contacts');
    await expect.poll(() => contacts.textContent(), { timeout: 20_000 }).toContain(masked.contact);
    expect(await contacts.textContent()).toContain(masked.neighbour);
    expect(await page.getByTestId('tracing-case-fields').getByTestId('tracing-status').getAttribute('data-status')).toBe('done');
    expect(await page.getByTestId('tracing-case-fields').textContent()).toContain('密接 2 · 次密接 0');

    // The chain: three people on a canvas of real size, the shop as the cluster.
    const panel = page.getByTestId('tracing-graph-panel');
    await expect.poll(() => panel.getAttribute('data-nodes'), { timeout: 20_000 }).toBe('3');
    const canvas = page.getByTestId('tracing-graph').locator('canvas').first();
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(300);
    expect(await panel.textContent()).toContain('接触者 2 人');
    expect(await page.getByTestId('tracing-case-events').textContent()).toContain('登记');
    await page.waitForTimeout(500); // let the force layout settle for the picture
    await watched.screenshot('tracing-case-detail');

    // Back on the list, the case shows its status and counts.
    await page.getByRole('menuitem', { name: '病例管理' }).click();
    const row = page.getByTestId('tracing-cases').locator('.el-table__body tr', { hasText: masked.patient });
    await expect.poll(() => row.textContent()).toContain('已流调');
    expect(await row.textContent()).toContain('密接 2');
    await watched.screenshot('tracing-cases');
  });

  it('an official exports the case list: the job\'s progress, then the file', async () => {
    const watched = await consolePage(web, 'trace-official', PASSWORD);
    const { page } = watched;
    await page.goto(`${web.origin}/admin/tracing/cases`);
    await page.getByTestId('tracing-cases').locator('.el-table__body tr').first().waitFor();
    const exporter = page.getByTestId('tracing-export');
    await exporter.getByTestId('tracing-export-start').click();
    const link = exporter.getByTestId('tracing-export-download');
    await link.waitFor({ timeout: 20_000 });
    expect(await exporter.textContent()).toContain('已导出 1 行');
    const file = await page.request.get(`${web.origin}${await link.getAttribute('href')}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toContain('spreadsheetml');
  });

  it('an official dry-runs a case list with a bad row, reads the report, then imports the good row', async (context) => {
    // The import is built by other work at the same time: this runs once its routes are there.
    if (!web.t.app.hasRoute({ method: 'GET', url: '/api/tracing/imports/template' })) context.skip();
    const watched = await consolePage(web, 'trace-official', PASSWORD);
    const { page } = watched;
    await page.goto(`${web.origin}/admin/tracing/cases`);
    await page.getByTestId('tracing-import-open').click();
    const dialog = page.getByTestId('tracing-import');
    const template = await page.request.get(`${web.origin}${await dialog.getByTestId('tracing-import-template').getAttribute('href')}`);
    expect(template.headers()['content-type']).toContain('spreadsheetml');

    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('病例');
    const today = shanghaiDay(new Date());
    sheet.addRow(['证件类型', '证件号码*', '姓名*', '现住地区划代码', '病例分类*', '发病日期', '报告日期*', '病例来源*', '来源地区代码', '外地病例编号']);
    sheet.addRow(['居民身份证', residentId('330106', '19880808', '077'), '郑海燕', STREET, '确诊病例', yesterday, today, '外地推送', '310100', 'SH-2026-001']);
    sheet.addRow(['居民身份证', withWrongCheckDigit(residentId('330106', '19880909', '079')), '冯一鸣', STREET, '确诊病例', yesterday, today, '外地推送', '310100', 'SH-2026-002']);
    await dialog.getByTestId('tracing-import-file').setInputFiles({ name: '病例.xlsx', mimeType: XLSX_TYPE, buffer: Buffer.from(await book.xlsx.writeBuffer()) });
    expect(await dialog.getByTestId('tracing-import-run').isDisabled()).toBe(true); // a dry run first

    await dialog.getByTestId('tracing-import-dry-run').click();
    await expect.poll(() => dialog.getByTestId('tracing-import-summary').textContent(), { timeout: 20_000 }).toContain('试导入：共 2 行，1 行可导入，1 行有误');
    const report = dialog.getByTestId('tracing-import-report');
    expect(await report.locator('tr', { hasText: '有误' }).textContent()).toContain('校验位');
    expect(await report.locator('tr', { hasText: '可导入' }).textContent()).toContain('新建');
    await watched.screenshot('tracing-import-dry-run');

    await dialog.getByTestId('tracing-import-run').click();
    await expect.poll(() => dialog.getByTestId('tracing-import-summary').textContent(), { timeout: 20_000 }).toContain('已导入 1 行');
    await page.keyboard.press('Escape');
    const row = page.getByTestId('tracing-cases').locator('.el-table__body tr', { hasText: '外地推送' });
    await expect.poll(() => row.count()).toBe(1);
  });

  it('an official marks the shop exposed for yesterday morning and sees the three people who were there', async () => {
    const watched = await consolePage(web, 'trace-official', PASSWORD);
    const { page } = watched;
    await page.getByTestId('menu-group-tracing').locator('.el-sub-menu__title').click();
    await page.getByRole('menuitem', { name: '场所暴露' }).click();
    const form = page.getByTestId('tracing-exposure-form');
    await form.getByTestId('tracing-venue-picker').click();
    await form.getByTestId('tracing-venue-picker').locator('input').fill('路口');
    await page.locator('.el-select-dropdown__item', { hasText: '路口超市' }).click();
    await form.locator('input[name=from]').fill(`${yesterday}T09:30`);
    await form.locator('input[name=to]').fill(`${yesterday}T11:00`);
    await form.getByPlaceholder('选填，如：病例曾在此就餐').fill('病例曾在此购物');
    await form.getByTestId('tracing-exposure-submit').click();
    await form.getByText('已登记：路口超市，该时段到场 3 人').waitFor();
    const row = page.getByTestId('tracing-exposures').locator('.el-table__body tr', { hasText: '路口超市' });
    await expect.poll(() => row.textContent()).toContain('已通知');
    await row.getByTestId('tracing-exposure-open').click();
    const persons = page.getByTestId('tracing-exposure-persons');
    await expect.poll(() => persons.locator('.el-table__body tr').count()).toBe(3);
    for (const name of Object.values(masked)) expect(await persons.textContent()).toContain(name);
    await watched.screenshot('tracing-exposures');
  });

  it('an official changes the city\'s tolerance in 流调参数', async () => {
    const watched = await consolePage(web, 'trace-official', PASSWORD);
    const { page } = watched;
    await page.goto(`${web.origin}/admin/tracing/settings`);
    const tolerance = page.getByTestId('tracing-settings-form').locator('input[name=toleranceMinutes]');
    await expect.poll(() => tolerance.inputValue()).toBe('30');
    await tolerance.fill('20');
    await tolerance.blur();
    await page.getByTestId('tracing-settings-save').click();
    await page.getByText('已保存，之后的流调按新参数进行').waitFor();
    await page.reload();
    await expect.poll(() => page.getByTestId('tracing-settings-form').locator('input[name=toleranceMinutes]').inputValue()).toBe('20');
    await watched.screenshot('tracing-settings');
  });

  it('a community worker sees only 密接名单 of the 流调 pages and reads a contact\'s evidence for a reason', async () => {
    const watched = await consolePage(web, 'trace-worker', PASSWORD);
    const { page } = watched;
    expect(await page.getByRole('menuitem', { name: '病例管理' }).count()).toBe(0);
    expect(await page.getByTestId('menu-group-tracing').count()).toBe(0);
    await page.getByRole('menuitem', { name: '密接名单' }).click();
    const row = page.getByTestId('tracing-contacts').locator('.el-table__body tr', { hasText: masked.contact });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('密接');
    expect(await row.textContent()).toContain('139****0071');

    await row.getByTestId('tracing-evidence-open').click();
    const reason = page.getByTestId('tracing-evidence-reason');
    await reason.fill('核');
    expect(await page.getByTestId('tracing-evidence-show').isDisabled()).toBe(true);
    await reason.fill('随访前核实接触经过');
    await page.getByTestId('tracing-evidence-show').click();
    const evidence = page.getByTestId('tracing-evidence');
    await expect.poll(() => evidence.textContent()).toContain('路口超市');
    expect(await evidence.textContent()).toContain('商超');
    expect(await evidence.textContent()).toContain(masked.patient);
    await watched.screenshot('tracing-evidence');
    const audit = await web.t.database.db.selectFrom('auditLog').select(['actorLabel', 'reason']).where('action', '=', 'tracing.links.read').execute();
    expect(audit).toEqual([{ actorLabel: 'trace-worker', reason: '随访前核实接触经过' }]);
  });

  it('the contact reads on the phone when and in what kind of place — never who or which venue', async () => {
    const watched = await web.newPage();
    const { page } = watched;
    await page.goto(`${web.origin}/m/sign-in`);
    await signInResidentOnPage(web, page, CONTACT_PHONE);
    await page.getByTestId('who').waitFor();
    await page.goto(`${web.origin}/m/code`);
    const notice = page.getByTestId('exposure-notice');
    await expect.poll(() => notice.textContent()).toMatch(/您于 \d+月\d+日 10:\d\d 在一处商场超市与一名病例同时停留约 \d+ 分钟。/);
    const text = (await notice.textContent())!;
    for (const secret of ['孙', masked.patient, '路口超市', '吴', '周']) expect(text).not.toContain(secret);
    expect(parseFloat(await page.evaluate('getComputedStyle(document.querySelector("[data-testid=exposure-item]")).fontSize'))).toBeGreaterThanOrEqual(18);
    await watched.screenshot('tracing-exposure-phone');
  });

  it('left no console errors and asked no other origin', () => {
    expectPagesClean(web.pages);
  });
});
