/**
 * The resident's health code in a real browser against the real server and database: declare
 * and see a green code whose QR token verifies offline; fever after a stay in a high-risk area
 * gives red with the area named; the page is visibly live (clock, sweeping bar); a guardian
 * switches to a dependant. Needs `npm run build:web` first: the server serves web/dist.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { put, staffSession } from '../src/codes/colours/testing.ts';
import { nodeSignatureCheck } from '../src/codes/token/node-signature.ts';
import { verifyToken } from '../src/codes/token/verify.ts';
import { loadTrustStore } from '../src/codes/trust-list/service.ts';
import { residentIdCheckDigit } from '../src/people/model/id-number.ts';
import { registerPeopleBulk } from '../src/people/service.ts';
import { onboardRegion } from '../src/regions/onboarding.ts';
import { failedStatus, expectPagesClean } from './support/browser.ts';
import { signInResidentOnPage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

const GREEN_PHONE = '13966660001';
const RED_PHONE = '13966660002';
const GUARDIAN_PHONE = '13966660003';

let web: WebTestbed;

async function signIn(page: Page, phone: string): Promise<void> {
  await page.goto(`${web.origin}/m/sign-in`);
  await signInResidentOnPage(web, page, phone);
  await page.getByTestId('who').waitFor();
}

/** Fills the parts of the form every test needs; the current region defaults to the home region. */
async function fillDeclaration(page: Page, temperature: string, symptoms: string[]): Promise<void> {
  // Polled from here: waitForFunction compiles its predicate with eval, which our CSP forbids.
  const region = page.locator('input[name=regionCode]');
  for (let i = 0; !(await region.inputValue()).includes('上城区'); i++) {
    if (i > 50) throw new Error('the current region never defaulted to the home region');
    await page.waitForTimeout(100);
  }
  await page.locator('textarea[name=address]').fill('杭州市上城区清波街道某小区 3 幢 201 室');
  await page.locator('input[name=temperature]').fill(temperature);
  for (const symptom of symptoms) await page.getByTestId('declare-symptoms').getByText(symptom, { exact: true }).click();
}

async function submitDeclaration(page: Page): Promise<void> {
  const submit = page.getByTestId('declare-submit');
  expect(await submit.isDisabled()).toBe(true); // the pledge is not ticked yet
  await page.getByTestId('declare-pledge').click();
  expect(await submit.isDisabled()).toBe(false);
  await submit.click();
  await page.waitForURL(/\/m\/code\?personId=/);
  await page.getByTestId('code-card').waitFor();
}

beforeAll(async () => {
  web = await startWebTestbed();
  await onboardRegion(web.t.platform, { system: 'test' }, '330100'); // the city gets its signing key
  const people = [[GREEN_PHONE, '33010219800101011', '何晓燕'], [RED_PHONE, '33010219800101022', '吕志强'], [GUARDIAN_PHONE, '33010219800101033', '施建国']] as const;
  await registerPeopleBulk(web.t.platform, people.map(([phone, first17, name]) => ({
    idType: 'resident_id' as const, idNumber: first17 + residentIdCheckDigit(first17), name, phone, homeRegionCode: '330102',
  })));
});

afterAll(() => web?.close());

describe('health code (/m/code, /m/declare)', () => {
  it('a resident declares with no symptoms and no travel and sees a live green code whose QR token verifies', async () => {
    const watched = await web.newPage();
    const { page, screenshot } = watched;
    await signIn(page, GREEN_PHONE);
    await watched.expectConsoleErrors([failedStatus(404)], async () => {
      await page.getByTestId('tile-code').click();
      await page.getByTestId('code-not-declared').filter({ hasText: '请先完成一次健康申报' }).waitFor();
    });
    await page.getByTestId('go-declare').click();
    await page.waitForURL(/\/m\/declare/);
    await page.getByText('个人信息').waitFor();
    for (const group of ['健康状况', '旅居史（近 14 天）', '接触史']) expect(await page.getByText(group, { exact: true }).count()).toBe(1);
    await fillDeclaration(page, '36.5', ['无以上症状']);
    // A server-side check answers next to its field (details.field), in Chinese.
    await page.locator('input[name=phone]').fill('12345');
    await page.getByTestId('declare-pledge').click();
    await watched.expectConsoleErrors([failedStatus(400)], async () => {
      await page.getByTestId('declare-submit').click();
      await page.locator('.van-field__error-message').filter({ hasText: '请输入 11 位手机号码' }).waitFor();
    });
    await screenshot('code-declare-form');
    await page.locator('input[name=phone]').fill('');
    await page.getByTestId('declare-pledge').click(); // untick: submitDeclaration checks the button waits for the pledge
    await submitDeclaration(page);

    const card = page.getByTestId('code-card');
    expect(await card.getAttribute('data-colour')).toBe('green');
    expect(await page.getByTestId('code-colour').innerText()).toContain('绿码');
    expect(await page.getByTestId('code-name').innerText()).toBe('何*燕');
    const qr = page.getByTestId('code-qr');
    await qr.waitFor();
    const box = (await qr.boundingBox())!;
    expect(box.width).toBeGreaterThan(375 * 0.6); // large: about 70 % of the phone's width
    expect(await page.evaluate(`(() => { const img = document.querySelector('[data-testid=code-qr]'); return img.naturalWidth > 0 && img.src.startsWith('data:image/png'); })()`)).toBe(true);

    // The token in the page is the signed code: it verifies with the trust list and no network.
    const shown = (await qr.getAttribute('data-token'))!;
    const trust = await loadTrustStore(web.t.database.db);
    const verdict = verifyToken(shown, trust, new Date(), { signatureCheck: nodeSignatureCheck });
    expect(verdict.outcome).toBe('valid');
    expect(verdict.claims?.colour).toBe('green');
    expect(shown).not.toContain('何');
    const fresh = await page.evaluate(async (personId) => {
      const res = await fetch(`/api/codes/me?personId=${personId}`);
      return (await res.json()) as { token: string; colour: string };
    }, new URL(page.url()).searchParams.get('personId'));
    expect(fresh.colour).toBe('green');
    expect(verifyToken(fresh.token, trust, new Date(), { signatureCheck: nodeSignatureCheck }).outcome).toBe('valid');
    await screenshot('code-green');

    // Live, not a screenshot: the bar sweeps and the clock ticks.
    const sweepX = () => page.evaluate(`new DOMMatrix(getComputedStyle(document.querySelector('[data-testid=code-sweep]')).transform).m41`);
    const clock = page.getByTestId('code-clock');
    const [x0, time0] = [await sweepX(), await clock.innerText()];
    expect(time0).toMatch(/^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$/);
    await page.waitForTimeout(500);
    expect(await sweepX()).not.toBe(x0);
    await page.waitForTimeout(700);
    expect(await clock.innerText()).not.toBe(time0);

    // Coming back to the page (unlocking the phone) fetches a fresh token at once.
    await page.evaluate(`document.dispatchEvent(new Event('visibilitychange'))`);
    for (let i = 0; (await qr.getAttribute('data-token')) === shown; i++) {
      if (i > 30) throw new Error('the token was not refreshed when the page became visible');
      await page.waitForTimeout(100);
    }
    const refreshed = (await qr.getAttribute('data-token'))!;
    expect(verifyToken(refreshed, trust, new Date(), { signatureCheck: nodeSignatureCheck }).outcome).toBe('valid');
  });

  it('fever 38.2 after a stay in a high-risk area gives red, and the explanation names the area', async () => {
    const official = await staffSession(web.t, 'hz-official-e2e', 'health_official', '330100');
    const res = await put(official, '/api/codes/regions/330100/risk-areas', { areas: [{ regionCode: '330106', level: 'high' }] });
    expect(res.statusCode).toBe(200);

    const { page, screenshot } = await web.newPage();
    await signIn(page, RED_PHONE);
    await page.getByTestId('tile-declare').click();
    await page.waitForURL(/\/m\/declare/);
    await fillDeclaration(page, '38.2', ['发热']);
    // The stay, picked province → city → district with children loaded on demand.
    await page.getByTestId('declare-add-stay').click();
    const picker = page.getByTestId('stay-picker');
    for (const level of ['浙江省', '杭州市', '西湖区']) await picker.getByRole('option', { name: level, exact: true }).or(picker.locator('.van-cascader__option', { hasText: level })).first().click();
    await page.getByTestId('declare-stay').filter({ hasText: '西湖区' }).waitFor();
    await page.locator('.van-overlay').first().waitFor({ state: 'hidden' }); // the sheet has slid away
    await screenshot('code-declare-fever-travel');
    await submitDeclaration(page);

    expect(await page.getByTestId('code-card').getAttribute('data-colour')).toBe('red');
    expect(await page.getByTestId('code-colour').innerText()).toContain('红码');
    const why = await page.getByTestId('code-reasons').innerText();
    expect(why).toContain('发热');
    expect(why).toContain('西湖区');
    expect(why).toMatch(/14天/);
    await screenshot('code-red');

    // 申诉纠错 from the code page; the home region's official answers; the resident reads the answer.
    await page.getByTestId('go-appeal').click();
    await page.waitForURL(/\/m\/appeal\?personId=/);
    expect(await page.getByTestId('appeal-submit').isDisabled()).toBe(true);
    await page.locator('textarea[name=message]').fill('我只是路过西湖区高速服务区，没有下车。');
    await page.getByTestId('appeal-submit').click();
    await page.getByTestId('appeal-sent').waitFor();
    const item = page.getByTestId('appeal-item');
    await item.filter({ hasText: '待处理' }).filter({ hasText: '没有下车' }).waitFor();
    expect(await item.innerText()).toMatch(/答复期限/);

    const queue = await official.request({ method: 'GET', url: '/api/codes/appeals' });
    const appealId = (queue.json() as { items: { id: string }[] }).items[0]!.id;
    expect((await official.request({ method: 'POST', url: `/api/codes/appeals/${appealId}/assign` })).statusCode).toBe(200);
    const answered = await official.request({
      method: 'POST', url: `/api/codes/appeals/${appealId}/answer`, payload: { answer: '经核实，高风险地区旅居史属实，维持红码。', outcome: 'upheld' },
    });
    expect(answered.statusCode).toBe(200);
    await page.reload();
    const answer = page.getByTestId('appeal-answer');
    await answer.waitFor();
    expect(await answer.innerText()).toContain('维持原码色');
    expect(await answer.innerText()).toContain('经核实');
    expect(await item.innerText()).toContain('已答复');
    await screenshot('code-appeal-answered');
  });

  it('a guardian switches between their own code and a dependant\'s', async () => {
    const watched = await web.newPage();
    const { page, screenshot } = watched;
    await signIn(page, GUARDIAN_PHONE);
    // The guardian binds the child with this browser's session, as the people page will (same route, same CSRF check).
    const first17 = '33010220150601044';
    const csrf = (await page.context().cookies()).find((c) => c.name === 'fy_csrf')!.value;
    const bound = (await page.request.post(`${web.origin}/api/people/me/dependants`, {
      headers: { 'x-csrf-token': csrf },
      data: { idType: 'resident_id', idNumber: first17 + residentIdCheckDigit(first17), name: '施小雨', relation: 'child' },
    })).status();
    expect(bound).toBe(201);
    await page.getByTestId('tile-declare').click();
    const switcher = page.getByTestId('person-switch');
    await switcher.getByRole('button', { name: /施\*雨/ }).click();
    await page.waitForURL(/personId=/);
    const dependantId = new URL(page.url()).searchParams.get('personId');
    await fillDeclaration(page, '36.8', ['无以上症状']);
    await submitDeclaration(page);
    expect(new URL(page.url()).searchParams.get('personId')).toBe(dependantId);
    expect(await page.getByTestId('code-name').innerText()).toBe('施*雨');
    expect(await page.getByTestId('code-colour').innerText()).toContain('绿码');
    await screenshot('code-dependant');

    // Their own code has not been declared: switching shows the friendly prompt, not an error.
    await watched.expectConsoleErrors([failedStatus(404)], async () => {
      await page.getByTestId('person-switch').getByRole('button', { name: '本人' }).click();
      await page.getByTestId('code-not-declared').waitFor();
    });
    expect(await page.getByTestId('code-card').count()).toBe(0);
    await page.getByTestId('person-switch').getByRole('button', { name: /施\*雨/ }).click();
    await page.getByTestId('code-card').waitFor();
    expect(await page.getByTestId('code-name').innerText()).toBe('施*雨');

    // 长辈模式 enlarges the code page too.
    const nameSize = Number(await page.evaluate(`parseFloat(getComputedStyle(document.querySelector('[data-testid=code-name]')).fontSize)`));
    await page.evaluate(`localStorage.setItem('fy.elderMode', '1')`);
    await page.reload();
    await page.getByTestId('code-card').waitFor();
    expect(Number(await page.evaluate(`parseFloat(getComputedStyle(document.querySelector('[data-testid=code-name]')).fontSize)`))).toBeGreaterThan(nameSize);
    await screenshot('code-elder');
  });
});

describe('every page', () => {
  it('logged no console errors and asked no other origin for anything', () => {
    expectPagesClean(web.pages);
  });
});
