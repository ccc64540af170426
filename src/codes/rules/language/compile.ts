/**
 * Checks an expression written in the rule language and turns it into a function, in one pass.
 * Problems are collected with their JSON path so an author sees all mistakes at once.
 *
 * Forms: a number, string, boolean or null is itself; a JSON array is a list of expressions;
 * an object with exactly one key is an operator application `{ "op": [args…] }` (a single
 * non-array argument may be written bare: `{ "not": {…} }`); `{ "var": "a.b" }` reads a value.
 */
import { FACT_NAMES, RISK_LEVELS, type FactName } from '../model.ts';
import type { Compiled, Problem } from './env.ts';
import type { LiteralKind, OperatorSpec } from './operator-spec.ts';
import { coreOperators } from './operators-core.ts';
import { timeOperators } from './operators-time.ts';
import { readPath } from './values.ts';

export const OPERATORS: Record<string, OperatorSpec> = { ...coreOperators, ...timeOperators };

export interface CompileScope {
  /** The facts the rule declares it reads. */
  reads: ReadonlySet<FactName>;
  /** `let` names defined so far. */
  lets: ReadonlySet<string>;
  problems: Problem[];
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function isIsoInstant(v: unknown): v is string {
  return typeof v === 'string' && ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v));
}

function literalOk(kind: LiteralKind, v: unknown): boolean {
  if (kind === 'string') return typeof v === 'string' && v.length > 0;
  if (kind === 'number') return typeof v === 'number' && Number.isFinite(v) && v >= 0;
  if (kind === 'level') return (RISK_LEVELS as readonly unknown[]).includes(v);
  return isIsoInstant(v);
}

const LITERAL_WORDS: Record<LiteralKind, string> = {
  string: 'a non-empty string written as is',
  number: 'a number ≥ 0 written as is',
  level: '"high" or "medium"',
  isoDate: 'an ISO 8601 instant with a time zone, e.g. 2020-02-11T00:00:00+08:00',
};

function compileVar(arg: unknown, path: string, scope: CompileScope, itemDepth: number): Compiled {
  if (typeof arg !== 'string' || arg.length === 0) {
    scope.problems.push({ path, message: 'var takes a path string such as "facts.declarations" or "item.temperature"' });
    return () => null;
  }
  const [head, ...rest] = arg.split('.');
  if (head === 'facts') {
    const fact = rest[0];
    if (!fact || !(FACT_NAMES as readonly string[]).includes(fact)) {
      scope.problems.push({ path, message: `unknown fact "${fact ?? ''}"; facts are ${FACT_NAMES.join(', ')}` });
      return () => null;
    }
    if (!scope.reads.has(fact as FactName)) scope.problems.push({ path, message: `reads fact "${fact}" but the rule's "reads" does not list it` });
    const steps = rest.slice(1);
    return steps.length === 0 ? (env) => env.facts[fact as FactName] : (env) => readPath(env.facts[fact as FactName], steps);
  }
  if (head === 'item') {
    if (itemDepth === 0) scope.problems.push({ path, message: '"item" exists only inside filter, map, some, all, none and count' });
    return rest.length === 0 ? (env) => env.item : (env) => readPath(env.item, rest);
  }
  if (head === 'now') {
    scope.problems.push({ path, message: 'time enters only through lastDays, within, current and consecutiveNormalCheckins, so the engine knows when a colour can change by time alone' });
    return () => null;
  }
  if (head !== undefined && scope.lets.has(head)) return (env) => readPath(env.lets[head], rest);
  scope.problems.push({ path, message: `unknown name "${head ?? ''}"; use facts.…, item.… or a name defined in "let" before this one` });
  return () => null;
}

export function compileExpression(json: unknown, path: string, scope: CompileScope, itemDepth = 0): Compiled {
  if (json === null || typeof json === 'number' || typeof json === 'string' || typeof json === 'boolean') {
    if (typeof json === 'number' && !Number.isFinite(json)) scope.problems.push({ path, message: 'numbers must be finite' });
    return () => json;
  }
  if (Array.isArray(json)) {
    const parts = json.map((e, i) => compileExpression(e, `${path}[${i}]`, scope, itemDepth));
    return (env) => parts.map((f) => f(env));
  }
  if (typeof json !== 'object') {
    scope.problems.push({ path, message: 'not an expression' });
    return () => null;
  }
  const keys = Object.keys(json);
  if (keys.length !== 1) {
    scope.problems.push({ path, message: `an operator object has exactly one key, found ${keys.length}: ${keys.join(', ')}` });
    return () => null;
  }
  const op = keys[0]!;
  const raw = (json as Record<string, unknown>)[op];
  if (op === 'var') return compileVar(raw, `${path}.var`, scope, itemDepth);
  const spec = OPERATORS[op];
  if (!spec) {
    scope.problems.push({ path, message: `unknown operator "${op}"; known: var, ${Object.keys(OPERATORS).join(', ')}` });
    return () => null;
  }
  const args = Array.isArray(raw) ? raw : [raw];
  if (args.length < spec.minArgs || args.length > spec.maxArgs) {
    const range = spec.maxArgs === Infinity ? `at least ${spec.minArgs}` : spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs}–${spec.maxArgs}`;
    scope.problems.push({ path: `${path}.${op}`, message: `${op} takes ${range} argument(s), got ${args.length}: ${spec.doc}` });
    return () => null;
  }
  const literals: unknown[] = [];
  const compiled = args.map((arg, i) => {
    const kind = spec.literals?.[i];
    if (kind) {
      if (!literalOk(kind, arg)) scope.problems.push({ path: `${path}.${op}[${i}]`, message: `${op}: argument ${i + 1} must be ${LITERAL_WORDS[kind]}` });
      literals[i] = arg;
      return () => arg;
    }
    return compileExpression(arg, `${path}.${op}[${i}]`, scope, spec.perItem === i ? itemDepth + 1 : itemDepth);
  });
  return spec.build(compiled, literals);
}
