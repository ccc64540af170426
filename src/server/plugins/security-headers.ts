/**
 * Security headers from helmet, computed once at start instead of per request (the Fastify
 * wrapper rebuilds helmet's middleware, CSP parsing included, on every request — a third of the
 * cost of a cheap API read; docs/decisions/0004-security-headers.md). Pages get a CSP fit for our
 * Vite builds and the camera; JSON API responses get the short CSP recommended for APIs.
 * Routes that need their own CSP (Swagger UI) overwrite the header themselves.
 */
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

type HeaderMap = Record<string, string>;

/** Runs helmet's middleware once against a recording response and keeps the headers it sets. */
export function helmetHeaders(options: Readonly<HelmetOptions>): HeaderMap {
  const headers: HeaderMap = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => { headers[name.toLowerCase()] = String(value); },
    removeHeader: () => undefined,
  };
  helmet(options)({} as never, recorder as never, () => undefined);
  return headers;
}

export const PAGE_HEADERS = helmetHeaders({
  contentSecurityPolicy: {
    directives: {
      // Camera scanning and media streams for /scan; images from data: URLs for QR codes.
      'img-src': ["'self'", 'data:', 'blob:'],
      'media-src': ["'self'", 'blob:'],
      'worker-src': ["'self'", 'blob:'],
    },
  },
});

/** JSON is never rendered: keep what protects it (no sniffing, no cross-origin reads, no framing, HTTPS). */
export const API_HEADERS = helmetHeaders({
  contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] } },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
});

export default fp(async (app) => {
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(request.url.startsWith('/api/') ? API_HEADERS : PAGE_HEADERS);
  });
}, { name: 'fangyi-security-headers' });
