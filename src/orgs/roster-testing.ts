/**
 * Test-only helpers for roster imports: a roster workbook from rows, uploading it as the console
 * does (202, then polling the background job's import until it is done or failed), counting what
 * an import wrote, and a co-administrator of an organisation.
 */
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { Session } from '../../test/support/http-users.ts';
import type { TestPlatform } from '../../test/support/platform.ts';
import { staffSession } from '../codes/colours/testing.ts';
import { XLSX_TYPE } from '../kernel/spreadsheet.ts';
import { ROSTER_SHEET, type RosterReport } from './roster.ts';
import type { RosterImportView } from './roster-imports.ts';
import { insertOrganisationAdmin } from './store.ts';
import type { TestOrganisation } from './testing.ts';

export type RosterRow = [string, string, string, string, string, string];
export const ROSTER_HEADER: RosterRow = ['姓名*', '证件类型', '证件号码', '手机号', '部门/班级', '角色'];

export async function rosterWorkbook(rows: readonly RosterRow[], header: readonly string[] = ROSTER_HEADER): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(ROSTER_SHEET);
  sheet.addRow([...header]);
  for (const row of rows) sheet.addRow([...row]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** An import as GET …/roster/imports/:id answers it (dates as JSON strings). */
export type PolledImport = Omit<RosterImportView, 'report'> & { report: RosterReport };

export function postRoster(org: TestOrganisation, file: Buffer, query = '', session: Session = org.admin) {
  return session.request({ method: 'POST', url: `/api/orgs/${org.id}/roster${query}`, payload: file, headers: { 'content-type': XLSX_TYPE } });
}

/** The import as its page polls it, until it is done or failed. */
export async function finishedImport(org: TestOrganisation, importId: string): Promise<PolledImport> {
  for (let i = 0; i < 1200; i++) {
    const res = await org.admin.request({ method: 'GET', url: `/api/orgs/${org.id}/roster/imports/${importId}` });
    expect(res.statusCode, res.body).toBe(200);
    if (res.json().phase === 'done' || res.json().phase === 'failed') return res.json();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`import ${importId} did not finish`);
}

/** Uploads (202 with the import's id, nothing reported yet), then waits for the background job. */
export async function uploadRoster(org: TestOrganisation, file: Buffer, query = ''): Promise<PolledImport> {
  const started = await postRoster(org, file, query);
  expect(started.statusCode, started.body).toBe(202);
  expect(started.json()).toMatchObject({ id: expect.any(String), phase: 'queued', processed: 0, total: null, report: null, error: null });
  return finishedImport(org, started.json().id);
}

export async function rosterCounts(t: TestPlatform, orgId: string): Promise<{ persons: number; members: number; units: number }> {
  const db = t.database.db;
  const n = async (q: Promise<{ n: number | string | bigint }>) => Number((await q).n);
  return {
    persons: await n(db.selectFrom('persons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()),
    members: await n(db.selectFrom('organisationMembers').select((eb) => eb.fn.countAll<number>().as('n')).where('organisationId', '=', orgId).executeTakeFirstOrThrow()),
    units: await n(db.selectFrom('organisationUnits').select((eb) => eb.fn.countAll<number>().as('n')).where('organisationId', '=', orgId).executeTakeFirstOrThrow()),
  };
}

let coAdmins = 0;

/** A second administrator of the organisation (an org_admin of its city), signed in. */
export async function coAdministrator(t: TestPlatform, org: TestOrganisation): Promise<Session> {
  const username = `coadmin${++coAdmins}${Date.now() % 100000}`;
  const session = await staffSession(t, username, 'org_admin', org.regionCode.slice(0, 6));
  const account = await t.database.db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  await insertOrganisationAdmin(t.database.db, org.id, account.id, null);
  return session;
}
