/** HTTP shapes of the check-in routes (zod: validation, types and OpenAPI at once). */
import { z } from 'zod';
import { ID_TYPES } from '../people/model/id-number.ts';
import { CHECKIN_METHODS, COLOURS, MAX_PERSONS_PER_REQUEST } from './model.ts';

const colour = z.enum(COLOURS).nullable().describe('Health-code colour at check-in; null: no code yet');
const text = z.object({ zh: z.string(), en: z.string() });
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a uuid');
const day = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'YYYY-MM-DD (Asia/Shanghai)');
const regionCode = z.string().regex(/^[0-9]{6}([0-9]{3})?$/, 'GB/T 2260 code');
export const limitQuery = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().max(40).describe('`next` of the previous page');

export const idempotencyHeaders = z.object({
  'idempotency-key': z.string().max(200).optional().describe('Required: a fresh random key per check-in (a UUID); a retry sends the same key'),
}).passthrough();

export const venueSchema = z.object({ id: z.string(), name: z.string(), kind: z.string(), number: z.string(), address: z.string(), regionCode: z.string() });

export const checkinAnswerSchema = z.object({
  venue: venueSchema,
  method: z.enum(CHECKIN_METHODS),
  items: z.array(z.object({
    checkinId: z.string(), personId: z.string(), nameMasked: z.string(), colour,
    checkedInAt: z.date(), leaveAt: z.date().describe('Explicit 离开, or the check-in time plus the venue\'s default stay'),
    merged: z.boolean().describe('A repeat within 2 minutes at the same venue: this is the earlier check-in'),
    geofenceFar: z.boolean().describe('The reported location was far outside the venue\'s geofence'),
    distanceM: z.number().nullable(),
  })),
  alert: z.boolean().describe('Someone has a yellow or red code: show it clearly; the venue\'s staff are alerted'),
  message: text,
});

export const residentCheckinBody = z.object({
  venueToken: z.string().min(1).max(200).describe('The token after /v/ in the scanned venue code'),
  personIds: z.array(uuid).min(1).max(MAX_PERSONS_PER_REQUEST).describe('Yourself and/or dependants'),
  location: z.object({
    latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180), accuracyM: z.number().min(0).max(100_000),
  }).optional().describe('The browser\'s position (WGS-84), if the resident allowed it'),
});

export const guardCheckinBody = z.object({
  venueId: uuid,
  token: z.string().min(1).max(4096).optional().describe('A scanned health code or printed code (FY1:…)'),
  idType: z.enum(ID_TYPES).optional(),
  idNumber: z.string().max(40).optional().describe('With idType: check in by ID document (always audited)'),
});

export const personCheckinSchema = z.object({
  id: z.number().int(), venueId: z.string(), venueName: z.string(), regionCode: z.string(), checkedInAt: z.date(), leaveAt: z.date(),
  leftExplicitly: z.boolean(), colour, method: z.enum(CHECKIN_METHODS), geofenceFar: z.boolean(), distanceM: z.number().nullable(),
});

export const venueCheckinSchema = z.object({
  id: z.number().int(), nameMasked: z.string(), colour, checkedInAt: z.date(), leaveAt: z.date(), leftExplicitly: z.boolean(),
  method: z.enum(CHECKIN_METHODS), geofenceFar: z.boolean(), distanceM: z.number().nullable(),
});

export const page = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), next: z.string().nullable() });

export const myCheckinsQuery = z.object({ personId: z.string().max(64).describe('Yourself or a dependant'), before: cursor.optional(), limit: limitQuery });

export const venueParams = z.object({ venueId: uuid });

export const windowQuery = z.object({
  from: z.coerce.date().describe('ISO time, inclusive'), to: z.coerce.date().describe('ISO time, exclusive; at most 31 days after from'),
});

export const venueSearchQuery = windowQuery.extend({ before: cursor.optional(), limit: limitQuery });

export const alertsQuery = z.object({ since: cursor.optional().describe('`next` of the previous poll; default: the start of today'), limit: limitQuery });

const hourSchema = z.object({ hour: z.number().int(), checkins: z.number().int(), abnormal: z.number().int(), noCode: z.number().int(), geofenceFar: z.number().int() });

export const venueTodaySchema = z.object({
  venue: z.object({ id: z.string(), name: z.string(), number: z.string() }), day: z.string(),
  total: z.number().int(), abnormal: z.number().int(), noCode: z.number().int(), geofenceFar: z.number().int(), hours: z.array(hourSchema),
});

export const exportSchema = z.object({
  id: z.string(), venueId: z.string(), regionCode: z.string(), windowFrom: z.date(), windowTo: z.date(), status: z.enum(['queued', 'running', 'done', 'failed']),
  rowCount: z.number().int().nullable(), error: z.string().nullable(), createdAt: z.date(), finishedAt: z.date().nullable(), expiresAt: z.date(),
});

export const exportParams = z.object({ exportId: z.string().max(64) });

export const leaveParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
export const leaveBody = z.object({ personId: uuid.describe('Whose check-in it is: yourself or a dependant') });

export const regionParams = z.object({ code: regionCode });
export const retentionBody = z.object({ retentionDays: z.number().int().describe('14–60 days') });
export const retentionSchema = z.object({
  regionCode: z.string(), retentionDays: z.number().int(), appliesFrom: z.date(),
  todaysCheckinsPurgedOn: z.string().describe('The day on which check-ins recorded today are gone'),
});

export const volumesQuery = z.object({ from: day, to: day });
export const volumesSchema = z.object({
  regionCode: z.string(), from: z.string(), to: z.string(), total: z.number().int(),
  parts: z.array(z.object({ regionCode: z.string(), name: z.string(), checkins: z.number().int() })),
});

export const trajectoryBody = z.object({
  personId: z.string().max(64).optional().describe('The person (id from a case file); or, instead, idType + idNumber'),
  idType: z.enum(ID_TYPES).optional(),
  idNumber: z.string().max(40).optional().describe('With idType, instead of personId: the person by ID document (the lookup is audited too)'),
  reason: z.string().max(400).describe('Why the trajectory is read (2–200 characters, audited)'),
  from: z.coerce.date().optional(), to: z.coerce.date().optional(), before: cursor.optional(), limit: limitQuery,
});

export const trajectorySchema = page(personCheckinSchema).extend({
  person: z.object({ id: z.string(), nameMasked: z.string(), homeRegionCode: z.string() }),
});

