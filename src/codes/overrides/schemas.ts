/** HTTP shapes of manual decisions. Contents (lengths, day range) are checked by the service with their own codes. */
import { z } from 'zod';
import { OVERRIDE_COLOURS } from './model.ts';

const text = (max: number) => z.string().max(max * 2);

export const proposalBody = z.object({
  personId: z.string().max(64),
  colour: z.enum(OVERRIDE_COLOURS),
  reason: text(500).describe('Why (2–500 characters; audited, shown to officials only)'),
  legalBasis: text(200).describe('e.g. 《传染病防治法》第三十九条 (2–200 characters)'),
  validDays: z.number().int().optional().describe('1–14, default 7'),
});

export const revocationBody = z.object({ decisionId: z.string().max(64), reason: text(500), legalBasis: text(200) });
export const rejectBody = z.object({ reason: text(500) });
export const requestBody = z.object({ personId: z.string().max(64), reason: text(500) });
export const idParams = z.object({ id: z.string().max(64) });
export const pageQuery = z.object({
  after: z.string().max(200).optional().describe('The `next` cursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const proposalSchema = z.object({
  id: z.string(), kind: z.enum(['decide', 'revoke']), personId: z.string(), regionCode: z.string(), colour: z.enum(OVERRIDE_COLOURS).nullable(),
  validDays: z.number().nullable(), decisionId: z.string().nullable(), reason: z.string(), legalBasis: z.string(), office: z.string(),
  proposedByMe: z.boolean(), proposedAt: z.date(), expiresAt: z.date(), status: z.enum(['pending', 'approved', 'rejected', 'lapsed']),
  effectiveFrom: z.date().nullable(), effectiveUntil: z.date().nullable(),
});

export const requestSchema = z.object({
  id: z.string(), personId: z.string(), regionCode: z.string(), fromRegionCode: z.string(), requestedAt: z.date(), reason: z.string(),
});
