/** Sign-in, sign-out, "who am I", staff accounts and the demo SMS outbox. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { clearSessionCookies, setSessionCookies, SESSION_COOKIE } from '../server/plugins/auth.ts';
import { meSchema, otpField, phoneField, roleGrantSchema } from './schemas.ts';
import { createStaffAccount, describeMe, listSmsOutbox } from './service.ts';
import { revokeSession } from './sessions.ts';
import { requestResidentCode, signInResident, signInStaff, type SignedIn } from './sign-in.ts';
import type { FastifyReply } from 'fastify';
import { requireActor } from '../kernel/access.ts';

const tenMinutes = 10 * 60_000;

const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  async function finishSignIn(reply: FastifyReply, signedIn: SignedIn) {
    setSessionCookies(reply, signedIn.token, signedIn.csrfToken, signedIn.expiresAt);
    const session = await platform.sessions.load(signedIn.token);
    return describeMe(platform, session?.actor, signedIn.csrfToken);
  }

  app.post('/auth/resident/code', {
    schema: { summary: 'Send a one-time sign-in code by SMS', tags: ['auth'], body: z.object({ phone: phoneField }), response: { 200: z.object({ expiresInSeconds: z.number() }) } },
    config: { skipCsrf: true, rateLimit: { max: 10, timeWindow: tenMinutes } },
  }, async (request) => requestResidentCode(platform, request.body.phone));

  app.post('/auth/resident/sign-in', {
    schema: { summary: 'Resident sign-in with phone and one-time code', tags: ['auth'], body: z.object({ phone: phoneField, code: otpField }), response: { 200: meSchema } },
    config: { skipCsrf: true, rateLimit: { max: 30, timeWindow: tenMinutes } },
  }, async (request, reply) => finishSignIn(reply, await signInResident(platform, request.body.phone, request.body.code)));

  app.post('/auth/staff/sign-in', {
    schema: {
      summary: 'Staff sign-in with username and password (and a one-time code when the account requires it)', tags: ['auth'],
      body: z.object({ username: z.string().trim().min(1).max(40), password: z.string().min(1).max(200), otp: otpField.optional() }),
      response: { 200: meSchema },
    },
    config: { skipCsrf: true, rateLimit: { max: 30, timeWindow: tenMinutes } },
  }, async (request, reply) => finishSignIn(reply, await signInStaff(platform, request.body.username, request.body.password, request.body.otp)));

  app.post('/auth/sign-out', {
    schema: { summary: 'Sign out (ends this session everywhere)', tags: ['auth'], response: { 204: z.null() } },
  }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      await revokeSession(platform, token);
      platform.sessions.forget(token);
    }
    clearSessionCookies(reply);
    return reply.status(204).send(null);
  });

  app.get('/me', {
    schema: { summary: 'The signed-in account, its roles and regions', tags: ['auth'], response: { 200: meSchema } },
  }, async (request) => describeMe(platform, request.actor, request.csrfToken ?? ''));

  app.post('/accounts/staff', {
    schema: {
      summary: 'Create a staff account (sysadmin)', tags: ['accounts'],
      body: z.object({
        username: z.string().trim().min(3).max(40), displayName: z.string().trim().min(1).max(40), password: z.string().min(10).max(200),
        phone: phoneField.optional(), otpRequired: z.boolean().optional(), roles: z.array(roleGrantSchema).min(1).max(20),
      }),
      response: { 201: z.object({ accountId: z.string() }) },
    },
  }, async (request, reply) => {
    const created = await createStaffAccount(platform, requireActor(request.actor), request.body);
    return reply.status(201).send(created);
  });

  app.get('/sms/outbox', {
    schema: {
      summary: 'Messages kept by the built-in demo SMS gateway (sysadmin)', tags: ['accounts'],
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), beforeId: z.coerce.number().int().positive().optional() }),
      response: { 200: z.object({ items: z.array(z.object({ id: z.number(), phoneMasked: z.string(), body: z.string(), createdAt: z.date() })), nextBeforeId: z.number().nullable() }) },
    },
  }, async (request) => {
    const items = await listSmsOutbox(platform, request.actor, request.query);
    return { items, nextBeforeId: items.length === request.query.limit ? items[items.length - 1]!.id : null };
  });
};

export default accountRoutes;
