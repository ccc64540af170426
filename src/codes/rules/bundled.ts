/**
 * The rule sets shipped with fangyi, parsed once. Imported as JSON modules (not read from disk)
 * so the engine stays free of I/O and also bundles for the browser.
 */
import hangzhou2020 from './sets/hangzhou-2020.json' with { type: 'json' };
import hangzhou2022 from './sets/hangzhou-2022.json' with { type: 'json' };
import { ruleFail } from './errors.ts';
import { parseRuleSet } from './parse-rule-set.ts';
import type { RuleSet } from './rule-set-model.ts';

export const BUNDLED_RULE_SETS = ['hangzhou-2020', 'hangzhou-2022'] as const;
export type BundledRuleSetName = (typeof BUNDLED_RULE_SETS)[number];

const sources: Record<BundledRuleSetName, unknown> = { 'hangzhou-2020': hangzhou2020, 'hangzhou-2022': hangzhou2022 };
const parsed = new Map<BundledRuleSetName, RuleSet>();

/** The default for a new region. */
export const DEFAULT_RULE_SET: BundledRuleSetName = 'hangzhou-2020';

export function isBundledRuleSetName(name: string): name is BundledRuleSetName {
  return (BUNDLED_RULE_SETS as readonly string[]).includes(name);
}

/** Parsed once and shared: treat the result as read-only. */
export function loadBundledRuleSet(name: BundledRuleSetName): RuleSet {
  if (!isBundledRuleSetName(name)) throw ruleFail('RULESET_BUNDLED_NOT_FOUND', { name, known: BUNDLED_RULE_SETS });
  let set = parsed.get(name);
  if (!set) {
    set = parseRuleSet(sources[name]);
    parsed.set(name, set);
  }
  return set;
}

/** The JSON of a bundled set, e.g. to start a region's own set from it. */
export function bundledRuleSetSource(name: BundledRuleSetName): unknown {
  return structuredClone(sources[name]);
}
