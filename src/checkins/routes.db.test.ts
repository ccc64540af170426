import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { bindDependantOf, healthyDeclaration, registeredResident, staffSession, type Resident } from '../codes/colours/testing.ts';
import { onboardRegion } from '../regions/onboarding.ts';
import { issueVenueToken } from '../venues/token.ts';
import { configureCheckins } from './ingest.ts';
import { approvedVenue, BRIDGE, checkIn, expectAnswerShape, type TestVenue } from './testing.ts';

let t: TestPlatform;
let admin: Session;
let worker: Session;
let alice: Resident;
let bob: Resident;
let child: string;
let shop: TestVenue;
let cafe: TestVenue;

const rowsOf = (personId: string) => t.database.db.selectFrom('checkins').selectAll().where('personId', '=', personId).orderBy('id').execute();

beforeAll(async () => {
  t = await createTestPlatform();
  configureCheckins(t.platform.db, { dailyLimit: 4 });
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  admin = await staffSession(t, 'venue-admin1', 'venue_admin', '330106');
  worker = await staffSession(t, 'worker-xh1', 'community_worker', '330106');
  alice = await registeredResident(t, '13855550201', '林静');
  bob = await registeredResident(t, '13855550202', '王强');
  child = await bindDependantOf(alice, '林小雨');
  await alice.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(alice.personId) });
  shop = await approvedVenue(t, admin, worker, { name: '西溪超市', ...BRIDGE, geofenceRadiusM: 200 });
  cafe = await approvedVenue(t, admin, worker, { name: '西溪咖啡', kind: 'restaurant' });
});
afterAll(async () => t.close());

describe('POST /api/checkins', () => {
  it('checks a resident and a dependant in together: live colour, masked names, time, and the venue\'s default stay', async () => {
    const res = await checkIn(alice.session, { venueToken: shop.token, personIds: [alice.personId, child] });
    expect(res.statusCode, res.body).toBe(201);
    expectAnswerShape(res);
    const body = res.json();
    expect(body.venue).toMatchObject({ id: shop.id, name: '西溪超市', number: shop.number });
    expect(body.method).toBe('scan');
    expect(body.alert).toBe(false);
    const [self, dependant] = body.items;
    expect(self).toMatchObject({ personId: alice.personId, nameMasked: '林*', colour: 'green', merged: false, geofenceFar: false, distanceM: null });
    // The dependant has not declared: checked in, without a colour, and the message says so.
    expect(dependant).toMatchObject({ personId: child, nameMasked: '林*雨', colour: null, merged: false });
    expect(body.message.zh).toContain('尚未申领健康码');
    expect(new Date(self.leaveAt).getTime() - new Date(self.checkedInAt).getTime()).toBe(30 * 60_000);
    const rows = await rowsOf(alice.personId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ venueId: shop.id, venueName: '西溪超市', regionCode: '330106004', colour: 'green', method: 'scan', retentionDays: 28, nameMasked: '林*' });
    expect(String(rows[0]!.id)).toBe(self.checkinId);
  });

  it('answers a retried request with the first answer and never makes a second row', async () => {
    const key = randomUUID();
    const first = await checkIn(bob.session, { venueToken: cafe.token, personIds: [bob.personId] }, key);
    expect(first.statusCode).toBe(201);
    const again = await checkIn(bob.session, { venueToken: cafe.token, personIds: [bob.personId] }, key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body).toBe(first.body);
    expectAnswerShape(again);
    expect(await rowsOf(bob.personId)).toHaveLength(1);
  });

  it('keeps one row when two requests with one key arrive at once', async () => {
    const key = randomUUID();
    const dave = await registeredResident(t, '13855550203', '赵敏');
    const [a, b] = await Promise.all([
      checkIn(dave.session, { venueToken: cafe.token, personIds: [dave.personId] }, key),
      checkIn(dave.session, { venueToken: cafe.token, personIds: [dave.personId] }, key),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json()).toEqual(b.json());
    expect(await rowsOf(dave.personId)).toHaveLength(1);
    // Also across two server processes on one database.
    const other = await createSecondApp();
    const key2 = randomUUID();
    const [c, d] = await Promise.all([
      checkIn(dave.session, { venueToken: shop.token, personIds: [dave.personId] }, key2),
      checkIn(dave.session.on(other.app), { venueToken: shop.token, personIds: [dave.personId] }, key2),
    ]);
    expect(c.json().items[0].checkinId).toBe(d.json().items[0].checkinId);
    expect(await rowsOf(dave.personId)).toHaveLength(2);
    await other.close();
  });

  it('refuses the same key for a different request', async () => {
    const key = randomUUID();
    expect((await checkIn(bob.session, { venueToken: shop.token, personIds: [bob.personId] }, key)).statusCode).toBe(201);
    const reused = await checkIn(bob.session, { venueToken: cafe.token, personIds: [bob.personId] }, key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('CHECKIN_IDEMPOTENCY_KEY_REUSED');
  });

  it('requires an idempotency key', async () => {
    const res = await checkIn(bob.session, { venueToken: shop.token, personIds: [bob.personId] }, null);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('CHECKIN_IDEMPOTENCY_KEY_REQUIRED');
    expect((await checkIn(bob.session, { venueToken: shop.token, personIds: [bob.personId] }, 'bad key!')).json().code).toBe('CHECKIN_IDEMPOTENCY_KEY_REQUIRED');
  });

  it('merges a second check-in within 2 minutes at the same venue into the first', async () => {
    const erin = await registeredResident(t, '13855550204', '钱多');
    const first = (await checkIn(erin.session, { venueToken: shop.token, personIds: [erin.personId] })).json();
    const second = await checkIn(erin.session, { venueToken: shop.token, personIds: [erin.personId] });
    expect(second.statusCode).toBe(201);
    expect(second.json().items[0]).toMatchObject({ merged: true, checkinId: first.items[0].checkinId, checkedInAt: first.items[0].checkedInAt });
    // Another venue is another check-in.
    expect((await checkIn(erin.session, { venueToken: cafe.token, personIds: [erin.personId] })).json().items[0].merged).toBe(false);
    expect(await rowsOf(erin.personId)).toHaveLength(2);
  });

  it('stops at the daily limit, answers a retry of the refused request the same way, and writes nothing for it', async () => {
    const fay = await registeredResident(t, '13855550205', '孙丽');
    const venues = await Promise.all(['一', '二', '三', '四', '五'].map((n) => approvedVenue(t, admin, worker, { name: `第${n}商店` })));
    for (const v of venues.slice(0, 4)) expect((await checkIn(fay.session, { venueToken: v.token, personIds: [fay.personId] })).statusCode).toBe(201);
    const key = randomUUID();
    const over = await checkIn(fay.session, { venueToken: venues[4]!.token, personIds: [fay.personId] }, key);
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({ code: 'CHECKIN_DAILY_LIMIT', details: { limit: 4 } });
    const retried = await checkIn(fay.session, { venueToken: venues[4]!.token, personIds: [fay.personId] }, key);
    expect(retried.json().code).toBe('CHECKIN_DAILY_LIMIT');
    expect(await rowsOf(fay.personId)).toHaveLength(4);
  });

  it('rejects forged, edited and rotated venue codes', async () => {
    const forged = issueVenueToken({ ...t.platform.keyring, indexKey: Buffer.alloc(32, 7) }, { venueId: shop.id, tokenVersion: 1 });
    const forgedRes = await checkIn(bob.session, { venueToken: forged, personIds: [bob.personId] });
    expect(forgedRes.json().code).toBe('VENUE_TOKEN_INVALID');
    const edited = shop.token.slice(0, 5) + (shop.token[5] === 'A' ? 'B' : 'A') + shop.token.slice(6);
    expect((await checkIn(bob.session, { venueToken: edited, personIds: [bob.personId] })).json().code).toBe('VENUE_TOKEN_INVALID');
    const venue = await approvedVenue(t, admin, worker, { name: '旋转门店' });
    expect((await admin.request({ method: 'POST', url: `/api/venues/${venue.id}/rotate` })).statusCode).toBe(200);
    const rotated = await checkIn(bob.session, { venueToken: venue.token, personIds: [bob.personId] });
    expect(rotated.statusCode).toBe(410);
    expect(rotated.json().code).toBe('VENUE_TOKEN_ROTATED');
    const fresh = issueVenueToken(t.platform.keyring, { venueId: venue.id, tokenVersion: 2 });
    expect((await checkIn(bob.session, { venueToken: fresh, personIds: [bob.personId] })).statusCode).toBe(201);
  });

  it('answers a retry with the first answer even when the venue code was rotated in between', async () => {
    const venue = await approvedVenue(t, admin, worker, { name: '重试商店' });
    const key = randomUUID();
    const first = await checkIn(bob.session, { venueToken: venue.token, personIds: [bob.personId] }, key);
    await admin.request({ method: 'POST', url: `/api/venues/${venue.id}/rotate` });
    const retried = await checkIn(bob.session, { venueToken: venue.token, personIds: [bob.personId] }, key);
    expect(retried.statusCode).toBe(201);
    expect(retried.json()).toEqual(first.json());
  });

  it('flags a check-in far outside the geofence, records it anyway, and keeps one near it unflagged', async () => {
    const gus = await registeredResident(t, '13855550206', '周游');
    const far = await checkIn(gus.session, { venueToken: shop.token, personIds: [gus.personId], location: { latitude: 30.2315, longitude: 120.1489, accuracyM: 20 } });
    expect(far.statusCode).toBe(201);
    expect(far.json().items[0]).toMatchObject({ geofenceFar: true });
    expect(far.json().items[0].distanceM).toBeGreaterThan(3000);
    const near = await checkIn(gus.session, { venueToken: cafe.token, personIds: [gus.personId], location: { ...BRIDGE, accuracyM: 20 } });
    // The café has no coordinates: nothing to compare.
    expect(near.json().items[0]).toMatchObject({ geofenceFar: false, distanceM: null });
    const rows = await rowsOf(gus.personId);
    expect(rows.map((r) => r.geofenceFar)).toEqual([true, false]);
  });

  it('checks in only oneself and one\'s dependants', async () => {
    const res = await checkIn(bob.session, { venueToken: shop.token, personIds: [alice.personId] });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('PERSON_NOT_FOUND');
    const staff = await checkIn(admin, { venueToken: shop.token, personIds: [alice.personId] });
    expect(staff.statusCode).toBe(403);
  });

  it('records a red code, says so, and keeps a valid request body shape', async () => {
    const hal = await registeredResident(t, '13855550207', '吴刚');
    await hal.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(hal.personId, { contact: 'confirmed' }) });
    const res = await checkIn(hal.session, { venueToken: shop.token, personIds: [hal.personId] });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ alert: true, items: [{ colour: 'red' }] });
    expect(res.json().message.zh).toContain('红码');
    const bad = await checkIn(hal.session, { venueToken: shop.token, personIds: ['not-a-uuid'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
  });

  it('shows the colour as it is now: a change right after a check-in shows on the next one', async () => {
    const ivy = await registeredResident(t, '13855550208', '郑丽');
    await ivy.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(ivy.personId) });
    const first = await checkIn(ivy.session, { venueToken: shop.token, personIds: [ivy.personId] });
    expect(first.json()).toMatchObject({ alert: false, items: [{ colour: 'green' }] });
    // The green code is now in the process's status cache; the new declaration turns it red.
    const declared = await ivy.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(ivy.personId, { contact: 'confirmed' }) });
    expect(declared.statusCode, declared.body).toBe(201);
    const second = await checkIn(ivy.session, { venueToken: cafe.token, personIds: [ivy.personId] });
    expect(second.json()).toMatchObject({ alert: true, items: [{ colour: 'red' }] });
  });
});

describe('离开 and 我的行程', () => {
  it('records leaving within 24 hours, for oneself or a dependant only', async () => {
    const body = (await checkIn(alice.session, { venueToken: cafe.token, personIds: [child] })).json();
    const id = body.items[0].checkinId;
    const left = await alice.session.request({ method: 'POST', url: `/api/checkins/${id}/leave`, payload: { personId: child } });
    expect(left.statusCode, left.body).toBe(200);
    expect(left.json()).toMatchObject({ leftExplicitly: true, venueName: '西溪咖啡' });
    expect(new Date(left.json().leaveAt).getTime()).toBeLessThan(new Date(body.items[0].leaveAt).getTime());
    const notMine = await bob.session.request({ method: 'POST', url: `/api/checkins/${id}/leave`, payload: { personId: child } });
    expect(notMine.statusCode).toBe(404);
    const wrongPerson = await alice.session.request({ method: 'POST', url: `/api/checkins/${id}/leave`, payload: { personId: alice.personId } });
    expect(wrongPerson.json().code).toBe('CHECKIN_NOT_FOUND');
  });

  it('lists one\'s own check-ins newest first, keyset-paginated, and a dependant\'s on request', async () => {
    const page1 = await bob.session.request({ method: 'GET', url: `/api/checkins/me?personId=${bob.personId}&limit=2` });
    expect(page1.statusCode).toBe(200);
    const first = page1.json();
    expect(first.items).toHaveLength(2);
    expect(first.next).toMatch(/^\d+\.\d+$/);
    const page2 = (await bob.session.request({ method: 'GET', url: `/api/checkins/me?personId=${bob.personId}&limit=2&before=${first.next}` })).json();
    const all = [...first.items, ...page2.items];
    const times = all.map((i: { checkedInAt: string }) => Date.parse(i.checkedInAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(all.map((i: { id: number }) => i.id)).size).toBe(all.length);
    expect(all[0]).toHaveProperty('venueName');
    const dependant = await alice.session.request({ method: 'GET', url: `/api/checkins/me?personId=${child}` });
    expect(dependant.json().items.length).toBeGreaterThan(0);
    expect((await bob.session.request({ method: 'GET', url: `/api/checkins/me?personId=${child}` })).statusCode).toBe(404);
  });
});

async function createSecondApp() {
  const { buildApp } = await import('../server/app.ts');
  const { createPlatform } = await import('../server/platform.ts');
  const { createDb } = await import('../db/connection.ts');
  const { db } = createDb(t.database.url, 5);
  const platform = await createPlatform({ db, databaseUrl: t.database.url, keyring: t.platform.keyring, config: t.platform.config, print: () => undefined });
  const app = await buildApp(platform, { logger: false, serveWeb: false });
  return { app, async close() { await app.close(); await platform.close(); await db.destroy(); } };
}
