/**
 * Four-eyes manual colour decisions under /api/codes/overrides: propose, approve, reject, revoke,
 * requests from other regions; and establishing a false declaration (read the declaration
 * history, propose; approved and rejected in the same queue).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { approveProposal, listPendingProposals, listRequests, proposeDecision, proposeRevocation, rejectProposal, requestFromOtherRegion } from './service.ts';
import { proposeFalseDeclaration, readDeclarationHistory } from './false-declaration-service.ts';
import {
  declarationForOfficialSchema, declarationHistoryBody, falseDeclarationBody, idParams, pageQuery, proposalBody, proposalSchema, rejectBody, requestBody,
  requestSchema, revocationBody,
} from './schemas.ts';

const page = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item), next: z.string().nullable() });

const overrideRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  app.post('/', {
    schema: { summary: 'Propose a manual colour for a person of my region (takes effect after a second official approves)', tags: ['codes'], body: proposalBody, response: { 201: proposalSchema } },
  }, async (request, reply) => reply.status(201).send(await proposeDecision(platform, request.actor, request.body)));

  app.get('/pending', {
    schema: { summary: 'Pending proposals of my regions, oldest first (keyset)', tags: ['codes'], querystring: pageQuery, response: { 200: page(proposalSchema) } },
  }, async (request) => listPendingProposals(platform, request.actor, request.query));

  app.post('/:id/approve', {
    schema: { summary: "Approve a colleague's proposal (never one's own); the colour is recomputed at once", tags: ['codes'], params: idParams, response: { 200: proposalSchema } },
  }, async (request) => approveProposal(platform, request.actor, request.params.id));

  app.post('/:id/reject', {
    schema: { summary: "Reject a colleague's proposal, with a reason", tags: ['codes'], params: idParams, body: rejectBody, response: { 200: proposalSchema } },
  }, async (request) => rejectProposal(platform, request.actor, request.params.id, request.body.reason));

  app.post('/revocations', {
    schema: { summary: 'Propose ending a running decision early, or withdrawing an established false declaration (four-eyes as well)', tags: ['codes'], body: revocationBody, response: { 201: proposalSchema } },
  }, async (request, reply) => reply.status(201).send(await proposeRevocation(platform, request.actor, request.body)));

  app.post('/declaration-history', {
    schema: {
      summary: "A person's health declarations, newest first, with any false-declaration establishment (officials of the home region; stated reason, audited)",
      tags: ['codes'], body: declarationHistoryBody, response: { 200: page(declarationForOfficialSchema) },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return readDeclarationHistory(platform, request.actor, request.body);
  });

  app.post('/false-declarations', {
    schema: {
      summary: "Propose establishing that one of a person's declarations was false (认定虚假申报); a rule input once a second official approves",
      tags: ['codes'], body: falseDeclarationBody, response: { 201: proposalSchema },
    },
  }, async (request, reply) => reply.status(201).send(await proposeFalseDeclaration(platform, request.actor, request.body)));

  app.post('/requests', {
    schema: {
      summary: "Ask a person's home region to review their colour (officials of other regions); same answer whether or not the person exists",
      tags: ['codes'], body: requestBody, response: { 202: z.object({ status: z.literal('sent') }) },
    },
  }, async (request, reply) => reply.status(202).send(await requestFromOtherRegion(platform, request.actor, request.body)));

  app.get('/requests', {
    schema: { summary: 'Requests other regions sent to my regions, oldest first (keyset)', tags: ['codes'], querystring: pageQuery, response: { 200: page(requestSchema) } },
  }, async (request) => listRequests(platform, request.actor, request.query));
};

export default overrideRoutes;
