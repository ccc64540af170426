/** Type checks for values inside expressions: a wrong type is a mistake in the rule, reported as such. */
import { RuleRuntimeError, type Env } from './env.ts';

export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return 'date';
  if (Array.isArray(v)) return 'list';
  return typeof v;
}

export function asBoolean(v: unknown, op: string): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  throw new RuleRuntimeError(`${op}: expected true/false, got ${describeValue(v)}`);
}

export function asNumber(v: unknown, op: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new RuleRuntimeError(`${op}: expected a number, got ${describeValue(v)}`);
}

export function asDate(v: unknown, op: string): Date {
  if (v instanceof Date) return v;
  throw new RuleRuntimeError(`${op}: expected a date, got ${describeValue(v)}`);
}

export function asList(v: unknown, op: string): unknown[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  throw new RuleRuntimeError(`${op}: expected a list, got ${describeValue(v)}`);
}

/** Codes as a flat list: one code, a list of codes, or lists of them. */
export function asCodes(v: unknown, op: string): string[] {
  if (typeof v === 'string') return [v];
  // lists of lists (codes mapped from several declarations) are flattened
  return asList(v, op).flatMap((c) => {
    if (typeof c === 'string') return [c];
    if (Array.isArray(c)) return asCodes(c, op);
    throw new RuleRuntimeError(`${op}: expected region codes, got ${describeValue(c)}`);
  });
}

/** Numbers and dates compare by value; dates by instant. Mixed kinds are a rule mistake. */
export function comparable(v: unknown, op: string): number | string {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number' || typeof v === 'string') return v;
  throw new RuleRuntimeError(`${op}: cannot compare ${describeValue(v)}`);
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  return a === b;
}

/** Reads `a.b.c` from a value; missing steps give null. */
export function readPath(value: unknown, steps: readonly string[]): unknown {
  let current = value;
  for (const step of steps) {
    if (current === null || current === undefined || typeof current !== 'object' || current instanceof Date) return null;
    current = (current as Record<string, unknown>)[step];
  }
  return current === undefined ? null : current;
}

/** An item from a window operator is being used: the instant it leaves its window matters. */
export function commitExpiry(env: Env, item: unknown): void {
  if (typeof item !== 'object' || item === null) return;
  const expiry = env.expiries.get(item);
  if (expiry !== undefined) env.boundaries.push(expiry);
}
