/**
 * Tracing settings (流调参数) of a city, pure: how far before onset the infectious window opens,
 * how long after a case leaves a place still counts (aerosols linger), how deep tracing goes, and
 * how long a stay lasts at a kind of place when nobody checked out. Stored as the tenant setting
 * `tracing`; a missing or invalid field takes its default.
 */
import { integerInRange } from '../../kernel/ranges.ts';

export const TRACING_SETTING = 'tracing';

export interface TracingSettings {
  /** The infectious window opens this many days before onset (or before the positive test without symptoms). */
  preOnsetDays: number;
  /** A contact who arrived up to this many minutes after the case left still counts (容差尾). */
  toleranceMinutes: number;
  /** 1 = close contacts only, 2 = also their contacts (密接的密接), up to 3. */
  depth: number;
  /**
   * Stay lengths by venue kind for check-ins nobody checked out of, overriding the venue's own
   * default stay. A residential compound's check-in is a gate passage: the home itself is covered
   * by the household, so 12 hours there would make a whole compound close contacts.
   */
  stayMinutesByKind: Record<string, number>;
}

export const DEFAULT_TRACING_SETTINGS: TracingSettings = {
  preOnsetDays: 4,
  toleranceMinutes: 30,
  depth: 2,
  stayMinutesByKind: { residential: 15 },
};

export const TRACING_LIMITS = {
  preOnsetDays: { min: 0, max: 14 },
  toleranceMinutes: { min: 0, max: 240 },
  depth: { min: 1, max: 3 },
  stayMinutes: { min: 5, max: 1440 },
} as const;

/** The problems of a proposed settings object (field names), empty when it is valid. */
export function settingsProblems(input: Partial<TracingSettings>, venueKinds: readonly string[]): string[] {
  const problems: string[] = [];
  if (input.preOnsetDays !== undefined && !integerInRange(input.preOnsetDays, TRACING_LIMITS.preOnsetDays)) problems.push('preOnsetDays');
  if (input.toleranceMinutes !== undefined && !integerInRange(input.toleranceMinutes, TRACING_LIMITS.toleranceMinutes)) problems.push('toleranceMinutes');
  if (input.depth !== undefined && !integerInRange(input.depth, TRACING_LIMITS.depth)) problems.push('depth');
  for (const [kind, minutes] of Object.entries(input.stayMinutesByKind ?? {})) {
    if (!venueKinds.includes(kind) || !integerInRange(minutes, TRACING_LIMITS.stayMinutes)) problems.push(`stayMinutesByKind.${kind}`);
  }
  return problems;
}

/** The city's settings: each valid stored field, else its default. */
export function settingsFrom(stored: unknown): TracingSettings {
  const s = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const stays = (s.stayMinutesByKind && typeof s.stayMinutesByKind === 'object' ? s.stayMinutesByKind : DEFAULT_TRACING_SETTINGS.stayMinutesByKind) as Record<string, unknown>;
  return {
    preOnsetDays: integerInRange(s.preOnsetDays, TRACING_LIMITS.preOnsetDays) ? s.preOnsetDays : DEFAULT_TRACING_SETTINGS.preOnsetDays,
    toleranceMinutes: integerInRange(s.toleranceMinutes, TRACING_LIMITS.toleranceMinutes) ? s.toleranceMinutes : DEFAULT_TRACING_SETTINGS.toleranceMinutes,
    depth: integerInRange(s.depth, TRACING_LIMITS.depth) ? s.depth : DEFAULT_TRACING_SETTINGS.depth,
    stayMinutesByKind: Object.fromEntries(Object.entries(stays).filter(([, m]) => integerInRange(m, TRACING_LIMITS.stayMinutes))) as Record<string, number>,
  };
}
