/**
 * Check-in endpoints the resident app calls (src/checkins/routes.ts, src/venues/routes.ts): where
 * venue codes start (for the in-app scanner), the venue named by a scanned code, 登记 with an Idempotency-Key, 离开, 我的行程; and for the guard's
 * scan page the venues they are bound to and 门岗代登记. Shapes mirror the server's zod schemas
 * (dates arrive as ISO strings); coded values come from the server's pure model.
 */
import { request } from '../../common/request.ts';
import type { CheckinMethod, Colour, ReportedLocation } from '../../../src/checkins/model.ts';
import type { VenueKind } from '../../../src/venues/model.ts';

export { MERGE_WINDOW_MS, RESIDENT_HISTORY_DAYS } from '../../../src/checkins/model.ts';
export type { CheckinMethod, Colour, ReportedLocation, VenueKind };

/** GET /api/venues/by-token/:token — what the poster shows; public. */
export interface ScannedVenue {
  id: string;
  name: string;
  kind: VenueKind;
  number: string;
  regionCode: string;
  /** The venue checks residents in as soon as the page opens (扫码即登记). */
  autoCheckin: boolean;
}

export interface CheckinItem {
  checkinId: string;
  personId: string;
  nameMasked: string;
  colour: Colour | null;
  checkedInAt: string;
  leaveAt: string;
  merged: boolean;
  geofenceFar: boolean;
  distanceM: number | null;
}

/** What a check-in answers (the success screen); a retry with the same key gets the same answer. */
export interface CheckinAnswer {
  venue: { id: string; name: string; kind: string; number: string; address: string; regionCode: string };
  method: CheckinMethod;
  items: CheckinItem[];
  alert: boolean;
  message: { zh: string; en: string };
}

/** One row of 我的行程. */
export interface PersonCheckin {
  id: number;
  venueId: string;
  venueName: string;
  regionCode: string;
  checkedInAt: string;
  leaveAt: string;
  leftExplicitly: boolean;
  colour: Colour | null;
  method: CheckinMethod;
  geofenceFar: boolean;
  distanceM: number | null;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface ResidentCheckinBody {
  venueToken: string;
  personIds: string[];
  location?: ReportedLocation;
}

/** GET /api/venues/link-base — what every venue code of this installation starts with (`<public URL>/v/`); public. */
export function fetchVenueLinkBase(): Promise<{ url: string }> {
  return request.get<{ url: string }>('/api/venues/link-base');
}

export function fetchVenueByToken(token: string): Promise<ScannedVenue> {
  return request.get<ScannedVenue>(`/api/venues/by-token/${encodeURIComponent(token)}`);
}

/** POST /api/checkins — the same key for every retry of one attempt (the server answers a retry as it answered the first). */
export function postCheckin(body: ResidentCheckinBody, idempotencyKey: string): Promise<CheckinAnswer> {
  return request.post<CheckinAnswer>('/api/checkins', body, { 'idempotency-key': idempotencyKey });
}

/** POST /api/checkins/:id/leave — 离开, for oneself or a dependant, within 24 hours. */
export function leaveCheckin(checkinId: string | number, personId: string): Promise<PersonCheckin> {
  return request.post<PersonCheckin>(`/api/checkins/${encodeURIComponent(String(checkinId))}/leave`, { personId });
}

/** GET /api/checkins/me — the last 14 days, newest first; `before` is the previous page's `next`. */
export function fetchMyCheckins(personId: string, before?: string, limit = 20): Promise<Page<PersonCheckin>> {
  return request.get<Page<PersonCheckin>>('/api/checkins/me', { personId, before, limit });
}

/** A venue the signed-in guard (or venue admin) is bound to, as the scan page needs it. */
export interface BoundVenue {
  id: string;
  name: string;
  number: string;
}

/** GET /api/venues?scope=mine&status=approved — the venues a guard may record check-ins at. */
export async function fetchBoundVenues(): Promise<BoundVenue[]> {
  const page = await request.get<Page<BoundVenue & Record<string, unknown>>>('/api/venues', { scope: 'mine', status: 'approved', limit: 200 });
  return page.items.map((v) => ({ id: v.id, name: v.name, number: v.number }));
}

export type GuardCheckinBody = { venueId: string } & ({ token: string } | { idType: string; idNumber: string });

/** POST /api/checkins/guard — from a scanned code, a printed code or an ID number (audited on the server). */
export function postGuardCheckin(body: GuardCheckinBody, idempotencyKey: string): Promise<CheckinAnswer> {
  return request.post<CheckinAnswer>('/api/checkins/guard', body, { 'idempotency-key': idempotencyKey });
}
