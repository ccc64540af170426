/** Logic, comparison, arithmetic, list and access operators (no notion of time). */
import { RuleRuntimeError, type Env } from './env.ts';
import type { OperatorSpec } from './operator-spec.ts';
import { asBoolean, asDate, asList, asNumber, commitExpiry, comparable, readPath, sameValue } from './values.ts';
import { DAY_MS } from '../../../kernel/time.ts';

function compare(op: string, test: (a: number | string, b: number | string) => boolean): OperatorSpec {
  return {
    minArgs: 2,
    maxArgs: 3,
    doc: `[a, b] or [a, b, c] (between); numbers or dates; null on either side gives false`,
    build: (args) => (env) => {
      const values = args.map((f) => f(env));
      if (values.some((v) => v === null || v === undefined)) return false;
      const keys = values.map((v) => comparable(v, op));
      for (let i = 0; i + 1 < keys.length; i++) if (!test(keys[i]!, keys[i + 1]!)) return false;
      return true;
    },
  };
}

function arithmetic(op: string, fold: (a: number, b: number) => number, min: number, max: number): OperatorSpec {
  return {
    minArgs: min,
    maxArgs: max,
    doc: 'numbers',
    build: (args) => (env) => {
      const values = args.map((f) => asNumber(f(env), op));
      if (op === '-' && values.length === 1) return -values[0]!;
      return values.reduce(fold);
    },
  };
}

/** Runs `body` once per item with `item` bound, restoring the outer item afterwards. */
export function eachItem(env: Env, list: unknown[], body: (item: unknown) => boolean | void): void {
  const outer = env.item;
  try {
    for (const item of list) {
      env.item = item;
      if (body(item) === false) break;
    }
  } finally {
    env.item = outer;
  }
}

function quantifier(op: 'some' | 'all' | 'none'): OperatorSpec {
  return {
    minArgs: 2,
    maxArgs: 2,
    perItem: 1,
    doc: '[list, condition per item]',
    build: ([list, cond]) => (env) => {
      let matches = 0;
      const items = asList(list!(env), op);
      eachItem(env, items, (item) => {
        const ok = asBoolean(cond!(env), op);
        if (ok) matches++;
        // the items whose leaving the window could flip the answer
        if (ok !== (op === 'all')) commitExpiry(env, item);
      });
      if (op === 'some') return matches > 0;
      if (op === 'none') return matches === 0;
      return matches === items.length;
    },
  };
}

function extremeItem(op: 'latest' | 'earliest'): OperatorSpec {
  return {
    minArgs: 2,
    maxArgs: 2,
    literals: { 1: 'string' },
    doc: '[list, "dateField"]: the item with the latest/earliest date, or null',
    build: ([list], [, field]) => {
      const steps = String(field).split('.');
      return (env) => {
        let best: unknown = null;
        let bestTime = 0;
        for (const item of asList(list!(env), op)) {
          const t = asDate(readPath(item, steps), op).getTime();
          if (best === null || (op === 'latest' ? t > bestTime : t < bestTime)) [best, bestTime] = [item, t];
        }
        commitExpiry(env, best);
        return best;
      };
    },
  };
}

function extremeValue(op: 'min' | 'max'): OperatorSpec {
  return {
    minArgs: 1,
    maxArgs: Infinity,
    doc: '[a, b, …] or [list]: the smallest/largest number or date; nulls ignored; none gives null',
    build: (args) => (env) => {
      const values = args.length === 1 ? asList(args[0]!(env), op) : args.map((f) => f(env));
      let best: unknown = null;
      for (const v of values) {
        if (v === null || v === undefined) continue;
        if (best === null || (op === 'min' ? comparable(v, op) < comparable(best, op) : comparable(v, op) > comparable(best, op))) best = v;
      }
      return best;
    },
  };
}

export const coreOperators: Record<string, OperatorSpec> = {
  and: { minArgs: 1, maxArgs: Infinity, doc: 'all true (stops at the first false)', build: (args) => (env) => args.every((f) => asBoolean(f(env), 'and')) },
  or: { minArgs: 1, maxArgs: Infinity, doc: 'any true (stops at the first true)', build: (args) => (env) => args.some((f) => asBoolean(f(env), 'or')) },
  not: { minArgs: 1, maxArgs: 1, doc: 'negation; null counts as false', build: ([a]) => (env) => !asBoolean(a!(env), 'not') },
  if: {
    minArgs: 3,
    maxArgs: 3,
    doc: '[condition, then, else]',
    build: ([c, a, b]) => (env) => (asBoolean(c!(env), 'if') ? a!(env) : b!(env)),
  },
  '==': { minArgs: 2, maxArgs: 2, doc: 'same number, string, boolean, date or both null', build: ([a, b]) => (env) => sameValue(a!(env), b!(env)) },
  '!=': { minArgs: 2, maxArgs: 2, doc: 'not ==', build: ([a, b]) => (env) => !sameValue(a!(env), b!(env)) },
  '<': compare('<', (a, b) => a < b),
  '<=': compare('<=', (a, b) => a <= b),
  '>': compare('>', (a, b) => a > b),
  '>=': compare('>=', (a, b) => a >= b),
  in: {
    minArgs: 2,
    maxArgs: 2,
    doc: '[value, list]: the value is one of the list',
    build: ([v, list]) => (env) => {
      const value = v!(env);
      return asList(list!(env), 'in').some((x) => sameValue(x, value));
    },
  },
  '+': arithmetic('+', (a, b) => a + b, 1, Infinity),
  '-': arithmetic('-', (a, b) => a - b, 1, 2),
  '*': arithmetic('*', (a, b) => a * b, 1, Infinity),
  '/': {
    minArgs: 2,
    maxArgs: 2,
    doc: 'numbers; dividing by 0 is a rule mistake',
    build: ([a, b]) => (env) => {
      const d = asNumber(b!(env), '/');
      if (d === 0) throw new RuleRuntimeError('/: division by zero');
      return asNumber(a!(env), '/') / d;
    },
  },
  min: extremeValue('min'),
  max: extremeValue('max'),
  date: { minArgs: 1, maxArgs: 1, literals: { 0: 'isoDate' }, doc: '["2020-02-11T00:00:00+08:00"]: a fixed instant', build: (_, [iso]) => { const d = new Date(String(iso)); return () => d; } },
  plusDays: { minArgs: 2, maxArgs: 2, doc: '[date, days]: the instant days × 24 h later', build: ([d, n]) => (env) => new Date(asDate(d!(env), 'plusDays').getTime() + asNumber(n!(env), 'plusDays') * DAY_MS) },
  daysBetween: {
    minArgs: 2,
    maxArgs: 2,
    doc: '[from, to]: (to − from) in days, with fractions; for dates from the facts (use the window operators for "now")',
    build: ([a, b]) => (env) => (asDate(b!(env), 'daysBetween').getTime() - asDate(a!(env), 'daysBetween').getTime()) / DAY_MS,
  },
  filter: {
    minArgs: 2,
    maxArgs: 2,
    perItem: 1,
    doc: '[list, condition per item]: the items that meet it',
    build: ([list, cond]) => (env) => {
      const out: unknown[] = [];
      eachItem(env, asList(list!(env), 'filter'), (item) => { if (asBoolean(cond!(env), 'filter')) out.push(item); });
      return out;
    },
  },
  map: {
    minArgs: 2,
    maxArgs: 2,
    perItem: 1,
    doc: '[list, expression per item]: the list of its values',
    build: ([list, expr]) => (env) => {
      const out: unknown[] = [];
      eachItem(env, asList(list!(env), 'map'), (item) => { commitExpiry(env, item); out.push(expr!(env)); });
      return out;
    },
  },
  some: quantifier('some'),
  all: quantifier('all'),
  none: quantifier('none'),
  count: {
    minArgs: 1,
    maxArgs: 2,
    perItem: 1,
    doc: '[list] or [list, condition per item]: how many',
    build: ([list, cond]) => (env) => {
      let n = 0;
      eachItem(env, asList(list!(env), 'count'), (item) => {
        if (!cond || asBoolean(cond(env), 'count')) { n++; commitExpiry(env, item); }
      });
      return n;
    },
  },
  latest: extremeItem('latest'),
  earliest: extremeItem('earliest'),
  get: {
    minArgs: 2,
    maxArgs: 2,
    literals: { 1: 'string' },
    doc: '[value, "a.b"]: a field of an item; null when missing',
    build: ([v], [, path]) => { const steps = String(path).split('.'); return (env) => readPath(v!(env), steps); },
  },
};

