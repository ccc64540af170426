/**
 * evaluate: the colour, its reasons and the next time time alone changes them — a pure function
 * of the rule set, the person's facts and the context (time and risk areas).
 *
 * A rule matches when its `when` holds; its colour starts at `since` and walks through its stages:
 * a stage ends after `days` (and, if asked, that many consecutive normal check-ins), at `until`,
 * or — the last stage only — never while `when` holds. A rule whose stages are all over gives no
 * reason. The strongest colour wins; a manual decision (`overrides`) replaces the rules' colour.
 */
import { regionPrefix } from '../../kernel/regions-scope.ts';
import { ruleFail } from './errors.ts';
import type { Env, RiskAreaPrefix } from './language/env.ts';
import { RuleRuntimeError } from './language/env.ts';
import { asBoolean } from './language/values.ts';
import { COLOUR_RANK, COLOURS, type Colour, type EvaluationContext, type Evaluation, type PersonFacts, type Reason, type RiskArea } from './model.ts';
import { consecutiveNormalCheckins, indexCheckins, releaseInstant } from './release.ts';
import { normaliseParams, renderReasonText } from './reason-text.ts';
import type { Rule, RuleSet } from './rule-set-model.ts';
import { DAY_MS } from '../../kernel/time.ts';

/** How many future instants the nextReviewAt search tries before giving up (a safety bound). */
const MAX_REVIEW_STEPS = 64;

export interface SingleEvaluation {
  colour: Colour;
  reasons: Reason[];
  /** Instants after `at` at which something may change. */
  boundaries: number[];
}

export function prepareRiskAreas(riskAreas: readonly RiskArea[]): RiskAreaPrefix[] {
  return riskAreas.map((a) => ({ prefix: regionPrefix(a.regionCode), level: a.level, name: a.name ?? a.regionCode }));
}

function upTo<T>(list: T[], at: number, time: (item: T) => Date): T[] {
  return list.every((item) => time(item).getTime() <= at) ? list : list.filter((item) => time(item).getTime() <= at);
}

/** The facts as they were known at `at`: later declarations, cases, contacts and findings are not yet facts. */
function factsAsOf(facts: PersonFacts, at: number): PersonFacts {
  return {
    ...facts,
    declarations: upTo(facts.declarations, at, (d) => d.declaredAt),
    cases: upTo(facts.cases, at, (c) => c.since),
    contacts: upTo(facts.contacts, at, (c) => c.exposedAt),
    falseDeclarations: upTo(facts.falseDeclarations, at, (f) => f.establishedAt),
    travel: upTo(facts.travel, at, (t) => t.declaredAt),
    monitoring: upTo(facts.monitoring, at, (m) => m.createdAt),
    screenings: upTo(facts.screenings, at, (s) => s.answeredAt),
  };
}

function asColour(v: unknown, ruleId: string): Colour {
  if ((COLOURS as readonly unknown[]).includes(v)) return v as Colour;
  throw new RuleRuntimeError(`rule ${ruleId}: the stage colour must be green, yellow or red`);
}

function evaluateRule(rule: Rule, env: Env): Reason | null {
  const at = env.at;
  if (rule.validFrom.getTime() > at) { env.boundaries.push(rule.validFrom.getTime()); return null; }
  if (rule.validTo) {
    if (rule.validTo.getTime() <= at) return null;
    env.boundaries.push(rule.validTo.getTime());
  }
  const c = rule.compiled;
  env.lets = {};
  for (const [name, f] of c.lets) env.lets[name] = f(env);
  if (!asBoolean(c.when(env), 'when')) return null;
  const sinceValue = c.since(env);
  if (sinceValue === null || sinceValue === undefined) return null;
  if (!(sinceValue instanceof Date)) throw new RuleRuntimeError(`rule ${rule.id}: "since" must give a date`);
  let start = sinceValue.getTime();
  if (start > at) { env.boundaries.push(start); return null; }
  for (let i = 0; i < rule.stages.length; i++) {
    const spec = rule.stages[i]!;
    const stage = c.stages[i]!;
    let until: number | null = null;
    let earliest: number | null = null;
    if (stage.until) {
      const u = stage.until(env);
      if (!(u instanceof Date)) throw new RuleRuntimeError(`rule ${rule.id}: "until" must give a date`);
      until = u.getTime();
      if (until <= at) { start = until; continue; }
    } else if (spec.days !== null) {
      const minRelease = start + spec.days * DAY_MS;
      if (spec.checkins === 0) {
        until = minRelease;
        if (until <= at) { start = until; continue; }
      } else {
        const released = releaseInstant(env.checkins, start, spec.days, spec.checkins, at);
        if (released !== null) { start = released; continue; }
        earliest = minRelease;
        if (minRelease > at) env.boundaries.push(minRelease);
      }
    }
    if (until !== null) env.boundaries.push(until);
    const colour = asColour(stage.colour(env), rule.id);
    const params: Record<string, unknown> = {};
    for (const [name, f] of c.params) params[name] = f(env);
    const since = new Date(start);
    const untilDate = until === null ? null : new Date(until);
    const earliestDate = earliest === null ? null : new Date(earliest);
    return {
      ruleId: rule.id,
      ruleVersion: rule.version,
      reasonCode: spec.reasonCode,
      colour,
      since,
      until: untilDate,
      release: spec.days === null ? null : { days: spec.days, consecutiveNormalCheckins: spec.checkins },
      earliestReleaseAt: earliestDate,
      checkinsSoFar: spec.checkins > 0 ? consecutiveNormalCheckins(env.checkins, start, at) : 0,
      overrides: rule.overrides,
      overridden: false,
      params: normaliseParams(params),
      text: renderReasonText(spec.text, { since, until: untilDate, earliestRelease: earliestDate, days: spec.days, checkins: spec.checkins, colour, params }),
    };
  }
  return null;
}

/** One evaluation at one instant, without looking ahead. */
export function evaluateAt(ruleSet: RuleSet, facts: PersonFacts, at: Date, riskAreas: readonly RiskAreaPrefix[]): SingleEvaluation {
  const t = at.getTime();
  const env: Env = {
    at: t,
    facts: factsAsOf(facts, t),
    checkins: indexCheckins(facts.dailyCheckins, t),
    riskAreas,
    lets: {},
    item: null,
    boundaries: [],
    expiries: new WeakMap(),
  };
  const reasons: Reason[] = [];
  ruleSet.rules.forEach((rule) => {
    try {
      const reason = evaluateRule(rule, env);
      if (reason) reasons.push(reason);
    } catch (error) {
      if (error instanceof RuleRuntimeError) throw ruleFail('RULE_EVALUATION_FAILED', { ruleSet: ruleSet.name, ruleId: rule.id, message: error.message });
      throw error;
    }
  });
  const overriding = reasons.some((r) => r.overrides);
  for (const r of reasons) r.overridden = overriding && !r.overrides;
  // stable sort keeps the rule set's order among equals
  reasons.sort((a, b) => Number(b.overrides) - Number(a.overrides) || COLOUR_RANK[b.colour] - COLOUR_RANK[a.colour]);
  let colour: Colour = 'green';
  for (const r of reasons) if (!r.overridden && COLOUR_RANK[r.colour] > COLOUR_RANK[colour]) colour = r.colour;
  if (overriding) colour = reasons[0]!.colour;
  return { colour, reasons, boundaries: env.boundaries.filter((b) => b > t) };
}

function signature(e: SingleEvaluation): string {
  return `${e.colour}|${e.reasons.map((r) => `${r.ruleId}:${r.reasonCode}:${r.colour}:${r.since.getTime()}:${r.until?.getTime() ?? ''}:${r.overridden}`).join(',')}`;
}

/**
 * The first instant after `at` at which the evaluation differs with the same facts: try the
 * candidate instants the rules reported, earliest first, adding those found on the way.
 */
function findNextReview(ruleSet: RuleSet, facts: PersonFacts, riskAreas: readonly RiskAreaPrefix[], first: SingleEvaluation): number | null {
  const base = signature(first);
  const queue = [...new Set(first.boundaries)].sort((a, b) => a - b);
  const tried = new Set<number>();
  for (let steps = 0; queue.length > 0 && steps < MAX_REVIEW_STEPS; steps++) {
    const candidate = queue.shift()!;
    tried.add(candidate);
    const next = evaluateAt(ruleSet, facts, new Date(candidate), riskAreas);
    if (signature(next) !== base) return candidate;
    for (const b of next.boundaries) if (!tried.has(b) && !queue.includes(b)) queue.push(b);
    queue.sort((a, b) => a - b);
  }
  return null;
}

export function evaluate(ruleSet: RuleSet, facts: PersonFacts, context: EvaluationContext): Evaluation {
  const riskAreas = prepareRiskAreas(context.riskAreas);
  const first = evaluateAt(ruleSet, facts, context.at, riskAreas);
  const next = findNextReview(ruleSet, facts, riskAreas, first);
  return { colour: first.colour, reasons: first.reasons, nextReviewAt: next === null ? null : new Date(next) };
}
