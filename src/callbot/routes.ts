/**
 * The screening-call robot (智能外呼) at /api/callbot: script templates and versions, campaigns
 * (create, callees by import or registry selection, start / pause / resume / stop, progress, the
 * masked callee list), chat links and the chat channel's turns, the do-not-call list. The
 * results part (reports, exports, follow-up tasks) registers its routes from results-routes.ts.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CALL_RESULTS } from './dialogue/model.ts';
import { DIAL_OUTCOMES } from './channels/channel.ts';
import { createChatLink, replyChat, startChat } from './channels/chat.ts';
import { callbotFail } from './errors.ts';
import { listCalleeAttempts } from './campaigns/attempts-service.ts';
import { addDnc, listDnc, removeDnc } from './campaigns/dnc-service.ts';
import { importCallees, selectCallees } from './campaigns/import-service.ts';
import { CALLEE_STATUSES, CAMPAIGN_CHANNELS, CAMPAIGN_STATUSES, MAX_IMPORT_BYTES, REGISTRY_SOURCES } from './campaigns/model.ts';
import { boundaryOf, multipartFile } from './campaigns/multipart.ts';
import { availableChannels, campaignProgress, changeCampaignStatus, createCampaign, getCampaign, listCallees, listCampaigns } from './campaigns/service.ts';
import { createScript, getScript, listScripts, listTemplates } from './campaigns/scripts-service.ts';
import { callbotRuntime } from './campaigns/runtime.ts';
import resultsRoutes from './results-routes.ts';

const TAGS = ['callbot'];
const idParams = z.object({ id: z.string().max(64) });
const yesNo = z.enum(['yes', 'no', 'unsure']).optional();
const slotsSchema = z.object({
  identity: yesNo, in_town: yesNo, fever: yesNo, cough: yesNo, diarrhea: yesNo, fatigue: yesNo, breathing: yesNo, travel: yesNo, contact: yesNo, temperature: z.number().optional(),
});
const page = { cursor: z.string().max(400).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) };
const windowSchema = z.object({ start: z.string().max(5).describe('HH:MM, Asia/Shanghai'), end: z.string().max(5).describe('HH:MM, exclusive') });
const countsSchema = z.object({
  total: z.number(), pending: z.number(), dialling: z.number(), done: z.number(), cancelled: z.number(), dialled: z.number(),
  normal: z.number(), abnormal: z.number(), needsChecking: z.number(), notReached: z.number(), refused: z.number(),
});
const campaignSchema = z.object({
  id: z.string(), name: z.string(), regionCode: z.string(), regionName: z.string(), scriptId: z.string(), channel: z.enum(CAMPAIGN_CHANNELS), status: z.enum(CAMPAIGN_STATUSES),
  windows: z.array(windowSchema), attemptsPerDay: z.number(), retryIntervalMinutes: z.number(), endsOn: z.string(), variables: z.record(z.string(), z.string()),
  createdAt: z.date(), startedAt: z.date().nullable(), pausedAt: z.date().nullable(), stoppedAt: z.date().nullable(), completedAt: z.date().nullable(),
  script: z.object({ id: z.string(), key: z.string(), version: z.number(), name: z.string() }), counts: countsSchema,
});
const scriptSummarySchema = z.object({ id: z.string(), key: z.string(), version: z.number(), name: z.string(), regionCode: z.string(), createdAt: z.date() });
const anyScript = z.any().describe('A Script (src/callbot/dialogue/model.ts)');
const addedSchema = { accepted: z.number(), merged: z.number().describe('Rows whose number was already in the file or the campaign'), dnc: z.number().describe('Numbers on the do-not-call list (not added)') };
const rejectedSchema = z.object({ row: z.number(), code: z.string(), message: z.object({ zh: z.string(), en: z.string() }) });
const chatAnswerSchema = z.object({ say: z.array(z.string()), done: z.boolean(), turn: z.number(), result: z.enum(CALL_RESULTS).optional() });
const dncSchema = z.object({ id: z.string(), maskedPhone: z.string(), regionCode: z.string(), source: z.enum(['callee', 'staff', 'import']), addedAt: z.date() });
const tokenParams = z.object({ token: z.string().max(100) });
const chatLimit = { rateLimit: { max: 120, timeWindow: 60_000 } };

const callbotRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;
  const runtime = callbotRuntime(platform);
  const deps = { ...platform, understand: runtime.understand, kickDialer: runtime.kickDialer };
  await app.register(resultsRoutes);

  // The import's file: the bytes themselves, or a multipart form with one file (only inside this plugin).
  const raw = (_request: unknown, body: Buffer, done: (e: Error | null, b?: Buffer) => void) => done(null, body);
  app.addContentTypeParser(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream', 'text/csv', 'multipart/form-data'], { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, raw);

  app.get('/templates', {
    schema: {
      summary: 'Bundled script templates (话术模板) with the id of their stored version 1', tags: TAGS,
      response: { 200: z.array(z.object({ key: z.string(), name: z.string(), description: z.string(), scriptId: z.string(), script: anyScript })) },
    },
  }, async (request) => listTemplates(deps, request.actor));

  app.get('/scripts', {
    schema: { summary: 'Script versions of my regions and the bundled ones, newest first (keyset)', tags: TAGS, querystring: z.object(page), response: { 200: z.object({ items: z.array(scriptSummarySchema), next: z.string().nullable() }) } },
  }, async (request) => listScripts(deps, request.actor, request.query));

  app.get('/scripts/:id', {
    schema: { summary: 'One script version', tags: TAGS, params: idParams, response: { 200: scriptSummarySchema.extend({ script: anyScript }) } },
  }, async (request) => getScript(deps, request.actor, request.params.id));

  app.post('/scripts', {
    schema: {
      summary: 'Save a script: validated, stored as version 1 of a new key or the next version of its key (versions are immutable); audited', tags: TAGS,
      body: z.object({ script: z.unknown(), regionCode: z.string().max(12).optional() }), response: { 201: scriptSummarySchema.extend({ script: anyScript }) },
    },
  }, async (request, reply) => reply.status(201).send(await createScript(deps, request.actor, request.body)));

  app.get('/channels', {
    schema: {
      summary: 'The channels a new campaign may use here: 电话外呼 (sip) only when a SIP trunk is configured', tags: TAGS,
      response: { 200: z.array(z.object({ channel: z.enum(CAMPAIGN_CHANNELS), available: z.boolean() })) },
    },
  }, async (request) => availableChannels(request.actor));

  app.get('/campaigns', {
    schema: { summary: 'Campaigns of my regions, newest first, with counts (keyset)', tags: TAGS, querystring: z.object({ regionCode: z.string().max(12).optional(), ...page }), response: { 200: z.object({ items: z.array(campaignSchema), next: z.string().nullable() }) } },
  }, async (request) => listCampaigns(deps, request.actor, request.query));

  app.post('/campaigns', {
    schema: {
      summary: 'Create a campaign (draft) pinning a script version; windows 1–4, attempts 1–10 a day, retry interval 5–1440 min; audited', tags: TAGS,
      body: z.object({
        name: z.string().max(200), regionCode: z.string().max(12), scriptId: z.string().max(64), channel: z.enum(CAMPAIGN_CHANNELS),
        windows: z.array(windowSchema).max(10), attemptsPerDay: z.number().int(), retryIntervalMinutes: z.number().int(), endsOn: z.string().max(10),
        variables: z.record(z.string().max(40), z.string().max(100)).default({}),
      }),
      response: { 201: campaignSchema },
    },
  }, async (request, reply) => reply.status(201).send(await createCampaign(deps, request.actor, request.body)));

  app.get('/campaigns/:id', {
    schema: { summary: 'One campaign with its pinned script and counts', tags: TAGS, params: idParams, response: { 200: campaignSchema } },
  }, async (request) => getCampaign(deps, request.actor, request.params.id));

  app.post('/campaigns/:id/callees/import', {
    bodyLimit: MAX_IMPORT_BYTES,
    schema: {
      summary: 'Import callees from an .xlsx or .csv file (the body itself, or multipart/form-data with one file): columns 姓名/name, 电话/phone, 地址/address, 标签/tags, 社区/community; each row accepted or rejected with its number; duplicates merged; do-not-call numbers skipped; one transaction; audited',
      tags: TAGS, params: idParams,
      response: { 200: z.object({ ...addedSchema, rejected: z.array(rejectedSchema).describe('At most 1,000 listed'), rejectedCount: z.number() }) },
    },
  }, async (request) => {
    let file = Buffer.isBuffer(request.body) ? request.body : undefined;
    const boundary = (request.headers['content-type'] ?? '').startsWith('multipart/') ? boundaryOf(request.headers['content-type']) : undefined;
    if (file && boundary) file = multipartFile(file, boundary)?.bytes;
    if (!file || file.length === 0) throw callbotFail('CALLBOT_IMPORT_FILE_INVALID');
    return importCallees(deps, request.actor, request.params.id, file);
  });

  app.post('/campaigns/:id/callees/select', {
    schema: {
      summary: "Add callees from the registry: today's close contacts or risk returnees (active monitoring plans) of the campaign's region; each person's record read is audited",
      tags: TAGS, params: idParams, body: z.object({ source: z.enum(REGISTRY_SOURCES) }), response: { 200: z.object({ ...addedSchema, noPhone: z.number() }) },
    },
  }, async (request) => selectCallees(deps, request.actor, request.params.id, request.body.source));

  for (const transition of ['start', 'pause', 'resume', 'stop'] as const) {
    app.post(`/campaigns/:id/${transition}`, {
      schema: { summary: `${transition[0]!.toUpperCase()}${transition.slice(1)} the campaign (audited)${transition === 'stop' ? '; pending callees are cancelled' : ''}`, tags: TAGS, params: idParams, response: { 200: campaignSchema } },
    }, async (request) => changeCampaignStatus(deps, request.actor, request.params.id, transition));
  }

  app.get('/campaigns/:id/progress', {
    schema: {
      summary: 'Live progress: callees by state and result, failed dial attempts by reason', tags: TAGS, params: idParams,
      response: {
        200: z.object({
          status: z.enum(CAMPAIGN_STATUSES), total: z.number(), dialled: z.number(), connected: z.number(), completed: z.number(), normal: z.number(), abnormal: z.number(),
          needsChecking: z.number(), notReached: z.number(), refused: z.number(), pending: z.number(), dialling: z.number(), cancelled: z.number(),
          failed: z.partialRecord(z.enum(DIAL_OUTCOMES), z.number()),
        }),
      },
    },
  }, async (request) => campaignProgress(deps, request.actor, request.params.id));

  app.get('/campaigns/:id/callees', {
    schema: {
      summary: 'The campaign\'s callees in import order, masked (keyset)', tags: TAGS, params: idParams,
      querystring: z.object({ result: z.enum(CALL_RESULTS).optional(), status: z.enum(CALLEE_STATUSES).optional(), ...page }),
      response: {
        200: z.object({
          items: z.array(z.object({
            id: z.string(), maskedName: z.string(), maskedPhone: z.string(), regionCode: z.string(), regionName: z.string(), tags: z.array(z.string()), source: z.string(), status: z.enum(CALLEE_STATUSES),
            result: z.enum(CALL_RESULTS).nullable(), reasons: z.array(z.string()), attempts: z.number(), lastOutcome: z.enum(DIAL_OUTCOMES).nullable(),
            nextAttemptAt: z.date().nullable(), matchedPerson: z.boolean(),
          })),
          next: z.string().nullable(),
        }),
      },
    },
  }, async (request) => listCallees(deps, request.actor, request.params.id, request.query));

  app.get('/campaigns/:id/callees/:calleeId/attempts', {
    schema: {
      summary: 'A callee\'s call record: each finished attempt (newest first, at most 50) with outcome, timings, result, slots and the transcript (the name masked); audited',
      tags: TAGS, params: z.object({ id: z.string().max(64), calleeId: z.string().max(64) }),
      response: {
        200: z.array(z.object({
          id: z.string(), channel: z.string(), startedAt: z.date(), answeredAt: z.date().nullable(), endedAt: z.date(), outcome: z.enum(DIAL_OUTCOMES).nullable(),
          result: z.enum(CALL_RESULTS).nullable(), reasons: z.array(z.string()), slots: slotsSchema,
          transcript: z.array(z.object({ node: z.string(), prompt: z.string(), answer: z.string().nullable(), heard: z.string(), intent: z.string().nullable() })),
        })),
      },
    },
  }, async (request) => listCalleeAttempts(deps, request.actor, request.params.id, request.params.calleeId));

  app.post('/campaigns/:id/callees/:calleeId/chat', {
    schema: {
      summary: 'Start a chat-channel attempt for a pending callee of a running chat campaign: a one-time link valid for 2 hours (audited)', tags: TAGS,
      params: z.object({ id: z.string().max(64), calleeId: z.string().max(64) }), response: { 201: z.object({ token: z.string(), url: z.string(), expiresAt: z.date() }) },
    },
  }, async (request, reply) => reply.status(201).send(await createChatLink(deps, request.actor, request.params.id, request.params.calleeId)));

  app.post('/chat/:token/start', {
    config: { skipCsrf: true, ...chatLimit },
    schema: { summary: 'Chat page: the robot\'s first prompts (no sign-in: the link is the credential); again after a reload: the latest prompts', tags: TAGS, params: tokenParams, response: { 200: chatAnswerSchema } },
  }, async (request) => startChat(deps, request.params.token));

  app.post('/chat/:token/reply', {
    config: { skipCsrf: true, ...chatLimit },
    schema: {
      summary: 'Chat page: one answer (text, or silence) → the next prompts; send turn = previous turn + 1 so a retried request is not counted twice', tags: TAGS,
      params: tokenParams, body: z.object({ turn: z.number().int().min(1).max(1000).optional(), text: z.string().max(400).optional(), silence: z.literal(true).optional() }),
      response: { 200: chatAnswerSchema },
    },
  }, async (request) => replyChat(deps, request.params.token, request.body));

  app.get('/dnc', {
    schema: { summary: 'The do-not-call list entries of my regions (masked), newest first (keyset)', tags: TAGS, querystring: z.object(page), response: { 200: z.object({ items: z.array(dncSchema), next: z.string().nullable() }) } },
  }, async (request) => listDnc(deps, request.actor, request.query));

  app.post('/dnc', {
    schema: { summary: 'Add a number to the do-not-call list (audited)', tags: TAGS, body: z.object({ phone: z.string().max(40), regionCode: z.string().max(12).optional() }), response: { 201: dncSchema } },
  }, async (request, reply) => reply.status(201).send(await addDnc(deps, request.actor, request.body)));

  app.delete('/dnc/:id', {
    schema: { summary: 'Remove an entry of my regions from the do-not-call list (audited)', tags: TAGS, params: z.object({ id: z.string().max(100) }), response: { 200: z.object({ removed: z.literal(true) }) } },
  }, async (request) => removeDnc(deps, request.actor, { id: request.params.id }));

  app.delete('/dnc', {
    schema: { summary: 'Remove a number from the do-not-call list by the number (audited)', tags: TAGS, body: z.object({ phone: z.string().max(40) }), response: { 200: z.object({ removed: z.literal(true) }) } },
  }, async (request) => removeDnc(deps, request.actor, { phone: request.body.phone }));
};

export default callbotRoutes;
