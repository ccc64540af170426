/**
 * Serves the built web apps: the resident H5 app at /m/ and the admin console at /admin/, each a
 * single-page app (unknown paths below them get their index.html). Built by `npm run build:web`.
 * /v/<token> — what a venue poster's QR holds, kept short for a small QR — is answered with the
 * resident app's page itself (no redirect: one round trip fewer at the door); its router shows
 * the check-in page and rewrites the address to /m/v/<token>. Venue tokens carry no personal data.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export default fp(async (app) => {
  if (!existsSync(WEB_DIST)) {
    app.log.warn(`web apps not built (${WEB_DIST} missing): run npm run build:web`);
    return;
  }
  // preCompressed: .br/.gz files written at build time (scripts/precompress-web.mjs) are sent when the browser accepts them.
  await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false, index: false, maxAge: '1h', preCompressed: true });
  // The H5 service worker: scope /m/ and never served from an HTTP cache, so an update reaches every phone.
  app.get('/m/sw.js', { schema: { hide: true } }, async (_req, reply) => reply.header('service-worker-allowed', '/m/').header('cache-control', 'no-cache').sendFile('sw.js', { maxAge: 0 }));
  for (const appName of ['m', 'admin']) {
    const spa = async (_req: unknown, reply: { header: (k: string, v: string) => unknown; sendFile: (f: string, o?: object) => unknown }) => {
      reply.header('cache-control', 'no-cache');
      return reply.sendFile(`${appName}/index.html`, { maxAge: 0 });
    };
    app.get(`/${appName}`, { schema: { hide: true } }, async (_req, reply) => reply.redirect(`/${appName}/`));
    app.get(`/${appName}/`, { schema: { hide: true } }, spa as never);
    app.get(`/${appName}/*`, { schema: { hide: true } }, async (request, reply) => {
      const rest = (request.params as { '*': string })['*'];
      if (rest.includes('.') && existsSync(path.join(WEB_DIST, appName, rest))) return reply.sendFile(`${appName}/${rest}`);
      return spa(request, reply as never);
    });
  }
  app.get('/v/:token', { schema: { hide: true } }, async (_req, reply) => reply.header('cache-control', 'no-cache').sendFile('m/index.html', { maxAge: 0 }));
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/m/'));
}, { name: 'fangyi-web' });
