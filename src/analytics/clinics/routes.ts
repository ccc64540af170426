/**
 * Fever clinics (发热门诊) at /api/clinics: officials open a clinic at a hospital and bind its desk
 * staff; the desk registers patients (就诊登记) and enters results — a suspected patient or a
 * positive result becomes a case in the same step; the daily report (发热门诊日报) per clinic and
 * per region, and its Excel export as a background job.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { XLSX_TYPE } from '../../kernel/spreadsheet.ts';
import { downloadReportExport, reportExportStatus, startReportExport } from './exports.ts';
import { clinicDayReport, regionDayReport } from './report.ts';
import {
  clinicReportSchema, clinicSchema, code, counts, day, idParams, page, reportExportSchema, resultBody, staffSchema, venueParams, visitBody, visitSchema,
} from './schemas.ts';
import { bindClinicStaff, listClinics, listClinicStaff, myClinics, openClinic, unbindClinicStaff } from './service.ts';
import { enterResult, getVisit, listVisits, registerVisit } from './visits.ts';

const TAGS = ['clinics'];
const noStore = { 'cache-control': 'no-store' };

const clinicRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  app.post('/', {
    schema: {
      summary: 'Open a fever clinic at a hospital of my region (开设发热门诊; health official; the venue must be of kind hospital; audited)', tags: TAGS,
      body: z.object({ venueId: z.string().max(64) }), response: { 201: clinicSchema },
    },
  }, async (request, reply) => reply.status(201).send(await openClinic(platform, request.actor, request.body.venueId)));

  app.get('/', {
    schema: {
      summary: 'The fever clinics of my regions (health official), by venue number (keyset-paginated)', tags: TAGS,
      querystring: z.object({ regionCode: code.optional(), ...page }), response: { 200: z.object({ items: z.array(clinicSchema), next: z.string().nullable() }) },
    },
  }, async (request) => listClinics(platform, request.actor, request.query));

  app.get('/mine', {
    schema: { summary: 'The fever clinics whose desk I work at (clinic staff)', tags: TAGS, response: { 200: z.object({ items: z.array(clinicSchema) }) } },
  }, async (request) => ({ items: await myClinics(platform, request.actor) }));

  app.get('/:venueId/staff', {
    schema: { summary: 'A clinic\'s desk staff (health official of its region)', tags: TAGS, params: venueParams, response: { 200: z.object({ items: z.array(staffSchema) }) } },
  }, async (request) => ({ items: await listClinicStaff(platform, request.actor, request.params.venueId) }));

  app.post('/:venueId/staff', {
    schema: {
      summary: 'Bind a staff account holding clinic_staff for the clinic\'s region to its desk (health official; audited)', tags: TAGS, params: venueParams,
      body: z.object({ username: z.string().max(40) }), response: { 201: staffSchema },
    },
  }, async (request, reply) => reply.status(201).send(await bindClinicStaff(platform, request.actor, request.params.venueId, request.body.username)));

  app.delete('/:venueId/staff/:accountId', {
    schema: {
      summary: 'Unbind a staff account from the clinic\'s desk (health official; audited)', tags: TAGS,
      params: z.object({ venueId: z.string().max(64), accountId: z.string().max(64) }), response: { 200: z.object({ removed: z.boolean() }) },
    },
  }, async (request) => unbindClinicStaff(platform, request.actor, request.params.venueId, request.params.accountId));

  app.post('/:venueId/visits', {
    schema: {
      summary: 'Register a patient at the desk (就诊登记; staff of this clinic; audited): a suspected patient becomes a suspected case in the same step', tags: TAGS,
      params: venueParams, body: visitBody, response: { 201: visitSchema },
    },
  }, async (request, reply) => reply.status(201).send(await registerVisit(platform, request.actor, request.params.venueId, request.body)));

  app.get('/:venueId/visits', {
    schema: {
      summary: 'A day\'s patients at my clinic (default today), newest first, masked (keyset-paginated)', tags: TAGS, params: venueParams,
      querystring: z.object({ day: day.optional(), ...page }), response: { 200: z.object({ items: z.array(visitSchema), next: z.string().nullable() }) },
    },
  }, async (request) => listVisits(platform, request.actor, request.params.venueId, request.query));

  app.get('/visits/:id', {
    schema: {
      summary: 'One visit with its epidemiological note (staff of its clinic; audited)', tags: TAGS, params: idParams,
      response: { 200: visitSchema.extend({ epiNote: z.string().nullable() }) },
    },
  }, async (request, reply) => reply.headers(noStore).send(await getVisit(platform, request.actor, request.params.id)));

  app.post('/visits/:id/result', {
    schema: {
      summary: 'Enter the test result (once; staff of its clinic; audited): positive registers a confirmed case, promotes the person\'s suspected case, or joins their open case — in the same step', tags: TAGS,
      params: idParams, body: resultBody, response: { 200: visitSchema },
    },
  }, async (request) => enterResult(platform, request.actor, request.params.id, request.body));

  app.get('/:venueId/report', {
    schema: {
      summary: 'One clinic\'s daily report (its staff, or a health official of its region): patients, fever, suspected, positive, transferred', tags: TAGS,
      params: venueParams, querystring: z.object({ day: day.optional() }), response: { 200: clinicReportSchema.extend({ day: z.string() }) },
    },
  }, async (request) => clinicDayReport(platform, request.actor, request.params.venueId, request.query));

  app.get('/reports/daily', {
    schema: {
      summary: 'A region\'s daily fever-clinic report (发热门诊日报; health official): the totals and its clinics\' counts (keyset-paginated by venue number)', tags: TAGS,
      querystring: z.object({ regionCode: code.optional(), day: day.optional(), ...page }),
      response: {
        200: z.object({
          day: z.string(), regionCode: z.string(), regionName: z.string(), totals: z.object({ ...counts, clinics: z.number() }),
          items: z.array(clinicReportSchema), next: z.string().nullable(),
        }),
      },
    },
  }, async (request) => regionDayReport(platform, request.actor, request.query));

  app.post('/reports/exports', {
    schema: {
      summary: 'Export a region\'s daily report to Excel (health official), made by a background job: poll /reports/exports/:id; audited', tags: TAGS,
      body: z.object({ regionCode: code.optional(), day: day.optional() }), response: { 202: reportExportSchema },
    },
  }, async (request, reply) => reply.status(202).headers(noStore).send(await startReportExport(platform, request.actor, request.body)));

  app.get('/reports/exports/:id', {
    schema: { summary: 'An export\'s status (only the account that asked; kept 24 hours)', tags: TAGS, params: idParams, response: { 200: reportExportSchema } },
  }, async (request, reply) => reply.headers(noStore).send(await reportExportStatus(platform, request.actor, request.params.id)));

  app.get('/reports/exports/:id/file', {
    schema: { summary: 'Download a finished export (.xlsx; only the account that asked, until it expires; audited)', tags: TAGS, params: idParams },
  }, async (request, reply) => {
    const { fileName, file } = await downloadReportExport(platform, request.actor, request.params.id);
    return reply.headers(noStore).header('content-type', XLSX_TYPE).header('content-disposition', `attachment; filename="${fileName}"`).send(file);
  });
};

export default clinicRoutes;
