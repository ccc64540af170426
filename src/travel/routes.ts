/**
 * Travel declarations (出行申报): residents declare trips and returns at /api/travel; community
 * workers and officials list their regions' trips and home observations at /api/travel/staff.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recomputeColour } from '../codes/colours/service.ts';
import { codeStatusSchema, personIdQuery } from '../codes/colours/schemas.ts';
import {
  cancelTrip, declareReturn, declareTrip, getMyTrip, HEALTH_NOW, listMyTrips, listObservations, listTripsForStaff, readTripForStaff, TRANSPORTS,
} from './service.ts';

const code = z.string().max(12);
const day = z.string().max(10).describe('YYYY-MM-DD (Asia/Shanghai)');

const returnSchema = z.object({
  declaredAt: z.date(), returnedOn: z.string(), visitedRegionCodes: z.array(z.string()), visitedRegionNames: z.array(z.string()),
  health: z.enum(HEALTH_NOW), observationRequired: z.boolean().describe('居家观察: a risk area covered a place really visited'),
  observationRegionCodes: z.array(z.string()), observationUntil: z.string().nullable(),
});

export const tripSchema = z.object({
  id: z.string(), personId: z.string(), declaredAt: z.date(),
  fromRegionCode: z.string(), fromRegionName: z.string(), toRegionCode: z.string(), toRegionName: z.string(),
  viaRegionCodes: z.array(z.string()), viaRegionNames: z.array(z.string()), leaveOn: z.string(), returnOn: z.string(),
  transport: z.enum(TRANSPORTS), transportNumber: z.string().nullable(), purpose: z.string(),
  riskRegionCodes: z.array(z.string()).describe('Destination or via regions a risk area covered when declared'),
  status: z.enum(['planned', 'returned', 'cancelled']), returnDeclaration: returnSchema.nullable(),
});

const tripBody = z.object({
  personId: z.string().max(64),
  fromRegionCode: code, toRegionCode: code,
  viaRegionCodes: z.array(code).max(40).default([]).describe('Regions passed through (at most 10)'),
  leaveOn: day, returnOn: day,
  transport: z.enum(TRANSPORTS),
  transportNumber: z.string().max(20).nullable().optional().describe('Train or flight number, for trains and flights only'),
  purpose: z.string().max(200),
});

const returnBody = z.object({
  returnedOn: day,
  visitedRegionCodes: z.array(code).max(40).describe('Places really visited (1–20)'),
  health: z.enum(HEALTH_NOW),
});

const idParams = z.object({ id: z.string().max(64) });
const page = { after: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) };

const staffTripSchema = z.object({
  id: z.string(), personId: z.string(), nameMasked: z.string(), homeRegionCode: z.string(), declaredAt: z.date(),
  toRegionCode: z.string(), toRegionName: z.string(), leaveOn: z.string(), returnOn: z.string(), transport: z.enum(TRANSPORTS),
  riskRegionCodes: z.array(z.string()), status: z.enum(['planned', 'returned', 'cancelled']),
  observationRequired: z.boolean(), observationUntil: z.string().nullable(),
});
const observationSchema = z.object({
  travelId: z.string(), personId: z.string(), nameMasked: z.string(), homeRegionCode: z.string(), returnedOn: z.string(),
  observationUntil: z.string().nullable(), observationRegionCodes: z.array(z.string()), observationRegionNames: z.array(z.string()), health: z.enum(HEALTH_NOW),
});

const travelRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  app.post('/', {
    schema: { summary: 'Declare a trip before it, for myself or a dependant; answers with the recomputed code', tags: ['travel'], body: tripBody, response: { 201: z.object({ trip: tripSchema, code: codeStatusSchema }) } },
  }, async (request, reply) => {
    const trip = await declareTrip(platform, request.actor, request.body);
    const code = await recomputeColour(platform, trip.personId, { evidenceRef: `travel:${trip.id}` });
    return reply.status(201).send({ trip, code });
  });

  app.get('/', {
    schema: { summary: 'My (or a dependant\'s) trips, newest first (keyset-paginated)', tags: ['travel'], querystring: personIdQuery.extend(page), response: { 200: z.object({ items: z.array(tripSchema), next: z.string().nullable() }) } },
  }, async (request) => listMyTrips(platform, request.actor, request.query));

  app.get('/:id', {
    schema: { summary: 'One of my (or a dependant\'s) trips', tags: ['travel'], params: idParams, response: { 200: tripSchema } },
  }, async (request) => getMyTrip(platform, request.actor, request.params.id));

  app.post('/:id/cancel', {
    schema: { summary: 'Cancel a trip that has not started', tags: ['travel'], params: idParams, response: { 200: z.object({ trip: tripSchema, code: codeStatusSchema }) } },
  }, async (request) => {
    const trip = await cancelTrip(platform, request.actor, request.params.id);
    return { trip, code: await recomputeColour(platform, trip.personId, { evidenceRef: `travel:${trip.id}` }) };
  });

  app.post('/:id/return', {
    schema: { summary: 'The return declaration (返程申报); a return from a risk area starts home observation', tags: ['travel'], params: idParams, body: returnBody, response: { 201: z.object({ trip: tripSchema, code: codeStatusSchema }) } },
  }, async (request, reply) => {
    const trip = await declareReturn(platform, request.actor, request.params.id, request.body);
    const code = await recomputeColour(platform, trip.personId, { evidenceRef: `travel_return:${trip.id}` });
    return reply.status(201).send({ trip, code });
  });

  app.get('/staff/trips', {
    schema: {
      summary: 'Trips of residents in my regions, masked (community workers, officials)', tags: ['travel'],
      querystring: z.object({ regionCode: code.optional(), riskOnly: z.enum(['true', 'false']).optional(), ...page }),
      response: { 200: z.object({ items: z.array(staffTripSchema), next: z.string().nullable() }) },
    },
  }, async (request) => listTripsForStaff(platform, request.actor, { ...request.query, riskOnly: request.query.riskOnly === 'true' }));

  app.get('/staff/observations', {
    schema: {
      summary: 'Returns from risk areas in home observation (居家观察) in my regions, masked', tags: ['travel'],
      querystring: z.object({ regionCode: code.optional(), ...page }),
      response: { 200: z.object({ items: z.array(observationSchema), next: z.string().nullable() }) },
    },
  }, async (request) => listObservations(platform, request.actor, request.query));

  // A POST with the reason in the body, not a GET with it in the query: URLs end up in access logs.
  app.post('/staff/trips/:id/reveal', {
    schema: {
      summary: 'A trip in full with the person\'s name and phone, for a stated reason (audited)', tags: ['travel'], params: idParams,
      body: z.object({ reason: z.string().max(400).optional() }),
      response: { 200: tripSchema.extend({ person: z.object({ name: z.string(), phone: z.string().nullable(), homeRegionCode: z.string(), homeRegionName: z.string() }) }) },
    },
  }, async (request) => readTripForStaff(platform, request.actor, request.params.id, request.body.reason));
};

export default travelRoutes;
