import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { testKeyring } from '../../../test/support/platform.ts';
import { fixedClock } from '../../kernel/time.ts';
import { createSigningKey, listPublicKeys, loadCurrentSigningKey, loadPrivateKey, signBytes, verifyBytes } from './service.ts';

let database: TestDatabase;
const keyring = testKeyring();
const clock = fixedClock(new Date('2026-11-28T18:30:00Z')); // already 11-29 in Shanghai
const deps = () => ({ db: database.db, keyring, clock });

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.insertInto('tenants').values([{ regionCode: '330100', displayName: '杭州' }, { regionCode: '330200', displayName: '宁波' }]).execute();
});
afterAll(async () => database.drop());

describe('signing keys', () => {
  it('creates an Ed25519 key whose loaded private half signs what the listed public half verifies', async () => {
    const created = await createSigningKey(deps(), '330100');
    expect(created.kid).toMatch(/^330100-20261129-[a-z2-9]{6}$/);
    expect(created.algorithm).toBe('Ed25519');
    const key = await loadPrivateKey(deps(), created.kid);
    const data = Buffer.from('{"c":"green"}');
    const signature = signBytes(key, data);
    const listed = (await listPublicKeys(database.db, '330100')).find((k) => k.kid === created.kid)!;
    expect(verifyBytes(listed.algorithm, listed.publicKeyPem, data, signature)).toBe(true);
  });

  it('stores the private key only as ciphertext', async () => {
    const created = await createSigningKey(deps(), '330100', 'ES256');
    const row = await database.db.selectFrom('signingKeys').select(['privateKeyEnc', 'publicKey']).where('kid', '=', created.kid).executeTakeFirstOrThrow();
    expect(row.privateKeyEnc).not.toContain('PRIVATE KEY');
    expect(row.privateKeyEnc.startsWith('t1.')).toBe(true);
    expect(row.publicKey).toContain('BEGIN PUBLIC KEY');
    const key = await loadPrivateKey(deps(), created.kid);
    expect(verifyBytes('ES256', created.publicKeyPem, Buffer.from('x'), signBytes(key, Buffer.from('x')))).toBe(true);
  });

  it('lists only the region\'s own keys and loads the newest active one', async () => {
    clock.advance(60_000);
    const other = await createSigningKey(deps(), '330200');
    clock.advance(60_000);
    const newest = await createSigningKey(deps(), '330100');
    const kids = (await listPublicKeys(database.db, '330100')).map((k) => k.kid);
    expect(kids[0]).toBe(newest.kid);
    expect(kids).not.toContain(other.kid);
    expect((await loadCurrentSigningKey(deps(), '330100')).kid).toBe(newest.kid);
  });

  it('refuses to sign with a retired key but still lists it', async () => {
    const created = await createSigningKey(deps(), '330200');
    await database.db.updateTable('signingKeys').set({ retiredAt: clock.now() }).where('kid', '=', created.kid).execute();
    await expect(loadPrivateKey(deps(), created.kid)).rejects.toMatchObject({ code: 'SIGNING_KEY_RETIRED' });
    expect((await listPublicKeys(database.db, '330200')).map((k) => k.kid)).toContain(created.kid);
  });

  it('creates SM2 keys whose PEM private half loads and signs', async () => {
    const created = await createSigningKey(deps(), '330200', 'SM2');
    const key = await loadPrivateKey(deps(), created.kid);
    expect(verifyBytes('SM2', created.publicKeyPem, Buffer.from('x'), signBytes(key, Buffer.from('x')))).toBe(true);
  });

  it('explains unknown kids, unknown algorithms and regions that are not tenants', async () => {
    await expect(loadPrivateKey(deps(), '330100-20260101-nokey0')).rejects.toMatchObject({ code: 'SIGNING_KEY_NOT_FOUND', status: 404 });
    await expect(createSigningKey(deps(), '330100', 'RS256' as never)).rejects.toMatchObject({ code: 'SIGNING_ALGORITHM_UNSUPPORTED', zh: expect.stringContaining('SM2') });
    await expect(createSigningKey(deps(), '110100')).rejects.toMatchObject({ code: 'SIGNING_KEY_REGION_NOT_TENANT' });
    await expect(loadCurrentSigningKey(deps(), '110100')).rejects.toMatchObject({ code: 'SIGNING_KEY_NO_ACTIVE_KEY' });
  });
});
