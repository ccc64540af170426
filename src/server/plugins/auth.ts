/**
 * Who is asking: the session cookie becomes `request.actor` (or undefined). Requests that change
 * something while signed in must echo the session's CSRF token in `x-csrf-token` (double submit:
 * the token is also readable by the page from the `fy_csrf` cookie and from /api/me).
 */
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import { kernelFail } from '../../kernel/errors.ts';

export const SESSION_COOKIE = 'fy_session';
export const CSRF_COOKIE = 'fy_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function setSessionCookies(reply: FastifyReply, token: string, csrfToken: string, expiresAt: Date): void {
  const secure = reply.request.protocol === 'https';
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
  reply.setCookie(CSRF_COOKIE, csrfToken, { path: '/', httpOnly: false, sameSite: 'lax', secure, expires: expiresAt });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

export default fp(async (app) => {
  await app.register(cookie);
  app.decorateRequest('actor', undefined);
  app.decorateRequest('csrfToken', undefined);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await app.platform.sessions.load(token);
    if (!session) return;
    if (!SAFE_METHODS.has(request.method) && !request.routeOptions.config?.skipCsrf) {
      const sent = request.headers['x-csrf-token'];
      if (sent !== session.csrfToken) throw kernelFail('CSRF_TOKEN_INVALID');
    }
    request.actor = session.actor;
    request.csrfToken = session.csrfToken;
  });
}, { name: 'fangyi-auth', dependencies: ['fangyi-errors'] });
