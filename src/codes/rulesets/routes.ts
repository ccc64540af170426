/** Per-region rule sets (propose, publish, simulate) and risk areas, under /api/codes/regions. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { simulateRuleSet } from '../colours/service.ts';
import { getRiskAreas, listRuleSets, proposeRuleSet, publishRuleSet, replaceRiskAreas } from './service.ts';

const regionParams = z.object({ code: z.string().regex(/^[0-9]{6}([0-9]{3})?$/, 'GB/T 2260 code: 6 digits, or 9 for a street') });
const riskAreaSchema = z.object({ regionCode: z.string().max(12), level: z.enum(['high', 'medium']) });
const ruleSetSummarySchema = z.object({
  regionCode: z.string(), version: z.number().int(), ruleSetId: z.string(), status: z.enum(['proposed', 'published', 'superseded']),
  proposedAt: z.date(), publishedAt: z.date().nullable(),
});
const ruleSetBody = z.record(z.string(), z.unknown()).describe('A rule set in the fangyi-rules/1 format, with its own test cases');

const ruleSetRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  app.get('/:code/risk-areas', {
    schema: { summary: 'Risk areas this region announced (public)', tags: ['codes'], params: regionParams, response: { 200: z.object({ items: z.array(riskAreaSchema) }) } },
  }, async (request) => ({ items: await getRiskAreas(platform.db, request.params.code) }));

  app.put('/:code/risk-areas', {
    schema: {
      summary: "Replace the region's risk-area list (health_official; audited); persons who stayed there are re-evaluated", tags: ['codes'],
      params: regionParams, body: z.object({ areas: z.array(riskAreaSchema).max(5000) }),
      response: { 200: z.object({ items: z.array(riskAreaSchema), personsToReview: z.number().int() }) },
    },
  }, async (request) => {
    const { areas, personsToReview } = await replaceRiskAreas(platform, request.actor, request.params.code, request.body.areas);
    return { items: areas, personsToReview };
  });

  app.get('/:code/rulesets', {
    schema: { summary: "The region's rule set versions, newest first", tags: ['codes'], params: regionParams, response: { 200: z.object({ items: z.array(ruleSetSummarySchema) }) } },
  }, async (request) => ({ items: await listRuleSets(platform, request.actor, request.params.code) }));

  app.post('/:code/rulesets', {
    schema: {
      summary: 'Propose a rule set version (health_official; it must parse and pass its own tests; audited)', tags: ['codes'],
      params: regionParams, body: ruleSetBody, response: { 201: ruleSetSummarySchema },
    },
  }, async (request, reply) => reply.status(201).send(await proposeRuleSet(platform, request.actor, request.params.code, request.body)));

  app.post('/:code/rulesets/:version/publish', {
    schema: {
      summary: 'Publish a proposed version: later evaluations use it (health_official; audited)', tags: ['codes'],
      params: regionParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) }), response: { 200: ruleSetSummarySchema },
    },
  }, async (request) => publishRuleSet(platform, request.actor, request.params.code, request.params.version));

  app.post('/:code/rulesets/simulate', {
    schema: {
      summary: "How many people would change colour under a proposed rule set, by district and reason (nothing is published)", tags: ['codes'],
      params: regionParams, body: ruleSetBody,
      response: { 200: z.object({ regionCode: z.string(), currentRuleSetRef: z.string(), population: z.number().int(), evaluatedAt: z.date(), report: z.unknown() }) },
    },
  }, async (request) => simulateRuleSet(platform, request.actor, request.params.code, request.body));
};

export default ruleSetRoutes;
