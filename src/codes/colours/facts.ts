/**
 * Between this capability and the rules engine: the facts it is given, and its answer reduced
 * to what is stored and shown. Pure: no I/O.
 */
import type { DeclarationFact } from '../declarations/service.ts';
import type { CaseStatus, ContactLink, DailyCheckin, Evaluation, FalseDeclaration, ManualDecision, PersonFacts, Reason } from '../rules/index.ts';
import type { MonitoringFact, ScreeningFact, TravelFact } from '../rules/index.ts';
import { releaseWords, type ColourReason, type Evaluated } from './model.ts';

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

export function toColourReason(reason: Reason): ColourReason {
  const until = iso(reason.until);
  return {
    ruleId: reason.ruleId, ruleVersion: String(reason.ruleVersion), reasonCode: reason.reasonCode, colour: reason.colour,
    since: iso(reason.since), until, earliestReleaseAt: iso(reason.earliestReleaseAt), release: releaseWords(reason.release, until),
    manual: reason.overrides, text: reason.text,
  };
}

/** Reasons a manual decision overrode stay out of the resident's view: the decision explains the colour. */
export function toEvaluated(evaluation: Evaluation): Evaluated {
  return {
    colour: evaluation.colour,
    reasons: evaluation.reasons.filter((r) => !r.overridden).map(toColourReason),
    nextReviewAt: evaluation.nextReviewAt,
  };
}

/**
 * The person's facts. Declarations, and what officials established (manual decisions in force,
 * false declarations established and not withdrawn: overrides/service.ts officialFactsFor),
 * organisations' daily check-ins (orgs/daily/facts.ts dailyCheckinFactsFor: one per day, normal
 * or not), trips (travel/facts.ts), monitoring plans (monitoring/facts.ts) and screening calls
 * (callbot/results/facts.ts), cases and contacts (tracing/facts.ts), gathered by gather-facts.ts.
 */
export function buildPersonFacts(
  personId: string, homeRegionCode: string, declarations: readonly DeclarationFact[],
  official: { manualDecisions?: readonly ManualDecision[]; falseDeclarations?: readonly FalseDeclaration[] } = {},
  dailyCheckins: readonly DailyCheckin[] = [],
  travel: readonly TravelFact[] = [],
  monitoring: readonly MonitoringFact[] = [],
  screenings: readonly ScreeningFact[] = [],
  tracing: { cases?: readonly CaseStatus[]; contacts?: readonly ContactLink[] } = {},
): PersonFacts {
  return {
    personId,
    homeRegionCode,
    declarations: declarations.map((d) => ({ ...d })),
    dailyCheckins: dailyCheckins.map((d) => ({ ...d })),
    // Cases and their contacts (流调, src/tracing/facts.ts caseFactsFor, contactFactsFor).
    cases: (tracing.cases ?? []).map((c) => ({ ...c })),
    contacts: (tracing.contacts ?? []).map((c) => ({ ...c })),
    manualDecisions: (official.manualDecisions ?? []).map((m) => ({ ...m })),
    falseDeclarations: (official.falseDeclarations ?? []).map((f) => ({ ...f })),
    // Trip declarations (出行申报, src/travel/facts.ts travelFactsFor).
    travel: travel.map((t) => ({ ...t, regionCodes: [...t.regionCodes] })),
    // Monitoring plans (监测计划, src/monitoring/facts.ts monitoringFactsFor).
    monitoring: monitoring.map((m) => ({ ...m })),
    // Screening calls of the call robot (智能外呼筛查, src/callbot/results/facts.ts screeningFactsFor).
    screenings: screenings.map((c) => ({ ...c, reasons: [...c.reasons] })),
  };
}

/** The divisions whose risk areas the person's rules may ask about: home, declared stays, trips. */
export function regionCodesOfFacts(facts: PersonFacts): string[] {
  return [facts.homeRegionCode, ...facts.declarations.flatMap((d) => d.stayedRegionCodes), ...facts.travel.flatMap((t) => t.regionCodes)];
}
