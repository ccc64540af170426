import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../accounts/service.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { bindDependantsBulk, registerPeopleBulk } from './service.ts';
import { countRows, residentId, signInResidentSession, signInStaffSession, withWrongCheckDigit, type Session } from '../../test/support/http-users.ts';

let t: TestPlatform;
let alice: Session;
const aliceId = residentId('330102', '19880514', '022');

beforeAll(async () => {
  t = await createTestPlatform();
  alice = await signInResidentSession(t.app, t.database.db, '13811110001');
});
afterAll(async () => t.close());

const identity = (overrides: Record<string, unknown> = {}) => ({ idType: 'resident_id', idNumber: aliceId, name: '王丽', homeRegionCode: '330102', ...overrides });

describe('POST/GET /api/people/me', () => {
  it('answers PERSON_NOT_REGISTERED before registration', async () => {
    const res = await alice.request({ method: 'GET', url: '/api/people/me' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'PERSON_NOT_REGISTERED', zh: expect.any(String), en: expect.any(String) });
  });

  it.each([
    ['PERSON_ID_FORMAT', { idNumber: '33010219880514' }, 'idNumber'],
    ['PERSON_ID_REGION', { idNumber: residentId('030102', '19880514', '022') }, 'idNumber'],
    ['PERSON_ID_BIRTH_DATE', { idNumber: residentId('330102', '19880230', '022') }, 'idNumber'],
    ['PERSON_ID_CHECK_DIGIT', { idNumber: withWrongCheckDigit(aliceId) }, 'idNumber'],
    ['PERSON_ID_FORMAT', { idType: 'passport', idNumber: 'E12-34' }, 'idNumber'],
    ['PERSON_NAME_INVALID', { name: '王丽2' }, 'name'],
    ['PERSON_NAME_INVALID', { name: '' }, 'name'],
    ['PERSON_ADDRESS_INVALID', { address: '路'.repeat(201) }, 'address'],
    ['PERSON_REGION_UNKNOWN', { homeRegionCode: '339999' }, 'homeRegionCode'],
  ])('refuses %s with 400 and writes nothing (%j)', async (code, overrides, field) => {
    const before = await countRows(t.database.db, 'persons');
    const res = await alice.request({ method: 'POST', url: '/api/people/me', payload: identity(overrides) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code, details: { field } });
    expect(await countRows(t.database.db, 'persons')).toBe(before);
  });

  it('registers the identity, links the account and takes over the account phone', async () => {
    const res = await alice.request({ method: 'POST', url: '/api/people/me', payload: identity({ idNumber: ` ${aliceId} `, address: '杭州市上城区某路 1 号' }) });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      idNumber: aliceId, idNumberMasked: `330102********${aliceId.slice(14)}`, name: '王丽', nameMasked: '王*', sex: 'F', birthDate: '1988-05-14',
      phone: '13811110001', phoneMasked: '138****0001', address: '杭州市上城区某路 1 号', homeRegionName: '浙江省杭州市上城区',
    });
    const me = await alice.request({ method: 'GET', url: '/api/me' });
    expect(me.json().personId).toBe(res.json().id);
    const mine = await alice.request({ method: 'GET', url: '/api/people/me' });
    expect(mine.json()).toMatchObject({ id: res.json().id, name: '王丽', phone: '13811110001' });
  });

  it('stores ID number, name, phone and address only encrypted', async () => {
    const row = await t.database.db.selectFrom('persons').selectAll().where('idNumberMasked', '=', `330102********${aliceId.slice(14)}`).executeTakeFirstOrThrow();
    const stored = JSON.stringify(row);
    for (const plain of [aliceId, '13811110001', '王丽', '某路']) expect(stored).not.toContain(plain);
  });

  it('refuses a second registration for the same account', async () => {
    const res = await alice.request({ method: 'POST', url: '/api/people/me', payload: identity() });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('PERSON_ACCOUNT_ALREADY_LINKED');
  });

  it('lets a resident claim a staff-registered record only with the exact name', async () => {
    const idNumber = residentId('330106', '19550101', '013');
    const [personId] = await registerPeopleBulk(t.platform, [{ idType: 'resident_id', idNumber, name: '赵大伯', homeRegionCode: '330106' }]);
    const bob = await signInResidentSession(t.app, t.database.db, '13811110002');
    const wrong = await bob.request({ method: 'POST', url: '/api/people/me', payload: { idType: 'resident_id', idNumber, name: '赵大白', homeRegionCode: '330106' } });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().code).toBe('PERSON_ALREADY_REGISTERED');
    const right = await bob.request({ method: 'POST', url: '/api/people/me', payload: { idType: 'resident_id', idNumber, name: '赵大伯', homeRegionCode: '330106' } });
    expect(right.statusCode).toBe(201);
    expect(right.json()).toMatchObject({ id: personId, phone: '13811110002' });
  });

  it('refuses a record already linked to another account', async () => {
    const carol = await signInResidentSession(t.app, t.database.db, '13811110003');
    const res = await carol.request({ method: 'POST', url: '/api/people/me', payload: identity() });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('PERSON_ALREADY_REGISTERED');
  });

  it('is for residents only', async () => {
    await createStaffAccount(t.platform, { system: 'test' }, { username: 'worker1', displayName: '社工', password: 'correct-horse-9', roles: [{ role: 'community_worker', regionCode: '330102' }] });
    const staff = await signInStaffSession(t.app, 'worker1', 'correct-horse-9');
    const res = await staff.request({ method: 'POST', url: '/api/people/me', payload: identity() });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('PERSON_RESIDENT_ONLY');
  });
});

describe('dependants (一人绑定多人)', () => {
  const kidId = residentId('330102', '20180301', '035');
  let kid: string;

  it('registers a new dependant in the guardian’s home region and audits the binding', async () => {
    const res = await alice.request({ method: 'POST', url: '/api/people/me/dependants', payload: { idType: 'resident_id', idNumber: kidId, name: '王小宝', relation: 'child' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: '王小宝', nameMasked: '王*宝', relation: 'child', homeRegionCode: '330102' });
    kid = res.json().id;
    const audit = await t.database.db.selectFrom('auditLog').select(['action', 'targetId']).where('action', '=', 'dependant.bind').execute();
    expect(audit).toEqual([{ action: 'dependant.bind', targetId: kid }]);
    const list = await alice.request({ method: 'GET', url: '/api/people/me/dependants' });
    expect(list.json().items.map((d: { id: string }) => d.id)).toEqual([kid]);
  });

  it('lets the guardian act for the dependant but not for a stranger', async () => {
    const own = await alice.request({ method: 'GET', url: `/api/people/me/dependants/${kid}` });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ idNumber: kidId, name: '王小宝', birthDate: '2018-03-01' });
    const [stranger] = await registerPeopleBulk(t.platform, [{ idType: 'passport', idNumber: 'X9876543', name: 'John Smith', homeRegionCode: '330102' }]);
    const res = await alice.request({ method: 'GET', url: `/api/people/me/dependants/${stranger}` });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('PERSON_NOT_FOUND');
  });

  it('binds an existing person by ID number and exact name only', async () => {
    const before = await countRows(t.database.db, 'guardianships');
    const wrong = await alice.request({ method: 'POST', url: '/api/people/me/dependants', payload: { idType: 'passport', idNumber: 'x9876543', name: 'John Smyth', relation: 'other' } });
    expect(wrong.json().code).toBe('PERSON_ALREADY_REGISTERED');
    expect(await countRows(t.database.db, 'guardianships')).toBe(before);
    const right = await alice.request({ method: 'POST', url: '/api/people/me/dependants', payload: { idType: 'passport', idNumber: 'x9876543', name: 'John  Smith', relation: 'other' } });
    expect(right.statusCode).toBe(201);
    expect(right.json()).toMatchObject({ name: 'John Smith', idNumberMasked: 'X9****43' });
  });

  it('refuses binding oneself, binding twice and a bad relation', async () => {
    const self = await alice.request({ method: 'POST', url: '/api/people/me/dependants', payload: { idType: 'resident_id', idNumber: aliceId, name: '王丽', relation: 'other' } });
    expect(self.json().code).toBe('DEPENDANT_SELF');
    const twice = await alice.request({ method: 'POST', url: '/api/people/me/dependants', payload: { idType: 'resident_id', idNumber: kidId, name: '王小宝', relation: 'child' } });
    expect(twice.json().code).toBe('DEPENDANT_ALREADY_BOUND');
    const relation = await alice.request({ method: 'POST', url: '/api/people/me/dependants', payload: { idType: 'resident_id', idNumber: kidId, name: '王小宝', relation: 'cousin' } });
    expect(relation.statusCode).toBe(400);
    expect(relation.json().code).toBe('VALIDATION_FAILED');
  });

  it('refuses an eleventh dependant with DEPENDANT_LIMIT', async () => {
    const guardian = (await alice.request({ method: 'GET', url: '/api/people/me' })).json().id as string;
    const current = (await alice.request({ method: 'GET', url: '/api/people/me/dependants' })).json().items.length as number;
    const extra = await registerPeopleBulk(t.platform, Array.from({ length: 10 - current }, (_, i) => ({
      idType: 'resident_id' as const, idNumber: residentId('330102', '20000101', String(100 + i)), name: '王家人', homeRegionCode: '330102',
    })));
    await bindDependantsBulk(t.database.db, extra.map((dependantId) => ({ guardianId: guardian, dependantId, relation: 'other' as const })));
    const before = await countRows(t.database.db, 'persons');
    const res = await alice.request({ method: 'POST', url: '/api/people/me/dependants', payload: { idType: 'resident_id', idNumber: residentId('330102', '20200101', '200'), name: '王十一', relation: 'child' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('DEPENDANT_LIMIT');
    expect(await countRows(t.database.db, 'persons')).toBe(before);
  });

  it('unbinds, audits it, and then no longer lets the guardian act for them', async () => {
    const res = await alice.request({ method: 'DELETE', url: `/api/people/me/dependants/${kid}` });
    expect(res.statusCode).toBe(204);
    const audit = await t.database.db.selectFrom('auditLog').select('targetId').where('action', '=', 'dependant.unbind').execute();
    expect(audit).toEqual([{ targetId: kid }]);
    expect((await alice.request({ method: 'GET', url: `/api/people/me/dependants/${kid}` })).json().code).toBe('PERSON_NOT_FOUND');
    expect((await alice.request({ method: 'DELETE', url: `/api/people/me/dependants/${kid}` })).json().code).toBe('DEPENDANT_NOT_FOUND');
  });

  it('needs the resident’s own registration first', async () => {
    const dave = await signInResidentSession(t.app, t.database.db, '13811110004');
    const res = await dave.request({ method: 'POST', url: '/api/people/me/dependants', payload: { idType: 'resident_id', idNumber: kidId, name: '王小宝', relation: 'child' } });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('PERSON_NOT_REGISTERED');
  });
});

describe('malformed ids', () => {
  it('answer 404 with a stable code, never a database error', async () => {
    expect((await alice.request({ method: 'DELETE', url: '/api/people/me/dependants/not-a-uuid' })).json().code).toBe('DEPENDANT_NOT_FOUND');
    expect((await alice.request({ method: 'GET', url: '/api/people/me/dependants/not-a-uuid' })).json().code).toBe('PERSON_NOT_FOUND');
  });
});
