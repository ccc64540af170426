/** The venue console's endpoints (src/venues/routes.ts), one typed function each. */
import { request, readDocumentCookie, CSRF_COOKIE } from '../../common/request.ts';
import { currentLocale } from '../../common/locale.ts';
import { ApiError, BAD_RESPONSE, isErrorEnvelope, NETWORK_ERROR } from '../../common/http-error.ts';
import type { CheckinMode, CodeMode, VenueKind, VenueStatus } from '../../../src/venues/model.ts';
import type { ImportRowError } from '../../../src/venues/import-model.ts';

export { CHECKIN_MODES, CODE_MODES, DEFAULT_STAY_MINUTES, LIMITS, VENUE_KINDS } from '../../../src/venues/model.ts';
export type { CheckinMode, CodeMode, ImportRowError, VenueKind, VenueStatus };

export interface Venue {
  id: string; number: string; regionCode: string; regionName: string; name: string; kind: VenueKind; address: string;
  latitude: number | null; longitude: number | null; geofenceRadiusM: number | null; openingHours: string | null; defaultStayMinutes: number;
  checkinMode: CheckinMode; codeMode: CodeMode; status: VenueStatus; rejectReason: string | null; tokenVersion: number; synthetic: boolean;
  createdAt: string; decidedAt: string | null;
}
export interface VenueView extends Venue { myRelation: 'admin' | 'guard' | 'official' | null; canManage: boolean; canDecide: boolean }
export interface VenueInput {
  name: string; kind: VenueKind; address: string; regionCode: string; latitude: number | null; longitude: number | null;
  geofenceRadiusM: number | null; openingHours: string | null; defaultStayMinutes: number | null; checkinMode: CheckinMode; codeMode: CodeMode;
}
export interface StaffMember { accountId: string; username: string | null; displayName: string; role: 'admin' | 'guard'; addedAt: string }
export interface Page<T> { items: T[]; next: string | null }
export interface ImportResult { imported: number; venues: { row: number; id: string; number: string; name: string }[] }
export interface RegionItem { code: string; name: string; fullName: string; level: number }

const venue = (id: string) => `/api/venues/${encodeURIComponent(id)}`;

export const listVenues = (query: { scope: 'mine' | 'region'; status?: VenueStatus; q?: string; after?: string; limit?: number }) =>
  request.get<Page<Venue>>('/api/venues', query);
export const getVenue = (id: string) => request.get<VenueView>(venue(id));
export const registerVenue = (input: VenueInput) => request.post<VenueView>('/api/venues', input);
export const updateVenue = (id: string, input: Partial<VenueInput>) => request.patch<VenueView>(venue(id), input);
export const approveVenue = (id: string) => request.post<VenueView>(`${venue(id)}/approve`);
export const rejectVenue = (id: string, reason: string) => request.post<VenueView>(`${venue(id)}/reject`, { reason });
export const suspendVenue = (id: string, reason: string) => request.post<VenueView>(`${venue(id)}/suspend`, { reason });
export const rotateVenueToken = (id: string) => request.post<{ tokenVersion: number }>(`${venue(id)}/rotate`);
export const getPosterLink = (id: string) => request.get<{ url: string; tokenVersion: number }>(`${venue(id)}/poster-link`);
export const listVenueStaff = (id: string) => request.get<{ items: StaffMember[] }>(`${venue(id)}/staff`);
export const bindVenueStaff = (id: string, username: string, role: 'admin' | 'guard') => request.post<StaffMember>(`${venue(id)}/staff`, { username, role });
export const unbindVenueStaff = (id: string, accountId: string) => request.delete<{ removed: boolean }>(`${venue(id)}/staff/${encodeURIComponent(accountId)}`);
export const listChildRegions = (parent: string) => request.get<{ items: RegionItem[]; nextAfter: string | null }>('/api/regions', { parent, limit: 500 });

/** Links the browser opens or downloads directly (cookies travel with them). */
export const venueLinks = (id: string) => ({
  poster: `${venue(id)}/poster`, png: `${venue(id)}/qr.png`, svg: `${venue(id)}/qr.svg`, screen: `${venue(id)}/screen`,
});
export const IMPORT_TEMPLATE_URL = '/api/venues/import/template';

/** Uploads the filled-in template as the request body (the request client only speaks JSON). */
export async function importVenueFile(file: Blob): Promise<ImportResult> {
  const headers: Record<string, string> = {
    accept: 'application/json', 'accept-language': currentLocale.value,
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
  const csrf = readDocumentCookie(CSRF_COOKIE);
  if (csrf) headers['x-csrf-token'] = csrf;
  let response: Response;
  try {
    response = await fetch('/api/venues/import', { method: 'POST', headers, credentials: 'same-origin', body: file });
  } catch {
    throw new ApiError(0, NETWORK_ERROR, currentLocale.value);
  }
  const parsed: unknown = await response.json().catch(() => undefined);
  if (response.ok) return parsed as ImportResult;
  throw new ApiError(response.status, isErrorEnvelope(parsed) ? parsed : BAD_RESPONSE, currentLocale.value);
}

/** The per-row problems of a refused import (VENUE_IMPORT_ROWS_INVALID), if the error carries them. */
export function importErrorsOf(error: unknown): { errors: ImportRowError[]; errorCount: number } | null {
  if (!(error instanceof ApiError) || error.code !== 'VENUE_IMPORT_ROWS_INVALID') return null;
  const details = error.details as { errors?: ImportRowError[]; errorCount?: number } | undefined;
  return details?.errors ? { errors: details.errors, errorCount: details.errorCount ?? details.errors.length } : null;
}

/** The tag colour of a venue status in the console's lists and pages. */
export function statusTagType(status: VenueStatus): 'success' | 'warning' | 'danger' | 'info' {
  return ({ approved: 'success', pending: 'warning', rejected: 'danger', suspended: 'info' } as const)[status];
}
