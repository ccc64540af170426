/**
 * Venues (场所): places people check in at. Types, coded values (the kinds double as i18n keys)
 * and the pure rules for registering one. No I/O.
 */

export const VENUE_KINDS = ['residential', 'shop', 'restaurant', 'office', 'factory', 'school', 'hospital', 'transport',
  'public_place', 'other'] as const;
export type VenueKind = (typeof VENUE_KINDS)[number];

/** pending → approved | rejected; approved ⇄ suspended; an edited rejected venue is pending again. */
export const VENUE_STATUSES = ['pending', 'approved', 'rejected', 'suspended'] as const;
export type VenueStatus = (typeof VENUE_STATUSES)[number];

/** 点击登记 (the resident confirms with one tap) or 扫码即登记 (automatic on scan). */
export const CHECKIN_MODES = ['confirm', 'auto'] as const;
export type CheckinMode = (typeof CHECKIN_MODES)[number];

/** 固定海报 (printed, static) or 每日动态码 (shown on a screen, a new code each day). */
export const CODE_MODES = ['static', 'daily'] as const;
export type CodeMode = (typeof CODE_MODES)[number];

/** How long a visit lasts when nobody taps 离开, by kind; editable per venue. */
export const DEFAULT_STAY_MINUTES: Record<VenueKind, number> = {
  residential: 720, shop: 30, restaurant: 90, office: 540, factory: 540, school: 480, hospital: 120, transport: 60,
  public_place: 60, other: 60,
};

/** Chinese names of the kinds: the Excel template's and the poster's words. */
export const VENUE_KIND_NAMES: Record<VenueKind, string> = {
  residential: '小区', shop: '商超', restaurant: '餐饮', office: '写字楼', factory: '工厂', school: '学校', hospital: '医院',
  transport: '交通', public_place: '公共场所', other: '其他',
};

export const LIMITS = {
  nameChars: { min: 2, max: 60 },
  addressChars: { min: 2, max: 120 },
  openingHoursChars: 200,
  geofenceRadiusM: { min: 50, max: 5000 },
  stayMinutes: { min: 5, max: 1440 },
  rejectReasonChars: { min: 2, max: 200 },
} as const;

/** The geofence of a venue that gives coordinates but no radius. */
export const DEFAULT_GEOFENCE_RADIUS_M = 200;

/** What someone registering (or editing) a venue gives. Opening hours are free text (decision 0006). */
export interface VenueInput {
  name: string;
  kind: VenueKind;
  address: string;
  regionCode: string;
  latitude?: number | null;
  longitude?: number | null;
  geofenceRadiusM?: number | null;
  openingHours?: string | null;
  defaultStayMinutes?: number | null;
  checkinMode?: CheckinMode;
  codeMode?: CodeMode;
}

/** A venue's fields once checked and defaulted, ready to store. */
export interface VenueFields {
  name: string;
  kind: VenueKind;
  address: string;
  regionCode: string;
  latitude: number | null;
  longitude: number | null;
  geofenceRadiusM: number | null;
  openingHours: string | null;
  defaultStayMinutes: number;
  checkinMode: CheckinMode;
  codeMode: CodeMode;
}

export interface Venue extends VenueFields {
  id: string;
  number: string;
  status: VenueStatus;
  rejectReason: string | null;
  tokenVersion: number;
  synthetic: boolean;
  createdAt: Date;
  decidedAt: Date | null;
}

/** A venue's staff binding (table venue_staff): its administrators and the guards at its gate. */
export type VenueStaffRole = 'admin' | 'guard';

/** Seeding and imports from trusted code: minimal fields, the rest defaulted. */
export interface NewVenue {
  regionCode: string;
  name: string;
  kind: VenueKind;
  address: string;
  synthetic?: boolean;
  defaultStayMinutes?: number;
}

/** One field that failed, by name, with a stable reason the error's details carry. */
export interface FieldProblem {
  field: keyof VenueInput;
  reason: 'required' | 'length' | 'unknown_kind' | 'region_format' | 'range' | 'pair' | 'needs_coordinates' | 'whole_number' | 'unknown_mode';
}

const REGION_CODE = /^[0-9]{6}([0-9]{3})?$/;

export function isVenueKind(value: unknown): value is VenueKind {
  return typeof value === 'string' && (VENUE_KINDS as readonly string[]).includes(value);
}

export function charCount(text: string): number {
  return Array.from(text).length;
}

/** Collapses runs of white space (also full-width) and trims. */
export function tidyText(text: string): string {
  return text.replace(/[\s\u3000]+/g, ' ').trim();
}

const inRange = (v: number, min: number, max: number) => Number.isFinite(v) && v >= min && v <= max;

/**
 * Checks and defaults a venue's fields: lengths, kind, region code shape (whether it exists and
 * lies in the actor's scope is the service's check), WGS-84 coordinates (both or neither),
 * geofence radius only with coordinates, default stay by kind. Returns every problem at once.
 */
export function checkVenueInput(input: VenueInput): { fields: VenueFields } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const name = tidyText(input.name ?? '');
  const address = tidyText(input.address ?? '');
  const regionCode = (input.regionCode ?? '').trim();
  const openingHours = input.openingHours ? tidyText(input.openingHours) : '';
  if (!inRange(charCount(name), LIMITS.nameChars.min, LIMITS.nameChars.max)) problems.push({ field: 'name', reason: name ? 'length' : 'required' });
  if (!inRange(charCount(address), LIMITS.addressChars.min, LIMITS.addressChars.max)) problems.push({ field: 'address', reason: address ? 'length' : 'required' });
  if (!isVenueKind(input.kind)) problems.push({ field: 'kind', reason: 'unknown_kind' });
  if (!REGION_CODE.test(regionCode) || regionCode === '000000') problems.push({ field: 'regionCode', reason: 'region_format' });
  if (charCount(openingHours) > LIMITS.openingHoursChars) problems.push({ field: 'openingHours', reason: 'length' });

  const latitude = input.latitude ?? null;
  const longitude = input.longitude ?? null;
  if ((latitude === null) !== (longitude === null)) problems.push({ field: latitude === null ? 'latitude' : 'longitude', reason: 'pair' });
  if (latitude !== null && !inRange(latitude, -90, 90)) problems.push({ field: 'latitude', reason: 'range' });
  if (longitude !== null && !inRange(longitude, -180, 180)) problems.push({ field: 'longitude', reason: 'range' });

  const radius = input.geofenceRadiusM ?? null;
  if (radius !== null) {
    if (!Number.isInteger(radius)) problems.push({ field: 'geofenceRadiusM', reason: 'whole_number' });
    else if (!inRange(radius, LIMITS.geofenceRadiusM.min, LIMITS.geofenceRadiusM.max)) problems.push({ field: 'geofenceRadiusM', reason: 'range' });
    else if (latitude === null || longitude === null) problems.push({ field: 'geofenceRadiusM', reason: 'needs_coordinates' });
  }

  const stay = input.defaultStayMinutes ?? null;
  if (stay !== null) {
    if (!Number.isInteger(stay)) problems.push({ field: 'defaultStayMinutes', reason: 'whole_number' });
    else if (!inRange(stay, LIMITS.stayMinutes.min, LIMITS.stayMinutes.max)) problems.push({ field: 'defaultStayMinutes', reason: 'range' });
  }
  const checkinMode = input.checkinMode ?? 'confirm';
  if (!(CHECKIN_MODES as readonly string[]).includes(checkinMode)) problems.push({ field: 'checkinMode', reason: 'unknown_mode' });
  const codeMode = input.codeMode ?? 'static';
  if (!(CODE_MODES as readonly string[]).includes(codeMode)) problems.push({ field: 'codeMode', reason: 'unknown_mode' });

  if (problems.length > 0) return { problems };
  const kind = input.kind;
  return {
    fields: {
      name, kind, address, regionCode, latitude, longitude,
      // A venue with coordinates and no radius gets a middling one, so the geofence check works.
      geofenceRadiusM: latitude === null ? null : (radius ?? DEFAULT_GEOFENCE_RADIUS_M),
      openingHours: openingHours || null,
      defaultStayMinutes: stay ?? DEFAULT_STAY_MINUTES[kind],
      checkinMode, codeMode,
    },
  };
}

/** The number printed on the poster: the venue's region code and its sequence there, e.g. 330106004-0042 (given by the database). */
export const VENUE_NUMBER = /^[0-9]{6}([0-9]{3})?-[0-9]{4,}$/;

export type VenueDecision = 'approve' | 'reject' | 'suspend';

/** Which status a decision leads to from the current one, or undefined when it does not apply. */
export function nextStatus(current: VenueStatus, decision: VenueDecision): VenueStatus | undefined {
  if (decision === 'approve') return current === 'pending' || current === 'suspended' ? 'approved' : undefined;
  if (decision === 'reject') return current === 'pending' ? 'rejected' : undefined;
  return current === 'approved' ? 'suspended' : undefined;
}

/** Whether a daily code of `tokenDay` is good on `today`: today's, or yesterday's within the first minutes after midnight. */
export function isDailyCodeCurrent(tokenDay: number, today: number, minutesIntoToday: number, graceMinutes = DAILY_GRACE_MINUTES): boolean {
  return tokenDay === today || (tokenDay === today - 1 && minutesIntoToday < graceMinutes);
}

export const DAILY_GRACE_MINUTES = 5;
