/**
 * A city's situation-analysis parameters (态势分析参数), pure: the serial interval Rt is estimated
 * with, as the mean and sd of EpiEstim's shifted gamma (parametric_si). Stored as the tenant
 * setting `analytics`; a missing or invalid field takes its default.
 */
import { inRange } from '../../kernel/ranges.ts';

export const ANALYTICS_SETTING = 'analytics';

export interface AnalyticsSettings {
  serialIntervalMean: number;
  serialIntervalSd: number;
  /** Length of Rt's sliding windows in days (EpiEstim's weekly default: 7). */
  rtWindowDays: number;
}

/** COVID-19's serial interval as first estimated from Chinese case pairs (Nishiura et al. 2020: mean 4.7 days, sd 2.9). */
export const DEFAULT_ANALYTICS_SETTINGS: AnalyticsSettings = { serialIntervalMean: 4.7, serialIntervalSd: 2.9, rtWindowDays: 7 };

export const ANALYTICS_LIMITS = {
  serialIntervalMean: { min: 1.1, max: 30 },
  serialIntervalSd: { min: 0.1, max: 30 },
  rtWindowDays: { min: 2, max: 28 },
} as const;

/** The fields of `input` that are out of range (none: the settings are valid). */
export function analyticsSettingsProblems(input: AnalyticsSettings): (keyof AnalyticsSettings)[] {
  const problems = (Object.keys(ANALYTICS_LIMITS) as (keyof AnalyticsSettings)[]).filter((k) => !inRange(input[k], ANALYTICS_LIMITS[k]));
  if (!Number.isInteger(input.rtWindowDays) && !problems.includes('rtWindowDays')) problems.push('rtWindowDays');
  return problems;
}

export function analyticsSettingsFrom(stored: unknown): AnalyticsSettings {
  const s = (stored && typeof stored === 'object' ? stored : {}) as Partial<Record<keyof AnalyticsSettings, unknown>>;
  const pick = <K extends keyof AnalyticsSettings>(k: K): number => {
    const value = s[k];
    return inRange(value, ANALYTICS_LIMITS[k]) && (k !== 'rtWindowDays' || Number.isInteger(value)) ? value : DEFAULT_ANALYTICS_SETTINGS[k];
  };
  return { serialIntervalMean: pick('serialIntervalMean'), serialIntervalSd: pick('serialIntervalSd'), rtWindowDays: pick('rtWindowDays') };
}
