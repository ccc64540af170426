/**
 * POST /api/codes/lookup: the guard's lookup by document number (people's lookup, audited there)
 * plus the person's live colour. Here rather than in people, because people is the lower layer
 * and must not import the health code.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { lookupBody, lookupResultSchema } from '../../people/schemas.ts';
import { lookupWithColour } from './lookup-service.ts';

const lookupRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  app.post('/lookup', {
    schema: {
      summary: 'Look a person up by document number with their live colour (guards; audited)', tags: ['codes'], body: lookupBody,
      response: { 200: lookupResultSchema.extend({ colour: z.enum(['green', 'yellow', 'red']).nullable().describe('null: no health code yet'), colourAsOf: z.date().nullable().describe('When the colour (or its reasons) last changed') }) },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return lookupWithColour(platform, request.actor, request.body);
  });
};

export default lookupRoutes;
