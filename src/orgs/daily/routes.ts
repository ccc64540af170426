/**
 * Daily health check-in routes (健康打卡) under /api/orgs: members submit and see today's
 * check-in; the organisation's administrators and officials read statistics, lists and the
 * Excel; administrators correct and set the reminder time; community workers read their alerts.
 * There is deliberately no PUT, PATCH or DELETE of a check-in.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recomputeColour } from '../../codes/colours/service.ts';
import { SYMPTOMS } from '../../codes/declarations/code-lists.ts';
import { LOCATIONS } from './model.ts';
import {
  communityDailyAlerts, correctDailyCheckin, dailyList, drainDailyCheckins, dailyStatistics, getDailyCheckin, getDailySettings, myDailyOrganisations,
  organisationsForStaff, setDailySettings, submitDailyCheckin, todayForMember,
} from './service.ts';
import { dailyExportStatus, downloadDailyExport, startDailyExport } from './exports.ts';
import { LIST_STATUSES } from './store.ts';

const orgParams = z.object({ orgId: z.string().max(64) });
const checkinParams = orgParams.extend({ checkinId: z.string().max(64) });
const dayQuery = z.object({
  day: z.string().max(10).optional().describe('YYYY-MM-DD (Asia/Shanghai); default today'),
  unitId: z.string().max(64).optional().describe('A department, class or building (includes the units below)'),
});

// Strict: a `day`, `submittedAt` or any other field is refused (400), so nothing can backdate a check-in.
const answers = {
  temperature: z.number().describe('°C, 35.0–42.0, one decimal'),
  symptoms: z.array(z.string().max(40)).min(1).max(8).describe(`${SYMPTOMS.join(', ')} (none alone)`),
  cityCode: z.string().max(12).describe('GB/T 2260 code of where you are today'),
  location: z.string().max(10).describe(LOCATIONS.join(' or ')),
};
const submitBody = z.strictObject({ personId: z.string().max(64).describe('Yourself, or a pupil you are guardian of'), ...answers });
const correctionBody = z.strictObject({ ...answers, reason: z.string().max(500).describe('Why (required; audited)') });

const correctionSchema = z.object({
  id: z.string(), correctedAt: z.date(), reason: z.string(), temperature: z.number(), symptoms: z.array(z.string()), cityCode: z.string(),
  location: z.enum(LOCATIONS), abnormal: z.boolean(), abnormalReasons: z.array(z.string()),
});
const checkinSchema = z.object({
  id: z.string(), organisationId: z.string(), personId: z.string(), day: z.string(), submittedAt: z.date(), temperature: z.number(),
  symptoms: z.array(z.string()), cityCode: z.string(), cityName: z.string().nullable(), location: z.enum(LOCATIONS), abnormal: z.boolean(),
  abnormalReasons: z.array(z.string()), corrections: z.array(correctionSchema),
});
const counts = { members: z.number(), submitted: z.number(), missing: z.number(), abnormal: z.number() };
const statisticsSchema = z.object({
  organisation: z.object({ id: z.string(), name: z.string(), kind: z.string() }), day: z.string(), unitId: z.string().nullable(),
  totals: z.object(counts),
  units: z.array(z.object({ unitId: z.string().nullable(), name: z.string(), path: z.string(), ...counts })),
  trend: z.array(z.object({ day: z.string(), ...counts })),
});
const listItemSchema = z.object({
  personId: z.string(), nameMasked: z.string(), unitId: z.string().nullable(), unitName: z.string().nullable(), checkinId: z.string().nullable(),
  submittedAt: z.date().nullable(), temperature: z.number().nullable(), symptoms: z.array(z.string()).nullable(), cityCode: z.string().nullable(),
  cityName: z.string().nullable(), location: z.enum(LOCATIONS).nullable(), abnormal: z.boolean().nullable(), abnormalReasons: z.array(z.string()).nullable(),
  corrected: z.boolean(),
});
const settingsSchema = z.object({ remindAt: z.string().describe('HH:MM, Asia/Shanghai') });
const exportParams = orgParams.extend({ exportId: z.string().max(64) });
const exportSchema = z.object({
  id: z.string(), organisationId: z.string(), day: z.string(), unitId: z.string().nullable(), status: z.enum(['queued', 'running', 'done', 'failed']),
  processed: z.number().describe('members written so far'), total: z.number().describe('members in the export\'s scope'), rowCount: z.number().nullable(),
  error: z.string().nullable(), createdAt: z.date(), finishedAt: z.date().nullable(), expiresAt: z.date(),
});

const dailyRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;
  app.addHook('onClose', async () => { await drainDailyCheckins(platform.db); });
  const noStore = (reply: { header(k: string, v: string): unknown }) => reply.header('cache-control', 'no-store');

  /** The colour follows right away; the facts outbox row covers a recomputation lost here. */
  const recompute = async (personId: string, evidenceRef: string) => {
    await recomputeColour(platform, personId, { evidenceRef }).catch(() => undefined);
  };

  app.get('/daily/mine', {
    schema: {
      summary: 'The organisations I (and my children at school) check in with, and whether today is done', tags: ['orgs'],
      response: { 200: z.object({ day: z.string(), items: z.array(z.object({ organisationId: z.string(), name: z.string(), kind: z.string(), personId: z.string(), nameMasked: z.string(), self: z.boolean(), submittedToday: z.boolean() })) }) },
    },
  }, async (request, reply) => { noStore(reply); return myDailyOrganisations(platform, request.actor); });

  app.get('/daily/organisations', {
    schema: {
      summary: 'Organisations for the console\'s daily check-in page: those I administer, then those in my regions (officials)', tags: ['orgs'],
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), regionCode: z.string(), admin: z.boolean() })) }) },
    },
  }, async (request) => organisationsForStaff(platform, request.actor));

  app.get('/daily/alerts', {
    schema: {
      summary: 'Abnormal daily check-ins of persons living in my streets/districts, from every organisation (community workers, health officials)', tags: ['orgs'],
      querystring: z.object({ day: z.string().max(10).optional() }),
      response: { 200: z.object({ day: z.string(), items: z.array(z.object({
        checkinId: z.string(), organisationId: z.string(), organisationName: z.string(), personId: z.string(), nameMasked: z.string(), homeRegionCode: z.string(),
        submittedAt: z.date(), temperature: z.number(), abnormalReasons: z.array(z.string()), cityCode: z.string(), cityName: z.string().nullable(),
      })) }) },
    },
  }, async (request, reply) => { noStore(reply); return communityDailyAlerts(platform, request.actor, request.query); });

  app.post('/:orgId/daily', {
    schema: {
      summary: 'Submit today\'s daily health check-in (once a day; the server decides the day)', tags: ['orgs'],
      params: orgParams, body: submitBody, response: { 201: checkinSchema },
    },
  }, async (request, reply) => {
    const { checkin, recompute: colour } = await submitDailyCheckin(platform, request.actor, request.params.orgId, request.body);
    if (colour) await recompute(checkin.personId, `daily:${checkin.id}`);
    return reply.status(201).send(checkin);
  });

  app.get('/:orgId/daily/today', {
    schema: {
      summary: 'Today\'s check-in (or null) and the form\'s defaults (last city, home/work)', tags: ['orgs'],
      params: orgParams, querystring: z.object({ personId: z.string().max(64) }),
      response: { 200: z.object({
        day: z.string(), organisation: z.object({ id: z.string(), name: z.string(), kind: z.string() }), nameMasked: z.string(), checkin: checkinSchema.nullable(),
        defaults: z.object({ cityCode: z.string().nullable(), cityName: z.string().nullable(), location: z.enum(LOCATIONS).nullable() }),
      }) },
    },
  }, async (request, reply) => { noStore(reply); return todayForMember(platform, request.actor, request.params.orgId, request.query.personId); });

  app.get('/:orgId/daily/stats', {
    schema: {
      summary: 'Per day and per unit: submitted / not submitted / abnormal, and the 14-day trend (administrators; officials with org.read)', tags: ['orgs'],
      params: orgParams, querystring: dayQuery, response: { 200: statisticsSchema },
    },
  }, async (request, reply) => { noStore(reply); return dailyStatistics(platform, request.actor, request.params.orgId, request.query); });

  app.get('/:orgId/daily/list', {
    schema: {
      summary: 'The day\'s submitted, not submitted or abnormal members (masked names; keyset pages)', tags: ['orgs'],
      params: orgParams,
      querystring: dayQuery.extend({
        status: z.enum(LIST_STATUSES), after: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { 200: z.object({ day: z.string(), items: z.array(listItemSchema), next: z.string().nullable() }) },
    },
  }, async (request, reply) => { noStore(reply); return dailyList(platform, request.actor, request.params.orgId, request.query); });

  app.post('/:orgId/daily/exports', {
    schema: {
      summary: 'Start the day\'s statistics and list as Excel (.xlsx; masked names), made by a background job: poll …/daily/exports/:exportId; audited',
      tags: ['orgs'], params: orgParams, body: dayQuery, response: { 202: exportSchema },
    },
  }, async (request, reply) => reply.status(202).send(await startDailyExport(platform, request.actor, request.params.orgId, request.body)));

  app.get('/:orgId/daily/exports/:exportId', {
    schema: { summary: 'An export\'s status and progress (members written of total; the account that asked, kept 24 hours)', tags: ['orgs'], params: exportParams, response: { 200: exportSchema } },
  }, async (request, reply) => { noStore(reply); return dailyExportStatus(platform, request.actor, request.params.orgId, request.params.exportId); });

  app.get('/:orgId/daily/exports/:exportId/file', {
    schema: { summary: 'Download a finished export (.xlsx; audited)', tags: ['orgs'], params: exportParams },
  }, async (request, reply) => {
    const { fileName, file } = await downloadDailyExport(platform, request.actor, request.params.orgId, request.params.exportId);
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store').send(file);
  });

  app.get('/:orgId/daily/checkins/:checkinId', {
    schema: {
      summary: 'One check-in with its corrections', tags: ['orgs'], params: checkinParams,
      response: { 200: checkinSchema.extend({ nameMasked: z.string() }) },
    },
  }, async (request, reply) => { noStore(reply); return getDailyCheckin(platform, request.actor, request.params.orgId, request.params.checkinId); });

  app.post('/:orgId/daily/checkins/:checkinId/corrections', {
    schema: {
      summary: '更正: add a correction beside the original (administrators; reason required; audited)', tags: ['orgs'],
      params: checkinParams, body: correctionBody, response: { 201: checkinSchema },
    },
  }, async (request, reply) => {
    const { checkin, recompute: colour } = await correctDailyCheckin(platform, request.actor, request.params.orgId, request.params.checkinId, request.body);
    if (colour) await recompute(checkin.personId, `daily-correction:${checkin.id}`);
    return reply.status(201).send(checkin);
  });

  app.get('/:orgId/daily/settings', {
    schema: { summary: 'The daily reminder time', tags: ['orgs'], params: orgParams, response: { 200: settingsSchema } },
  }, async (request) => getDailySettings(platform, request.actor, request.params.orgId));

  app.put('/:orgId/daily/settings', {
    schema: { summary: 'Set the daily reminder time (administrators; audited)', tags: ['orgs'], params: orgParams, body: settingsSchema, response: { 200: settingsSchema } },
  }, async (request) => setDailySettings(platform, request.actor, request.params.orgId, request.body));
};

export default dailyRoutes;
