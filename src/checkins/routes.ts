/**
 * Check-in routes under /api/checkins: residents (check in, 离开, 我的行程), guards (check in at the
 * gate), venue staff (today, alerts, search, Excel export) and officials (volumes, trajectories,
 * retention). Each handler calls one service function.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../kernel/errors.ts';
import { downloadExport, exportStatus, startExport } from './exports.ts';
import { drainCheckins } from './ingest.ts';
import { changeRetention, getRetention } from './partitions/service.ts';
import {
  alertsQuery, checkinAnswerSchema, exportParams, exportSchema, guardCheckinBody, idempotencyHeaders, leaveBody, leaveParams, myCheckinsQuery,
  page, personCheckinSchema, regionParams, residentCheckinBody, retentionBody, retentionSchema, trajectoryBody, trajectorySchema, venueCheckinSchema,
  venueParams, venueSearchQuery, venueTodaySchema, volumesQuery, volumesSchema, windowQuery,
} from './schemas.ts';
import { checkIn, guardCheckIn, leaveVenue, myCheckins, type CheckinResult } from './service.ts';
import { personTrajectory, regionVolumes, searchVenueCheckins, venueAlerts, venueToday } from './views.ts';
import { z } from 'zod';

const checkinRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  // A batch that failed for a reason other than a business rule answers CHECKIN_UNAVAILABLE (retry with the same key); log why.
  app.addHook('onError', async (request, _reply, error) => {
    if (error instanceof AppError && error.code === 'CHECKIN_UNAVAILABLE' && error.cause) request.log.error({ err: error.cause }, 'check-in batch failed');
  });
  app.addHook('onClose', async () => { await drainCheckins(platform.db); });

  // The answer's JSON was made once, when the check-in was written, and is kept as that text for
  // retries: it goes out as is (a string with a JSON content type skips the serializer). Its shape
  // is checkinAnswerSchema; routes.db.test.ts holds every answer to it.
  const answered = (reply: FastifyReply, result: CheckinResult) => {
    reply.header('cache-control', 'no-store').header('content-type', 'application/json; charset=utf-8');
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(result.status).send(result.bodyJson);
  };

  app.post('/', {
    schema: {
      summary: 'Check in (yourself and dependants) at the venue of a scanned venue code; needs an Idempotency-Key', tags: ['checkins'],
      headers: idempotencyHeaders, body: residentCheckinBody, response: { 201: checkinAnswerSchema },
    },
  }, async (request, reply) => answered(reply, await checkIn(platform, request.actor, { ...request.body, idempotencyKey: request.headers['idempotency-key'] as string | undefined })));

  app.post('/guard', {
    schema: {
      summary: 'Record a check-in at the gate from a scanned code, a printed code or an ID number (guards bound to the venue; audited)', tags: ['checkins'],
      headers: idempotencyHeaders, body: guardCheckinBody, response: { 201: checkinAnswerSchema },
    },
  }, async (request, reply) => answered(reply, await guardCheckIn(platform, request.actor, { ...request.body, idempotencyKey: request.headers['idempotency-key'] as string | undefined })));

  app.post('/:id/leave', {
    schema: { summary: '离开: record leaving (yourself or a dependant; within 24 hours)', tags: ['checkins'], params: leaveParams, body: leaveBody, response: { 200: personCheckinSchema } },
  }, async (request) => leaveVenue(platform, request.actor, request.params.id, request.body.personId));

  app.get('/me', {
    schema: { summary: '我的行程: your (or a dependant\'s) check-ins of the last 14 days, newest first', tags: ['checkins'], querystring: myCheckinsQuery, response: { 200: page(personCheckinSchema) } },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return myCheckins(platform, request.actor, request.query);
  });

  app.get('/venues/:venueId/today', {
    schema: { summary: 'Today\'s check-ins at a venue by hour (venue staff)', tags: ['checkins'], params: venueParams, response: { 200: venueTodaySchema } },
  }, async (request) => venueToday(platform, request.actor, request.params.venueId));

  app.get('/venues/:venueId/alerts', {
    schema: {
      summary: 'Yellow and red check-ins at a venue since a cursor, for polling (venue staff; masked names)', tags: ['checkins'],
      params: venueParams, querystring: alertsQuery, response: { 200: z.object({ items: z.array(venueCheckinSchema), next: z.string() }) },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return venueAlerts(platform, request.actor, request.params.venueId, request.query);
  });

  app.get('/venues/:venueId', {
    schema: {
      summary: 'Who checked in at a venue in a time window, newest first (venue staff; masked names; audited)', tags: ['checkins'],
      params: venueParams, querystring: venueSearchQuery, response: { 200: page(venueCheckinSchema) },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return searchVenueCheckins(platform, request.actor, request.params.venueId, request.query);
  });

  app.post('/venues/:venueId/exports', {
    schema: { summary: 'Start an Excel export of a venue\'s check-ins in a window (venue staff; background job; audited)', tags: ['checkins'], params: venueParams, body: windowQuery, response: { 202: exportSchema } },
  }, async (request, reply) => reply.status(202).send(await startExport(platform, request.actor, request.params.venueId, request.body)));

  app.get('/exports/:exportId', {
    schema: { summary: 'An export\'s status (the staff member who started it)', tags: ['checkins'], params: exportParams, response: { 200: exportSchema } },
  }, async (request) => exportStatus(platform, request.actor, request.params.exportId));

  app.get('/exports/:exportId/file', {
    schema: { summary: 'Download a finished export (.xlsx; audited)', tags: ['checkins'], params: exportParams },
  }, async (request, reply) => {
    const { fileName, file } = await downloadExport(platform, request.actor, request.params.exportId);
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store').send(file);
  });

  app.post('/trajectory', {
    schema: { summary: 'A person\'s check-ins for a stated reason (health officials, community workers of the person\'s region; audited)', tags: ['checkins'], body: trajectoryBody, response: { 200: trajectorySchema } },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return personTrajectory(platform, request.actor, request.body);
  });

  app.get('/regions/:code/volumes', {
    schema: { summary: 'Check-ins per district (or city, street) of a region over days (counts only)', tags: ['checkins'], params: regionParams, querystring: volumesQuery, response: { 200: volumesSchema } },
  }, async (request) => regionVolumes(platform, request.actor, request.params.code, request.query));

  app.get('/regions/:code/retention', {
    schema: { summary: 'How long the city keeps check-ins (health officials, sysadmins)', tags: ['checkins'], params: regionParams, response: { 200: retentionSchema } },
  }, async (request) => getRetention(platform, request.actor, request.params.code));

  app.put('/regions/:code/retention', {
    schema: {
      summary: 'Change how long the city keeps check-ins, 14–60 days; applies to check-ins recorded from now on (audited)', tags: ['checkins'],
      params: regionParams, body: retentionBody, response: { 200: retentionSchema },
    },
  }, async (request) => changeRetention(platform, request.actor, request.params.code, request.body.retentionDays));
};

export default checkinRoutes;
