import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { put, staffSession } from '../codes/colours/testing.ts';
import { fixedClock } from '../kernel/time.ts';
import { onboardRegion } from '../regions/onboarding.ts';
import { runRequestedTraces, setTracingSender } from './jobs.ts';
import { bj, townPeople, townVenue, visit } from './testing.ts';

/*
 * The registry over HTTP, and who sees what: officials their region's cases and contacts; a
 * community worker only the contacts living in their street; the evidence only with a reason.
 */
const clock = fixedClock(bj('2026-03-10 12:00'));
let t: TestPlatform;
let official: Session;
let ningboOfficial: Session;
let xixiWorker: Session;
let otherStreetWorker: Session;
let p: Record<string, string>;
let caseId: string;

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  setTracingSender(t.platform.db, async () => undefined);
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  await onboardRegion(t.platform, { system: 'test' }, '330200');
  official = await staffSession(t, 'trace-route-official', 'health_official', '330100');
  ningboOfficial = await staffSession(t, 'trace-route-nb', 'health_official', '330200');
  xixiWorker = await staffSession(t, 'trace-route-xixi', 'community_worker', '330106004');
  otherStreetWorker = await staffSession(t, 'trace-route-other', 'community_worker', '330106005');
  p = { ...await townPeople(t, ['病人', '西邻']), ...await townPeople(t, ['北邻'], '330106005') };
  const shop = await townVenue(t, '路口超市', 'shop', 30);
  await visit(t, p.病人!, shop, '2026-03-09 10:00', { minutes: 30 });
  await visit(t, p.西邻!, shop, '2026-03-09 10:10', { minutes: 30 });
  await visit(t, p.北邻!, shop, '2026-03-09 10:20', { minutes: 30 });
});
afterAll(async () => t.close());

describe('the case registry over HTTP', () => {
  it('registers a confirmed case, traces it, and lists it masked', async () => {
    const res = await official.request({ method: 'POST', url: '/api/tracing/cases', payload: { person: { personId: p.病人 }, classification: 'confirmed', onsetOn: '2026-03-09', reportedOn: '2026-03-10', source: 'lab', notes: '入院前曾到路口超市' } });
    expect(res.statusCode, res.body).toBe(201);
    caseId = res.json().id;
    expect(res.json()).toMatchObject({ nameMasked: '病*', classification: 'confirmed', tracing: { status: 'pending' } });
    expect(res.body).not.toContain('入院前');
    await runRequestedTraces(t.platform);
    const list = await official.request({ method: 'GET', url: '/api/tracing/cases?limit=10' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([expect.objectContaining({ id: caseId, tracing: expect.objectContaining({ status: 'done', closeContacts: 2 }) })]);
    const detail = await official.request({ method: 'GET', url: `/api/tracing/cases/${caseId}` });
    expect(detail.json()).toMatchObject({ notes: '入院前曾到路口超市', events: [{ kind: 'registered', toClassification: 'confirmed', actorLabel: 'trace-route-official' }] });
  });

  it('refuses bad input with a stable code in both languages and writes nothing', async () => {
    const before = await t.database.db.selectFrom('cases').select('id').execute();
    const future = await official.request({ method: 'POST', url: '/api/tracing/cases', payload: { person: { personId: p.西邻 }, classification: 'confirmed', onsetOn: '2026-03-11', reportedOn: '2026-03-10', source: 'lab' } });
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({ code: 'TRACING_DATE_INVALID', zh: expect.any(String), en: expect.any(String), details: { field: 'onsetOn' } });
    const twice = await official.request({ method: 'POST', url: '/api/tracing/cases', payload: { person: { personId: p.病人 }, classification: 'suspected', reportedOn: '2026-03-10', source: 'lab' } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('TRACING_CASE_EXISTS');
    const noRegion = await official.request({ method: 'POST', url: '/api/tracing/cases', payload: { person: { personId: p.西邻 }, classification: 'suspected', reportedOn: '2026-03-10', source: 'other_region' } });
    expect(noRegion.json().code).toBe('TRACING_SOURCE_INVALID');
    const nobody = await official.request({ method: 'POST', url: '/api/tracing/cases', payload: { person: { personId: '00000000-0000-4000-8000-000000000000' }, classification: 'suspected', reportedOn: '2026-03-10', source: 'lab' } });
    expect(nobody.statusCode).toBe(404);
    expect(await t.database.db.selectFrom('cases').select('id').execute()).toEqual(before);
  });

  it('keeps other regions\' officials out', async () => {
    expect((await ningboOfficial.request({ method: 'GET', url: `/api/tracing/cases/${caseId}` })).statusCode).toBe(403);
    expect((await ningboOfficial.request({ method: 'GET', url: '/api/tracing/cases?regionCode=330100' })).statusCode).toBe(403);
    expect((await ningboOfficial.request({ method: 'GET', url: '/api/tracing/cases' })).json().items).toEqual([]);
    expect((await xixiWorker.request({ method: 'POST', url: '/api/tracing/cases', payload: { person: { personId: p.西邻 }, classification: 'suspected', reportedOn: '2026-03-10', source: 'lab' } })).statusCode).toBe(403);
  });
});

describe('contacts, by where they live', () => {
  it('shows an official all the region\'s contacts and a community worker only their street\'s', async () => {
    const all = await official.request({ method: 'GET', url: `/api/tracing/contacts?caseId=${caseId}` });
    expect(all.json().items.map((c: { personId: string }) => c.personId).sort()).toEqual([p.西邻, p.北邻].sort());
    const xixi = await xixiWorker.request({ method: 'GET', url: '/api/tracing/contacts' });
    expect(xixi.json().items).toEqual([expect.objectContaining({ personId: p.西邻, kind: 'close', nameMasked: '西*', colour: 'red', counts: true })]);
    const other = await otherStreetWorker.request({ method: 'GET', url: '/api/tracing/contacts' });
    expect(other.json().items.map((c: { personId: string }) => c.personId)).toEqual([p.北邻]);
    expect((await xixiWorker.request({ method: 'GET', url: '/api/tracing/contacts?regionCode=330106005' })).statusCode).toBe(403);
  });

  it('filters secondary contacts in the query itself, so a page of them is full', async () => {
    const secondary = await official.request({ method: 'GET', url: '/api/tracing/contacts?kind=secondary&limit=1' });
    expect(secondary.json()).toEqual({ items: [], next: null });
    const close = await official.request({ method: 'GET', url: '/api/tracing/contacts?kind=close&limit=1' });
    expect(close.json().items).toHaveLength(1);
    expect(close.json().next).not.toBeNull();
  });

  it('pages with a keyset cursor and refuses a forged one', async () => {
    const first = await official.request({ method: 'GET', url: '/api/tracing/contacts?limit=1' });
    expect(first.json().items).toHaveLength(1);
    const second = await official.request({ method: 'GET', url: `/api/tracing/contacts?limit=1&after=${first.json().next}` });
    expect(second.json().items).toHaveLength(1);
    expect(second.json().items[0].personId).not.toBe(first.json().items[0].personId);
    const forged = await official.request({ method: 'GET', url: '/api/tracing/contacts?after=bm9wZQ' });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().code).toBe('TRACING_CURSOR_INVALID');
  });

  it('gives the evidence only for a reason, audited; another street\'s worker cannot read it', async () => {
    const none = await xixiWorker.request({ method: 'POST', url: `/api/tracing/persons/${p.西邻}/links`, payload: { reason: '' } });
    expect(none.statusCode).toBe(400);
    const res = await xixiWorker.request({ method: 'POST', url: `/api/tracing/persons/${p.西邻}/links`, payload: { reason: '随访前核实接触经过' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([expect.objectContaining({ caseId, depth: 1, kind: 'venue', venueName: '路口超市', minutes: 30, source: expect.objectContaining({ nameMasked: '病*', isCase: true }), case: { id: caseId, nameMasked: '病*', classification: 'confirmed' } })]);
    const audit = await t.database.db.selectFrom('auditLog').select(['actorLabel', 'reason', 'targetId']).where('action', '=', 'tracing.links.read').execute();
    expect(audit).toEqual([{ actorLabel: 'trace-route-xixi', reason: '随访前核实接触经过', targetId: p.西邻 }]);
    expect((await otherStreetWorker.request({ method: 'POST', url: `/api/tracing/persons/${p.西邻}/links`, payload: { reason: '随访前核实接触经过' } })).statusCode).toBe(404);
  });

  it('draws the chain: the case and its contacts as nodes, each link an edge with its venue', async () => {
    const res = await official.request({ method: 'GET', url: `/api/tracing/cases/${caseId}/graph` });
    expect(res.statusCode).toBe(200);
    const graph = res.json();
    expect(graph.nodes.map((n: { role: string }) => n.role).sort()).toEqual(['case', 'close', 'close']);
    expect(graph.edges).toHaveLength(2);
    expect(graph.edges.every((e: { source: string; venueName: string }) => e.source === p.病人 && e.venueName === '路口超市')).toBe(true);
    expect(graph.truncated).toBe(false);
  });
});

describe('tracing parameters', () => {
  it('are set per city by its officials, validated and audited', async () => {
    const bad = await put(official, '/api/tracing/settings/330100', { preOnsetDays: 4, toleranceMinutes: 30, depth: 2, stayMinutesByKind: { castle: 20 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'TRACING_SETTINGS_INVALID' });
    const ok = await put(official, '/api/tracing/settings/330100', { preOnsetDays: 2, toleranceMinutes: 0, depth: 1, stayMinutesByKind: { residential: 10, shop: 20 } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await xixiWorker.request({ method: 'GET', url: '/api/tracing/settings/330100' })).statusCode).toBe(403);
    expect((await official.request({ method: 'GET', url: '/api/tracing/settings/330100' })).json()).toMatchObject({ preOnsetDays: 2, depth: 1, stayMinutesByKind: { shop: 20 } });
    expect((await put(xixiWorker, '/api/tracing/settings/330100', { preOnsetDays: 2, toleranceMinutes: 0, depth: 1, stayMinutesByKind: {} })).statusCode).toBe(403);
  });
});
