import ExcelJS from 'exceljs';
import jsQRImport from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { staffSession } from '../codes/colours/testing.ts';
import { XLSX_TYPE } from './import-service.ts';
import { resolveVenueToken } from './service.ts';

// jsqr is CommonJS with types declaring an ES default export: at run time the import is the function itself.
const jsQR = ((jsQRImport as unknown as { default?: unknown }).default ?? jsQRImport) as typeof jsQRImport.default;

let t: TestPlatform;
let admin: Session;
let worker: Session;

const XIXI = '330106004';
const HEADERS = ['场所名称*', '场所类型*', '详细地址*', '所属区划代码*', '纬度', '经度', '电子围栏半径（米）', '开放时间', '默认停留时长（分钟）', '登记方式', '场所码类型'];

async function workbook(rows: unknown[][], headers = HEADERS): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('场所');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const upload = (session: Session, file: Buffer, type = XLSX_TYPE) =>
  session.request({ method: 'POST', url: '/api/venues/import', payload: file, headers: { 'content-type': type } });

async function countVenues(): Promise<number> {
  const row = await t.database.db.selectFrom('venues').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  t = await createTestPlatform();
  admin = await staffSession(t, 'venue-p', 'venue_admin', '330106');
  worker = await staffSession(t, 'worker-p', 'community_worker', '330106');
});
afterAll(async () => t.close());

describe('posters', () => {
  it('prints an A4 page with the name, number, instructions and an SVG QR of the /v/ URL; PNG and SVG downloads decode to it', async () => {
    const { id, number } = (await admin.request({ method: 'POST', url: '/api/venues', payload: { name: '翠苑<一区>', kind: 'residential', address: '翠苑路 3 号', regionCode: XIXI } })).json();
    expect((await admin.request({ method: 'GET', url: `/api/venues/${id}/poster` })).json().code).toBe('VENUE_NOT_ACTIVE');
    await worker.request({ method: 'POST', url: `/api/venues/${id}/approve` });

    const png = await admin.request({ method: 'GET', url: `/api/venues/${id}/qr.png` });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-disposition']).toContain(`venue-${number}.png`);
    const image = PNG.sync.read(png.rawPayload);
    const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    expect(decoded?.data).toMatch(/^http:\/\/localhost:8080\/v\/[A-Za-z0-9_-]{50}$/);
    const url = decoded!.data;
    const token = url.slice(url.lastIndexOf('/') + 1);
    expect((await resolveVenueToken(t.platform, token)).id).toBe(id);

    const poster = await admin.request({ method: 'GET', url: `/api/venues/${id}/poster` });
    expect(poster.statusCode).toBe(200);
    expect(poster.headers['content-type']).toContain('text/html');
    expect(poster.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(poster.body).toContain('@page{size:A4');
    expect(poster.body).toContain('翠苑&#60;一区&#62;'); // escaped, never markup
    expect(poster.body).toContain('请使用手机扫码登记');
    expect(poster.body).toContain(number);
    expect(poster.body).toContain('西溪街道');
    expect(poster.body).not.toContain('<script');
    // The poster's inline SVG is exactly the QR of the decoded URL.
    const expectedSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'Q', margin: 4 });
    expect(poster.body).toContain(expectedSvg);
    const svg = await admin.request({ method: 'GET', url: `/api/venues/${id}/qr.svg` });
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toBe(expectedSvg);
    expect(QRCode.create(url, { errorCorrectionLevel: 'Q' }).version).toBeLessThanOrEqual(6);

    // After rotation the poster carries the new token.
    await admin.request({ method: 'POST', url: `/api/venues/${id}/rotate` });
    const after = await admin.request({ method: 'GET', url: `/api/venues/${id}/poster` });
    expect(after.body).not.toContain(expectedSvg);
    expect(await resolveVenueToken(t.platform, token).catch((e: { code: string }) => e.code)).toBe('VENUE_TOKEN_ROTATED');
  });
});

describe('Excel import', () => {
  it('offers a template with Chinese headers that imports as it is once filled in', async () => {
    const res = await worker.request({ method: 'GET', url: '/api/venues/import/template' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as Parameters<typeof book.xlsx.load>[0]);
    const sheet = book.getWorksheet('场所')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(sheet.getCell('B2').dataValidation).toMatchObject({ type: 'list' });
    expect(book.getWorksheet('填写说明')).toBeDefined();
    sheet.getRow(2).values = ['模板小区', '小区', '古荡路 8 号', XIXI];
    const filled = Buffer.from(await book.xlsx.writeBuffer());
    const imported = await upload(worker, filled);
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ imported: 1, venues: [{ row: 2, name: '模板小区' }] });
    expect((await admin.request({ method: 'GET', url: '/api/venues/import/template' })).statusCode).toBe(403);
  });

  it('imports a good file: every venue approved at once, numbered, audited', async () => {
    const before = await countVenues();
    const file = await workbook([
      ['金桥花园', '小区', '金桥路 1 号', XIXI, 30.28, 120.12, 300, '全天', '', '扫码即登记', ''],
      ['金桥超市', '商超', '金桥路 2 号', Number(XIXI), '', '', '', '08:00-22:00', 45, '', ''],
      ['金桥学校', 'school', '金桥路 3 号', '330106', '', '', '', '', '', '', '每日动态码'],
    ]);
    const res = await upload(worker, file);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.imported).toBe(3);
    expect(body.venues.map((v: { row: number }) => v.row)).toEqual([2, 3, 4]);
    expect(await countVenues()).toBe(before + 3);
    const rows = await t.database.db.selectFrom('venues').select(['name', 'status', 'defaultStayMinutes', 'checkinMode', 'codeMode', 'geofenceRadiusM', 'number'])
      .where('name', 'like', '金桥%').orderBy('name').execute();
    expect(rows).toEqual([
      { name: '金桥学校', status: 'approved', defaultStayMinutes: 480, checkinMode: 'confirm', codeMode: 'daily', geofenceRadiusM: null, number: expect.stringMatching(/^330106-\d{4}$/) },
      { name: '金桥花园', status: 'approved', defaultStayMinutes: 720, checkinMode: 'auto', codeMode: 'static', geofenceRadiusM: 300, number: expect.stringMatching(/^330106004-\d{4}$/) },
      { name: '金桥超市', status: 'approved', defaultStayMinutes: 45, checkinMode: 'confirm', codeMode: 'static', geofenceRadiusM: null, number: expect.stringMatching(/^330106004-\d{4}$/) },
    ]);
    const audits = await t.database.db.selectFrom('auditLog').select(['action', 'actorLabel']).where('action', 'in', ['venue.import', 'venue.import.file']).execute();
    expect(audits.filter((a) => a.action === 'venue.import')).toHaveLength(3 + 1); // + the template test's row
    expect(audits.every((a) => a.actorLabel === 'worker-p')).toBe(true);
    // The worker manages them (no venue admin yet): the poster prints.
    const poster = await worker.request({ method: 'GET', url: `/api/venues/${body.venues[0].id}/poster` });
    expect(poster.statusCode).toBe(200);
  });

  it('imports nothing from a file with bad rows and lists every problem by row and column', async () => {
    const before = await countVenues();
    const file = await workbook([
      ['好的小区', '小区', '好路 1 号', XIXI],
      ['', '赌场', '坏路 2 号', '330106999', 95, 120, '', '', '', '', ''],
      ['经度缺失', '小区', '坏路 3 号', XIXI, 30.1, '', '', '', 'abc', '', ''],
      ['外区小区', '小区', '坏路 4 号', '330102001'],
      ['好的小区', '小区', '好路 1 号', XIXI],
      ['金桥花园', '小区', '重复路', XIXI],
    ]);
    const res = await upload(worker, file);
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('VENUE_IMPORT_ROWS_INVALID');
    expect(body.zh).toContain('未导入任何场所');
    const errors = body.details.errors.map((e: { row: number; column: string; code: string }) => `${e.row}|${e.column}|${e.code}`);
    expect(errors).toEqual([
      '3|场所名称|required', '3|场所类型|unknown_choice', '3|纬度|range',
      '4|经度|pair', '4|默认停留时长（分钟）|not_a_number',
      '5|所属区划代码|region_out_of_scope',
      '6|场所名称|duplicate_in_file',
      '7|场所名称|duplicate_existing',
    ]);
    expect(body.details.errors[0].zh).toBe('必填项未填写');
    expect(body.details.errors.find((e: { row: number }) => e.row === 6).zh).toContain('第 2 行');
    expect(await countVenues()).toBe(before);
  });

  it('refuses unreadable files, missing columns, empty sheets, and other roles', async () => {
    const notExcel = await upload(worker, Buffer.from('name,kind\n小区,小区\n'));
    expect(notExcel.statusCode).toBe(400);
    expect(notExcel.json().code).toBe('VENUE_IMPORT_FILE_INVALID');
    const missing = await upload(worker, await workbook([['甲', '小区']], ['场所名称', '场所类型']));
    expect(missing.statusCode).toBe(422);
    expect(missing.json().details.errors.map((e: { column: string; code: string }) => `${e.column}|${e.code}`)).toEqual(['详细地址|missing_column', '所属区划代码|missing_column']);
    expect((await upload(worker, await workbook([]))).json().code).toBe('VENUE_IMPORT_EMPTY');
    expect((await upload(admin, await workbook([['甲小区', '小区', '路', XIXI]]))).statusCode).toBe(403);
    expect((await upload(worker, Buffer.from('x'), 'text/plain')).json().code).toBe('VENUE_IMPORT_FILE_INVALID');
    expect((await upload(worker, Buffer.from('x'), 'image/png')).json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});
