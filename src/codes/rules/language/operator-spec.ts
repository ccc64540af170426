import type { Compiled } from './env.ts';

/** What an argument written as a literal must be (checked by parseRuleSet). */
export type LiteralKind = 'string' | 'number' | 'level' | 'isoDate';

export interface OperatorSpec {
  minArgs: number;
  maxArgs: number;
  /** Arguments that must be literals, by position. */
  literals?: Record<number, LiteralKind>;
  /** The argument at this position runs once per list item, with `item` bound to it. */
  perItem?: number;
  /** One line for LANGUAGE.md and error details. */
  doc: string;
  build(args: Compiled[], literals: unknown[]): Compiled;
}
