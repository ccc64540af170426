/** Placeholder: filled by the import work of the tracing issue (registered in src/server/capabilities.ts at /api/tracing). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const importRoutes: FastifyPluginAsyncZod = async () => {};

export default importRoutes;
