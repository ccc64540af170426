import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { put, staffSession } from '../../codes/colours/testing.ts';
import { DEMO_DISTRICT_TILES } from '../../demo/model/district-tiles.ts';
import { fixedClock } from '../../kernel/time.ts';
import { listChildRegions } from '../../regions/service.ts';
import { onboardRegion } from '../../regions/onboarding.ts';
import { bj } from '../../tracing/testing.ts';
import { schematicTiles } from './schematic.ts';

/*
 * The city's district map over HTTP: a health official loads GeoJSON (only the districts' codes,
 * names and rings are kept), everyone who sees the city's figures reads it — a district's viewer
 * too — and it is removed again; every bad upload gets a stable code and changes nothing.
 */
const clock = fixedClock(bj('2026-03-10 12:00'));
let t: TestPlatform;
let official: Session;
let districtViewer: Session;
let ningboOfficial: Session;
let worker: Session;
let hangzhouDistricts: { code: string; name: string }[];

const square = (x: number, y: number) => [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]];
const boundaries = (codes: readonly string[]) => ({
  type: 'FeatureCollection',
  features: codes.map((code, i) => ({ type: 'Feature', properties: { adcode: Number(code), name: `区${i}`, level: 'district' }, geometry: { type: 'Polygon', coordinates: square(119 + i * 0.1, 30) } })),
});
const readMap = (session: Session, regionCode: string) => session.request({ method: 'GET', url: `/api/analytics/map?regionCode=${regionCode}` });
const auditsOf = async (action: string) => (await t.database.db.selectFrom('auditLog').select(['action', 'detail']).where('action', '=', action).orderBy('id').execute())
  .map((a) => ({ ...a, detail: typeof a.detail === 'string' ? JSON.parse(a.detail) : a.detail }));

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  await onboardRegion(t.platform, { system: 'test' }, '330200');
  official = await staffSession(t, 'map-official', 'health_official', '330100');
  districtViewer = await staffSession(t, 'map-district', 'health_official', '330106');
  ningboOfficial = await staffSession(t, 'map-nb', 'health_official', '330200');
  worker = await staffSession(t, 'map-worker', 'community_worker', '330106004');
  hangzhouDistricts = (await listChildRegions(t.database.db, '330100', { limit: 100 })).map((d) => ({ code: d.code, name: d.name }));
});
afterAll(async () => t.close());

describe('the district map (区县地图)', () => {
  it('is null until an official loads one; then the city and its districts read the kept geometry, its source and approval number', async () => {
    expect((await readMap(official, '330100')).json()).toEqual({ regionCode: '330100', map: null });
    const codes = hangzhouDistricts.map((d) => d.code);
    const res = await put(official, '/api/analytics/map?regionCode=330100', { source: '杭州市规划和自然资源局（授权使用）', approvalNo: ' 浙S(2026)001号 ', geojson: boundaries(codes) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ regionCode: '330100', districts: codes.length });
    for (const session of [official, districtViewer]) {
      const read = await readMap(session, session === official ? '330100' : '330106');
      expect(read.statusCode).toBe(200);
      const { map } = read.json();
      expect(map).toMatchObject({ regionCode: '330100', source: '杭州市规划和自然资源局（授权使用）', approvalNo: '浙S(2026)001号', schematic: false });
      expect(map.geometry.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(codes);
      // Only code and name are kept of a feature's properties.
      expect(map.geometry.features[0].properties).toEqual({ code: codes[0], name: '区0' });
    }
    const [audit] = await auditsOf('analytics.map.set');
    expect(audit?.detail).toMatchObject({ before: null, districts: codes.length, approvalNo: '浙S(2026)001号', schematic: false });
  });

  it('replaces the map with the demo city\'s schematic tiles, keeping what it replaced in the audit', async () => {
    const tiles = schematicTiles(hangzhouDistricts, DEMO_DISTRICT_TILES);
    const res = await put(official, '/api/analytics/map?regionCode=330100', { source: '示意图', schematic: true, geojson: tiles });
    expect(res.statusCode, res.body).toBe(200);
    const { map } = (await readMap(official, '330100')).json();
    expect(map).toMatchObject({ schematic: true, approvalNo: null });
    expect(map.geometry).toEqual(tiles);
    const audits = await auditsOf('analytics.map.set');
    expect(audits[1]?.detail).toMatchObject({ before: { source: '杭州市规划和自然资源局（授权使用）', approvalNo: '浙S(2026)001号', districts: hangzhouDistricts.length } });
  });

  it('refuses a bad upload with stable codes and the problems found, and keeps the map it had', async () => {
    const before = (await readMap(official, '330100')).json();
    const foreign = await put(official, '/api/analytics/map?regionCode=330100', { source: '某来源', geojson: boundaries(['330106', '330203']) });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json()).toMatchObject({ code: 'ANALYTICS_MAP_INVALID', zh: expect.any(String), en: expect.any(String), details: { problems: [{ feature: 1, problem: 'code_outside_region', code: '330203' }] } });
    expect((await put(official, '/api/analytics/map?regionCode=330100', { source: '某来源', geojson: { type: 'Topology' } })).json().details).toEqual({ problems: [{ problem: 'not_feature_collection' }] });
    expect((await put(official, '/api/analytics/map?regionCode=330100', { source: '', geojson: boundaries(['330106']) })).json().code).toBe('VALIDATION_FAILED');
    expect((await put(official, '/api/analytics/map?regionCode=330106', { source: '某来源', geojson: boundaries(['330106']) })).json().code).toBe('ANALYTICS_MAP_REGION_NOT_CITY');
    expect((await put(ningboOfficial, '/api/analytics/map?regionCode=330100', { source: '某来源', geojson: boundaries(['330106']) })).json().code).toBe('FORBIDDEN');
    expect((await put(worker, '/api/analytics/map?regionCode=330100', { source: '某来源', geojson: boundaries(['330106']) })).json().code).toBe('FORBIDDEN');
    const huge = await official.request({
      method: 'PUT', url: '/api/analytics/map?regionCode=330100', headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ source: '某来源', geojson: { type: 'FeatureCollection', features: [], pad: 'x'.repeat(9 * 1024 * 1024) } }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('BODY_TOO_LARGE');
    expect((await readMap(official, '330100')).json()).toEqual(before);
  });

  it('is read only by those who see the city\'s figures, and removed by its official (audited)', async () => {
    expect((await readMap(ningboOfficial, '330100')).json().code).toBe('FORBIDDEN');
    const notCity = await official.request({ method: 'DELETE', url: '/api/analytics/map?regionCode=330000' });
    expect(notCity.json().code).toBe('FORBIDDEN');
    const removed = await official.request({ method: 'DELETE', url: '/api/analytics/map?regionCode=330100' });
    expect(removed.json()).toEqual({ regionCode: '330100', removed: true });
    expect((await official.request({ method: 'DELETE', url: '/api/analytics/map?regionCode=330100' })).json()).toEqual({ regionCode: '330100', removed: false });
    expect((await readMap(districtViewer, '330106')).json()).toEqual({ regionCode: '330100', map: null });
    expect(await auditsOf('analytics.map.remove')).toHaveLength(1);
  });
});
