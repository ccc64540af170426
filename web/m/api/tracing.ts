/**
 * 接触提示 for the resident app (src/tracing/routes.ts GET /me/exposures): the resident's (or a
 * dependant's) exposures to a case or a close contact — the kind of place and the time only, never
 * who and never the venue's name.
 */
import { request } from '../../common/request.ts';
import type { VenueKind } from '../../../src/venues/model.ts';

export interface MyExposure {
  /** close: with a case; secondary: with a close contact. */
  kind: 'close' | 'secondary';
  place: 'venue' | 'household' | 'family';
  venueKind: VenueKind | null;
  at: string;
  minutes: number;
}

export function fetchMyExposures(personId: string): Promise<{ items: MyExposure[] }> {
  return request.get('/api/tracing/me/exposures', { personId });
}
