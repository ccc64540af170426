/** `fangyi orgs import`, run as the real binary against a test database. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { runFangyi, type CliRun } from '../../../test/support/cli.ts';
import { residentId, withWrongCheckDigit } from '../../../test/support/http-users.ts';
import { addOrganisationsBulk } from '../../orgs/service.ts';
import { ROSTER_SHEET } from '../../orgs/roster.ts';

let database: TestDatabase;
let dataDir: string;

function fangyi(args: string[]): Promise<CliRun> {
  return runFangyi(args, { DATABASE_URL: database.url, FANGYI_DATA_DIR: dataDir });
}

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-orgs-'));
});
afterAll(async () => {
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function members(orgId: string): Promise<number> {
  const row = await database.db.selectFrom('organisationMembers').select((eb) => eb.fn.countAll<number>().as('n')).where('organisationId', '=', orgId).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('fangyi orgs import', () => {
  it('dry-runs without writing, then imports the good rows and lists the bad one, exiting 3', async () => {
    await fangyi(['migrate']);
    const [orgId] = await addOrganisationsBulk(database.db, [{ regionCode: '330106004', name: '命令行公司', kind: 'company' }]);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet(ROSTER_SHEET);
    sheet.addRow(['姓名', '证件号码', '部门']);
    sheet.addRow(['韩一', residentId('330106', '19800101', '201'), '财务部']);
    sheet.addRow(['韩二', withWrongCheckDigit(residentId('330106', '19800101', '203')), '财务部']);
    sheet.addRow(['韩三', residentId('330106', '19800101', '205'), '']);
    const file = path.join(dataDir, 'roster.xlsx');
    writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));

    const dry = await fangyi(['orgs', 'import', orgId!, file, '--dry-run']);
    expect(dry.stderr).toContain('3 rows: would import 2');
    expect(dry.stdout).toMatch(/row 3\t证件号码\tid_check_digit/);
    expect(await members(orgId!)).toBe(0);

    const run = await fangyi(['orgs', 'import', orgId!, file]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('3 rows: imported 2 (0 matched, 2 new persons), 1 bad; units created: 财务部');
    expect(await members(orgId!)).toBe(2);
    const audit = await database.db.selectFrom('auditLog').select('actorLabel').where('action', '=', 'org.roster.import').executeTakeFirstOrThrow();
    expect(audit.actorLabel).toMatch(/^cli:/);

    expect((await fangyi(['orgs', 'import', '00000000-0000-4000-8000-000000000000', file])).stderr).toContain('ORG_NOT_FOUND');
  }, 120_000);
});
