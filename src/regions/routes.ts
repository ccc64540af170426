/** Regions: public division lookups, per-region figures for staff, and city onboarding. */
import { createTtlCache } from '../kernel/ttl-cache.ts';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../kernel/access.ts';
import { describeRegion, listChildRegions, regionStats, type RegionFigures } from './service.ts';
import { onboardRegion } from './onboarding.ts';

const regionCode = z.string().regex(/^[0-9]{6}([0-9]{3})?$/, 'GB/T 2260 code: 6 digits, or 9 for a street');

const regionSchema = z.object({
  code: z.string(), name: z.string(), fullName: z.string(), level: z.number().int(), parentCode: z.string().nullable(), isTenant: z.boolean(),
});

const STATS_MAX_AGE_MS = 10_000;

const regionRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;
  // Region figures may be this many seconds old; the access check still runs on every request.
  const statsCache = createTtlCache<RegionFigures>(STATS_MAX_AGE_MS, platform.clock);

  app.get('/', {
    schema: {
      summary: 'Child regions of a parent (default: the provinces); public', tags: ['regions'],
      querystring: z.object({
        parent: regionCode.default('000000'), after: regionCode.optional().describe('last code of the previous page'),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: { 200: z.object({ items: z.array(regionSchema), nextAfter: z.string().nullable() }) },
    },
  }, async (request) => {
    const { parent, after, limit } = request.query;
    const items = await listChildRegions(platform.db, parent, { limit, afterCode: after });
    return { items, nextAfter: items.length === limit ? items[items.length - 1]!.code : null };
  });

  app.get('/:code', {
    schema: { summary: 'One region: names, level, parent, whether it is onboarded; public', tags: ['regions'], params: z.object({ code: regionCode }), response: { 200: regionSchema } },
  }, async (request) => describeRegion(platform.db, request.params.code));

  app.get('/:code/stats', {
    schema: {
      summary: 'Counts of residents, venues, organisations and staff in a region (region.stats)', tags: ['regions'],
      params: z.object({ code: regionCode }),
      response: { 200: z.object({ regionCode: z.string(), residents: z.number(), venues: z.number(), organisations: z.number(), staffAccounts: z.number(), countedAt: z.date() }) },
    },
  }, async (request) => regionStats(platform.db, request.actor, request.params.code, statsCache));

  app.post('/:code/onboard', {
    schema: {
      summary: 'Onboard a city: tenant, first admin account (password shown once), signing key (sysadmin)', tags: ['regions'],
      params: z.object({ code: regionCode }),
      body: z.object({ adminUsername: z.string().trim().min(3).max(40).optional() }).default({}),
      response: {
        201: z.object({ regionCode: z.string(), displayName: z.string(), adminUsername: z.string(), adminPassword: z.string(), signingKeyId: z.string() }),
      },
    },
  }, async (request, reply) => {
    const result = await onboardRegion(platform, requireActor(request.actor), request.params.code, { adminUsername: request.body?.adminUsername });
    // The password is in this response only: keep it out of every cache.
    return reply.status(201).header('cache-control', 'no-store').send(result);
  });
};

export default regionRoutes;
