/** Venues: places people check in at. Types and coded values (the kinds double as i18n keys). */

export const VENUE_KINDS = ['residential', 'shop', 'restaurant', 'office', 'factory', 'school', 'hospital', 'transport',
  'public_place', 'other'] as const;
export type VenueKind = (typeof VENUE_KINDS)[number];

export interface NewVenue {
  regionCode: string;
  name: string;
  kind: VenueKind;
  address: string;
  synthetic?: boolean;
}
