import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { residentId, type Session } from '../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { staffSession } from '../codes/colours/testing.ts';
import { fixedClock } from '../kernel/time.ts';
import { onboardRegion } from '../regions/onboarding.ts';
import { startJobs, type Jobs } from '../server/jobs.ts';
import { caseImports, MAX_UNFINISHED_CASE_IMPORTS, runCaseImport, sweepCaseImports } from './import-jobs.ts';
import { caseWorkbook, finishedImport, importCounts, postImport, uploadCases, type ImportRow } from './import-testing.ts';
import { setTracingSender } from './jobs.ts';

/* The case import's background job: the encrypted upload, once-only runs, progress, the busy limit, the sweep and the pg-boss queue. */
let t: TestPlatform;
let official: Session;
let jobs: Jobs | undefined;
beforeAll(async () => {
  t = await createTestPlatform();
  setTracingSender(t.platform.db, async () => undefined);
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  official = await staffSession(t, 'import-job-official', 'health_official', '330100');
});
afterEach(() => caseImports.setSender(t.platform.db, undefined));
afterAll(async () => {
  await jobs?.stop();
  await t.close();
});

const HOUR = 3_600_000;
const today = new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 10);
const row = (seq: number): ImportRow => ({
  证件号码: residentId('330106', '19700101', String(seq).padStart(3, '0')), 姓名: '批量', 现住地区划代码: '330106004', 病例分类: '疑似病例', 报告日期: today, 病例来源: '发热门诊',
});
const importRow = (id: string) => t.database.db.selectFrom('caseImports').selectAll().where('id', '=', id).executeTakeFirst();

/** Starts imports without running them: the jobs' sender only keeps the ids. */
function holdImports(): string[] {
  const held: string[] = [];
  caseImports.setSender(t.platform.db, async (work) => { held.push(work.importId); });
  return held;
}

describe('case imports as a background job', () => {
  it('keeps the upload encrypted until its job runs, runs it once however often delivered, and drops the file after', async () => {
    const held = holdImports();
    const file = await caseWorkbook([row(101)]);
    expect((await postImport(official, file, 'regionCode=330100')).statusCode).toBe(202);
    const queued = (await importRow(held[0]!))!;
    expect(queued).toMatchObject({ phase: 'queued', processed: 0, total: null, report: null, dryRun: false, regionCode: '330100' });
    expect(Buffer.from(queued.fileEnc!.slice(3), 'base64').toString('latin1')).not.toContain(row(101).证件号码);
    const runs = await Promise.all([runCaseImport(t.platform, held[0]!), runCaseImport(t.platform, held[0]!)]);
    expect(runs.sort()).toEqual(['done', 'skipped']);
    expect((await finishedImport(official, held[0]!)).report).toMatchObject({ imported: 1 });
    expect((await importRow(held[0]!))!.fileEnc).toBeNull();
  });

  it('moves its progress through validating and writing up to the totals', async () => {
    await sql`create table case_import_seen (n serial, id uuid, phase text, processed int, total int)`.execute(t.database.db);
    await sql`create function note_case_import() returns trigger language plpgsql as $$
      begin insert into case_import_seen (id, phase, processed, total) values (new.id, new.phase, new.processed, new.total); return new; end $$`.execute(t.database.db);
    await sql`create trigger note_case_import after update on case_imports for each row execute function note_case_import()`.execute(t.database.db);
    try {
      const rows: ImportRow[] = Array.from({ length: 1200 }, (_, i) => ({ ...row(0), 证件号码: residentId('330106', `${1960 + Math.floor(i / 900)}0101`, String(100 + (i % 900))) }));
      rows[600] = { ...rows[600]!, 姓名: '' };
      const done = await uploadCases(official, await caseWorkbook(rows), 'regionCode=330100');
      expect(done.report).toMatchObject({ rows: 1200, bad: 1, imported: 1199 });
      const { rows: seen } = await sql<{ phase: string; processed: number; total: number | null }>`
        select phase, processed, total from case_import_seen where id = ${done.id}::uuid order by n`.execute(t.database.db);
      expect(seen.map((s) => s.phase).filter((p, i, all) => p !== all[i - 1])).toEqual(['validating', 'writing', 'done']);
      const writing = seen.filter((s) => s.phase === 'writing');
      expect(writing.every((s) => s.total === 1199)).toBe(true);
      expect(writing.map((s) => s.processed)).toEqual(expect.arrayContaining([200, 1000, 1199]));
      expect(seen.filter((s) => s.phase === 'validating').at(-1)).toMatchObject({ processed: 1200, total: 1200 });
    } finally {
      await sql`drop trigger note_case_import on case_imports; drop function note_case_import(); drop table case_import_seen`.execute(t.database.db);
    }
  }, 120_000);

  it('refuses a third upload while two are unfinished (429), and the sweep fails stopped imports and deletes expired ones', async () => {
    expect(MAX_UNFINISHED_CASE_IMPORTS).toBe(2);
    const held = holdImports();
    const file = await caseWorkbook([row(201)]);
    for (let i = 0; i < 2; i++) expect((await postImport(official, file, 'dryRun=true&regionCode=330100')).statusCode).toBe(202);
    const busy = await postImport(official, file, 'dryRun=true&regionCode=330100');
    expect([busy.statusCode, busy.json().code, busy.json().details]).toEqual([429, 'TRACING_IMPORTS_BUSY', { max: 2 }]);

    await t.database.db.updateTable('caseImports').set({ phase: 'writing', updatedAt: new Date(Date.now() - 20 * 60_000) }).where('id', '=', held[0]!).execute();
    expect(await sweepCaseImports(t.platform)).toMatchObject({ failed: 1 });
    expect((await finishedImport(official, held[0]!))).toMatchObject({ phase: 'failed', error: { code: 'TRACING_IMPORT_FAILED' } });
    expect(await runCaseImport(t.platform, held[0]!)).toBe('skipped');
    expect((await postImport(official, file, 'dryRun=true&regionCode=330100')).statusCode).toBe(202);

    const later = { db: t.platform.db, clock: fixedClock(new Date(Date.now() + 25 * HOUR)) };
    expect((await sweepCaseImports(later)).deleted).toBeGreaterThanOrEqual(3);
    expect(await importRow(held[0]!)).toBeUndefined();
  });

  it('runs through the pg-boss queue registered with the jobs, with its hourly sweep scheduled', async () => {
    jobs = await startJobs(t.platform, t.app.log);
    expect((await jobs.boss.getSchedules()).map((s) => s.name)).toContain(`${caseImports.name}-sweep`);
    const before = await importCounts(t);
    const done = await uploadCases(official, await caseWorkbook([row(301)]), 'regionCode=330100');
    expect(done.report).toMatchObject({ imported: 1 });
    expect((await importCounts(t)).cases).toBe(before.cases + 1);
    await expect.poll(async () => (await sql<{ state: string }>`select state from pgboss.job where name = ${caseImports.name}`.execute(t.database.db)).rows.map((r) => r.state), { timeout: 10_000 }).toEqual(['completed']);
  }, 120_000);
});
