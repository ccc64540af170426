/**
 * POST /api/codes/check: a guard's scanner asks for the live verdict on a scanned code. Registered
 * with prefix /api/codes. The token travels in the body, never in a URL (URLs reach access logs).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { COLOURS, TOKEN_KINDS } from '../token/model.ts';
import { VERIFY_OUTCOMES } from '../token/verify.ts';
import { checkToken } from './service.ts';

const colour = z.enum(COLOURS).nullable();
const checkResultSchema = z.object({
  outcome: z.enum(VERIFY_OUTCOMES),
  message: z.object({ zh: z.string(), en: z.string() }),
  issuer: z.string().nullable(),
  kind: z.enum(TOKEN_KINDS).nullable(),
  maskedName: z.string().nullable(),
  tokenColour: colour,
  liveColour: colour,
  liveSince: z.date().nullable(),
  colour,
  expiresAt: z.date().nullable(),
  checkedAt: z.date(),
});

const checkpointRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;
  app.post('/check', {
    schema: {
      summary: 'Verify a scanned health code and return the live colour (guards and staff at gates; audited)', tags: ['codes'],
      body: z.object({ token: z.string().min(1).max(4096) }),
      response: { 200: checkResultSchema },
    },
  }, async (request) => checkToken(platform, request.actor, request.body.token));
};

export default checkpointRoutes;
