/**
 * The resident's in-app venue scanner (home → 场所扫码) in Debian's Chromium with a fake camera
 * (e2e/support/fake-camera.ts): a venue poster's QR — the URL the console hands out, on the
 * installation's public URL — opens that venue's check-in page, and 登记 checks the resident in;
 * a daily-code venue's screen page shows a QR that does the same. A health code and another site's
 * link are named on screen and nothing else happens (no page opened, nothing asked of the server).
 * Needs `npm run build:web` first.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { approvedVenue, type TestVenue } from '../src/checkins/testing.ts';
import { healthyDeclaration, registeredResident, staffSession } from '../src/codes/colours/testing.ts';
import { registerPeopleBulk } from '../src/people/service.ts';
import { onboardRegion } from '../src/regions/onboarding.ts';
import { qrSvg } from '../src/venues/poster.ts';
import { residentId, type Session } from '../test/support/http-users.ts';
import { expectPagesClean, type WatchedPage } from './support/browser.ts';
import { FAKE_CAMERA_ARGS, writeQrVideo } from './support/fake-camera.ts';
import { signInResidentOnPage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

/** One resident per scenario: each signs in in its own browser, and a phone gets one code a minute. */
const PHONES = { poster: '13966660001', daily: '13966660002', healthCode: '13966660003', foreign: '13966660004' } as const;

let web: WebTestbed;
let admin: Session;
let personIds: Record<keyof typeof PHONES, string>;
let shop: TestVenue;
/** A venue showing a daily code on a screen at its gate. */
let gate: TestVenue;

const rowsAt = (venueId: string, personId: string) => web.t.database.db.selectFrom('checkins').select(['id', 'method'])
  .where('venueId', '=', venueId).where('personId', '=', personId).execute();

/** What each page asked about venues and check-ins (paths of by-token and check-in requests), from its start. */
const askedBy = new Map<Page, string[]>();

/** A Chromium whose camera shows `text` as a QR; the resident signs in, and taps 场所扫码 on the home page. */
async function scanningFromHome(scenario: keyof typeof PHONES, text: string): Promise<WatchedPage> {
  const watched = await web.newPage(await web.launch(FAKE_CAMERA_ARGS(writeQrVideo(`venue-scan-${scenario}`, text))));
  const { page } = watched;
  const asked: string[] = [];
  askedBy.set(page, asked);
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/api/venues/by-token') || path.startsWith('/api/checkins')) asked.push(path);
  });
  await page.goto(`${web.origin}/m/sign-in`);
  await signInResidentOnPage(web, page, PHONES[scenario]);
  await page.getByTestId('who').waitFor();
  await page.getByTestId('tile-venue-scan').click();
  await page.waitForURL(/\/m\/venue-scan$/);
  return watched;
}

/** On the check-in page the scan led to: 登记, then the success screen names the venue. */
async function checkInOnPage(page: Page, venue: TestVenue, token: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === `/m/v/${token}`, { timeout: 30_000 });
  await page.getByTestId('venue-name').filter({ hasText: venue.name }).waitFor();
  await page.getByTestId('checkin-submit').click();
  await page.getByTestId('checkin-success').waitFor();
  expect(await page.getByTestId('success-venue').innerText()).toBe(venue.name);
}

beforeAll(async () => {
  web = await startWebTestbed();
  await onboardRegion(web.t.platform, { system: 'test' }, '330100');
  admin = await staffSession(web.t, 'scan-venue-admin', 'venue_admin', '330106');
  const worker = await staffSession(web.t, 'scan-worker', 'community_worker', '330106');
  const ids = await registerPeopleBulk(web.t.platform, Object.values(PHONES).map((phone, i) => ({
    idType: 'resident_id' as const, idNumber: residentId('330106', '19920101', String(41 + i).padStart(3, '0')), name: ['李扫', '王码', '张场', '赵所'][i]!, phone, homeRegionCode: '330106',
  })));
  personIds = Object.fromEntries(Object.keys(PHONES).map((k, i) => [k, ids[i]!])) as typeof personIds;
  shop = await approvedVenue(web.t, admin, worker, { name: '扫码超市' });
  gate = await approvedVenue(web.t, admin, worker, { name: '动态码门岗', codeMode: 'daily' });
});

afterEach(() => web?.closeBrowsers());

afterAll(() => web?.close());

describe('场所扫码 on the resident\'s home page', () => {
  it('opens the venue\'s check-in page from its poster\'s QR, and checks in', async () => {
    const link = await admin.request({ method: 'GET', url: `/api/venues/${shop.id}/poster-link` });
    expect(link.statusCode, link.body).toBe(200);
    const posterUrl: string = link.json().url;
    // The poster points at the installation's public URL, which here is not the test server's own origin.
    expect(new URL(posterUrl).origin).not.toBe(web.origin);
    expect(posterUrl.endsWith(`/v/${shop.token}`)).toBe(true);

    const watched = await scanningFromHome('poster', posterUrl);
    await checkInOnPage(watched.page, shop, shop.token);
    await watched.screenshot('venue-scan-success');
    expect(await rowsAt(shop.id, personIds.poster)).toEqual([expect.objectContaining({ method: 'scan' })]);
  });

  it('checks in at a daily-code venue from the QR on its screen page', async () => {
    const code = await admin.request({ method: 'GET', url: `/api/venues/${gate.id}/screen-code` });
    expect(code.statusCode, code.body).toBe(200);
    const { url, token } = code.json() as { url: string; token: string };
    expect(token).not.toBe(gate.token); // a daily code, not the static poster's
    // The screen page the guards put up shows exactly this URL's QR.
    const screen = await admin.request({ method: 'GET', url: `/api/venues/${gate.id}/screen` });
    expect(screen.statusCode).toBe(200);
    expect(screen.body).toContain(await qrSvg(url));
    // Its static poster code is refused (the venue uses daily codes), so only the screen's code can check anyone in.
    expect((await admin.request({ method: 'GET', url: `/api/venues/by-token/${gate.token}` })).json().code).toBe('VENUE_TOKEN_EXPIRED');

    const watched = await scanningFromHome('daily', url);
    await checkInOnPage(watched.page, gate, token);
    expect(await rowsAt(gate.id, personIds.daily)).toHaveLength(1);
  });

  it('names a health code for what it is and does nothing else', async () => {
    const other = await registeredResident(web.t, '13966660009', '亮码人');
    await other.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(other.personId) });
    const healthCode: string = (await other.session.request({ method: 'GET', url: `/api/codes/me?personId=${other.personId}` })).json().token;
    expect(healthCode).toMatch(/^FY1:/);

    const watched = await scanningFromHome('healthCode', healthCode);
    await expectRefused(watched, 'health_code', '这是健康码，不是场所码');
    await watched.screenshot('venue-scan-health-code');
  });

  it('never opens another site\'s link, even one shaped like a venue code', async () => {
    const watched = await scanningFromHome('foreign', `https://fangyi.example.org/v/${shop.token}`);
    await expectRefused(watched, 'link', '这不是本平台的场所码，链接未打开');
    expect(await rowsAt(shop.id, personIds.foreign)).toHaveLength(0);
  });

  it('left no console errors and asked no other origin', () => {
    expectPagesClean(web.pages, 4);
  });
});

/** The message is shown, stays shown while the camera keeps reading the same code, and the page neither moved nor asked about a venue. */
async function expectRefused(watched: WatchedPage, kind: string, text: string): Promise<void> {
  const { page } = watched;
  const refused = page.locator(`[data-testid=venue-scan-refused][data-kind=${kind}]`);
  await refused.waitFor({ timeout: 30_000 });
  expect(await refused.innerText()).toContain(text);
  await page.waitForTimeout(1500); // a dozen more frames of the same code
  expect(new URL(page.url()).pathname).toBe('/m/venue-scan');
  expect(await refused.isVisible()).toBe(true);
  expect(askedBy.get(page)).toEqual([]);
}
