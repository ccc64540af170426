/**
 * Signing in, in a real browser against the real server and database: a resident on the H5 app
 * (SMS code read back from the demo gateway's outbox), elder mode, language switch; staff on the
 * console (wrong password, role-filtered menu, the sysadmin's SMS outbox).
 * Needs `npm run build:web` first: the server serves web/dist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../src/accounts/service.ts';
import { residentIdCheckDigit } from '../src/people/model/id-number.ts';
import { registerPeopleBulk } from '../src/people/service.ts';
import { failedStatus, expectPagesClean, fontSizeOf, type WatchedPage } from './support/browser.ts';
import { newestSmsCode, signInResidentOnPage, signInStaffOnPage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

const RESIDENT_PHONE = '13912345678';
const STAFF_PASSWORD = 'Correct-horse-9';

let web: WebTestbed;

beforeAll(async () => {
  web = await startWebTestbed();
  await createStaffAccount(web.t.platform, { system: 'test' }, {
    username: 'official1', displayName: '王卫健', password: STAFF_PASSWORD, roles: [{ role: 'health_official', regionCode: '330100' }],
  });
  await createStaffAccount(web.t.platform, { system: 'test' }, {
    username: 'sysadmin1', displayName: '赵系统', password: STAFF_PASSWORD, roles: [{ role: 'sysadmin', regionCode: '330000' }],
  });
  const first17 = '33010219580314002';
  await registerPeopleBulk(web.t.platform, [{
    idType: 'resident_id', idNumber: first17 + residentIdCheckDigit(first17), name: '李秀英', phone: RESIDENT_PHONE, homeRegionCode: '330102',
  }]);
});

afterAll(() => web?.close());

describe('resident H5 app (/m/)', () => {
  it('signs in with an SMS code and shows who the resident is, masked', async () => {
    const { page, screenshot } = await web.newPage();
    await page.goto(`${web.origin}/m/`);
    await page.waitForURL(`${web.origin}/m/sign-in`);
    await page.getByRole('heading', { name: '居民登录' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
    await screenshot('m-sign-in');

    await page.locator('input[name=phone]').fill(RESIDENT_PHONE);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText('验证码已发送，5 分钟内有效').or(page.getByText(/验证码已发送，\d+ 分钟内有效/)).first().waitFor();
    const codeButton = page.locator('.sign-in__code-button');
    expect(await codeButton.innerText()).toMatch(/^(60|59) 秒后重发$/);
    expect(await codeButton.isDisabled()).toBe(true);

    await page.locator('input[name=code]').fill(await newestSmsCode(web));
    await screenshot('m-sign-in-code-sent');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${web.origin}/m/`);
    const who = page.getByTestId('who');
    await who.waitFor();
    const text = await who.innerText();
    expect(text).toContain('李*英');
    expect(text).toContain('139****5678');
    expect(text).toContain('上城区');
    expect(text).not.toContain('李秀英');
    expect(text).not.toContain(RESIDENT_PHONE);
    await screenshot('m-home');
  });

  it('elder mode makes the text visibly larger and stays on after a reload', async () => {
    const { page, screenshot } = await web.newPage();
    await signInResident(page);
    const label = '.home__elder .van-cell__title';
    const before = await fontSizeOf(page, label);
    const nameBefore = await fontSizeOf(page, '.home__name');
    await page.getByTestId('elder-switch').click();
    await page.waitForFunction(`document.documentElement.classList.contains('fy-elder')`);
    const after = await fontSizeOf(page, label);
    expect(after).toBeGreaterThanOrEqual(20);
    expect(after).toBeGreaterThan(before);
    expect(await fontSizeOf(page, '.home__name')).toBeGreaterThan(nameBefore);
    expect(await fontSizeOf(page, 'body')).toBeGreaterThanOrEqual(20);
    await screenshot('m-home-elder');

    await page.reload();
    await page.getByTestId('who').waitFor();
    expect(await fontSizeOf(page, label)).toBe(after);
    await page.getByTestId('elder-switch').click();
    await page.waitForFunction(`!document.documentElement.classList.contains('fy-elder')`);
    expect(await fontSizeOf(page, label)).toBe(before);
  });

  it('switches to English and back, and signs out', async () => {
    const { page, screenshot } = await web.newPage();
    await signInResident(page);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Elder mode').waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en-US');
    await screenshot('m-home-english');
    await page.reload();
    await page.getByText('Elder mode').waitFor(); // the choice persisted
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByText('长辈模式').waitFor();

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(`${web.origin}/m/sign-in`);
    await page.goto(`${web.origin}/m/`);
    await page.waitForURL(`${web.origin}/m/sign-in`); // the session is really gone
  });

  it('shows the server\'s Chinese message for a wrong code', async () => {
    const watched = await web.newPage();
    const { page } = watched;
    await page.goto(`${web.origin}/m/sign-in`);
    await page.locator('input[name=phone]').fill('13900001111');
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText(/验证码已发送/).waitFor();
    const right = await newestSmsCode(web);
    const wrong = right === '000000' ? '111111' : '000000';
    await page.locator('input[name=code]').fill(wrong);
    await watched.expectConsoleErrors([failedStatus(401)], async () => {
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('alert').filter({ hasText: '验证码错误或已过期' }).waitFor();
    });
    await watched.screenshot('m-wrong-code');
  });
});

async function signInResident(page: WatchedPage['page']): Promise<void> {
  // Each sign-in needs a fresh code, and the server allows one per number per minute: use a new number each time.
  const phone = `137${String(Date.now() % 100_000_000).padStart(8, '0')}`;
  await page.goto(`${web.origin}/m/sign-in`);
  await signInResidentOnPage(web, page, phone);
  await page.getByTestId('who').waitFor();
}

describe('admin console (/admin/)', () => {
  it('refuses a wrong password in Chinese, then signs the official in with name, role and region', async () => {
    const watched = await web.newPage();
    const { page, screenshot } = watched;
    await page.goto(`${web.origin}/admin/`);
    await page.waitForURL(`${web.origin}/admin/sign-in`);
    await page.getByRole('heading', { name: '管理控制台登录' }).waitFor();

    await page.locator('input[name=username]').fill('official1');
    await page.locator('input[name=password]').fill('wrong-password-1');
    await watched.expectConsoleErrors([failedStatus(401)], async () => {
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
    });
    await screenshot('admin-wrong-password');

    await page.locator('input[name=password]').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${web.origin}/admin/`);
    const who = page.getByTestId('who');
    await who.waitFor();
    const text = await who.innerText();
    expect(text).toContain('王卫健');
    expect(text).toContain('official1');
    expect(text).toContain('卫健工作人员');
    expect(text).toContain('浙江省杭州市');
    const menu = await page.getByRole('menubar').innerText();
    expect(menu).toContain('概览');
    expect(menu).not.toContain('短信发件箱');
    await screenshot('admin-overview-official');

    await page.goto(`${web.origin}/admin/sms-outbox`); // not for this role: the guard sends it back
    await page.waitForURL(`${web.origin}/admin/`);
  });

  it('shows the sysadmin the demo SMS outbox, clearly labelled and masked', async () => {
    const { page, screenshot } = await web.newPage();
    await page.goto(`${web.origin}/admin/sign-in`);
    await signInStaffOnPage(page, 'sysadmin1', STAFF_PASSWORD);
    await page.getByTestId('who').waitFor();
    await page.getByRole('menuitem', { name: '短信发件箱' }).click();
    await page.waitForURL(`${web.origin}/admin/sms-outbox`);
    await page.getByTestId('demo-banner').filter({ hasText: '演示短信网关 — 未真实发送' }).waitFor();
    const list = page.getByTestId('outbox-list');
    await list.getByText('139****5678').first().waitFor();
    expect(await list.innerText()).toMatch(/【防疫】您的验证码是 [0-9]{6}/);
    expect(await list.innerText()).not.toContain(RESIDENT_PHONE);
    await screenshot('admin-sms-outbox');

    // Staff mostly use desktops: the same page there shows a table beside a side menu.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator('.el-table').getByText('139****5678').first().waitFor();
    await screenshot('admin-sms-outbox-desktop');
  });
});

describe('every page', () => {
  it('logged no console errors and asked no other origin for anything', () => {
    expectPagesClean(web.pages);
  });
});
