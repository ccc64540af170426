/** Placeholder: filled by the export work of the tracing issue (registered in src/server/capabilities.ts at /api/tracing). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

const exportRoutes: FastifyPluginAsyncZod = async () => {};

export default exportRoutes;
