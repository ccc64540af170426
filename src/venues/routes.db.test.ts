import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../accounts/service.ts';
import { signInStaffSession, type Session } from '../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { staffSession } from '../codes/colours/testing.ts';
import { AppError } from '../kernel/errors.ts';
import { fixedClock } from '../kernel/time.ts';
import { addVenuesBulk, requireVenueStaff, resolveVenueToken } from './service.ts';
import { issueVenueToken, venueDayNumber } from './token.ts';

let t: TestPlatform;
let admin: Session;
let otherAdmin: Session;
let worker: Session;
let farWorker: Session;
let official: Session;

const XIXI = '330106004'; // 西湖区 西溪街道
const venueInput = (overrides: Record<string, unknown> = {}) => ({ name: '晨光小区', kind: 'residential', address: '文三路 1 号', regionCode: XIXI, ...overrides });
const register = (session: Session, overrides: Record<string, unknown> = {}) => session.request({ method: 'POST', url: '/api/venues', payload: venueInput(overrides) });
const post = (session: Session, url: string, payload?: Record<string, unknown>) => session.request({ method: 'POST', url, ...(payload ? { payload } : {}) });

async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
  return 'no error';
}

async function approvedVenue(name: string, overrides: Record<string, unknown> = {}) {
  const created = (await register(admin, { name, ...overrides })).json();
  const approved = await post(worker, `/api/venues/${created.id}/approve`);
  expect(approved.statusCode).toBe(200);
  return approved.json();
}

beforeAll(async () => {
  t = await createTestPlatform();
  admin = await staffSession(t, 'venue-a', 'venue_admin', '330106');
  otherAdmin = await staffSession(t, 'venue-b', 'venue_admin', '330106');
  worker = await staffSession(t, 'worker-xh', 'community_worker', '330106');
  farWorker = await staffSession(t, 'worker-sc', 'community_worker', '330102');
  official = await staffSession(t, 'official-hz', 'health_official', '330100');
});
afterAll(async () => t.close());

describe('registration and approval', () => {
  it('registers a pending venue with a number and the kind\'s default stay; the admin becomes its administrator; audited', async () => {
    const res = await register(admin, { latitude: 30.2741, longitude: 120.1551, openingHours: '每天 06:00-22:00' });
    expect(res.statusCode).toBe(201);
    const venue = res.json();
    expect(venue).toMatchObject({
      status: 'pending', defaultStayMinutes: 720, geofenceRadiusM: 200, checkinMode: 'confirm', codeMode: 'static', myRelation: 'admin', canManage: true,
      canDecide: false, tokenVersion: 1, regionCode: XIXI,
    });
    expect(venue.number).toMatch(/^330106004-\d{4}$/);
    expect(venue.regionName).toContain('西溪街道');
    const audit = await t.database.db.selectFrom('auditLog').select(['actorLabel', 'regionCode']).where('action', '=', 'venue.register').where('targetId', '=', venue.id).executeTakeFirstOrThrow();
    expect(audit).toEqual({ actorLabel: 'venue-a', regionCode: XIXI });
    const second = (await register(admin, { name: '晨光小区二期' })).json();
    expect(Number(second.number.split('-')[1])).toBe(Number(venue.number.split('-')[1]) + 1);
  });

  it('is approved by a community worker of the area, not by one of another area nor by the venue admin', async () => {
    const { id } = (await register(admin, { name: '西溪超市', kind: 'shop' })).json();
    const far = await post(farWorker, `/api/venues/${id}/approve`);
    expect(far.statusCode).toBe(403);
    expect((await post(admin, `/api/venues/${id}/approve`)).statusCode).toBe(403);
    const queue = (await worker.request({ method: 'GET', url: '/api/venues?scope=region&status=pending' })).json();
    expect(queue.items.map((v: { id: string }) => v.id)).toContain(id);
    expect((await farWorker.request({ method: 'GET', url: '/api/venues?scope=region&status=pending' })).json().items).toEqual([]);
    const approved = await post(worker, `/api/venues/${id}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', defaultStayMinutes: 30 });
    const again = await post(worker, `/api/venues/${id}/approve`);
    expect(again.json().code).toBe('VENUE_STATUS_CONFLICT');
    const audit = await t.database.db.selectFrom('auditLog').select('actorLabel').where('action', '=', 'venue.approve').where('targetId', '=', id).execute();
    expect(audit).toEqual([{ actorLabel: 'worker-xh' }]);
  });

  it('refuses approval by someone who registered the venue, even holding both roles', async () => {
    await createStaffAccount(t.platform, { system: 'test' }, {
      username: 'both-roles', displayName: 'both', password: 'correct-horse-9',
      roles: [{ role: 'venue_admin', regionCode: '330106' }, { role: 'community_worker', regionCode: '330106' }],
    });
    const both = await signInStaffSession(t.app, 'both-roles', 'correct-horse-9');
    const { id } = (await register(both, { name: '自批小区' })).json();
    const res = await post(both, `/api/venues/${id}/approve`);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('VENUE_SELF_APPROVAL');
  });

  it('rejects with a reason; an edit puts it back to pending', async () => {
    const { id } = (await register(admin, { name: '待改餐厅', kind: 'restaurant' })).json();
    expect((await post(worker, `/api/venues/${id}/reject`, { reason: ' ' })).json().code).toBe('VENUE_REASON_REQUIRED');
    const rejected = (await post(worker, `/api/venues/${id}/reject`, { reason: '地址不详' })).json();
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '地址不详' });
    const edited = await admin.request({ method: 'PATCH', url: `/api/venues/${id}`, payload: { address: '文三路 99 号 1 楼' } });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ status: 'pending', rejectReason: null, address: '文三路 99 号 1 楼', defaultStayMinutes: 90, name: '待改餐厅' });
  });

  it('names every bad field, unknown regions and regions outside the admin\'s area', async () => {
    const bad = await register(admin, { name: 'x', latitude: 95, longitude: 120, geofenceRadiusM: 10, kind: 'casino' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VENUE_INPUT_INVALID');
    expect(bad.json().details.problems.map((p: { field: string }) => p.field).sort()).toEqual(['geofenceRadiusM', 'kind', 'latitude', 'name']);
    expect((await register(admin, { regionCode: '330106999' })).json().code).toBe('VENUE_REGION_UNKNOWN');
    const outside = await register(admin, { regionCode: '330102001' });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().code).toBe('VENUE_REGION_OUT_OF_SCOPE');
    expect((await register(worker)).statusCode).toBe(403);
    const count = await t.database.db.selectFrom('venues').select((eb) => eb.fn.countAll<number>().as('n')).where('regionCode', '=', '330102001').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });
});

describe('scoping', () => {
  it('shows a venue admin only their own venues', async () => {
    const mine = await approvedVenue('我的小区');
    const theirs = (await register(otherAdmin, { name: '别人的小区' })).json();
    const list = (await admin.request({ method: 'GET', url: '/api/venues?scope=mine&limit=200' })).json();
    const ids = list.items.map((v: { id: string }) => v.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    expect((await admin.request({ method: 'GET', url: `/api/venues/${theirs.id}` })).statusCode).toBe(403);
    expect((await admin.request({ method: 'GET', url: `/api/venues/${theirs.id}/poster` })).statusCode).toBe(403);
    expect((await post(admin, `/api/venues/${theirs.id}/rotate`)).statusCode).toBe(403);
    expect((await admin.request({ method: 'GET', url: '/api/venues?scope=region' })).statusCode).toBe(403);
  });

  it('pages through the area\'s venues by number', async () => {
    const first = (await official.request({ method: 'GET', url: '/api/venues?scope=region&limit=2' })).json();
    expect(first.items).toHaveLength(2);
    const second = (await official.request({ method: 'GET', url: `/api/venues?scope=region&limit=2&after=${first.next}` })).json();
    expect(second.items[0].number > first.items[1].number).toBe(true);
    expect((await official.request({ method: 'GET', url: '/api/venues?scope=region&after=drop%20table' })).statusCode).toBe(400);
  });

  it('lets bound guards and the area\'s officials be venue staff, no one else', async () => {
    const venue = await approvedVenue('门岗小区');
    const guard = await staffSession(t, 'guard-xh', 'guard', '330106');
    await staffSession(t, 'guard-far', 'guard', '330102');
    expect((await guard.request({ method: 'GET', url: `/api/venues/${venue.id}` })).statusCode).toBe(403);
    const farBind = await post(admin, `/api/venues/${venue.id}/staff`, { username: 'guard-far', role: 'guard' });
    expect(farBind.json().code).toBe('VENUE_STAFF_ROLE_MISSING');
    expect((await post(admin, `/api/venues/${venue.id}/staff`, { username: 'nobody', role: 'guard' })).json().code).toBe('VENUE_STAFF_ACCOUNT_NOT_FOUND');
    const bound = await post(admin, `/api/venues/${venue.id}/staff`, { username: 'guard-xh', role: 'guard' });
    expect(bound.statusCode).toBe(200);
    expect((await guard.request({ method: 'GET', url: `/api/venues/${venue.id}` })).json()).toMatchObject({ myRelation: 'guard', canManage: false });
    expect((await guard.request({ method: 'GET', url: '/api/venues?scope=mine' })).json().items.map((v: { id: string }) => v.id)).toEqual([venue.id]);
    // Guards see but do not manage.
    expect((await post(guard, `/api/venues/${venue.id}/rotate`)).statusCode).toBe(403);
    const staff = (await admin.request({ method: 'GET', url: `/api/venues/${venue.id}/staff` })).json().items;
    expect(staff.map((s: { username: string; role: string }) => `${s.username}:${s.role}`).sort()).toEqual(['guard-xh:guard', 'venue-a:admin']);
    const adminId = staff.find((s: { role: string }) => s.role === 'admin').accountId;
    expect((await admin.request({ method: 'DELETE', url: `/api/venues/${venue.id}/staff/${adminId}` })).json().code).toBe('VENUE_STAFF_LAST_ADMIN');
    const guardId = staff.find((s: { role: string }) => s.role === 'guard').accountId;
    expect((await admin.request({ method: 'DELETE', url: `/api/venues/${venue.id}/staff/${guardId}` })).json()).toEqual({ removed: true });
    expect((await guard.request({ method: 'GET', url: `/api/venues/${venue.id}` })).statusCode).toBe(403);
    const actions = await t.database.db.selectFrom('auditLog').select('action').where('targetId', '=', venue.id).where('action', 'like', 'venue.staff.%').orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['venue.staff.bind', 'venue.staff.unbind']);
  });

  it('requireVenueStaff: the venue for its admin and the area\'s officials, FORBIDDEN for others', async () => {
    const venue = await approvedVenue('查看小区');
    const actorOf = async (username: string) => {
      const account = await t.database.db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirstOrThrow();
      const roles = await t.database.db.selectFrom('accountRoles').select(['role', 'regionCode']).where('accountId', '=', account.id).execute();
      return { accountId: account.id, kind: 'staff' as const, personId: null, label: username, roles: roles.map((r) => ({ role: r.role as 'guard', regionCode: r.regionCode })) };
    };
    expect(await requireVenueStaff(t.platform, await actorOf('venue-a'), venue.id)).toMatchObject({ id: venue.id, name: '查看小区', number: venue.number, autoCheckin: false });
    expect((await requireVenueStaff(t.platform, await actorOf('official-hz'), venue.id)).id).toBe(venue.id);
    expect(await failureOf(requireVenueStaff(t.platform, await actorOf('worker-sc'), venue.id))).toBe('FORBIDDEN');
    expect(await failureOf(requireVenueStaff(t.platform, await actorOf('venue-b'), venue.id))).toBe('FORBIDDEN');
    expect(await failureOf(requireVenueStaff(t.platform, undefined, venue.id))).toBe('AUTH_REQUIRED');
    expect(await failureOf(requireVenueStaff(t.platform, await actorOf('venue-a'), '00000000-0000-4000-8000-000000000000'))).toBe('VENUE_NOT_FOUND');
  });
});

describe('venue tokens', () => {
  it('resolves an approved venue\'s poster token; rotation retires it (VENUE_TOKEN_ROTATED), audited', async () => {
    const venue = await approvedVenue('轮换小区', { checkinMode: 'auto', latitude: 30.27, longitude: 120.15, geofenceRadiusM: 300 });
    const old = issueVenueToken(t.platform.keyring, { venueId: venue.id, tokenVersion: 1 });
    expect(await resolveVenueToken(t.platform, old)).toEqual({
      id: venue.id, name: '轮换小区', kind: 'residential', regionCode: XIXI, address: '文三路 1 号', latitude: 30.27, longitude: 120.15,
      geofenceRadiusM: 300, defaultStayMinutes: 720, autoCheckin: true, number: venue.number,
    });
    const rotated = await post(admin, `/api/venues/${venue.id}/rotate`);
    expect(rotated.json()).toEqual({ tokenVersion: 2 });
    expect(await failureOf(resolveVenueToken(t.platform, old))).toBe('VENUE_TOKEN_ROTATED');
    const fresh = issueVenueToken(t.platform.keyring, { venueId: venue.id, tokenVersion: 2 });
    expect((await resolveVenueToken(t.platform, fresh)).id).toBe(venue.id);
    // A version the venue never had is a forgery, not a rotation.
    expect(await failureOf(resolveVenueToken(t.platform, issueVenueToken(t.platform.keyring, { venueId: venue.id, tokenVersion: 3 })))).toBe('VENUE_TOKEN_INVALID');
    const link = (await admin.request({ method: 'GET', url: `/api/venues/${venue.id}/poster-link` })).json();
    expect(link.url.endsWith(`/v/${fresh}`)).toBe(true);
    // Where every venue code starts, for the resident app's scanner: public, and the poster's URL is under it.
    const base = await t.app.inject({ method: 'GET', url: '/api/venues/link-base' });
    expect(base.statusCode).toBe(200);
    expect(base.json()).toEqual({ url: `${t.platform.config.publicBaseUrl}/v/` });
    expect(link.url).toBe(`${base.json().url}${fresh}`);
    const audit = await t.database.db.selectFrom('auditLog').select('detail').where('action', '=', 'venue.token.rotate').where('targetId', '=', venue.id).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail)).toMatchObject({ from: 1, to: 2 });
  });

  it('rejects forged tokens and tokens of venues not approved or suspended', async () => {
    expect(await failureOf(resolveVenueToken(t.platform, 'not-a-token'))).toBe('VENUE_TOKEN_INVALID');
    const unknown = issueVenueToken(t.platform.keyring, { venueId: '00000000-0000-4000-8000-00000000abcd', tokenVersion: 1 });
    expect(await failureOf(resolveVenueToken(t.platform, unknown))).toBe('VENUE_TOKEN_INVALID');
    const pending = (await register(admin, { name: '未审小区' })).json();
    expect(await failureOf(resolveVenueToken(t.platform, issueVenueToken(t.platform.keyring, { venueId: pending.id, tokenVersion: 1 })))).toBe('VENUE_NOT_ACTIVE');
    const venue = await approvedVenue('暂停小区');
    const token = issueVenueToken(t.platform.keyring, { venueId: venue.id, tokenVersion: 1 });
    expect((await post(worker, `/api/venues/${venue.id}/suspend`, { reason: '冒用' })).json().status).toBe('suspended');
    expect(await failureOf(resolveVenueToken(t.platform, token))).toBe('VENUE_NOT_ACTIVE');
    const res = await t.app.inject({ method: 'GET', url: `/api/venues/by-token/${token}` });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'VENUE_NOT_ACTIVE', zh: expect.any(String), en: expect.any(String) });
    expect((await post(worker, `/api/venues/${venue.id}/approve`)).json().status).toBe('approved');
    expect((await t.app.inject({ method: 'GET', url: `/api/venues/by-token/${token}` })).json()).toMatchObject({ id: venue.id, name: '暂停小区' });
  });

  it('takes a daily code on its day and for 5 minutes after midnight; refuses the poster token of a daily venue', async () => {
    const venue = await approvedVenue('每日码超市', { kind: 'shop', codeMode: 'daily' });
    const clock = fixedClock(new Date('2026-11-28T10:00:00+08:00'));
    const deps = { ...t.platform, clock };
    const today = issueVenueToken(t.platform.keyring, { venueId: venue.id, tokenVersion: 1, day: venueDayNumber(clock.now()) });
    expect((await resolveVenueToken(deps, today)).id).toBe(venue.id);
    clock.set(new Date('2026-11-29T00:04:59+08:00'));
    expect((await resolveVenueToken(deps, today)).id).toBe(venue.id);
    clock.set(new Date('2026-11-29T00:05:00+08:00'));
    expect(await failureOf(resolveVenueToken(deps, today))).toBe('VENUE_TOKEN_EXPIRED');
    const tomorrow = issueVenueToken(t.platform.keyring, { venueId: venue.id, tokenVersion: 1, day: venueDayNumber(clock.now()) + 1 });
    expect(await failureOf(resolveVenueToken(deps, tomorrow))).toBe('VENUE_TOKEN_EXPIRED');
    expect(await failureOf(resolveVenueToken(deps, issueVenueToken(t.platform.keyring, { venueId: venue.id, tokenVersion: 1 })))).toBe('VENUE_TOKEN_EXPIRED');
    // The screen code is today's; the static poster is refused for a daily venue.
    const code = (await admin.request({ method: 'GET', url: `/api/venues/${venue.id}/screen-code` })).json();
    expect((await resolveVenueToken(t.platform, code.token)).id).toBe(venue.id);
    expect(code.url.endsWith(`/v/${code.token}`)).toBe(true);
    expect((await admin.request({ method: 'GET', url: `/api/venues/${venue.id}/poster` })).json().code).toBe('VENUE_DAILY_ONLY');
    const screen = await admin.request({ method: 'GET', url: `/api/venues/${venue.id}/screen` });
    expect(screen.statusCode).toBe(200);
    expect(screen.body).toMatch(/<meta http-equiv="refresh" content="\d+">/);
    expect(screen.body).toContain('<svg');
  });

  it('gives seeded venues numbers, default stays and working tokens', async () => {
    const [id] = await addVenuesBulk(t.database.db, [{ regionCode: '330102001', name: '演示·清波 菜市场', kind: 'shop', address: '清波街', synthetic: true }]);
    const resolved = await resolveVenueToken(t.platform, issueVenueToken(t.platform.keyring, { venueId: id!, tokenVersion: 1 }));
    expect(resolved).toMatchObject({ number: '330102001-0001', defaultStayMinutes: 30, autoCheckin: false });
  });
});

describe('OpenAPI', () => {
  it('documents the venue routes under the venues tag', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const route of ['/api/venues/', '/api/venues/{id}/poster', '/api/venues/{id}/rotate', '/api/venues/import', '/api/venues/{id}/staff']) {
      expect(Object.keys(doc.paths), route).toContain(route);
    }
    expect(doc.paths['/api/venues/{id}/rotate'].post.tags).toEqual(['venues']);
  });
});
