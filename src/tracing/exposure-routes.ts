/** Placeholder: filled by the exposure work of the tracing issue (registered in src/server/capabilities.ts at /api/tracing). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const exposureRoutes: FastifyPluginAsyncZod = async () => {};

export default exposureRoutes;
