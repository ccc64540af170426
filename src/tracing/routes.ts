/**
 * Contact tracing (流调) at /api/tracing: the case registry (health officials), contact lists
 * (officials and community workers, masked, scoped by where contacts live), a person's links with
 * evidence (audited, with a reason), transmission-chain graphs, the city's tracing parameters, and
 * a resident's own exposures (kind of place and time only).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { changeCaseWindow, reclassifyCase, registerCase, requestTrace } from './cases.ts';
import { CASE_SOURCES, CLASSIFICATIONS } from './model/case.ts';
import { caseBody, caseDetailSchema, caseSchema, code, contactSchema, day, graphSchema, idParams, linkSchema, page, settingsSchema } from './schemas.ts';
import { getTracingSettings, setTracingSettings } from './settings-service.ts';
import { caseGraph, caseViewOf, getCase, getCaseSummary, listCases, listContacts, myExposures, personLinks } from './views.ts';

const tracingRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  app.post('/cases', {
    schema: {
      summary: 'Register a case (病例登记; health official of the region; audited). A confirmed or asymptomatic case is traced at once in the background', tags: ['tracing'],
      body: caseBody, response: { 201: caseSchema },
    },
  }, async (request, reply) => {
    const row = await registerCase(platform, request.actor, request.body);
    return reply.status(201).send(await caseViewOf(platform, row));
  });

  app.get('/cases', {
    schema: {
      summary: 'Cases of my regions, newest report first, masked; filters by classification, source and report dates (keyset-paginated)', tags: ['tracing'],
      querystring: z.object({ regionCode: code.optional(), classification: z.enum(CLASSIFICATIONS).optional(), source: z.enum(CASE_SOURCES).optional(), reportedFrom: day.optional(), reportedTo: day.optional(), ...page }),
      response: { 200: z.object({ items: z.array(caseSchema), next: z.string().nullable() }) },
    },
  }, async (request) => listCases(platform, request.actor, request.query));

  app.get('/cases/:id', {
    schema: { summary: 'One case with its notes and its events (audited)', tags: ['tracing'], params: idParams, response: { 200: caseDetailSchema } },
  }, async (request) => getCase(platform, request.actor, request.params.id));

  app.get('/cases/:id/summary', {
    schema: { summary: 'One case as the list shows it (masked; no notes, no events; not audited): for polling the tracing status', tags: ['tracing'], params: idParams, response: { 200: caseSchema } },
  }, async (request) => getCaseSummary(platform, request.actor, request.params.id));

  app.post('/cases/:id/classification', {
    schema: {
      summary: 'Change the classification (an event; confirmed/asymptomatic traces contacts, excluded withdraws them; audited)', tags: ['tracing'], params: idParams,
      body: z.object({ classification: z.enum(CLASSIFICATIONS), comment: z.string().max(400).nullable().optional() }), response: { 200: caseSchema },
    },
  }, async (request) => caseViewOf(platform, await reclassifyCase(platform, request.actor, request.params.id, request.body)));

  app.post('/cases/:id/window', {
    schema: {
      summary: 'Change the dates of the infectious window (onset, positive test, isolation; an event; an infected case is traced again; audited)', tags: ['tracing'], params: idParams,
      body: z.object({ onsetOn: day.nullable().optional(), onsetApproximate: z.boolean().optional(), testedPositiveOn: day.nullable().optional(), isolatedAt: z.coerce.date().nullable().optional() }),
      response: { 200: caseSchema },
    },
  }, async (request) => caseViewOf(platform, await changeCaseWindow(platform, request.actor, request.params.id, request.body)));

  app.post('/cases/:id/trace', {
    schema: { summary: 'Trace the case again now (重新流调; idempotent; audited)', tags: ['tracing'], params: idParams, response: { 202: caseSchema } },
  }, async (request, reply) => reply.status(202).send(await caseViewOf(platform, await requestTrace(platform, request.actor, request.params.id))));

  app.get('/cases/:id/graph', {
    schema: { summary: 'The transmission chain of a case: the case and its contacts as nodes, the links as edges (first 2,000 links)', tags: ['tracing'], params: idParams, response: { 200: graphSchema } },
  }, async (request) => caseGraph(platform, request.actor, request.params.id));

  app.get('/contacts', {
    schema: {
      summary: 'Contacts (密接、次密接) living in my regions, newest found first, masked (keyset-paginated); community workers see their streets\'', tags: ['tracing'],
      querystring: z.object({ regionCode: code.optional(), caseId: z.string().max(64).optional(), kind: z.enum(['close', 'secondary']).optional(), ...page }),
      response: { 200: z.object({ items: z.array(contactSchema), next: z.string().nullable() }) },
    },
  }, async (request) => listContacts(platform, request.actor, request.query));

  app.post('/persons/:id/links', {
    schema: {
      summary: 'A person\'s contact links with their evidence (venue, overlap, minutes, which case, depth), for a stated reason (audited)', tags: ['tracing'], params: idParams,
      body: z.object({ reason: z.string().max(400) }),
      response: { 200: z.object({ person: z.object({ id: z.string(), nameMasked: z.string(), homeRegionCode: z.string() }), items: z.array(linkSchema) }) },
    },
  }, async (request) => personLinks(platform, request.actor, request.params.id, request.body.reason));

  app.get('/me/exposures', {
    schema: {
      summary: 'My (or a dependant\'s) exposures to cases: the kind of place and the time only, never who', tags: ['tracing'],
      querystring: z.object({ personId: z.string().max(64) }),
      response: { 200: z.object({ items: z.array(z.object({ kind: z.enum(['close', 'secondary']), place: z.enum(['venue', 'household', 'family']), venueKind: z.string().nullable(), at: z.date(), minutes: z.number() })) }) },
    },
  }, async (request) => myExposures(platform, request.actor, request.query.personId));

  app.get('/settings/:regionCode', {
    schema: { summary: 'The city\'s tracing parameters', tags: ['tracing'], params: z.object({ regionCode: code }), response: { 200: settingsSchema.extend({ regionCode: z.string() }) } },
  }, async (request) => getTracingSettings(platform, request.actor, request.params.regionCode));

  app.put('/settings/:regionCode', {
    schema: { summary: 'Set the city\'s tracing parameters (health official; audited); they apply to the next tracing runs', tags: ['tracing'], params: z.object({ regionCode: code }), body: settingsSchema, response: { 200: settingsSchema.extend({ regionCode: z.string() }) } },
  }, async (request) => setTracingSettings(platform, request.actor, request.params.regionCode, request.body));
};

export default tracingRoutes;
