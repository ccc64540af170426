import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { bindDependantOf, healthyDeclaration, registeredResident, staffSession, type Resident } from '../colours/testing.ts';

let t: TestPlatform;
let alice: Resident;

beforeAll(async () => {
  t = await createTestPlatform();
  alice = await registeredResident(t, '13822220001', '王丽');
});
afterAll(async () => t.close());

async function counts(): Promise<{ declarations: number; facts: number; events: number }> {
  const n = async (table: 'healthDeclarations' | 'codeFactsChanged' | 'colourEvents') =>
    Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { declarations: await n('healthDeclarations'), facts: await n('codeFactsChanged'), events: await n('colourEvents') };
}

describe('POST /api/codes/declarations', () => {
  it('gives a resident who declares no symptoms a green code with a reason in plain words', async () => {
    const res = await alice.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(alice.personId) });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.declaration).toMatchObject({ personId: alice.personId, temperature: 36.5, symptoms: ['none'], phoneMasked: '138****0001' });
    expect(body.code.colour).toBe('green');
    expect(body.code.reasons[0].text.zh.length).toBeGreaterThan(4);
    expect(body.code.reasons[0].text.en.length).toBeGreaterThan(4);
    const me = await alice.session.request({ method: 'GET', url: `/api/codes/me?personId=${alice.personId}` });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ personId: alice.personId, colour: 'green', nameMasked: '王*' });
  });

  it('marks the facts changed in the same transaction and leaves them processed after the recomputation', async () => {
    const rows = await t.database.db.selectFrom('codeFactsChanged').selectAll().where('personId', '=', alice.personId).execute();
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((r) => r.source === 'declaration' && r.processedAt !== null)).toBe(true);
  });

  it('stores the address and phone only encrypted', async () => {
    const row = await t.database.db.selectFrom('healthDeclarations').selectAll().where('personId', '=', alice.personId).executeTakeFirstOrThrow();
    const stored = JSON.stringify(row);
    expect(stored).not.toContain('某路 8 号');
    expect(stored).not.toContain('13822220001');
  });

  it('lets a guardian declare for a dependant, and refuses a stranger as if the person did not exist', async () => {
    const childId = await bindDependantOf(alice, '王小明');
    const res = await alice.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(childId, { phone: '13900001111' }) });
    expect(res.statusCode).toBe(201);
    expect(res.json().declaration).toMatchObject({ personId: childId, phoneMasked: '139****1111' });
    const code = await alice.session.request({ method: 'GET', url: `/api/codes/me?personId=${childId}` });
    expect(code.json()).toMatchObject({ colour: 'green', nameMasked: '王*明' });

    const stranger = await registeredResident(t, '13822220002', '李四');
    const before = await counts();
    const refused = await stranger.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(childId) });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().code).toBe('PERSON_NOT_FOUND');
    const peek = await stranger.session.request({ method: 'GET', url: `/api/codes/me?personId=${alice.personId}` });
    expect(peek.statusCode).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('refuses staff accounts', async () => {
    const official = await staffSession(t, 'decl-official', 'health_official', '330100');
    const res = await official.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(alice.personId) });
    expect(res.statusCode).toBe(403);
  });

  it.each([
    ['DECLARATION_TEMPERATURE_INVALID', { temperature: 45.2 }, 'temperature'],
    ['DECLARATION_TEMPERATURE_INVALID', { temperature: 36.55 }, 'temperature'],
    ['DECLARATION_SYMPTOM_UNKNOWN', { symptoms: ['headache'] }, 'symptoms'],
    ['DECLARATION_SYMPTOMS_CONFLICT', { symptoms: ['none', 'fever'] }, 'symptoms'],
    ['DECLARATION_SYMPTOMS_EMPTY', { symptoms: [] }, 'symptoms'],
    ['DECLARATION_REGION_UNKNOWN', { stayedRegionCodes: ['339999'] }, 'stayedRegionCodes'],
    ['DECLARATION_REGION_UNKNOWN', { regionCode: '339999' }, 'regionCode'],
    ['DECLARATION_TOO_MANY_PLACES', { stayedRegionCodes: ['330102', '330105', '330106', '330108', '330109', '330110', '330111', '330112', '330113', '330114', '330122', '330127', '330182', '330183', '330185', '420102', '420103', '420104', '420105', '420106', '420107'] }, 'stayedRegionCodes'],
    ['DECLARATION_ADDRESS_INVALID', { address: '' }, 'address'],
    ['DECLARATION_PHONE_INVALID', { phone: '555' }, 'phone'],
    ['DECLARATION_PLEDGE_REQUIRED', { pledge: false }, 'pledge'],
  ])('refuses %s (%j) and writes nothing', async (code, overrides, field) => {
    const before = await counts();
    const res = await alice.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(alice.personId, overrides) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code, zh: expect.any(String), en: expect.any(String), details: { field } });
    expect(await counts()).toEqual(before);
  });

  it('refuses a contact value outside the list with VALIDATION_FAILED', async () => {
    const res = await alice.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(alice.personId, { contact: 'friend' }) });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});

describe('GET /api/codes/declarations', () => {
  it('keeps the history, newest first, in keyset pages', async () => {
    const bob = await registeredResident(t, '13822220003', '赵强');
    for (const temperature of [36.1, 36.2, 36.3]) {
      const res = await bob.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(bob.personId, { temperature }) });
      expect(res.statusCode).toBe(201);
    }
    const first = await bob.session.request({ method: 'GET', url: `/api/codes/declarations?personId=${bob.personId}&limit=2` });
    expect(first.statusCode).toBe(200);
    expect(first.json().items.map((d: { temperature: number }) => d.temperature)).toEqual([36.3, 36.2]);
    expect(first.json().items[0].address).toBe('杭州市上城区某路 8 号');
    const next = first.json().next as string;
    const second = await bob.session.request({ method: 'GET', url: `/api/codes/declarations?personId=${bob.personId}&limit=2&after=${encodeURIComponent(next)}` });
    expect(second.json()).toEqual({ items: [expect.objectContaining({ temperature: 36.1 })], next: null });
    const other = await bob.session.request({ method: 'GET', url: `/api/codes/declarations?personId=${alice.personId}` });
    expect(other.statusCode).toBe(404);
    const bad = await bob.session.request({ method: 'GET', url: `/api/codes/declarations?personId=${bob.personId}&after=zzz` });
    expect(bad.json().code).toBe('DECLARATION_CURSOR_INVALID');
  });

  it('answers CODE_NOT_DECLARED for a person who never declared', async () => {
    const carol = await registeredResident(t, '13822220004', '钱芳');
    const res = await carol.session.request({ method: 'GET', url: `/api/codes/me?personId=${carol.personId}` });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('CODE_NOT_DECLARED');
  });
});
