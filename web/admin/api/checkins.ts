/** The console's check-in endpoints (src/checkins/routes.ts), one typed function each. */
import { request } from '../../common/request.ts';
import type { CheckinMethod, Colour } from '../../../src/checkins/model.ts';
import type { IdType } from '../../../src/people/model/id-number.ts';

export { CHECKIN_METHODS, RETENTION } from '../../../src/checkins/model.ts';
export { ID_TYPES } from '../../../src/people/model/id-number.ts';
export type { CheckinMethod, Colour, IdType };

export interface Page<T> { items: T[]; next: string | null }

export interface HourCount { hour: number; checkins: number; abnormal: number; noCode: number; geofenceFar: number }
export interface VenueToday {
  venue: { id: string; name: string; number: string };
  day: string;
  total: number; abnormal: number; noCode: number; geofenceFar: number;
  hours: HourCount[];
}
/** A check-in as venue staff see it: masked name only. */
export interface VenueCheckin {
  id: number; nameMasked: string; colour: Colour | null; checkedInAt: string; leaveAt: string; leftExplicitly: boolean;
  method: CheckinMethod; geofenceFar: boolean; distanceM: number | null;
}
export interface PersonCheckin {
  id: number; venueId: string; venueName: string; regionCode: string; checkedInAt: string; leaveAt: string; leftExplicitly: boolean;
  colour: Colour | null; method: CheckinMethod; geofenceFar: boolean; distanceM: number | null;
}
export interface CheckinExport {
  id: string; venueId: string; regionCode: string; windowFrom: string; windowTo: string; status: 'queued' | 'running' | 'done' | 'failed';
  rowCount: number | null; error: string | null; createdAt: string; finishedAt: string | null; expiresAt: string;
}
export interface RegionVolumes {
  regionCode: string; from: string; to: string; total: number;
  parts: { regionCode: string; name: string; checkins: number }[];
}
export interface Trajectory extends Page<PersonCheckin> {
  person: { id: string; nameMasked: string; homeRegionCode: string };
}
export interface Retention { regionCode: string; retentionDays: number; appliesFrom: string; todaysCheckinsPurgedOn: string }

const venue = (id: string) => `/api/checkins/venues/${encodeURIComponent(id)}`;

export const fetchVenueToday = (venueId: string) => request.get<VenueToday>(`${venue(venueId)}/today`);
/** Yellow/red check-ins after the cursor (default: start of today), oldest first; poll with `next`. */
export const fetchVenueAlerts = (venueId: string, since?: string) => request.get<{ items: VenueCheckin[]; next: string }>(`${venue(venueId)}/alerts`, { since });
/** Who checked in between from and to (ISO; at most 31 days), newest first; audited on the server. */
export const searchVenueCheckins = (venueId: string, from: string, to: string, before?: string, limit = 50) =>
  request.get<Page<VenueCheckin>>(venue(venueId), { from, to, before, limit });
export const startVenueExport = (venueId: string, from: string, to: string) => request.post<CheckinExport>(`${venue(venueId)}/exports`, { from, to });
export const fetchExport = (exportId: string) => request.get<CheckinExport>(`/api/checkins/exports/${encodeURIComponent(exportId)}`);
export const exportFileUrl = (exportId: string) => `/api/checkins/exports/${encodeURIComponent(exportId)}/file`;

export const fetchRegionVolumes = (code: string, from: string, to: string) =>
  request.get<RegionVolumes>(`/api/checkins/regions/${encodeURIComponent(code)}/volumes`, { from, to });
export const fetchRetention = (code: string) => request.get<Retention>(`/api/checkins/regions/${encodeURIComponent(code)}/retention`);
export const changeRetention = (code: string, retentionDays: number) =>
  request.put<Retention>(`/api/checkins/regions/${encodeURIComponent(code)}/retention`, { retentionDays });

/** Whose trajectory: a person id (from a case file), or an ID document (looked up on the server; the lookup is audited too). */
export type TrajectoryPerson = { personId: string } | { idType: IdType; idNumber: string };
export type TrajectoryQuery = TrajectoryPerson & { reason: string; from?: string; to?: string; before?: string; limit?: number };
/** A person's check-ins for a stated reason (audited with it, every page); the answer's person.id names them for the next pages. */
export const fetchTrajectory = (query: TrajectoryQuery) => request.post<Trajectory>('/api/checkins/trajectory', query);

/** The tag colour of a health-code colour in tables. */
export function colourTagType(colour: Colour | null): 'success' | 'warning' | 'danger' | 'info' {
  return colour ? ({ green: 'success', yellow: 'warning', red: 'danger' } as const)[colour] : 'info';
}
