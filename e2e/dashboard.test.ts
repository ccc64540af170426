/**
 * 疫情态势 and 指挥大屏 in a real browser against the demo city (300 residents, as `npm start` seeds
 * it, with its sixty days of past cases). The demo official opens the dashboard from the menu: the
 * charts draw on canvases, the cumulative figure is the API's, the district map (the demo city's
 * schematic tiles) lists the districts the API names and shades them by new infections or by close
 * contacts under observation, the curve's Excel and PNG download, the onset basis redraws, and a change of the Rt
 * window is saved and shown. The field-work charts (check-ins by hour and per day with the abnormal
 * share, follow-up completion, screening-call results) draw and print the API's totals, the
 * follow-ups' Excel downloads, and a district without check-ins shows the check-in charts' empty state.
 * The health official loads district boundaries from a GeoJSON file (a bad file's problems are
 * named), sees their approval number, and removes them: the treemap stands in. The command screen at 1920×1080 shows the key numbers without the
 * console's chrome and, with ?refresh=2, picks up a case registered meanwhile without a reload.
 * Screenshots go to .test-data/screenshots (and, with FANGYI_DOCS_SCREENSHOTS=1, the dashboard's to
 * docs/images/dashboard.png). Needs `npm run build:web` first.
 */
import ExcelJS from 'exceljs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay, systemClock } from '../src/kernel/time.ts';
import { registerPeopleBulk } from '../src/people/service.ts';
import { registerCase } from '../src/tracing/cases.ts';
import { seedDemoCity } from '../src/demo/service.ts';
import { DEMO_PASSWORD } from '../src/demo/model/staff.ts';
import { demoStaffActor } from '../src/demo/seed-travel.ts';
import { residentId } from '../test/support/http-users.ts';
import { expectPagesClean, failedStatus } from './support/browser.ts';
import { consolePage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

let web: WebTestbed;
let today: string;
let from: string;

interface Curve { newInfections: number[]; cumulativeInfections: number[] }
interface Districts { monitoredContacts: number; items: { regionCode: string; name: string; newInfections: number; monitoredContacts: number }[] }
interface Checkins { checkins: number[]; abnormal: number[]; byHour: number[]; districts: { regionCode: string }[] }
interface FollowUps { days: string[]; due: number[]; done: number[] }
interface Calls { totals: Record<string, number> }
const sum = (xs: readonly number[]) => xs.reduce((n, x) => n + x, 0);

beforeAll(async () => {
  web = await startWebTestbed();
  await seedDemoCity({ db: web.t.database.db, keyring: web.t.platform.keyring, clock: systemClock, log: () => undefined }, { residents: 300 });
  today = shanghaiDay(new Date());
  from = shanghaiDay(new Date(Date.now() - 59 * 86_400_000));
});

afterAll(() => web?.close());

describe('the situation dashboard (疫情态势)', () => {
  it('draws the demo city\'s wave with the API\'s figures, lists its districts and downloads a chart as Excel and PNG', async () => {
    const watched = await consolePage(web, 'demo-official', DEMO_PASSWORD);
    const { page } = watched;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('menuitem', { name: '疫情态势' }).click();
    await page.getByTestId('dashboard').waitFor();
    for (const chart of ['curve', 'districts', 'map', 'colours', 'rt', 'checkins']) await page.locator(`[data-testid=dashboard-${chart}] canvas`).first().waitFor();

    const range = `regionCode=330100&from=${from}&to=${today}`;
    const curve = await (await page.request.get(`${web.origin}/api/analytics/curve?${range}&basis=reported`)).json() as Curve;
    const districts = await (await page.request.get(`${web.origin}/api/analytics/districts?${range}`)).json() as Districts;
    const cumulative = curve.cumulativeInfections.at(-1)!;
    expect(cumulative).toBeGreaterThan(200);
    await expect.poll(() => page.getByTestId('dashboard-cumulative').textContent()).toBe(String(cumulative));
    expect(await page.getByTestId('dashboard-in-range').textContent()).toBe(String(curve.newInfections.reduce((n, x) => n + x, 0)));

    const listed = page.getByTestId('dashboard-map-districts');
    expect(Number(await listed.getAttribute('data-count'))).toBe(districts.items.length);
    expect(districts.items.length).toBeGreaterThan(5);
    const names = await listed.locator('li').allTextContents();
    expect(names).toEqual(districts.items.map((d) => `${d.name.replace(/^浙江省杭州市/, '')}: ${d.newInfections}`)); // 萧山区, not 浙江省杭州市萧山区
    expect(names.some((n) => n.startsWith('萧山区'))).toBe(true);
    // The demo city's map is its schematic tiles, said so under the map.
    expect(await page.getByTestId('dashboard-map').getAttribute('data-kind')).toBe('map');
    expect(await page.getByTestId('dashboard-map-note').textContent()).toContain('示意图');
    // Close contacts under observation: the figure and the map's other shading.
    expect(districts.monitoredContacts).toBeGreaterThan(0);
    expect(await page.getByTestId('dashboard-monitored-contacts').textContent()).toBe(String(districts.monitoredContacts));
    await page.getByTestId('dashboard-map-measure').getByText('在管密接').click();
    await expect.poll(() => listed.getAttribute('data-measure')).toBe('monitoredContacts');
    expect(await listed.locator('li').allTextContents()).toEqual(districts.items.map((d) => `${d.name.replace(/^浙江省杭州市/, '')}: ${d.monitoredContacts}`));
    await page.getByTestId('dashboard-map-measure').getByText('新增感染').click();
    await watched.screenshot('dashboard');
    if (process.env.FANGYI_DOCS_SCREENSHOTS === '1') await page.screenshot({ path: 'docs/images/dashboard.png', fullPage: true, scale: 'css' });

    const [excel] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dashboard-curve-excel').click()]);
    expect(excel.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await readFile((await excel.path())!) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(61); // the header and sixty days
    expect(sheet.getRow(61).getCell(1).value).toBe(today);
    expect(sheet.getRow(61).getCell(sheet.getRow(1).cellCount).value).toBe(cumulative);

    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dashboard-curve-png').click()]);
    expect(png.suggestedFilename()).toBe(`curve-330100-${from}-${today}.png`);
    expect((await readFile((await png.path())!)).subarray(1, 4).toString()).toBe('PNG');
  });

  it('draws check-ins by hour and per day, follow-up completion and screening calls with the API\'s totals, and downloads the follow-ups as Excel', async () => {
    const watched = await consolePage(web, 'demo-official', DEMO_PASSWORD);
    const { page } = watched;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${web.origin}/admin/dashboard`);
    await page.getByTestId('dashboard').waitFor();
    const charts = ['checkin-hours', 'checkin-days', 'follow-ups', 'calls'];
    for (const chart of charts) await page.locator(`[data-testid=dashboard-${chart}] canvas`).first().waitFor();

    const range = `regionCode=330100&from=${from}&to=${today}`;
    const checkins = await (await page.request.get(`${web.origin}/api/analytics/checkins?${range}`)).json() as Checkins;
    const followUps = await (await page.request.get(`${web.origin}/api/analytics/follow-ups?${range}`)).json() as FollowUps;
    const calls = await (await page.request.get(`${web.origin}/api/analytics/calls?${range}`)).json() as Calls;
    expect(checkins.byHour).toHaveLength(24);
    expect(sum(checkins.byHour)).toBe(sum(checkins.checkins)); // every check-in has its hour
    // The demo has check-ins (in one district), monitoring plans due today and this morning's screening calls.
    expect(sum(checkins.checkins)).toBeGreaterThan(0);
    const due = sum(followUps.due);
    const done = sum(followUps.done);
    expect(due).toBeGreaterThan(0);
    const callTotal = Object.values(calls.totals).reduce((n, x) => n + x, 0);
    expect(callTotal).toBeGreaterThan(0);

    // Each chart prints its figure (the number in its text and in a data- attribute) and no empty state.
    const figure = async (chart: string, attribute: string, expected: number) => {
      const shown = page.getByTestId(`dashboard-${chart}-figure`);
      await expect.poll(() => shown.getAttribute(attribute)).toBe(String(expected));
      expect(await shown.textContent()).toMatch(new RegExp(`(^|\\D)${expected}(\\D|$)`));
      expect(await page.getByTestId(`dashboard-${chart}`).locator('.dash-chart__empty').count()).toBe(0);
    };
    await figure('checkin-hours', 'data-total', sum(checkins.byHour));
    await figure('checkin-days', 'data-total', sum(checkins.checkins));
    await figure('checkin-days', 'data-abnormal', sum(checkins.abnormal));
    await figure('follow-ups', 'data-due', due);
    await figure('follow-ups', 'data-done', done);
    await figure('calls', 'data-total', callTotal);
    for (const chart of charts) expect(await page.getByTestId(`dashboard-${chart}`).locator('figcaption strong').textContent()).toBeTruthy();
    expect(await page.getByTestId('dashboard-follow-ups').locator('figcaption strong').textContent()).toBe('随访完成情况');
    expect(await page.getByTestId('dashboard-calls').locator('figcaption strong').textContent()).toBe('智能外呼结果');
    await page.getByTestId('dashboard-follow-ups').scrollIntoViewIfNeeded();
    await watched.screenshot('dashboard-field-work');

    const [excel] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dashboard-follow-ups-excel').click()]);
    expect(excel.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await readFile((await excel.path())!) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, '日期', '应随访', '已随访', '已联系上', '完成率']);
    expect(sheet.rowCount).toBe(followUps.days.length + 1);
    expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe(today);
    let recorded = 0;
    for (let r = 2; r <= sheet.rowCount; r += 1) recorded += Number(sheet.getRow(r).getCell(3).value ?? 0);
    expect(recorded).toBe(done);
    expect(await page.getByTestId('dashboard-calls-excel').getAttribute('href')).toContain('/api/analytics/charts/calls?');
    for (const chart of ['checkin-hours', 'checkin-days']) expect(await page.getByTestId(`dashboard-${chart}-excel`).getAttribute('href')).toContain('/api/analytics/charts/checkins?');

    // A district without check-ins: both check-in charts show their empty state and no figure.
    const districts = await (await page.request.get(`${web.origin}/api/analytics/districts?${range}`)).json() as Districts;
    const quiet = districts.items.find((d) => !checkins.districts.some((c) => c.regionCode === d.regionCode))!;
    expect(quiet).toBeDefined();
    await page.getByTestId('dashboard-region').click();
    await page.getByRole('option', { name: `— ${quiet.name.replace(/^浙江省杭州市/, '')}`, exact: true }).click();
    for (const chart of ['checkin-hours', 'checkin-days']) {
      await expect.poll(() => page.getByTestId(`dashboard-${chart}`).locator('.dash-chart__empty').textContent()).toBe('所选范围内暂无数据');
      expect(await page.getByTestId(`dashboard-${chart}-figure`).count()).toBe(0);
      await page.locator(`[data-testid=dashboard-${chart}] canvas`).first().waitFor();
    }
  });

  it('loads district boundaries from a GeoJSON file for the health official, names a bad file\'s problems, and removes them for the treemap', async () => {
    const watched = await consolePage(web, 'demo-official', DEMO_PASSWORD);
    const { page } = watched;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${web.origin}/admin/dashboard`);
    await page.locator('[data-testid=dashboard-map] canvas').first().waitFor();
    const districts = await web.t.database.db.selectFrom('regions').select(['code', 'name']).where('parentCode', '=', '330100').orderBy('code').execute();
    const square = (i: number) => [[[119 + (i % 4) * 0.2, 30 - Math.floor(i / 4) * 0.2], [119.18 + (i % 4) * 0.2, 30 - Math.floor(i / 4) * 0.2], [119.18 + (i % 4) * 0.2, 30.18 - Math.floor(i / 4) * 0.2], [119 + (i % 4) * 0.2, 30 - Math.floor(i / 4) * 0.2]]];
    const geojson = (codes: string[]) => ({ type: 'FeatureCollection', features: codes.map((code, i) => ({ type: 'Feature', properties: { adcode: Number(code), name: `第${i}区` }, geometry: { type: 'Polygon', coordinates: square(i) } })) });
    const dir = await mkdtemp(path.join(tmpdir(), 'fangyi-map-'));
    const good = path.join(dir, 'hangzhou.geojson');
    const bad = path.join(dir, 'wrong-city.geojson');
    await writeFile(good, JSON.stringify(geojson(districts.map((d) => d.code))));
    await writeFile(bad, JSON.stringify(geojson(['330106', '310101'])));

    await page.getByTestId('dashboard-map-settings').click();
    await expect.poll(() => page.getByTestId('dashboard-map-current').textContent()).toContain('示意图');
    await page.getByTestId('dashboard-map-file').setInputFiles(bad);
    await page.getByTestId('dashboard-map-source').fill('杭州市规划和自然资源局（测试授权）');
    await page.getByTestId('dashboard-map-schematic').click(); // the demo's map was a schematic: these are boundaries
    await watched.expectConsoleErrors([failedStatus(400)], async () => {
      await page.getByTestId('dashboard-map-save').click();
      await expect.poll(() => page.getByTestId('dashboard-map-problems').textContent()).toContain('第 2 个要素的代码 310101 不是本市的区县');
    });

    await page.getByTestId('dashboard-map-file').setInputFiles(good);
    await page.getByTestId('dashboard-map-approval').fill('浙S(2026)099号');
    await page.getByTestId('dashboard-map-save').click();
    await expect.poll(() => page.getByTestId('dashboard-map-result').textContent()).toContain(`已保存 ${districts.length} 个区县的地图`);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('dashboard-map-note').textContent()).toContain('审图号：浙S(2026)099号');
    expect(await page.getByTestId('dashboard-map').getAttribute('data-kind')).toBe('map');
    await page.getByTestId('dashboard-map').scrollIntoViewIfNeeded();
    await watched.screenshot('dashboard-district-map');

    await page.getByTestId('dashboard-map-settings').click();
    await page.getByTestId('dashboard-map-remove').click();
    await expect.poll(() => page.getByTestId('dashboard-map-result').textContent()).toContain('已删除地图');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('dashboard-map').getAttribute('data-kind')).toBe('treemap');
    expect(await page.getByTestId('dashboard-map-note').textContent()).toContain('未上传区县地图');
    await page.locator('[data-testid=dashboard-map] canvas').first().waitFor();
    const audits = await web.t.database.db.selectFrom('auditLog').select(['action', 'actorLabel']).where('action', 'like', 'analytics.map.%').orderBy('id').execute();
    expect(audits).toEqual([{ action: 'analytics.map.set', actorLabel: 'demo-official' }, { action: 'analytics.map.remove', actorLabel: 'demo-official' }]);
  });

  it('redraws by onset day and saves the city\'s Rt window for the health official', async () => {
    const watched = await consolePage(web, 'demo-official', DEMO_PASSWORD);
    const { page } = watched;
    await page.goto(`${web.origin}/admin/dashboard`);
    await page.locator('[data-testid=dashboard-curve] canvas').first().waitFor();
    await page.getByTestId('dashboard-basis').getByText('发病日期').click();
    await expect.poll(() => page.getByTestId('dashboard-curve').locator('figcaption strong').textContent()).toBe('流行曲线（按发病日期）');

    await page.getByTestId('dashboard-rt-settings').click();
    const form = page.getByTestId('dashboard-rt-settings-form');
    await form.waitFor();
    await expect.poll(() => form.locator('input[name=rtWindowDays]').inputValue()).toBe('7');
    await form.locator('input[name=rtWindowDays]').fill('10');
    await form.locator('input[name=rtWindowDays]').blur();
    await page.getByTestId('dashboard-rt-settings-save').click();
    await expect.poll(() => page.getByTestId('dashboard-rt').textContent()).toContain('滑动窗口 10 天');
    const audit = await web.t.database.db.selectFrom('auditLog').select(['actorLabel']).where('action', '=', 'analytics.settings.change').execute();
    expect(audit).toEqual([{ actorLabel: 'demo-official' }]);
  });
});

describe('the command screen (指挥大屏)', () => {
  it('shows the key numbers at 1920×1080 without the console\'s chrome and refreshes them in place', async () => {
    const watched = await consolePage(web, 'demo-official', DEMO_PASSWORD);
    const { page } = watched;
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${web.origin}/admin/screen?refresh=2`);
    await page.getByTestId('screen').waitFor();
    const curve = await (await page.request.get(`${web.origin}/api/analytics/curve?regionCode=330100&from=${from}&to=${today}&basis=reported`)).json() as Curve;
    await expect.poll(() => page.getByTestId('screen-cumulative').textContent()).toBe(String(curve.cumulativeInfections.at(-1)));
    expect(await page.getByTestId('screen-today').textContent()).toBe(String(curve.newInfections.at(-1)));
    expect(await page.getByTestId('screen-yesterday').textContent()).toBe(String(curve.newInfections.at(-2)));
    expect(await page.getByTestId('screen-rt').textContent()).toMatch(/^\d+\.\d\d$/);
    const districts = await (await page.request.get(`${web.origin}/api/analytics/districts?regionCode=330100&from=${from}&to=${today}`)).json() as Districts;
    expect(await page.getByTestId('screen-contacts').textContent()).toBe(String(districts.monitoredContacts));
    expect(Number(await page.getByTestId('screen-map-districts').getAttribute('data-count'))).toBe(districts.items.length);
    for (const chart of ['curve', 'map', 'rt-chart']) await page.locator(`[data-testid=screen-${chart}] canvas`).first().waitFor();
    expect(await page.getByTestId('who').count()).toBe(0); // no console header
    expect(await page.locator('.el-menu').count()).toBe(0);
    expect(Number(await page.evaluate('document.documentElement.scrollHeight'))).toBeLessThanOrEqual(1080); // one wall screen, no scrolling
    await watched.screenshot('screen');

    // A case registered now appears on the next refresh, without a reload.
    const refreshes = Number(await page.getByTestId('screen-refreshed').getAttribute('data-refreshes'));
    const before = curve.newInfections.at(-1)!;
    const [personId] = await registerPeopleBulk(web.t.platform, [{ idType: 'resident_id', idNumber: residentId('330106', '19800101', '997'), name: '屏幕测试', homeRegionCode: '330106' }]);
    const official = await demoStaffActor(web.t.database.db, 'demo-official');
    await registerCase(web.t.platform, official, {
      person: { personId: personId! }, classification: 'confirmed', onsetOn: today, testedPositiveOn: today, reportedOn: today, source: 'lab', notes: null,
    });
    await expect.poll(() => page.getByTestId('screen-today').textContent()).toBe(String(before + 1));
    expect(Number(await page.getByTestId('screen-refreshed').getAttribute('data-refreshes'))).toBeGreaterThan(refreshes);
    expect(await page.getByTestId('screen-refreshed').textContent()).toMatch(/最后刷新 \d\d:\d\d:\d\d/);
    await watched.screenshot('screen-refreshed');
  });

  it('left no console errors and asked no other origin', () => {
    expectPagesClean(web.pages);
  });
});
