/**
 * 复工复产 in a real browser: the company's administrator fills in the resumption application on
 * the console and submits it; a health official of the district opens it from the approvals queue
 * and approves it; the company sees 已批准 with the official's comment. Needs `npm run build:web`.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../src/accounts/service.ts';
import { insertOrganisationAdmin, insertOrganisations } from '../src/orgs/store.ts';
import { expectPagesClean } from './support/browser.ts';
import { consolePage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

const PASSWORD = 'Correct-horse-9';
let web: WebTestbed;
let orgId: string;

const field = (page: Page, testId: string) => page.locator(`:is(input,textarea)[data-testid="${testId}"], [data-testid="${testId}"] :is(input,textarea)`).first();

beforeAll(async () => {
  web = await startWebTestbed();
  const admin = await createStaffAccount(web.t.platform, { system: 'test' }, { username: 'xixi-hr', displayName: '企业管理员', password: PASSWORD, roles: [{ role: 'org_admin', regionCode: '330106' }] });
  await createStaffAccount(web.t.platform, { system: 'test' }, { username: 'xihu-health', displayName: '西湖区卫健', password: PASSWORD, roles: [{ role: 'health_official', regionCode: '330106' }] });
  orgId = randomUUID();
  await insertOrganisations(web.t.database.db, [{ id: orgId, regionCode: '330106004', name: '西溪精密制造', kind: 'company' }]);
  await insertOrganisationAdmin(web.t.database.db, orgId, admin.accountId, null);
});

afterAll(() => web?.close());

describe('resumption application', () => {
  it('the company submits, the district official approves, the company sees it approved', async () => {
    const company = await consolePage(web, 'xixi-hr', PASSWORD);
    await company.page.getByRole('menuitem', { name: '复工申请' }).click();
    await company.page.getByTestId('resumption-form').waitFor();
    await field(company.page, 'resumption-headcount').fill('80');
    await field(company.page, 'resumption-measures').fill('进门测温，每日消毒两次，错峰就餐');
    await field(company.page, 'resumption-contact-name').fill('陈建国');
    await field(company.page, 'resumption-contact-phone').fill('13812345678');
    await company.page.getByTestId('resumption-submit').click();
    await expect.poll(() => company.page.getByTestId('resumption-status').innerText()).toBe('待审批');
    await company.screenshot('resumption-company-submitted');
    const row = await web.t.database.db.selectFrom('orgResumptionApplications').select(['status', 'headcount', 'contactPhoneMasked']).where('organisationId', '=', orgId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'submitted', headcount: 80, contactPhoneMasked: '138****5678' });

    const official = await consolePage(web, 'xihu-health', PASSWORD);
    await official.page.getByRole('menuitem', { name: '复工审批' }).click();
    await expect.poll(() => official.page.getByTestId('resumption-queue').innerText()).toContain('西溪精密制造');
    await official.page.getByTestId('resumption-open').first().click();
    await expect.poll(() => official.page.getByTestId('resumption-detail').innerText()).toContain('13812345678');
    await field(official.page, 'resumption-decision-comment').fill('同意复工，请落实防控措施');
    await official.page.getByTestId('resumption-approve').click();
    await expect.poll(() => official.page.getByTestId('resumption-detail-status').innerText()).toBe('已批准');
    await official.screenshot('resumption-official-approved');

    await company.page.reload();
    await expect.poll(() => company.page.getByTestId('resumption-status').innerText()).toBe('已批准');
    expect(await company.page.getByTestId('resumption-comment').innerText()).toContain('同意复工，请落实防控措施');
    const audits = await web.t.database.db.selectFrom('auditLog').select('action').where('action', 'like', 'org.resumption.%').orderBy('id').execute();
    expect(audits.map((a) => a.action)).toEqual(['org.resumption.create', 'org.resumption.submit', 'org.resumption.read', 'org.resumption.approve']);
    expectPagesClean(web.pages);
  });
});
