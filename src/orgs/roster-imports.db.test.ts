import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { residentId, withWrongCheckDigit } from '../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { registeredResident, staffSession } from '../codes/colours/testing.ts';
import { fixedClock } from '../kernel/time.ts';
import { residentIdCheckDigit } from '../people/service.ts';
import { importRoster } from './roster.ts';
import { MAX_UNFINISHED_ROSTER_IMPORTS, rosterImports, runRosterImport, sweepRosterImports } from './roster-imports.ts';
import { coAdministrator, finishedImport, postRoster, rosterCounts, rosterWorkbook, uploadRoster, type RosterRow } from './roster-testing.ts';
import { countUnfinishedRosterImportsLocked, insertRosterImport } from './roster-store.ts';
import { insertOrganisationAdmin } from './store.ts';
import { testOrganisation, type TestOrganisation } from './testing.ts';

let t: TestPlatform;
beforeAll(async () => { t = await createTestPlatform(); });
afterAll(async () => t.close());
afterEach(() => rosterImports.setSender(t.platform.db, undefined));

const HOUR = 3_600_000;
const importRow = (id: string) => t.database.db.selectFrom('orgRosterImports').selectAll().where('id', '=', id).executeTakeFirst();
const statusOf = (org: TestOrganisation, id: string, session = org.admin) => session.request({ method: 'GET', url: `/api/orgs/${org.id}/roster/imports/${id}` });

/** Starts imports without running them: the jobs' sender only keeps the ids. */
function holdImports(): string[] {
  const held: string[] = [];
  rosterImports.setSender(t.platform.db, async (work) => { held.push(work.importId); });
  return held;
}

describe('roster import as a background job', () => {
  it('reports row by row as the import always did (wrong check digit, duplicate phone, empty name), writes nothing in a dry run and the rest in the import; audited as the requester', async () => {
    const org = await testOrganisation(t, { name: '后台导入公司' });
    await registeredResident(t, '13877700001', '严登记');
    const rows: RosterRow[] = [
      ['严登记', '', '', '13877700001', '市场部', ''], // 2: matched by phone
      ['钱新人', '', residentId('330106', '19920101', '401'), '', '市场部/华东组', ''], // 3: new person
      ['孙校验', '', withWrongCheckDigit(residentId('330106', '19920101', '403')), '', '市场部', ''], // 4: wrong check digit
      ['李重号', '', residentId('330106', '19920101', '405'), '13877700001', '市场部', ''], // 5: phone repeats row 2
      ['', '', residentId('330106', '19920101', '407'), '', '市场部', ''], // 6: empty name
      ['周好人', '', residentId('330106', '19920101', '409'), '', '', ''], // 7: new person, no unit
    ];
    const file = await rosterWorkbook(rows);
    // The report the use case gives in the request (the CLI's path): the job must give the same.
    const inRequest = await importRoster(t.platform, { system: 'test' }, org.id, file, { dryRun: true, createUnits: true });
    expect(inRequest).toMatchObject({ rows: 6, good: 3, bad: 3 });
    const before = await rosterCounts(t, org.id);

    const dry = await uploadRoster(org, file, '?dryRun=true');
    expect(dry).toMatchObject({ phase: 'done', dryRun: true, createUnits: true, processed: 6, total: 6, error: null });
    expect(dry.report).toEqual(inRequest);
    expect(await rosterCounts(t, org.id)).toEqual(before);
    expect(await t.database.db.selectFrom('auditLog').select('id').where('targetId', '=', org.id).where('action', '=', 'org.roster.import').execute()).toEqual([]);

    const done = await uploadRoster(org, file);
    expect(done).toMatchObject({ phase: 'done', dryRun: false, processed: 3, total: 3 });
    const { dryRun: _d, imported, unitsCreated, ...rest } = done.report;
    const { dryRun: _e, imported: none, unitsCreated: toCreate, ...expected } = inRequest;
    expect([imported, none]).toEqual([3, 0]);
    expect(rest).toEqual(expected);
    expect([...unitsCreated].sort()).toEqual([...toCreate].sort());
    expect(done.report.report.filter((r) => !r.ok).map((r) => [r.row, r.errors.map((e) => e.code)])).toEqual([
      [4, ['id_check_digit']], [5, ['duplicate_phone_in_file']], [6, ['name_required']],
    ]);
    expect(await rosterCounts(t, org.id)).toEqual({ persons: before.persons + 2, members: 3, units: before.units + 2 });

    const audits = await t.database.db.selectFrom('auditLog').select(['actorAccountId', 'actorLabel', 'detail']).where('targetId', '=', org.id).where('action', '=', 'org.roster.import').execute();
    expect(audits).toHaveLength(1);
    const account = await t.database.db.selectFrom('accounts').select('username').where('id', '=', org.adminAccountId).executeTakeFirstOrThrow();
    expect(audits[0]).toMatchObject({ actorAccountId: org.adminAccountId, actorLabel: account.username });
    expect(JSON.parse(audits[0]!.detail)).toMatchObject({ rows: 6, imported: 3, bad: 3, bytes: file.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // The uploads are gone once the jobs ended; the reports stay (masked names only).
    for (const id of [dry.id, done.id]) expect(await importRow(id)).toMatchObject({ fileEnc: null, phase: 'done' });
    expect(JSON.stringify(done.report)).not.toContain('钱新人');
  });

  it('moves its progress: rows checked while validating, then rows written, up to the total', async () => {
    const org = await testOrganisation(t, { name: '进度公司', kind: 'company' });
    const rows: RosterRow[] = Array.from({ length: 3000 }, (_, i) => {
      const id17 = `330106${1960 + Math.floor(i / 1000)}0202${String(i % 1000).padStart(3, '0')}`;
      return [`职员${'甲乙丙丁戊己庚辛壬癸'[i % 10]}`, '', id17 + residentIdCheckDigit(id17), '', `中心${i % 4}/科${i % 12}`, ''];
    });
    rows[1800] = ['', '', rows[1800]![2], '', '中心0/科0', '']; // one bad row
    // Every change of the import's row, as the polling page could see it.
    await sql`create table roster_progress_seen (n serial, id uuid, phase text, processed int, total int)`.execute(t.database.db);
    await sql`create function note_roster_progress() returns trigger language plpgsql as $$
      begin insert into roster_progress_seen (id, phase, processed, total) values (new.id, new.phase, new.processed, new.total); return new; end $$`.execute(t.database.db);
    await sql`create trigger note_roster_progress after update on org_roster_imports for each row execute function note_roster_progress()`.execute(t.database.db);
    try {
      const done = await uploadRoster(org, await rosterWorkbook(rows));
      expect(done.report).toMatchObject({ rows: 3000, good: 2999, bad: 1, imported: 2999 });
      expect((await rosterCounts(t, org.id)).members).toBe(2999);
      const { rows: seen } = await sql<{ phase: string; processed: number; total: number | null }>`
        select phase, processed, total from roster_progress_seen where id = ${done.id}::uuid order by n`.execute(t.database.db);
      const phases = seen.map((s) => s.phase).filter((p, i, all) => p !== all[i - 1]);
      expect(phases).toEqual(['validating', 'writing', 'done']);
      const validating = seen.filter((s) => s.phase === 'validating' && s.total !== null);
      const writing = seen.filter((s) => s.phase === 'writing');
      expect(validating.every((s) => s.total === 3000)).toBe(true);
      expect(writing.every((s) => s.total === 2999)).toBe(true);
      for (const steps of [validating, writing]) {
        const processed = steps.map((s) => s.processed);
        expect(processed).toEqual([...processed].sort((a, b) => a - b));
        expect(new Set(processed).size).toBeGreaterThanOrEqual(3);
      }
      expect(validating.at(-1)!.processed).toBe(3000);
      expect(writing.map((s) => s.processed)).toContain(1500);
      expect(writing.at(-1)!.processed).toBe(2999);
    } finally {
      await sql`drop trigger note_roster_progress on org_roster_imports; drop function note_roster_progress(); drop table roster_progress_seen`.execute(t.database.db);
    }
  }, 120_000);

  it('is read only by the administrator who started it: not a co-administrator, another organisation\'s or an official', async () => {
    const org = await testOrganisation(t, { name: '只读本人公司' });
    const other = await testOrganisation(t, { name: '别家公司' });
    const done = await uploadRoster(org, await rosterWorkbook([['吴本人', '', residentId('330106', '19930101', '501'), '', '', '']]), '?dryRun=true');
    expect(done.phase).toBe('done');
    const coAdmin = await coAdministrator(t, org);
    const official = await staffSession(t, `rosterofficial${Date.now() % 100000}`, 'health_official', '330106');
    const seenBy = async (session: typeof org.admin) => { const res = await statusOf(org, done.id, session); return [res.statusCode, res.json().code]; };
    expect(await seenBy(coAdmin)).toEqual([404, 'ORG_ROSTER_IMPORT_NOT_FOUND']);
    expect(await seenBy(other.admin)).toEqual([404, 'ORG_NOT_FOUND']);
    expect(await seenBy(official)).toEqual([403, 'FORBIDDEN']);
    // Nor under another organisation's id, nor by a made-up id.
    expect((await other.admin.request({ method: 'GET', url: `/api/orgs/${other.id}/roster/imports/${done.id}` })).json().code).toBe('ORG_ROSTER_IMPORT_NOT_FOUND');
    expect((await statusOf(org, '00000000-0000-4000-8000-000000000000')).json().code).toBe('ORG_ROSTER_IMPORT_NOT_FOUND');
    expect((await statusOf(org, 'not-an-id')).json().code).toBe('ORG_ROSTER_IMPORT_NOT_FOUND');
    // A co-administrator starts imports of their own, which the first cannot read.
    const own = await postRoster(org, await rosterWorkbook([['吴本人', '', residentId('330106', '19930101', '501'), '', '', '']]), '?dryRun=true', coAdmin);
    expect(own.statusCode).toBe(202);
    expect((await statusOf(org, own.json().id, coAdmin)).statusCode).toBe(200);
    expect((await statusOf(org, own.json().id)).statusCode).toBe(404);
  });

  it('keeps the upload encrypted until its job runs, and runs each import once however often it is delivered', async () => {
    const org = await testOrganisation(t, { name: '加密上传公司' });
    const held = holdImports();
    const idNumber = residentId('330106', '19940101', '601');
    const started = await postRoster(org, await rosterWorkbook([['郑加密', '', idNumber, '', '', '']]));
    expect(started.statusCode).toBe(202);
    expect(held).toEqual([started.json().id]);
    const queued = (await importRow(held[0]!))!;
    expect(queued).toMatchObject({ phase: 'queued', processed: 0, total: null, report: null });
    expect(queued.fileEnc).toMatch(/^t1\./);
    expect(Buffer.from(queued.fileEnc!.slice(3), 'base64').toString('latin1')).not.toContain(idNumber);
    expect((await statusOf(org, held[0]!)).json()).toMatchObject({ phase: 'queued', processed: 0, total: null, report: null, error: null });

    const runs = await Promise.all([runRosterImport(t.platform, held[0]!), runRosterImport(t.platform, held[0]!)]);
    expect(runs.sort()).toEqual(['done', 'skipped']);
    expect(await runRosterImport(t.platform, held[0]!)).toBe('skipped');
    expect((await finishedImport(org, held[0]!)).report).toMatchObject({ imported: 1 });
    expect((await rosterCounts(t, org.id)).members).toBe(1);
    expect((await importRow(held[0]!))!.fileEnc).toBeNull();
  });

  it('fails imports cut off by a stopped process, and deletes them with their reports after 24 hours', async () => {
    const org = await testOrganisation(t, { name: '过期导入公司' });
    const done = await uploadRoster(org, await rosterWorkbook([['王过期', '', residentId('330106', '19950101', '701'), '', '', '']]), '?dryRun=true');
    const held = holdImports();
    await postRoster(org, await rosterWorkbook([['王中断', '', residentId('330106', '19950101', '703'), '', '', '']]));
    const cutOff = held[0]!;
    // Nothing moved for 20 minutes (the process running it stopped).
    await t.database.db.updateTable('orgRosterImports').set({ phase: 'writing', updatedAt: new Date(Date.now() - 20 * 60_000) }).where('id', '=', cutOff).execute();
    expect(await sweepRosterImports(t.platform)).toMatchObject({ failed: 1 });
    expect((await statusOf(org, cutOff)).json()).toMatchObject({ phase: 'failed', report: null, error: { code: 'ORG_ROSTER_IMPORT_FAILED', zh: expect.any(String), en: expect.any(String) } });
    expect((await importRow(cutOff))!.fileEnc).toBeNull();
    expect(await runRosterImport(t.platform, cutOff)).toBe('skipped');
    expect(await sweepRosterImports(t.platform)).toEqual({ failed: 0, deleted: 0 });

    // Past its expiry an import reads as unknown, and the sweep deletes it.
    await t.database.db.updateTable('orgRosterImports').set({ expiresAt: new Date(Date.now() - 1000) }).where('id', '=', done.id).execute();
    expect((await statusOf(org, done.id)).json().code).toBe('ORG_ROSTER_IMPORT_NOT_FOUND');
    expect((await sweepRosterImports(t.platform)).deleted).toBeGreaterThanOrEqual(1);
    expect(await importRow(done.id)).toBeUndefined();
    // 24 hours on, every import of today is gone.
    expect((await sweepRosterImports({ db: t.platform.db, clock: fixedClock(new Date(Date.now() + 25 * HOUR)) })).deleted).toBeGreaterThanOrEqual(1);
    expect(await importRow(cutOff)).toBeUndefined();
  });

  it('refuses a third upload while the account has two imports queued or running for the organisation (429 ORG_ROSTER_IMPORTS_BUSY)', async () => {
    expect(MAX_UNFINISHED_ROSTER_IMPORTS).toBe(2);
    const org = await testOrganisation(t, { name: '限流导入公司' });
    const other = await testOrganisation(t, { name: '限流另一家' });
    await insertOrganisationAdmin(t.database.db, other.id, org.adminAccountId, null);
    const held = holdImports();
    const file = await rosterWorkbook([['褚限流', '', residentId('330106', '19970101', '901'), '', '', '']]);
    const importsOf = async (orgId: string) => (await t.database.db.selectFrom('orgRosterImports').select('id').where('organisationId', '=', orgId).execute()).length;

    expect((await postRoster(org, file)).statusCode).toBe(202);
    expect((await postRoster(org, file, '?dryRun=true')).statusCode).toBe(202);
    const refused = await postRoster(org, file);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'ORG_ROSTER_IMPORTS_BUSY', zh: expect.stringContaining('正在进行'), en: expect.stringContaining('running'), details: { max: 2 } });
    expect(await importsOf(org.id)).toBe(2);
    expect(held).toHaveLength(2);

    // The limit is per account and per organisation: a co-administrator, or the same account in another organisation, may start one.
    const coAdmin = await coAdministrator(t, org);
    expect((await postRoster(org, file, '?dryRun=true', coAdmin)).statusCode).toBe(202);
    expect((await postRoster(other, file, '?dryRun=true', org.admin)).statusCode).toBe(202);
    expect((await postRoster(org, file)).statusCode).toBe(429);

    // Running counts as much as queued; once one is done (or failed), the account may upload again.
    const mine = await t.database.db.selectFrom('orgRosterImports').select('id').where('organisationId', '=', org.id).where('requestedByAccountId', '=', org.adminAccountId).execute();
    expect(mine).toHaveLength(2);
    await t.database.db.updateTable('orgRosterImports').set({ phase: 'writing' }).where('id', '=', mine[0]!.id).execute();
    expect((await postRoster(org, file)).statusCode).toBe(429);
    await t.database.db.updateTable('orgRosterImports').set({ phase: 'queued' }).where('id', '=', mine[0]!.id).execute();
    expect(await runRosterImport(t.platform, mine[0]!.id)).toBe('done');
    const again = await postRoster(org, file, '?dryRun=true');
    expect(again.statusCode, again.body).toBe(202);
    expect((await postRoster(org, file)).statusCode).toBe(429);
    // Cut off by a stopped process (not moved for 20 minutes): it no longer counts, even before the sweep fails it.
    await t.database.db.updateTable('orgRosterImports').set({ updatedAt: new Date(Date.now() - 20 * 60_000) }).where('id', '=', again.json().id).execute();
    const afterStop = await postRoster(org, file, '?dryRun=true');
    expect(afterStop.statusCode).toBe(202);
    expect((await postRoster(org, file)).statusCode).toBe(429);
    expect(await sweepRosterImports(t.platform)).toMatchObject({ failed: 1 });
  });

  it('counts an account\'s unfinished imports one upload after the other: a second count waits for the first upload\'s row', async () => {
    const org = await testOrganisation(t, { name: '并发导入公司' });
    const now = new Date();
    const row = {
      id: randomUUID(), organisationId: org.id, regionCode: org.regionCode, requestedByAccountId: org.adminAccountId, requestedByLabel: 'test',
      dryRun: true, createUnits: false, fileEnc: 'x', fileSha256: '0'.repeat(64), fileBytes: 1, createdAt: now, expiresAt: new Date(now.getTime() + 24 * HOUR),
    };
    let counted!: () => void;
    const firstCounted = new Promise<void>((resolve) => { counted = resolve; });
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => { commit = resolve; });
    const first = t.database.db.transaction().execute(async (trx) => {
      const n = await countUnfinishedRosterImportsLocked(trx, org.id, org.adminAccountId, new Date(0));
      await insertRosterImport(trx, row);
      counted();
      await committing;
      return n;
    });
    await firstCounted;
    // The second upload counts while the first has counted and inserted but not committed yet.
    const second = t.database.db.transaction().execute((trx) => countUnfinishedRosterImportsLocked(trx, org.id, org.adminAccountId, new Date(0)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    commit();
    expect(await first).toBe(0);
    expect(await second).toBe(1);
  });
});
