/**
 * Tracing's Excel exports at /api/tracing/exports: start one (cases, contacts, or an exposure's
 * persons; a background job), poll its progress, download the finished file — only the account
 * that asked, within 24 hours. Masked data only; requests and downloads are audited.
 */
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { XLSX_TYPE } from '../kernel/spreadsheet.ts';
import { downloadTracingExport, startTracingExport, tracingExportStatus } from './export-service.ts';
import { CASE_SOURCES, CLASSIFICATIONS } from './model/case.ts';
import { EXPORT_KINDS } from './model/export.ts';
import { code, day, idParams } from './schemas.ts';

const TAGS = ['tracing'];

export const exportSchema = z.object({
  id: z.string(), kind: z.enum(EXPORT_KINDS), status: z.enum(['queued', 'running', 'done', 'failed']),
  processed: z.number().describe('Rows written so far'), total: z.number().nullable().describe('Rows to write; null until the job has counted them'),
  rowCount: z.number().nullable().describe('Rows in the finished file'),
  error: z.object({ code: z.string(), zh: z.string(), en: z.string(), details: z.unknown().optional() }).nullable(),
  createdAt: z.date(), finishedAt: z.date().nullable(), expiresAt: z.date(),
});

const exportBody = z.object({
  kind: z.enum(EXPORT_KINDS),
  regionCode: code.optional().describe('cases, contacts: one of my regions (default: all of them)'),
  classification: z.enum(CLASSIFICATIONS).optional().describe('cases'),
  source: z.enum(CASE_SOURCES).optional().describe('cases'),
  reportedFrom: day.optional().describe('cases'),
  reportedTo: day.optional().describe('cases'),
  caseId: z.string().max(64).optional().describe('contacts: of one case'),
  contactKind: z.enum(['close', 'secondary']).optional().describe('contacts: 密接 or 次密接 only'),
  exposureId: z.string().max(64).optional().describe('exposure_persons: the venue exposure (required)'),
});

const noStore = { 'cache-control': 'no-store' };

const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  app.post('/', {
    schema: {
      summary: 'Start an Excel export (病例 with tracing.case.read; 密接人员 with tracing.contact.read — a community worker\'s covers their streets; 场所暴露人员 with tracing.manage), made by a background job: poll /exports/:id; audited',
      tags: TAGS, body: exportBody, response: { 202: exportSchema },
    },
  }, async (request, reply) => reply.status(202).headers(noStore).send(await startTracingExport(platform, request.actor, request.body)));

  app.get('/:id', {
    schema: { summary: 'An export\'s status and progress (only the account that asked; kept 24 hours)', tags: TAGS, params: idParams, response: { 200: exportSchema } },
  }, async (request, reply) => reply.headers(noStore).send(await tracingExportStatus(platform, request.actor, request.params.id)));

  app.get('/:id/file', {
    schema: { summary: 'Download a finished export (.xlsx; only the account that asked, until it expires; audited)', tags: TAGS, params: idParams },
  }, async (request, reply) => {
    const { fileNames, bytes, chunks } = await downloadTracingExport(platform, request.actor, request.params.id);
    return reply.headers(noStore).header('content-type', XLSX_TYPE).header('content-length', bytes)
      .header('content-disposition', `attachment; filename="${fileNames.ascii}"; filename*=UTF-8''${encodeURIComponent(fileNames.zh)}`)
      .send(Readable.from(chunks));
  });
};

export default exportRoutes;
