import type { Actor } from '../kernel/access.ts';
import type { Platform } from './platform.ts';

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform;
  }
  interface FastifyRequest {
    actor: Actor | undefined;
    csrfToken: string | undefined;
  }
  interface FastifyContextConfig {
    /** Route may be called with a session but without the CSRF header (safe by construction). */
    skipCsrf?: boolean;
  }
}
