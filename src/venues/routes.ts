/**
 * Venues under /api/venues: registration, lists, approval, edits, token rotation, posters and QR
 * downloads, the daily screen code, staff bindings, Excel import. HTML pages carry their own CSP
 * (no script). The import takes the .xlsx file itself as the request body (no multipart).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { venueFail } from './errors.ts';
import { importVenues, venueImportTemplate, XLSX_TYPE } from './import-service.ts';
import { CHECKIN_MODES, CODE_MODES, VENUE_KINDS, VENUE_STATUSES } from './model.ts';
import { POSTER_CSP, SCREEN_CSP } from './poster.ts';
import { currentScreenCode, renderVenuePoster, renderVenueScreen, venueLinkBase, venuePosterLink, venueQr } from './poster-service.ts';
import { decideVenue, getVenue, listVenues, registerVenue, resolveVenueToken, rotateVenueToken, updateVenue } from './service.ts';
import { bindVenueStaff, listVenueStaff, unbindVenueStaff } from './staff-service.ts';

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

const venueSchema = z.object({
  id: z.string(), number: z.string(), regionCode: z.string(), name: z.string(), kind: z.enum(VENUE_KINDS), address: z.string(),
  latitude: z.number().nullable(), longitude: z.number().nullable(), geofenceRadiusM: z.number().nullable(), openingHours: z.string().nullable(),
  defaultStayMinutes: z.number(), checkinMode: z.enum(CHECKIN_MODES), codeMode: z.enum(CODE_MODES), status: z.enum(VENUE_STATUSES),
  rejectReason: z.string().nullable(), tokenVersion: z.number(), synthetic: z.boolean(), createdAt: z.date(), decidedAt: z.date().nullable(),
  regionName: z.string(),
});
const venueViewSchema = venueSchema.extend({
  myRelation: z.enum(['admin', 'guard', 'official']).nullable(), canManage: z.boolean(), canDecide: z.boolean(),
});
// Loose types here: the model checks ranges and lengths and names every field that fails (VENUE_INPUT_INVALID).
const inputFields = {
  name: z.string().max(200), kind: z.string().max(40).describe(VENUE_KINDS.join(' | ')), address: z.string().max(400),
  regionCode: z.string().max(12).describe('GB/T 2260, 6 or 9 digits, within your area'),
  latitude: z.number().nullable().optional().describe('WGS-84'), longitude: z.number().nullable().optional().describe('WGS-84'),
  geofenceRadiusM: z.number().nullable().optional().describe('50–5000 m, needs coordinates; default 200'),
  openingHours: z.string().max(400).nullable().optional().describe('free text, ≤ 200 characters'),
  defaultStayMinutes: z.number().nullable().optional().describe('5–1440; default by kind'),
  checkinMode: z.enum(CHECKIN_MODES).optional().describe('confirm: one tap 登记; auto: checked in on scan'),
  codeMode: z.enum(CODE_MODES).optional().describe('static poster or daily code on a screen'),
};
const registerBody = z.object(inputFields);
const patchBody = z.object(inputFields).partial();
const idParams = z.object({ id: z.string().max(64) });
const reasonBody = z.object({ reason: z.string().max(500) });
const staffSchema = z.object({ accountId: z.string(), username: z.string().nullable(), displayName: z.string(), role: z.enum(['admin', 'guard']), addedAt: z.date() });

const venueRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  // The .xlsx upload: its bytes are the body (only inside this plugin).
  app.addContentTypeParser([XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_request, body, done) => done(null, body));

  app.post('/', {
    schema: {
      summary: 'Register a venue in your area (venue_admin): pending until a community worker or health official of the area approves it; audited',
      tags: ['venues'], body: registerBody, response: { 201: venueViewSchema },
    },
  }, async (request, reply) => reply.status(201).send(await registerVenue(platform, request.actor, request.body as Parameters<typeof registerVenue>[2])));

  app.get('/', {
    schema: {
      summary: 'Venues: scope=mine — those I administer or guard; scope=region — those of my area (officials). Keyset by venue number',
      tags: ['venues'],
      querystring: z.object({
        scope: z.enum(['mine', 'region']).default('mine'), status: z.enum(VENUE_STATUSES).optional(), q: z.string().max(60).optional(),
        after: z.string().max(40).optional().describe('the previous page\'s `next`'), limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { 200: z.object({ items: z.array(venueSchema), next: z.string().nullable() }) },
    },
  }, async (request) => listVenues(platform, request.actor, { ...request.query, search: request.query.q }));

  app.get('/by-token/:token', {
    schema: {
      summary: 'What a scanned venue code names (public: what the poster shows) — for the /v/ page before checking in',
      tags: ['venues'], params: z.object({ token: z.string().max(100) }),
      response: { 200: z.object({ id: z.string(), name: z.string(), kind: z.enum(VENUE_KINDS), number: z.string(), regionCode: z.string(), autoCheckin: z.boolean() }) },
    },
  }, async (request, reply) => {
    const venue = await resolveVenueToken(platform, request.params.token);
    reply.header('cache-control', 'no-store');
    return { id: venue.id, name: venue.name, kind: venue.kind, number: venue.number, regionCode: venue.regionCode, autoCheckin: venue.autoCheckin };
  });

  app.get('/link-base', {
    schema: {
      summary: 'What every venue code of this installation starts with (<public URL>/v/; public) — for the resident app\'s scanner',
      tags: ['venues'], response: { 200: z.object({ url: z.string() }) },
    },
  }, async () => venueLinkBase(platform));

  app.get('/import/template', {
    schema: { summary: 'The Excel template for importing venues (Chinese headers, drop-downs, instructions)', tags: ['venues'] },
  }, async (request, reply) => {
    const file = await venueImportTemplate(request.actor);
    return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="venues-template.xlsx"; filename*=UTF-8''${encodeURIComponent('场所导入模板.xlsx')}`)
      .send(file);
  });

  app.post('/import', {
    bodyLimit: MAX_IMPORT_BYTES,
    schema: {
      summary: `Import venues from the filled-in template (body: the .xlsx file, content-type ${XLSX_TYPE}; community_worker). All or nothing: 422 VENUE_IMPORT_ROWS_INVALID with details.errors [{ row, column, code, zh, en }]; imported venues are approved at once; audited`,
      tags: ['venues'],
      response: {
        200: z.object({ imported: z.number(), venues: z.array(z.object({ row: z.number(), id: z.string(), number: z.string(), name: z.string() })) }),
      },
    },
  }, async (request) => {
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw venueFail('VENUE_IMPORT_FILE_INVALID');
    return importVenues(platform, request.actor, request.body);
  });

  app.get('/:id', {
    schema: { summary: 'One venue (its staff and the officials of its area)', tags: ['venues'], params: idParams, response: { 200: venueViewSchema } },
  }, async (request) => getVenue(platform, request.actor, request.params.id));

  app.patch('/:id', {
    schema: {
      summary: 'Change a venue\'s details (its admins, officials of its area); an edited rejected venue is pending again; audited',
      tags: ['venues'], params: idParams, body: patchBody, response: { 200: venueViewSchema },
    },
  }, async (request) => updateVenue(platform, request.actor, request.params.id, request.body as Parameters<typeof updateVenue>[3]));

  app.post('/:id/approve', {
    schema: { summary: 'Approve a pending (or reinstate a suspended) venue of your area (venue.approve; not your own); audited', tags: ['venues'], params: idParams, response: { 200: venueViewSchema } },
  }, async (request) => decideVenue(platform, request.actor, request.params.id, 'approve'));

  app.post('/:id/reject', {
    schema: { summary: 'Reject a pending venue of your area with a reason (venue.approve); audited', tags: ['venues'], params: idParams, body: reasonBody, response: { 200: venueViewSchema } },
  }, async (request) => decideVenue(platform, request.actor, request.params.id, 'reject', request.body.reason));

  app.post('/:id/suspend', {
    schema: { summary: 'Suspend an approved venue of your area with a reason: its codes stop working (venue.approve); audited', tags: ['venues'], params: idParams, body: reasonBody, response: { 200: venueViewSchema } },
  }, async (request) => decideVenue(platform, request.actor, request.params.id, 'suspend', request.body.reason));

  app.post('/:id/rotate', {
    schema: {
      summary: 'Replace the venue code: every poster and screen code so far stops working (VENUE_TOKEN_ROTATED); audited',
      tags: ['venues'], params: idParams, response: { 200: z.object({ tokenVersion: z.number() }) },
    },
  }, async (request) => rotateVenueToken(platform, request.actor, request.params.id));

  app.get('/:id/poster', {
    schema: { summary: 'The print-ready A4 poster (HTML, QR as inline SVG) of an approved static-code venue', tags: ['venues'], params: idParams },
  }, async (request, reply) => {
    const html = await renderVenuePoster(platform, request.actor, request.params.id);
    return reply.header('content-security-policy', POSTER_CSP).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  });

  app.get('/:id/poster-link', {
    schema: { summary: 'The URL the poster\'s QR holds', tags: ['venues'], params: idParams, response: { 200: z.object({ url: z.string(), tokenVersion: z.number() }) } },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return venuePosterLink(platform, request.actor, request.params.id);
  });

  for (const format of ['png', 'svg'] as const) {
    app.get(`/:id/qr.${format}`, {
      schema: { summary: `The poster's QR as ${format.toUpperCase()} (download)`, tags: ['venues'], params: idParams },
    }, async (request, reply) => {
      const { body, number } = await venueQr(platform, request.actor, request.params.id, format);
      return reply.type(format === 'png' ? 'image/png' : 'image/svg+xml').header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="venue-${number}.${format}"`).send(body);
    });
  }

  app.get('/:id/screen-code', {
    schema: {
      summary: 'Today\'s code of a daily-code venue (its staff and officials); valid until 5 minutes after midnight',
      tags: ['venues'], params: idParams,
      response: { 200: z.object({ token: z.string(), url: z.string(), day: z.string(), validUntil: z.date(), refreshAt: z.date() }) },
    },
  }, async (request, reply) => {
    const { token, url, day, validUntil, refreshAt } = await currentScreenCode(platform, request.actor, request.params.id);
    reply.header('cache-control', 'no-store');
    return { token, url, day, validUntil, refreshAt };
  });

  app.get('/:id/screen', {
    schema: { summary: 'Full-screen page of today\'s code; reloads itself after midnight (HTML, no script)', tags: ['venues'], params: idParams },
  }, async (request, reply) => {
    const html = await renderVenueScreen(platform, request.actor, request.params.id);
    return reply.header('content-security-policy', SCREEN_CSP).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  });

  app.get('/:id/staff', {
    schema: { summary: 'Who is bound to the venue: administrators and guards', tags: ['venues'], params: idParams, response: { 200: z.object({ items: z.array(staffSchema) }) } },
  }, async (request) => ({ items: await listVenueStaff(platform, request.actor, request.params.id) }));

  app.post('/:id/staff', {
    schema: {
      summary: 'Bind a guard (or another venue admin) to the venue by username; the account must hold that role for the venue\'s region; audited',
      tags: ['venues'], params: idParams, body: z.object({ username: z.string().max(60), role: z.enum(['admin', 'guard']).default('guard') }),
      response: { 200: staffSchema },
    },
  }, async (request) => bindVenueStaff(platform, request.actor, request.params.id, request.body));

  app.delete('/:id/staff/:accountId', {
    schema: {
      summary: 'Unbind an account from the venue (not its last administrator); audited', tags: ['venues'],
      params: z.object({ id: z.string().max(64), accountId: z.string().max(64) }), response: { 200: z.object({ removed: z.boolean() }) },
    },
  }, async (request) => unbindVenueStaff(platform, request.actor, request.params.id, request.params.accountId));
};

export default venueRoutes;
