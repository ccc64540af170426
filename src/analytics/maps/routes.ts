/**
 * The city's district map at /api/analytics/map (区县地图): its geometry for the dashboard and the
 * command screen (region.stats), loaded or removed by a health official of the city (audited).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getDistrictMap, removeDistrictMap, setDistrictMap } from './service.ts';

/** A simplified district map of a city is a few hundred kilobytes; 8 MB leaves room for a detailed one. */
export const MAX_MAP_BODY_BYTES = 8 * 1024 * 1024;

const regionQuery = z.object({ regionCode: z.string().regex(/^\d{6}$/).describe('GB/T 2260 code of the city (or of a region in it, to read)') });
const mapSchema = z.object({
  regionCode: z.string(), source: z.string(), approvalNo: z.string().nullable(), schematic: z.boolean(), updatedAt: z.date(),
  geometry: z.unknown().describe('GeoJSON FeatureCollection: one Polygon or MultiPolygon per district, properties { code, name }'),
});
const uploadSchema = z.object({
  source: z.string().trim().min(2).max(200).describe('where the boundaries come from and under which licence (数据来源)'),
  approvalNo: z.string().trim().max(60).nullish().describe('map approval number (审图号) of published boundaries'),
  schematic: z.boolean().default(false).describe('tiles or a sketch, not real boundaries (示意图)'),
  geojson: z.unknown().describe('GeoJSON FeatureCollection, one feature per district keyed by properties.code or properties.adcode'),
});

const mapRoutes: FastifyPluginAsyncZod = async (app) => {
  const platform = app.platform;

  app.get('/', {
    schema: {
      summary: 'The district map of the city a region lies in, or null when it has none (the dashboard then draws a treemap; region.stats)', tags: ['analytics'],
      querystring: regionQuery, response: { 200: z.object({ regionCode: z.string(), map: mapSchema.nullable() }) },
    },
  }, async (request) => getDistrictMap(platform, request.actor, request.query.regionCode));

  app.put('/', {
    bodyLimit: MAX_MAP_BODY_BYTES,
    schema: {
      summary: 'Load the city\'s district map (GeoJSON), replacing the one it had (health official of the city; audited)', tags: ['analytics'],
      querystring: regionQuery, body: uploadSchema, response: { 200: z.object({ regionCode: z.string(), districts: z.number() }) },
    },
  }, async (request) => setDistrictMap(platform, request.actor, request.query.regionCode, request.body));

  app.delete('/', {
    schema: {
      summary: 'Remove the city\'s district map: the dashboard draws a treemap again (health official of the city; audited)', tags: ['analytics'],
      querystring: regionQuery, response: { 200: z.object({ regionCode: z.string(), removed: z.boolean() }) },
    },
  }, async (request) => removeDistrictMap(platform, request.actor, request.query.regionCode));
};

export default mapRoutes;
