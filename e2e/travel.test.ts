/**
 * 出行申报 in a real browser against the real server and database: a resident opens the 出行申报
 * tile, declares a trip by train into a high-risk district (picked with the region picker) and
 * sees it in 我的出行 marked as a trip into a risk area; the code turned yellow. A wrong train
 * number is refused beside its field first. The community worker of the resident's district sees the
 * trip in the console with a masked name, and the name only after giving a reason (audited).
 * Needs `npm run build:web` first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { put, staffSession } from '../src/codes/colours/testing.ts';
import { residentIdCheckDigit } from '../src/people/model/id-number.ts';
import { registerPeopleBulk } from '../src/people/service.ts';
import { expectPagesClean } from './support/browser.ts';
import { consolePage, signInResidentOnPage } from './support/sign-in.ts';
import { createStaffAccount } from '../src/accounts/service.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

const PHONE = '13977770001';
let web: WebTestbed;
let personId: string;

beforeAll(async () => {
  web = await startWebTestbed();
  const first17 = '33010219850101051';
  [personId] = await registerPeopleBulk(web.t.platform, [{ idType: 'resident_id', idNumber: first17 + residentIdCheckDigit(first17), name: '林出行', phone: PHONE, homeRegionCode: '330102' }]) as [string];
  const official = await staffSession(web.t, 'travel-e2e-official', 'health_official', '330100');
  const res = await put(official, '/api/codes/regions/330100/risk-areas', { areas: [{ regionCode: '330106', level: 'high' }] });
  expect(res.statusCode).toBe(200);
});

afterAll(() => web?.close());

describe('travel declaration on the phone', () => {
  it('declares a trip into a risk area and sees it in my trips', async () => {
    const watched = await web.newPage();
    const { page } = watched;
    await page.goto(`${web.origin}/m/sign-in`);
    await signInResidentOnPage(web, page, PHONE);
    await page.getByTestId('who').waitFor();
    await page.getByTestId('tile-travel').click();
    await page.getByTestId('travel-empty').waitFor();
    await page.getByTestId('travel-new').click();

    // The origin defaults to the home region.
    const from = page.getByTestId('travel-from').locator('input');
    await expect.poll(() => from.inputValue()).toContain('上城区');
    await page.getByTestId('travel-to').click();
    const picker = page.getByTestId('travel-picker');
    for (const level of ['浙江省', '杭州市', '西湖区']) await picker.locator('.van-cascader__option', { hasText: level }).first().click();
    await expect.poll(() => page.getByTestId('travel-to').locator('input').inputValue()).toContain('西湖区');

    await page.getByTestId('travel-number').locator('input').fill('X1');
    await page.getByTestId('travel-purpose').locator('input').fill('探亲');
    await page.getByTestId('travel-submit').click();
    await page.getByText('请填写正确的车次，如 G7512').waitFor();
    expect(await web.t.database.db.selectFrom('travelDeclarations').select('id').execute()).toEqual([]);

    await page.getByTestId('travel-number').locator('input').fill('g7512');
    await watched.screenshot('travel-declare');
    await page.getByTestId('travel-submit').click();
    await page.waitForURL(/\/m\/travel\?personId=/);
    const trip = page.getByTestId('travel-trip').first();
    await trip.waitFor();
    expect(await trip.innerText()).toContain('西湖区');
    expect(await trip.innerText()).toContain('G7512');
    await page.getByTestId('travel-risk').waitFor();
    await watched.screenshot('travel-list');

    const rows = await web.t.database.db.selectFrom('travelDeclarations').select(['personId', 'toRegionCode', 'transport', 'transportNumber', 'riskRegionCodes']).execute();
    expect(rows).toEqual([{ personId, toRegionCode: '330106', transport: 'train', transportNumber: 'G7512', riskRegionCodes: ['330106'] }]);
    const code = await web.t.database.db.selectFrom('codeStatus').select('colour').where('personId', '=', personId).executeTakeFirstOrThrow();
    expect(code.colour).toBe('yellow');
  });

  it('the district\'s community worker sees it masked and reveals it for a reason', async () => {
    await createStaffAccount(web.t.platform, { system: 'test' }, { username: 'sc-worker', displayName: '上城社工', password: 'Correct-horse-9', roles: [{ role: 'community_worker', regionCode: '330102' }] });
    const watched = await consolePage(web, 'sc-worker', 'Correct-horse-9');
    const { page } = watched;
    await page.getByRole('menuitem', { name: '出行申报' }).click();
    await page.getByTestId('travel-tabs').getByText('涉风险地区行程').click();
    await expect.poll(() => page.getByTestId('travel-trips').innerText()).toContain('林*');
    expect(await page.getByTestId('travel-trips').innerText()).not.toContain('林出行');
    await page.getByTestId('travel-trips').getByRole('button', { name: '查看详情' }).first().click();
    await page.locator('input[data-testid="travel-reason"], [data-testid="travel-reason"] input').first().fill('核实行程');
    await page.getByRole('dialog').getByRole('button', { name: '查看详情' }).click();
    await expect.poll(() => page.getByTestId('travel-revealed').innerText()).toContain('林出行');
    await watched.screenshot('travel-console');
    const audits = await web.t.database.db.selectFrom('auditLog').select(['action', 'reason']).where('action', '=', 'travel.read').execute();
    expect(audits).toEqual([{ action: 'travel.read', reason: '核实行程' }]);
    expectPagesClean(web.pages);
  });
});
