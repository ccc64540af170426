/**
 * Return to work (复工复产) at /api/resumption: companies' resumption applications (复工申请) and
 * the officials' queue; employees' return-to-work declarations (返岗申报), HR's decisions and the
 * company's dashboard.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { QUARANTINE_STATES, RESUMPTION_STATUSES, RETURN_BUCKETS, RETURN_STATUSES } from './model.ts';
import {
  createApplication, declareReturnToWork, decideReturnToWork, editApplication, getApplication, listApplicationsForOfficial,
  listApplicationsOfOrganisation, moveApplication, myAdministeredCompanies, myCompaniesForReturn, myReturnsToWork, returnDashboard,
} from './service.ts';

const id = z.string().max(64);
const count = z.number().int().describe('A whole number ≥ 0');

const applicationBody = z.object({
  headcount: count.describe('Employees in total (≥ 1)'),
  returningCount: count.describe('Of them, returning from elsewhere'),
  measures: z.string().max(4000).describe('Prevention measures (1–2000 characters)'),
  masks: count.describe('Masks in stock'),
  disinfectantLitres: count.describe('Disinfectant in stock, litres'),
  contactName: z.string().max(60),
  contactPhone: z.string().max(30).describe('Mobile, or landline with area code (encrypted at rest)'),
});

const eventSchema = z.object({ at: z.date(), actorLabel: z.string(), fromStatus: z.string().nullable(), toStatus: z.string(), comment: z.string().nullable() });
export const applicationSchema = z.object({
  id: z.string(), organisationId: z.string(), organisationName: z.string(), regionCode: z.string(), status: z.enum(RESUMPTION_STATUSES),
  headcount: z.number(), returningCount: z.number(), measures: z.string(), masks: z.number(), disinfectantLitres: z.number(),
  contactNameMasked: z.string(), contactPhoneMasked: z.string(), contactName: z.string().nullable(), contactPhone: z.string().nullable(),
  createdAt: z.date(), updatedAt: z.date(), submittedAt: z.date().nullable(), decidedAt: z.date().nullable(), decisionComment: z.string().nullable(),
  events: z.array(eventSchema),
});

const returnSchema = z.object({
  organisationId: z.string(), organisationName: z.string(), personId: z.string(), declaredAt: z.date(), originRegionCode: z.string(), originRegionName: z.string(),
  quarantine: z.enum(QUARANTINE_STATES), plannedOn: z.string(), status: z.enum(RETURN_STATUSES), approvedOn: z.string().nullable(), hrComment: z.string().nullable(),
  bucket: z.enum(RETURN_BUCKETS),
});
const unitCountsSchema = z.object({ unitId: z.string().nullable(), unitName: z.string(), back: z.number(), observation: z.number(), waiting: z.number(), undeclared: z.number() });

const resumptionRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;
  const orgParams = z.object({ orgId: id });
  const appParams = z.object({ id });

  app.post('/organisations/:orgId/applications', {
    schema: { summary: 'File a resumption application (draft) for my company', tags: ['resumption'], params: orgParams, body: applicationBody, response: { 201: applicationSchema } },
  }, async (request, reply) => reply.status(201).send(await createApplication(platform, request.actor, request.params.orgId, request.body)));

  app.get('/organisations/:orgId/applications', {
    schema: { summary: 'The organisation\'s resumption applications with states and comments', tags: ['resumption'], params: orgParams, response: { 200: z.object({ items: z.array(applicationSchema) }) } },
  }, async (request) => ({ items: await listApplicationsOfOrganisation(platform, request.actor, request.params.orgId) }));

  app.get('/applications', {
    schema: {
      summary: 'Resumption applications of companies in my regions (health officials), newest change first', tags: ['resumption'],
      querystring: z.object({ status: z.enum(RESUMPTION_STATUSES).optional(), after: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }),
      response: { 200: z.object({ items: z.array(applicationSchema), next: z.string().nullable() }) },
    },
  }, async (request) => listApplicationsForOfficial(platform, request.actor, request.query));

  app.get('/applications/:id', {
    schema: { summary: 'One application with its history (an official\'s read is audited)', tags: ['resumption'], params: appParams, response: { 200: applicationSchema } },
  }, async (request) => getApplication(platform, request.actor, request.params.id));

  app.put('/applications/:id', {
    schema: { summary: 'Edit a draft or returned application', tags: ['resumption'], params: appParams, body: applicationBody, response: { 200: applicationSchema } },
  }, async (request) => editApplication(platform, request.actor, request.params.id, request.body));

  for (const move of ['submit', 'approve', 'return'] as const) {
    app.post(`/applications/:id/${move}`, {
      schema: {
        summary: move === 'submit' ? 'Submit (or resubmit) the application' : move === 'approve' ? 'Approve it (health official of the region)' : 'Return it with comments (health official of the region)',
        tags: ['resumption'], params: appParams, body: z.object({ comment: z.string().max(1000).nullable().optional() }).optional(), response: { 200: applicationSchema },
      },
    }, async (request) => moveApplication(platform, request.actor, request.params.id, move, request.body?.comment));
  }

  app.post('/organisations/:orgId/returns', {
    schema: {
      summary: 'Declare my (or a dependant\'s) return to work at this organisation', tags: ['resumption'], params: orgParams,
      body: z.object({ personId: id, originRegionCode: z.string().max(12), quarantine: z.enum(QUARANTINE_STATES), plannedOn: z.string().max(10) }),
      response: { 201: returnSchema },
    },
  }, async (request, reply) => reply.status(201).send(await declareReturnToWork(platform, request.actor, request.params.orgId, request.body)));

  app.get('/returns', {
    schema: { summary: 'My (or a dependant\'s) return-to-work declarations', tags: ['resumption'], querystring: z.object({ personId: id }), response: { 200: z.object({ items: z.array(returnSchema) }) } },
  }, async (request) => ({ items: await myReturnsToWork(platform, request.actor, request.query.personId) }));

  app.get('/mine', {
    schema: {
      summary: 'The companies I (or a dependant) belong to, with my current return-to-work declaration', tags: ['resumption'], querystring: z.object({ personId: id }),
      response: { 200: z.object({ items: z.array(z.object({ organisationId: z.string(), name: z.string(), declaration: returnSchema.nullable() })) }) },
    },
  }, async (request) => ({ items: await myCompaniesForReturn(platform, request.actor, request.query.personId) }));

  app.get('/organisations', {
    schema: { summary: 'The companies I administer', tags: ['resumption'], response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), regionCode: z.string() })) }) } },
  }, async (request) => ({ items: await myAdministeredCompanies(platform, request.actor) }));

  app.post('/organisations/:orgId/returns/:personId/decision', {
    schema: {
      summary: 'HR approves a return date or asks the employee to wait (audited)', tags: ['resumption'], params: z.object({ orgId: id, personId: id }),
      body: z.object({ decision: z.enum(['approve', 'wait']), approvedOn: z.string().max(10).nullable().optional(), comment: z.string().max(400).nullable().optional() }),
      response: { 200: returnSchema },
    },
  }, async (request) => decideReturnToWork(platform, request.actor, request.params.orgId, request.params.personId, request.body));

  app.get('/organisations/:orgId/dashboard', {
    schema: {
      summary: 'Who is back, in observation or waiting: counts per unit and a masked page of one bucket', tags: ['resumption'], params: orgParams,
      querystring: z.object({ unitId: id.optional(), bucket: z.enum(RETURN_BUCKETS).optional(), after: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: {
        200: z.object({
          totals: unitCountsSchema.omit({ unitId: true, unitName: true }), units: z.array(unitCountsSchema),
          items: z.array(returnSchema.omit({ organisationName: true }).extend({ nameMasked: z.string(), unitId: z.string().nullable() })), next: z.string().nullable(),
        }),
      },
    },
  }, async (request) => returnDashboard(platform, request.actor, request.params.orgId, request.query));
};

export default resumptionRoutes;
