/** `fangyi rules simulate`, run as the real binary against a test database. */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledRuleSetSource } from '../../codes/rules/index.ts';
import { registerPeopleBulk } from '../../people/service.ts';
import { systemClock } from '../../kernel/time.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { runFangyi } from '../../../test/support/cli.ts';
import { residentId } from '../../../test/support/http-users.ts';
import { testKeyring } from '../../../test/support/platform.ts';

let database: TestDatabase;
let dataDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-cli-rules-'));
  const [coughing] = await registerPeopleBulk({ db: database.db, keyring: testKeyring(), clock: systemClock }, [
    { idType: 'resident_id', idNumber: residentId('330106', '19900101', '011'), name: '甲乙', homeRegionCode: '330106' },
    { idType: 'resident_id', idNumber: residentId('330102', '19900101', '012'), name: '丙丁', homeRegionCode: '330102' },
  ]);
  // A fixture row as the declarations capability would store it (the address is never read here).
  await database.db.insertInto('healthDeclarations').values({
    id: randomUUID(), personId: coughing!, declaredByAccountId: null, declaredAt: new Date(), regionCode: '330106', addressEnc: 'x.fixture',
    phoneEnc: null, phoneMasked: null, temperature: 36.6, symptoms: ['cough'], stayedRegionCodes: ['330106'], contact: 'none', pledge: true,
  }).execute();
});
afterAll(async () => {
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('fangyi rules simulate', () => {
  it('prints how many would change colour, by district and reason, and publishes nothing', async () => {
    const source = bundledRuleSetSource('hangzhou-2020') as { name: string; rules: { id: string; tests: { expect: { reasonCode: string | null } }[] }[] };
    source.name = 'no-symptoms';
    source.rules = source.rules.filter((r) => r.id !== 'HZ2020-SYMPTOMS');
    for (const rule of source.rules) rule.tests = rule.tests.filter((c) => c.expect.reasonCode !== 'symptoms');
    const file = path.join(dataDir, 'proposed.json');
    writeFileSync(file, JSON.stringify(source));
    const run = await runFangyi(['rules', 'simulate', file, '--region', '330100', '--json'], { DATABASE_URL: database.url, FANGYI_DATA_DIR: dataDir });
    expect(run.stderr).not.toContain('Error');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(report).toEqual({ total: 2, changed: 1, byDistrict: { 330106: [{ from: 'yellow', to: 'green', count: 1 }] }, byReason: { symptoms: 1 } });
    expect(await database.db.selectFrom('codeRuleSets').select('version').execute()).toEqual([]);
  });

  it('explains an invalid rule set with its code instead of a stack', async () => {
    const file = path.join(dataDir, 'broken.json');
    writeFileSync(file, JSON.stringify({ format: 'nope' }));
    const run = await runFangyi(['rules', 'simulate', file, '--region', '330100'], { DATABASE_URL: database.url, FANGYI_DATA_DIR: dataDir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('RULESET_INVALID');
  });
});
