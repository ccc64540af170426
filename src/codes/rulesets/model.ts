/**
 * Rule sets and risk areas per region, pure: which region's rule set applies to a person, how a
 * stored version is named in colour events, and the checks a risk-area list must pass.
 */
import { NATIONAL_REGION, regionCovers } from '../../kernel/regions-scope.ts';
import type { RuleSetErrorCode } from './errors.ts';

export type RiskLevel = 'high' | 'medium';

export interface RiskArea {
  regionCode: string;
  level: RiskLevel;
}

export const MAX_RISK_AREAS = 2000;

export type RuleSetStatus = 'proposed' | 'published' | 'superseded';

export interface StoredRuleSetSummary {
  regionCode: string;
  version: number;
  ruleSetId: string;
  status: RuleSetStatus;
  proposedAt: Date;
  publishedAt: Date | null;
}

/**
 * The region itself, then its district, city, province and the nation: the first of these with a
 * published rule set decides (a district may refine its city's rules).
 */
export function regionAndAncestors(code: string): string[] {
  const chain = [code];
  if (code.length === 9) chain.push(code.slice(0, 6));
  const six = code.slice(0, 6);
  if (!six.endsWith('00')) chain.push(`${six.slice(0, 4)}00`);
  if (!six.endsWith('0000')) chain.push(`${six.slice(0, 2)}0000`);
  if (six !== NATIONAL_REGION) chain.push(NATIONAL_REGION);
  return [...new Set(chain)];
}

/** How colour events and statuses name the rule set that decided: `330100@3`, or `bundled:hangzhou-2020`. */
export function storedRuleSetRef(regionCode: string, version: number): string {
  return `${regionCode}@${version}`;
}

export function bundledRuleSetRef(name: string): string {
  return `bundled:${name}`;
}

export type RiskAreaCheck = { ok: true; value: RiskArea[] } | { ok: false; code: RuleSetErrorCode; index?: number };

/** Distinct divisions inside the managing region (or the region itself), level high or medium. */
export function checkRiskAreas(managingRegionCode: string, areas: readonly RiskArea[]): RiskAreaCheck {
  if (areas.length > MAX_RISK_AREAS) return { ok: false, code: 'RISK_AREA_TOO_MANY' };
  const seen = new Set<string>();
  for (const [index, area] of areas.entries()) {
    const valid = /^[0-9]{6}([0-9]{3})?$/.test(area.regionCode) && (area.level === 'high' || area.level === 'medium')
      && regionCovers(managingRegionCode, area.regionCode) && !seen.has(area.regionCode);
    if (!valid) return { ok: false, code: 'RISK_AREA_INVALID', index };
    seen.add(area.regionCode);
  }
  return { ok: true, value: [...areas].sort((a, b) => a.regionCode.localeCompare(b.regionCode)) };
}

/** Areas whose level appeared, disappeared or changed between two lists. */
export function changedRiskAreas(before: readonly RiskArea[], after: readonly RiskArea[]): string[] {
  const old = new Map(before.map((a) => [a.regionCode, a.level]));
  const now = new Map(after.map((a) => [a.regionCode, a.level]));
  const codes = new Set([...old.keys(), ...now.keys()]);
  return [...codes].filter((c) => old.get(c) !== now.get(c)).sort();
}
