/**
 * Planning an import of case rows against the database, writing nothing (the dry run, and the
 * first half of every import, Excel or another region's API call): each row's pure check
 * (model/case-row.ts), duplicates across the batch, then per chunk of rows one look-up each for
 * the persons, their home regions, the region codes, the imported cases the rows name and the
 * persons' open cases. A good row knows whom it names (an existing person, or one to create from
 * the row), which case it writes (new, or the imported case it updates) and in which region.
 */
import { maskName } from '../kernel/masking.ts';
import type { Progress } from '../kernel/progress.ts';
import { regionCovers } from '../kernel/regions-scope.ts';
import { shanghaiDay } from '../kernel/time.ts';
import { findPersonsByIdentities, personLabelsOf } from '../people/service.ts';
import { regionNames } from '../regions/service.ts';
import { findImportedCases, findOpenCasesOfPersons } from './import-store.ts';
import { checkReclassification, OPEN } from './model/case.ts';
import { checkCaseRow, duplicateCaseRows, importedCaseKey, personKey, type CaseRowField, type CaseRowInput, type CaseRowProblem, type CheckedCaseRow } from './model/case-row.ts';
import type { TracingDeps } from './trace.ts';

/** Rows looked up per step (the validating phase's progress moves by these). */
const CHECK_CHUNK = 1000;

/** A row of the batch: its position (the sheet's row number, the request's item number from 1) and its values. */
export interface RowAt {
  position: number;
  input: CaseRowInput;
}

/** A problem of a row; `message` when the words come from elsewhere (an error met while writing). */
export type RowFailure = CaseRowProblem & { message?: { zh: string; en: string } };

export interface PlannedRow {
  position: number;
  checked: CheckedCaseRow;
  /** The registered person, or null: created from the row when written. */
  personId: string | null;
  /** The case's region: the person's home when the importing region covers it, else the importing region. */
  regionCode: string;
  /** The imported case the row updates (same issuing region and reference), or null: a new case. */
  caseId: string | null;
}

export interface RowPlan {
  planned: PlannedRow[];
  problems: Map<number, RowFailure[]>;
  /** Every row whose values passed the pure check, good or not in the database. */
  checked: Map<number, CheckedCaseRow>;
}

type Lookups = {
  persons: Map<string, { id: string; nameMasked: string }>;
  homes: Map<string, { homeRegionCode: string }>;
  regions: Map<string, string>;
  imported: Map<string, { id: string; personId: string; regionCode: string; classification: CheckedCaseRow['fields']['classification'] }>;
  open: Map<string, string>;
};

async function lookUp(deps: Pick<TracingDeps, 'db' | 'keyring'>, rows: readonly CheckedCaseRow[]): Promise<Lookups> {
  const persons = await findPersonsByIdentities(deps, rows.map((r) => r.person));
  const personIds = [...persons.values()].map((p) => p.id);
  const codes = rows.flatMap((r) => [r.person.homeRegionCode, r.fields.issuingRegionCode].filter((c): c is string => c !== null));
  const refs = rows.flatMap((r) => (r.externalRef && r.fields.issuingRegionCode ? [{ issuingRegionCode: r.fields.issuingRegionCode, externalRef: r.externalRef }] : []));
  return {
    persons,
    homes: await personLabelsOf(deps.db, personIds),
    regions: await regionNames(deps.db, [...new Set(codes)]),
    imported: new Map((await findImportedCases(deps.db, refs)).map((c) => [importedCaseKey(c.issuingRegionCode, c.externalRef), c])),
    open: await findOpenCasesOfPersons(deps.db, personIds, OPEN),
  };
}

/** Whom and what one checked row writes, or its problem. */
function decide(regionCode: string, position: number, row: CheckedCaseRow, found: Lookups): PlannedRow | CaseRowProblem {
  const problem = (field: CaseRowField, code: CaseRowProblem['code'], detail?: string): CaseRowProblem => ({ field, code, ...(detail === undefined ? {} : { detail }) });
  const { person, fields, externalRef } = row;
  const registered = found.persons.get(personKey(person));
  let home: string | undefined;
  if (registered) {
    if (registered.nameMasked !== maskName(person.name)) return problem('name', 'name_mismatch', registered.nameMasked);
    home = found.homes.get(registered.id)?.homeRegionCode;
  } else if (!person.homeRegionCode) return problem('homeRegionCode', 'home_region_required');
  else if (!found.regions.has(person.homeRegionCode)) return problem('homeRegionCode', 'home_region_unknown');
  else home = person.homeRegionCode;
  if (fields.issuingRegionCode && !found.regions.has(fields.issuingRegionCode)) return problem('issuingRegionCode', 'issuing_region_unknown');
  const existing = externalRef && fields.issuingRegionCode ? found.imported.get(importedCaseKey(fields.issuingRegionCode, externalRef)) : undefined;
  if (existing) {
    if (existing.personId !== registered?.id) return problem('idNumber', 'case_other_person');
    if (!regionCovers(regionCode, existing.regionCode)) return problem('externalRef', 'case_other_region');
    if (existing.classification !== fields.classification && !checkReclassification(existing.classification, fields.classification).ok) return problem('classification', 'classification_final');
  }
  const openCase = registered ? found.open.get(registered.id) : undefined;
  if (openCase && openCase !== existing?.id && (!existing || OPEN.includes(fields.classification))) return problem('idNumber', 'open_case_exists');
  return { position, checked: row, personId: registered?.id ?? null, regionCode: home && regionCovers(regionCode, home) ? home : regionCode, caseId: existing?.id ?? null };
}

/** Checks every row for an import into `regionCode` (already access-checked); writes nothing. `progress`: rows checked of all rows. */
export async function planCaseRows(deps: Pick<TracingDeps, 'db' | 'keyring' | 'clock'>, regionCode: string, rows: readonly RowAt[], progress?: Progress): Promise<RowPlan> {
  const now = deps.clock.now();
  const today = shanghaiDay(now);
  const problems = new Map<number, RowFailure[]>();
  const fail = (position: number, failure: RowFailure) => problems.set(position, [...(problems.get(position) ?? []), failure]);
  const checked = new Map<number, CheckedCaseRow>();
  for (const { position, input } of rows) {
    const result = checkCaseRow(input, { today, now });
    if ('problems' in result) problems.set(position, result.problems);
    else checked.set(position, result.value);
  }
  for (const d of duplicateCaseRows([...checked].map(([position, row]) => ({ position, checked: row })))) fail(d.position, d.problem);

  const candidates = [...checked].filter(([position]) => !problems.has(position));
  const index = new Map(rows.map((r, i) => [r.position, i + 1]));
  const planned: PlannedRow[] = [];
  progress?.update(0, rows.length);
  for (let i = 0; i < candidates.length; i += CHECK_CHUNK) {
    const chunk = candidates.slice(i, i + CHECK_CHUNK);
    const found = await lookUp(deps, chunk.map(([, row]) => row));
    for (const [position, row] of chunk) {
      const decided = decide(regionCode, position, row, found);
      if ('checked' in decided) planned.push(decided);
      else fail(position, decided);
    }
    progress?.update(index.get(chunk.at(-1)![0])!, rows.length);
  }
  progress?.update(rows.length, rows.length);
  progress?.stop();
  return { planned, problems, checked };
}
