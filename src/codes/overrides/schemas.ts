/** HTTP shapes of manual decisions and false-declaration establishments. Contents (lengths, day range) are checked by the service with their own codes. */
import { z } from 'zod';
import { declarationSchema } from '../declarations/schemas.ts';
import { OVERRIDE_COLOURS, PROPOSAL_KINDS } from './model.ts';

const text = (max: number) => z.string().max(max * 2);

export const proposalBody = z.object({
  personId: z.string().max(64),
  colour: z.enum(OVERRIDE_COLOURS),
  reason: text(500).describe('Why (2–500 characters; audited, shown to officials only)'),
  legalBasis: text(200).describe('e.g. 《传染病防治法》第三十九条 (2–200 characters)'),
  validDays: z.number().int().optional().describe('1–14, default 7'),
});

export const revocationBody = z.object({
  decisionId: z.string().max(64).describe('The approved decision, or the established false declaration (its proposal id), to end'), reason: text(500), legalBasis: text(200),
});
export const falseDeclarationBody = z.object({
  personId: z.string().max(64),
  declarationId: z.string().max(64).describe("One of the person's health declarations (from the declaration history)"),
  reason: text(500).describe('What shows the declaration was false (2–500 characters; audited, shown to officials only)'),
  legalBasis: text(200).describe('e.g. 《传染病防治法》第十二条 (2–200 characters)'),
});
export const declarationHistoryBody = z.object({
  personId: z.string().max(64),
  reason: z.string().max(400).describe('Why you read this person\'s declarations (2–200 characters; audited)'),
  after: z.string().max(200).optional().describe('The `next` cursor of the previous page'),
  limit: z.number().int().min(1).max(100).default(20),
});
export const rejectBody = z.object({ reason: text(500) });
export const requestBody = z.object({ personId: z.string().max(64), reason: text(500) });
export const idParams = z.object({ id: z.string().max(64) });
export const pageQuery = z.object({
  after: z.string().max(200).optional().describe('The `next` cursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const proposalSchema = z.object({
  id: z.string(), kind: z.enum(PROPOSAL_KINDS), personId: z.string(), regionCode: z.string(), colour: z.enum(OVERRIDE_COLOURS).nullable(),
  validDays: z.number().nullable(), decisionId: z.string().nullable().describe('A revocation: the decision or establishment it ends'),
  declarationId: z.string().nullable().describe('An establishment: the declaration found false'), reason: z.string(), legalBasis: z.string(), office: z.string(),
  proposedByMe: z.boolean(), proposedAt: z.date(), expiresAt: z.date(), status: z.enum(['pending', 'approved', 'rejected', 'lapsed']),
  effectiveFrom: z.date().nullable(), effectiveUntil: z.date().nullable(),
});

export const declarationForOfficialSchema = declarationSchema.extend({
  establishment: z.object({
    proposalId: z.string(), status: z.enum(['pending', 'established']), since: z.date().describe('Approved at (established) or proposed at (pending)'),
  }).nullable().describe('null: not established as false, and no establishment pending'),
});

export const requestSchema = z.object({
  id: z.string(), personId: z.string(), regionCode: z.string(), fromRegionCode: z.string(), requestedAt: z.date(), reason: z.string(),
});
