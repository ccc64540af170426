import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { createStaffAccount } from '../../accounts/service.ts';
import { finishCallee, seedCallee, seedCampaign } from '../../callbot/results/testing.ts';
import type { Actor } from '../../kernel/access.ts';
import { fixedClock } from '../../kernel/time.ts';
import { endPlan, recordFollowUp, startMonitoringPlans } from '../../monitoring/service.ts';
import { onboardRegion } from '../../regions/onboarding.ts';
import { bj, officialActor, townPeople } from '../../tracing/testing.ts';
import { foldAllDeltas } from '../rollups/jobs.ts';
import { followUpCompletion, screeningOutcomes } from './field-work.ts';

/*
 * Follow-up completion and screening results from the rollups of their tables' triggers: the due
 * days of plans (including one ended early), the follow-ups recorded, and the callees' final
 * results must match what the rows say.
 */
const clock = fixedClock(bj('2026-03-10 09:00'));
let t: TestPlatform;
let official: Actor;
let worker: Actor;
let workerAccountId: string;

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  official = officialActor((await createStaffAccount(t.platform, { system: 'test' }, { username: 'field-official', displayName: '统计', password: 'correct-horse-9', roles: [{ role: 'health_official', regionCode: '330100' }] })).accountId);
  workerAccountId = (await createStaffAccount(t.platform, { system: 'test' }, { username: 'field-worker', displayName: '网格员', password: 'correct-horse-9', roles: [{ role: 'community_worker', regionCode: '330106004' }] })).accountId;
  worker = { accountId: workerAccountId, kind: 'staff', personId: null, label: 'field-worker', roles: [{ role: 'community_worker', regionCode: '330106004' }] };
});
afterAll(async () => t.close());

describe('follow-up completion', () => {
  it('counts the days plans are due, the follow-ups recorded and reached, as the rows do', async () => {
    const p = await townPeople(t, ['甲', '乙', '丙']);
    // Three plans from 3月8日 (14 days each); 丙's plan is ended on 3月10日, so its due days stop on the 9th.
    const plans = await startMonitoringPlans(t.platform, Object.values(p).map((personId) => ({ personId, reason: 'close_contact' as const, sourceRef: `test:${personId}`, startOn: '2026-03-08' })));
    await recordFollowUp(t.platform, worker, plans[0]!.id, { reached: true, temperature: 36.5, symptoms: ['none'] });
    await recordFollowUp(t.platform, worker, plans[1]!.id, { reached: false });
    await endPlan(t.platform, official, plans[2]!.id, '转为确诊病例');
    const range = { regionCode: '330100', from: '2026-03-08', to: '2026-03-10' };
    const completion = await followUpCompletion(t.platform, official, range);
    const { rows } = await sql<{ followUpFrom: string }>`select to_char(follow_up_from, 'YYYY-MM-DD') as follow_up_from from monitoring_plans`.execute(t.database.db);
    const dueOn = (day: string) => rows.filter((r) => r.followUpFrom <= day).length - (day >= '2026-03-10' ? 1 : 0);
    expect(completion.due).toEqual(completion.days.map(dueOn));
    expect(completion.done).toEqual([0, 0, 2]);
    expect(completion.reached).toEqual([0, 0, 1]);
    expect(completion.completion[2]).toBe(2 / completion.due[2]!);
    await foldAllDeltas(t.platform);
    expect(await followUpCompletion(t.platform, official, range)).toEqual(completion);
  });
});

describe('screening call outcomes', () => {
  it('counts the callees\' final results per day at their district, a changed result moving its count', async () => {
    const campaignId = await seedCampaign(t.database.db, { regionCode: '330100', createdByAccountId: workerAccountId, at: bj('2026-03-09 08:00') });
    const callees = await Promise.all([0, 1, 2, 3].map((i) => seedCallee(t.database.db, campaignId, { regionCode: i < 3 ? '330106004' : '330105001', index: i, at: bj('2026-03-09 08:00') })));
    const finish = (i: number, result: 'normal' | 'abnormal' | 'not_reached', at: string) => finishCallee(t.database.db, clock, {
      campaignId, campaignRegionCode: '330100', callee: callees[i]!, result, outcomes: result === 'not_reached' ? ['no_answer', 'busy'] : ['connected'], at: bj(at),
      ...(result === 'abnormal' ? { reasons: ['fever' as const], temperature: 38.2 } : {}),
    });
    await finish(0, 'normal', '2026-03-09 10:00');
    await finish(1, 'abnormal', '2026-03-09 11:00');
    await finish(2, 'not_reached', '2026-03-10 08:30');
    await finish(3, 'normal', '2026-03-10 08:40');
    const range = { regionCode: '330100', from: '2026-03-09', to: '2026-03-10' };
    const outcomes = await screeningOutcomes(t.platform, official, range);
    expect(outcomes.byResult.normal).toEqual([1, 1]);
    expect(outcomes.byResult.abnormal).toEqual([1, 0]);
    expect(outcomes.byResult.not_reached).toEqual([0, 1]);
    expect(outcomes.totals).toEqual({ normal: 2, abnormal: 1, needs_checking: 0, not_reached: 1, refused: 0 });
    expect((await screeningOutcomes(t.platform, official, { ...range, regionCode: '330105' })).totals.normal).toBe(1);
    // A result corrected later moves its count.
    await t.database.db.updateTable('callbotCallees').set({ result: 'needs_checking' }).where('id', '=', callees[1]!.id).execute();
    await foldAllDeltas(t.platform);
    const corrected = await screeningOutcomes(t.platform, official, range);
    expect(corrected.totals).toEqual({ normal: 2, abnormal: 0, needs_checking: 1, not_reached: 1, refused: 0 });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from callbot_callees where result is not null`.execute(t.database.db);
    expect(Object.values(corrected.totals).reduce((n, x) => n + x, 0)).toBe(rows[0]!.n);
  });
});
