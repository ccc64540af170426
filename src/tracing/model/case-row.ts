/**
 * One case row of an import, pure — the one check both import paths share (an Excel row, an item
 * another region sends through the API): the person's document and name, the classification and
 * source by code or Chinese name, the dates (checkCaseFields of ./case.ts), the isolation time,
 * the issuing region and its reference. Problems name the field and a stable lower-case code with
 * Chinese and English text; each path says where (the sheet's column and row, the item's field).
 * What needs the database (is the person registered, is the region known, an open case) is
 * ../import-rows.ts.
 */
import { idTypeFromText, validateIdNumber, type IdType } from '../../people/model/id-number.ts';
import { checkPhone, normalizeName } from '../../people/model/person.ts';
import { CASE_SOURCES, checkCaseFields, isolationProblem, CLASSIFICATION_NAMES, SOURCE_NAMES, type CaseFields, type CaseSource, type Classification } from './case.ts';
import { choiceOf, dayOf, instantOf, textOf, yesNoOf, type RawValue } from './row-values.ts';
import { caseRowMessage, type CaseRowCode } from './case-row-messages.ts';

export type { CaseRowCode } from './case-row-messages.ts';
export { caseRowMessage } from './case-row-messages.ts';

export const CASE_ROW_FIELDS = [
  'idType', 'idNumber', 'name', 'phone', 'homeRegionCode', 'classification', 'onsetOn', 'onsetApproximate', 'testedPositiveOn', 'reportedOn',
  'isolatedAt', 'source', 'issuingRegionCode', 'externalRef', 'notes',
] as const;
export type CaseRowField = (typeof CASE_ROW_FIELDS)[number];
export type CaseRowInput = Partial<Record<CaseRowField, RawValue>>;

export interface CaseRowProblem {
  field: CaseRowField;
  code: CaseRowCode;
  /** What the message names: the earlier row or item, the registered person's masked name. */
  detail?: string;
}

export interface CheckedCaseRow {
  person: { idType: IdType; idNumber: string; name: string; phone: string | null; homeRegionCode: string | null };
  fields: CaseFields;
  /** With the issuing region it names the case: a second import of it updates it. */
  externalRef: string | null;
}

const CLASSIFICATION_WORDS: Record<string, Classification> = { 疑似: 'suspected', 确诊: 'confirmed', 无症状: 'asymptomatic', 排除: 'excluded', 治愈出院: 'recovered', 已治愈: 'recovered', 死亡病例: 'died' };
const SOURCE_WORDS: Record<string, CaseSource> = { 发热门诊就诊: 'fever_clinic', 核酸检测: 'lab', 实验室: 'lab', 智能外呼: 'screening_call', 外呼筛查: 'screening_call', 自主报告: 'self_report', 外地: 'other_region', 外地协查: 'other_region' };

const REGION_CODE = /^[0-9]{6}([0-9]{3})?$/;
const EXTERNAL_REF = /^[^\p{Cc}]{1,64}$/u;
const PERSON_CODES: Record<string, CaseRowCode> = {
  PERSON_ID_TYPE_UNKNOWN: 'id_type_unknown', PERSON_ID_FORMAT: 'id_format', PERSON_ID_REGION: 'id_region', PERSON_ID_BIRTH_DATE: 'id_birth_date', PERSON_ID_CHECK_DIGIT: 'id_check_digit',
};

function checkPerson(input: CaseRowInput, today: string, problems: CaseRowProblem[]): CheckedCaseRow['person'] | undefined {
  const typeText = textOf(input.idType);
  const idType = typeText === undefined ? 'resident_id' : idTypeFromText(typeText);
  if (!idType) problems.push({ field: 'idType', code: 'id_type_unknown' });
  const idText = textOf(input.idNumber);
  let idNumber: string | undefined;
  if (!idText) problems.push({ field: 'idNumber', code: 'id_number_required' });
  else if (idType) {
    const checked = validateIdNumber(idType, idText, today);
    if (checked.ok) idNumber = checked.normalized;
    else problems.push({ field: 'idNumber', code: PERSON_CODES[checked.code] ?? 'id_format' });
  }
  const nameText = textOf(input.name);
  const name = nameText === undefined ? undefined : normalizeName(nameText);
  if (!name) problems.push({ field: 'name', code: nameText === undefined ? 'name_required' : 'name_invalid' });
  const phone = checkPhone(textOf(input.phone));
  if (!phone.ok) problems.push({ field: 'phone', code: 'phone_invalid' });
  const homeRegionCode = textOf(input.homeRegionCode) ?? null;
  if (homeRegionCode !== null && !REGION_CODE.test(homeRegionCode)) problems.push({ field: 'homeRegionCode', code: 'home_region_unknown' });
  if (!idType || !idNumber || !name || !phone.ok) return undefined;
  return { idType, idNumber, name, phone: phone.value, homeRegionCode };
}

function readDay(input: CaseRowInput, field: 'onsetOn' | 'testedPositiveOn' | 'reportedOn', problems: CaseRowProblem[]): string | null {
  const day = dayOf(input[field]);
  if (day === 'invalid') problems.push({ field, code: 'date_invalid' });
  else if (day === null && field === 'reportedOn') problems.push({ field, code: 'date_required' });
  return day === 'invalid' ? null : day;
}


/** The first problem checkCaseFields finds, said for the field it is in. */
function caseFieldProblem(fields: CaseFields, today: string): CaseRowProblem | undefined {
  const check = checkCaseFields(fields, today);
  if (check.ok) return undefined;
  switch (check.code) {
    case 'TRACING_DATE_INVALID': {
      const field = check.field as 'onsetOn' | 'testedPositiveOn' | 'reportedOn';
      return { field, code: (fields[field] ?? '') > today ? 'date_in_future' : 'date_after_report' };
    }
    case 'TRACING_SOURCE_INVALID':
      return fields.source === 'other_region'
        ? { field: 'issuingRegionCode', code: 'issuing_region_required' }
        : { field: 'issuingRegionCode', code: 'issuing_region_unexpected' };
    case 'TRACING_NOTES_TOO_LONG': return { field: 'notes', code: 'notes_too_long' };
    default: return { field: 'classification', code: 'classification_unknown' };
  }
}

/** One row's values checked (no database): the checked row, or every problem found. */
export function checkCaseRow(input: CaseRowInput, at: { today: string; now: Date }): { value: CheckedCaseRow } | { problems: CaseRowProblem[] } {
  const problems: CaseRowProblem[] = [];
  const person = checkPerson(input, at.today, problems);
  const classification = choiceOf(input.classification, CLASSIFICATION_NAMES, CLASSIFICATION_WORDS);
  if (!classification) problems.push({ field: 'classification', code: textOf(input.classification) === undefined ? 'classification_required' : 'classification_unknown' });
  const onsetOn = readDay(input, 'onsetOn', problems);
  const testedPositiveOn = readDay(input, 'testedPositiveOn', problems);
  const reportedOn = readDay(input, 'reportedOn', problems);
  const onsetApproximate = yesNoOf(input.onsetApproximate);
  if (onsetApproximate === 'invalid') problems.push({ field: 'onsetApproximate', code: 'yes_no_invalid' });
  const isolatedAt = instantOf(input.isolatedAt);
  if (isolatedAt === 'invalid') problems.push({ field: 'isolatedAt', code: 'date_invalid' });
  const source = choiceOf(input.source, SOURCE_NAMES, SOURCE_WORDS);
  if (!source || !CASE_SOURCES.includes(source)) problems.push({ field: 'source', code: textOf(input.source) === undefined ? 'source_required' : 'source_unknown' });
  const issuingRegionCode = textOf(input.issuingRegionCode) ?? null;
  if (issuingRegionCode !== null && !REGION_CODE.test(issuingRegionCode)) problems.push({ field: 'issuingRegionCode', code: 'issuing_region_unknown' });
  const externalRef = textOf(input.externalRef) ?? null;
  if (externalRef !== null && !EXTERNAL_REF.test(externalRef)) problems.push({ field: 'externalRef', code: 'external_ref_invalid' });
  const notes = textOf(input.notes) ?? null;
  if (problems.length > 0 || !person || !classification || !source || !reportedOn || onsetApproximate === 'invalid' || isolatedAt === 'invalid') return { problems };

  const fields: CaseFields = { classification, onsetOn, onsetApproximate, testedPositiveOn, reportedOn, isolatedAt, source, issuingRegionCode, notes };
  const problem = caseFieldProblem(fields, at.today)
    ?? (isolationProblem(fields, at.now) ? { field: 'isolatedAt', code: 'isolation_invalid' } as const : undefined)
    ?? (externalRef !== null && issuingRegionCode === null ? { field: 'externalRef', code: 'external_ref_needs_region' } as const : undefined);
  return problem ? { problems: [problem] } : { value: { person, fields, externalRef } };
}

export const personKey = (p: Pick<CheckedCaseRow['person'], 'idType' | 'idNumber'>): string => `${p.idType}:${p.idNumber}`;
export const importedCaseKey = (issuingRegionCode: string, externalRef: string): string => `${issuingRegionCode}|${externalRef}`;

/** Later rows naming an earlier row's person, or its imported case: a problem naming the first (by its position). */
export function duplicateCaseRows(rows: readonly { position: number; checked: CheckedCaseRow }[]): { position: number; problem: CaseRowProblem }[] {
  const persons = new Map<string, number>();
  const refs = new Map<string, number>();
  const out: { position: number; problem: CaseRowProblem }[] = [];
  for (const { position, checked } of rows) {
    const ref = checked.externalRef && checked.fields.issuingRegionCode ? importedCaseKey(checked.fields.issuingRegionCode, checked.externalRef) : undefined;
    const earlierRef = ref === undefined ? undefined : refs.get(ref);
    const earlierPerson = persons.get(personKey(checked.person));
    if (earlierRef !== undefined) out.push({ position, problem: { field: 'externalRef', code: 'duplicate_external_ref', detail: String(earlierRef) } });
    else if (earlierPerson !== undefined) out.push({ position, problem: { field: 'idNumber', code: 'duplicate_person', detail: String(earlierPerson) } });
    if (ref !== undefined && earlierRef === undefined) refs.set(ref, position);
    if (earlierPerson === undefined) persons.set(personKey(checked.person), position);
  }
  return out;
}

export type WindowFields = Pick<CaseFields, 'onsetOn' | 'onsetApproximate' | 'testedPositiveOn' | 'isolatedAt'>;

/** What a re-sent imported case changes: its classification, the dates of its window (the report date, source and notes stay as first imported). */
export function caseChanges(current: WindowFields & { classification: Classification }, next: CaseFields): { classification: boolean; window: boolean } {
  const time = (d: Date | null) => d?.getTime() ?? null;
  return {
    classification: current.classification !== next.classification,
    window: current.onsetOn !== next.onsetOn || current.onsetApproximate !== next.onsetApproximate || current.testedPositiveOn !== next.testedPositiveOn
      || time(current.isolatedAt) !== time(next.isolatedAt),
  };
}
