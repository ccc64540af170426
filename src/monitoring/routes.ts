/**
 * Monitoring plans (监测计划) at /api/monitoring: the community worker's today list and follow-ups
 * (随访), the region's plans for officials and workers, ending a plan early and assigning it
 * (officials), and the city's plan length.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  assignableWorkers, assignPlan, endPlan, getPlan, getPlanDays, listMyPlansToday, listPlans, PLAN_FLAGS, PLAN_REASONS, PLAN_STATUSES, recordFollowUp, setPlanDays,
} from './service.ts';

const code = z.string().max(12);
const idParams = z.object({ id: z.string().max(64) });
const page = { after: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) };

const lastReachedSchema = z.object({ day: z.string(), temperature: z.number().nullable(), symptoms: z.array(z.string()) });
const planSchema = z.object({
  id: z.string(), personId: z.string(), nameMasked: z.string(), regionCode: z.string(), regionName: z.string(),
  reason: z.enum(PLAN_REASONS), sourceRef: z.string().describe('travel_return: the return declaration (its trip id); close_contact: case:<case id>:<person id>'),
  startOn: z.string(), endOn: z.string().describe('The last day (inclusive)'), followUpFrom: z.string().describe('The first day a follow-up is expected'),
  status: z.enum(PLAN_STATUSES), assignedAccountId: z.string().nullable(), assignedName: z.string().nullable(),
  createdAt: z.date(), closedAt: z.date().nullable(), endReason: z.string().nullable(),
  todayDone: z.boolean(), lastReached: lastReachedSchema.nullable().describe('The latest follow-up that reached the person'),
  flags: z.object({ missedDays: z.number(), fever: z.boolean(), symptoms: z.boolean(), overdue: z.boolean(), unassigned: z.boolean() }),
});
const followUpSchema = z.object({
  id: z.string(), day: z.string(), recordedAt: z.date(), recordedByName: z.string(),
  reached: z.boolean(), temperature: z.number().nullable(), symptoms: z.array(z.string()), note: z.string().nullable(),
});
const listSchema = z.object({ day: z.string().describe("Today (Asia/Shanghai)"), items: z.array(planSchema), next: z.string().nullable() });

const followUpBody = z.object({
  reached: z.boolean().describe('Whether the person was reached (联系到本人)'),
  temperature: z.number().nullable().optional().describe('°C, 35.0–42.0, one decimal; only when reached'),
  symptoms: z.array(z.string().max(20)).max(8).nullable().optional().describe('Symptom codes of the health declaration (none, fever, cough, …); only when reached'),
  note: z.string().max(400).nullable().optional(),
});

const monitoringRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  app.get('/today', {
    schema: { summary: 'My active monitoring plans (community worker), oldest first, with whether today\'s follow-up is done and the flags', tags: ['monitoring'], querystring: z.object(page), response: { 200: listSchema } },
  }, async (request) => listMyPlansToday(platform, request.actor, request.query));

  app.get('/plans', {
    schema: {
      summary: 'Monitoring plans of persons living in my regions, newest first, masked; filters by status and flag (keyset-paginated)', tags: ['monitoring'],
      querystring: z.object({ regionCode: code.optional(), status: z.enum(PLAN_STATUSES).optional(), flag: z.enum(PLAN_FLAGS).optional(), ...page }),
      response: { 200: listSchema },
    },
  }, async (request) => listPlans(platform, request.actor, request.query));

  app.get('/plans/:id', {
    schema: { summary: 'One monitoring plan with its follow-ups, newest first', tags: ['monitoring'], params: idParams, response: { 200: planSchema.extend({ followUps: z.array(followUpSchema) }) } },
  }, async (request) => getPlan(platform, request.actor, request.params.id));

  app.post('/plans/:id/follow-ups', {
    schema: {
      summary: "Record today's follow-up (随访) of a plan: one per plan and day, audited; a clean one after the end day completes the plan", tags: ['monitoring'],
      params: idParams, body: followUpBody, response: { 201: z.object({ plan: planSchema, followUp: followUpSchema }) },
    },
  }, async (request, reply) => reply.status(201).send(await recordFollowUp(platform, request.actor, request.params.id, request.body)));

  app.post('/plans/:id/end', {
    schema: { summary: 'End an active plan early with a reason (health official of the region; audited); the colour is recomputed', tags: ['monitoring'], params: idParams, body: z.object({ reason: z.string().max(400).optional() }), response: { 200: planSchema } },
  }, async (request) => endPlan(platform, request.actor, request.params.id, request.body.reason));

  app.get('/plans/:id/workers', {
    schema: {
      summary: 'Community workers the plan can be assigned to (health official)', tags: ['monitoring'], params: idParams,
      response: { 200: z.object({ items: z.array(z.object({ accountId: z.string(), displayName: z.string(), username: z.string().nullable() })) }) },
    },
  }, async (request) => ({ items: await assignableWorkers(platform, request.actor, request.params.id) }));

  app.post('/plans/:id/assign', {
    schema: {
      summary: 'Assign an active plan to a community worker of the person\'s street, or to the next in turn when none is named (health official; audited)', tags: ['monitoring'],
      params: idParams, body: z.object({ accountId: z.string().max(64).optional() }), response: { 200: planSchema },
    },
  }, async (request) => assignPlan(platform, request.actor, request.params.id, request.body.accountId));

  app.get('/regions/:code/settings', {
    schema: { summary: 'How many days new monitoring plans of the city last', tags: ['monitoring'], params: z.object({ code }), response: { 200: z.object({ regionCode: z.string(), planDays: z.number() }) } },
  }, async (request) => getPlanDays(platform, request.actor, request.params.code));

  app.put('/regions/:code/settings', {
    schema: {
      summary: 'Set how many days new monitoring plans of the city last (7–28; health official of the city; audited)', tags: ['monitoring'],
      params: z.object({ code }), body: z.object({ planDays: z.number().int() }), response: { 200: z.object({ regionCode: z.string(), planDays: z.number() }) },
    },
  }, async (request) => setPlanDays(platform, request.actor, request.params.code, request.body.planDays));
};

export default monitoringRoutes;
