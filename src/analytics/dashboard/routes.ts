/**
 * The situation dashboard at /api/analytics (疫情态势): the epidemic curve, new cases per district,
 * colours held per day, Rt — counts only, from the rollups — each also as an Excel file of the
 * chart's data; and the city's analysis parameters.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Actor } from '../../kernel/access.ts';
import { XLSX_TYPE } from '../../kernel/spreadsheet.ts';
import { CLASSIFICATIONS } from '../../tracing/model/case.ts';
import { chartWorkbook, type ChartTable } from './chart-workbook.ts';
import { checkinActivity } from './checkin-activity.ts';
import { followUpCompletion, screeningOutcomes } from './field-work.ts';
import { CALL_RESULTS } from '../../callbot/dialogue/model.ts';
import { checkinTable, colourTable, curveTable, districtTable, followUpTable, rtTable, screeningTable } from './charts.ts';
import { rtTrend } from './rt-trend.ts';
import { colourTrend, epidemicCurve, districtFigures } from './service.ts';
import { getAnalyticsSettings, setAnalyticsSettings } from './settings-service.ts';
import { ANALYTICS_LIMITS } from './settings.ts';

const code = z.string().regex(/^\d{6}(\d{3})?$/).describe('GB/T 2260 region code');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('YYYY-MM-DD (Asia/Shanghai)');
const range = { regionCode: code, from: day, to: day };
const basis = z.enum(['reported', 'onset']).default('reported').describe('count cases by report day (报告日期) or onset day (发病日期)');
const series = z.array(z.number());

const curveSchema = z.object({
  regionCode: z.string(), basis: z.enum(['reported', 'onset']), days: z.array(z.string()),
  byClassification: z.object(Object.fromEntries(CLASSIFICATIONS.map((c) => [c, series])) as Record<(typeof CLASSIFICATIONS)[number], typeof series>),
  newInfections: series, cumulativeInfections: series,
});
const districtsSchema = z.object({
  regionCode: z.string(), from: z.string(), to: z.string(), monitoredContacts: z.number(),
  items: z.array(z.object({ regionCode: z.string(), name: z.string(), newInfections: z.number(), monitoredContacts: z.number() })),
});
const coloursSchema = z.object({ regionCode: z.string(), days: z.array(z.string()), totals: z.object({ green: series, yellow: series, red: series }) });
const checkinsSchema = z.object({
  regionCode: z.string(), days: z.array(z.string()), checkins: series, abnormal: series, abnormalShare: z.array(z.number().nullable()), byHour: series,
  districts: z.array(z.object({ regionCode: z.string(), name: z.string(), checkins: z.number(), abnormal: z.number() })),
});
const followUpsSchema = z.object({ regionCode: z.string(), days: z.array(z.string()), due: series, done: series, reached: series, completion: z.array(z.number().nullable()) });
const callsSchema = z.object({
  regionCode: z.string(), days: z.array(z.string()),
  byResult: z.object(Object.fromEntries(CALL_RESULTS.map((r) => [r, series])) as Record<(typeof CALL_RESULTS)[number], typeof series>),
  totals: z.object(Object.fromEntries(CALL_RESULTS.map((r) => [r, z.number()])) as Record<(typeof CALL_RESULTS)[number], z.ZodNumber>),
});
const settingsSchema = z.object({
  serialIntervalMean: z.number().min(ANALYTICS_LIMITS.serialIntervalMean.min).max(ANALYTICS_LIMITS.serialIntervalMean.max),
  serialIntervalSd: z.number().min(ANALYTICS_LIMITS.serialIntervalSd.min).max(ANALYTICS_LIMITS.serialIntervalSd.max),
  rtWindowDays: z.number().int().min(ANALYTICS_LIMITS.rtWindowDays.min).max(ANALYTICS_LIMITS.rtWindowDays.max),
});
const rtSeriesSchema = z.object({
  regionCode: z.string(), name: z.string(), cases: z.number(),
  points: z.array(z.object({ day: z.string(), mean: z.number(), q025: z.number(), median: z.number(), q975: z.number() })),
});
const rtSchema = z.object({ regionCode: z.string(), basis: z.enum(['reported', 'onset']), settings: settingsSchema, region: rtSeriesSchema, districts: z.array(rtSeriesSchema) });

const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  app.get('/curve', {
    schema: { summary: 'Epidemic curve: cases per day by classification, new and cumulative infections (region.stats)', tags: ['analytics'], querystring: z.object({ ...range, basis }), response: { 200: curveSchema } },
  }, async (request) => epidemicCurve(platform, request.actor, request.query));

  app.get('/districts', {
    schema: { summary: 'Per district: new infections over a range, most first, and close contacts under observation on its last day (region.stats)', tags: ['analytics'], querystring: z.object(range), response: { 200: districtsSchema } },
  }, async (request) => districtFigures(platform, request.actor, request.query));

  app.get('/colours', {
    schema: { summary: 'Residents holding each health-code colour at the end of each day (region.stats)', tags: ['analytics'], querystring: z.object(range), response: { 200: coloursSchema } },
  }, async (request) => colourTrend(platform, request.actor, request.query));

  app.get('/checkins', {
    schema: { summary: 'Check-ins per day, the share with a yellow or red code, by hour of day and by district (region.stats)', tags: ['analytics'], querystring: z.object(range), response: { 200: checkinsSchema } },
  }, async (request) => checkinActivity(platform, request.actor, request.query));

  app.get('/follow-ups', {
    schema: { summary: 'Follow-ups of monitoring plans per day: due, recorded, reached, completion (region.stats)', tags: ['analytics'], querystring: z.object(range), response: { 200: followUpsSchema } },
  }, async (request) => followUpCompletion(platform, request.actor, request.query));

  app.get('/calls', {
    schema: { summary: 'Screening calls per day by result (region.stats)', tags: ['analytics'], querystring: z.object(range), response: { 200: callsSchema } },
  }, async (request) => screeningOutcomes(platform, request.actor, request.query));

  app.get('/rt', {
    schema: { summary: 'Rt per day (EpiEstim method, 95 % credible interval), for the region and each district with enough cases (region.stats)', tags: ['analytics'], querystring: z.object({ ...range, basis }), response: { 200: rtSchema } },
  }, async (request) => rtTrend(platform, request.actor, request.query));

  const chartTables: Record<string, (query: { regionCode: string; from: string; to: string; basis: 'reported' | 'onset' }, actor: Actor | undefined) => Promise<ChartTable>> = {
    curve: async (q, actor) => curveTable(await epidemicCurve(platform, actor, q)),
    districts: async (q, actor) => districtTable(await districtFigures(platform, actor, q)),
    colours: async (q, actor) => colourTable(await colourTrend(platform, actor, q)),
    rt: async (q, actor) => rtTable(await rtTrend(platform, actor, q)),
    checkins: async (q, actor) => checkinTable(await checkinActivity(platform, actor, q)),
    'follow-ups': async (q, actor) => followUpTable(await followUpCompletion(platform, actor, q)),
    calls: async (q, actor) => screeningTable(await screeningOutcomes(platform, actor, q)),
  };

  app.get('/charts/:chart', {
    schema: {
      summary: 'A chart\'s data as an Excel file (.xlsx; region.stats)', tags: ['analytics'],
      params: z.object({ chart: z.enum(['curve', 'districts', 'colours', 'rt', 'checkins', 'follow-ups', 'calls']) }), querystring: z.object({ ...range, basis }),
    },
  }, async (request, reply) => {
    const table = await chartTables[request.params.chart]!(request.query, request.actor);
    const file = await chartWorkbook(table);
    const name = `${table.title}.xlsx`;
    return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="${request.params.chart}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`).send(file);
  });

  app.get('/settings', {
    schema: { summary: 'The city\'s analysis parameters: serial interval and Rt window (region.stats)', tags: ['analytics'], querystring: z.object({ regionCode: code }), response: { 200: settingsSchema.extend({ regionCode: z.string() }) } },
  }, async (request) => getAnalyticsSettings(platform, request.actor, request.query.regionCode));

  app.put('/settings', {
    schema: { summary: 'Set the city\'s analysis parameters (health official; audited)', tags: ['analytics'], querystring: z.object({ regionCode: code }), body: settingsSchema, response: { 200: settingsSchema.extend({ regionCode: z.string() }) } },
  }, async (request) => setAnalyticsSettings(platform, request.actor, request.query.regionCode, request.body));
};

export default dashboardRoutes;
