/**
 * parseRuleSet: checks a rule set written as JSON (see LANGUAGE.md) and compiles it. Every
 * problem is reported at once with its JSON path in the RULESET_INVALID error's details.
 */
import { ruleFail } from './errors.ts';
import { compileExpression, isIsoInstant, type CompileScope } from './language/compile.ts';
import type { Compiled, Problem } from './language/env.ts';
import { COLOURS, FACT_NAMES, type Colour, type FactName, type LocalizedText } from './model.ts';
import { readPersonFacts, readRiskAreas } from './parse-facts.ts';
import { TEXT_PLACEHOLDERS } from './reason-text.ts';
import { RULESET_FORMAT, type CompiledStage, type Rule, type RuleSet, type RuleTestCase, type StageSpec } from './rule-set-model.ts';

type Obj = Record<string, unknown>;
const REASON_CODE = /^[a-z][a-z0-9_]*$/;
const NAME = /^[a-z0-9][a-z0-9-]*$/;
const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownKeys(o: Obj, allowed: string[], path: string, problems: Problem[]) {
  for (const key of Object.keys(o)) if (!allowed.includes(key)) problems.push({ path: `${path}.${key}`, message: `unknown field; expected ${allowed.join(', ')}` });
}

function readText(v: unknown, path: string, problems: Problem[], placeholders?: ReadonlySet<string>): LocalizedText {
  if (!isObj(v) || typeof v.zh !== 'string' || typeof v.en !== 'string' || !v.zh.trim() || !v.en.trim()) {
    problems.push({ path, message: 'expected { "zh": "…", "en": "…" }, both non-empty' });
    return { zh: '', en: '' };
  }
  if (placeholders) {
    for (const lang of ['zh', 'en'] as const) {
      for (const [, name] of (v[lang] as string).matchAll(/\{([A-Za-z]+)\}/g)) {
        if (!placeholders.has(name!)) problems.push({ path: `${path}.${lang}`, message: `unknown placeholder {${name}}; known: ${[...placeholders].join(', ')}` });
      }
    }
  }
  return { zh: v.zh as string, en: v.en as string };
}

function readValidity(o: Obj, path: string, problems: Problem[]): { validFrom: Date; validTo: Date | null } {
  if (!isIsoInstant(o.validFrom)) problems.push({ path: `${path}.validFrom`, message: 'expected an ISO 8601 instant with a time zone' });
  if (o.validTo !== null && o.validTo !== undefined && !isIsoInstant(o.validTo)) problems.push({ path: `${path}.validTo`, message: 'expected an ISO 8601 instant with a time zone, or null' });
  const validFrom = new Date(String(o.validFrom));
  const validTo = isIsoInstant(o.validTo) ? new Date(o.validTo) : null;
  if (validTo && validTo.getTime() <= validFrom.getTime()) problems.push({ path: `${path}.validTo`, message: 'validTo must be after validFrom' });
  return { validFrom, validTo };
}

function readVersion(v: unknown, path: string, problems: Problem[]): number {
  if (!Number.isInteger(v) || (v as number) < 1) problems.push({ path, message: 'expected a whole number ≥ 1' });
  return Number(v);
}

/** The names a `var` anywhere in `expr` starts with. */
function namesUsed(expr: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(expr)) for (const e of expr) namesUsed(e, out);
  else if (isObj(expr)) {
    for (const [key, value] of Object.entries(expr)) {
      const ref = key === 'var' ? (Array.isArray(value) ? value[0] : value) : undefined;
      if (typeof ref === 'string') out.add(ref.split('.')[0]!);
      else namesUsed(value, out);
    }
  }
  return out;
}

/**
 * `let` entries with each after the entries it uses, otherwise in the order written. Rule sets
 * are stored as jsonb, which keeps object keys in its own order (shorter first), so the written
 * order cannot be relied on; a cycle keeps the written order and fails to compile as an unknown name.
 */
function inDependencyOrder(entries: [string, unknown][]): [string, unknown][] {
  const names = new Set(entries.map(([name]) => name));
  const uses = new Map(entries.map(([name, expr]) => [name, [...namesUsed(expr)].filter((n) => n !== name && names.has(n))]));
  const ordered: [string, unknown][] = [];
  const placed = new Set<string>();
  let remaining = entries;
  while (remaining.length > 0) {
    const ready = remaining.filter(([name]) => uses.get(name)!.every((n) => placed.has(n)));
    const next = ready.length > 0 ? ready : remaining;
    for (const entry of next) placed.add(entry[0]);
    ordered.push(...next);
    remaining = remaining.filter((entry) => !next.includes(entry));
  }
  return ordered;
}

function readNamedExpressions(v: unknown, path: string, scope: CompileScope & { lets: Set<string> }, defineAsLet: boolean): [string, Compiled][] {
  if (v === undefined) return [];
  if (!isObj(v)) {
    scope.problems.push({ path, message: 'expected an object of name → expression' });
    return [];
  }
  const entries = defineAsLet ? inDependencyOrder(Object.entries(v)) : Object.entries(v);
  return entries.map(([name, expr]) => {
    if (!/^[a-z][A-Za-z0-9]*$/.test(name) || ['facts', 'item', 'now'].includes(name)) scope.problems.push({ path: `${path}.${name}`, message: 'names are camelCase words other than facts, item and now' });
    const compiled = compileExpression(expr, `${path}.${name}`, scope);
    if (defineAsLet) scope.lets.add(name);
    return [name, compiled];
  });
}

function readStage(v: unknown, path: string, scope: CompileScope, last: boolean, placeholders: ReadonlySet<string>): [StageSpec, CompiledStage] {
  const problems = scope.problems;
  const o = isObj(v) ? v : (problems.push({ path, message: 'expected a stage object' }), {} as Obj);
  unknownKeys(o, ['colour', 'reasonCode', 'days', 'checkins', 'until', 'text'], path, problems);
  let colour: Colour | 'from-facts';
  let colourFn: Compiled;
  if (typeof o.colour === 'string') {
    if (!(COLOURS as readonly string[]).includes(o.colour)) problems.push({ path: `${path}.colour`, message: `expected ${COLOURS.join(', ')} or an expression` });
    colour = o.colour as Colour;
    colourFn = () => o.colour;
  } else {
    colour = 'from-facts';
    colourFn = compileExpression(o.colour, `${path}.colour`, scope);
  }
  if (typeof o.reasonCode !== 'string' || !REASON_CODE.test(o.reasonCode)) problems.push({ path: `${path}.reasonCode`, message: 'expected a snake_case reason code' });
  const days = o.days === undefined || o.days === null ? null : Number(o.days);
  if (days !== null && (!Number.isInteger(o.days) || days < 0)) problems.push({ path: `${path}.days`, message: 'expected a whole number of days ≥ 0' });
  const checkins = o.checkins === undefined ? 0 : Number(o.checkins);
  if (!Number.isInteger(o.checkins ?? 0) || checkins < 0) problems.push({ path: `${path}.checkins`, message: 'expected a whole number ≥ 0' });
  if (checkins > 0 && days === null) problems.push({ path: `${path}.checkins`, message: 'check-ins release a stage only together with "days"' });
  const until = o.until === undefined ? null : compileExpression(o.until, `${path}.until`, scope);
  if (until && days !== null) problems.push({ path: `${path}.until`, message: 'a stage ends by "days" or by "until", not both' });
  if (!until && days === null && !last) problems.push({ path, message: 'only the last stage may hold for as long as the condition does (no days, no until)' });
  const text = readText(o.text, `${path}.text`, problems, placeholders);
  return [{ colour, reasonCode: String(o.reasonCode), days, checkins, hasUntil: until !== null, text }, { colour: colourFn, until }];
}

function readTests(v: unknown, path: string, problems: Problem[], homeRegionCode: string): RuleTestCase[] {
  if (!Array.isArray(v) || v.length === 0) {
    problems.push({ path, message: 'every rule ships with at least one test case' });
    return [];
  }
  return v.map((t, i) => {
    const p = `${path}[${i}]`;
    const o = isObj(t) ? t : (problems.push({ path: p, message: 'expected a test case object' }), {} as Obj);
    unknownKeys(o, ['name', 'at', 'riskAreas', 'facts', 'expect'], p, problems);
    if (typeof o.name !== 'string' || !o.name) problems.push({ path: `${p}.name`, message: 'expected a name' });
    if (!isIsoInstant(o.at)) problems.push({ path: `${p}.at`, message: 'expected an ISO 8601 instant with a time zone' });
    const e = isObj(o.expect) ? o.expect : (problems.push({ path: `${p}.expect`, message: 'expected { colour, reasonCode }' }), {} as Obj);
    unknownKeys(e, ['colour', 'reasonCode', 'ruleMatched', 'nextReviewAt'], `${p}.expect`, problems);
    if (!(COLOURS as readonly unknown[]).includes(e.colour)) problems.push({ path: `${p}.expect.colour`, message: `expected ${COLOURS.join(', ')}` });
    if (e.reasonCode !== null && typeof e.reasonCode !== 'string') problems.push({ path: `${p}.expect.reasonCode`, message: 'expected a reason code or null' });
    if (e.ruleMatched !== undefined && typeof e.ruleMatched !== 'boolean') problems.push({ path: `${p}.expect.ruleMatched`, message: 'expected true or false' });
    if (e.nextReviewAt !== undefined && e.nextReviewAt !== null && !isIsoInstant(e.nextReviewAt)) problems.push({ path: `${p}.expect.nextReviewAt`, message: 'expected an ISO instant or null' });
    const expect: RuleTestCase['expect'] = { colour: e.colour as Colour, reasonCode: (e.reasonCode ?? null) as string | null };
    if (typeof e.ruleMatched === 'boolean') expect.ruleMatched = e.ruleMatched;
    if (e.nextReviewAt !== undefined) expect.nextReviewAt = typeof e.nextReviewAt === 'string' ? new Date(e.nextReviewAt) : null;
    return {
      name: String(o.name),
      at: new Date(String(o.at)),
      riskAreas: readRiskAreas(o.riskAreas, `${p}.riskAreas`, problems),
      facts: readPersonFacts(o.facts ?? {}, `${p}.facts`, problems, { homeRegionCode }),
      expect,
    };
  });
}

function readRule(v: unknown, path: string, problems: Problem[], homeRegionCode: string): Rule {
  const o = isObj(v) ? v : (problems.push({ path, message: 'expected a rule object' }), {} as Obj);
  unknownKeys(o, ['id', 'version', 'validFrom', 'validTo', 'description', 'reads', 'let', 'when', 'since', 'params', 'outcome', 'tests'], path, problems);
  if (typeof o.id !== 'string' || !RULE_ID.test(o.id)) problems.push({ path: `${path}.id`, message: 'expected an id of letters, digits, - _ .' });
  const reads = Array.isArray(o.reads) ? o.reads : (problems.push({ path: `${path}.reads`, message: 'expected the list of facts the rule reads' }), []);
  reads.forEach((f, i) => { if (!(FACT_NAMES as readonly unknown[]).includes(f)) problems.push({ path: `${path}.reads[${i}]`, message: `unknown fact; facts are ${FACT_NAMES.join(', ')}` }); });
  const scope = { reads: new Set(reads as FactName[]), lets: new Set<string>(), problems };
  const lets = readNamedExpressions(o.let, `${path}.let`, scope, true);
  if (o.when === undefined) problems.push({ path: `${path}.when`, message: 'expected the condition' });
  if (o.since === undefined) problems.push({ path: `${path}.since`, message: 'expected the expression giving when the colour starts' });
  const when = compileExpression(o.when ?? false, `${path}.when`, scope);
  const since = compileExpression(o.since ?? null, `${path}.since`, scope);
  const params = readNamedExpressions(o.params, `${path}.params`, scope, false);
  const placeholders = new Set([...TEXT_PLACEHOLDERS, ...params.map(([n]) => n)]);
  const outcome = isObj(o.outcome) ? o.outcome : (problems.push({ path: `${path}.outcome`, message: 'expected { overrides?, stages }' }), {} as Obj);
  unknownKeys(outcome, ['overrides', 'stages'], `${path}.outcome`, problems);
  if (outcome.overrides !== undefined && typeof outcome.overrides !== 'boolean') problems.push({ path: `${path}.outcome.overrides`, message: 'expected true or false' });
  const stageList = Array.isArray(outcome.stages) && outcome.stages.length > 0 ? outcome.stages : (problems.push({ path: `${path}.outcome.stages`, message: 'expected at least one stage' }), []);
  const stages = stageList.map((s, i) => readStage(s, `${path}.outcome.stages[${i}]`, scope, i === stageList.length - 1, placeholders));
  return {
    id: String(o.id),
    version: readVersion(o.version, `${path}.version`, problems),
    ...readValidity(o, path, problems),
    description: readText(o.description, `${path}.description`, problems),
    reads: reads as FactName[],
    overrides: outcome.overrides === true,
    stages: stages.map(([spec]) => spec),
    tests: readTests(o.tests, `${path}.tests`, problems, homeRegionCode),
    compiled: { lets, when, since, params, stages: stages.map(([, c]) => c) },
  };
}

export function parseRuleSet(json: unknown): RuleSet {
  const problems: Problem[] = [];
  const o = isObj(json) ? json : (problems.push({ path: '$', message: 'expected a rule set object' }), {} as Obj);
  unknownKeys(o, ['format', 'name', 'region', 'version', 'validFrom', 'validTo', 'description', 'rules'], '$', problems);
  if (o.format !== RULESET_FORMAT) problems.push({ path: '$.format', message: `expected "${RULESET_FORMAT}"` });
  if (typeof o.name !== 'string' || !NAME.test(o.name)) problems.push({ path: '$.name', message: 'expected a kebab-case name such as hangzhou-2020' });
  if (o.region !== '*' && (typeof o.region !== 'string' || !/^(\d{6}|\d{9})$/.test(o.region))) problems.push({ path: '$.region', message: 'expected a GB/T 2260 code or "*"' });
  const region = String(o.region);
  const ruleList = Array.isArray(o.rules) && o.rules.length > 0 ? o.rules : (problems.push({ path: '$.rules', message: 'expected at least one rule' }), []);
  const rules = ruleList.map((r, i) => readRule(r, `$.rules[${i}]`, problems, region === '*' ? '330100' : region));
  const seen = new Set<string>();
  rules.forEach((r, i) => { if (seen.has(r.id)) problems.push({ path: `$.rules[${i}].id`, message: `duplicate rule id ${r.id}` }); seen.add(r.id); });
  const set: RuleSet = {
    name: String(o.name),
    region,
    version: readVersion(o.version, '$.version', problems),
    ...readValidity(o, '$', problems),
    description: readText(o.description, '$.description', problems),
    rules,
    source: structuredClone(json),
  };
  if (problems.length > 0) throw ruleFail('RULESET_INVALID', { problems });
  return set;
}
