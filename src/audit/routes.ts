/** The audit log for auditors: a keyset-paginated listing and a chain check. Read-only by design. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listAuditEntries, verifyAuditChainAs } from './service.ts';

const entrySchema = z.object({
  id: z.number(), at: z.date(), actorAccountId: z.string().nullable(), actorLabel: z.string(), action: z.string(),
  targetType: z.string().nullable(), targetId: z.string().nullable(), regionCode: z.string().nullable(), reason: z.string().nullable(),
  detail: z.string(), hash: z.string(),
});

const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/', {
    schema: {
      summary: 'Audit log entries, newest first (auditor)', tags: ['audit'],
      querystring: z.object({
        action: z.string().max(80).optional(), targetType: z.string().max(40).optional(), targetId: z.string().max(80).optional(),
        beforeId: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: { 200: z.object({ items: z.array(entrySchema), nextBeforeId: z.number().nullable() }) },
    },
  }, async (request) => {
    const items = await listAuditEntries(app.platform.db, request.actor, request.query);
    return { items, nextBeforeId: items.length === request.query.limit ? items[items.length - 1]!.id : null };
  });

  app.get('/verify', {
    schema: {
      summary: 'Check the hash chain of the whole audit log', tags: ['audit'],
      response: { 200: z.object({ intact: z.boolean(), checked: z.number(), firstBroken: z.object({ id: z.number(), problem: z.string() }).optional() }) },
    },
  }, async (request) => verifyAuditChainAs(app.platform.db, request.actor));
};

export default auditRoutes;
