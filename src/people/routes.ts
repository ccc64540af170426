/** People: residents' own identity and dependants under /me, staff registry routes beside them. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SESSION_COOKIE } from '../server/plugins/auth.ts';
import {
  contactBody, dependantBody, dependantSchema, identityBody, listQuery, lookupBody, lookupResultSchema, personIdParams, personRecordSchema,
  personSummarySchema, reasonField, staffRegistrationBody,
} from './schemas.ts';
import { bindDependant, getMyPerson, getPersonForResident, listMyDependants, registerMe, unbindDependant } from './self-service.ts';
import { changePersonContact, listPeople, lookupPerson, readPerson, registerPerson } from './staff-service.ts';

const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  app.get('/me', {
    schema: { summary: 'My own identity record (decrypted, with masked forms)', tags: ['people'], response: { 200: personRecordSchema } },
  }, async (request) => getMyPerson(platform, request.actor));

  app.post('/me', {
    schema: { summary: 'Register my identity and link it to my account', tags: ['people'], body: identityBody, response: { 201: personRecordSchema } },
  }, async (request, reply) => {
    const person = await registerMe(platform, request.actor, request.body);
    // The cached session still says "no person"; drop it so the next request sees the link.
    const token = request.cookies[SESSION_COOKIE];
    if (token) platform.sessions.forget(token);
    return reply.status(201).send(person);
  });

  app.get('/me/dependants', {
    schema: { summary: 'People I act for (at most 10, so one page)', tags: ['people'], response: { 200: z.object({ items: z.array(dependantSchema) }) } },
  }, async (request) => ({ items: await listMyDependants(platform, request.actor) }));

  app.post('/me/dependants', {
    schema: { summary: 'Register a dependant, or bind an existing person by ID number and exact name', tags: ['people'], body: dependantBody, response: { 201: dependantSchema } },
  }, async (request, reply) => reply.status(201).send(await bindDependant(platform, request.actor, request.body)));

  app.get('/me/dependants/:id', {
    schema: { summary: "A dependant's record (or my own)", tags: ['people'], params: personIdParams, response: { 200: personRecordSchema } },
  }, async (request) => getPersonForResident(platform, request.actor, request.params.id));

  app.delete('/me/dependants/:id', {
    schema: { summary: 'Unbind a dependant', tags: ['people'], params: personIdParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await unbindDependant(platform, request.actor, request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/', {
    schema: { summary: 'Masked persons in my regions (keyset-paginated)', tags: ['people'], querystring: listQuery, response: { 200: z.object({ items: z.array(personSummarySchema), next: z.string().nullable() }) } },
  }, async (request) => listPeople(platform, request.actor, request.query));

  app.post('/', {
    schema: { summary: 'Register a person (staff)', tags: ['people'], body: staffRegistrationBody, response: { 201: personSummarySchema } },
  }, async (request, reply) => reply.status(201).send(await registerPerson(platform, request.actor, request.body)));

  app.post('/lookup', {
    schema: { summary: 'Look a person up by document number (guards; audited)', tags: ['people'], body: lookupBody, response: { 200: lookupResultSchema } },
  }, async (request) => lookupPerson(platform, request.actor, request.body));

  // A POST with the reason in the body, not a GET with it in the query: URLs end up in access logs.
  app.post('/:id/reveal', {
    schema: { summary: "A person's full record, for a stated reason (audited)", tags: ['people'], params: personIdParams, body: z.object({ reason: reasonField.optional() }), response: { 200: personRecordSchema } },
  }, async (request) => readPerson(platform, request.actor, request.params.id, request.body.reason));

  app.patch('/:id', {
    schema: { summary: "Change a person's phone or address (audited)", tags: ['people'], params: personIdParams, body: contactBody, response: { 200: personSummarySchema } },
  }, async (request) => changePersonContact(platform, request.actor, request.params.id, request.body));
};

export default peopleRoutes;
