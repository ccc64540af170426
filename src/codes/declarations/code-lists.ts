/**
 * The fixed code lists of a declaration (GB/T 38962-2020 health status and contact groups). No
 * imports: the resident app uses the same lists, so the two can never disagree. The codes double
 * as i18n keys.
 */
export const SYMPTOMS = ['fever', 'cough', 'fatigue', 'sore_throat', 'diarrhea', 'breathing', 'taste_smell', 'none'] as const;
export type Symptom = (typeof SYMPTOMS)[number];

export const CONTACTS = ['none', 'confirmed', 'suspected'] as const;
export type CaseContact = (typeof CONTACTS)[number];
