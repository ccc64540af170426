/**
 * Each capability's routes and the prefix it lives under. A new capability adds one line here.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import regionRoutes from '../regions/routes.ts';
import peopleRoutes from '../people/routes.ts';

export const capabilityRoutes: { plugin: FastifyPluginAsyncZod; prefix: string }[] = [
  { plugin: regionRoutes, prefix: '/api/regions' },
  { plugin: peopleRoutes, prefix: '/api/people' },
];
