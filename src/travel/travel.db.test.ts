import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import type { Session } from '../../test/support/http-users.ts';
import { fixedClock } from '../kernel/time.ts';
import { reviewDueColours } from '../codes/colours/service.ts';
import { bindDependantOf, put, registeredResident, staffSession, type Resident } from '../codes/colours/testing.ts';

// 2026-03-02 10:00 in Beijing.
const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
let t: TestPlatform;
let alice: Resident;
let bob: Resident;
let official: Session;
let worker: Session;
let otherWorker: Session;

function trip(personId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    personId, fromRegionCode: '330102', toRegionCode: '310101', viaRegionCodes: [], leaveOn: '2026-03-02', returnOn: '2026-03-05',
    transport: 'train', transportNumber: 'g 7512', purpose: '探亲', ...overrides,
  };
}

async function colourOf(personId: string): Promise<string | undefined> {
  return (await t.database.db.selectFrom('codeStatus').select('colour').where('personId', '=', personId).executeTakeFirst())?.colour;
}

async function tripCount(): Promise<number> {
  return Number((await t.database.db.selectFrom('travelDeclarations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  alice = await registeredResident(t, '13833330001', '王丽');
  bob = await registeredResident(t, '13833330002', '李四', '330106');
  official = await staffSession(t, 'travel-official', 'health_official', '330100');
  worker = await staffSession(t, 'travel-worker', 'community_worker', '330102');
  otherWorker = await staffSession(t, 'travel-worker-xh', 'community_worker', '330106');
  const areas = await put(official, '/api/codes/regions/330100/risk-areas', { areas: [{ regionCode: '330106', level: 'high' }, { regionCode: '330108', level: 'medium' }] });
  expect(areas.statusCode).toBe(200);
});
afterAll(async () => t.close());

describe('declaring a trip', () => {
  it('stores a trip to a place without risk, normalises the train number, notes the facts and keeps the code green', async () => {
    const res = await alice.session.request({ method: 'POST', url: '/api/travel', payload: trip(alice.personId) });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.trip).toMatchObject({ personId: alice.personId, transportNumber: 'G7512', status: 'planned', riskRegionCodes: [], toRegionCode: '310101' });
    expect(body.trip.toRegionName).not.toBe('310101');
    expect(body.code.colour).toBe('green');
    const facts = await t.database.db.selectFrom('codeFactsChanged').select(['source', 'processedAt']).where('sourceRef', '=', body.trip.id).execute();
    expect(facts).toEqual([{ source: 'travel', processedAt: expect.any(Date) }]);
  });

  it.each([
    ['TRAVEL_LEAVE_IN_PAST', { leaveOn: '2026-03-01' }, 'leaveOn'],
    ['TRAVEL_RETURN_BEFORE_LEAVE', { leaveOn: '2026-03-04', returnOn: '2026-03-03' }, 'returnOn'],
    ['TRAVEL_DATE_INVALID', { returnOn: '2026-02-30' }, 'returnOn'],
    ['TRAVEL_NUMBER_INVALID', { transportNumber: 'X12' }, 'transportNumber'],
    ['TRAVEL_NUMBER_INVALID', { transport: 'flight', transportNumber: '12345' }, 'transportNumber'],
    ['TRAVEL_NUMBER_NOT_ALLOWED', { transport: 'car', transportNumber: 'CA1234' }, 'transportNumber'],
    ['TRAVEL_REGION_UNKNOWN', { toRegionCode: '339999' }, 'toRegionCode'],
    ['TRAVEL_REGION_UNKNOWN', { viaRegionCodes: ['339998'] }, 'viaRegionCodes'],
    ['TRAVEL_SAME_PLACE', { toRegionCode: '330102' }, 'toRegionCode'],
    ['TRAVEL_PURPOSE_INVALID', { purpose: '   ' }, 'purpose'],
  ])('refuses %s (%j) and stores nothing', async (code, overrides, field) => {
    const before = await tripCount();
    const res = await alice.session.request({ method: 'POST', url: '/api/travel', payload: trip(alice.personId, overrides) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code, details: { field } });
    expect(await tripCount()).toBe(before);
  });

  it('accepts a flight number for a flight and no number for a coach', async () => {
    const flight = await alice.session.request({ method: 'POST', url: '/api/travel', payload: trip(alice.personId, { transport: 'flight', transportNumber: 'ca1234', leaveOn: '2026-03-10', returnOn: '2026-03-12' }) });
    expect(flight.statusCode).toBe(201);
    expect(flight.json().trip.transportNumber).toBe('CA1234');
    const coach = await alice.session.request({ method: 'POST', url: '/api/travel', payload: trip(alice.personId, { transport: 'coach', transportNumber: null, leaveOn: '2026-03-10', returnOn: '2026-03-12' }) });
    expect(coach.statusCode).toBe(201);
  });

  it('lets a guardian declare for a dependant and refuses strangers and staff as if the person did not exist', async () => {
    const childId = await bindDependantOf(alice, '王小明');
    const own = await alice.session.request({ method: 'POST', url: '/api/travel', payload: trip(childId) });
    expect(own.statusCode).toBe(201);
    const before = await tripCount();
    const stranger = await bob.session.request({ method: 'POST', url: '/api/travel', payload: trip(childId) });
    expect(stranger.statusCode).toBe(404);
    const peek = await bob.session.request({ method: 'GET', url: `/api/travel/${own.json().trip.id}` });
    expect(peek.statusCode).toBe(404);
    expect(peek.json().code).toBe('TRAVEL_NOT_FOUND');
    const staff = await worker.request({ method: 'POST', url: '/api/travel', payload: trip(alice.personId) });
    expect(staff.statusCode).toBe(403);
    expect(await tripCount()).toBe(before);
  });
});

describe('trips into risk areas are a rules-engine fact', () => {
  let carol: Resident;
  beforeAll(async () => { carol = await registeredResident(t, '13833330003', '赵敏'); });

  it('a trip into a high-risk area from today turns the code yellow with the trip reason', async () => {
    const res = await carol.session.request({ method: 'POST', url: '/api/travel', payload: trip(carol.personId, { toRegionCode: '330106' }) });
    expect(res.statusCode).toBe(201);
    expect(res.json().trip.riskRegionCodes).toEqual(['330106']);
    expect(res.json().code.colour).toBe('yellow');
    expect(res.json().code.reasons.map((r: { reasonCode: string }) => r.reasonCode)).toContain('high_risk_trip');
  });

  it('a trip only through a medium-risk area stays green under the default 2020 rules (high-risk areas only)', async () => {
    const dave = await registeredResident(t, '13833330004', '钱多');
    const res = await dave.session.request({ method: 'POST', url: '/api/travel', payload: trip(dave.personId, { toRegionCode: '310101', viaRegionCodes: ['330108'] }) });
    expect(res.json().trip.riskRegionCodes).toEqual(['330108']);
    expect(res.json().code.colour).toBe('green');
  });

  it('a future trip keeps the code green until its leave day, when the review job turns it yellow; a cancelled one never does', async () => {
    const erin = await registeredResident(t, '13833330005', '孙悦');
    const res = await erin.session.request({ method: 'POST', url: '/api/travel', payload: trip(erin.personId, { toRegionCode: '330106', viaRegionCodes: [], leaveOn: '2026-03-03', returnOn: '2026-03-04' }) });
    expect(res.json().code.colour).toBe('green');
    expect(new Date(res.json().code.nextReviewAt).toISOString()).toBe('2026-03-02T16:00:00.000Z');
    const frank = await registeredResident(t, '13833330006', '周全');
    const planned = await frank.session.request({ method: 'POST', url: '/api/travel', payload: trip(frank.personId, { toRegionCode: '330106', leaveOn: '2026-03-03', returnOn: '2026-03-04' }) });
    const cancelled = await frank.session.request({ method: 'POST', url: `/api/travel/${planned.json().trip.id}/cancel` });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().trip.status).toBe('cancelled');

    clock.set(new Date('2026-03-02T16:30:00Z'));
    try {
      await reviewDueColours(t.platform);
      expect(await colourOf(erin.personId)).toBe('yellow');
      expect(await colourOf(frank.personId)).toBe('green');
    } finally {
      clock.set(new Date('2026-03-02T02:00:00Z'));
    }
    const strangers = await frank.session.request({ method: 'POST', url: `/api/travel/${res.json().trip.id}/cancel` });
    expect(strangers.statusCode).toBe(404);
  });
});

describe('return declarations and home observation', () => {
  let tripId: string;
  let quietTripId: string;

  beforeAll(async () => {
    const res = await alice.session.request({ method: 'POST', url: '/api/travel', payload: trip(alice.personId, { toRegionCode: '310101', viaRegionCodes: [], leaveOn: '2026-03-02', returnOn: '2026-03-03' }) });
    tripId = res.json().trip.id;
    const quiet = await alice.session.request({ method: 'POST', url: '/api/travel', payload: trip(alice.personId, { leaveOn: '2026-03-02', returnOn: '2026-03-03' }) });
    quietTripId = quiet.json().trip.id;
  });

  it('refuses a return day before leaving or in the future, unknown places and a wrong health state', async () => {
    for (const [payload, code] of [
      [{ returnedOn: '2026-03-01', visitedRegionCodes: ['310101'], health: 'well' }, 'TRAVEL_RETURN_DATE_INVALID'],
      [{ returnedOn: '2026-03-03', visitedRegionCodes: ['310101'], health: 'well' }, 'TRAVEL_RETURN_DATE_INVALID'],
      [{ returnedOn: '2026-03-02', visitedRegionCodes: [], health: 'well' }, 'TRAVEL_VISITED_INVALID'],
      [{ returnedOn: '2026-03-02', visitedRegionCodes: ['339999'], health: 'well' }, 'TRAVEL_VISITED_INVALID'],
    ] as const) {
      const res = await alice.session.request({ method: 'POST', url: `/api/travel/${tripId}/return`, payload });
      expect(res.json().code, JSON.stringify(payload)).toBe(code);
    }
    const count = await t.database.db.selectFrom('travelReturns').select('travelId').execute();
    expect(count).toEqual([]);
  });

  it('a return that really visited a risk area starts home observation, shown to the resident', async () => {
    const res = await alice.session.request({ method: 'POST', url: `/api/travel/${tripId}/return`, payload: { returnedOn: '2026-03-02', visitedRegionCodes: ['310101', '330106'], health: 'well' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().trip.status).toBe('returned');
    expect(res.json().trip.returnDeclaration).toMatchObject({ observationRequired: true, observationRegionCodes: ['330106'], observationUntil: '2026-03-16' });
    expect(res.json().code.colour).toBe('yellow');
    const mine = await alice.session.request({ method: 'GET', url: `/api/travel?personId=${alice.personId}` });
    const listed = mine.json().items.find((i: { id: string }) => i.id === tripId);
    expect(listed.returnDeclaration.observationRequired).toBe(true);
    const again = await alice.session.request({ method: 'POST', url: `/api/travel/${tripId}/return`, payload: { returnedOn: '2026-03-02', visitedRegionCodes: ['310101'], health: 'well' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('TRAVEL_ALREADY_RETURNED');
  });

  it('a return from places without risk needs no observation', async () => {
    const res = await alice.session.request({ method: 'POST', url: `/api/travel/${quietTripId}/return`, payload: { returnedOn: '2026-03-02', visitedRegionCodes: ['310101'], health: 'well' } });
    expect(res.json().trip.returnDeclaration).toMatchObject({ observationRequired: false, observationUntil: null });
  });

  it('lists observations to the community workers of the person\'s home district only, masked', async () => {
    const mine = await worker.request({ method: 'GET', url: '/api/travel/staff/observations' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items).toEqual([expect.objectContaining({ travelId: tripId, personId: alice.personId, nameMasked: '王*', observationUntil: '2026-03-16' })]);
    expect(JSON.stringify(mine.json())).not.toContain('王丽');
    const other = await otherWorker.request({ method: 'GET', url: '/api/travel/staff/observations' });
    expect(other.json().items).toEqual([]);
    const resident = await alice.session.request({ method: 'GET', url: '/api/travel/staff/observations' });
    expect(resident.statusCode).toBe(403);
  });
});

describe('staff lists and details', () => {
  it('lists trips of the worker\'s residents, keyset-paginated, optionally only risk trips', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { items: { id: string; homeRegionCode: string; nameMasked: string }[]; next: string | null } =
        (await worker.request({ method: 'GET', url: `/api/travel/staff/trips?limit=2${after ? `&after=${after}` : ''}` })).json();
      seen.push(...page.items.map((i) => i.id));
      expect(page.items.every((i) => i.homeRegionCode.startsWith('330102') && !i.nameMasked.includes('丽'))).toBe(true);
      after = page.next;
    } while (after);
    const total = await t.database.db.selectFrom('travelDeclarations').select('id').where('homeRegionCode', 'like', '330102%').execute();
    expect(new Set(seen).size).toBe(total.length);
    expect(seen.length).toBe(total.length);
    const risky = (await worker.request({ method: 'GET', url: '/api/travel/staff/trips?riskOnly=true&limit=100' })).json();
    expect(risky.items.length).toBeGreaterThan(0);
    expect(risky.items.every((i: { riskRegionCodes: string[] }) => i.riskRegionCodes.length > 0)).toBe(true);
    expect(risky.items.length).toBeLessThan(total.length);
  });

  it('reveals a trip with the person only for a reason, audited, and not outside the region', async () => {
    const [row] = await t.database.db.selectFrom('travelDeclarations').select('id').where('personId', '=', alice.personId).limit(1).execute();
    const noReason = await worker.request({ method: 'POST', url: `/api/travel/staff/trips/${row!.id}/reveal`, payload: {} });
    expect(noReason.json().code).toBe('TRAVEL_REASON_REQUIRED');
    const outside = await otherWorker.request({ method: 'POST', url: `/api/travel/staff/trips/${row!.id}/reveal`, payload: { reason: '居家观察随访' } });
    expect(outside.statusCode).toBe(404);
    const before = await t.database.db.selectFrom('auditLog').select('id').where('action', '=', 'travel.read').execute();
    const res = await worker.request({ method: 'POST', url: `/api/travel/staff/trips/${row!.id}/reveal`, payload: { reason: '居家观察随访' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().person.name).toBe('王丽');
    const after = await t.database.db.selectFrom('auditLog').select(['reason', 'targetId']).where('action', '=', 'travel.read').execute();
    expect(after.length).toBe(before.length + 1);
    expect(after[after.length - 1]).toEqual({ reason: '居家观察随访', targetId: row!.id });
  });
});


describe('risk areas changing after a trip was declared', () => {
  it('re-reviews the travellers of an area that becomes high-risk', async () => {
    const gina = await registeredResident(t, '13833330007', '吴静');
    const res = await gina.session.request({ method: 'POST', url: '/api/travel', payload: trip(gina.personId, { toRegionCode: '330110', viaRegionCodes: [] }) });
    expect(res.json().code.colour).toBe('green');
    const changed = await put(official, '/api/codes/regions/330100/risk-areas', { areas: [{ regionCode: '330106', level: 'high' }, { regionCode: '330108', level: 'medium' }, { regionCode: '330110', level: 'high' }] });
    expect(changed.json().personsToReview).toBeGreaterThanOrEqual(1);
    const pending = await t.database.db.selectFrom('codeFactsChanged').select('personId').where('source', '=', 'risk_areas').where('processedAt', 'is', null).execute();
    expect(pending.map((p) => p.personId)).toContain(gina.personId);
    await reviewDueColours(t.platform);
    expect(await colourOf(gina.personId)).toBe('yellow');
  });
});
