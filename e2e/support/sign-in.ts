/**
 * Signing in as people do it in the browser: residents with the one-time code (read back from
 * the demo SMS gateway's outbox), staff with username and password — on the console or on the
 * guard's scan page, which share the form.
 */
import type { Page } from 'playwright-core';
import type { WatchedPage } from './browser.ts';
import type { WebTestbed } from './web-testbed.ts';

/** The newest one-time code in the SMS outbox. */
export async function newestSmsCode(web: WebTestbed): Promise<string> {
  const row = await web.t.database.db.selectFrom('smsOutbox').select('body').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  const code = /\b([0-9]{6})\b/.exec(row.body)?.[1];
  if (!code) throw new Error(`no 6-digit code in the newest SMS: ${row.body}`);
  return code;
}

/** On the resident sign-in page: phone, 获取验证码, the code from the outbox, 登录. Stays on whatever page sign-in leads to. */
export async function signInResidentOnPage(web: WebTestbed, page: Page, phone: string): Promise<void> {
  await page.locator('input[name=phone]').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText(/验证码已发送/).waitFor();
  await page.locator('input[name=code]').fill(await newestSmsCode(web));
  await page.getByRole('button', { name: '登录' }).click();
}

/** On a staff sign-in form (the console's, the scan page's): username, password, 登录. */
export async function signInStaffOnPage(page: Page, username: string, password: string): Promise<void> {
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** A new desktop-sized console page (staff work at desks), signed in as `username`. */
export async function consolePage(web: WebTestbed, username: string, password: string): Promise<WatchedPage> {
  const watched = await web.newPage(); // a fresh browser context each time
  const { page } = watched;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${web.origin}/admin/sign-in`);
  await signInStaffOnPage(page, username, password);
  await page.getByTestId('who').waitFor();
  return watched;
}
