/** Appeals (纠错) under /api/codes/appeals: residents file and read theirs; officials of the home region take and answer them. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { APPEAL_OUTCOMES } from './model.ts';
import { answerAppeal, assignAppealToSelf, fileAppeal, listAppealQueue, listMyAppeals } from './service.ts';

const residentAppealSchema = z.object({
  id: z.string(), personId: z.string(), status: z.enum(['open', 'answered']), message: z.string(), filedAt: z.date(), deadline: z.date(), overdue: z.boolean(),
  owner: z.enum(['assigned']).nullable().describe('Whether an official has taken it (never who)'), answer: z.string().nullable(),
  outcome: z.enum(APPEAL_OUTCOMES).nullable(), answeredAt: z.date().nullable(),
});
const queuedSchema = z.object({
  id: z.string(), personId: z.string(), regionCode: z.string(), status: z.enum(['open', 'answered']), filedAt: z.date(), deadline: z.date(),
  overdue: z.boolean(), ownerAccountId: z.string().nullable(), ownedByMe: z.boolean(),
});
const staffAppealSchema = queuedSchema.extend({ message: z.string(), answer: z.string().nullable(), outcome: z.enum(APPEAL_OUTCOMES).nullable(), correctionRef: z.string().nullable() });
const idParams = z.object({ id: z.string().max(64) });

const appealRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  app.post('/', {
    schema: {
      summary: 'File an appeal (纠错) about my or a dependant\'s colour', tags: ['codes'],
      body: z.object({ personId: z.string().max(64), message: z.string().max(2000).describe('5–1000 characters') }), response: { 201: residentAppealSchema },
    },
  }, async (request, reply) => reply.status(201).send(await fileAppeal(platform, request.actor, request.body)));

  app.get('/mine', {
    schema: { summary: 'My (or a dependant\'s) appeals with their answers', tags: ['codes'], querystring: z.object({ personId: z.string().max(64) }), response: { 200: z.object({ items: z.array(residentAppealSchema) }) } },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return { items: await listMyAppeals(platform, request.actor, request.query.personId) };
  });

  app.get('/', {
    schema: {
      summary: 'Appeals of my regions, nearest deadline first (keyset)', tags: ['codes'],
      querystring: z.object({ status: z.enum(['open', 'answered']).default('open'), after: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: { 200: z.object({ items: z.array(queuedSchema), next: z.string().nullable() }) },
    },
  }, async (request) => listAppealQueue(platform, request.actor, request.query));

  app.post('/:id/assign', {
    schema: { summary: 'Take the appeal (or take it over); shows its message (audited)', tags: ['codes'], params: idParams, response: { 200: staffAppealSchema } },
  }, async (request) => assignAppealToSelf(platform, request.actor, request.params.id));

  app.post('/:id/answer', {
    schema: {
      summary: 'Answer an appeal I own', tags: ['codes'], params: idParams,
      body: z.object({ answer: z.string().max(2000), outcome: z.enum(APPEAL_OUTCOMES), correctionRef: z.string().max(64).nullable().optional().describe('The manual-decision proposal that corrected it') }),
      response: { 200: staffAppealSchema },
    },
  }, async (request) => answerAppeal(platform, request.actor, request.params.id, request.body));
};

export default appealRoutes;
