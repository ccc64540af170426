/** Organisations: companies, schools, communities and government units whose people report together. */

export const ORGANISATION_KINDS = ['company', 'school', 'community', 'government'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export interface NewOrganisation {
  regionCode: string;
  name: string;
  kind: OrganisationKind;
  synthetic?: boolean;
}
