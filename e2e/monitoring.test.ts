/**
 * 居家观察 in a real browser, in the demo city: a monitoring plan started for a synthetic resident
 * (as a return from a risk area starts it; that path is covered by src/monitoring/plans.db.test.ts)
 * lands on the demo community worker's 今日随访, who records the day's follow-up on a phone-sized
 * page; the demo official finds the plan under 居家观察 with that follow-up and ends it early with a
 * reason. Needs `npm run build:web` first.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/demo/model/staff.ts';
import { seedDemoCity } from '../src/demo/service.ts';
import { shanghaiDay, systemClock } from '../src/kernel/time.ts';
import { addDays } from '../src/monitoring/model.ts';
import { startMonitoringPlan } from '../src/monitoring/service.ts';
import { expectPagesClean } from './support/browser.ts';
import { consolePage, signInStaffOnPage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

let web: WebTestbed;
let planId: string;
let nameMasked: string;

beforeAll(async () => {
  web = await startWebTestbed();
  await seedDemoCity({ db: web.t.database.db, keyring: web.t.platform.keyring, clock: systemClock, log: () => undefined }, { residents: 300, venues: 20 });
  // Someone without a plan yet (the demo seeds some) whose masked name no one else has, so the lists show them once.
  const persons = await web.t.database.db.selectFrom('persons').select(['id', 'nameMasked']).where('synthetic', '=', true).where('homeRegionCode', 'like', '3301%').orderBy('id').execute();
  const watched = new Set((await web.t.database.db.selectFrom('monitoringPlans').select('personId').execute()).map((p) => p.personId));
  const count = (name: string) => persons.filter((p) => p.nameMasked === name).length;
  const person = persons.find((p) => !watched.has(p.id) && count(p.nameMasked) === 1)!;
  nameMasked = person.nameMasked;
  const plan = await startMonitoringPlan({ db: web.t.database.db, clock: systemClock }, {
    personId: person.id, reason: 'travel_return', sourceRef: randomUUID(), startOn: addDays(shanghaiDay(new Date()), -2),
  });
  planId = plan!.id;
});

afterAll(() => web?.close());

describe('home observation follow-ups', () => {
  it('the demo community worker records today\'s follow-up from the phone', async () => {
    const watched = await web.newPage(); // phone-sized
    const { page } = watched;
    await page.goto(`${web.origin}/admin/sign-in`);
    await signInStaffOnPage(page, 'demo-worker', DEMO_PASSWORD);
    await page.getByTestId('who').waitFor();
    await page.goto(`${web.origin}/admin/monitoring/today`);
    const card = page.getByTestId('monitoring-card').filter({ hasText: nameMasked });
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.innerText()).toContain('今日未随访');
    expect(await card.innerText()).toContain('还剩 12 天');
    await card.getByTestId('monitoring-record').click();
    const form = page.getByTestId('monitoring-follow-up-form');
    await form.waitFor();
    await form.getByRole('button', { name: '36.5' }).click();
    await watched.screenshot('monitoring-follow-up-form');
    await form.getByTestId('monitoring-submit').click();
    await page.getByText('已记录随访').waitFor();
    await expect.poll(() => card.innerText()).toContain('今日已随访');
    await form.waitFor({ state: 'detached' });
    await page.locator('.el-drawer').waitFor({ state: 'hidden' });
    await watched.screenshot('monitoring-today');
    const rows = await web.t.database.db.selectFrom('monitoringFollowUps').select(['reached', 'temperature', 'symptoms']).where('planId', '=', planId).execute();
    expect(rows).toEqual([{ reached: true, temperature: '36.5', symptoms: ['none'] }]);
    // The cards and the form fit the phone: nothing is wider than the screen.
    expect(await page.evaluate('document.querySelector(".today").scrollWidth')).toBeLessThanOrEqual(375);
  });

  it('the demo official sees the plan with its follow-up under 居家观察 and ends it early with a reason', async () => {
    const watched = await consolePage(web, 'demo-official', DEMO_PASSWORD);
    const { page } = watched;
    await page.getByRole('menuitem', { name: '居家观察' }).click();
    const row = page.getByTestId('monitoring-plans').locator('.el-table__body tr').filter({ hasText: nameMasked });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain('演示·社区工作者');
    await row.getByTestId('monitoring-open').click();
    const detail = page.getByTestId('monitoring-detail');
    await detail.waitFor();
    await expect.poll(() => detail.getByTestId('monitoring-follow-ups').innerText()).toContain('36.5℃');
    await detail.getByTestId('monitoring-end-reason').fill('转入集中隔离点');
    await detail.getByTestId('monitoring-end').click();
    await detail.getByText('已结束监测计划').waitFor();
    await watched.screenshot('monitoring-plans-detail');
    const plan = await web.t.database.db.selectFrom('monitoringPlans').select(['status', 'endReason']).where('id', '=', planId).executeTakeFirstOrThrow();
    expect(plan).toEqual({ status: 'ended', endReason: '转入集中隔离点' });
    expectPagesClean(web.pages);
  });
});
