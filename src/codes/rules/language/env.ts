/**
 * What a compiled expression runs against. Time enters only through `at` and the window
 * operators, which write into `boundaries` the instants at which their answer could flip, so
 * the engine knows when time alone can change a colour (nextReviewAt) without sampling.
 */
import type { PersonFacts } from '../model.ts';

export interface RiskAreaPrefix {
  prefix: string;
  level: 'high' | 'medium';
  name: string;
}

export interface Env {
  at: number;
  facts: PersonFacts;
  /** Shanghai day number (days since 1970-01-01 in UTC+8) → true normal / false abnormal. */
  checkins: Map<number, boolean>;
  riskAreas: readonly RiskAreaPrefix[];
  lets: Record<string, unknown>;
  item: unknown;
  /** Instants (ms) after `at` at which some answer may change. */
  boundaries: number[];
  /** Items returned by lastDays → the instant each leaves its window; committed when an item is used. */
  expiries: WeakMap<object, number>;
}

export type Compiled = (env: Env) => unknown;

/** A mistake in a rule found while running it (wrong type of value); reported with the rule id. */
export class RuleRuntimeError extends Error {
  override name = 'RuleRuntimeError';
}

export interface Problem {
  path: string;
  message: string;
}
