import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../accounts/service.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { registerPeopleBulk } from './service.ts';
import { countRows, residentId, signInStaffSession, withWrongCheckDigit, type Session } from '../../test/support/http-users.ts';

let t: TestPlatform;
let hangzhou: Session;
let ningbo: Session;
let guard: Session;
let hzPerson: string;
let nbPerson: string;
const hzId = residentId('330102', '19700707', '011');
const nbId = residentId('330203', '19800808', '022');
const password = 'correct-horse-9';

beforeAll(async () => {
  t = await createTestPlatform();
  const staff = [
    { username: 'hz.official', role: 'health_official' as const, regionCode: '330100' },
    { username: 'nb.official', role: 'health_official' as const, regionCode: '330200' },
    { username: 'hz.guard', role: 'guard' as const, regionCode: '330102' },
  ];
  for (const s of staff) await createStaffAccount(t.platform, { system: 'test' }, { username: s.username, displayName: s.username, password, roles: [{ role: s.role, regionCode: s.regionCode }] });
  [hangzhou, ningbo, guard] = (await Promise.all(staff.map((s) => signInStaffSession(t.app, s.username, password)))) as [Session, Session, Session];
  [hzPerson, nbPerson] = await registerPeopleBulk(t.platform, [
    { idType: 'resident_id', idNumber: hzId, name: '钱杭州', phone: '13900000001', address: '杭州某地', homeRegionCode: '330102' },
    { idType: 'resident_id', idNumber: nbId, name: '孙宁波', phone: '13900000002', homeRegionCode: '330203' },
    ...Array.from({ length: 4 }, (_, i) => ({ idType: 'resident_id' as const, idNumber: residentId('330106', '19900101', String(300 + i)), name: '李西湖', homeRegionCode: '330106' })),
  ]) as [string, string];
});
afterAll(async () => t.close());

async function auditRows(action: string) {
  return t.database.db.selectFrom('auditLog').select(['actorLabel', 'targetId', 'regionCode', 'reason', 'detail']).where('action', '=', action).orderBy('id').execute();
}

describe('GET /api/people (masked, scoped, keyset-paginated)', () => {
  it('pages through exactly the persons in the official’s city, masked', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const url: string = `/api/people?limit=2${after ? `&after=${after}` : ''}`;
      const res = await hangzhou.request({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      const page = res.json() as { items: Record<string, unknown>[]; next: string | null };
      for (const item of page.items) {
        expect(item).not.toHaveProperty('idNumber');
        expect(item).not.toHaveProperty('name');
        seen.push(item.id as string);
      }
      after = page.next;
    } while (after);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen).toContain(hzPerson);
    expect(seen).not.toContain(nbPerson);
  });

  it('shows masked forms and region names', async () => {
    const res = await hangzhou.request({ method: 'GET', url: '/api/people?regionCode=330102' });
    expect(res.json().items).toEqual([{ id: hzPerson, idType: 'resident_id', idNumberMasked: `330102********${hzId.slice(14)}`, nameMasked: '钱*州', phoneMasked: '139****0001', homeRegionCode: '330102', homeRegionName: '浙江省杭州市上城区' }]);
  });

  it('refuses a region outside the official’s scope and a guard without person.list', async () => {
    expect((await hangzhou.request({ method: 'GET', url: '/api/people?regionCode=330200' })).json().code).toBe('FORBIDDEN');
    expect((await guard.request({ method: 'GET', url: '/api/people' })).json().code).toBe('FORBIDDEN');
    expect((await t.app.inject({ method: 'GET', url: '/api/people' })).json().code).toBe('AUTH_REQUIRED');
  });
});

describe('POST /api/people/:id/reveal (full record, reason, audited)', () => {
  it('returns the full record and writes an audit row with the reason', async () => {
    const res = await hangzhou.request({ method: 'POST', url: `/api/people/${hzPerson}/reveal`, payload: { reason: '流调核实' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ idNumber: hzId, name: '钱杭州', phone: '13900000001', address: '杭州某地', sex: 'M', birthDate: '1970-07-07' });
    expect(await auditRows('person.read')).toEqual([{ actorLabel: 'hz.official', targetId: hzPerson, regionCode: '330102', reason: '流调核实', detail: '{}' }]);
  });

  it('answers 404 for a person in another city exactly as for one who does not exist, and audits neither', async () => {
    const before = await countRows(t.database.db, 'auditLog');
    const outOfScope = await hangzhou.request({ method: 'POST', url: `/api/people/${nbPerson}/reveal`, payload: { reason: 'check' } });
    const missing = await hangzhou.request({ method: 'POST', url: `/api/people/${randomUUID()}/reveal`, payload: { reason: 'check' } });
    expect(outOfScope.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    const { requestId: _a, ...outBody } = outOfScope.json();
    const { requestId: _b, ...missingBody } = missing.json();
    expect(outBody).toEqual(missingBody);
    expect(outBody.code).toBe('PERSON_NOT_FOUND');
    expect(await countRows(t.database.db, 'auditLog')).toBe(before);
    expect((await ningbo.request({ method: 'POST', url: `/api/people/${nbPerson}/reveal`, payload: { reason: 'check' } })).statusCode).toBe(200);
  });

  it('requires a reason of 2–200 characters', async () => {
    for (const payload of [{}, { reason: 'x' }, { reason: 'x'.repeat(201) }]) {
      const res = await hangzhou.request({ method: 'POST', url: `/api/people/${hzPerson}/reveal`, payload });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'PERSON_REASON_REQUIRED', details: { field: 'reason' } });
    }
  });

  it('refuses a guard (no person.read)', async () => {
    expect((await guard.request({ method: 'POST', url: `/api/people/${hzPerson}/reveal`, payload: { reason: 'gate' } })).json().code).toBe('FORBIDDEN');
  });
});

describe('POST /api/people (staff registration)', () => {
  const newId = residentId('330105', '19660606', '044');

  it('registers a person in the official’s city, encrypted at rest, and audits it', async () => {
    const res = await hangzhou.request({ method: 'POST', url: '/api/people', payload: { idType: 'resident_id', idNumber: newId, name: '周拱墅', phone: '139 0000 0005', homeRegionCode: '330105' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ nameMasked: '周*墅', phoneMasked: '139****0005', homeRegionCode: '330105' });
    const row = await t.database.db.selectFrom('persons').selectAll().where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(newId);
    expect(JSON.stringify(row)).not.toContain('13900000005');
    expect(row.idNumberEnc.startsWith('t1.')).toBe(true);
    expect((await auditRows('person.create')).map((a) => a.targetId)).toEqual([res.json().id]);
  });

  it('refuses another city, a duplicate, and each invalid field, writing nothing', async () => {
    const before = await countRows(t.database.db, 'persons');
    const base = { idType: 'resident_id', idNumber: residentId('330105', '19770101', '055'), name: '吴拱墅', homeRegionCode: '330105' };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ homeRegionCode: '330203' }, 403, 'FORBIDDEN'],
      [{ idNumber: newId, name: '周拱墅' }, 409, 'PERSON_ALREADY_REGISTERED'],
      [{ idNumber: withWrongCheckDigit(base.idNumber) }, 400, 'PERSON_ID_CHECK_DIGIT'],
      [{ idType: 'hk_macau_permit', idNumber: 'K12345678' }, 400, 'PERSON_ID_FORMAT'],
      [{ idType: 'taiwan_permit', idNumber: '1234567' }, 400, 'PERSON_ID_FORMAT'],
      [{ name: 'Zhou 3' }, 400, 'PERSON_NAME_INVALID'],
      [{ phone: '12345' }, 400, 'PERSON_PHONE_INVALID'],
      [{ homeRegionCode: '330199' }, 400, 'PERSON_REGION_UNKNOWN'],
    ];
    for (const [overrides, status, code] of cases) {
      const res = await hangzhou.request({ method: 'POST', url: '/api/people', payload: { ...base, ...overrides } });
      expect({ status: res.statusCode, code: res.json().code }).toEqual({ status, code });
    }
    expect(await countRows(t.database.db, 'persons')).toBe(before);
  });
});

describe('PATCH /api/people/:id (contact details)', () => {
  it('changes the phone, audits which fields changed (not their values)', async () => {
    const res = await hangzhou.request({ method: 'PATCH', url: `/api/people/${hzPerson}`, payload: { phone: '13700000009', address: null } });
    expect(res.statusCode).toBe(200);
    expect(res.json().phoneMasked).toBe('137****0009');
    const audit = await auditRows('person.update');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toEqual({ fields: ['phone', 'address'] });
    expect(audit[0]!.detail).not.toContain('13700000009');
    const read = await hangzhou.request({ method: 'POST', url: `/api/people/${hzPerson}/reveal`, payload: { reason: 'verify-update' } });
    expect(read.json()).toMatchObject({ phone: '13700000009', address: null });
  });

  it('answers 404 out of scope and 400 for a bad phone, changing nothing', async () => {
    expect((await hangzhou.request({ method: 'PATCH', url: `/api/people/${nbPerson}`, payload: { phone: '13700000010' } })).json().code).toBe('PERSON_NOT_FOUND');
    const bad = await hangzhou.request({ method: 'PATCH', url: `/api/people/${hzPerson}`, payload: { phone: '0571-1234' } });
    expect(bad.json()).toMatchObject({ code: 'PERSON_PHONE_INVALID', details: { field: 'phone' } });
    const row = await t.database.db.selectFrom('persons').select('phoneMasked').where('id', '=', hzPerson).executeTakeFirstOrThrow();
    expect(row.phoneMasked).toBe('137****0009');
    expect((await auditRows('person.update'))).toHaveLength(1);
  });
});

describe('POST /api/people/lookup (guards)', () => {
  it('shows a masked person from any city and audits the lookup', async () => {
    const res = await guard.request({ method: 'POST', url: '/api/people/lookup', payload: { idType: 'resident_id', idNumber: nbId, reason: '小区门岗核验' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ idType: 'resident_id', idNumberMasked: `330203********${nbId.slice(14)}`, nameMasked: '孙*波', homeRegionCode: '330203', homeRegionName: '浙江省宁波市海曙区' });
    const audit = await auditRows('person.lookup');
    expect(audit.at(-1)).toMatchObject({ actorLabel: 'hz.guard', targetId: nbPerson, reason: '小区门岗核验' });
    expect(JSON.parse(audit.at(-1)!.detail)).toEqual({ idType: 'resident_id', found: true });
  });

  it('audits a lookup that finds nobody too', async () => {
    const res = await guard.request({ method: 'POST', url: '/api/people/lookup', payload: { idType: 'resident_id', idNumber: residentId('110105', '19491231', '002'), reason: '门岗核验' } });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('PERSON_NOT_FOUND');
    const last = (await auditRows('person.lookup')).at(-1)!;
    expect(last).toMatchObject({ targetId: null, regionCode: '330102' });
    expect(JSON.parse(last.detail)).toEqual({ idType: 'resident_id', found: false });
  });

  it('refuses a malformed number with its own code', async () => {
    const res = await guard.request({ method: 'POST', url: '/api/people/lookup', payload: { idType: 'resident_id', idNumber: withWrongCheckDigit(nbId), reason: '门岗核验' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('PERSON_ID_CHECK_DIGIT');
  });
});
