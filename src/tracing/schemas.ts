/** Zod schemas of /api/tracing: bodies, queries and answers (validation, types and OpenAPI at once). */
import { z } from 'zod';
import { CASE_SOURCES, CLASSIFICATIONS } from './model/case.ts';
import { TRACING_LIMITS } from './model/settings.ts';

export const code = z.string().max(12);
export const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('YYYY-MM-DD (Asia/Shanghai)');
export const idParams = z.object({ id: z.string().max(64) });
export const page = { after: z.string().max(300).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) };

export const personRef = z.union([
  z.object({ personId: z.string().max(64) }),
  z.object({ idType: z.enum(['resident_id', 'passport', 'hk_macau_permit', 'taiwan_permit']), idNumber: z.string().min(1).max(40) }),
]).describe('The person: by id, or by ID document (looked up by its blind index)');

export const caseBody = z.object({
  person: personRef,
  regionCode: code.optional().describe('The registering region (default: the person\'s home); within my grant'),
  classification: z.enum(CLASSIFICATIONS),
  onsetOn: day.nullable().default(null).describe('Symptom onset (发病日期); null without symptoms'),
  onsetApproximate: z.boolean().optional(),
  testedPositiveOn: day.nullable().default(null).describe('First positive test; the window counts from it when there is no onset'),
  reportedOn: day,
  isolatedAt: z.coerce.date().nullable().optional().describe('When the person was isolated: the infectious window ends then'),
  source: z.enum(CASE_SOURCES),
  issuingRegionCode: code.nullable().optional().describe('For source other_region: the region that sent the case'),
  notes: z.string().max(2000).nullable().default(null),
});

export const tracingStatus = z.object({
  status: z.enum(['pending', 'done', 'not_traced']), tracedAt: z.date().nullable(), windowFrom: z.date().nullable(), windowTo: z.date().nullable(),
  closeContacts: z.number(), secondaryContacts: z.number(),
});

export const caseSchema = z.object({
  id: z.string(), personId: z.string(), nameMasked: z.string(), idNumberMasked: z.string(), regionCode: z.string(), regionName: z.string(),
  classification: z.enum(CLASSIFICATIONS), onsetOn: z.string().nullable(), onsetApproximate: z.boolean(), testedPositiveOn: z.string().nullable(),
  isolatedAt: z.date().nullable(), reportedOn: z.string(), source: z.enum(CASE_SOURCES), issuingRegionCode: z.string().nullable(), externalRef: z.string().nullable(),
  createdAt: z.date(), updatedAt: z.date(), tracing: tracingStatus,
});

export const caseEventSchema = z.object({
  id: z.number(), at: z.date(), kind: z.string(), fromClassification: z.string().nullable(), toClassification: z.string().nullable(), actorLabel: z.string(),
  detail: z.record(z.string(), z.unknown()),
});

export const caseDetailSchema = caseSchema.extend({ notes: z.string().nullable(), events: z.array(caseEventSchema) });

export const contactSchema = z.object({
  caseId: z.string(), personId: z.string(), nameMasked: z.string(), phoneMasked: z.string().nullable(), regionCode: z.string(), regionName: z.string(),
  depth: z.number(), kind: z.enum(['close', 'secondary']), firstExposureAt: z.date(), lastExposureAt: z.date(), links: z.number(), foundAt: z.date(),
  caseClassification: z.enum(CLASSIFICATIONS), counts: z.boolean().describe('False when the case was excluded: the link no longer colours the code'),
  colour: z.enum(['green', 'yellow', 'red']).nullable(),
});

export const linkSchema = z.object({
  id: z.number(), caseId: z.string(), depth: z.number(), kind: z.enum(['venue', 'household', 'family']), venueId: z.string().nullable(), venueName: z.string().nullable(),
  venueKind: z.string().nullable(), overlapStart: z.date(), overlapEnd: z.date(), minutes: z.number(),
  source: z.object({ personId: z.string(), nameMasked: z.string(), isCase: z.boolean() }),
  case: z.object({ id: z.string(), nameMasked: z.string(), classification: z.enum(CLASSIFICATIONS) }).describe('The case the path leads to, masked'),
});

export const graphSchema = z.object({
  caseId: z.string(),
  nodes: z.array(z.object({ id: z.string(), nameMasked: z.string(), role: z.enum(['case', 'close', 'secondary']), depth: z.number(), colour: z.enum(['green', 'yellow', 'red']).nullable() })),
  edges: z.array(z.object({
    source: z.string(), target: z.string(), kind: z.enum(['venue', 'household', 'family']), venueId: z.string().nullable(), venueName: z.string().nullable(),
    venueKind: z.string().nullable(), depth: z.number(), minutes: z.number(), overlapStart: z.date(),
  })),
  truncated: z.boolean().describe('More links exist than the graph shows (2,000)'),
});

const limits = TRACING_LIMITS;
export const settingsSchema = z.object({
  preOnsetDays: z.number().int().min(limits.preOnsetDays.min).max(limits.preOnsetDays.max).describe('The infectious window opens this many days before onset'),
  toleranceMinutes: z.number().int().min(limits.toleranceMinutes.min).max(limits.toleranceMinutes.max).describe('Arrivals this long after the case left still count'),
  depth: z.number().int().min(limits.depth.min).max(limits.depth.max).describe('1 = close contacts; 2 = also their contacts'),
  stayMinutesByKind: z.record(z.string().max(20), z.number().int().min(limits.stayMinutes.min).max(limits.stayMinutes.max)).describe('Stay length by venue kind when nobody checked out'),
});
