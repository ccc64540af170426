/** The hourly refresh: a list imported from a URL follows the other installation's revocations; failures keep the stored list. */
import { rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { createTestPlatform, testKeyring, type TestPlatform } from '../../../test/support/platform.ts';
import { fixedClock } from '../../kernel/time.ts';
import { createSigningKey } from '../signing-keys/service.ts';
import { issueToken, newSubjectId } from '../token/issue.ts';
import { verifyToken } from '../token/verify.ts';
import { refreshImportedTrustLists } from './jobs.ts';
import { buildSignedTrustList, importTrustList, listImportedTrustLists, loadTrustStore, revokeToken } from './service.ts';

const clock = fixedClock(new Date('2026-11-29T02:00:00Z'));
let hangzhou: TestPlatform;
let ningbo: TestDatabase;
let url: string;
const ningboDeps = () => ({ db: ningbo.db, keyring: testKeyring(), clock });
const cli = { system: 'cli:test' };

beforeAll(async () => {
  hangzhou = await createTestPlatform({ clock });
  ningbo = await createTestDatabase();
  await hangzhou.database.db.insertInto('tenants').values({ regionCode: '330100', displayName: '杭州市' }).execute();
  await createSigningKey(hangzhou.platform, '330100');
  await hangzhou.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(hangzhou.app.server.address() as AddressInfo).port}/.well-known/fangyi-trust-list.json`;
});
afterAll(async () => {
  await hangzhou.close();
  await ningbo.drop();
});

describe('refreshing imported trust lists', () => {
  it('brings another city\'s new revocations to this installation\'s checkpoints', async () => {
    const printed = await issueToken(hangzhou.platform, '330100', { subject: newSubjectId(), maskedName: '李*', colour: 'green', kind: 'printed' });
    await importTrustList(ningboDeps(), cli, url, await (await fetch(url)).json());
    expect(verifyToken(printed.text, await loadTrustStore(ningbo.db, clock.now()), clock.now()).outcome).toBe('valid');

    await revokeToken(hangzhou.platform, cli, {
      regionCode: '330100', tokenId: Buffer.from(printed.claims.tokenId!).toString('hex'), expiresAt: new Date(printed.claims.expiresAt * 1000), reason: '遗失 lost',
    });
    expect(verifyToken(printed.text, await loadTrustStore(ningbo.db, clock.now()), clock.now()).outcome).toBe('valid');
    // The served list may be a minute old (the route caches it): the next hourly run is later than that.
    clock.advance(61_000);
    expect(await refreshImportedTrustLists(ningboDeps())).toEqual([{ source: url }]);
    expect(verifyToken(printed.text, await loadTrustStore(ningbo.db, clock.now()), clock.now()).outcome).toBe('revoked');
    const audit = await ningbo.db.selectFrom('auditLog').select(['action', 'actorLabel']).where('action', '=', 'trust_list.import').execute();
    expect(audit.map((a) => a.actorLabel)).toContain('trust-list-refresh');
  });

  it('keeps the stored list when the source cannot be read, and leaves lists imported from files alone', async () => {
    const file = `/tmp/fangyi-trust-${process.pid}.json`;
    const other = await createTestPlatform({ clock });
    try {
      await other.database.db.insertInto('tenants').values({ regionCode: '320100', displayName: '南京市' }).execute();
      await createSigningKey(other.platform, '320100');
      await writeFile(file, JSON.stringify(await buildSignedTrustList(other.platform)));
      await importTrustList(ningboDeps(), cli, file, JSON.parse(JSON.stringify(await buildSignedTrustList(other.platform))));
    } finally {
      await other.close();
    }
    const seen: string[] = [];
    const outcomes = await refreshImportedTrustLists(ningboDeps(), async (source) => {
      seen.push(source);
      throw new Error('unreachable');
    }).catch((error: Error) => error);
    // A non-AppError from the reader is a bug, not a source problem: it is not swallowed.
    expect(outcomes).toBeInstanceOf(Error);
    expect(seen).toEqual([url]);

    await hangzhou.app.close();
    const before = (await listImportedTrustLists(ningbo.db)).find((l) => l.source === url)!;
    expect(await refreshImportedTrustLists(ningboDeps())).toEqual([{ source: url, error: 'TRUST_LIST_SOURCE_UNREADABLE' }]);
    const after = (await listImportedTrustLists(ningbo.db)).find((l) => l.source === url)!;
    expect(after.importedAt).toEqual(before.importedAt);
    expect((await listImportedTrustLists(ningbo.db)).map((l) => l.source)).toContain(file);
    await rm(file, { force: true });
  });
});
