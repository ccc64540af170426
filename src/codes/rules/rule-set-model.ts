/**
 * A parsed rule set. `source` is the validated JSON exactly as written: store and show that;
 * the rest is compiled from it by parseRuleSet and is not meant to be serialised.
 */
import type { Compiled } from './language/env.ts';
import type { Colour, LocalizedText, PersonFacts, RiskArea } from './model.ts';
import type { FactName } from './model.ts';

export const RULESET_FORMAT = 'fangyi-rules/1';

export interface StageSpec {
  /** A fixed colour, or 'from-facts' when an expression picks it (manual decisions). */
  colour: Colour | 'from-facts';
  reasonCode: string;
  /** Minimum duration from the stage start; null with `until` or when the stage holds while the condition does. */
  days: number | null;
  /** Consecutive normal daily check-ins also required after the stage started (0 = none). */
  checkins: number;
  hasUntil: boolean;
  text: LocalizedText;
}

export interface CompiledStage {
  colour: Compiled;
  until: Compiled | null;
}

export interface CompiledRule {
  lets: [string, Compiled][];
  when: Compiled;
  since: Compiled;
  params: [string, Compiled][];
  stages: CompiledStage[];
}

export interface RuleTestExpectation {
  colour: Colour;
  /** The strongest reason's code; null = no rule matched. */
  reasonCode: string | null;
  /** Optional: whether this rule is among the reasons. */
  ruleMatched?: boolean;
  /** Optional: the expected nextReviewAt (null = none). */
  nextReviewAt?: Date | null;
}

export interface RuleTestCase {
  name: string;
  at: Date;
  riskAreas: RiskArea[];
  facts: PersonFacts;
  expect: RuleTestExpectation;
}

export interface Rule {
  id: string;
  version: number;
  validFrom: Date;
  validTo: Date | null;
  description: LocalizedText;
  reads: FactName[];
  /** Manual decisions: their colour replaces the rules' colours while they last. */
  overrides: boolean;
  stages: StageSpec[];
  tests: RuleTestCase[];
  compiled: CompiledRule;
}

export interface RuleSet {
  name: string;
  /** GB/T 2260 code of the region it is written for, or '*'. */
  region: string;
  version: number;
  validFrom: Date;
  validTo: Date | null;
  description: LocalizedText;
  rules: Rule[];
  source: unknown;
}
