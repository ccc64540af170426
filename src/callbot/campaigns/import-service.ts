/**
 * Adding callees to a campaign: an .xlsx or .csv file (姓名/name, 电话/phone, 地址/address,
 * 标签/tags, 社区/community), or a selection from the registry (today's close contacts or risk
 * returnees: active monitoring plans, read through src/monitoring's service; their names and
 * phones through src/people's service, each read audited). Each row is accepted or rejected with
 * its row number and code; numbers are normalised, duplicates merged (first row wins), the
 * do-not-call list honoured (counted, not added); accepted rows are written in one transaction.
 * Names, phones and addresses are encrypted, the phone also kept as a blind index and masked.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../audit/service.ts';
import { inTransaction } from '../../db/transaction.ts';
import { requireAccess, type Actor } from '../../kernel/access.ts';
import { blindIndex, encryptField } from '../../kernel/crypto/field-encryption.ts';
import { maskName, maskPhone } from '../../kernel/masking.ts';
import { regionCovers } from '../../kernel/regions-scope.ts';
import { cellValue, loadWorkbook } from '../../kernel/spreadsheet.ts';
import { listPlans } from '../../monitoring/service.ts';
import { findPersonsByPhones, personLabelsOf } from '../../people/service.ts';
import { readPerson } from '../../people/staff-service.ts';
import { regionNames } from '../../regions/service.ts';
import { callbotErrors, callbotFail, type CallbotErrorCode } from '../errors.ts';
import { findCampaignPhoneIndexes, insertCallees, type NewCalleeRow } from './callee-store.ts';
import { decodeCsvBytes, parseCsv } from './csv.ts';
import { checkImportRow, isBlankRow, mapHeader, MAX_IMPORT_ROWS, type CalleeRow, type RegistrySource } from './model.ts';
import { normalisePhone } from './phone.ts';
import { campaignFor, type CampaignDeps } from './service.ts';
import { findDncIndexes, type CampaignRow } from './store.ts';

/** Rejected rows listed in the answer (all are counted). */
export const MAX_LISTED_REJECTIONS = 1000;

export interface RejectedRow {
  row: number;
  code: CallbotErrorCode;
  message: { zh: string; en: string };
}

export interface AddedCallees {
  accepted: number;
  merged: number;
  dnc: number;
}

interface Candidate extends CalleeRow {
  /** Spreadsheet row number (import) or 0 (registry). */
  row: number;
  personId?: string;
  personRegionCode?: string;
}

const rejection = (row: number, code: CallbotErrorCode): RejectedRow => ({ row, code, message: { zh: callbotErrors[code].zh, en: callbotErrors[code].en } });

/** Rows of the file's first sheet as arrays of cell values, with their 1-based row numbers. */
async function readRows(file: Buffer): Promise<{ row: number; cells: unknown[] }[]> {
  const isXlsx = file.length > 4 && file[0] === 0x50 && file[1] === 0x4b && file[2] === 0x03 && file[3] === 0x04;
  if (isXlsx) {
    const workbook = await loadWorkbook(file);
    const sheet = workbook?.worksheets[0];
    if (!sheet) throw callbotFail('CALLBOT_IMPORT_FILE_INVALID');
    if (sheet.rowCount > MAX_IMPORT_ROWS + 1) throw callbotFail('CALLBOT_IMPORT_TOO_MANY_ROWS', { max: MAX_IMPORT_ROWS });
    const rows: { row: number; cells: unknown[] }[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, number) => {
      const cells: unknown[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => { cells[col - 1] = cellValue(cell.value); });
      rows.push({ row: number, cells });
    });
    return rows;
  }
  if (file.includes(0)) throw callbotFail('CALLBOT_IMPORT_FILE_INVALID');
  let parsed: string[][];
  try {
    parsed = parseCsv(decodeCsvBytes(file));
  } catch {
    throw callbotFail('CALLBOT_IMPORT_FILE_INVALID');
  }
  return parsed.map((cells, i) => ({ row: i + 1, cells }));
}

function requireOpen(campaign: CampaignRow): void {
  if (campaign.status === 'stopped' || campaign.status === 'completed') throw callbotFail('CALLBOT_CAMPAIGN_NOT_EDITABLE', { status: campaign.status });
}

/**
 * Writes the candidates that survive merging and the do-not-call list, in one transaction with
 * its audit row. The callee's region: the row's community, else the matched person's home region
 * when inside the campaign's, else the campaign's region.
 */
async function addCandidates(
  deps: CampaignDeps, staff: Actor, campaign: CampaignRow, candidates: readonly Candidate[], source: NewCalleeRow['source'], audit: Record<string, unknown>,
): Promise<AddedCallees> {
  const now = deps.clock.now();
  const seen = new Set<string>();
  const unique: (Candidate & { phoneIndex: string })[] = [];
  let merged = 0;
  for (const c of candidates) {
    const phoneIndex = blindIndex(deps.keyring, 'phone', c.phone);
    if (seen.has(phoneIndex)) { merged++; continue; }
    seen.add(phoneIndex);
    unique.push({ ...c, phoneIndex });
  }
  const indexes = unique.map((c) => c.phoneIndex);
  const [existing, dncListed] = [await findCampaignPhoneIndexes(deps.db, campaign.id, indexes), await findDncIndexes(deps.db, indexes)];
  let dnc = 0;
  const fresh = unique.filter((c) => {
    if (existing.has(c.phoneIndex)) { merged++; return false; }
    if (dncListed.has(c.phoneIndex)) { dnc++; return false; }
    return true;
  });
  // Registered residents matched by phone (the earliest registered when a family shares one).
  const unmatched = fresh.filter((c) => !c.personId);
  const matches = await findPersonsByPhones(deps, unmatched.map((c) => c.phone));
  const homes = await personLabelsOf(deps.db, [...matches.values()].map((m) => m.id));
  const rows: NewCalleeRow[] = fresh.map((c) => {
    const personId = c.personId ?? matches.get(c.phone)?.id ?? null;
    const home = c.personRegionCode ?? (personId ? homes.get(personId)?.homeRegionCode : undefined);
    const regionCode = c.community ?? (home && regionCovers(campaign.regionCode, home) ? home : campaign.regionCode);
    return {
      id: randomUUID(), campaignId: campaign.id, nameEnc: encryptField(deps.keyring, c.name), phoneEnc: encryptField(deps.keyring, c.phone),
      addressEnc: c.address ? encryptField(deps.keyring, c.address) : null, phoneIndex: c.phoneIndex, maskedName: maskName(c.name), maskedPhone: maskPhone(c.phone),
      tags: c.tags, personId, regionCode, source, nextAttemptAt: now, createdAt: now,
    };
  });
  const accepted = await inTransaction(deps.db, async (trx) => {
    const inserted = await insertCallees(trx, rows);
    await recordAudit(trx, staff, {
      action: source === 'import' ? 'callbot.callees.import' : 'callbot.callees.select', targetType: 'callbot_campaign', targetId: campaign.id, regionCode: campaign.regionCode,
      detail: { ...audit, accepted: inserted, merged: merged + rows.length - inserted, dnc },
    }, deps.clock);
    return inserted;
  });
  return { accepted, merged: merged + rows.length - accepted, dnc };
}

/** 导入呼叫对象 from an .xlsx or .csv file (the request body; the route limits its size). */
export async function importCallees(
  deps: CampaignDeps, actor: Actor | undefined, campaignId: string, file: Buffer,
): Promise<AddedCallees & { rejected: RejectedRow[]; rejectedCount: number }> {
  const staff = requireAccess(actor, 'callbot.campaign.manage');
  const campaign = await campaignFor(deps.db, staff, 'callbot.campaign.manage', campaignId);
  requireOpen(campaign);
  if (!file || file.length === 0) throw callbotFail('CALLBOT_IMPORT_FILE_INVALID');
  const rows = await readRows(file);
  const headerAt = rows.findIndex((r) => !isBlankRow(r.cells));
  const columns = headerAt >= 0 ? mapHeader(rows[headerAt]!.cells) : undefined;
  if (!columns) throw callbotFail('CALLBOT_IMPORT_HEADER_MISSING');
  const data = rows.slice(headerAt + 1).filter((r) => !isBlankRow(r.cells));
  if (data.length === 0) throw callbotFail('CALLBOT_IMPORT_EMPTY');
  if (data.length > MAX_IMPORT_ROWS) throw callbotFail('CALLBOT_IMPORT_TOO_MANY_ROWS', { max: MAX_IMPORT_ROWS });
  const rejected: RejectedRow[] = [];
  const candidates: Candidate[] = [];
  for (const { row, cells } of data) {
    const checked = checkImportRow(cells, columns);
    if (checked.ok) candidates.push({ ...checked.row, row });
    else rejected.push(rejection(row, checked.code));
  }
  // A community code must name a division inside the campaign's region.
  const codes = [...new Set(candidates.map((c) => c.community).filter((c): c is string => c !== null))];
  const known = await regionNames(deps.db, codes);
  const valid = candidates.filter((c) => {
    if (c.community === null || (known.has(c.community) && regionCovers(campaign.regionCode, c.community))) return true;
    rejected.push(rejection(c.row, 'CALLBOT_REGION_INVALID'));
    return false;
  });
  rejected.sort((a, b) => a.row - b.row);
  const added = await addCandidates(deps, staff, campaign, valid, 'import', { rows: data.length, rejected: rejected.length });
  return { ...added, rejected: rejected.slice(0, MAX_LISTED_REJECTIONS), rejectedCount: rejected.length };
}

const PLAN_REASON: Record<RegistrySource, 'close_contact' | 'travel_return'> = { close_contacts: 'close_contact', risk_returnees: 'travel_return' };

/**
 * 从登记库选择: persons with an active monitoring plan of the source's reason in the campaign's
 * region. Their names, phones and addresses are decrypted through src/people's readPerson, which
 * audits each read with the campaign as the reason. Persons without a phone are counted.
 */
export async function selectCallees(
  deps: CampaignDeps, actor: Actor | undefined, campaignId: string, source: RegistrySource,
): Promise<AddedCallees & { noPhone: number }> {
  const staff = requireAccess(actor, 'callbot.campaign.manage');
  const campaign = await campaignFor(deps.db, staff, 'callbot.campaign.manage', campaignId);
  requireOpen(campaign);
  const personIds = new Map<string, string>();
  let after: string | undefined;
  do {
    const page = await listPlans(deps, staff, { regionCode: campaign.regionCode, status: 'active', after, limit: 100 });
    for (const plan of page.items) if (plan.reason === PLAN_REASON[source] && !personIds.has(plan.personId)) personIds.set(plan.personId, plan.regionCode);
    after = page.next ?? undefined;
  } while (after);
  const reason = `外呼任务「${campaign.name}」`.slice(0, 200);
  const candidates: Candidate[] = [];
  let noPhone = 0;
  for (const [personId, regionCode] of personIds) {
    const person = await readPerson(deps, staff, personId, reason);
    const phone = normalisePhone(person.phone);
    if (!phone.ok) { noPhone++; continue; }
    candidates.push({
      row: 0, name: person.name, phone: phone.phone, address: person.address, tags: [source === 'close_contacts' ? '密接' : '返乡'], community: null,
      personId, personRegionCode: regionCovers(campaign.regionCode, regionCode) ? regionCode : person.homeRegionCode,
    });
  }
  return { ...(await addCandidates(deps, staff, campaign, candidates, source, { source, persons: personIds.size, noPhone })), noPhone };
}
