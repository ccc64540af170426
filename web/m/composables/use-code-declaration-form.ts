/**
 * The state of one 健康申报 form: values, the "无 excludes the others" rule, the checks made
 * before sending (message keys, so a language switch re-renders them), and server errors placed
 * next to the field they name (details.field).
 */
import { computed, reactive, shallowRef, watch } from 'vue';
import { ApiError } from '../../common/http-error.ts';
import type { CaseContact, DeclarationInput, PickedRegion, Symptom } from '../api/codes.ts';

export const MIN_TEMPERATURE = 34;
export const MAX_TEMPERATURE = 43;
export const MAX_STAYED_PLACES = 20;

export type FieldName = 'regionCode' | 'address' | 'phone' | 'temperature' | 'symptoms' | 'stayedRegionCodes' | 'contact' | 'pledge';
type FieldProblem = { kind: 'key'; key: string } | { kind: 'api'; error: ApiError };

const FIELDS: readonly string[] = ['regionCode', 'address', 'phone', 'temperature', 'symptoms', 'stayedRegionCodes', 'contact', 'pledge'];

/** "无" means no symptoms: picking it clears the others, picking another clears it. */
export function nextSymptoms(before: readonly Symptom[], after: readonly Symptom[]): Symptom[] {
  const added = after.filter((s) => !before.includes(s));
  if (added.includes('none')) return ['none'];
  if (after.includes('none') && after.length > 1) return after.filter((s) => s !== 'none');
  return [...after];
}

/** "37.2" → 37.2; undefined for anything that is not a temperature with at most one decimal in range. */
export function parseTemperature(text: string): number | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (!/^[0-9]{2}(\.[0-9])?$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value >= MIN_TEMPERATURE && value <= MAX_TEMPERATURE ? value : undefined;
}

export function useCodeDeclarationForm() {
  const form = reactive({
    region: null as PickedRegion | null,
    address: '',
    phone: '',
    temperature: '',
    symptoms: [] as Symptom[],
    stayed: [] as PickedRegion[],
    contact: 'none' as CaseContact,
    pledge: false,
  });
  const problems = shallowRef<Partial<Record<FieldName, FieldProblem>>>({});

  watch(() => [...form.symptoms], (after, before) => {
    const next = nextSymptoms(before ?? [], after);
    if (next.length !== after.length) form.symptoms = next;
  });

  function addStay(region: PickedRegion): void {
    if (!form.stayed.some((r) => r.code === region.code) && form.stayed.length < MAX_STAYED_PLACES) form.stayed.push(region);
  }

  function removeStay(code: string): void {
    form.stayed = form.stayed.filter((r) => r.code !== code);
  }

  /** The request body, or undefined after marking what is missing. */
  function build(personId: string): DeclarationInput | undefined {
    const found: Partial<Record<FieldName, FieldProblem>> = {};
    if (!form.region) found.regionCode = { kind: 'key', key: 'codes.declare.regionRequired' };
    if (!form.address.trim()) found.address = { kind: 'key', key: 'codes.declare.addressRequired' };
    const temperature = parseTemperature(form.temperature);
    if (temperature === undefined) found.temperature = { kind: 'key', key: 'codes.declare.temperatureInvalid' };
    if (form.symptoms.length === 0) found.symptoms = { kind: 'key', key: 'codes.declare.symptomsRequired' };
    problems.value = found;
    if (Object.keys(found).length > 0 || !form.region || temperature === undefined) return undefined;
    return {
      personId, regionCode: form.region.code, address: form.address.trim(), phone: form.phone.trim() || null, temperature,
      symptoms: [...form.symptoms], stayedRegionCodes: form.stayed.map((r) => r.code), contact: form.contact, pledge: form.pledge,
    };
  }

  /** Puts a server error next to its field; answers false when it names none (shown at the bottom then). */
  function placeServerError(error: unknown): boolean {
    if (!(error instanceof ApiError)) return false;
    const field = (error.details as { field?: unknown } | undefined)?.field;
    if (typeof field !== 'string' || !FIELDS.includes(field)) return false;
    problems.value = { [field as FieldName]: { kind: 'api', error } };
    return true;
  }

  function clearProblem(field: FieldName): void {
    if (!problems.value[field]) return;
    const { [field]: _gone, ...rest } = problems.value;
    problems.value = rest;
  }

  const hasProblems = computed(() => Object.keys(problems.value).length > 0);
  return { form, problems, hasProblems, addStay, removeStay, build, placeServerError, clearProblem };
}
