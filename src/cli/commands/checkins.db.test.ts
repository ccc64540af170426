/** `fangyi demo checkins` and `fangyi checkins …`, run as the real binary against a test database. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { runFangyi, type CliRun } from '../../../test/support/cli.ts';
import { testKeyring } from '../../../test/support/platform.ts';
import { seedDemoCity } from '../../demo/service.ts';
import { shanghaiDay, systemClock } from '../../kernel/time.ts';

let database: TestDatabase;
let dataDir: string;

function fangyi(args: string[]): Promise<CliRun> {
  return runFangyi(args, { DATABASE_URL: database.url, FANGYI_DATA_DIR: dataDir });
}

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-checkins-'));
  await seedDemoCity({ db: database.db, keyring: testKeyring(), clock: systemClock, log: () => undefined }, { residents: 60, venues: 12 });
});
afterAll(async () => {
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('fangyi demo checkins', () => {
  it('loads synthetic check-ins for the last days with COPY, into their partitions, with daily volumes', async () => {
    const run = await fangyi(['demo', 'checkins', '--days', '3', '--per-day', '700']);
    expect(run.stderr).not.toContain('Error');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/2100 synthetic check-ins over 3 days/);
    const rows = await database.db.selectFrom('checkins').select(['checkedInAt', 'personId', 'colour', 'retentionDays']).execute();
    expect(rows).toHaveLength(2100);
    const days = new Set(rows.map((r) => shanghaiDay(r.checkedInAt)));
    expect(days.size).toBe(3);
    expect(Math.max(...rows.map((r) => r.checkedInAt.getTime()))).toBeLessThanOrEqual(Date.now());
    expect(rows.every((r) => r.retentionDays === 28)).toBe(true);
    expect(new Set(rows.map((r) => r.colour)).has('green')).toBe(true);
    const persons = await database.db.selectFrom('persons').select('id').where('synthetic', '=', true).execute();
    const known = new Set(persons.map((p) => p.id));
    expect(rows.every((r) => known.has(r.personId))).toBe(true);
    const volume = await sql<{ n: number }>`select sum(checkins)::int as n from checkin_daily_volumes`.execute(database.db);
    expect(volume.rows[0]!.n).toBe(2100);
  });
});

describe('fangyi checkins', () => {
  it('changes a city\'s retention (audited) with its partitions, and purges', async () => {
    const bad = await fangyi(['checkins', 'retention', '330100', '--days', '90']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('CHECKIN_RETENTION_INVALID');
    const changed = await fangyi(['checkins', 'retention', '330100', '--days', '21']);
    expect(changed.code).toBe(0);
    expect(changed.stdout).toContain('kept 21 days');
    const audit = await database.db.selectFrom('auditLog').select('actorLabel').where('action', '=', 'checkin.retention.change').executeTakeFirstOrThrow();
    expect(audit.actorLabel).toMatch(/^cli:/);
    const purge = await fangyi(['checkins', 'purge']);
    expect(purge.code).toBe(0);
    expect(purge.stderr).toContain('0 check-ins in 0 partitions removed');
    const r21 = await sql<{ n: number }>`select count(*)::int as n from pg_class where relname ~ '^checkins_[0-9]{8}_r21$'`.execute(database.db);
    expect(r21.rows[0]!.n).toBe(3);
  });
});
