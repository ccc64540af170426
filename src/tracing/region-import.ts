/**
 * Cases another region sends (外地推送) through the API: up to MAX_REGION_CASES per call, each item
 * on its own — checked as an Excel row is (import-plan.ts) and written the same way
 * (import-write.ts) with the source 'other_region' and the issuing region recorded. The issuing
 * region and the item's reference name the case, so sending it again updates it (a new
 * classification, new window dates) or leaves it unchanged: a resend is idempotent. Audited once
 * per call, with counts only.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/service.ts';
import { requireAccess, type Actor } from '../kernel/access.ts';
import { regionNames } from '../regions/service.ts';
import { tracingFail } from './errors.ts';
import { planCaseRows, type RowAt, type RowFailure } from './import-plan.ts';
import { writeCaseRows, type WriteStatus } from './import-write.ts';
import { caseRowMessage, type CaseRowField } from './model/case-row.ts';
import type { TracingDeps } from './trace.ts';

export const MAX_REGION_CASES = 1000;

export interface RegionCaseItem {
  externalRef: string;
  person: { idType: string; idNumber: string; name: string; phone?: string | null; homeRegionCode?: string | null };
  classification: string;
  onsetOn?: string | null;
  onsetApproximate?: boolean;
  testedPositiveOn?: string | null;
  reportedOn: string;
  isolatedAt?: string | null;
  notes?: string | null;
}

export interface RegionCaseResult {
  externalRef: string;
  status: WriteStatus | 'rejected';
  caseId: string | null;
  errors: { field: string; code: string; zh: string; en: string }[];
}

/** Where a row's field sits in the request's item. */
const ITEM_FIELDS: Partial<Record<CaseRowField, string>> = {
  idType: 'person.idType', idNumber: 'person.idNumber', name: 'person.name', phone: 'person.phone', homeRegionCode: 'person.homeRegionCode', source: 'issuingRegionCode',
};

function itemError(failure: RowFailure): RegionCaseResult['errors'][number] {
  return { field: ITEM_FIELDS[failure.field] ?? failure.field, code: failure.code, ...(failure.message ?? caseRowMessage(failure.code, failure.detail, 'item')) };
}

function rowOf(item: RegionCaseItem, position: number, issuingRegionCode: string): RowAt {
  const { person, ...rest } = item;
  return { position, input: { ...rest, ...person, source: 'other_region', issuingRegionCode } };
}

/** Checks and writes each case the issuing region sent to `regionCode` (the official's region); one result per item, in order. */
export async function importRegionCases(
  deps: TracingDeps, actor: Actor | undefined, input: { regionCode: string; issuingRegionCode: string; cases: readonly RegionCaseItem[] },
): Promise<{ issuingRegionCode: string; results: RegionCaseResult[] }> {
  const official = requireAccess(actor, 'tracing.case.write', input.regionCode);
  const known = await regionNames(deps.db, [input.regionCode, input.issuingRegionCode]);
  for (const field of ['regionCode', 'issuingRegionCode'] as const) if (!known.has(input[field])) throw tracingFail('TRACING_REGION_UNKNOWN', { field });
  const rows = input.cases.map((item, i) => rowOf(item, i + 1, input.issuingRegionCode));
  const plan = await planCaseRows(deps, input.regionCode, rows);
  const callId = randomUUID();
  const { written, failures } = await writeCaseRows(deps, official, input.regionCode, plan.planned, `case-import:${callId}`);
  const byPosition = new Map(written.map((w) => [w.position, w]));
  const results = input.cases.map((item, i): RegionCaseResult => {
    const failed = plan.problems.get(i + 1) ?? (failures.has(i + 1) ? [failures.get(i + 1)!] : []);
    const done = byPosition.get(i + 1);
    if (failed.length > 0 || !done) return { externalRef: item.externalRef, status: 'rejected', caseId: null, errors: failed.map(itemError) };
    return { externalRef: item.externalRef, status: done.status, caseId: done.caseId, errors: [] };
  });
  const count = (status: RegionCaseResult['status']) => results.filter((r) => r.status === status).length;
  await recordAudit(deps.db, official, {
    action: 'tracing.case.import_region', targetType: 'case_import', targetId: callId, regionCode: input.regionCode,
    detail: { issuingRegionCode: input.issuingRegionCode, items: results.length, created: count('created'), updated: count('updated'), unchanged: count('unchanged'), rejected: count('rejected') },
  }, deps.clock);
  return { issuingRegionCode: input.issuingRegionCode, results };
}
