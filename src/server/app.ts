/**
 * Assembles the HTTP server: shared infrastructure first (errors, security headers, auth, rate
 * limits, metrics, OpenAPI), then each capability as an encapsulated plugin under its prefix.
 * `buildApp` does not listen: the CLI's serve command does, tests use `app.inject()`.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import './types.ts';
import type { Platform } from './platform.ts';
import errorsPlugin from './plugins/errors.ts';
import securityHeaders from './plugins/security-headers.ts';
import authPlugin from './plugins/auth.ts';
import rateLimitPlugin from './plugins/rate-limit.ts';
import metricsPlugin from './plugins/metrics.ts';
import webPlugin from './plugins/web.ts';
import healthRoutes from './health-routes.ts';
import accountRoutes from '../accounts/routes.ts';
import auditRoutes from '../audit/routes.ts';
import { capabilityRoutes } from './capabilities.ts';

export interface BuildAppOptions {
  /** pino logger options, or false to stay quiet (tests). */
  logger?: boolean | object;
  /** A ready pino logger (tests capture what would be logged). */
  loggerInstance?: FastifyBaseLogger;
  serveWeb?: boolean;
}

/** Never log these: personal data and secrets. */
export const LOG_REDACT = [
  'req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]',
  '*.phone', '*.idNumber', '*.code', '*.otp', '*.password', '*.name',
];

export async function buildApp(platform: Platform, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const logger = options.logger === undefined || options.logger === true
    ? { level: platform.config.logLevel, redact: { paths: LOG_REDACT, censor: '[redacted]' } }
    : options.logger;
  const app = Fastify({
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger }),
    bodyLimit: platform.config.bodyLimitBytes,
    trustProxy: true,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('platform', platform);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorsPlugin);
  await app.register(securityHeaders);
  await app.register(authPlugin);
  await app.register(rateLimitPlugin);
  await app.register(metricsPlugin);
  await app.register(swagger, {
    openapi: {
      info: { title: 'fangyi 防疫 API', version: '0.1.0', description: 'Errors: `{ code, zh, en, details?, requestId }` — codes in docs/errors.md' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'fy_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  await app.register(healthRoutes);
  await app.register(accountRoutes, { prefix: '/api' });
  await app.register(auditRoutes, { prefix: '/api/audit' });
  for (const { plugin, prefix } of capabilityRoutes) await app.register(plugin, { prefix });
  if (options.serveWeb !== false) await app.register(webPlugin);
  await app.ready();
  return app;
}
