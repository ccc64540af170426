/** Zod schemas of the organisation routes. */
import { z } from 'zod';
import { ID_TYPES } from '../people/model/id-number.ts';
import { MEMBER_ROLES, ORGANISATION_KINDS, UNIT_KINDS } from './model.ts';

export const orgIdParams = z.object({ id: z.string().max(64) });
export const unitParams = orgIdParams.extend({ unitId: z.string().max(64) });
export const memberParams = orgIdParams.extend({ personId: z.string().max(64) });
export const adminParams = orgIdParams.extend({ accountId: z.uuid() });

export const organisationSchema = z.object({
  id: z.string(), regionCode: z.string(), regionName: z.string(), name: z.string(), kind: z.enum(ORGANISATION_KINDS), code: z.string().nullable(),
  memberCount: z.number(), createdAt: z.date(),
});
export const organisationViewSchema = organisationSchema.extend({ myRelation: z.enum(['admin', 'official']), canManage: z.boolean() });

export const registerBody = z.object({
  name: z.string().max(200).describe('2–60 characters'), kind: z.string().max(20).describe(ORGANISATION_KINDS.join(' | ')),
  regionCode: z.string().max(12).describe('GB/T 2260, 6 or 9 digits, within your org_admin grant'),
  code: z.string().max(64).nullable().optional().describe('optional short code, 3–32 letters, digits or -'),
});

export const listQuery = z.object({
  scope: z.enum(['mine', 'region']).default('mine').describe('mine: those I administer (org_admin); region: those of my area (org.read)'),
  kind: z.enum(ORGANISATION_KINDS).optional(), q: z.string().max(60).optional(),
  after: z.string().max(200).optional().describe('the previous page\'s `next`'), limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const adminSchema = z.object({ accountId: z.string(), username: z.string().nullable(), displayName: z.string(), addedAt: z.date() });

export const unitSchema = z.object({ id: z.string(), parentId: z.string().nullable(), name: z.string(), kind: z.enum(UNIT_KINDS), path: z.string(), memberCount: z.number() });
export const unitBody = z.object({ name: z.string().max(200), kind: z.string().max(20).optional().describe(UNIT_KINDS.join(' | ')), parentId: z.string().max(64).nullable().optional() });
export const unitPatchBody = z.object({ name: z.string().max(200).optional(), kind: z.string().max(20).optional(), parentId: z.string().max(64).nullable().optional().describe('null: top level') });

export const memberSchema = z.object({
  personId: z.string(), nameMasked: z.string(), phoneMasked: z.string().nullable(), idNumberMasked: z.string(), unitId: z.string().nullable(), unitPath: z.string().nullable(),
  memberRole: z.enum(MEMBER_ROLES), status: z.enum(['active', 'left']), addedAt: z.date(),
});
export const membersQuery = z.object({
  unitId: z.string().max(64).optional().describe('this unit and every unit below it'), status: z.enum(['active', 'left']).default('active'),
  role: z.enum(MEMBER_ROLES).optional(), after: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(500).default(50),
});
export const memberBody = z.object({
  name: z.string().max(100), idType: z.enum(ID_TYPES).optional(), idNumber: z.string().max(40).optional(), phone: z.string().max(20).optional(),
  unitId: z.string().max(64).nullable().optional(), role: z.enum(MEMBER_ROLES).optional(),
});
export const memberPatchBody = z.object({ unitId: z.string().max(64).nullable().optional(), role: z.enum(MEMBER_ROLES).optional() });

const rowErrorSchema = z.object({ row: z.number(), column: z.string(), code: z.string(), zh: z.string(), en: z.string() });
export const rowReportSchema = z.object({
  row: z.number(), ok: z.boolean(), errors: z.array(rowErrorSchema), nameMasked: z.string().nullable(), person: z.enum(['match', 'create']).nullable(),
  member: z.enum(['add', 'update', 'rejoin']).nullable(), unitPath: z.string().nullable(), unit: z.enum(['none', 'existing', 'create', 'refused']), role: z.enum(MEMBER_ROLES).nullable(),
});
export const rosterReportSchema = z.object({
  dryRun: z.boolean(), rows: z.number(), good: z.number(), bad: z.number(), imported: z.number(), personsMatched: z.number(), personsCreated: z.number(),
  unitsCreated: z.array(z.string()), report: z.array(rowReportSchema),
});
const importErrorSchema = z.object({ code: z.string(), zh: z.string(), en: z.string(), details: z.unknown().optional() });
export const rosterImportSchema = z.object({
  id: z.string(), organisationId: z.string(), dryRun: z.boolean(), createUnits: z.boolean(),
  phase: z.enum(['queued', 'validating', 'writing', 'done', 'failed']).describe('queued → validating (rows checked) → writing (good rows written; not in a dry run) → done | failed'),
  processed: z.number().describe('rows done in this phase'), total: z.number().nullable().describe('rows of this phase: the file\'s rows while validating, the good rows while writing; null until the file is read'),
  report: rosterReportSchema.nullable().describe('when done: the row-by-row report'), error: importErrorSchema.nullable().describe('when failed: the error (code, zh, en, details)'),
  createdAt: z.date(), finishedAt: z.date().nullable(), expiresAt: z.date(),
});
export const rosterImportParams = orgIdParams.extend({ importId: z.string().max(64) });
export const rosterQuery = z.object({
  dryRun: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1').describe('check every row, write nothing'),
  createUnits: z.enum(['true', 'false', '1', '0']).default('true').transform((v) => v === 'true' || v === '1').describe('create unit paths not in the organisation (else refuse those rows)'),
});

export const myOrganisationSchema = z.object({ id: z.string(), name: z.string(), kind: z.enum(ORGANISATION_KINDS), unitId: z.string().nullable(), unitName: z.string().nullable(), memberRole: z.enum(MEMBER_ROLES) });
