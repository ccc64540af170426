/** HTTP shapes of the resident's code (shared by the declaration and code routes). */
import { z } from 'zod';
import { COLOURS } from './model.ts';

const text = z.object({ zh: z.string(), en: z.string() });

export const colourReasonSchema = z.object({
  ruleId: z.string().nullable(), ruleVersion: z.string().nullable(), reasonCode: z.string(), colour: z.enum(COLOURS),
  since: z.string().nullable(), until: z.string().nullable(), earliestReleaseAt: z.string().nullable(),
  release: text.nullable().describe('What releases this colour, in plain words'), manual: z.boolean(), text: text.describe('Why, in plain words'),
});

export const codeStatusSchema = z.object({
  personId: z.string(), colour: z.enum(COLOURS), since: z.date(), until: z.date().nullable(), reasons: z.array(colourReasonSchema),
  nextReviewAt: z.date().nullable(), evaluatedAt: z.date(), ruleSetRef: z.string(),
});

export const residentCodeSchema = codeStatusSchema.extend({
  nameMasked: z.string(),
  token: z.string().nullable().describe('Signed code for the QR (FY1:…); null when the region cannot sign yet'),
  tokenExpiresAt: z.date().nullable(),
});

export const personIdQuery = z.object({ personId: z.string().max(64).describe('Yourself or one of your dependants') });
