/** `fangyi audit verify` as a user runs it: intact, then tampered with by a database superuser. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../audit/service.ts';
import { runFangyi } from '../../../test/support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';

let database: TestDatabase;
let dataDir: string;
const verify = () => runFangyi(['audit', 'verify'], { DATABASE_URL: database.url, FANGYI_DATA_DIR: dataDir });

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-audit-'));
});
afterAll(async () => {
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('fangyi audit verify', () => {
  it('reports an intact chain and exits 0', async () => {
    for (let i = 0; i < 5; i++) await recordAudit(database.db, { system: 'test' }, { action: 'test.entry', detail: { i } });
    const run = await verify();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/audit log intact: 5 entries checked/);
  });

  it('names the first broken entry and exits 3 after a row was rewritten', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('alter table audit_log disable trigger audit_log_no_update');
    await client.query(`update audit_log set actor_label = 'someone else' where id = 3`);
    await client.query('alter table audit_log enable trigger audit_log_no_update');
    await client.end();
    const run = await verify();
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/BROKEN at entry 3 \(hash_mismatch\); 2 entries before it are intact/);
  });
});
