/**
 * 返岗申报 in a real browser, in the demo city as `npm start` seeds it: the demo resident works at
 * the first demo company, whose resumption application the demo official has approved. On the
 * phone they declare their return from 阜阳 in home observation; demo-hr sees them under 观察中 on
 * the company's dashboard. They declare again with the quarantine over and move to 待返岗; HR
 * approves the planned day (today) and they count as 已返岗, which the phone shows as 已同意.
 * The dashboard's totals are checked against the declarations in the database each time.
 * Needs `npm run build:web` first.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_DEMO_PHONE } from '../src/demo/model/households.ts';
import { DEMO_PASSWORD } from '../src/demo/model/staff.ts';
import { seedDemoCity } from '../src/demo/service.ts';
import { maskPhone } from '../src/kernel/masking.ts';
import { shanghaiDay, systemClock } from '../src/kernel/time.ts';
import { bucketOf, type ReturnBucket } from '../src/orgs/resumption/model.ts';
import { expectPagesClean, type WatchedPage } from './support/browser.ts';
import { consolePage, signInResidentOnPage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

let web: WebTestbed;
let personId: string;
let nameMasked: string;
let company: { id: string; name: string };
let phone: WatchedPage;
let hr: WatchedPage;

beforeAll(async () => {
  web = await startWebTestbed();
  await seedDemoCity({ db: web.t.database.db, keyring: web.t.platform.keyring, clock: systemClock, log: () => undefined }, { residents: 300, venues: 20 });
  const db = web.t.database.db;
  const demo = await db.selectFrom('persons').select(['id', 'nameMasked']).where('phoneMasked', '=', maskPhone(FIRST_DEMO_PHONE)).where('synthetic', '=', true).executeTakeFirstOrThrow();
  personId = demo.id;
  nameMasked = demo.nameMasked;
  company = await db.selectFrom('organisationMembers').innerJoin('organisations', 'organisations.id', 'organisationMembers.organisationId')
    .select(['organisations.id', 'organisations.name']).where('organisationMembers.personId', '=', personId).where('organisations.kind', '=', 'company').executeTakeFirstOrThrow();
});

afterAll(() => web?.close());

/** The dashboard's totals as the database has them: active members' declarations by bucket, and the members without one. */
async function expectedTotals(): Promise<Record<ReturnBucket | 'undeclared', number>> {
  const db = web.t.database.db;
  const members = await db.selectFrom('organisationMembers').select('personId').where('organisationId', '=', company.id).where('status', '=', 'active').execute();
  const declarations = await db.selectFrom('orgReturnDeclarations').select(['personId', 'status', 'approvedOn', 'quarantine']).where('organisationId', '=', company.id).execute();
  const today = shanghaiDay(new Date());
  const totals = { back: 0, observation: 0, waiting: 0, undeclared: members.length - declarations.length };
  for (const d of declarations) totals[bucketOf(d, today)]++;
  return totals;
}

async function shownTotals(page: Page): Promise<Record<ReturnBucket | 'undeclared', number>> {
  const read = async (k: string) => Number(await page.getByTestId(`rtw-${k}`).innerText());
  return { back: await read('back'), observation: await read('observation'), waiting: await read('waiting'), undeclared: await read('undeclared') };
}

/** demo-hr's 复工申请 page on the demo resident's company, the list showing `bucket`. */
async function openDashboard(page: Page, bucket: string): Promise<void> {
  await page.goto(`${web.origin}/admin/`);
  await page.getByRole('menuitem', { name: '复工申请' }).click();
  await page.getByTestId('resumption-company').click();
  await page.getByRole('option', { name: company.name }).click();
  await expect.poll(() => page.getByTestId('resumption-status').innerText()).toBe('已批准');
  await page.getByTestId('rtw-totals').waitFor();
  await page.locator('.el-radio-button').filter({ hasText: bucket }).click();
}

const residentRow = (page: Page) => page.getByTestId('rtw-list').locator('.el-table__body tr').filter({ hasText: nameMasked }).filter({ hasText: '颍州区' });

/** On the phone: 返岗申报 of the company, (again) with this quarantine state; the planned day stays today. */
async function declare(watched: WatchedPage, quarantine: string, pickOrigin: boolean): Promise<void> {
  const { page } = watched;
  // The demo resident works at one company: its card, titled with its name.
  const card = page.getByTestId('rtw-company');
  await expect.poll(() => card.count()).toBe(1);
  await page.locator('.van-cell-group__title', { hasText: company.name }).waitFor();
  await card.getByTestId('rtw-open').click();
  if (pickOrigin) {
    await card.getByTestId('rtw-origin').click();
    const picker = page.getByTestId('rtw-picker');
    for (const level of ['安徽省', '阜阳市', '颍州区']) await picker.locator('.van-cascader__option', { hasText: level }).first().click();
    await expect.poll(() => card.getByTestId('rtw-origin').locator('input').inputValue()).toContain('颍州区');
  }
  expect(await card.getByTestId('rtw-planned').locator('input').inputValue()).toBe(shanghaiDay(new Date()));
  await card.getByRole('radio', { name: quarantine }).click();
  if (pickOrigin) await watched.screenshot('rtw-phone-form');
  await card.getByTestId('rtw-submit').click();
  await expect.poll(() => card.getByTestId('rtw-status').innerText()).toBe('待审核');
}

describe('return to work', () => {
  it('the employee declares a return in home observation; HR sees them in observation', async () => {
    phone = await web.newPage();
    const { page } = phone;
    await page.goto(`${web.origin}/m/sign-in`);
    await signInResidentOnPage(web, page, FIRST_DEMO_PHONE);
    await page.getByTestId('who').waitFor();
    await page.getByTestId('tile-return-to-work').click();
    await declare(phone, '居家观察中', true);
    await phone.screenshot('rtw-phone-declared');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    const row = await web.t.database.db.selectFrom('orgReturnDeclarations').select(['originRegionCode', 'quarantine', 'plannedOn', 'status'])
      .where('organisationId', '=', company.id).where('personId', '=', personId).executeTakeFirstOrThrow();
    expect(row).toEqual({ originRegionCode: '341202', quarantine: 'home_observation', plannedOn: shanghaiDay(new Date()), status: 'pending' });

    hr = await consolePage(web, 'demo-hr', DEMO_PASSWORD);
    await openDashboard(hr.page, '观察中');
    const totals = await expectedTotals();
    expect(totals.observation).toBeGreaterThan(1); // the seeded ones and the resident
    await expect.poll(() => shownTotals(hr.page)).toEqual(totals);
    await expect.poll(() => residentRow(hr.page).count()).toBe(1);
    expect(await residentRow(hr.page).innerText()).toContain('居家观察中');
    await hr.screenshot('rtw-dashboard-observation');
  });

  it('declared again with the quarantine over they wait; HR approves today and they are back', async () => {
    await declare(phone, '隔离已结束', false);
    await openDashboard(hr.page, '待返岗');
    await expect.poll(() => residentRow(hr.page).count()).toBe(1);
    await expect.poll(() => shownTotals(hr.page)).toEqual(await expectedTotals());

    await residentRow(hr.page).getByRole('button', { name: '同意返岗' }).click();
    await hr.page.getByText('已处理').waitFor();
    const today = shanghaiDay(new Date());
    const decided = await web.t.database.db.selectFrom('orgReturnDeclarations').select(['status', 'approvedOn', 'quarantine'])
      .where('organisationId', '=', company.id).where('personId', '=', personId).executeTakeFirstOrThrow();
    expect(decided).toEqual({ status: 'approved', approvedOn: today, quarantine: 'finished' });
    const totals = await expectedTotals();
    await expect.poll(() => shownTotals(hr.page)).toEqual(totals);
    await hr.page.locator('.el-radio-button').filter({ hasText: '已返岗' }).click();
    await expect.poll(() => residentRow(hr.page).count()).toBe(1);
    expect(await residentRow(hr.page).innerText()).toContain(`已同意 ${today}`);
    await hr.screenshot('rtw-dashboard-back');
    const audits = await web.t.database.db.selectFrom('auditLog').select(['action', 'actorLabel', 'targetId']).where('action', '=', 'org.return_to_work.decide').execute();
    expect(audits).toEqual([{ action: 'org.return_to_work.decide', actorLabel: 'demo-hr', targetId: personId }]);

    await phone.page.reload();
    const card = phone.page.getByTestId('rtw-company');
    await expect.poll(() => card.getByTestId('rtw-status').innerText()).toBe('已同意');
    expect(await card.innerText()).toContain(today);
    await phone.screenshot('rtw-phone-approved');
    expectPagesClean(web.pages);
  });
});
