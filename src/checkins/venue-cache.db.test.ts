import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Session } from '../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { registeredResident, staffSession, type Resident } from '../codes/colours/testing.ts';
import { loadConfig } from '../kernel/config.ts';
import { onboardRegion } from '../regions/onboarding.ts';
import { buildApp } from '../server/app.ts';
import { createPlatform, type Platform } from '../server/platform.ts';
import { VENUE_CHANGED_CHANNEL } from '../venues/changes.ts';
import { issueVenueToken } from '../venues/token.ts';
import { approvedVenue, checkIn, type TestVenue } from './testing.ts';

/*
 * Two server processes on one database, as with `serve --workers 2`: each keeps its own cache of
 * resolved venue codes. A rotation, a suspension or an edit made through A must take effect in B as
 * soon as A's transaction commits and its notification arrives — not when B's entry runs out 30 s
 * later — and in A itself at once.
 */
let a: TestPlatform;
let b: Platform;
let bApp: Awaited<ReturnType<typeof buildApp>>;
let admin: Session;
let worker: Session;
let resident: Resident;
/** The venue ids of the change notices B's hub delivered, in order (B's cache hears each one before this list does). */
const heardOnB: string[] = [];
const noticesOnB = (venueId: string) => heardOnB.filter((id) => id === venueId).length;

/** Runs a change of the venue through A, and waits until B has heard of it (within 2 s; B's entry would live 30 s). */
async function changedThroughA(venueId: string, change: () => Promise<{ statusCode: number; body: string }>): Promise<void> {
  const before = noticesOnB(venueId);
  const res = await change();
  expect(res.statusCode, res.body).toBe(200);
  expect(await eventually(() => noticesOnB(venueId) > before, 2000)).toBe(true);
}

/** An approved venue whose approval notice B has heard: nothing older can reach B's cache after this. */
async function venue(name: string): Promise<TestVenue> {
  const made = await approvedVenue(a, admin, worker, { name });
  expect(await eventually(() => noticesOnB(made.id) === 1, 2000)).toBe(true);
  return made;
}

const onB = (venueToken: string) => checkIn(resident.session.on(bApp), { venueToken, personIds: [resident.personId] });
const onA = (venueToken: string) => checkIn(resident.session, { venueToken, personIds: [resident.personId] });
const tokenOf = (venue: TestVenue, tokenVersion: number) => issueVenueToken(a.platform.keyring, { venueId: venue.id, tokenVersion });
const setTokenVersionBehindTheCachesBack = (venue: TestVenue, tokenVersion: number) =>
  a.database.db.updateTable('venues').set({ tokenVersion }).where('id', '=', venue.id).execute();

async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

beforeAll(async () => {
  a = await createTestPlatform();
  b = await createPlatform({
    db: a.database.db, databaseUrl: a.database.url, keyring: a.platform.keyring, config: { ...loadConfig({}), logLevel: 'silent' }, print: () => undefined,
  });
  bApp = await buildApp(b, { logger: false, serveWeb: false });
  await onboardRegion(a.platform, { system: 'test' }, '330100');
  admin = await staffSession(a, 'cache-venue-admin', 'venue_admin', '330106');
  worker = await staffSession(a, 'cache-worker', 'community_worker', '330106');
  resident = await registeredResident(a, '13855550901', '许晴');
  // Warms B's cache (and subscribes it) before the test's own listener, which therefore hears every notice after it.
  const first = await approvedVenue(a, admin, worker, { name: '预热小店' });
  expect((await onB(first.token)).statusCode).toBe(201);
  await b.notifications.subscribe(VENUE_CHANGED_CHANNEL, {
    onMessage(venueId) {
      heardOnB.push(venueId);
    },
    onReset() {},
  });
});
afterAll(async () => {
  await bApp.close();
  await b.close();
  await a.close();
});

describe('the per-process cache of venue codes', () => {
  it('serves a code from memory once it resolved, each process its own', async () => {
    const shop = await venue('缓存超市');
    expect((await onB(shop.token)).statusCode).toBe(201);
    await setTokenVersionBehindTheCachesBack(shop, 2);
    // Nothing announced the change: B still has the venue in memory; A never resolved it and reads the database.
    expect((await onB(shop.token)).statusCode).toBe(201);
    expect((await onA(shop.token)).json().code).toBe('VENUE_TOKEN_ROTATED');
    await setTokenVersionBehindTheCachesBack(shop, 1);
  });

  it('reads a code in use again in the background before its 30 s are up, and drops it once it no longer resolves', async () => {
    const shop = await venue('续期超市');
    // Only Date is faked (and frozen): timers, sockets and the database run as ever.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const start = Date.now();
      expect((await onB(shop.token)).statusCode).toBe(201);
      await setTokenVersionBehindTheCachesBack(shop, 2);
      vi.setSystemTime(start + 10_000);
      expect((await onB(shop.token)).statusCode).toBe(201); // from memory; not due for a refresh yet
      // Past the refresh point (20 s + up to 8 s), before the 30 s limit: still answered from memory, and read again meanwhile.
      vi.setSystemTime(start + 29_000);
      expect((await onB(shop.token)).statusCode).toBe(201);
      // Waiting in real time (Date stays at 29 s, inside the 30 s limit): only the background read can end the old entry.
      let code: string | undefined;
      for (let i = 0; i < 100 && code !== 'VENUE_TOKEN_ROTATED'; i++) {
        await new Promise((r) => setTimeout(r, 20));
        code = (await onB(shop.token)).json().code;
      }
      expect(Date.now() - start).toBe(29_000);
      expect(code).toBe('VENUE_TOKEN_ROTATED');
    } finally {
      vi.useRealTimers();
      await setTokenVersionBehindTheCachesBack(shop, 1);
    }
    expect((await onB(shop.token)).statusCode).toBe(201);
  });

  it('refuses a code rotated through another process as soon as that process commits', async () => {
    const shop = await venue('旋转超市');
    expect((await onB(shop.token)).statusCode).toBe(201);
    await changedThroughA(shop.id, () => admin.request({ method: 'POST', url: `/api/venues/${shop.id}/rotate` }));
    const old = await onB(shop.token);
    expect(old.statusCode).toBe(410);
    expect(old.json().code).toBe('VENUE_TOKEN_ROTATED');
    expect((await onB(tokenOf(shop, 2))).statusCode).toBe(201);
  });

  it('refuses the code of a venue suspended through another process at once, and takes it again once reinstated', async () => {
    const shop = await venue('暂停超市');
    expect((await onB(shop.token)).statusCode).toBe(201);
    await changedThroughA(shop.id, () => worker.request({ method: 'POST', url: `/api/venues/${shop.id}/suspend`, payload: { reason: '疫情防控需要暂停' } }));
    const refused = await onB(shop.token);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('VENUE_NOT_ACTIVE');
    await changedThroughA(shop.id, () => worker.request({ method: 'POST', url: `/api/venues/${shop.id}/approve` }));
    expect((await onB(shop.token)).statusCode).toBe(201);
  });

  it('answers with a venue\'s new name and stay, and refuses its poster once it switched to daily codes, as soon as the edit commits', async () => {
    const shop = await venue('改名之前');
    expect((await onB(shop.token)).json().venue.name).toBe('改名之前');
    await changedThroughA(shop.id, () => admin.request({ method: 'PATCH', url: `/api/venues/${shop.id}`, payload: { name: '改名之后', defaultStayMinutes: 90 } }));
    const other = await registeredResident(a, '13855550902', '许阳');
    const after = await checkIn(other.session.on(bApp), { venueToken: shop.token, personIds: [other.personId] });
    expect(after.statusCode).toBe(201);
    expect(after.json().venue.name).toBe('改名之后');
    const [item] = after.json().items;
    expect(new Date(item.leaveAt).getTime() - new Date(item.checkedInAt).getTime()).toBe(90 * 60_000);

    await changedThroughA(shop.id, () => admin.request({ method: 'PATCH', url: `/api/venues/${shop.id}`, payload: { codeMode: 'daily' } }));
    expect((await onB(shop.token)).json().code).toBe('VENUE_TOKEN_EXPIRED');
  });

  it('shows the process that made a change its own change at once', async () => {
    const shop = await venue('本机超市');
    expect((await onA(shop.token)).statusCode).toBe(201);
    expect((await admin.request({ method: 'POST', url: `/api/venues/${shop.id}/rotate` })).statusCode).toBe(200);
    expect((await onA(shop.token)).json().code).toBe('VENUE_TOKEN_ROTATED');
    expect((await worker.request({ method: 'POST', url: `/api/venues/${shop.id}/suspend`, payload: { reason: '暂停营业检查' } })).statusCode).toBe(200);
    expect((await onA(tokenOf(shop, 2))).json().code).toBe('VENUE_NOT_ACTIVE');
  });

  it('reads the database while it cannot hear notifications, and caches again once it listens again', async () => {
    const shop = await venue('断线超市');
    expect((await onB(shop.token)).statusCode).toBe(201);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where query like 'listen %' and datname = current_database()`.execute(a.database.db);
    expect(await eventually(() => !b.notifications.listening, 1000)).toBe(true);
    await setTokenVersionBehindTheCachesBack(shop, 2);
    expect((await onB(shop.token)).json().code).toBe('VENUE_TOKEN_ROTATED');
    expect(await eventually(() => b.notifications.listening, 5000)).toBe(true);
    const current = tokenOf(shop, 2);
    expect((await onB(current)).statusCode).toBe(201);
    await setTokenVersionBehindTheCachesBack(shop, 3);
    expect((await onB(current)).statusCode).toBe(201); // from memory again
  });
});
