/**
 * From slots heard to a person's result (每人结果): abnormal when the temperature is at least
 * 37.3 °C or a symptom, risk travel or contact was said; needs checking when a question stayed
 * unplaced (需核实) or a risk question was answered 'unsure'; otherwise normal. Pure.
 */
import type { QuestionId, Slots } from '../nlu/model.ts';
import { ABNORMAL_REASONS, FEVER_CELSIUS, type AbnormalReason } from './model.ts';

/** Compared in tenths so 37.29999 from arithmetic never slips under the line. */
export const hasFeverTemperature = (celsius: number): boolean => Math.round(celsius * 10) >= Math.round(FEVER_CELSIUS * 10);

/** Why the slots are abnormal, in ABNORMAL_REASONS order; empty when nothing is. */
export function abnormalReasons(slots: Slots): AbnormalReason[] {
  return ABNORMAL_REASONS.filter((reason) => slots[reason] === 'yes'
    || (reason === 'fever' && slots.temperature !== undefined && hasFeverTemperature(slots.temperature)));
}

/** Whether any health or risk answer was heard (identity and whereabouts alone screen nothing). */
export function screenedAnything(slots: Slots): boolean {
  return slots.temperature !== undefined || ABNORMAL_REASONS.some((reason) => slots[reason] !== undefined);
}

export interface ScreeningResult {
  result: 'normal' | 'abnormal' | 'needs_checking';
  reasons: AbnormalReason[];
}

/** The result of a dialogue that reached its end node. */
export function screeningResult(slots: Slots, unresolved: readonly QuestionId[]): ScreeningResult {
  const reasons = abnormalReasons(slots);
  if (reasons.length > 0) return { result: 'abnormal', reasons };
  const unsure = ABNORMAL_REASONS.some((reason) => slots[reason] === 'unsure');
  return { result: unresolved.length > 0 || unsure ? 'needs_checking' : 'normal', reasons: [] };
}
