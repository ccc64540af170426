/**
 * Travel as the colour rules read it (the `travel` fact, src/codes/rules/LANGUAGE.md): each trip
 * not cancelled is an item from its leave day with its destination and via regions; each return
 * declaration an item from the actual return day with the places really visited. Kept apart from
 * service.ts so that the colour service can import it without the travel use cases.
 */
import type { DbOrTrx } from '../db/transaction.ts';
import { regionPrefix } from '../kernel/regions-scope.ts';
import { DAY_MS, shanghaiDay, startOfShanghaiDay } from '../kernel/time.ts';
import type { TravelFact } from '../codes/rules/model.ts';
import { findPersonsWhoTravelledTo, findTravelFacts } from './store.ts';

/** How far back the rules look: 14-day windows plus their release periods (as for declarations). */
const LOOKBACK_MS = 35 * DAY_MS;

export async function travelFactsFor(db: DbOrTrx, personIds: readonly string[], at: Date): Promise<Map<string, TravelFact[]>> {
  const { trips, returns } = await findTravelFacts(db, personIds, shanghaiDay(new Date(at.getTime() - LOOKBACK_MS)));
  const byPerson = new Map<string, TravelFact[]>();
  const add = (personId: string, fact: TravelFact) => byPerson.set(personId, [...(byPerson.get(personId) ?? []), fact]);
  for (const t of trips) add(t.personId, { declaredAt: t.declaredAt, startsAt: startOfShanghaiDay(t.leaveOn), regionCodes: t.regionCodes, kind: 'trip' });
  for (const r of returns) add(r.personId, { declaredAt: r.declaredAt, startsAt: startOfShanghaiDay(r.returnedOn), regionCodes: r.visitedRegionCodes, kind: 'return' });
  return byPerson;
}

/** Persons whose trips touch any of these divisions within the look-back (a risk area changed). */
export async function personsWhoTravelledTo(db: DbOrTrx, regionCodes: readonly string[], at: Date): Promise<string[]> {
  return findPersonsWhoTravelledTo(db, regionCodes.map(regionPrefix), shanghaiDay(new Date(at.getTime() - LOOKBACK_MS)));
}
