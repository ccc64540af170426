/**
 * The one place that reads persons' rule facts from every capability feeding the colour:
 * declarations, officials' findings, organisations' daily check-ins, travel, monitoring plans,
 * screening calls, and cases and contacts (tracing).
 * Live evaluation (service.ts) and the rule-set simulation (simulation.ts) both call it, so what a
 * simulation shows is what the published set would do. A capability that brings a new fact adds
 * it here (and in buildPersonFacts), once.
 */
import type { DbOrTrx } from '../../db/transaction.ts';
import { screeningFactsFor } from '../../callbot/results/facts.ts';
import { dailyCheckinFactsFor } from '../../orgs/daily/facts.ts';
import { monitoringFactsFor } from '../../monitoring/facts.ts';
import { caseFactsFor, contactFactsFor } from '../../tracing/facts.ts';
import { travelFactsFor } from '../../travel/facts.ts';
import { declarationFactsFor } from '../declarations/service.ts';
import { officialFactsFor } from '../overrides/service.ts';
import type { PersonFacts } from '../rules/index.ts';
import { buildPersonFacts } from './facts.ts';

export interface PersonRef {
  id: string;
  homeRegionCode: string;
}

/** Each person's facts as known at `at`, in one query per kind of fact for all of them. */
export async function gatherPersonFacts(db: DbOrTrx, persons: readonly PersonRef[], at: Date): Promise<Map<string, PersonFacts>> {
  const ids = persons.map((p) => p.id);
  const declarations = await declarationFactsFor(db, ids, at);
  const official = await officialFactsFor(db, ids, at);
  const daily = await dailyCheckinFactsFor(db, ids, at);
  const travel = await travelFactsFor(db, ids, at);
  const monitoring = await monitoringFactsFor(db, ids, at);
  const screenings = await screeningFactsFor(db, ids, at);
  const cases = await caseFactsFor(db, ids, at);
  const contacts = await contactFactsFor(db, ids, at);
  return new Map(persons.map((p) => [p.id, buildPersonFacts(
    p.id, p.homeRegionCode, declarations.get(p.id) ?? [], official.get(p.id), daily.get(p.id), travel.get(p.id), monitoring.get(p.id), screenings.get(p.id),
    { cases: cases.get(p.id), contacts: contacts.get(p.id) },
  )]));
}
