import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../accounts/service.ts';
import { isTenant } from './service.ts';
import { onboardRegion } from './onboarding.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';

let t: TestPlatform;
const password = 'correct-horse-9';

async function signIn(username: string, pass = password): Promise<{ fy_session: string; csrf: string }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username, password: pass } });
  expect(res.statusCode).toBe(200);
  const session = res.cookies.find((c) => c.name === 'fy_session')!.value;
  return { fy_session: session, csrf: res.json().csrfToken };
}

async function insertPerson(homeRegionCode: string): Promise<void> {
  const id = randomUUID();
  await t.database.db.insertInto('persons').values({
    id, idType: 'passport', idNumberEnc: 'x', idNumberHash: id, idNumberMasked: 'E1****23', nameEnc: 'x', nameMasked: '张*', homeRegionCode,
  }).execute();
}

async function count(table: 'tenants' | 'accounts' | 'signingKeys' | 'auditLog'): Promise<number> {
  const row = await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  t = await createTestPlatform();
  const staff = [
    { username: 'nat-admin', role: 'sysadmin', regionCode: '000000' },
    { username: 'hz-official', role: 'health_official', regionCode: '330100' },
    { username: 'xh-worker', role: 'community_worker', regionCode: '330106' },
  ] as const;
  for (const s of staff) {
    await createStaffAccount(t.platform, { system: 'test' }, { username: s.username, displayName: s.username, password, roles: [{ role: s.role, regionCode: s.regionCode }] });
  }
});
afterAll(async () => t.close());

describe('public region lookups', () => {
  it('lists the districts of 杭州 including 西湖区', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/regions?parent=330100' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toContainEqual({ code: '330106', name: '西湖区', fullName: '浙江省杭州市西湖区', level: 3, parentCode: '330100', isTenant: false });
  });

  it('lists provinces by default, one keyset page after another', async () => {
    const first = (await t.app.inject({ method: 'GET', url: '/api/regions?limit=10' })).json();
    expect(first.items).toHaveLength(10);
    expect(first.items.every((r: { level: number }) => r.level === 1)).toBe(true);
    const second = (await t.app.inject({ method: 'GET', url: `/api/regions?limit=100&after=${first.nextAfter}` })).json();
    expect(second.items[0].code > first.nextAfter).toBe(true);
    expect(second.nextAfter).toBeNull();
    expect([...first.items, ...second.items].map((r: { code: string }) => r.code)).toContain('330000');
  });

  it('describes one region and names unknown codes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/regions/330106' });
    expect(res.json()).toMatchObject({ name: '西湖区', level: 3, parentCode: '330100', isTenant: false });
    const missing = await t.app.inject({ method: 'GET', url: '/api/regions/990100' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'REGION_NOT_FOUND', zh: expect.any(String), en: expect.any(String) });
    expect((await t.app.inject({ method: 'GET', url: '/api/regions?parent=990100' })).json().code).toBe('REGION_NOT_FOUND');
    expect((await t.app.inject({ method: 'GET', url: '/api/regions/33a' })).json().code).toBe('VALIDATION_FAILED');
  });
});

describe('region statistics', () => {
  beforeAll(async () => {
    const street = await t.database.db.selectFrom('regions').select('code').where('parentCode', '=', '330106').limit(1).executeTakeFirstOrThrow();
    for (const code of ['330106', '330106', street.code, '330102', '330203']) await insertPerson(code);
    await t.database.db.insertInto('venues').values({ id: randomUUID(), regionCode: '330106', name: '西湖文化广场', kind: 'public_place', address: '杭州' }).execute();
    await t.database.db.insertInto('organisations').values({ id: randomUUID(), regionCode: '330105', name: '某公司', kind: 'company' }).execute();
  });

  it('needs a sign-in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/regions/330106/stats' });
    expect(res.statusCode).toBe(401);
  });

  it('lets a 杭州 official see a district of 杭州 but not 宁波', async () => {
    const { fy_session } = await signIn('hz-official');
    const own = await t.app.inject({ method: 'GET', url: '/api/regions/330106/stats', cookies: { fy_session } });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual({ regionCode: '330106', residents: 3, venues: 1, organisations: 0, staffAccounts: 1, countedAt: expect.any(String) });
    const other = await t.app.inject({ method: 'GET', url: '/api/regions/330200/stats', cookies: { fy_session } });
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('FORBIDDEN');
  });

  it('counts a whole city and the whole country', async () => {
    const { fy_session } = await signIn('nat-admin');
    const city = (await t.app.inject({ method: 'GET', url: '/api/regions/330100/stats', cookies: { fy_session } })).json();
    expect(city).toEqual({ regionCode: '330100', residents: 4, venues: 1, organisations: 1, staffAccounts: 2, countedAt: expect.any(String) });
    const nation = (await t.app.inject({ method: 'GET', url: '/api/regions/000000/stats', cookies: { fy_session } })).json();
    expect(nation).toMatchObject({ residents: 5, staffAccounts: 3 });
    const missing = await t.app.inject({ method: 'GET', url: '/api/regions/990100/stats', cookies: { fy_session } });
    expect(missing.json().code).toBe('REGION_NOT_FOUND');
  });
});

describe('onboarding a city', () => {
  const onboard = (code: string, who: { fy_session: string; csrf: string }, payload: object = {}) => t.app.inject({
    method: 'POST', url: `/api/regions/${code}/onboard`, cookies: { fy_session: who.fy_session }, headers: { 'x-csrf-token': who.csrf }, payload,
  });

  it('creates the tenant, an admin who can sign in and a signing key, all audited', async () => {
    const nat = await signIn('nat-admin');
    const res = await onboard('330100', nat);
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const result = res.json();
    expect(result).toMatchObject({ regionCode: '330100', displayName: '浙江省杭州市', adminUsername: 'admin-330100', signingKeyId: expect.stringMatching(/^330100-\d{8}-/) });
    const admin = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: 'admin-330100', password: result.adminPassword } });
    expect(admin.statusCode).toBe(200);
    expect(admin.json().roles).toEqual([{ role: 'sysadmin', regionCode: '330100', regionName: '浙江省杭州市' }]);
    const tenant = await t.database.db.selectFrom('tenants').selectAll().where('regionCode', '=', '330100').executeTakeFirstOrThrow();
    expect(tenant.settings).toMatchObject({ timeZone: 'Asia/Shanghai' });
    const key = await t.database.db.selectFrom('signingKeys').selectAll().where('kid', '=', result.signingKeyId).executeTakeFirstOrThrow();
    expect(key.algorithm).toBe('Ed25519');
    const passwordHash = (await t.database.db.selectFrom('accounts').select('passwordHash').where('username', '=', 'admin-330100').executeTakeFirstOrThrow()).passwordHash;
    expect(passwordHash).not.toContain(result.adminPassword);
    const audit = await t.database.db.selectFrom('auditLog').selectAll().where('action', '=', 'region.onboard').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actorLabel: 'nat-admin', targetId: '330100' });
    expect(audit.detail).not.toContain(result.adminPassword);
    expect((await t.app.inject({ method: 'GET', url: '/api/regions/330100' })).json().isTenant).toBe(true);
  });

  it('refuses a second onboarding and writes nothing', async () => {
    const nat = await signIn('nat-admin');
    const before = await Promise.all([count('tenants'), count('accounts'), count('signingKeys')]);
    const res = await onboard('330100', nat, { adminUsername: 'second-admin' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'REGION_ALREADY_ONBOARDED', zh: '该地区已开通' });
    expect(await Promise.all([count('tenants'), count('accounts'), count('signingKeys')])).toEqual(before);
  });

  it('rolls the tenant back when the admin account cannot be created', async () => {
    const nat = await signIn('nat-admin');
    const res = await onboard('330200', nat, { adminUsername: 'hz-official' });
    expect(res.json().code).toBe('ACCOUNT_USERNAME_TAKEN');
    const tenant = await t.database.db.selectFrom('tenants').select('regionCode').where('regionCode', '=', '330200').executeTakeFirst();
    expect(tenant).toBeUndefined();
    const keys = await t.database.db.selectFrom('signingKeys').select('kid').where('regionCode', '=', '330200').execute();
    expect(keys).toEqual([]);
  });

  it('names unknown and non-city codes', async () => {
    const nat = await signIn('nat-admin');
    const unknown = await onboard('990100', nat);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('REGION_NOT_FOUND');
    const district = await onboard('330106', nat);
    expect(district.statusCode).toBe(400);
    expect(district.json().code).toBe('REGION_NOT_ONBOARDABLE');
  });

  it('is only for a sysadmin covering the city', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/regions/330300/onboard', payload: {} })).statusCode).toBe(401);
    const official = await signIn('hz-official');
    const res = await onboard('330300', official);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });

  it('lets only one of two simultaneous onboardings of a city through', async () => {
    const results = await Promise.allSettled([
      onboardRegion(t.platform, { system: 'test' }, '330400', { adminUsername: 'jx-admin-a' }),
      onboardRegion(t.platform, { system: 'test' }, '330400', { adminUsername: 'jx-admin-b' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'REGION_ALREADY_ONBOARDED' });
    const admins = await t.database.db.selectFrom('accounts').select('username').where('username', 'in', ['jx-admin-a', 'jx-admin-b']).execute();
    expect(admins).toHaveLength(1);
    expect(await isTenant(t.database.db, '330400')).toBe(true);
    expect(await isTenant(t.database.db, '330500')).toBe(false);
  });
});
