/** The guard's lookup with the live colour: people's audited lookup, then the colour from the colour service. */
import type { Actor } from '../../kernel/access.ts';
import type { PeopleDeps } from '../../people/service.ts';
import { lookupPerson, type LookupResult } from '../../people/staff-service.ts';
import { colourEventsOf } from '../colours/service.ts';

export interface LookupWithColour extends Omit<LookupResult, 'id'> {
  colour: 'green' | 'yellow' | 'red' | null;
  colourAsOf: Date | null;
}

export async function lookupWithColour(
  deps: PeopleDeps, actor: Actor | undefined, query: Parameters<typeof lookupPerson>[2],
): Promise<LookupWithColour> {
  const { id, ...found } = await lookupPerson(deps, actor, query);
  // The newest colour event is the current colour (every change appends one).
  const [latest] = await colourEventsOf(deps.db, id, 1);
  return { ...found, colour: latest?.toColour ?? null, colourAsOf: latest?.at ?? null };
}
