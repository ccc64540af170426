/** Zod schemas of /api/tracing/imports: the Excel import's query and answers, the region API's body and answer. */
import { z } from 'zod';
import { CLASSIFICATIONS } from './model/case.ts';
import { MAX_REGION_CASES } from './region-import.ts';

const code = z.string().max(12);
const flag = z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1');

export const importQuery = z.object({
  dryRun: flag.describe('true: check every row, write nothing'),
  regionCode: code.describe('The receiving region (within my grant): new cases are registered there, or at the person\'s home inside it'),
});
export const importParams = z.object({ id: z.string().max(64) });

const rowErrorSchema = z.object({ row: z.number(), column: z.string(), code: z.string(), zh: z.string(), en: z.string() });
export const caseImportReportSchema = z.object({
  dryRun: z.boolean(), rows: z.number(), good: z.number(), bad: z.number(), imported: z.number().describe('rows written (0 in a dry run)'),
  personsMatched: z.number(), personsCreated: z.number(),
  report: z.array(z.object({
    row: z.number(), ok: z.boolean(), errors: z.array(rowErrorSchema), nameMasked: z.string().nullable(),
    person: z.enum(['match', 'create']).nullable().describe('match: a registered person; create: a new person record from the row'),
    case: z.enum(['create', 'update']).nullable().describe('update: the imported case with the same issuing region and external number'),
    classification: z.enum(CLASSIFICATIONS).nullable(),
  })),
});
export const caseImportSchema = z.object({
  id: z.string(), regionCode: z.string(), dryRun: z.boolean(),
  phase: z.enum(['queued', 'validating', 'writing', 'done', 'failed']).describe('queued → validating (rows checked) → writing (good rows written; not in a dry run) → done | failed'),
  processed: z.number().describe('rows done in this phase'), total: z.number().nullable().describe('rows of this phase; null until the file is read'),
  report: caseImportReportSchema.nullable().describe('when done: the row-by-row report'),
  error: z.object({ code: z.string(), zh: z.string(), en: z.string(), details: z.unknown().optional() }).nullable().describe('when failed: the error'),
  createdAt: z.date(), finishedAt: z.date().nullable(), expiresAt: z.date(),
});

const text = (max: number) => z.string().max(max);
export const regionImportBody = z.object({
  regionCode: code.describe('The receiving region (within my grant)'),
  issuingRegionCode: code.describe('The region that sends the cases'),
  cases: z.array(z.object({
    externalRef: z.string().trim().min(1).max(64).describe('The case\'s number in the issuing region: with it, the case (a resend updates it)'),
    person: z.object({
      idType: text(20), idNumber: text(40), name: text(60), phone: text(20).nullable().optional(),
      homeRegionCode: code.nullable().optional().describe('Needed when the person is not registered here yet'),
    }),
    classification: text(20).describe(`${CLASSIFICATIONS.join(' | ')} (or the Chinese name)`),
    onsetOn: text(30).nullable().optional(), onsetApproximate: z.boolean().optional(), testedPositiveOn: text(30).nullable().optional(),
    reportedOn: text(30), isolatedAt: text(40).nullable().optional().describe('ISO time with its zone, or Beijing time 2026-03-09 14:30'),
    notes: text(2000).nullable().optional(),
  })).min(1).max(MAX_REGION_CASES),
});
export const regionImportAnswer = z.object({
  issuingRegionCode: z.string(),
  results: z.array(z.object({
    externalRef: z.string(), status: z.enum(['created', 'updated', 'unchanged', 'rejected']), caseId: z.string().nullable(),
    errors: z.array(z.object({ field: z.string(), code: z.string(), zh: z.string(), en: z.string() })),
  })),
});
