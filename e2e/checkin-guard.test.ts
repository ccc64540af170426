/**
 * 门岗代登记 in Debian's Chromium with a fake camera: a guard bound to a venue signs in on /m/scan,
 * the venue is chosen for them (their only one), and scanning a resident's live code records the
 * check-in there (the verdict says 已登记); a person without a phone is checked in by ID number
 * (audited). With the network off the same code still verifies, and the screen says that nothing
 * was recorded. Needs `npm run build:web` first.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../src/accounts/service.ts';
import { approvedVenue, type TestVenue } from '../src/checkins/testing.ts';
import { healthyDeclaration, registeredResident, staffSession, type Resident } from '../src/codes/colours/testing.ts';
import { onboardRegion } from '../src/regions/onboarding.ts';
import { residentId, type Session } from '../test/support/http-users.ts';
import { expectPagesClean, OFFLINE_FAILURE } from './support/browser.ts';
import { FAKE_CAMERA_ARGS, writeQrVideo } from './support/fake-camera.ts';
import { signInStaffOnPage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

const PASSWORD = 'Correct-horse-9';
const NO_PHONE_ID = residentId('330106', '19470312', '041');

let web: WebTestbed;
let worker: Session;
let resident: Resident;
let shop: TestVenue;

const rowsAt = (venueId: string) => web.t.database.db.selectFrom('checkins').select(['personId', 'method', 'colour', 'recordedByAccountId'])
  .where('venueId', '=', venueId).orderBy('id').execute();

/** The guard signs in on /m/scan. */
async function signInGuard(page: Page): Promise<void> {
  await page.goto(`${web.origin}/m/scan`);
  await signInStaffOnPage(page, 'gate-xixi', PASSWORD);
}

beforeAll(async () => {
  web = await startWebTestbed();
  await onboardRegion(web.t.platform, { system: 'test' }, '330100');
  const admin = await staffSession(web.t, 'gate-venue-admin', 'venue_admin', '330106');
  worker = await staffSession(web.t, 'gate-worker', 'community_worker', '330106');
  await createStaffAccount(web.t.platform, { system: 'test' }, { username: 'gate-xixi', displayName: '张门岗', password: PASSWORD, roles: [{ role: 'guard', regionCode: '330106' }] });
  shop = await approvedVenue(web.t, admin, worker, { name: '西溪菜场' });
  const bound = await admin.request({ method: 'POST', url: `/api/venues/${shop.id}/staff`, payload: { username: 'gate-xixi', role: 'guard' } });
  expect(bound.statusCode, bound.body).toBe(200);
  resident = await registeredResident(web.t, '13988880001', '李秀英', '330106');
  await resident.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(resident.personId, { regionCode: '330106', stayedRegionCodes: ['330106'] }) });
});

afterAll(() => web?.close());

describe('a guard bound to a venue', () => {
  it('records the check-in of a scanned code, and says so; offline it verifies but records nothing', async () => {
    const code = await resident.session.request({ method: 'GET', url: `/api/codes/me?personId=${resident.personId}` });
    expect(code.statusCode, code.body).toBe(200);
    const watched = await web.newPage(await web.launch(FAKE_CAMERA_ARGS(writeQrVideo('gate-checkin-green', code.json().token))));
    const { page } = watched;
    await signInGuard(page);
    await page.getByTestId('scan-guard').filter({ hasText: '张门岗' }).waitFor();
    // Their one venue is chosen for them, and remembered.
    const select = page.getByTestId('scan-venue-select');
    await expect.poll(() => select.inputValue()).toBe(shop.id);
    expect(await page.evaluate('JSON.parse(localStorage.getItem("fy.scan.venue")).venue.id')).toBe(shop.id);
    await page.getByTestId('scan-trust').filter({ hasText: '信任列表更新于' }).waitFor();
    await page.getByTestId('scan-start').click();

    const result = page.getByTestId('scan-result');
    await page.locator('[data-testid=scan-checkin][data-state=recorded]').waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-tone')).toBe('green');
    expect(await page.getByTestId('scan-word').innerText()).toBe('绿码');
    expect(await page.getByTestId('scan-name').innerText()).toBe('李*英');
    expect(await page.getByTestId('scan-checkin').innerText()).toBe('已登记 · 西溪菜场');
    await watched.screenshot('checkin-guard-recorded');
    const rows = await rowsAt(shop.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ personId: resident.personId, method: 'guard_code', colour: 'green' });
    expect(rows[0]!.recordedByAccountId).not.toBeNull();
    const audit = await web.t.database.db.selectFrom('auditLog').select(['actorLabel', 'targetId']).where('action', '=', 'checkin.guard').execute();
    expect(audit).toEqual([{ actorLabel: 'gate-xixi', targetId: resident.personId }]);

    // The same code again with the network off: still verified here, and plainly not recorded.
    await page.context().setOffline(true);
    await page.getByTestId('scan-network').filter({ hasText: '离线' }).waitFor();
    await result.click();
    await page.locator('[data-testid=scan-checkin][data-state=offline]').waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-tone')).toBe('green');
    expect(await page.getByTestId('scan-checkin').innerText()).toContain('离线：未登记');
    await watched.screenshot('checkin-guard-offline');
    expect(await rowsAt(shop.id)).toHaveLength(1);
    await page.context().setOffline(false);
  });

  it('checks a person in by ID number: masked answer, the lookup and the check-in audited', async () => {
    const registered = await worker.request({ method: 'POST', url: '/api/people', payload: { idType: 'resident_id', idNumber: NO_PHONE_ID, name: '陈默', homeRegionCode: '330106' } });
    expect(registered.statusCode, registered.body).toBe(201);
    const personId = registered.json().id;
    const watched = await web.newPage();
    const { page } = watched;
    await signInGuard(page);
    await expect.poll(() => page.getByTestId('scan-venue-select').inputValue()).toBe(shop.id);
    await page.getByTestId('id-checkin-toggle').click();
    await page.locator('input[name=checkinIdNumber]').fill(NO_PHONE_ID);
    await page.getByTestId('id-checkin-submit').click();
    const done = page.getByTestId('id-checkin-result');
    await done.waitFor();
    expect(await done.innerText()).toContain('已登记 · 西溪菜场');
    expect(await done.innerText()).toContain('陈*');
    expect(await done.innerText()).toContain('尚未申领健康码');
    expect(await page.getByTestId('scan-id-checkin').innerText()).not.toContain(NO_PHONE_ID);
    expect(await page.locator('input[name=checkinIdNumber]').inputValue()).toBe(''); // the number does not stay on screen
    await watched.screenshot('checkin-guard-id');
    const rows = (await rowsAt(shop.id)).filter((r) => r.personId === personId);
    expect(rows).toEqual([expect.objectContaining({ method: 'guard_id', colour: null })]);
    const audits = await web.t.database.db.selectFrom('auditLog').select(['action', 'actorLabel', 'reason']).where('targetId', '=', personId)
      .where('action', 'in', ['person.lookup', 'checkin.guard']).orderBy('id').execute();
    expect(audits.map((a) => [a.action, a.actorLabel])).toEqual([['person.lookup', 'gate-xixi'], ['checkin.guard', 'gate-xixi']]);
    expect(audits[0]!.reason).toContain(shop.number);
  });

  it('logged no console errors but the offline network failures, and asked no other origin', () => {
    expectPagesClean(web.pages, 2, [OFFLINE_FAILURE]);
  });
});
