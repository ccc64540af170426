/**
 * Scan-to-check-in in a real browser against the real server and database: a resident opens an
 * approved venue's poster URL (/v/<token>), checks in with a dependant, and sees the success
 * screen with the venue and each person's colour; a reload of the same attempt is answered, not
 * recorded again; 离开 and 我的行程 work. A signed-out resident goes through sign-in and comes back
 * to the venue; a red code is said plainly and a far-away location gently; a second scan within
 * two minutes is merged; a 扫码即登记 venue needs no tap; nothing runs off a 360-px screen. The
 * venue admin's console page shows the day's check-ins, raises the alarm for a new red code,
 * searches a window and exports it to Excel. Officials see volumes per district and read a
 * trajectory — by ID number or person id — only after stating a reason.
 * Needs `npm run build:web` first: the server serves web/dist.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentId, withWrongCheckDigit, type Session } from '../test/support/http-users.ts';
import { approvedVenue, BRIDGE, checkIn, type TestVenue } from '../src/checkins/testing.ts';
import { healthyDeclaration, registeredResident, staffSession } from '../src/codes/colours/testing.ts';
import { registerPeopleBulk } from '../src/people/service.ts';
import { onboardRegion } from '../src/regions/onboarding.ts';
import { expectPagesClean, failedStatus, fontSizeOf, SCREENSHOT_DIR } from './support/browser.ts';
import { consolePage, signInResidentOnPage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

const LIN_PHONE = '13977770001';
const WU_PHONE = '13977770002';
const WU_ID_NUMBER = residentId('330106', '19850101', '022');
const STAFF_PASSWORD = 'correct-horse-9'; // what staffSession gives its accounts

let web: WebTestbed;
let admin: Session;
/** Registered by a community worker (with their phones): they sign in in the browser only (a second code within a minute would be refused). */
let linId: string;
let wuId: string;
let shop: TestVenue;
let venueUrl: string;
/** A venue set to 扫码即登记 (checkinMode auto). */
let cafe: TestVenue;

const consoleSignedIn = (username: string) => consolePage(web, username, STAFF_PASSWORD);

/** A JSON request with the browser page's own session (cookies and CSRF header), as the app would send it. */
async function apiOn(page: Page, method: 'GET' | 'POST', url: string, data?: unknown) {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'fy_csrf')?.value ?? '';
  const res = await page.request.fetch(`${web.origin}${url}`, { method, data, headers: { 'x-csrf-token': csrf } });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return res.json();
}

const auditsOf = (action: string) => web.t.database.db.selectFrom('auditLog').select(['actorLabel', 'targetId', 'reason']).where('action', '=', action).orderBy('id').execute();

const rowsOf = (personId: string) => web.t.database.db.selectFrom('checkins').select(['id', 'method', 'leftExplicitly', 'colour', 'geofenceFar'])
  .where('personId', '=', personId).orderBy('id').execute();

beforeAll(async () => {
  web = await startWebTestbed();
  await onboardRegion(web.t.platform, { system: 'test' }, '330100');
  admin = await staffSession(web.t, 'xixi-venue', 'venue_admin', '330106');
  const worker = await staffSession(web.t, 'xixi-worker', 'community_worker', '330106');
  await staffSession(web.t, 'hz-official', 'health_official', '330100');
  [linId, wuId] = await registerPeopleBulk(web.t.platform, [
    { idType: 'resident_id', idNumber: residentId('330106', '19850101', '011'), name: '林静', phone: LIN_PHONE, homeRegionCode: '330106' },
    { idType: 'resident_id', idNumber: WU_ID_NUMBER, name: '吴刚', phone: WU_PHONE, homeRegionCode: '330106' },
  ]) as [string, string];
  shop = await approvedVenue(web.t, admin, worker, { name: '西溪超市', ...BRIDGE, geofenceRadiusM: 200 });
  cafe = await approvedVenue(web.t, admin, worker, { name: '西溪咖啡', kind: 'restaurant', checkinMode: 'auto' });
  // The URL the poster's QR holds, on this test server's origin.
  const link = await admin.request({ method: 'GET', url: `/api/venues/${shop.id}/poster-link` });
  expect(link.statusCode, link.body).toBe(200);
  const posterPath = new URL(link.json().url).pathname;
  expect(posterPath).toBe(`/v/${shop.token}`);
  venueUrl = `${web.origin}${posterPath}`;
});

afterAll(() => web?.close());

describe('a resident scans a venue poster', () => {
  it('checks in with a dependant and sees the success screen with the venue and each colour; a reload does not check in again', async () => {
    const watched = await web.newPage();
    const { page } = watched;
    await page.goto(`${web.origin}/m/sign-in`);
    await signInResidentOnPage(web, page, LIN_PHONE);
    await page.getByTestId('who').waitFor();
    expect(await page.getByTestId('tile-trips').count()).toBe(1);
    await apiOn(page, 'POST', '/api/people/me/dependants', { idType: 'resident_id', idNumber: residentId('330106', '20150101', '033'), name: '林小雨', relation: 'child' });
    await apiOn(page, 'POST', '/api/codes/declarations', healthyDeclaration(linId, { regionCode: '330106', stayedRegionCodes: ['330106'] })); // the child has not declared: no code yet

    await page.goto(venueUrl);
    await page.getByTestId('venue-name').filter({ hasText: '西溪超市' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/m/v/${shop.token}`);
    expect(await page.getByTestId('venue-kind').innerText()).toBe('商超');
    expect(await page.getByTestId('venue-number').innerText()).toContain(shop.number);
    const people = page.getByTestId('checkin-people').getByRole('checkbox');
    expect(await people.count()).toBe(2);
    expect(await people.nth(0).getAttribute('aria-checked')).toBe('true'); // oneself, preselected
    expect(await people.nth(1).getAttribute('aria-checked')).toBe('false');
    expect(await people.nth(1).innerText()).toContain('林*雨');
    await people.nth(1).click();
    await watched.screenshot('checkin-choose');

    await page.getByTestId('checkin-submit').click();
    const success = page.getByTestId('checkin-success');
    await success.waitFor();
    expect(await page.getByTestId('success-venue').innerText()).toBe('西溪超市');
    const persons = page.getByTestId('success-person');
    expect(await persons.count()).toBe(2);
    expect(await persons.nth(0).getAttribute('data-colour')).toBe('green');
    expect(await persons.nth(0).getByTestId('success-colour').innerText()).toBe('绿码');
    expect(await persons.nth(0).getByTestId('success-name').innerText()).toBe('林*');
    expect(await persons.nth(1).getByTestId('success-colour').innerText()).toBe('尚未申领健康码');
    expect(await persons.nth(1).getByTestId('success-name').innerText()).toBe('林*雨');
    expect(await success.innerText()).not.toContain('林静');
    expect(await success.getAttribute('data-alert')).toBe('none');
    expect(await page.getByTestId('success-time').innerText()).toMatch(/\d{2}:\d{2}:\d{2}/);
    // Readable from a metre away, and visibly live (the clock ticks, the stripe moves).
    expect(await fontSizeOf(page, '[data-testid=success-venue]')).toBeGreaterThanOrEqual(28);
    expect(await fontSizeOf(page, '[data-testid=success-colour]')).toBeGreaterThanOrEqual(30);
    expect(await fontSizeOf(page, '[data-testid=success-time]')).toBeGreaterThanOrEqual(40);
    const clock = await page.getByTestId('success-clock').innerText();
    await expect.poll(() => page.getByTestId('success-clock').innerText(), { timeout: 3000 }).not.toBe(clock);
    // (Scoped styles suffix keyframe names.)
    expect(String(await page.evaluate('getComputedStyle(document.querySelector("[data-testid=success-sweep]")).animationName'))).toMatch(/^live-sweep/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'checkin-success.png'), scale: 'css', fullPage: true });
    expect((await rowsOf(linId)).map((r) => r.method)).toEqual(['scan']);
    const checkedInAt = await page.getByTestId('success-time').innerText();

    // A reload is the same attempt: the same key, the first answer, no second row.
    const [replay] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/checkins') && r.request().method() === 'POST'),
      page.reload(),
    ]);
    expect(replay.status()).toBe(201);
    expect(replay.headers()['idempotent-replayed']).toBe('true');
    await success.waitFor();
    expect(await page.getByTestId('success-time').innerText()).toBe(checkedInAt);
    expect(await rowsOf(linId)).toHaveLength(1);

    // 离开, for both; it stays said after another reload.
    await page.getByTestId('success-leave').click();
    await page.getByTestId('success-left').waitFor();
    expect((await rowsOf(linId))[0]!.leftExplicitly).toBe(true);
    await page.reload();
    await page.getByTestId('success-left').waitFor();

    // 我的行程 lists it.
    await page.getByTestId('success-trips').click();
    await page.waitForURL(/\/m\/trips/);
    await page.getByTestId('trip-venue').filter({ hasText: '西溪超市' }).waitFor();
    expect(await page.getByTestId('trip').first().innerText()).toContain('离开');
    await watched.screenshot('checkin-trips');
  });

  it('sends a signed-out resident through sign-in and back; a red code is said plainly, a far location gently; a repeat is merged', async () => {
    const watched = await web.newPage();
    const { page } = watched;
    await page.setViewportSize({ width: 360, height: 640 }); // the narrowest phones in use
    await page.context().grantPermissions(['geolocation'], { origin: web.origin });
    await page.context().setGeolocation({ latitude: 30.2315, longitude: 120.1489, accuracy: 20 }); // about 3.4 km from the shop
    await page.goto(venueUrl);
    await page.waitForURL(/\/m\/sign-in\?next=/);
    expect(decodeURIComponent(new URL(page.url()).searchParams.get('next')!)).toBe(`/v/${shop.token}`);
    await signInResidentOnPage(web, page, WU_PHONE);
    await page.getByTestId('venue-name').filter({ hasText: '西溪超市' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/m/v/${shop.token}`);
    // Declared contact with a confirmed case just now: red, read live at check-in.
    await apiOn(page, 'POST', '/api/codes/declarations', healthyDeclaration(wuId, { contact: 'confirmed', regionCode: '330106', stayedRegionCodes: ['330106'] }));

    await page.getByTestId('checkin-submit').click();
    const success = page.getByTestId('checkin-success');
    await success.waitFor();
    expect(await success.getAttribute('data-alert')).toBe('red');
    expect(await page.getByTestId('success-colour').innerText()).toBe('红码');
    expect(await page.getByTestId('success-warning').innerText()).toContain('请配合工作人员进行核验');
    expect(await page.getByTestId('success-far').innerText()).toMatch(/约 3\.\d 公里/);
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(360); // nothing runs off a 360-px screen
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'checkin-success-red.png'), scale: 'css', fullPage: true });
    const rows = await rowsOf(wuId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ colour: 'red', geofenceFar: true });

    // Scanning the poster again (a new visit, a new attempt) within two minutes: merged, said so.
    await page.goto(venueUrl);
    await page.getByTestId('checkin-submit').click();
    await page.getByTestId('success-merged').filter({ hasText: '2 分钟内已登记，无需重复登记' }).waitFor();
    expect(await rowsOf(wuId)).toHaveLength(1);

    // A 扫码即登记 venue checks in as the page opens, without a tap.
    await page.goto(`${web.origin}/v/${cafe.token}`);
    await page.getByTestId('success-venue').filter({ hasText: '西溪咖啡' }).waitFor();
    expect(await rowsOf(wuId)).toHaveLength(2);
  });
});

describe('the venue\'s page in the console', () => {
  it('shows today\'s check-ins, sounds the alarm for a new red code, searches a window and exports it', async () => {
    const watched = await consoleSignedIn('xixi-venue');
    const { page } = watched;
    await page.getByRole('menuitem', { name: '场所码·场所' }).click();
    await page.getByTestId('venue-list').locator('tr', { hasText: '西溪超市' }).click();
    await page.getByTestId('open-checkins').click();
    await page.waitForURL(/\/admin\/venues\/[0-9a-f-]+\/checkins/);

    await expect.poll(() => page.getByTestId('today-total').innerText()).toBe('3'); // 林*, 林*雨, 吴*
    expect(await page.getByTestId('today-abnormal').innerText()).toBe('1');
    // The bars add up to the day's total.
    const bars = await Promise.all((await page.locator('[data-testid=hour-chart] [data-hour]').all()).map(async (bar) => Number(await bar.getAttribute('data-count'))));
    expect(bars).toHaveLength(24);
    expect(bars.reduce((a, b) => a + b, 0)).toBe(3);
    await page.getByTestId('alert-list').getByText('吴*').waitFor();
    expect(await page.getByTestId('alert-banner').count()).toBe(0); // what was there when the page opened is listed, not alarmed

    // A new red code checks in: the banner comes with the next poll.
    const red = await registeredResident(web.t, '13977770003', '郑红');
    await red.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(red.personId, { contact: 'confirmed' }) });
    expect((await checkIn(red.session, { venueToken: shop.token, personIds: [red.personId] })).statusCode).toBe(201);
    const banner = page.getByTestId('alert-banner');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.innerText()).toContain('郑*');
    expect(await banner.innerText()).toContain('红码');
    await expect.poll(() => page.getByTestId('today-total').innerText()).toBe('4');
    await watched.screenshot('checkin-venue-console');
    await page.getByRole('button', { name: '知道了' }).click();
    await expect.poll(() => banner.count()).toBe(0);

    await page.getByTestId('search-submit').click();
    const results = page.getByTestId('search-results');
    await results.getByText('林*雨').waitFor();
    const text = await results.innerText();
    for (const name of ['林*', '吴*', '郑*']) expect(text).toContain(name);
    expect(text).not.toContain('林静');

    await page.getByTestId('export-start').click();
    await page.locator('[data-testid=export-status][data-status=done]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('export-status').innerText()).toContain('4 条');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const audits = await web.t.database.db.selectFrom('auditLog').select('action').where('action', 'in', ['checkin.venue.search', 'checkin.export', 'checkin.export.download']).execute();
    expect(new Set(audits.map((a) => a.action))).toEqual(new Set(['checkin.venue.search', 'checkin.export', 'checkin.export.download']));
  });

});

describe('officials in the console', () => {
  it('see check-in volumes per district and street, and the city\'s retention', async () => {
    const watched = await consoleSignedIn('hz-official');
    const { page } = watched;
    await page.getByRole('menuitem', { name: '场所登记·登记量' }).click();
    await expect.poll(() => page.getByTestId('volumes-total').innerText()).toBe('合计 5 人次'); // 4 at the shop, 1 at the café
    const table = page.getByTestId('volumes-table');
    const district = table.locator('tr', { hasText: '西湖区' });
    expect(await district.innerText()).toContain('5');
    await district.getByRole('button', { name: '查看下级' }).click();
    await expect.poll(() => page.getByTestId('volumes-region').innerText()).toContain('西湖区');
    await table.locator('tr', { hasText: '西溪街道' }).waitFor();
    expect(await page.getByTestId('retention-days').innerText()).toBe('28 天');
    await watched.screenshot('checkin-volumes');
  });

  it('read a person\'s trajectory by ID number or person id, only after stating a reason, which is audited', async () => {
    const watched = await consoleSignedIn('hz-official');
    const { page } = watched;
    await page.getByRole('menuitem', { name: '场所登记·行程轨迹' }).click();
    const idNumber = page.locator('input[name=idNumber]');
    expect(await idNumber.isDisabled()).toBe(true); // the reason comes first
    await page.locator('textarea[name=reason]').fill('密接排查：病例 12 的同场人员');
    expect(await idNumber.isDisabled()).toBe(false);
    expect(await page.getByTestId('trajectory-id-type').innerText()).toContain('居民身份证');

    // A mistyped number is said plainly; nothing is shown, nothing is looked up.
    await watched.expectConsoleErrors([failedStatus(400)], async () => {
      await idNumber.fill(withWrongCheckDigit(WU_ID_NUMBER));
      await page.getByTestId('trajectory-submit').click();
      await page.getByTestId('trajectory-error').filter({ hasText: '校验位不正确' }).waitFor();
    });
    expect(await page.getByTestId('trajectory-results').count()).toBe(0);

    await idNumber.fill(WU_ID_NUMBER);
    await page.getByTestId('trajectory-submit').click();
    await page.getByTestId('trajectory-results').getByText('西溪超市').waitFor();
    expect(await page.getByTestId('trajectory-person').innerText()).toContain('吴*');
    expect(await page.getByTestId('trajectory-results').innerText()).toContain('红码');
    expect(await page.locator('body').innerText()).not.toContain('吴刚');
    await watched.screenshot('checkin-trajectory');

    // The person id of a case file works as before.
    await page.getByTestId('trajectory-by').getByText('按人员编号').click();
    await page.locator('input[name=personId]').fill(wuId);
    await page.getByTestId('trajectory-submit').click();
    await expect.poll(async () => (await auditsOf('checkin.trajectory')).length).toBe(2);
    await page.getByTestId('trajectory-results').getByText('西溪超市').waitFor();

    const expected = { actorLabel: 'hz-official', targetId: wuId, reason: '密接排查：病例 12 的同场人员' };
    expect(await auditsOf('checkin.trajectory')).toEqual([expected, expected]);
    expect(await auditsOf('person.lookup')).toEqual([expected]); // the ID number, once; the mistyped one was never looked up
  });

  it('left no console errors and asked no other origin', () => {
    expectPagesClean(web.pages, 5);
  });
});
