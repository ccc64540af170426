/** Issuing with the region's stored keys, verifying with the trust store from the database; rotation and revocation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { testKeyring } from '../../../test/support/platform.ts';
import { fixedClock } from '../../kernel/time.ts';
import { createSigningKey, rotateSigningKey } from '../signing-keys/service.ts';
import { loadTrustStore, revokeToken } from '../trust-list/service.ts';
import { issueToken, newSubjectId, CURRENT_KEY_TTL_MS } from './issue.ts';
import { PRINTED_TOKEN_ID_BYTES, toHex } from './model.ts';
import { nodeSignatureCheck } from './node-signature.ts';
import { verifyToken } from './verify.ts';

let database: TestDatabase;
const keyring = testKeyring();
const clock = fixedClock(new Date('2026-11-29T02:00:00Z'));
const deps = () => ({ db: database.db, keyring, clock });
const cli = { system: 'cli:test' };
const subject = newSubjectId;
const store = () => loadTrustStore(database.db, clock.now());

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.insertInto('tenants').values([
    { regionCode: '330100', displayName: '杭州市' }, { regionCode: '330200', displayName: '宁波市' }, { regionCode: '110100', displayName: '北京市' },
  ]).execute();
  await createSigningKey(deps(), '330100', 'Ed25519');
  await createSigningKey(deps(), '330200', 'ES256');
  await createSigningKey(deps(), '110100', 'SM2');
});
afterAll(async () => database.drop());

describe('issueToken', () => {
  it.each([['330100', 'Ed25519'], ['330200', 'ES256'], ['110100', 'SM2']])('signs for %s (%s) what the database trust store verifies', async (region) => {
    const issued = await issueToken(deps(), region, { subject: subject(), maskedName: '欧**娜', colour: 'red' });
    expect(issued.claims).toMatchObject({ issuer: Number(region), colour: 'red', kind: 'live', expiresAt: issued.claims.issuedAt + 180 });
    const result = verifyToken(issued.text, await store(), clock.now(), { signatureCheck: nodeSignatureCheck });
    expect(result).toMatchObject({ outcome: 'valid', keyName: issued.keyName, claims: { maskedName: '欧**娜', colour: 'red' } });
    expect(verifyToken(issued.text, await store(), new Date(clock.now().getTime() + 5 * 60_000)).outcome).toBe('expired');
  });

  it('draws 10-byte random subjects, and shortens a long masked name to fit the token', async () => {
    expect(subject()).toHaveLength(10);
    expect(toHex(subject())).not.toBe(toHex(subject()));
    const issued = await issueToken(deps(), '330100', { subject: subject(), maskedName: '买***力', colour: 'green' });
    expect(issued.claims.maskedName).toBe('买*');
    expect(issued.text.length).toBeLessThanOrEqual(200);
  });

  it('refuses bad claims and regions without a key with error codes', async () => {
    await expect(issueToken(deps(), '330100', { subject: new Uint8Array(3), maskedName: '张*', colour: 'green' })).rejects.toMatchObject({ code: 'TOKEN_CLAIMS_INVALID', status: 400 });
    await expect(issueToken(deps(), '320100', { subject: subject(), maskedName: '张*', colour: 'green' })).rejects.toMatchObject({ code: 'SIGNING_KEY_NO_ACTIVE_KEY' });
    await expect(issueToken(deps(), '33010', { subject: subject(), maskedName: '张*', colour: 'green' })).rejects.toMatchObject({ code: 'TOKEN_REGION_INVALID' });
  });
});

describe('key rotation', () => {
  it('keeps old tokens valid while new tokens use the new kid; audited', async () => {
    const before = await issueToken(deps(), '330100', { subject: subject(), maskedName: '欧**娜', colour: 'green' });
    const printed = await issueToken(deps(), '330100', { subject: subject(), maskedName: '欧**娜', colour: 'green', kind: 'printed' });
    clock.advance(30_000);
    const rotation = await rotateSigningKey(deps(), cli, '330100');
    expect(rotation.retired).toEqual([before.keyName]);
    expect(rotation.current.algorithm).toBe('Ed25519');
    clock.advance(CURRENT_KEY_TTL_MS + 1);
    const after = await issueToken(deps(), '330100', { subject: subject(), maskedName: '欧**娜', colour: 'green' });
    expect(after.keyName).toBe(rotation.current.kid);
    expect(after.kid).not.toBe(before.kid);
    const trust = await store();
    expect(verifyToken(before.text, trust, clock.now()).outcome).toBe('valid');
    expect(verifyToken(after.text, trust, clock.now()).outcome).toBe('valid');
    // The retired key still vouches for its printed code 13 days on, and is gone after 15.
    clock.advance(13 * 86_400_000);
    expect(verifyToken(printed.text, await store(), clock.now()).outcome).toBe('valid');
    clock.advance(2 * 86_400_000);
    expect((await store()).keys.has(`330100:${printed.kid}`)).toBe(false);
    const audit = await database.db.selectFrom('auditLog').select(['action', 'targetId', 'detail']).where('action', '=', 'signing_key.rotate').execute();
    expect(audit).toEqual([expect.objectContaining({ targetId: rotation.current.kid, detail: expect.stringContaining(before.keyName) })]);
  });

  it('switches algorithm on request and refuses unknown ones', async () => {
    const rotation = await rotateSigningKey(deps(), cli, '330200', 'SM2');
    expect(rotation.current.algorithm).toBe('SM2');
    await expect(rotateSigningKey(deps(), cli, '330200', 'RSA')).rejects.toMatchObject({ code: 'SIGNING_ALGORITHM_UNSUPPORTED' });
    await expect(rotateSigningKey(deps(), cli, '320100')).rejects.toMatchObject({ code: 'SIGNING_KEY_REGION_NOT_TENANT' });
  });
});

describe('revocation', () => {
  it('rejects a revoked printed code once the trust store is reloaded, and only that code', async () => {
    const printed = await issueToken(deps(), '330100', { subject: subject(), maskedName: '欧**娜', colour: 'green', kind: 'printed' });
    const other = await issueToken(deps(), '330100', { subject: subject(), maskedName: '欧**娜', colour: 'green', kind: 'printed' });
    expect(printed.claims.tokenId).toHaveLength(PRINTED_TOKEN_ID_BYTES);
    const tokenId = toHex(printed.claims.tokenId!);
    const first = await revokeToken(deps(), cli, { regionCode: '330100', tokenId, expiresAt: new Date(printed.claims.expiresAt * 1000), reason: '持码人遗失 lost' });
    expect(first.revoked).toBe(true);
    expect((await revokeToken(deps(), cli, { regionCode: '330100', tokenId, expiresAt: new Date(printed.claims.expiresAt * 1000), reason: 'again' })).revoked).toBe(false);
    const trust = await store();
    expect(verifyToken(printed.text, trust, clock.now())).toMatchObject({ outcome: 'revoked', message: { zh: '该健康码已被撤销' } });
    expect(verifyToken(other.text, trust, clock.now()).outcome).toBe('valid');
    await expect(revokeToken(deps(), cli, { regionCode: '330100', tokenId: 'XYZ', expiresAt: clock.now(), reason: 'x' })).rejects.toMatchObject({ code: 'TOKEN_REVOCATION_INVALID' });
    expect(await database.db.selectFrom('auditLog').select('targetId').where('action', '=', 'code.revoke').execute()).toEqual([{ targetId: tokenId }]);
  });
});
