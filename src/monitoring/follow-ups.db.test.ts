import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import type { Session } from '../../test/support/http-users.ts';
import { fixedClock } from '../kernel/time.ts';
import { put, registeredResident, staffSession, type Resident } from '../codes/colours/testing.ts';
import { accountIdOf, planOfSource, signInAgain, tripAndReturn } from './testing.ts';

// 2026-03-02 10:00 in Beijing.
const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
let t: TestPlatform;
let official: Session;
let worker: Session;
let colleague: Session;
let outsider: Session;
let alice: Resident;
let planId: string;
let otherPlanId: string;

const followUp = (session: Session, id: string, payload: Record<string, unknown>) => session.request({ method: 'POST', url: `/api/monitoring/plans/${id}/follow-ups`, payload });
const followUpCount = async () => Number((await t.database.db.selectFrom('monitoringFollowUps').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  official = await staffSession(t, 'fu-official', 'health_official', '330100');
  worker = await staffSession(t, 'fu-worker', 'community_worker', '330102');
  outsider = await staffSession(t, 'fu-worker-xh', 'community_worker', '330106');
  await put(official, '/api/codes/regions/330100/risk-areas', { areas: [{ regionCode: '330106', level: 'high' }] });
  alice = await registeredResident(t, '13833332001', '王丽');
  const bob = await registeredResident(t, '13833332002', '李雷');
  planId = (await planOfSource(t, (await tripAndReturn(t, alice, ['330106'], '2026-03-02')).tripId))!.id;
  otherPlanId = (await planOfSource(t, (await tripAndReturn(t, bob, ['330106'], '2026-03-02')).tripId))!.id;
  // A second worker of the district joins after the plans were given to the first.
  colleague = await staffSession(t, 'fu-worker-2', 'community_worker', '330102');
});
afterAll(async () => t.close());

describe('follow-ups (随访)', () => {
  it('are refused with stable codes when the answers are wrong, and nothing is stored', async () => {
    for (const [payload, code] of [
      [{ reached: true, temperature: 42.5, symptoms: ['none'] }, 'MONITORING_TEMPERATURE_INVALID'],
      [{ reached: true, temperature: 36.55, symptoms: ['none'] }, 'MONITORING_TEMPERATURE_INVALID'],
      [{ reached: true, symptoms: ['none'] }, 'MONITORING_ANSWERS_REQUIRED'],
      [{ reached: true, temperature: 36.5, symptoms: ['none', 'cough'] }, 'MONITORING_SYMPTOMS_INVALID'],
      [{ reached: false, temperature: 36.5 }, 'MONITORING_UNREACHED_WITH_ANSWERS'],
      [{ reached: false, note: '长'.repeat(201) }, 'MONITORING_NOTE_TOO_LONG'],
    ] as const) {
      const res = await followUp(worker, planId, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe(code);
    }
    expect(await followUpCount()).toBe(0);
  });

  it('are recorded once a day by the assigned worker, audited without the health answers', async () => {
    const res = await followUp(worker, planId, { reached: true, temperature: 36.5, symptoms: ['none'], note: '电话随访' });
    expect(res.statusCode).toBe(201);
    expect(res.json().followUp).toMatchObject({ day: '2026-03-02', reached: true, temperature: 36.5, symptoms: ['none'], note: '电话随访', recordedByName: 'fu-worker' });
    expect(res.json().plan).toMatchObject({ id: planId, todayDone: true, lastReached: { day: '2026-03-02', temperature: 36.5 } });
    const again = await followUp(worker, planId, { reached: false });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('MONITORING_FOLLOW_UP_EXISTS');
    expect(await followUpCount()).toBe(1);
    const audit = await t.database.db.selectFrom('auditLog').select(['actorLabel', 'targetId', 'detail']).where('action', '=', 'monitoring.follow_up').execute();
    expect(audit.map((a) => ({ ...a, detail: JSON.parse(String(a.detail)) }))).toEqual([{ actorLabel: 'fu-worker', targetId: planId, detail: { day: '2026-03-02', reached: true } }]);
  });

  it('are taken from any community worker or official of the person\'s region, not from others', async () => {
    const byColleague = await followUp(colleague, otherPlanId, { reached: false, note: '未接电话' });
    expect(byColleague.statusCode).toBe(201);
    const outside = await followUp(outsider, planId, { reached: false });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().code).toBe('MONITORING_PLAN_NOT_FOUND');
    const resident = await followUp(alice.session, planId, { reached: false });
    expect(resident.statusCode).toBe(403);
    expect((await outsider.request({ method: 'GET', url: `/api/monitoring/plans/${planId}` })).statusCode).toBe(404);
  });

  it('cannot be changed or removed, even in SQL', async () => {
    await expect(sql`update monitoring_follow_ups set temperature = 36.0`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from monitoring_follow_ups`.execute(t.database.db)).rejects.toThrow(/append-only/);
  });
});

describe('lists and flags', () => {
  it('the worker\'s today list: my active plans with whether today\'s follow-up is done', async () => {
    const res = await worker.request({ method: 'GET', url: '/api/monitoring/today' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.day).toBe('2026-03-02');
    const mine = await accountIdOf(t, 'fu-worker');
    expect(body.items.every((i: { assignedAccountId: string }) => i.assignedAccountId === mine)).toBe(true);
    const byId = new Map(body.items.map((i: { id: string; todayDone: boolean }) => [i.id, i.todayDone]));
    expect(byId.get(planId)).toBe(true);
    expect(byId.get(otherPlanId)).toBe(true); // recorded by a colleague: done for the day
    expect(JSON.stringify(body)).not.toContain('王丽');
    const colleagues = (await colleague.request({ method: 'GET', url: '/api/monitoring/today' })).json();
    expect(colleagues.items).toEqual([]);
  });

  it('flags a missed day and a fever, on the worker\'s and the official\'s lists', async () => {
    try {
      // Two days later: bob's plan was not reached on 03-02 and nobody called on 03-03; alice was reached on 03-02 only.
      clock.set(new Date('2026-03-04T02:00:00Z'));
      const worker = await signInAgain(t, 'fu-worker');
      const official = await signInAgain(t, 'fu-official');
      const outsider = await signInAgain(t, 'fu-worker-xh');
      const fever = await followUp(worker, planId, { reached: true, temperature: 38.1, symptoms: ['cough'] });
      expect(fever.statusCode).toBe(201);
      const today = (await worker.request({ method: 'GET', url: '/api/monitoring/today' })).json();
      const a = today.items.find((i: { id: string }) => i.id === planId);
      const b = today.items.find((i: { id: string }) => i.id === otherPlanId);
      expect(a).toMatchObject({ todayDone: true, flags: { missedDays: 1, fever: true, symptoms: true, overdue: false } });
      expect(b).toMatchObject({ todayDone: false, lastReached: null, flags: { missedDays: 2, fever: false, symptoms: false } });

      const symptomatic = (await official.request({ method: 'GET', url: '/api/monitoring/plans?flag=symptomatic' })).json();
      expect(symptomatic.items.map((i: { id: string }) => i.id)).toEqual([planId]);
      const missed = (await official.request({ method: 'GET', url: '/api/monitoring/plans?flag=missed' })).json();
      expect(missed.items.map((i: { id: string }) => i.id).sort()).toEqual([planId, otherPlanId].sort());
      const elsewhere = (await outsider.request({ method: 'GET', url: '/api/monitoring/plans' })).json();
      expect(elsewhere.items).toEqual([]);
      const forbidden = await outsider.request({ method: 'GET', url: '/api/monitoring/plans?regionCode=330102' });
      expect(forbidden.statusCode).toBe(403);

      const detail = (await official.request({ method: 'GET', url: `/api/monitoring/plans/${planId}` })).json();
      expect(detail.followUps.map((f: { day: string; temperature: number | null }) => [f.day, f.temperature])).toEqual([['2026-03-04', 38.1], ['2026-03-02', 36.5]]);
    } finally {
      clock.set(new Date('2026-03-02T02:00:00Z'));
    }
  });

  it('pages the region\'s list by keyset without repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const res: { items: { id: string }[]; next: string | null } = (await official.request({ method: 'GET', url: `/api/monitoring/plans?limit=1${after ? `&after=${after}` : ''}` })).json();
      seen.push(...res.items.map((i) => i.id));
      after = res.next;
    } while (after);
    expect(seen.sort()).toEqual([planId, otherPlanId].sort());
    const bad = await official.request({ method: 'GET', url: '/api/monitoring/plans?after=bm9wZQ' });
    expect(bad.json().code).toBe('MONITORING_CURSOR_INVALID');
  });
});
