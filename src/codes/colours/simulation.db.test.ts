import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { Session } from '../../../test/support/http-users.ts';
import { fixedClock } from '../../kernel/time.ts';
import { bundledRuleSetSource } from '../rules/index.ts';
import { tripAndReturn } from '../../monitoring/testing.ts';
import { put, registeredResident, staffSession } from './testing.ts';

// 2026-03-02 10:00 in Beijing.
const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
let t: TestPlatform;
let official: Session;

type RuleJson = { id: string; let?: Record<string, unknown>; tests: unknown[] };
type SetJson = { name: string; rules: RuleJson[] };

/** hangzhou-2020 whose trip rule counts medium-risk areas too (`inRiskArea` without a level). */
function tripRuleForAnyRiskArea(): SetJson {
  const source = bundledRuleSetSource('hangzhou-2020') as SetJson;
  source.name = 'hangzhou-2020-any-risk-trip';
  const rule = source.rules.find((r) => r.id === 'HZ2020-HIGH-RISK-TRIP')!;
  rule.let = JSON.parse(JSON.stringify(rule.let).replace('{"inRiskArea":[{"var":"item.regionCodes"},"high"]}', '{"inRiskArea":{"var":"item.regionCodes"}}'));
  expect(JSON.stringify(rule.let)).not.toContain('"high"');
  return source;
}

function withoutHomeObservation(): SetJson {
  const source = bundledRuleSetSource('hangzhou-2020') as SetJson;
  source.name = 'hangzhou-2020-no-home-observation';
  source.rules = source.rules.filter((r) => r.id !== 'HZ2020-HOME-OBSERVATION');
  return source;
}

const simulate = async (body: SetJson) => {
  const res = await official.request({ method: 'POST', url: '/api/codes/regions/330100/rulesets/simulate', payload: body as unknown as Record<string, unknown> });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  official = await staffSession(t, 'sim-official', 'health_official', '330100');
  await put(official, '/api/codes/regions/330100/risk-areas', { areas: [{ regionCode: '330108', level: 'medium' }] });
  // One resident travelling into a medium-risk area today (no return yet), one back from it (a monitoring plan), one at home.
  const traveller = await registeredResident(t, '13855550001', '周游');
  const trip = await traveller.session.request({
    method: 'POST', url: '/api/travel',
    payload: { personId: traveller.personId, fromRegionCode: '330102', toRegionCode: '330108', leaveOn: '2026-03-02', returnOn: '2026-03-05', transport: 'car', purpose: '出差' },
  });
  expect(trip.json().code.colour).toBe('green');
  const returned = await registeredResident(t, '13855550002', '归来');
  expect((await tripAndReturn(t, returned, ['330108'], '2026-03-02')).body.code.colour).toBe('yellow');
  await registeredResident(t, '13855550003', '宅家');
});
afterAll(async () => t.close());

describe('rule-set simulation reads the facts live evaluation reads', () => {
  it('travel: a trip rule that also counts medium-risk areas turns the traveller yellow in the simulation', async () => {
    const body = await simulate(tripRuleForAnyRiskArea());
    expect(body.population).toBe(3);
    expect(body.report).toEqual({ total: 3, changed: 1, byReason: { high_risk_trip: 1 }, byDistrict: { 330102: [{ from: 'green', to: 'yellow', count: 1 }] } });
  });

  it('monitoring: without the home-observation rule the resident in a monitoring plan would be green', async () => {
    const body = await simulate(withoutHomeObservation());
    expect(body.report).toEqual({ total: 3, changed: 1, byReason: { home_observation: 1 }, byDistrict: { 330102: [{ from: 'yellow', to: 'green', count: 1 }] } });
  });
});
