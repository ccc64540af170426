/** Notices (疫情通知) under /api/notices: staff publish, read receipts and DING; residents read and confirm theirs under /mine. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ACTION_LINK_MAX, BODY_MAX, LINK_MAX, NOTICE_KINDS, RECIPIENT_STATES, TITLE_MAX } from './model.ts';
import {
  confirmNotice, dingNotice, listMyNotices, listRecipients, listStaffNotices, myUnreadCount, openNotice, publishNotice, publishOptions, readStaffNotice,
} from './service.ts';

const staffNoticeSchema = z.object({
  id: z.string(), audienceKind: z.enum(['region', 'organisation', 'persons']).describe('persons: listed persons of the organisation (system notices such as the daily check-in reminder)'), regionCode: z.string(), targetRegionCodes: z.array(z.string()),
  organisationId: z.string().nullable(), unitIds: z.array(z.string()).nullable(), title: z.string(), body: z.string(), link: z.string().nullable(),
  actionLink: z.string().nullable().describe('In-app action, a relative /m/ path'), askConfirm: z.boolean(),
  kind: z.enum(NOTICE_KINDS).describe('staff: published by a staff member; daily_reminder: the daily check-in reminder, sent on the organisation\'s behalf'),
  day: z.string().nullable().describe('The day a system notice is for (YYYY-MM-DD, Asia/Shanghai)'), senderLabel: z.string(), sentByMe: z.boolean(), status: z.enum(['fanning_out', 'published']).describe('fanning_out: recipients still being recorded'),
  recipientCount: z.number().int(), createdAt: z.date(), publishedAt: z.date().nullable(),
});
const detailSchema = staffNoticeSchema.extend({
  counts: z.object({ total: z.number().int(), read: z.number().int(), unread: z.number().int(), confirmed: z.number().int() }),
  canDing: z.boolean(), lastDingAt: z.date().nullable(), nextDingAt: z.date().nullable(),
});
const recipientSchema = z.object({
  personId: z.string(), nameMasked: z.string(), homeRegionCode: z.string(), readAt: z.date().nullable(), confirmedAt: z.date().nullable(), lastDingedAt: z.date().nullable(),
});
const residentNoticeSchema = z.object({
  id: z.string(), personId: z.string(), forDependant: z.string().nullable().describe('Masked name of the dependant it is addressed to'), title: z.string(), excerpt: z.string(),
  senderLabel: z.string(), askConfirm: z.boolean(), createdAt: z.date(), readAt: z.date().nullable(), confirmedAt: z.date().nullable(),
});
const residentDetailSchema = residentNoticeSchema.extend({
  body: z.string(), link: z.string().nullable(), kind: z.enum(NOTICE_KINDS),
  actionLink: z.string().nullable().describe('In-app action for this recipient: a /m/ path with ?personId= (e.g. the daily check-in form)'),
});
const idParams = z.object({ id: z.string().max(64) });
const personBody = z.object({ personId: z.string().max(64).optional().describe('Myself or a bound dependant; omitted: the first of us the notice is addressed to') });
const audienceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('region'), regionCodes: z.array(z.string().max(12)).max(50) }),
  z.object({ kind: z.literal('organisation'), organisationId: z.string().max(64), unitIds: z.array(z.string().max(64)).max(200).optional() }),
]);

const noticeRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  app.post('/', {
    schema: {
      summary: 'Publish a notice to regions (officials, community workers) or an organisation and its units (org_admins); audited', tags: ['notices'],
      body: z.object({
        title: z.string().max(TITLE_MAX * 2), body: z.string().max(BODY_MAX * 2).describe(`Plain text, at most ${BODY_MAX} characters`),
        askConfirm: z.boolean().default(false), link: z.string().max(LINK_MAX).nullable().optional(),
        actionLink: z.string().max(ACTION_LINK_MAX).nullable().optional().describe('In-app action: a relative /m/ path such as /m/daily'), audience: audienceSchema,
      }),
      response: { 201: staffNoticeSchema },
    },
  }, async (request, reply) => reply.status(201).send(await publishNotice(platform, request.actor, request.body)));

  app.get('/', {
    schema: {
      summary: 'Notices I may see (my regions, my organisations), newest first, searchable by title and body (keyset)', tags: ['notices'],
      querystring: z.object({ q: z.string().max(100).optional(), after: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }),
      response: { 200: z.object({ items: z.array(staffNoticeSchema), next: z.string().nullable() }) },
    },
  }, async (request) => listStaffNotices(platform, request.actor, request.query));

  app.get('/options', {
    schema: {
      summary: 'What I may publish to: my regions and the organisations I administer with their units', tags: ['notices'],
      response: { 200: z.object({ regions: z.array(z.object({ code: z.string(), name: z.string() })), organisations: z.array(z.object({ id: z.string(), name: z.string(), units: z.array(z.object({ id: z.string(), name: z.string(), parentId: z.string().nullable(), kind: z.string() })) })) }) },
    },
  }, async (request) => publishOptions(platform, request.actor));

  app.get('/mine', {
    schema: {
      summary: 'My notices and those addressed to my dependants, newest first, with the unread count', tags: ['notices'],
      querystring: z.object({ after: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }),
      response: { 200: z.object({ items: z.array(residentNoticeSchema), next: z.string().nullable(), unread: z.number().int() }) },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return listMyNotices(platform, request.actor, request.query);
  });

  app.get('/mine/unread', {
    schema: { summary: 'How many of my (and my dependants\') notices are unread (the badge)', tags: ['notices'], response: { 200: z.object({ unread: z.number().int() }) } },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return { unread: await myUnreadCount(platform, request.actor) };
  });

  app.post('/mine/:id/open', {
    schema: { summary: 'Open a notice: the read receipt is recorded at the first open', tags: ['notices'], params: idParams, body: personBody, response: { 200: residentDetailSchema } },
  }, async (request) => openNotice(platform, request.actor, request.params.id, request.body.personId));

  app.post('/mine/:id/confirm', {
    schema: { summary: 'Confirm 收到 (when the notice asks for it)', tags: ['notices'], params: idParams, body: personBody, response: { 200: residentDetailSchema } },
  }, async (request) => confirmNotice(platform, request.actor, request.params.id, request.body.personId));

  app.get('/:id', {
    schema: { summary: 'A notice with its read / unread / confirmed counts', tags: ['notices'], params: idParams, response: { 200: detailSchema } },
  }, async (request) => readStaffNotice(platform, request.actor, request.params.id));

  app.get('/:id/recipients', {
    schema: {
      summary: 'Recipients by state with masked names (keyset by person id)', tags: ['notices'], params: idParams,
      querystring: z.object({ state: z.enum(RECIPIENT_STATES).default('all'), after: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: { 200: z.object({ items: z.array(recipientSchema), next: z.string().nullable() }) },
    },
  }, async (request) => listRecipients(platform, request.actor, request.params.id, request.query));

  app.post('/:id/ding', {
    schema: {
      summary: 'Re-notify the unread by SMS (DING): once per notice per hour, audited', tags: ['notices'], params: idParams,
      response: { 202: z.object({ dingId: z.string(), unread: z.number().int(), nextDingAt: z.date() }) },
    },
  }, async (request, reply) => reply.status(202).send(await dingNotice(platform, request.actor, request.params.id)));
};

export default noticeRoutes;
