/**
 * Each capability's routes and the prefix it lives under. A new capability adds one line here.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const capabilityRoutes: { plugin: FastifyPluginAsyncZod; prefix: string }[] = [];
