import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { residentId, signInResidentSession, type Session } from '../../test/support/http-users.ts';
import type { Database } from '../db/schema.ts';
import { fixedClock } from '../kernel/time.ts';
import { put, registeredResident, staffSession, type Resident } from '../codes/colours/testing.ts';
import { completeDuePlans, startMonitoringPlan, startMonitoringPlans, type PlanStart } from './service.ts';
import { accountIdOf, colourOf, planOfSource, signInAgain, tripAndReturn } from './testing.ts';

// 2026-03-02 10:00 in Beijing.
const START = new Date('2026-03-02T02:00:00Z');
const clock = fixedClock(START);
let t: TestPlatform;
let official: Session;
let workerA: Session;
let sortedWorkers: string[];

const reasonCodes = (status: Awaited<ReturnType<typeof colourOf>>) => status?.reasons.map((r) => r.reasonCode) ?? [];

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  official = await staffSession(t, 'mon-official', 'health_official', '330100');
  workerA = await staffSession(t, 'mon-worker-a', 'community_worker', '330102');
  await staffSession(t, 'mon-worker-b', 'community_worker', '330102');
  await staffSession(t, 'mon-worker-xh', 'community_worker', '330106');
  sortedWorkers = [await accountIdOf(t, 'mon-worker-a'), await accountIdOf(t, 'mon-worker-b')].sort();
  const areas = await put(official, '/api/codes/regions/330100/risk-areas', { areas: [{ regionCode: '330106', level: 'high' }, { regionCode: '330108', level: 'medium' }] });
  expect(areas.statusCode).toBe(200);
});
afterAll(async () => t.close());

describe('a return declaration from a risk area starts a monitoring plan', () => {
  it('in the same transaction, from the return day for 14 days, at the home district, assigned to its community workers in turn', async () => {
    const residents: Resident[] = [];
    const plans = [];
    for (const [i, name] of ['王丽', '李雷', '韩梅'].entries()) {
      const resident = await registeredResident(t, `1383333100${i}`, name);
      residents.push(resident);
      const { tripId, body } = await tripAndReturn(t, resident, ['310101', '330106'], '2026-03-02');
      const plan = await planOfSource(t, tripId);
      expect(plan).toMatchObject({ personId: resident.personId, reason: 'travel_return', regionCode: '330102', startOn: '2026-03-02', endOn: '2026-03-16', followUpFrom: '2026-03-02', status: 'active' });
      expect(body.trip.returnDeclaration).toMatchObject({ observationRequired: true, observationUntil: plan!.endOn });
      plans.push(plan!);
    }
    // Round-robin over the two workers of 上城区, never the 西湖区 one.
    expect(plans.map((p) => p.assignedAccountId)).toEqual([sortedWorkers[0], sortedWorkers[1], sortedWorkers[0]]);
    const facts = await t.database.db.selectFrom('codeFactsChanged').select(['source', 'processedAt']).where('sourceRef', '=', plans[0]!.id).execute();
    expect(facts).toEqual([{ source: 'monitoring', processedAt: expect.any(Date) }]);
  });

  it('turns the code yellow with a reason the resident can read, even for a medium-risk area the trip rule ignores', async () => {
    const dave = await registeredResident(t, '13833331010', '钱多');
    const { body } = await tripAndReturn(t, dave, ['330108'], '2026-03-02');
    expect(body.code.colour).toBe('yellow');
    expect(reasonCodes(body.code)).toEqual(['home_observation']);
    expect(body.code.reasons[0].text.zh).toContain('居家观察中（至3月16日）');
    expect(body.code.reasons[0].text.en).toContain('until 16 Mar');
  });

  it('starts none for a return from places without risk', async () => {
    const erin = await registeredResident(t, '13833331011', '孙悦');
    const { tripId, body } = await tripAndReturn(t, erin, ['310101'], '2026-03-02');
    expect(await planOfSource(t, tripId)).toBeUndefined();
    expect(body.code.colour).toBe('green');
  });

  it('is idempotent: one plan per source', async () => {
    const [plan] = await t.database.db.selectFrom('monitoringPlans').selectAll().orderBy('createdAt').limit(1).execute();
    const again = await startMonitoringPlan(t.platform, { personId: plan!.personId, reason: 'travel_return', sourceRef: plan!.sourceRef, startOn: '2026-03-02' });
    expect(again).toMatchObject({ id: plan!.id, created: false, assignedAccountId: plan!.assignedAccountId });
    const rows = await t.database.db.selectFrom('monitoringPlans').select('id').where('sourceRef', '=', plan!.sourceRef).execute();
    expect(rows).toHaveLength(1);
  });

  it('stays unassigned without a community worker of the street, flagged for officials, who assign it', async () => {
    const gina = await registeredResident(t, '13833331012', '吴静', '330110');
    const { tripId } = await tripAndReturn(t, gina, ['330106'], '2026-03-02');
    const plan = (await planOfSource(t, tripId))!;
    expect(plan.assignedAccountId).toBeNull();
    const flagged = (await official.request({ method: 'GET', url: '/api/monitoring/plans?flag=unassigned&limit=100' })).json();
    expect(flagged.items.map((i: { id: string }) => i.id)).toEqual([plan.id]);
    expect(flagged.items[0]).toMatchObject({ nameMasked: '吴*', flags: { unassigned: true }, assignedName: null });
    expect(JSON.stringify(flagged)).not.toContain('吴静');

    const wrong = await official.request({ method: 'POST', url: `/api/monitoring/plans/${plan.id}/assign`, payload: { accountId: sortedWorkers[0] } });
    expect(wrong.json().code).toBe('MONITORING_WORKER_INVALID');
    const none = await official.request({ method: 'POST', url: `/api/monitoring/plans/${plan.id}/assign`, payload: {} });
    expect(none.json().code).toBe('MONITORING_WORKER_INVALID');
    await staffSession(t, 'mon-worker-yh', 'community_worker', '330110');
    const workers = (await official.request({ method: 'GET', url: `/api/monitoring/plans/${plan.id}/workers` })).json();
    expect(workers.items.map((w: { username: string }) => w.username)).toEqual(['mon-worker-yh']);
    const assigned = await official.request({ method: 'POST', url: `/api/monitoring/plans/${plan.id}/assign`, payload: {} });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ assignedAccountId: await accountIdOf(t, 'mon-worker-yh'), assignedName: 'mon-worker-yh', flags: { unassigned: false } });
    const byWorker = await workerA.request({ method: 'POST', url: `/api/monitoring/plans/${plan.id}/assign`, payload: {} });
    expect(byWorker.statusCode).toBe(403);
    const audit = await t.database.db.selectFrom('auditLog').select('targetId').where('action', '=', 'monitoring.plan.assign').execute();
    expect(audit).toEqual([{ targetId: plan.id }]);
  });
});

describe('the colour follows the plan', () => {
  it('stays yellow on the end day, turns green when the job completes the plan after it with a clean last follow-up', async () => {
    const hana = await registeredResident(t, '13833331020', '郑花');
    const { tripId } = await tripAndReturn(t, hana, ['330108'], '2026-03-02');
    const plan = (await planOfSource(t, tripId))!;
    const username = plan.assignedAccountId === await accountIdOf(t, 'mon-worker-a') ? 'mon-worker-a' : 'mon-worker-b';
    try {
      clock.set(new Date('2026-03-16T02:00:00Z'));
      const worker = await signInAgain(t, username);
      const last = await worker.request({ method: 'POST', url: `/api/monitoring/plans/${plan.id}/follow-ups`, payload: { reached: true, temperature: 36.4, symptoms: ['none'] } });
      expect(last.statusCode).toBe(201);
      expect(last.json().plan.status).toBe('active');
      expect(await completeDuePlans(t.platform)).toBe(0);
      expect((await colourOf(t, hana.personId))?.colour).toBe('yellow');

      clock.set(new Date('2026-03-16T16:10:00Z')); // 03-17 00:10 in Beijing
      expect(await completeDuePlans(t.platform)).toBe(1);
      expect((await planOfSource(t, tripId))).toMatchObject({ status: 'completed', closedAt: expect.any(Date) });
      expect(await colourOf(t, hana.personId)).toMatchObject({ colour: 'green' });
      expect(await completeDuePlans(t.platform)).toBe(0);
    } finally {
      clock.set(START);
    }
  });

  it('a fever at the last follow-up keeps the plan open past its end day (flagged) until a clean follow-up completes it at once', async () => {
    const ivan = await registeredResident(t, '13833331021', '冯伊');
    const { tripId } = await tripAndReturn(t, ivan, ['330108'], '2026-03-02');
    const plan = (await planOfSource(t, tripId))!;
    try {
      clock.set(new Date('2026-03-16T02:00:00Z'));
      let official = await signInAgain(t, 'mon-official');
      await official.request({ method: 'POST', url: `/api/monitoring/plans/${plan.id}/follow-ups`, payload: { reached: true, temperature: 38.2, symptoms: ['fever'] } });
      clock.set(new Date('2026-03-16T16:10:00Z'));
      official = await signInAgain(t, 'mon-official');
      await completeDuePlans(t.platform);
      const overdue = (await official.request({ method: 'GET', url: `/api/monitoring/plans/${plan.id}` })).json();
      expect(overdue).toMatchObject({ status: 'active', flags: { overdue: true, fever: true, symptoms: true } });
      expect((await colourOf(t, ivan.personId))?.colour).toBe('yellow');
      const flagged = (await official.request({ method: 'GET', url: '/api/monitoring/plans?flag=overdue&limit=100' })).json();
      expect(flagged.items.map((i: { id: string }) => i.id)).toContain(plan.id);

      clock.set(new Date('2026-03-17T02:00:00Z'));
      official = await signInAgain(t, 'mon-official');
      const clean = await official.request({ method: 'POST', url: `/api/monitoring/plans/${plan.id}/follow-ups`, payload: { reached: true, temperature: 36.6, symptoms: ['none'] } });
      expect(clean.statusCode).toBe(201);
      expect(clean.json().plan).toMatchObject({ status: 'completed', flags: { overdue: false, fever: false } });
      expect((await colourOf(t, ivan.personId))?.colour).toBe('green');
    } finally {
      clock.set(START);
    }
  });

  it('an official ends a plan early with a reason (audited) and the yellow lifts; workers cannot', async () => {
    const jack = await registeredResident(t, '13833331022', '褚杰');
    const { tripId } = await tripAndReturn(t, jack, ['330108'], '2026-03-02');
    const plan = (await planOfSource(t, tripId))!;
    expect((await colourOf(t, jack.personId))?.colour).toBe('yellow');
    const byWorker = await workerA.request({ method: 'POST', url: `/api/monitoring/plans/${plan.id}/end`, payload: { reason: '转集中隔离' } });
    expect(byWorker.statusCode).toBe(403);
    const noReason = await official.request({ method: 'POST', url: `/api/monitoring/plans/${plan.id}/end`, payload: { reason: ' x ' } });
    expect(noReason.json().code).toBe('MONITORING_END_REASON_REQUIRED');
    const ended = await official.request({ method: 'POST', url: `/api/monitoring/plans/${plan.id}/end`, payload: { reason: '核酸阴性，专家组评估解除' } });
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toMatchObject({ status: 'ended', endReason: '核酸阴性，专家组评估解除' });
    expect((await colourOf(t, jack.personId))?.colour).toBe('green');
    const again = await official.request({ method: 'POST', url: `/api/monitoring/plans/${plan.id}/end`, payload: { reason: '再次结束' } });
    expect(again.json().code).toBe('MONITORING_PLAN_CLOSED');
    const followUp = await official.request({ method: 'POST', url: `/api/monitoring/plans/${plan.id}/follow-ups`, payload: { reached: false } });
    expect(followUp.json().code).toBe('MONITORING_PLAN_CLOSED');
    const audit = await t.database.db.selectFrom('auditLog').select(['reason', 'actorLabel']).where('action', '=', 'monitoring.plan.end').where('targetId', '=', plan.id).execute();
    expect(audit).toEqual([{ reason: '核酸阴性，专家组评估解除', actorLabel: 'mon-official' }]);
  });
});

describe('the city\'s plan length', () => {
  it('is set by a health official of the city (7–28 days, audited) and lasts new plans that long', async () => {
    const bad = await put(official, '/api/monitoring/regions/330100/settings', { planDays: 30 });
    expect(bad.json().code).toBe('MONITORING_PLAN_DAYS_INVALID');
    const district = await put(official, '/api/monitoring/regions/330102/settings', { planDays: 7 });
    expect(district.json().code).toBe('MONITORING_REGION_NOT_CITY');
    const byWorker = await put(workerA, '/api/monitoring/regions/330100/settings', { planDays: 7 });
    expect(byWorker.statusCode).toBe(403);
    await t.database.db.insertInto('tenants').values({ regionCode: '330100', displayName: '杭州市', settings: '{}' }).onConflict((oc) => oc.doNothing()).execute();
    const set = await put(official, '/api/monitoring/regions/330100/settings', { planDays: 7 });
    expect(set.json()).toEqual({ regionCode: '330100', planDays: 7 });
    const kate = await registeredResident(t, '13833331030', '何凯');
    const { tripId, body } = await tripAndReturn(t, kate, ['330106'], '2026-03-02');
    expect(await planOfSource(t, tripId)).toMatchObject({ startOn: '2026-03-02', endOn: '2026-03-09' });
    expect(body.trip.returnDeclaration.observationUntil).toBe('2026-03-09');
    await put(official, '/api/monitoring/regions/330100/settings', { planDays: 14 });
  });
});

describe('starting many plans at once (a traced case\'s close contacts)', () => {
  it('assigns them in turn like single starts, writes each once, and answers the existing plan on a second call', async () => {
    const residents = [];
    for (const [i, name] of ['赵一', '赵二', '赵三'].entries()) residents.push(await registeredResident(t, `1383333120${i}`, name));
    const inputs = residents.map((r) => ({ personId: r.personId, reason: 'close_contact' as const, sourceRef: `case:batch:${r.personId}`, startOn: '2026-03-02' }));
    const first = await startMonitoringPlans(t.platform, inputs);
    expect(first.map((p) => p?.created)).toEqual([true, true, true]);
    const assigned = first.map((p) => p!.assignedAccountId);
    expect(new Set(assigned).size).toBe(2);
    expect(assigned[0]).not.toBe(assigned[1]);
    expect(assigned[1]).not.toBe(assigned[2]);
    const again = await startMonitoringPlans(t.platform, inputs);
    expect(again.map((p) => [p?.id, p?.created])).toEqual(first.map((p) => [p!.id, false]));
    const facts = await t.database.db.selectFrom('codeFactsChanged').select('personId').where('sourceRef', 'in', first.map((p) => p!.id)).execute();
    expect(facts.map((f) => f.personId).sort()).toEqual(residents.map((r) => r.personId).sort());
  });

  it('takes a street\'s turns in one go: the sequence successive single starts give, the cursor left for the next start', async () => {
    // Three community workers of 拱墅区 cover its streets alike: 湖墅街道 starts 7 plans at once, 小河街道 one by one (the reference).
    for (const username of ['mon-gs-1', 'mon-gs-2', 'mon-gs-3']) await staffSession(t, username, 'community_worker', '330105');
    const gs = (await Promise.all(['mon-gs-1', 'mon-gs-2', 'mon-gs-3'].map((u) => accountIdOf(t, u)))).sort();
    let registered = 0;
    const plansFor = async (street: string, count: number): Promise<PlanStart[]> => {
      const inputs: PlanStart[] = [];
      for (let i = 0; i < count; i++) {
        // Registered here, not by registeredResident: it builds the ID from the home code, too long for a street's.
        const k = ++registered;
        const session = await signInResidentSession(t.app, t.database.db, `138333313${String(k).padStart(2, '0')}`);
        const idNumber = residentId(street.slice(0, 6), '19900101', String(k).padStart(3, '0'));
        const res = await session.request({ method: 'POST', url: '/api/people/me', payload: { idType: 'resident_id', idNumber, name: '钱七', homeRegionCode: street, address: '某路 1 号' } });
        expect(res.statusCode).toBe(201);
        const personId = res.json().id as string;
        inputs.push({ personId, reason: 'close_contact', sourceRef: `case:turns:${personId}`, startOn: '2026-03-02' });
      }
      return inputs;
    };
    const single = async (input: PlanStart) => (await startMonitoringPlan(t.platform, input))!.assignedAccountId;

    const reference = await plansFor('330105003', 9);
    const singly: (string | null)[] = [];
    for (const input of reference) singly.push(await single(input));
    expect(singly).toEqual([gs[0], gs[1], gs[2], gs[0], gs[1], gs[2], gs[0], gs[1], gs[2]]);

    const [first, ...rest] = await plansFor('330105002', 9);
    const batch = rest.slice(0, 7);
    const last = rest[7]!;
    // Two plans of a street without workers in between: unassigned, and no cursor of theirs locked.
    const unstaffed = await plansFor('330108001', 2);
    const together = [batch[0]!, unstaffed[0]!, ...batch.slice(1, 4), unstaffed[1]!, ...batch.slice(4)];
    const statements: string[] = [];
    const pool = new pg.Pool({ connectionString: t.database.url, max: 1 });
    const counted = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()],
      log: (event) => { if (event.level === 'query') statements.push(event.query.sql); },
    });
    const byBatch = [await single(first!)];
    try {
      const started = await startMonitoringPlans({ db: counted, clock }, together);
      expect(started.map((p) => p?.created)).toEqual(together.map(() => true));
      const assigned = new Map(started.map((p) => [p!.personId, p!.assignedAccountId]));
      byBatch.push(...batch.map((input) => assigned.get(input.personId)!));
      expect(unstaffed.map((input) => assigned.get(input.personId))).toEqual([null, null]);
    } finally {
      await counted.destroy();
    }
    byBatch.push(await single(last));
    expect(byBatch).toEqual(singly);
    // However many plans: one worker read per street; for the staffed one its cursor locked once
    // (created if missing, then selected for update) and written once.
    expect(statements.filter((q) => /monitoring_assignment_cursors/.test(q))).toHaveLength(3);
    expect(statements.filter((q) => /from "account_roles"/.test(q))).toHaveLength(2);
    const stored = await t.database.db.selectFrom('monitoringPlans').select(['sourceRef', 'assignedAccountId']).where('sourceRef', 'in', batch.map((i) => i.sourceRef)).execute();
    expect(new Map(stored.map((r) => [r.sourceRef, r.assignedAccountId]))).toEqual(new Map(batch.map((input, i) => [input.sourceRef, byBatch[i + 1]])));
  });
});
