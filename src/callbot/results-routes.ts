/**
 * The screening robot's results at /api/callbot (registered from routes.ts): a campaign's report
 * (外呼报告), its Excel export as a background job, and the tasks (随访任务) final results opened
 * for community workers: 随访核实 (follow_up) for abnormal people, 上门核查 (home_visit) for people
 * not reached.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DIAL_OUTCOMES } from './channels/channel.ts';
import { ABNORMAL_REASONS, CALL_RESULTS } from './dialogue/model.ts';
import { downloadReportExport, reportExportStatus, startReportExport } from './results/exports.ts';
import { TASK_KINDS, TASK_NOTE_MAX, TASK_STATUSES } from './results/model.ts';
import { campaignReport, completeTask, listTasks, revealTaskContact } from './results/service.ts';
import { XLSX_TYPE } from '../kernel/spreadsheet.ts';

const TAGS = ['callbot'];
const idParams = z.object({ id: z.string().max(64) });
const counts = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as Record<K, z.ZodNumber>);
const reasons = z.array(z.enum(ABNORMAL_REASONS));

const reportSchema = z.object({
  campaignId: z.string(), name: z.string(), regionCode: z.string(), status: z.string(),
  funnel: z.object({ total: z.number(), dialled: z.number(), connected: z.number(), completed: z.number().describe('Ended with a dialogue result: normal, abnormal, needs checking or refused') }),
  results: counts(CALL_RESULTS).describe('Callees by final result'),
  outcomes: counts(DIAL_OUTCOMES).describe('Dial attempts by outcome'),
  symptoms: counts(ABNORMAL_REASONS).describe('Abnormal callees by reason (one callee may count under several)'),
  communities: z.array(z.object({ regionCode: z.string(), regionName: z.string(), total: z.number(), completed: z.number(), abnormal: z.number(), notReached: z.number() })),
  abnormal: z.object({
    total: z.number(),
    items: z.array(z.object({
      calleeId: z.string(), maskedName: z.string(), maskedPhone: z.string(), regionCode: z.string(), reasons, temperature: z.number().nullable(),
      taskId: z.string().nullable().describe('The follow-up task (随访核实) the result opened'),
    })),
  }).describe('The first 200 abnormal callees in campaign order, and how many there are (all in the Excel export)'),
  notReached: z.object({
    total: z.number(),
    items: z.array(z.object({
      calleeId: z.string(), maskedName: z.string(), maskedPhone: z.string(), regionCode: z.string(), attempts: z.number(), lastOutcome: z.enum(DIAL_OUTCOMES).nullable(),
      taskId: z.string().nullable().describe('The home-visit task (上门核查) the result opened'),
    })),
  }).describe('The first 200 callees not reached (each with a home-visit task), and how many there are'),
});

const exportSchema = z.object({
  id: z.string(), campaignId: z.string(), status: z.enum(['queued', 'running', 'done', 'failed']),
  processed: z.number().describe('Person rows written'), total: z.number(), rowCount: z.number().nullable(), error: z.string().nullable(),
  createdAt: z.date(), finishedAt: z.date().nullable(), expiresAt: z.date(),
});

const taskSchema = z.object({
  id: z.string(), campaignId: z.string(), campaignName: z.string(), calleeId: z.string(), maskedName: z.string(), maskedPhone: z.string(),
  regionCode: z.string(), regionName: z.string(),
  kind: z.enum(TASK_KINDS).describe('follow_up (随访核实): an abnormal result; home_visit (上门核查): not reached'),
  reasons, temperature: z.number().nullable(),
  attempts: z.number().describe('The callee\'s dial attempts'), lastOutcome: z.enum(DIAL_OUTCOMES).nullable().describe('The last attempt\'s outcome'),
  status: z.enum(TASK_STATUSES),
  assignedAccountId: z.string().nullable(), createdAt: z.date(), doneAt: z.date().nullable(), note: z.string().nullable(),
});

const resultsRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;
  const noStore = (reply: { header(k: string, v: string): unknown }) => reply.header('cache-control', 'no-store');

  app.get('/campaigns/:id/report', {
    schema: {
      summary: 'A campaign\'s report: funnel, results, dial outcomes, symptoms, per community, the abnormal and not-reached lists (masked; counted in the database)',
      tags: TAGS, params: idParams, response: { 200: reportSchema },
    },
  }, async (request, reply) => { noStore(reply); return campaignReport(platform, request.actor, request.params.id); });

  app.post('/campaigns/:id/exports', {
    schema: {
      summary: 'Start the report as Excel (汇总, 异常人员, 未接通, 社区; masked names and phones), made by a background job: poll /exports/:id; audited',
      tags: TAGS, params: idParams, response: { 202: exportSchema },
    },
  }, async (request, reply) => reply.status(202).send(await startReportExport(platform, request.actor, request.params.id)));

  app.get('/exports/:id', {
    schema: { summary: 'A report export\'s status and progress (the account that asked, kept 24 hours)', tags: TAGS, params: idParams, response: { 200: exportSchema } },
  }, async (request, reply) => { noStore(reply); return reportExportStatus(platform, request.actor, request.params.id); });

  app.get('/exports/:id/file', {
    schema: { summary: 'Download a finished report export (.xlsx; audited)', tags: TAGS, params: idParams },
  }, async (request, reply) => {
    const { fileName, file } = await downloadReportExport(platform, request.actor, request.params.id);
    return reply.header('content-type', XLSX_TYPE).header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store').send(file);
  });

  app.get('/tasks', {
    schema: {
      summary: 'Tasks (随访任务) of final call results — 随访核实 for abnormal people, 上门核查 for people not reached — oldest first (keyset): a community worker\'s own by default, a health official\'s region\'s',
      tags: TAGS,
      querystring: z.object({
        status: z.enum(TASK_STATUSES).optional(), kind: z.enum(TASK_KINDS).optional().describe('Only tasks of this kind'), scope: z.enum(['mine', 'region']).optional().describe('mine: assigned to me; region: every task in my regions'),
        cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(20),
      }),
      response: { 200: z.object({ items: z.array(taskSchema), next: z.string().nullable() }) },
    },
  }, async (request, reply) => { noStore(reply); return listTasks(platform, request.actor, request.query); });

  app.post('/tasks/:id/done', {
    schema: {
      summary: 'Close a task with a note (the assigned worker or staff of the callee\'s region; audited)', tags: TAGS, params: idParams,
      body: z.object({ note: z.string().max(TASK_NOTE_MAX * 2).nullable().optional() }), response: { 200: taskSchema },
    },
  }, async (request) => completeTask(platform, request.actor, request.params.id, request.body.note));

  app.post('/tasks/:id/contact', {
    schema: {
      summary: 'The name, phone and address of a task\'s callee (联系方式) for a stated reason: the assigned worker or staff of the callee\'s region; audited',
      tags: TAGS, params: idParams, body: z.object({ reason: z.string().max(400) }),
      response: { 200: z.object({ name: z.string(), phone: z.string(), address: z.string().nullable() }) },
    },
  }, async (request, reply) => { noStore(reply); return revealTaskContact(platform, request.actor, request.params.id, request.body.reason); });
};

export default resultsRoutes;
