/** The resident's health code: colour, reasons in plain words, and a fresh signed token. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getResidentCode } from './service.ts';
import { personIdQuery, residentCodeSchema } from './schemas.ts';

const colourRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  app.get('/me', {
    schema: {
      summary: 'My (or a dependant\'s) health code: colour, since, until, why, masked name and a 3-minute token', tags: ['codes'],
      querystring: personIdQuery, response: { 200: residentCodeSchema },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return getResidentCode(platform, request.actor, request.query.personId);
  });
};

export default colourRoutes;
