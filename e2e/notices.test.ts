/**
 * Notices (疫情通知) in real browsers against the real server and database: an org_admin publishes
 * a notice asking for 收到 to one department of the organisation in the console; a member of that
 * department sees the badge on the phone's home page, opens the notice and confirms; the sender's
 * detail page then shows the member as read and confirmed, while a member of another department
 * never got it. Needs `npm run build:web` first: the server serves web/dist.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../src/accounts/service.ts';
import { maskName } from '../src/kernel/masking.ts';
import { residentIdCheckDigit } from '../src/people/model/id-number.ts';
import { registerPeopleBulk } from '../src/people/service.ts';
import { insertOrganisationAdmin, insertOrganisations, insertUnit, upsertMember } from '../src/orgs/store.ts';
import { expectPagesClean } from './support/browser.ts';
import { consolePage, signInResidentOnPage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

const PASSWORD = 'Correct-horse-9';
const MEMBER_PHONE = '13966660001';
const TITLE = '关于研发部周一返岗的通知';
let web: WebTestbed;
let memberId: string;
let otherId: string;
const idNumber = (first17: string) => first17 + residentIdCheckDigit(first17);
let noticeId: string;

beforeAll(async () => {
  web = await startWebTestbed();
  const db = web.t.database.db;
  const admin = await createStaffAccount(web.t.platform, { system: 'test' }, { username: 'xixi-hr', displayName: '西溪科技人事', password: PASSWORD, roles: [{ role: 'org_admin', regionCode: '330106' }] });
  const orgId = randomUUID();
  await insertOrganisations(db, [{ id: orgId, regionCode: '330106004', name: '西溪科技有限公司', kind: 'company' }]);
  await insertOrganisationAdmin(db, orgId, admin.accountId, null);
  const rnd = randomUUID();
  const sales = randomUUID();
  await insertUnit(db, { id: rnd, organisationId: orgId, parentId: null, name: '研发部', kind: 'department' });
  await insertUnit(db, { id: sales, organisationId: orgId, parentId: null, name: '销售部', kind: 'department' });
  // Registered by staff (no sign-in yet): the browser asks for the member's first one-time code.
  [memberId, otherId] = await registerPeopleBulk(web.t.platform, [
    { idType: 'resident_id', idNumber: idNumber('33010219880808041'), name: '陈思雨', phone: MEMBER_PHONE, homeRegionCode: '330102' },
    { idType: 'resident_id', idNumber: idNumber('33010219900909052'), name: '黄立新', phone: '13966660002', homeRegionCode: '330102' },
    { idType: 'resident_id', idNumber: idNumber('33010619700707063'), name: '何西溪', phone: '13966660003', homeRegionCode: '330106004' },
  ]) as [string, string, string];
  await createStaffAccount(web.t.platform, { system: 'test' }, { username: 'xihu-official', displayName: '西湖卫健', password: PASSWORD, roles: [{ role: 'health_official', regionCode: '330106' }] });
  await upsertMember(db, { organisationId: orgId, personId: memberId, unitId: rnd, memberRole: 'member', addedByAccountId: admin.accountId });
  await upsertMember(db, { organisationId: orgId, personId: otherId, unitId: sales, memberRole: 'member', addedByAccountId: admin.accountId });
});

afterAll(() => web?.close());

describe('notices with read receipts', () => {
  it('an org_admin publishes to one department in the console', async () => {
    const { page, screenshot } = await consolePage(web, 'xixi-hr', PASSWORD);
    await page.getByRole('menuitem', { name: '疫情通知' }).click();
    await page.waitForURL(`${web.origin}/admin/notices`);
    await page.getByTestId('notice-new').click();
    await page.waitForURL(`${web.origin}/admin/notices/new`);
    await page.getByTestId('unit-tree').locator('.el-tree-node__content', { hasText: '研发部' }).locator('.el-checkbox').click();
    await page.getByTestId('notice-title-input').fill(TITLE);
    await page.getByTestId('notice-body-input').fill('研发部全体同事：\n周一上午 9 点返岗，请提前完成健康打卡。');
    await page.getByTestId('notice-ask-confirm').click();
    await screenshot('notices-publish');
    await page.getByTestId('notice-publish').click();
    await page.getByTestId('notice-detail-title').filter({ hasText: TITLE }).waitFor();
    noticeId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.getByTestId('count-total').innerText()).toBe('1');
    expect(await page.getByTestId('count-unread').innerText()).toBe('1');
    const rows = await web.t.database.db.selectFrom('noticeRecipients').select('personId').where('noticeId', '=', noticeId).execute();
    expect(rows.map((r) => r.personId)).toEqual([memberId]);
  });

  it('the member sees the badge, opens the notice and confirms 收到', async () => {
    const watched = await web.newPage();
    const { page, screenshot } = watched;
    await page.goto(`${web.origin}/m/sign-in`);
    await signInResidentOnPage(web, page, MEMBER_PHONE);
    await page.getByTestId('who').waitFor();
    const tile = page.getByTestId('tile-notices');
    await tile.locator('.van-badge').filter({ hasText: '1' }).waitFor();
    await screenshot('notices-badge');
    await tile.click();
    await page.waitForURL(`${web.origin}/m/notices`);
    expect(await page.getByTestId('notices-unread').innerText()).toBe('1');
    await page.getByTestId('notice-row').filter({ hasText: TITLE }).click();
    await page.getByTestId('notice-detail').waitFor();
    expect(await page.getByTestId('notice-body').innerText()).toContain('周一上午 9 点返岗');
    await page.getByTestId('notice-confirm').click();
    await page.getByTestId('notice-confirmed').waitFor();
    await screenshot('notices-confirmed');
    const row = await web.t.database.db.selectFrom('noticeRecipients').select(['readAt', 'confirmedAt']).where('noticeId', '=', noticeId).where('personId', '=', memberId).executeTakeFirstOrThrow();
    expect(row.readAt).not.toBeNull();
    expect(row.confirmedAt).not.toBeNull();
    await page.goto(`${web.origin}/m/`);
    await page.getByTestId('who').waitFor();
    expect(await page.getByTestId('tile-notices').locator('.van-badge').count()).toBe(0);
  });

  it('the sender sees the member as read and confirmed', async () => {
    const { page } = await consolePage(web, 'xixi-hr', PASSWORD);
    await page.goto(`${web.origin}/admin/notices/${noticeId}`);
    await page.getByTestId('notice-detail-title').waitFor();
    expect(await page.getByTestId('count-read').innerText()).toBe('1');
    expect(await page.getByTestId('count-unread').innerText()).toBe('0');
    expect(await page.getByTestId('count-confirmed').innerText()).toBe('1');
    await page.getByTestId('state-confirmed').click();
    await page.getByTestId('recipients-table').getByText(maskName('陈思雨')).waitFor();
    expect(await page.getByTestId('notice-ding').isDisabled()).toBe(true); // nobody unread
    await page.getByTestId('state-unread').click();
    await page.getByTestId('recipients-table').getByText('没有符合条件的接收人').waitFor();
    await page.goto(`${web.origin}/admin/notices`);
    await page.getByTestId('notices-search').fill('返岗');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.getByTestId('notice-title').filter({ hasText: TITLE }).waitFor();
    expectPagesClean(web.pages);
  });

  it('an official publishes to one street of the district with the region picker', async () => {
    const { page } = await consolePage(web, 'xihu-official', PASSWORD);
    await page.goto(`${web.origin}/admin/notices/new`);
    await page.locator('.publish__regions .el-select').first().click();
    await page.getByRole('option', { name: '西溪街道' }).click();
    await page.getByTestId('region-add').click();
    await page.locator('.publish__chip').filter({ hasText: '330106004' }).waitFor();
    await page.getByTestId('notice-title-input').fill('西溪街道核酸检测安排');
    await page.getByTestId('notice-body-input').fill('请街道居民于明日 8:00–17:00 到社区服务中心检测。');
    await page.getByTestId('notice-publish').click();
    await page.getByTestId('notice-detail-title').filter({ hasText: '西溪街道核酸检测安排' }).waitFor();
    expect(await page.getByTestId('count-total').innerText()).toBe('1');
    expect(await page.getByTestId('notice-ding').isDisabled()).toBe(false);
    await page.getByTestId('notice-ding').click();
    await page.getByText('已向 1 位未读的人发送短信提醒').waitFor();
    expect(await page.getByTestId('notice-ding').isDisabled()).toBe(true); // once an hour
    const sms = await web.t.database.db.selectFrom('smsOutbox').select('phoneMasked').where('body', 'like', '%西溪街道核酸检测安排%').execute();
    expect(sms).toEqual([{ phoneMasked: '139****0003' }]);
    expectPagesClean(web.pages);
  });
});
