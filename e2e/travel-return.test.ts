/**
 * 返程申报 in a real browser, in the demo city as `npm start` seeds it: the demo resident finds the
 * trip that ended today in 出行申报, opens 返程申报, adds 建德市 (a high-risk area the demo official
 * published) to the places really visited with the region picker, and is told at once to stay in
 * home observation (居家观察) for 14 days; the trips page shows it too, and the demo community
 * worker finds them in the console's 居家观察 list (masked). Needs `npm run build:web` first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_DEMO_PHONE } from '../src/demo/model/households.ts';
import { DEMO_PASSWORD } from '../src/demo/model/staff.ts';
import { seedDemoCity } from '../src/demo/service.ts';
import { maskPhone } from '../src/kernel/masking.ts';
import { shanghaiDay, systemClock } from '../src/kernel/time.ts';
import { addDays, OBSERVATION_DAYS } from '../src/travel/model.ts';
import { expectPagesClean } from './support/browser.ts';
import { consolePage, signInResidentOnPage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

let web: WebTestbed;
let personId: string;
let nameMasked: string;

beforeAll(async () => {
  web = await startWebTestbed();
  await seedDemoCity({ db: web.t.database.db, keyring: web.t.platform.keyring, clock: systemClock, log: () => undefined }, { residents: 300, venues: 20 });
  const demo = await web.t.database.db.selectFrom('persons').select(['id', 'nameMasked']).where('phoneMasked', '=', maskPhone(FIRST_DEMO_PHONE)).where('synthetic', '=', true).executeTakeFirstOrThrow();
  personId = demo.id;
  nameMasked = demo.nameMasked;
});

afterAll(() => web?.close());

describe('return declaration on the phone', () => {
  it('the demo resident declares the return of the trip that ended today, from a risk area, and is put in home observation', async () => {
    const today = shanghaiDay(new Date());
    const watched = await web.newPage();
    const { page } = watched;
    await page.goto(`${web.origin}/m/sign-in`);
    await signInResidentOnPage(web, page, FIRST_DEMO_PHONE);
    await page.getByTestId('who').waitFor();
    await page.getByTestId('tile-travel').click();

    // The seeded trip: 上海 and back today, not yet declared; no risk on the way.
    const trip = page.getByTestId('travel-trip').filter({ has: page.getByTestId('travel-return') });
    await expect.poll(() => trip.count()).toBe(1);
    expect(await trip.innerText()).toContain('浦东新区');
    expect(await trip.getByTestId('travel-risk').count()).toBe(0);
    await trip.getByTestId('travel-return').click();
    await page.waitForURL(/\/m\/travel\/[0-9a-f-]+\/return$/);

    // The destination is listed as visited; 建德市 is added with the picker.
    const submit = page.getByTestId('travel-return-submit');
    await submit.waitFor();
    await expect.poll(() => page.locator('form').innerText()).toContain('浦东新区');
    expect(await page.getByTestId('travel-returned-on').locator('input').inputValue()).toBe(today);
    await page.getByRole('button', { name: '添加到访地区' }).click();
    const picker = page.getByTestId('visited-picker');
    for (const level of ['浙江省', '杭州市', '建德市']) await picker.locator('.van-cascader__option', { hasText: level }).first().click();
    await expect.poll(() => page.locator('form').innerText()).toContain('建德市');
    await picker.waitFor({ state: 'hidden' });
    await watched.screenshot('travel-return-form');
    await submit.click();

    const done = page.getByTestId('travel-return-done');
    await done.waitFor();
    const until = addDays(today, OBSERVATION_DAYS);
    expect(await done.getByTestId('travel-observation').innerText()).toContain(until);
    await watched.screenshot('travel-return-done');
    const row = await web.t.database.db.selectFrom('travelReturns')
      .select(['returnedOn', 'visitedRegionCodes', 'observationRequired', 'observationRegionCodes', 'observationUntil', 'health'])
      .where('personId', '=', personId).executeTakeFirstOrThrow();
    expect(row).toEqual({ returnedOn: today, visitedRegionCodes: ['310115', '330182'], observationRequired: true, observationRegionCodes: ['330182'], observationUntil: until, health: 'well' });

    // Back on the trips page: the trip is returned and shows the observation with its end.
    await page.getByRole('button', { name: '出行申报' }).click();
    await page.waitForURL(/\/m\/travel\?personId=/);
    const returned = page.getByTestId('travel-trip').filter({ has: page.getByTestId('travel-observation') });
    await expect.poll(() => returned.count()).toBe(1);
    expect(await returned.getByTestId('travel-status').innerText()).toBe('已返程');
    expect(await returned.getByTestId('travel-observation').innerText()).toContain(until);
    await watched.screenshot('travel-return-list');
    // Nothing on the page is wider than the phone.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    // The colour follows the return: a stay in a high-risk area within 14 days is yellow.
    const code = await web.t.database.db.selectFrom('codeStatus').select('colour').where('personId', '=', personId).executeTakeFirstOrThrow();
    expect(code.colour).toBe('yellow');
  });

  it('the demo community worker finds the resident in the 居家观察 list, masked', async () => {
    const watched = await consolePage(web, 'demo-worker', DEMO_PASSWORD);
    const { page } = watched;
    await page.getByRole('menuitem', { name: '出行申报' }).click();
    // Newest return first: the resident's, above the seeded ones.
    const rows = page.getByTestId('travel-observations').locator('.el-table__body tr');
    const observations = await web.t.database.db.selectFrom('travelReturns').select('travelId').where('observationRequired', '=', true).execute();
    expect(observations.length).toBeGreaterThan(1);
    await expect.poll(() => rows.count()).toBe(observations.length);
    const first = await rows.first().innerText();
    expect(first).toContain(nameMasked);
    expect(first).toContain('建德市');
    expect(first).toContain(addDays(shanghaiDay(new Date()), OBSERVATION_DAYS));
    await watched.screenshot('travel-return-console');
    expectPagesClean(web.pages);
  });
});
