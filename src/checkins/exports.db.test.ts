import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { registeredResident, staffSession, type Resident } from '../codes/colours/testing.ts';
import { fixedClock } from '../kernel/time.ts';
import { onboardRegion } from '../regions/onboarding.ts';
import { buildWorkbook, MAX_EXPORT_ROWS } from './exports.ts';
import { findExportRows } from './read-store.ts';
import { approvedVenue, checkIn, type TestVenue } from './testing.ts';

const NOW = new Date('2026-11-28T04:00:00Z'); // 12:00 in Shanghai
const LARGE = 20_000;
let t: TestPlatform;
let admin: Session;
let alice: Resident;
let shop: TestVenue;

beforeAll(async () => {
  t = await createTestPlatform({ clock: fixedClock(NOW) });
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  admin = await staffSession(t, 'venue-admin5', 'venue_admin', '330106');
  const worker = await staffSession(t, 'worker-xh5', 'community_worker', '330106');
  alice = await registeredResident(t, '13855550501', '林静');
  shop = await approvedVenue(t, admin, worker, { name: '大卖场' });
  // One check-in through the API (at NOW, the last of the window), then LARGE - 1 earlier ones copied from it, one a second.
  expect((await checkIn(alice.session, { venueToken: shop.token, personIds: [alice.personId] })).statusCode).toBe(201);
  await sql`
    insert into checkins (id, person_id, venue_id, region_code, venue_name, name_masked, checked_in_at, leave_at, colour, method, distance_m, retention_days)
    select nextval('checkin_id_seq'), gen_random_uuid(), c.venue_id, c.region_code, c.venue_name, '张*' || (g % 10), c.checked_in_at - g * interval '1 second',
      c.checked_in_at - g * interval '1 second' + interval '30 minutes', (array['green', 'yellow', 'red'])[g % 3 + 1], 'scan', g % 500, c.retention_days
    from checkins c, generate_series(1, ${LARGE - 1}) g where c.person_id = ${alice.personId}`.execute(t.database.db);
}, 120_000);
afterAll(async () => t.close());

const window = { from: new Date(NOW.getTime() - 6 * 3600_000).toISOString(), to: new Date(NOW.getTime() + 60_000).toISOString() };

/** Asks for the venue's export of `window` and waits until the job has finished it (or failed). */
async function exported(venueId: string): Promise<{ id: string; status: { status: string; rowCount?: number } }> {
  const started = await admin.request({ method: 'POST', url: `/api/checkins/venues/${venueId}/exports`, payload: window });
  expect(started.statusCode, started.body).toBe(202);
  const id: string = started.json().id;
  let status = started.json();
  for (let i = 0; i < 600 && status.status !== 'done' && status.status !== 'failed'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    status = (await admin.request({ method: 'GET', url: `/api/checkins/exports/${id}` })).json();
  }
  return { id, status };
}

describe('a large check-in export', () => {
  it('streams 20,000 check-ins into one sheet: a header and every row, oldest first, with the right values', async () => {
    const { id, status } = await exported(shop.id);
    expect(status).toMatchObject({ status: 'done', rowCount: LARGE });
    const file = await admin.request({ method: 'GET', url: `/api/checkins/exports/${id}/file` });
    expect(file.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('登记记录')!;
    expect(sheet.rowCount).toBe(LARGE + 1);
    expect(sheet.getRow(1).values).toEqual([undefined, '登记时间', '姓名（脱敏）', '健康码', '离开时间', '主动离开', '登记方式', '距场所（米）', '超出范围']);
    expect(sheet.getRow(1).getCell(1).font).toMatchObject({ bold: true });
    expect(sheet.getColumn(1).width).toBe(20);
    const data: unknown[][] = [];
    sheet.eachRow((row, n) => { if (n > 1) data.push((row.values as unknown[]).slice(1)); });
    expect(data).toHaveLength(LARGE);
    // Oldest first: 12:00 minus 19,999 seconds is 06:26:41 in Shanghai; the last row is alice's, at 12:00.
    expect(data[0]).toEqual(['2026-11-28 06:26:41', `张*${(LARGE - 1) % 10}`, ['绿码', '黄码', '红码'][(LARGE - 1) % 3], '2026-11-28 06:56:41', '否', '扫码登记', (LARGE - 1) % 500, '否']);
    expect(data.at(-1)!.slice(0, 2)).toEqual(['2026-11-28 12:00:00', '林*']);
    const times = data.map((r) => r[0] as string);
    expect(times).toEqual([...times].sort());
    const { rows: [red] } = await sql<{ n: number }>`select count(*)::int as n from checkins where venue_id = ${shop.id} and colour = 'red'`.execute(t.database.db);
    expect(data.filter((r) => r[2] === '红码')).toHaveLength(red!.n);
  }, 120_000);

  it('gives the event loop a turn after every 1,000 rows it writes, not once for the whole file', async () => {
    const found = await findExportRows(t.platform.db, shop.id, { from: new Date(window.from), to: new Date(window.to), limit: LARGE + 1 });
    expect(found).toHaveLength(LARGE);
    // Each row notes the turn of the event loop in which the workbook reads it.
    let turn = 0;
    let building = true;
    const tick = () => { if (building) { turn++; setImmediate(tick); } };
    setImmediate(tick);
    const readIn: number[] = [];
    const rows = found.map((r) => Object.defineProperty({ ...r }, 'nameMasked', { get: () => { readIn.push(turn); return r.nameMasked; } }));
    const { file, rows: written } = await buildWorkbook(rows);
    building = false;
    expect(file.readUInt32LE(0)).toBe(0x04034b50); // a ZIP archive, as .xlsx is
    expect(written).toBe(LARGE);
    expect(readIn).toHaveLength(LARGE);
    const perTurn = new Map<number, number>();
    for (const n of readIn) perTurn.set(n, (perTurn.get(n) ?? 0) + 1);
    expect(perTurn.size).toBeGreaterThanOrEqual(LARGE / 1000);
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(1000);
  }, 120_000);

  it('refuses a window of more than 100,000 check-ins with CHECKIN_EXPORT_TOO_LARGE, and keeps no file', async () => {
    const worker = await staffSession(t, 'worker-xh6', 'community_worker', '330106');
    const market = await approvedVenue(t, admin, worker, { name: '批发市场' });
    expect((await checkIn(alice.session, { venueToken: market.token, personIds: [alice.personId] })).statusCode).toBe(201);
    await sql`
      insert into checkins (id, person_id, venue_id, region_code, venue_name, name_masked, checked_in_at, leave_at, colour, method, retention_days)
      select nextval('checkin_id_seq'), gen_random_uuid(), c.venue_id, c.region_code, c.venue_name, '王*', c.checked_in_at - (g % 3600) * interval '1 second',
        c.checked_in_at, 'green', 'scan', c.retention_days
      from checkins c, generate_series(1, ${MAX_EXPORT_ROWS}) g where c.venue_id = ${market.id}`.execute(t.database.db);
    const { id, status } = await exported(market.id);
    expect(status).toMatchObject({ status: 'failed' });
    const file = await admin.request({ method: 'GET', url: `/api/checkins/exports/${id}/file` });
    expect(file.json().code).toBe('CHECKIN_EXPORT_TOO_LARGE');
    const { rows: [kept] } = await sql<{ file: Buffer | null }>`select file from checkin_exports where id = ${id}`.execute(t.database.db);
    expect(kept!.file).toBeNull();
  }, 120_000);
});
