/**
 * Printed codes (关爱码): issue, print, revoke, list a person's. Registered with prefix
 * /api/codes/printed. The print page is HTML with its own CSP (no script; one hashed stylesheet).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MAX_PRINTED_DAYS } from './model.ts';
import { PRINT_PAGE_CSP } from './print-page.ts';
import { issuePrintedCode, listPrintedCodesOfPerson, renderPrintedCodePage, revokePrintedCode } from './service.ts';

const printedCodeSchema = z.object({
  id: z.string(), personId: z.string(), regionCode: z.string(), tokenId: z.string(), issuedAt: z.date(), expiresAt: z.date(),
  issuedBy: z.string(), issuingOffice: z.string(), revokedAt: z.date().nullable(),
});
const idParams = z.object({ id: z.string().max(64) });

const printedCodeRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  app.post('/', {
    schema: {
      summary: 'Issue a printed code (关爱码) for a person of the region without a smartphone (code.print; audited)', tags: ['codes'],
      body: z.object({ personId: z.string().max(64), days: z.number().optional().describe(`1–${MAX_PRINTED_DAYS}, default 14`) }),
      response: { 201: printedCodeSchema.extend({ token: z.string(), maskedName: z.string(), printUrl: z.string() }) },
    },
  }, async (request, reply) => {
    const issued = await issuePrintedCode(platform, request.actor, request.body);
    return reply.status(201).header('cache-control', 'no-store').send(issued);
  });

  app.get('/', {
    schema: {
      summary: "A person's printed codes, newest first (code.print)", tags: ['codes'],
      querystring: z.object({ personId: z.string().max(64) }),
      response: { 200: z.object({ items: z.array(printedCodeSchema) }) },
    },
  }, async (request) => ({ items: await listPrintedCodesOfPerson(platform, request.actor, request.query.personId) }));

  app.get('/:id/print', {
    schema: { summary: 'The printable A5 page of a printed code, QR as inline SVG (code.print; audited)', tags: ['codes'], params: idParams },
  }, async (request, reply) => {
    const html = await renderPrintedCodePage(platform, request.actor, request.params.id);
    return reply.header('content-security-policy', PRINT_PAGE_CSP).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  });

  app.post('/:id/revoke', {
    schema: {
      summary: 'Revoke a printed code; verifiers learn it with the trust list (code.revoke; audited)', tags: ['codes'], params: idParams,
      body: z.object({ reason: z.string().max(500) }),
      response: { 200: z.object({ revoked: z.boolean(), revokedAt: z.date() }) },
    },
  }, async (request) => revokePrintedCode(platform, request.actor, request.params.id, request.body.reason));
};

export default printedCodeRoutes;
