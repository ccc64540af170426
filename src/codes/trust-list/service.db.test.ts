/** Mutual recognition: one installation's trust list, served over HTTP, imported into another database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { createTestPlatform, testKeyring, type TestPlatform } from '../../../test/support/platform.ts';
import { fixedClock } from '../../kernel/time.ts';
import { createSigningKey } from '../signing-keys/service.ts';
import { issueToken, newSubjectId } from '../token/issue.ts';
import { trustStoreFromJson } from '../token/trust-store.ts';
import { verifyToken } from '../token/verify.ts';
import { verifyTrustListSignature } from './model.ts';
import { buildSignedTrustList, importTrustList, loadTrustStore, revokeToken, type SignedTrustList } from './service.ts';

const clock = fixedClock(new Date('2026-11-29T02:00:00Z'));
let hangzhou: TestPlatform;
let ningbo: TestDatabase;
const ningboKeyring = testKeyring();
const cli = { system: 'cli:test' };
const ningboDeps = () => ({ db: ningbo.db, keyring: ningboKeyring, clock });
const SOURCE = 'https://hangzhou.example/.well-known/fangyi-trust-list.json';

async function fetchList(): Promise<SignedTrustList> {
  const response = await hangzhou.app.inject({ method: 'GET', url: '/.well-known/fangyi-trust-list.json' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['cache-control']).toContain('public');
  return response.json();
}

beforeAll(async () => {
  hangzhou = await createTestPlatform({ clock });
  ningbo = await createTestDatabase();
  await hangzhou.database.db.insertInto('tenants').values({ regionCode: '330100', displayName: '杭州市' }).execute();
  await ningbo.db.insertInto('tenants').values({ regionCode: '330200', displayName: '宁波市' }).execute();
  await createSigningKey(hangzhou.platform, '330100');
  await createSigningKey(ningboDeps(), '330200');
});
afterAll(async () => {
  await hangzhou.close();
  await ningbo.drop();
});

describe('trust list', () => {
  it('is served signed, with each issuer key\'s validity and a 24-hour lifetime', async () => {
    const list = await fetchList();
    expect(verifyTrustListSignature(list)).toBe(true);
    expect(list.payload.issuers).toEqual([expect.objectContaining({ regionCode: '330100', name: '浙江省杭州市', keys: [expect.objectContaining({ algorithm: 'Ed25519', retiredAt: null })] })]);
    expect(Date.parse(list.payload.validUntil) - Date.parse(list.payload.generatedAt)).toBe(86_400_000);
    const row = await hangzhou.database.db.selectFrom('installationKeys').select('privateKeyEnc').executeTakeFirstOrThrow();
    expect(row.privateKeyEnc).not.toContain('PRIVATE KEY');
  });

  it('lets another installation verify this city\'s codes offline once imported (互认)', async () => {
    const token = await issueToken(hangzhou.platform, '330100', { subject: newSubjectId(), maskedName: '欧**娜', colour: 'green' });
    expect(verifyToken(token.text, await loadTrustStore(ningbo.db, clock.now()), clock.now()).outcome).toBe('unknown_issuer');
    const result = await importTrustList(ningboDeps(), cli, SOURCE, await fetchList());
    expect(result).toMatchObject({ newKey: true, issuers: [{ regionCode: '330100', name: '浙江省杭州市', keys: 1 }] });
    const trust = await loadTrustStore(ningbo.db, clock.now());
    expect(verifyToken(token.text, trust, clock.now())).toMatchObject({ outcome: 'valid', claims: { issuer: 330100 } });
    // Ningbo's own codes still verify beside the imported ones.
    const own = await issueToken(ningboDeps(), '330200', { subject: newSubjectId(), maskedName: '张*', colour: 'yellow' });
    expect(verifyToken(own.text, trust, clock.now()).outcome).toBe('valid');
    const audit = await ningbo.db.selectFrom('auditLog').select(['targetId', 'detail']).where('action', '=', 'trust_list.import').execute();
    expect(audit).toEqual([expect.objectContaining({ targetId: SOURCE, detail: expect.stringContaining(result.fingerprint) })]);
  });

  it('serves the merged trust store as JSON a browser rebuilds and verifies with', async () => {
    const token = await issueToken(hangzhou.platform, '330100', { subject: newSubjectId(), maskedName: '欧**娜', colour: 'red' });
    const response = await hangzhou.app.inject({ method: 'GET', url: '/api/codes/trust-store' });
    expect(response.statusCode).toBe(200);
    const store = trustStoreFromJson(response.json());
    expect(verifyToken(token.text, store, clock.now()).outcome).toBe('valid');
  });

  it('refuses a tampered list, a list signed by another key (unless replaced) and an older list', async () => {
    const list = await fetchList();
    const tampered = structuredClone(list);
    tampered.payload.issuers[0]!.keys[0]!.notBefore = '2020-01-01T00:00:00.000Z';
    await expect(importTrustList(ningboDeps(), cli, SOURCE, tampered)).rejects.toMatchObject({ code: 'TRUST_LIST_SIGNATURE_INVALID' });
    const forged = structuredClone(list);
    forged.payload.revocations.push({ regionCode: '330100', tokenId: 'aabbcc', expiresAt: '2026-12-01T00:00:00.000Z' });
    await expect(importTrustList(ningboDeps(), cli, SOURCE, forged)).rejects.toMatchObject({ code: 'TRUST_LIST_SIGNATURE_INVALID' });
    await expect(importTrustList(ningboDeps(), cli, SOURCE, { format: 'nope' })).rejects.toMatchObject({ code: 'TRUST_LIST_INVALID' });

    // Another installation (its own list key) publishing under the same source: refused, then accepted on request.
    const impostor = await createTestPlatform({ clock });
    try {
      await impostor.database.db.insertInto('tenants').values({ regionCode: '330100', displayName: '杭州市' }).execute();
      await createSigningKey(impostor.platform, '330100');
      const other = await buildSignedTrustList(impostor.platform);
      await expect(importTrustList(ningboDeps(), cli, SOURCE, other)).rejects.toMatchObject({ code: 'TRUST_LIST_KEY_CHANGED', status: 409 });
      expect(await importTrustList(ningboDeps(), cli, SOURCE, other, { replaceKey: true })).toMatchObject({ newKey: true });
      await importTrustList(ningboDeps(), cli, SOURCE, list, { replaceKey: true });
    } finally {
      await impostor.close();
    }
    const older = await fetchList();
    clock.advance(120_000);
    await importTrustList(ningboDeps(), cli, SOURCE, await buildSignedTrustList(hangzhou.platform));
    await expect(importTrustList(ningboDeps(), cli, SOURCE, older)).rejects.toMatchObject({ code: 'TRUST_LIST_OUTDATED' });
  });

  it('carries revocations to the importing installation', async () => {
    const printed = await issueToken(hangzhou.platform, '330100', { subject: newSubjectId(), maskedName: '李*', colour: 'green', kind: 'printed' });
    await revokeToken(hangzhou.platform, cli, { regionCode: '330100', tokenId: Buffer.from(printed.claims.tokenId!).toString('hex'), expiresAt: new Date(printed.claims.expiresAt * 1000), reason: '重新打印 reprinted' });
    clock.advance(61_000); // the served list may be a minute old
    await importTrustList(ningboDeps(), cli, SOURCE, await fetchList());
    expect(verifyToken(printed.text, await loadTrustStore(ningbo.db, clock.now()), clock.now()).outcome).toBe('revoked');
  });
  it('refuses expired lists and lists that name one of this installation\'s own regions', async () => {
    const list = await buildSignedTrustList(hangzhou.platform);
    const later = { ...ningboDeps(), clock: fixedClock(new Date(clock.now().getTime() + 25 * 3600_000)) };
    await expect(importTrustList(later, cli, 'file:old.json', list)).rejects.toMatchObject({ code: 'TRUST_LIST_EXPIRED' });
    const ningboList = await buildSignedTrustList(ningboDeps());
    await hangzhou.database.db.insertInto('tenants').values({ regionCode: '330200', displayName: '宁波市' }).execute();
    await createSigningKey(hangzhou.platform, '330200');
    await expect(importTrustList(hangzhou.platform, cli, 'ningbo', ningboList)).rejects.toMatchObject({ code: 'TRUST_LIST_CLAIMS_LOCAL_REGION' });
  });

});
