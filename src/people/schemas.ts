/**
 * HTTP shapes for people routes. Field contents are checked by the service (one stable code per
 * rule, e.g. PERSON_ID_CHECK_DIGIT); zod only bounds sizes and types here, so a bad ID number
 * answers with its own code rather than a generic VALIDATION_FAILED.
 */
import { z } from 'zod';
import { ID_TYPES } from './model/id-number.ts';
import { RELATIONS } from './model/person.ts';

const idNumberField = z.string().max(40).describe('Document number; spaces are ignored, letters upper-cased');
const nameField = z.string().max(100);
const regionField = z.string().max(9).describe('GB/T 2260 code of the home region');
const phoneField = z.string().max(20).nullable().describe('Mainland mobile number (11 digits); null clears');
const addressField = z.string().max(400).nullable();
export const reasonField = z.string().max(400).describe('Why the record is read (2–200 characters, audited)');

export const identityBody = z.object({
  idType: z.enum(ID_TYPES), idNumber: idNumberField, name: nameField, homeRegionCode: regionField, address: addressField.optional(),
});

export const dependantBody = z.object({
  idType: z.enum(ID_TYPES), idNumber: idNumberField, name: nameField, relation: z.enum(RELATIONS).describe('What the dependant is to you'),
  homeRegionCode: regionField.optional().describe('Defaults to your own home region'), phone: phoneField.optional(), address: addressField.optional(),
});

export const staffRegistrationBody = identityBody.extend({ phone: phoneField.optional() });

export const contactBody = z.object({ phone: phoneField.optional(), address: addressField.optional() });

export const lookupBody = z.object({ idType: z.enum(ID_TYPES), idNumber: idNumberField, reason: reasonField.optional() });

export const personIdParams = z.object({ id: z.string().max(64) });

const masked = {
  id: z.string(), idType: z.enum(ID_TYPES), idNumberMasked: z.string(), nameMasked: z.string(), phoneMasked: z.string().nullable(),
  homeRegionCode: z.string(), homeRegionName: z.string(),
};

export const personSummarySchema = z.object(masked);

export const personRecordSchema = z.object({
  ...masked,
  idNumber: z.string(), name: z.string(), sex: z.enum(['M', 'F']).nullable(), birthDate: z.string().nullable(),
  phone: z.string().nullable(), address: z.string().nullable(), synthetic: z.boolean(),
});

export const dependantSchema = z.object({ ...masked, name: z.string(), relation: z.enum(RELATIONS) });

export const lookupResultSchema = z.object({
  idType: z.enum(ID_TYPES), idNumberMasked: z.string(), nameMasked: z.string(), homeRegionCode: z.string(), homeRegionName: z.string(),
});

export const listQuery = z.object({
  regionCode: z.string().regex(/^[0-9]{6}([0-9]{3})?$/).optional(),
  after: z.string().max(64).optional().describe('The `next` cursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
