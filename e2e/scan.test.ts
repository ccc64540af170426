/**
 * The guard's checkpoint (/m/scan) in Debian's Chromium with a fake camera: each scenario writes a
 * Y4M video of a real token's QR code (e2e/support/fake-camera.ts) and starts Chromium with --use-file-for-fake-video-capture. A guard signs in on the
 * page, scans, and reads the full-screen verdict; then the network goes off and the same code is
 * verified again from the cached trust store; a revoked printed code and an expired code are refused.
 * Needs `npm run build:web` first.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../src/accounts/service.ts';
import { recomputeColour } from '../src/codes/colours/service.ts';
import { issueToken } from '../src/codes/token/issue.ts';
import { residentIdCheckDigit } from '../src/people/model/id-number.ts';
import { registerPeopleBulk } from '../src/people/service.ts';
import { onboardRegion } from '../src/regions/onboarding.ts';
import { fixedClock } from '../src/kernel/time.ts';
import { signInStaffSession } from '../test/support/http-users.ts';
import { expectPagesClean, OFFLINE_FAILURE, type WatchedPage } from './support/browser.ts';
import { FAKE_CAMERA_ARGS, writeQrVideo } from './support/fake-camera.ts';
import { signInStaffOnPage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

const PASSWORD = 'Correct-horse-9';
const ID_FIRST17 = '33010219580314003';

let web: WebTestbed;
let personId: string;
/** Revoked before any browser has fetched the trust store: the page's own (offline) check must know it. */
let revokedPrintedToken: string;

/** The guard's sign-in form on /m/scan, filled in (`beforeSigningIn` e.g. takes a screenshot of the empty form). */
async function signInGuard(page: Page, beforeSigningIn?: () => Promise<unknown>): Promise<void> {
  await page.goto(`${web.origin}/m/scan`);
  await page.getByRole('heading', { name: '门岗登录' }).waitFor();
  await beforeSigningIn?.();
  await signInStaffOnPage(page, 'gate-guard1', PASSWORD);
}

/** A Chromium whose only camera shows this token; a guard signed in on /m/scan with the camera started. */
async function guardScanning(video: string): Promise<WatchedPage> {
  const watched = await web.newPage(await web.launch(FAKE_CAMERA_ARGS(video)));
  const { page } = watched;
  const first = web.pages.length === 1;
  await signInGuard(page, async () => first && watched.screenshot('scan-sign-in'));
  await page.getByTestId('scan-guard').filter({ hasText: '张门岗' }).waitFor();
  await page.getByTestId('scan-trust').filter({ hasText: '信任列表更新于' }).waitFor();
  await page.getByTestId('scan-start').click();
  if (first) await watched.screenshot('scan-camera');
  return watched;
}

async function liveToken(): Promise<{ text: string }> {
  const status = await web.t.database.db.selectFrom('codeStatus').innerJoin('persons', 'persons.id', 'codeStatus.personId')
    .select(['codeStatus.subjectId', 'codeStatus.colour', 'persons.nameMasked']).where('codeStatus.personId', '=', personId).executeTakeFirstOrThrow();
  return issueToken(web.t.platform, '330100', { subject: new Uint8Array(status.subjectId), maskedName: status.nameMasked, colour: status.colour });
}

beforeAll(async () => {
  web = await startWebTestbed();
  // Onboarded an hour ago, so a token signed ten minutes ago (the expired one) was signed by a key that existed then.
  await onboardRegion({ ...web.t.platform, clock: fixedClock(new Date(Date.now() - 3_600_000)) }, { system: 'test' }, '330100');
  await createStaffAccount(web.t.platform, { system: 'test' }, { username: 'gate-guard1', displayName: '张门岗', password: PASSWORD, roles: [{ role: 'guard', regionCode: '330102' }] });
  await createStaffAccount(web.t.platform, { system: 'test' }, { username: 'worker1', displayName: '陈社区', password: PASSWORD, roles: [{ role: 'community_worker', regionCode: '330102' }] });
  [personId] = await registerPeopleBulk(web.t.platform, [{ idType: 'resident_id', idNumber: ID_FIRST17 + residentIdCheckDigit(ID_FIRST17), name: '李秀英', phone: '13912340001', homeRegionCode: '330102' }]) as [string];
  await recomputeColour(web.t.platform, personId);
  const worker = await signInStaffSession(web.t.app, 'worker1', PASSWORD);
  const issued = await worker.request({ method: 'POST', url: '/api/codes/printed', payload: { personId } });
  expect(issued.statusCode).toBe(201);
  revokedPrintedToken = issued.json().token;
  const revoked = await worker.request({ method: 'POST', url: `/api/codes/printed/${issued.json().id}/revoke`, payload: { reason: '卡片遗失' } });
  expect(revoked.json().revoked).toBe(true);
});

afterEach(() => web?.closeBrowsers());

afterAll(() => web?.close());

describe('/m/scan with a fake camera', () => {
  it('shows a resident\'s green code with the masked name, and verifies it again with the network off', async () => {
    const watched = await guardScanning(writeQrVideo('live-green', (await liveToken()).text));
    const { page } = watched;
    const result = page.getByTestId('scan-result');
    await result.waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=scan-result][data-live=confirmed]').waitFor();
    expect(await result.getAttribute('data-tone')).toBe('green');
    expect(await page.getByTestId('scan-word').innerText()).toBe('绿码');
    expect(await page.getByTestId('scan-name').innerText()).toBe('李*英');
    expect(await result.innerText()).not.toContain('李秀英');
    await watched.screenshot('scan-green-online');

    await page.context().setOffline(true);
    await page.getByTestId('scan-network').filter({ hasText: '离线' }).waitFor();
    await result.click(); // next scan: the same code is still in front of the camera
    await page.locator('[data-testid=scan-result][data-live=offline]').waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-tone')).toBe('green');
    expect(await page.getByTestId('scan-name').innerText()).toBe('李*英');
    expect(await page.getByTestId('scan-live').innerText()).toContain('离线核验');
    await watched.screenshot('scan-green-offline');

    // A reload with the network off: the service worker serves the app shell, the cached trust store verifies.
    await page.reload();
    expect(await page.evaluate('navigator.serviceWorker.controller !== null')).toBe(true);
    await page.getByTestId('scan-guard').filter({ hasText: '张门岗' }).waitFor();
    await page.getByTestId('scan-start').click();
    await page.locator('[data-testid=scan-result][data-live=offline][data-tone=green]').waitFor({ timeout: 30_000 });
    await watched.screenshot('scan-green-offline-reloaded');
  });

  it('refuses a revoked printed code (关爱码) with 已撤销', async () => {
    const watched = await guardScanning(writeQrVideo('printed-revoked', revokedPrintedToken));
    const { page } = watched;
    // Confirmed: the browser's own check already said revoked, and the server agreed.
    await page.locator('[data-testid=scan-result][data-outcome=revoked][data-live=confirmed]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('scan-result').getAttribute('data-tone')).toBe('invalid');
    expect(await page.getByTestId('scan-word').innerText()).toBe('已撤销');
    expect(await page.getByTestId('scan-detail').innerText()).toBe('该健康码已被撤销');
    await watched.screenshot('scan-printed-revoked');
  });

  it('shows the live colour when the code turned red after it was shown, marked 实时', async () => {
    const shownGreen = (await liveToken()).text;
    await web.t.database.db.updateTable('codeStatus').set({ colour: 'red' }).where('personId', '=', personId).execute();
    try {
      const watched = await guardScanning(writeQrVideo('turned-red', shownGreen));
      const { page } = watched;
      await page.locator('[data-testid=scan-result][data-live=changed]').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('scan-result').getAttribute('data-tone')).toBe('red');
      expect(await page.getByTestId('scan-word').innerText()).toBe('红码');
      expect(await page.getByTestId('live-badge').innerText()).toBe('实时');
      expect(await page.getByTestId('scan-result').innerText()).toContain('码面颜色：绿码');
      await watched.screenshot('scan-live-red');
    } finally {
      await web.t.database.db.updateTable('codeStatus').set({ colour: 'green' }).where('personId', '=', personId).execute();
    }
  });

  it('refuses an expired code with 已过期 on a grey screen', async () => {
    const status = await web.t.database.db.selectFrom('codeStatus').select(['subjectId']).where('personId', '=', personId).executeTakeFirstOrThrow();
    const old = await issueToken({ ...web.t.platform, clock: fixedClock(new Date(Date.now() - 10 * 60_000)) }, '330100', {
      subject: new Uint8Array(status.subjectId), maskedName: '李*英', colour: 'green',
    });
    const watched = await guardScanning(writeQrVideo('expired', old.text));
    const { page } = watched;
    await page.locator('[data-testid=scan-result][data-outcome=expired]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('scan-result').getAttribute('data-tone')).toBe('grey');
    expect(await page.getByTestId('scan-word').innerText()).toBe('已过期');
    expect(await page.getByTestId('scan-detail').innerText()).toContain('健康码已过期');
    await watched.screenshot('scan-expired');
  });
});

describe('/m/scan without a scanner', () => {
  it('looks a person up by ID number: masked answer on screen, the lookup audited with its reason', async () => {
    const watched = await web.newPage();
    const { page } = watched;
    await signInGuard(page);
    await page.getByTestId('lookup-toggle').click();
    await page.locator('input[name=idNumber]').fill(ID_FIRST17 + residentIdCheckDigit(ID_FIRST17));
    await page.getByRole('button', { name: '查询', exact: true }).click();
    const found = await page.getByTestId('lookup-result').innerText();
    expect(found).toContain('李*英');
    expect(found).toContain('上城区');
    expect(found).not.toContain(ID_FIRST17);
    await watched.screenshot('scan-lookup');
    const audit = await web.t.database.db.selectFrom('auditLog').select(['actorLabel', 'targetId', 'reason']).where('action', '=', 'person.lookup').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit).toEqual({ actorLabel: 'gate-guard1', targetId: personId, reason: '门岗无码核验' });
  });
});

describe('every page', () => {
  it('logged no console errors but the offline network failures, and asked no other origin for anything', () => {
    expectPagesClean(web.pages, 5, [OFFLINE_FAILURE]);
  });
});
