/**
 * Public trust data: the signed trust list other installations import, and the trust store
 * (local and imported keys, revocations) the /scan page caches for offline checks. Both are only
 * public keys and token ids, and may be a minute old. Registered with prefix ''.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../kernel/access.ts';
import { createTtlCache } from '../../kernel/ttl-cache.ts';
import type { TrustStoreJson } from '../token/trust-store.ts';
import { buildSignedTrustList, loadTrustStoreJson, revokeToken, type SignedTrustList } from './service.ts';

const MAX_AGE_SECONDS = 60;

const trustListRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;
  const lists = createTtlCache<SignedTrustList>(MAX_AGE_SECONDS * 1000, platform.clock, 1);
  const stores = createTtlCache<TrustStoreJson>(MAX_AGE_SECONDS * 1000, platform.clock, 1);

  app.get('/.well-known/fangyi-trust-list.json', {
    schema: { summary: 'This installation\'s signed trust list: issuers\' token keys, validity, revoked token ids; public', tags: ['codes'] },
  }, async (_request, reply) => {
    const { value } = await lists.getOrLoad('list', () => buildSignedTrustList(platform));
    return reply.header('cache-control', `public, max-age=${MAX_AGE_SECONDS}`).send(value);
  });

  app.get('/api/codes/trust-store', {
    schema: { summary: 'Local and imported token keys and revocations, for offline verification (cache up to validUntil); public', tags: ['codes'] },
  }, async (_request, reply) => {
    const { value } = await stores.getOrLoad('store', () => loadTrustStoreJson(platform.db, platform.clock.now()));
    return reply.header('cache-control', `public, max-age=${MAX_AGE_SECONDS}`).send(value);
  });

  app.post('/api/codes/revocations', {
    schema: {
      summary: 'Revoke a printed code (关爱码) by its token id (code.revoke); verifiers learn it with the trust list', tags: ['codes'],
      body: z.object({
        regionCode: z.string().regex(/^[1-9][0-9]{5}$/), tokenId: z.string().regex(/^([0-9a-f]{2}){1,16}$/),
        expiresAt: z.coerce.date(), reason: z.string().trim().min(1).max(500),
      }),
      response: { 200: z.object({ revoked: z.boolean() }) },
    },
  }, async (request) => {
    const result = await revokeToken(platform, requireActor(request.actor), request.body);
    lists.clear();
    stores.clear();
    return result;
  });
};

export default trustListRoutes;
