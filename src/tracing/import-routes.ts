/**
 * Case imports at /api/tracing/imports (health officials, 'tracing.case.write'): the Excel
 * template, an .xlsx upload (the file itself is the request body, as for rosters) run by a
 * background job whose progress and row-by-row report the console polls, and the cases another
 * region sends as JSON, answered item by item.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { XLSX_TYPE } from '../kernel/spreadsheet.ts';
import { tracingFail } from './errors.ts';
import { caseImportStatus, startCaseImport } from './import-jobs.ts';
import { caseImportSchema, importParams, importQuery, regionImportAnswer, regionImportBody } from './import-schemas.ts';
import { caseImportTemplate } from './import-service.ts';
import { importRegionCases, MAX_REGION_CASES } from './region-import.ts';

const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** 1,000 cases with their notes fit well within this. */
const MAX_REGION_BODY_BYTES = 4 * 1024 * 1024;

const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;
  app.addContentTypeParser([XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_request, body, done) => done(null, body));

  app.get('/template', {
    schema: { summary: 'The case import (病例导入) Excel template, with a help sheet listing the allowed values', tags: ['tracing'] },
  }, async (request, reply) => {
    const file = await caseImportTemplate(request.actor);
    return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="case-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('病例导入模板.xlsx')}`).send(file);
  });

  app.post('/', {
    bodyLimit: MAX_IMPORT_BYTES,
    // A declared size over the limit is refused before the body is read, with the import's own code.
    onRequest: async (request) => {
      if (Number(request.headers['content-length'] ?? 0) > MAX_IMPORT_BYTES) throw tracingFail('TRACING_IMPORT_FILE_TOO_LARGE', { maxBytes: MAX_IMPORT_BYTES });
    },
    schema: {
      summary: `Start a case import into regionCode (body: the .xlsx file, content-type ${XLSX_TYPE}, at most 10 MB), run by a background job: poll GET /api/tracing/imports/:id. `
        + 'dryRun=true: every row checked, nothing written. Otherwise the good rows are written (each row whole or not at all: its person, its case and event) and the bad ones reported; '
        + 'imported cases are traced in the background; audited',
      tags: ['tracing'], querystring: importQuery, response: { 202: caseImportSchema },
    },
  }, async (request, reply) => {
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw tracingFail('TRACING_IMPORT_FILE_INVALID');
    return reply.status(202).send(await startCaseImport(platform, request.actor, request.query, request.body));
  });

  app.get('/:id', {
    schema: {
      summary: 'A case import\'s phase and progress, and its row-by-row report when done (only the official who started it; kept 24 hours)',
      tags: ['tracing'], params: importParams, response: { 200: caseImportSchema },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return caseImportStatus(platform, request.actor, request.params.id);
  });

  app.post('/region', {
    bodyLimit: MAX_REGION_BODY_BYTES,
    schema: {
      summary: `Cases another region sends (外地推送; at most ${MAX_REGION_CASES} per call), each checked and written on its own: created, updated (a new classification or new window dates), `
        + 'unchanged, or rejected with its errors. The issuing region and externalRef name a case, so a resend is idempotent. Health official of regionCode; audited',
      tags: ['tracing'], body: regionImportBody, response: { 200: regionImportAnswer },
    },
  }, async (request) => importRegionCases(platform, request.actor, request.body));
};

export default importRoutes;
