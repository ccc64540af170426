/** Zod schemas of /api/clinics: bodies, queries and answers (validation, types and OpenAPI at once). */
import { z } from 'zod';
import { RESULTS, SYMPTOMS, TESTS, TRIAGES } from './model.ts';

export const code = z.string().max(12);
export const day = z.string().max(10).describe('YYYY-MM-DD (Asia/Shanghai)');
export const venueParams = z.object({ venueId: z.string().max(64) });
export const idParams = z.object({ id: z.string().max(64) });
export const page = { after: z.string().max(300).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) };

export const clinicSchema = z.object({
  venueId: z.string(), name: z.string(), number: z.string(), regionCode: z.string(), regionName: z.string(), openedAt: z.date(),
});

export const staffSchema = z.object({ accountId: z.string(), username: z.string().nullable(), displayName: z.string(), addedAt: z.date() });

export const visitBody = z.object({
  person: z.object({
    idType: z.enum(['resident_id', 'passport', 'hk_macau_permit', 'taiwan_permit']),
    idNumber: z.string().min(1).max(40),
    name: z.string().max(40).optional().describe('Only for a person not registered yet (a new person record)'),
    homeRegionCode: code.optional().describe('Only for a new person: where they live (GB/T 2260)'),
    phone: z.string().max(20).nullable().optional(),
  }).describe('The patient by ID document (found by its blind index), or a new person record'),
  visitedAt: z.coerce.date().optional().describe('Default now; at most 7 days ago'),
  temperature: z.number().describe('°C, 35.0–42.0, one decimal; ≥ 37.3 is fever'),
  symptoms: z.array(z.string().max(20)).max(10).describe(`${SYMPTOMS.join(', ')} (none alone)`),
  onsetOn: day.nullable().optional().describe('发病日期; not after the visit'),
  epi: z.object({
    travel: z.boolean().describe('旅居史: risk area in the last 14 days'), contact: z.boolean().describe('接触史: contact with a (suspected) case'),
    cluster: z.boolean().describe('聚集性发病'), note: z.string().max(2000).nullable().optional().describe('Free text, encrypted at rest, at most 500 characters'),
  }),
  triage: z.string().max(20).describe(`分诊去向: ${TRIAGES.join(', ')}`),
  suspected: z.boolean().describe('Judged a suspected case (疑似): registers a suspected case in the same step'),
  testOrdered: z.string().max(20).describe(`检测项目: ${TESTS.join(', ')}`),
});

export const visitSchema = z.object({
  id: z.string(), venueId: z.string(), personId: z.string(), nameMasked: z.string(), idNumberMasked: z.string(), visitedAt: z.date(), visitDay: z.string(),
  temperature: z.number(), fever: z.boolean(), symptoms: z.array(z.string()), onsetOn: z.string().nullable(),
  epi: z.object({ travel: z.boolean(), contact: z.boolean(), cluster: z.boolean() }),
  triage: z.enum(TRIAGES), suspected: z.boolean(), testOrdered: z.enum(TESTS), result: z.enum(RESULTS).nullable(), resultAt: z.date().nullable(),
  caseId: z.string().nullable().describe('The case (病例) this visit registered or joined'), createdAt: z.date(), updatedAt: z.date(),
});

export const resultBody = z.object({
  result: z.string().max(20).describe('negative or positive'),
  resultAt: z.coerce.date().optional().describe('Default now; between the visit and now'),
});

export const counts = {
  patients: z.number().describe('就诊人数: visits that day'), fever: z.number().describe('发热: of them ≥ 37.3 °C'), suspected: z.number().describe('疑似: of them judged suspected'),
  positive: z.number().describe('阳性: positive results reported that day'), transferred: z.number().describe('转诊: of them transferred to a designated hospital'),
};

export const clinicReportSchema = clinicSchema.extend(counts);

export const reportExportSchema = z.object({
  id: z.string(), regionCode: z.string(), day: z.string(), status: z.enum(['queued', 'running', 'done', 'failed']), processed: z.number(), total: z.number().nullable(),
  rowCount: z.number().nullable(), error: z.string().nullable(), createdAt: z.date(), finishedAt: z.date().nullable(), expiresAt: z.date(),
});
