/** `fangyi keys` and `fangyi trust`, run as the real binary against test databases. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { runFangyi, type CliRun } from '../../../test/support/cli.ts';
import { testKeyring } from '../../../test/support/platform.ts';
import { systemClock } from '../../kernel/time.ts';
import { createSigningKey } from '../../codes/signing-keys/service.ts';
import { buildSignedTrustList, formatFingerprint } from '../../codes/trust-list/service.ts';

let database: TestDatabase;
let foreign: TestDatabase;
let dataDir: string;

function fangyi(args: string[]): Promise<CliRun> {
  return runFangyi(args, { DATABASE_URL: database.url, FANGYI_DATA_DIR: dataDir });
}

beforeAll(async () => {
  [database, foreign] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-keys-'));
  await database.db.insertInto('tenants').values({ regionCode: '330100', displayName: '杭州市' }).execute();
  await foreign.db.insertInto('tenants').values({ regionCode: '320100', displayName: '南京市' }).execute();
});
afterAll(async () => {
  await Promise.all([database.drop(), foreign.drop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('fangyi keys', () => {
  it('rotates a region\'s key, keeps the old one listed as retired, and audits it', async () => {
    const first = await fangyi(['keys', 'rotate', '330100', '--algorithm', 'SM2']);
    expect(first.stderr).not.toContain('Error');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/new current key: 330100-\d{8}-\w{6} \(SM2, kid [0-9a-f]{16}\)/);
    const second = await fangyi(['keys', 'rotate', '330100']);
    expect(second.stdout).toMatch(/\(SM2, kid/);
    expect(second.stdout).toMatch(/retired: 330100-/);
    const list = await fangyi(['keys', 'list', '330100']);
    const lines = list.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/SM2 .* current$/);
    expect(lines[1]).toMatch(/retired 20/);
    expect(await database.db.selectFrom('auditLog').select('action').where('action', '=', 'signing_key.rotate').execute()).toHaveLength(2);
  });

  it('refuses an unknown algorithm with the error code in both languages', async () => {
    const run = await fangyi(['keys', 'rotate', '330100', '--algorithm', 'RSA']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SIGNING_ALGORITHM_UNSUPPORTED');
    expect(run.stderr).toContain('不支持该签名算法');
  });
});

describe('fangyi trust', () => {
  it('imports a foreign list from a file, trusting its key on first use, and refuses a tampered copy', async () => {
    const deps = { db: foreign.db, keyring: testKeyring(), clock: systemClock };
    await createSigningKey(deps, '320100');
    const list = await buildSignedTrustList(deps);
    const file = path.join(dataDir, 'nanjing.json');
    writeFileSync(file, JSON.stringify(list));
    const first = await fangyi(['trust', 'import', file]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('First trust of this key');
    expect(first.stdout).toContain(formatFingerprint(list.payload.installation.fingerprint));
    expect(first.stdout).toMatch(/issuer: 320100 .*南京市 \(1 keys\)/);
    const again = await fangyi(['trust', 'import', file]);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('First trust');
    const tampered = JSON.parse(readFileSync(file, 'utf8'));
    tampered.payload.issuers[0].keys[0].retiredAt = null;
    tampered.payload.validUntil = '2099-01-01T00:00:00.000Z';
    writeFileSync(file, JSON.stringify(tampered));
    const refused = await fangyi(['trust', 'import', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('TRUST_LIST_SIGNATURE_INVALID');
    const missing = await fangyi(['trust', 'import', path.join(dataDir, 'none.json')]);
    expect(missing.stderr).toContain('TRUST_LIST_SOURCE_UNREADABLE');
  });
});
