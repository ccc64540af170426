/**
 * Venues in the console, in a real browser against the real server and database: a venue admin
 * registers a venue (region picked street by street), a community worker of the area approves it
 * from the queue, and the admin opens the print-ready poster whose QR — read back from a
 * screenshot — opens the venue's /v/ page and names that venue. The worker then imports
 * compounds from Excel: a file with a bad row is refused with the row listed, a good one imported.
 * Needs `npm run build:web` first: the server serves web/dist.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import jsQRImport from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../src/accounts/service.ts';
import { XLSX_TYPE } from '../src/venues/import-service.ts';
import { resolveVenueToken } from '../src/venues/service.ts';
import { expectPagesClean, failedStatus } from './support/browser.ts';
import { consolePage } from './support/sign-in.ts';
import { startWebTestbed, type WebTestbed } from './support/web-testbed.ts';

// jsqr is CommonJS with types declaring an ES default export: at run time the import is the function itself.
const jsQR = ((jsQRImport as unknown as { default?: unknown }).default ?? jsQRImport) as typeof jsQRImport.default;

const PASSWORD = 'Correct-horse-9';
const VENUE_NAME = '翠苑一区东门';

let web: WebTestbed;
let venueUrl: string;

const signedIn = (username: string) => consolePage(web, username, PASSWORD);

beforeAll(async () => {
  web = await startWebTestbed();
  for (const [username, displayName, role] of [['xh-venue', '陈场所', 'venue_admin'], ['xh-worker', '刘社工', 'community_worker']] as const) {
    await createStaffAccount(web.t.platform, { system: 'test' }, { username, displayName, password: PASSWORD, roles: [{ role, regionCode: '330106' }] });
  }
});

afterAll(() => web?.close());

describe('venues in the console', () => {
  it('a venue admin registers a venue: it waits for approval with its number', async () => {
    const watched = await signedIn('xh-venue');
    const { page } = watched;
    await page.getByRole('menuitem', { name: '场所码·场所' }).click();
    await page.getByTestId('venue-register').click();
    const form = page.getByTestId('venue-form');
    await form.locator('input[name=name]').fill(VENUE_NAME);
    await form.getByTestId('region-level-0').click();
    await page.getByRole('option', { name: '西溪街道', exact: true }).click();
    await expect.poll(() => form.getByTestId('region-code').textContent()).toBe('330106004');
    await form.locator('input[name=address]').fill('翠苑路 3 号');
    await form.locator('input[name=latitude]').fill('30.2863');
    await form.locator('input[name=longitude]').fill('120.1305');
    await watched.screenshot('venues-register-form');
    await form.getByTestId('venue-submit').click();
    await expect.poll(() => page.getByTestId('venues-done').textContent()).toMatch(/场所编号 330106004-\d{4}/);
    const row = page.getByTestId('venue-list').locator('tr', { hasText: VENUE_NAME });
    await expect.poll(() => row.textContent()).toContain('待审核');
  });

  it('a community worker of the area approves it from the queue', async () => {
    const { page } = await signedIn('xh-worker');
    await page.getByRole('menuitem', { name: '场所码·场所审核' }).click();
    const row = page.getByTestId('approval-queue').locator('tr', { hasText: VENUE_NAME });
    await row.getByTestId('approve').click();
    await expect.poll(() => page.getByTestId('approval-done').textContent()).toContain(VENUE_NAME);
    await expect.poll(() => page.getByTestId('approval-queue').textContent()).not.toContain(VENUE_NAME);
  });

  it('the admin opens the poster: name, number and a QR that opens the venue\'s /v/ page', async () => {
    const watched = await signedIn('xh-venue');
    const { page } = watched;
    await page.getByRole('menuitem', { name: '场所码·场所' }).click();
    await page.getByTestId('venue-list').locator('tr', { hasText: VENUE_NAME }).click();
    await expect.poll(() => page.getByTestId('venue-status').textContent()).toBe('已通过');
    const number = (await page.getByTestId('venue-number').textContent())!;
    venueUrl = (await page.getByTestId('poster-url').textContent())!;
    expect(venueUrl).toMatch(/\/v\/[A-Za-z0-9_-]{50}$/);
    await watched.screenshot('venue-detail');

    const [poster] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('open-poster').click()]);
    await poster.waitForLoadState();
    expect(await poster.getByTestId('venue-name').textContent()).toBe(VENUE_NAME);
    expect(await poster.getByTestId('venue-number').textContent()).toBe(number);
    expect(await poster.textContent('body')).toContain('请使用手机扫码登记');
    // Read the QR back from the whole page as a camera would see it.
    const shot = PNG.sync.read(await poster.screenshot({ path: path.resolve('.test-data/screenshots/venue-poster.png'), fullPage: true }));
    const decoded = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height);
    expect(decoded?.data).toBe(venueUrl);
    const token = venueUrl.slice(venueUrl.lastIndexOf('/') + 1);
    expect(await resolveVenueToken(web.t.platform, token)).toMatchObject({ name: VENUE_NAME, number, regionCode: '330106004' });
    await poster.close();
  });

  it('a community worker imports compounds from Excel: a bad file is refused row by row, a good one imported', async () => {
    const watched = await signedIn('xh-worker');
    const { page } = watched;
    await page.getByRole('menuitem', { name: '场所码·批量导入' }).click();
    const file = async (rows: unknown[][]) => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('场所');
      sheet.addRow(['场所名称*', '场所类型*', '详细地址*', '所属区划代码*']);
      for (const row of rows) sheet.addRow(row);
      return { name: 'venues.xlsx', mimeType: XLSX_TYPE, buffer: Buffer.from(await book.xlsx.writeBuffer()) };
    };
    await watched.expectConsoleErrors([failedStatus(422)], async () => {
      await page.getByTestId('import-file').setInputFiles(await file([['古荡一苑', '小区', '古荡路 1 号', '330106007'], ['古荡二苑', '赌场', '古荡路 2 号', '330106007']]));
      await page.getByTestId('import-upload').click();
      await expect.poll(() => page.getByTestId('import-failed').textContent()).toContain('未导入任何场所');
    });
    expect(await page.getByTestId('import-errors').textContent()).toContain('场所类型');
    await page.getByTestId('import-file').setInputFiles(await file([['古荡一苑', '小区', '古荡路 1 号', '330106007'], ['古荡二苑', '小区', '古荡路 2 号', '330106007']]));
    await page.getByTestId('import-upload').click();
    await expect.poll(() => page.getByTestId('import-done').textContent()).toContain('已导入 2 个场所');
    await watched.screenshot('venues-import');
  });

  it('left no console errors and asked no other origin', () => {
    expectPagesClean(web.pages, 4);
  });
});
