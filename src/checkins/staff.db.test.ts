import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentId, type Session } from '../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { healthyDeclaration, registeredResident, staffSession, type Resident } from '../codes/colours/testing.ts';
import { onboardRegion } from '../regions/onboarding.ts';
import { ALERT_SETTLE_MS } from './views.ts';
import { approvedVenue, checkIn, expectAnswerShape, guardCheckIn, type TestVenue } from './testing.ts';

let t: TestPlatform;
let admin: Session;
let otherAdmin: Session;
let worker: Session;
let guard: Session;
let official: Session;
let farOfficial: Session;
let alice: Resident;
let red: Resident;
let shop: TestVenue;
let otherShop: TestVenue;
const ALICE_ID = residentId('330102', '19800101', '901');

const audits = (action: string) => t.database.db.selectFrom('auditLog').select(['actorLabel', 'targetId', 'reason', 'detail']).where('action', '=', action).orderBy('id').execute();
const settle = () => new Promise((r) => setTimeout(r, ALERT_SETTLE_MS + 100));

beforeAll(async () => {
  t = await createTestPlatform();
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  admin = await staffSession(t, 'venue-admin3', 'venue_admin', '330106');
  otherAdmin = await staffSession(t, 'venue-admin4', 'venue_admin', '330106');
  worker = await staffSession(t, 'worker-xh3', 'community_worker', '330106');
  guard = await staffSession(t, 'guard-xh3', 'guard', '330106');
  official = await staffSession(t, 'official-hz3', 'health_official', '330100');
  farOfficial = await staffSession(t, 'official-nb3', 'health_official', '330200');
  alice = await registeredResident(t, '13855550401', '林静');
  red = await registeredResident(t, '13855550402', '吴刚');
  await red.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(red.personId, { contact: 'confirmed' }) });
  shop = await approvedVenue(t, admin, worker, { name: '员工超市' });
  otherShop = await approvedVenue(t, otherAdmin, worker, { name: '隔壁超市' });
  expect((await admin.request({ method: 'POST', url: `/api/venues/${shop.id}/staff`, payload: { username: 'guard-xh3', role: 'guard' } })).statusCode).toBeLessThan(300);
});
afterAll(async () => t.close());

describe('guard check-ins', () => {
  it('records a check-in from a resident\'s scanned code, with the live colour; audited as a scan and as a check-in', async () => {
    const code = (await red.session.request({ method: 'GET', url: `/api/codes/me?personId=${red.personId}` })).json().token;
    const res = await guardCheckIn(guard, { venueId: shop.id, token: code });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ method: 'guard_code', alert: true, items: [{ personId: red.personId, nameMasked: '吴*', colour: 'red' }] });
    const row = await t.database.db.selectFrom('checkins').select(['method', 'recordedByAccountId']).where('personId', '=', red.personId).executeTakeFirstOrThrow();
    expect(row.method).toBe('guard_code');
    expect(row.recordedByAccountId).not.toBeNull();
    expect((await audits('code.check')).at(-1)?.actorLabel).toBe('guard-xh3');
    const checkin = await audits('checkin.guard');
    expect(checkin).toHaveLength(1);
    expect(checkin[0]).toMatchObject({ actorLabel: 'guard-xh3', targetId: red.personId });
    expect(JSON.parse(checkin[0]!.detail)).toMatchObject({ venueId: shop.id, method: 'guard_code', colour: 'red' });
  });

  it('records a check-in by ID number, always audited (the lookup and the check-in); a retry does neither again', async () => {
    const person = await registeredPersonWithId();
    const key = 'guard-retry-key-1';
    const res = await guardCheckIn(guard, { venueId: shop.id, idType: 'resident_id', idNumber: ALICE_ID }, key);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ method: 'guard_id', items: [{ personId: person, colour: null }] });
    const lookups = await audits('person.lookup');
    expect(lookups.at(-1)).toMatchObject({ actorLabel: 'guard-xh3', targetId: person });
    expect(lookups.at(-1)!.reason).toContain(shop.number);
    const again = await guardCheckIn(guard, { venueId: shop.id, idType: 'resident_id', idNumber: ALICE_ID }, key);
    expect(again.body).toBe(res.body);
    expectAnswerShape(again);
    expect(await audits('person.lookup')).toHaveLength(lookups.length);
    expect((await audits('checkin.guard')).filter((a) => a.targetId === person)).toHaveLength(1);
  });

  it('refuses invalid codes, unknown input and staff not bound to the venue', async () => {
    const bad = await guardCheckIn(guard, { venueId: shop.id, token: 'FY1:NOT-A-CODE' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'CHECKIN_CODE_INVALID', details: { outcome: 'malformed' } });
    expect((await guardCheckIn(guard, { venueId: shop.id })).json().code).toBe('CHECKIN_GUARD_INPUT');
    const notBound = await guardCheckIn(guard, { venueId: otherShop.id, idType: 'resident_id', idNumber: ALICE_ID });
    expect(notBound.statusCode).toBe(403);
    const resident = await guardCheckIn(alice.session, { venueId: shop.id, idType: 'resident_id', idNumber: ALICE_ID });
    expect(resident.statusCode).toBe(403);
  });
});

describe('venue staff views', () => {
  it('counts today\'s check-ins by hour and feeds yellow/red alerts to poll, masked names only', async () => {
    await checkIn(alice.session, { venueToken: shop.token, personIds: [alice.personId] });
    const today = await admin.request({ method: 'GET', url: `/api/checkins/venues/${shop.id}/today` });
    expect(today.statusCode).toBe(200);
    const body = today.json();
    expect(body.hours).toHaveLength(24);
    expect(body.total).toBeGreaterThanOrEqual(3);
    expect(body.abnormal).toBe(1);
    expect(body.noCode).toBe(2);
    expect(body.hours.reduce((n: number, h: { checkins: number }) => n + h.checkins, 0)).toBe(body.total);
    await settle();
    const alerts = (await guard.request({ method: 'GET', url: `/api/checkins/venues/${shop.id}/alerts` })).json();
    expect(alerts.items).toHaveLength(1);
    expect(alerts.items[0]).toMatchObject({ nameMasked: '吴*', colour: 'red', method: 'guard_code' });
    expect(JSON.stringify(alerts)).not.toContain(red.personId);
    const polled = (await guard.request({ method: 'GET', url: `/api/checkins/venues/${shop.id}/alerts?since=${alerts.next}` })).json();
    expect(polled.items).toEqual([]);
    expect(polled.next).toBe(alerts.next);
    // A new yellow or red check-in shows up on the next poll, and only there.
    const red2 = await registeredResident(t, '13855550403', '郑红');
    await red2.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(red2.personId, { contact: 'confirmed' }) });
    await checkIn(red2.session, { venueToken: shop.token, personIds: [red2.personId] });
    await settle();
    const fresh = (await guard.request({ method: 'GET', url: `/api/checkins/venues/${shop.id}/alerts?since=${alerts.next}` })).json();
    expect(fresh.items.map((i: { nameMasked: string }) => i.nameMasked)).toEqual(['郑*']);
    expect((await guard.request({ method: 'GET', url: `/api/checkins/venues/${shop.id}/alerts?since=${fresh.next}` })).json().items).toEqual([]);
  });

  it('lets only the venue\'s staff and the area\'s officials see its check-ins (a venue admin sees only their venues)', async () => {
    expect((await otherAdmin.request({ method: 'GET', url: `/api/checkins/venues/${shop.id}/today` })).statusCode).toBe(403);
    expect((await admin.request({ method: 'GET', url: `/api/checkins/venues/${otherShop.id}/today` })).statusCode).toBe(403);
    expect((await farOfficial.request({ method: 'GET', url: `/api/checkins/venues/${shop.id}/today` })).statusCode).toBe(403);
    expect((await official.request({ method: 'GET', url: `/api/checkins/venues/${shop.id}/today` })).statusCode).toBe(200);
    expect((await alice.session.request({ method: 'GET', url: `/api/checkins/venues/${shop.id}/today` })).statusCode).toBe(403);
  });

  it('searches a time window newest first with keyset pages; audited', async () => {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const page1 = await admin.request({ method: 'GET', url: `/api/checkins/venues/${shop.id}?from=${from}&to=${to}&limit=2` });
    expect(page1.statusCode, page1.body).toBe(200);
    expect(page1.json().items).toHaveLength(2);
    const page2 = (await admin.request({ method: 'GET', url: `/api/checkins/venues/${shop.id}?from=${from}&to=${to}&limit=2&before=${page1.json().next}` })).json();
    const ids = [...page1.json().items, ...page2.items].map((i: { id: number }) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const searches = await audits('checkin.venue.search');
    expect(searches).toHaveLength(2);
    // The window is kept as it was asked (times, not empty objects).
    expect(JSON.parse(searches[0]!.detail as string)).toMatchObject({ from: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), to: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    const tooLong = await admin.request({ method: 'GET', url: `/api/checkins/venues/${shop.id}?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z` });
    expect(tooLong.json().code).toBe('CHECKIN_WINDOW_INVALID');
  });

  it('exports a window to Excel in the background; only the requester downloads it; both audited', async () => {
    const window = { from: new Date(Date.now() - 3600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    const started = await admin.request({ method: 'POST', url: `/api/checkins/venues/${shop.id}/exports`, payload: window });
    expect(started.statusCode, started.body).toBe(202);
    const id = started.json().id;
    let status = started.json().status;
    for (let i = 0; i < 50 && status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await admin.request({ method: 'GET', url: `/api/checkins/exports/${id}` })).json().status;
    }
    expect(status).toBe('done');
    expect((await guard.request({ method: 'GET', url: `/api/checkins/exports/${id}/file` })).statusCode).toBe(404);
    const file = await admin.request({ method: 'GET', url: `/api/checkins/exports/${id}/file` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('登记记录')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('登记时间');
    const names = sheet.getColumn(2).values.slice(2);
    expect(names).toContain('吴*');
    expect(names).toContain('林*');
    expect(sheet.getColumn(3).values.slice(2)).toContain('红码');
    expect(await audits('checkin.export')).toHaveLength(1);
    expect(await audits('checkin.export.download')).toHaveLength(1);
  });
});

describe('officials', () => {
  it('reads a person\'s trajectory only with a reason, audited with it; out-of-region officials get not found', async () => {
    const noReason = await official.request({ method: 'POST', url: '/api/checkins/trajectory', payload: { personId: red.personId, reason: '' } });
    expect(noReason.json().code).toBe('PERSON_REASON_REQUIRED');
    const res = await official.request({ method: 'POST', url: '/api/checkins/trajectory', payload: { personId: red.personId, reason: '密接排查 2026-11 病例' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().person).toMatchObject({ id: red.personId, nameMasked: '吴*' });
    expect(res.json().items.map((i: { venueName: string }) => i.venueName)).toContain('员工超市');
    const audit = (await audits('checkin.trajectory')).at(-1)!;
    expect(audit).toMatchObject({ actorLabel: 'official-hz3', targetId: red.personId, reason: '密接排查 2026-11 病例' });
    const far = await farOfficial.request({ method: 'POST', url: '/api/checkins/trajectory', payload: { personId: red.personId, reason: '密接排查' } });
    expect(far.statusCode).toBe(404);
    expect((await admin.request({ method: 'POST', url: '/api/checkins/trajectory', payload: { personId: red.personId, reason: '想看看' } })).statusCode).toBe(403);
  });

  it('counts check-ins per district and per street (counts only)', async () => {
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const city = await official.request({ method: 'GET', url: `/api/checkins/regions/330100/volumes?from=${day}&to=${day}` });
    expect(city.statusCode, city.body).toBe(200);
    const rows = await t.database.db.selectFrom('checkins').select('id').execute();
    expect(city.json()).toMatchObject({ total: rows.length, parts: [{ regionCode: '330106', checkins: rows.length }] });
    expect(city.json().parts[0].name).toContain('西湖区');
    const district = (await official.request({ method: 'GET', url: `/api/checkins/regions/330106/volumes?from=${day}&to=${day}` })).json();
    expect(district.parts).toEqual([expect.objectContaining({ regionCode: '330106004', checkins: rows.length })]);
    expect((await farOfficial.request({ method: 'GET', url: `/api/checkins/regions/330100/volumes?from=${day}&to=${day}` })).statusCode).toBe(403);
  });
});

/** A person registered by a community worker with a known ID number (no phone), for the guard's lookup. */
async function registeredPersonWithId(): Promise<string> {
  const res = await worker.request({ method: 'POST', url: '/api/people', payload: { idType: 'resident_id', idNumber: ALICE_ID, name: '陈默', homeRegionCode: '330106' } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
