import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const health = z.object({ status: z.enum(['ok', 'degraded']), database: z.enum(['up', 'down']), latencyMs: z.number() });

/** GET /healthz: 200 while the database answers, 503 when it does not. */
const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', {
    schema: { summary: 'Liveness and database status', tags: ['platform'], response: { 200: health, 503: health } },
  }, async (_request, reply) => {
    const started = performance.now();
    try {
      await sql`select 1`.execute(app.platform.db);
      return { status: 'ok' as const, database: 'up' as const, latencyMs: Math.round(performance.now() - started) };
    } catch {
      return reply.status(503).send({ status: 'degraded' as const, database: 'down' as const, latencyMs: Math.round(performance.now() - started) });
    }
  });
};

export default healthRoutes;
