/**
 * Roster (花名册) import from Excel: the template, a dry run that reports every row without
 * writing, and the import that writes the good rows and reports the bad ones. Each row is all or
 * nothing (its new person, its membership); rows are written in chunks of one transaction each,
 * and a chunk that fails (someone registered the same person meanwhile) is retried row by row so
 * the other rows still go in. People are matched to existing residents by document number (or by
 * phone when no number is given) or created through the people capability's bulk registration.
 */
import { createHash, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { recordAudit, type AuditActor } from '../audit/service.ts';
import { inTransaction, type DbOrTrx } from '../db/transaction.ts';
import type { Actor } from '../kernel/access.ts';
import { AppError } from '../kernel/errors.ts';
import { maskName } from '../kernel/masking.ts';
import type { Progress } from '../kernel/progress.ts';
import { cellValue, loadWorkbook, type CellValue } from '../kernel/spreadsheet.ts';
import { shanghaiDay } from '../kernel/time.ts';
import { findPersonsByIdentities, findPersonsByPhones, registerPeopleBulk } from '../people/service.ts';
import { requireOrganisationRelation } from './access.ts';
import { orgFail } from './errors.ts';
import { defaultUnitKind, MEMBER_ROLE_NAMES, MEMBER_ROLES, unitPaths, type MemberRole, type Organisation, type OrganisationUnit } from './model.ts';
import {
  cellsToInput, checkRosterRow, duplicateRosterRows, ID_TYPE_NAMES, mapRosterHeaders, MAX_ROSTER_ROWS, ROSTER_COLUMNS, rosterError, unitPathKey,
  type CheckedRosterRow, type RosterField, type RosterInput, type RosterRowError,
} from './roster-model.ts';
import type { OrgDeps } from './service.ts';
import { findMemberStatuses, findOrganisation, findUnits, insertUnits, lockOrganisation, upsertMembers } from './store.ts';

export const ROSTER_SHEET = '花名册';
const HELP_SHEET = '填写说明';
const WRITE_CHUNK = 500;
/** Rows matched against the residents per step of the check (its progress moves by these). */
const CHECK_CHUNK = 1000;

export interface RosterOptions {
  /** Unit paths not in the organisation yet: create them (true) or refuse the row (false). */
  createUnits: boolean;
}

export interface RosterRowReport {
  row: number;
  ok: boolean;
  errors: RosterRowError[];
  nameMasked: string | null;
  /** match: an existing resident; create: a new person record. */
  person: 'match' | 'create' | null;
  /** add: new member; update: already a member (unit/role set); rejoin: had left. */
  member: 'add' | 'update' | 'rejoin' | null;
  unitPath: string | null;
  unit: 'none' | 'existing' | 'create' | 'refused';
  role: MemberRole | null;
}

export interface RosterReport {
  dryRun: boolean;
  rows: number;
  good: number;
  bad: number;
  /** Rows written (0 in a dry run). */
  imported: number;
  personsMatched: number;
  personsCreated: number;
  /** Paths of the units created (or, in a dry run, that would be). */
  unitsCreated: string[];
  report: RosterRowReport[];
}

// ---------- template and reading ----------

export async function rosterTemplate(deps: OrgDeps, actor: Actor | undefined, organisationId: string): Promise<Buffer> {
  const { organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'manage');
  return buildRosterTemplate(organisation);
}

export async function buildRosterTemplate(organisation?: Pick<Organisation, 'kind'>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'fangyi';
  const sheet = workbook.addWorksheet(ROSTER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = ROSTER_COLUMNS.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.field, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  ROSTER_COLUMNS.forEach((column, index) => {
    const col = sheet.getColumn(index + 1);
    if (column.field === 'idNumber' || column.field === 'phone') col.numFmt = '@'; // numbers stay text: no 3.30106E+17
    if (!column.choices) return;
    for (let row = 2; row <= 1001; row++) {
      sheet.getCell(`${col.letter}${row}`).dataValidation = {
        type: 'list', allowBlank: true, formulae: [`"${column.choices.join(',')}"`], showErrorMessage: true, errorTitle: column.header, error: `请从列表中选择：${column.choices.join('、')}`,
      };
    }
  });
  const school = organisation?.kind === 'school';
  sheet.addRow({ name: '张三', idType: ID_TYPE_NAMES.resident_id, idNumber: '', phone: '', unitPath: school ? '一年级/一班' : '行政部', role: school ? MEMBER_ROLE_NAMES.student : MEMBER_ROLE_NAMES.member });
  const help = workbook.addWorksheet(HELP_SHEET);
  help.columns = [{ header: '列', width: 14 }, { header: '必填', width: 8 }, { header: '说明', width: 90 }];
  help.getRow(1).font = { bold: true };
  for (const c of ROSTER_COLUMNS) help.addRow([c.header, c.required ? '是' : '', c.help]);
  help.addRow([]);
  help.addRow(['导入规则', '', `从第 2 行起每行一人（示例行请替换），最多 ${MAX_ROSTER_ROWS} 行。可先“试导入”查看逐行检查结果（不写入）。正式导入时无误的行写入，有误的行列出行号与原因，改正后可只上传这些行。`]);
  help.addRow(['人员匹配', '', '按证件号码匹配已登记的居民，没有则新建人员档案；只填手机号的行须是已登记的居民。已是本单位成员的，按本表更新部门和角色。']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The data sheet's non-empty rows with Excel's row numbers. */
export async function readRoster(file: Buffer): Promise<{ row: number; input: RosterInput }[]> {
  const workbook = await loadWorkbook(file);
  if (!workbook) throw orgFail('ORG_ROSTER_FILE_INVALID');
  const sheet = workbook.getWorksheet(ROSTER_SHEET) ?? workbook.worksheets[0];
  if (!sheet) throw orgFail('ORG_ROSTER_FILE_INVALID');
  const headerRow = sheet.getRow(1);
  const headers: string[] = [];
  for (let col = 1; col <= Math.max(headerRow.cellCount, ROSTER_COLUMNS.length); col++) headers.push(String(cellValue(headerRow.getCell(col).value) ?? ''));
  const { columns, missing } = mapRosterHeaders(headers);
  if (missing.length > 0) throw orgFail('ORG_ROSTER_COLUMNS_MISSING', { errors: missing.map((f) => rosterError(1, f, 'missing_column')) });
  const rows: { row: number; input: RosterInput }[] = [];
  let tooMany = false;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1 || tooMany) return;
    const cells = new Map<RosterField, CellValue>();
    for (const [field, index] of columns) {
      const value = cellValue(row.getCell(index + 1).value);
      if (value !== undefined) cells.set(field, value);
    }
    if (cells.size === 0) return;
    if (rows.length >= MAX_ROSTER_ROWS) tooMany = true;
    else rows.push({ row: rowNumber, input: cellsToInput(cells) });
  });
  if (tooMany) throw orgFail('ORG_ROSTER_TOO_MANY_ROWS', { max: MAX_ROSTER_ROWS });
  if (rows.length === 0) throw orgFail('ORG_ROSTER_EMPTY');
  return rows;
}

// ---------- planning (shared by the dry run, the import and adding one member) ----------

interface PlannedRow {
  checked: CheckedRosterRow;
  report: RosterRowReport;
  personId: string | null;
  unitKey: string | null;
}

interface Plan {
  rows: PlannedRow[];
  reports: RosterRowReport[];
  /** Unit paths (keys) to create for the good rows, parents first. */
  newUnitKeys: string[];
}

function emptyReport(row: number, errors: RosterRowError[], name?: string): RosterRowReport {
  // The name (masked) helps find a bad row in the sheet, when there is one.
  return { row, ok: false, errors, nameMasked: name?.trim() ? maskName(name.trim()) : null, person: null, member: null, unitPath: null, unit: 'none', role: null };
}

/** Checks every row against the file and the database; writes nothing. `progress`: rows checked of the file's rows. */
async function planRoster(
  deps: OrgDeps, organisation: Organisation, inputs: readonly { row: number; input: RosterInput }[], options: RosterOptions, progress?: Progress,
): Promise<Plan> {
  const today = shanghaiDay(deps.clock.now());
  const reports = new Map<number, RosterRowReport>();
  const checkedRows: CheckedRosterRow[] = [];
  for (const { row, input } of inputs) {
    const result = checkRosterRow(row, input, today);
    if ('errors' in result) reports.set(row, emptyReport(row, result.errors, input.name));
    else checkedRows.push(result.value);
  }
  const names = new Map(inputs.map(({ row, input }) => [row, input.name]));
  const fail = (row: number, error: RosterRowError) => {
    const report = reports.get(row) ?? emptyReport(row, [], names.get(row));
    report.ok = false;
    report.errors.push(error);
    reports.set(row, report);
  };
  for (const e of duplicateRosterRows(checkedRows)) fail(e.row, e);

  // Residents: by document number, else by phone; a chunk of rows at a time.
  const byIdentity = new Map<string, { id: string; nameMasked: string }>();
  const byPhone = new Map<string, { id: string; nameMasked: string }>();
  const position = new Map(inputs.map(({ row }, index) => [row, index + 1]));
  progress?.update(0, inputs.length);
  for (let i = 0; i < checkedRows.length; i += CHECK_CHUNK) {
    const chunk = checkedRows.slice(i, i + CHECK_CHUNK);
    const identities = await findPersonsByIdentities(deps, chunk.filter((r) => r.idNumber).map((r) => ({ idType: r.idType!, idNumber: r.idNumber! })));
    for (const [key, person] of identities) byIdentity.set(key, person);
    for (const [phone, person] of await findPersonsByPhones(deps, chunk.filter((r) => !r.idNumber && r.phone).map((r) => r.phone!))) byPhone.set(phone, person);
    progress?.update(position.get(chunk.at(-1)!.row)!, inputs.length);
  }
  const units = await findUnits(deps.db, organisation.id);
  const pathToId = new Map([...unitPaths(units)].map(([id, path]) => [path, id]));
  const newUnitKeys: string[] = [];
  const planned: PlannedRow[] = [];
  const personRows = new Map<string, number>();
  for (const checked of checkedRows) {
    if (reports.has(checked.row)) continue;
    const existing = checked.idNumber ? byIdentity.get(`${checked.idType}:${checked.idNumber}`) : byPhone.get(checked.phone!);
    if (!checked.idNumber && !existing) { fail(checked.row, rosterError(checked.row, 'phone', 'phone_not_registered')); continue; }
    if (existing && existing.nameMasked !== maskName(checked.name)) { fail(checked.row, rosterError(checked.row, 'name', 'name_mismatch', existing.nameMasked)); continue; }
    if (existing) {
      const earlier = personRows.get(existing.id);
      if (earlier !== undefined) { fail(checked.row, rosterError(checked.row, checked.idNumber ? 'idNumber' : 'phone', 'duplicate_person_in_file', String(earlier))); continue; }
      personRows.set(existing.id, checked.row);
    }
    let unit: RosterRowReport['unit'] = 'none';
    const key = checked.unitPath.length > 0 ? unitPathKey(checked.unitPath) : null;
    if (key !== null) {
      const missing = checked.unitPath.map((_, i) => unitPathKey(checked.unitPath.slice(0, i + 1))).filter((k) => !pathToId.has(k));
      if (missing.length === 0) unit = 'existing';
      else if (!options.createUnits) { fail(checked.row, { ...rosterError(checked.row, 'unitPath', 'unit_unknown', key) }); reports.get(checked.row)!.unit = 'refused'; continue; }
      else {
        unit = 'create';
        for (const k of missing) if (!newUnitKeys.includes(k)) newUnitKeys.push(k);
      }
    }
    const report: RosterRowReport = {
      row: checked.row, ok: true, errors: [], nameMasked: maskName(checked.name), person: existing ? 'match' : 'create', member: 'add',
      unitPath: key, unit, role: checked.role,
    };
    reports.set(checked.row, report);
    planned.push({ checked, report, personId: existing?.id ?? null, unitKey: key });
  }
  const statuses = await findMemberStatuses(deps.db, organisation.id, planned.flatMap((p) => (p.personId ? [p.personId] : [])));
  for (const p of planned) {
    const status = p.personId ? statuses.get(p.personId) : undefined;
    p.report.member = status === 'active' ? 'update' : status === 'left' ? 'rejoin' : 'add';
  }
  progress?.update(inputs.length, inputs.length);
  progress?.stop();
  return { rows: planned, reports: [...reports.values()].sort((a, b) => a.row - b.row), newUnitKeys };
}

// ---------- writing ----------

/** Creates the unit paths still missing (under the organisation's lock, so two imports do not both create them); path → id for all. */
async function ensureUnits(deps: OrgDeps, actor: AuditActor, organisation: Organisation, keys: readonly string[]): Promise<{ ids: Map<string, string>; created: string[] }> {
  return inTransaction(deps.db, async (trx) => {
    await lockOrganisation(trx, organisation.id);
    const units = await findUnits(trx, organisation.id);
    const ids = new Map([...unitPaths(units)].map(([id, path]) => [path, id]));
    const created: OrganisationUnit[] = [];
    const createdPaths: string[] = [];
    for (const key of [...keys].sort((a, b) => a.split('/').length - b.split('/').length)) {
      if (ids.has(key)) continue;
      const parts = key.split('/');
      const parentId = parts.length > 1 ? ids.get(parts.slice(0, -1).join('/')) ?? null : null;
      const unit: OrganisationUnit = { id: randomUUID(), organisationId: organisation.id, parentId, name: parts.at(-1)!, kind: defaultUnitKind(organisation.kind) };
      created.push(unit);
      createdPaths.push(key);
      ids.set(key, unit.id);
    }
    if (created.length > 0) {
      await insertUnits(trx, created);
      await recordAudit(trx, actor, { action: 'org.unit.create', targetType: 'organisation', targetId: organisation.id, regionCode: organisation.regionCode, detail: { units: createdPaths } }, deps.clock);
    }
    return { ids, created: createdPaths };
  });
}

async function writeRows(trx: DbOrTrx, deps: OrgDeps, organisation: Organisation, rows: readonly PlannedRow[], unitIds: ReadonlyMap<string, string>, byAccountId: string | null): Promise<void> {
  const creates = rows.filter((r) => !r.personId);
  const ids = await registerPeopleBulk({ db: trx, keyring: deps.keyring, clock: deps.clock }, creates.map((r) => ({
    idType: r.checked.idType!, idNumber: r.checked.idNumber!, name: r.checked.name, phone: r.checked.phone, homeRegionCode: organisation.regionCode,
  })));
  const newIds = new Map(creates.map((r, i) => [r, ids[i]!]));
  await upsertMembers(trx, rows.map((r) => ({
    organisationId: organisation.id, personId: r.personId ?? newIds.get(r)!, unitId: r.unitKey ? unitIds.get(r.unitKey) ?? null : null, memberRole: r.checked.role, addedByAccountId: byAccountId,
  })));
}

function writeFailure(row: PlannedRow, error: unknown): void {
  const detail = error instanceof AppError ? error.code : '';
  const column: RosterField = detail.startsWith('PERSON_ID') || detail === 'PERSON_ALREADY_REGISTERED' ? 'idNumber' : 'name';
  row.report.ok = false;
  row.report.person = null;
  row.report.member = null;
  const base = rosterError(row.checked.row, column, 'write_failed');
  // An AppError says why in both languages (e.g. the number was registered meanwhile); anything else: try the row again.
  row.report.errors.push(error instanceof AppError
    ? { ...base, zh: `写入失败：${error.zh}`, en: `Could not be written: ${error.en}` }
    : { ...base, zh: '写入失败，请重新导入此行', en: 'Could not be written; import this row again' });
}

/** Writes the planned good rows: chunks in one transaction each; a failing chunk row by row. Returns rows written. */
async function writePlan(deps: OrgDeps, actor: AuditActor, organisation: Organisation, plan: Plan, progress?: Progress): Promise<{ imported: number; unitsCreated: string[] }> {
  const byAccountId = 'system' in actor ? null : actor.accountId;
  const { ids: unitIds, created } = await ensureUnits(deps, actor, organisation, plan.newUnitKeys.filter((k) => plan.rows.some((r) => r.unitKey !== null && (r.unitKey === k || r.unitKey.startsWith(`${k}/`)))));
  let imported = 0;
  progress?.update(0, plan.rows.length);
  for (let i = 0; i < plan.rows.length; i += WRITE_CHUNK) {
    const chunk = plan.rows.slice(i, i + WRITE_CHUNK);
    try {
      await inTransaction(deps.db, (trx) => writeRows(trx, deps, organisation, chunk, unitIds, byAccountId));
      imported += chunk.length;
    } catch {
      for (const row of chunk) {
        try {
          await inTransaction(deps.db, (trx) => writeRows(trx, deps, organisation, [row], unitIds, byAccountId));
          imported++;
        } catch (error) {
          writeFailure(row, error);
        }
      }
    }
    progress?.update(Math.min(i + WRITE_CHUNK, plan.rows.length), plan.rows.length);
  }
  progress?.stop();
  return { imported, unitsCreated: created };
}

function summary(plan: Plan, dryRun: boolean, imported: number, unitsCreated: string[]): RosterReport {
  const good = plan.reports.filter((r) => r.ok);
  return {
    dryRun, rows: plan.reports.length, good: good.length, bad: plan.reports.length - good.length, imported,
    personsMatched: good.filter((r) => r.person === 'match').length, personsCreated: good.filter((r) => r.person === 'create').length,
    unitsCreated, report: plan.reports,
  };
}

/** What a roster run does: a dry run or the import, with the checking and the writing reported as progress. */
export interface RosterRun extends RosterOptions {
  dryRun: boolean;
  /** Rows written of the good rows (the import only). */
  progress?: Progress;
  /** Rows checked of the file's rows. */
  checking?: Progress;
}

/**
 * The roster use case (the CLI; the console goes through a background job, roster-imports.ts).
 * With dryRun nothing is written and the report says what the import would do. `actor`
 * undefined with `system` given: trusted CLI use (audited as it).
 */
export async function importRoster(deps: OrgDeps, who: { actor: Actor | undefined } | { system: string }, organisationId: string, file: Buffer, options: RosterRun): Promise<RosterReport> {
  if ('system' in who) {
    const found = await findOrganisation(deps.db, organisationId);
    if (!found) throw orgFail('ORG_NOT_FOUND');
    return processRoster(deps, { system: who.system }, found, file, options);
  }
  const access = await requireOrganisationRelation(deps.db, who.actor, organisationId, 'manage');
  return processRoster(deps, access.staff, access.organisation, file, options);
}

/**
 * Reads and checks the file, then (unless a dry run) writes the good rows, for an organisation
 * whose management the caller has checked; the import is audited (as `actor`), the dry run not.
 */
export async function processRoster(deps: OrgDeps, actor: AuditActor, organisation: Organisation, file: Buffer, options: RosterRun): Promise<RosterReport> {
  const inputs = await readRoster(file);
  const plan = await planRoster(deps, organisation, inputs, options, options.checking);
  if (options.dryRun) return summary(plan, true, 0, plan.newUnitKeys);
  const { imported, unitsCreated } = await writePlan(deps, actor, organisation, plan, options.progress);
  const result = summary(plan, false, imported, unitsCreated);
  await recordAudit(deps.db, actor, {
    action: 'org.roster.import', targetType: 'organisation', targetId: organisation.id, regionCode: organisation.regionCode,
    detail: {
      rows: result.rows, imported, bad: result.bad, personsMatched: result.personsMatched, personsCreated: result.personsCreated, unitsCreated: unitsCreated.length,
      sha256: createHash('sha256').update(file).digest('hex'), bytes: file.length,
    },
  }, deps.clock);
  return result;
}

/**
 * One member added by hand: the same checks and matching as a roster row (unit given by id here,
 * never created). Throws ORG_MEMBER_INPUT_INVALID with the row's errors.
 */
export async function addOneMember(
  deps: OrgDeps, access: { staff: Actor; organisation: Organisation }, input: RosterInput & { unitId?: string | null },
): Promise<{ personId: string; report: RosterRowReport }> {
  const { staff, organisation } = access;
  let unitPath = '';
  if (input.unitId) {
    const units = await findUnits(deps.db, organisation.id);
    const path = unitPaths(units).get(input.unitId);
    if (!path) throw orgFail('ORG_UNIT_NOT_FOUND', { field: 'unitId' });
    unitPath = path;
  }
  if (input.role && !(MEMBER_ROLES as readonly string[]).includes(input.role)) throw orgFail('ORG_MEMBER_INPUT_INVALID', { errors: [rosterError(0, 'role', 'role_unknown')] });
  const plan = await planRoster(deps, organisation, [{ row: 0, input: { ...input, unitPath } }], { createUnits: false });
  const [row] = plan.rows;
  if (!row) throw orgFail('ORG_MEMBER_INPUT_INVALID', { errors: plan.reports[0]?.errors ?? [] });
  const unitIds = new Map(input.unitId ? [[unitPath, input.unitId]] : []);
  let personId = row.personId;
  await inTransaction(deps.db, async (trx) => {
    await writeRows(trx, deps, organisation, [row], unitIds, staff.accountId);
    personId ??= (await findPersonsByIdentities({ db: trx, keyring: deps.keyring }, [{ idType: row.checked.idType!, idNumber: row.checked.idNumber! }])).values().next().value?.id ?? null;
    await recordAudit(trx, staff, {
      action: 'org.member.add', targetType: 'person', targetId: personId, regionCode: organisation.regionCode,
      detail: { organisationId: organisation.id, unitId: input.unitId ?? null, role: row.checked.role, person: row.report.person, member: row.report.member },
    }, deps.clock);
  }).catch((error: unknown) => {
    if (error instanceof AppError && error.code.startsWith('PERSON_')) {
      writeFailure(row, error);
      throw orgFail('ORG_MEMBER_INPUT_INVALID', { errors: row.report.errors });
    }
    throw error;
  });
  return { personId: personId!, report: row.report };
}
