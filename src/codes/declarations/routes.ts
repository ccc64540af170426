/** Health declarations (健康申报): submit for oneself or a dependant, and read the history. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recomputeColour } from '../colours/service.ts';
import { codeStatusSchema, personIdQuery } from '../colours/schemas.ts';
import { declarationSchema } from './schemas.ts';
import { CONTACTS, listDeclarations, submitDeclaration } from './service.ts';

// zod bounds sizes and types only; the service answers each content rule with its own code.
const declarationBody = z.object({
  personId: z.string().max(64),
  regionCode: z.string().max(12).describe('GB/T 2260 code of where you are now'),
  address: z.string().max(400).describe('Current address (encrypted at rest)'),
  phone: z.string().max(20).nullable().optional().describe('Defaults to the phone on record'),
  temperature: z.number().describe('°C, 34.0–43.0, one decimal'),
  symptoms: z.array(z.string().max(40)).max(20).describe('fever, cough, fatigue, sore_throat, diarrhea, breathing, taste_smell, or none alone'),
  stayedRegionCodes: z.array(z.string().max(12)).max(100).describe('GB/T 2260 codes of places stayed in the last 14 days (at most 20)'),
  contact: z.enum(CONTACTS).describe('Contact with confirmed or suspected cases'),
  pledge: z.boolean().describe('I pledge the information is true (must be true)'),
});

const declarationRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  app.post('/', {
    schema: {
      summary: 'Declare health for myself or a dependant; answers with the recomputed code', tags: ['codes'],
      body: declarationBody, response: { 201: z.object({ declaration: declarationSchema, code: codeStatusSchema }) },
    },
  }, async (request, reply) => {
    const declaration = await submitDeclaration(platform, request.actor, request.body);
    // The resident sees the code right away; the facts outbox row covers a recomputation lost here.
    const code = await recomputeColour(platform, declaration.personId, { evidenceRef: `declaration:${declaration.id}` });
    return reply.status(201).send({ declaration, code });
  });

  app.get('/', {
    schema: {
      summary: 'My (or a dependant\'s) declarations, newest first (keyset-paginated)', tags: ['codes'],
      querystring: personIdQuery.extend({
        after: z.string().max(200).optional().describe('The `next` cursor of the previous page'),
        limit: z.coerce.number().int().min(1).max(100).default(20),
      }),
      response: { 200: z.object({ items: z.array(declarationSchema), next: z.string().nullable() }) },
    },
  }, async (request) => listDeclarations(platform, request.actor, request.query));
};

export default declarationRoutes;
