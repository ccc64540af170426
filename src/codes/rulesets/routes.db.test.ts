import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { Session } from '../../../test/support/http-users.ts';
import { bundledRuleSetSource } from '../rules/index.ts';
import { healthyDeclaration, put, registeredResident, staffSession, type Resident } from '../colours/testing.ts';

let t: TestPlatform;
let official: Session;
let ningboOfficial: Session;
let alice: Resident;

beforeAll(async () => {
  t = await createTestPlatform();
  official = await staffSession(t, 'rules-official', 'health_official', '330100');
  ningboOfficial = await staffSession(t, 'rules-nb-official', 'health_official', '330200');
  alice = await registeredResident(t, '13844440001', '郑云');
});
afterAll(async () => t.close());

/** Hangzhou 2020 without its symptoms rule (and the test case that relied on it): a cough alone stays green. */
function withoutSymptomsRule(dropDependentTest = true): Record<string, unknown> {
  const source = bundledRuleSetSource('hangzhou-2020') as { name: string; rules: { id: string; tests: { expect: { reasonCode: string | null } }[] }[] };
  source.name = 'hangzhou-2020-no-symptoms';
  source.rules = source.rules.filter((r) => r.id !== 'HZ2020-SYMPTOMS');
  if (dropDependentTest) for (const rule of source.rules) rule.tests = rule.tests.filter((c) => c.expect.reasonCode !== 'symptoms');
  return source as unknown as Record<string, unknown>;
}

async function auditActions(action: string): Promise<number> {
  const rows = await t.database.db.selectFrom('auditLog').select('id').where('action', '=', action).execute();
  return rows.length;
}

describe('risk areas', () => {
  it('are replaced by a health official of the region (audited) and read publicly', async () => {
    const res = await put(official, '/api/codes/regions/330100/risk-areas', { areas: [{ regionCode: '330106', level: 'high' }] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [{ regionCode: '330106', level: 'high' }], personsToReview: 0 });
    expect(await auditActions('risk_areas.replace')).toBe(1);
    const read = await t.app.inject({ method: 'GET', url: '/api/codes/regions/330100/risk-areas' });
    expect(read.json()).toEqual({ items: [{ regionCode: '330106', level: 'high' }] });
  });

  it('refuses areas outside the region, officials of other regions and residents', async () => {
    const outside = await put(official, '/api/codes/regions/330100/risk-areas', { areas: [{ regionCode: '420100', level: 'high' }] });
    expect(outside.json()).toMatchObject({ code: 'RISK_AREA_INVALID', details: { index: 0 } });
    const foreign = await put(ningboOfficial, '/api/codes/regions/330100/risk-areas', { areas: [] });
    expect(foreign.statusCode).toBe(403);
    const resident = await put(alice.session, '/api/codes/regions/330100/risk-areas', { areas: [] });
    expect(resident.statusCode).toBe(403);
    expect(await auditActions('risk_areas.replace')).toBe(1);
  });

  it('turn a declaration of fever after a stay in a high-risk area red, explained in plain words', async () => {
    const res = await alice.session.request({
      method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(alice.personId, { temperature: 38.3, symptoms: ['fever'], stayedRegionCodes: ['330106'] }),
    });
    expect(res.statusCode).toBe(201);
    const code = res.json().code;
    expect(code.colour).toBe('red');
    expect(code.reasons[0]).toMatchObject({ reasonCode: 'fever_high_risk_travel', ruleId: 'HZ2020-FEVER-HIGH-RISK-TRAVEL', colour: 'red' });
    expect(code.reasons[0].text.zh).toContain('杭州市西湖区');
    expect(code.reasons[0].release.zh).toContain('连续 14 天');
    expect(code.until).toBeNull();
  });

  it('mark persons who stayed in an area whose level changed for review', async () => {
    const res = await put(official, '/api/codes/regions/330100/risk-areas', { areas: [{ regionCode: '330106', level: 'medium' }] });
    expect(res.json().personsToReview).toBe(1);
    const pending = await t.database.db.selectFrom('codeFactsChanged').select('personId').where('source', '=', 'risk_areas').where('processedAt', 'is', null).execute();
    expect(pending).toEqual([{ personId: alice.personId }]);
  });
});

describe('rule sets', () => {
  it('refuse a proposal that does not parse or whose own tests fail, storing nothing', async () => {
    const invalid = await official.request({ method: 'POST', url: '/api/codes/regions/330100/rulesets', payload: { format: 'nonsense' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().code).toBe('RULESET_INVALID');
    const failing = await official.request({ method: 'POST', url: '/api/codes/regions/330100/rulesets', payload: withoutSymptomsRule(false) });
    expect(failing.statusCode).toBe(400);
    expect(failing.json()).toMatchObject({ code: 'RULESET_TESTS_FAILING', details: { failed: [expect.objectContaining({ ruleId: 'HZ2020-FEVER-HIGH-RISK-TRAVEL' })] } });
    expect(await t.database.db.selectFrom('codeRuleSets').select('version').execute()).toEqual([]);
  });

  it('simulate reports how many would change colour, by district and reason, without publishing', async () => {
    const bob = await registeredResident(t, '13844440002', '冯刚', '330105');
    await bob.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(bob.personId, { symptoms: ['cough'] }) });
    const carol = await registeredResident(t, '13844440003', '陈静', '330105');
    await carol.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(carol.personId) });
    const res = await official.request({ method: 'POST', url: '/api/codes/regions/330100/rulesets/simulate', payload: withoutSymptomsRule() });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ regionCode: '330100', currentRuleSetRef: 'bundled:hangzhou-2020', population: 3 });
    // Alice (330102) declared a fever, and her stay is only a medium-risk area now: yellow for symptoms, like Bob's cough.
    expect(body.report).toEqual({
      total: 3, changed: 2, byReason: { symptoms: 2 },
      byDistrict: { 330102: [{ from: 'yellow', to: 'green', count: 1 }], 330105: [{ from: 'yellow', to: 'green', count: 1 }] },
    });
    expect(await t.database.db.selectFrom('codeRuleSets').select('version').execute()).toEqual([]);
    expect(await auditActions('ruleset.simulate')).toBe(1);
    const resident = await alice.session.request({ method: 'POST', url: '/api/codes/regions/330100/rulesets/simulate', payload: withoutSymptomsRule() });
    expect(resident.statusCode).toBe(403);
  });

  it('are proposed and published by a health official (audited), and later evaluations use the published one', async () => {
    const dave = await registeredResident(t, '13844440004', '褚明', '330102');
    const before = await dave.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(dave.personId, { symptoms: ['cough'] }) });
    expect(before.json().code).toMatchObject({ colour: 'yellow', ruleSetRef: 'bundled:hangzhou-2020' });

    const proposed = await official.request({ method: 'POST', url: '/api/codes/regions/330100/rulesets', payload: withoutSymptomsRule() });
    expect(proposed.statusCode).toBe(201);
    expect(proposed.json()).toMatchObject({ regionCode: '330100', version: 1, status: 'proposed', ruleSetId: 'hangzhou-2020-no-symptoms/v1' });
    const foreign = await ningboOfficial.request({ method: 'POST', url: '/api/codes/regions/330100/rulesets/1/publish' });
    expect(foreign.statusCode).toBe(403);
    const missing = await official.request({ method: 'POST', url: '/api/codes/regions/330100/rulesets/9/publish' });
    expect(missing.json().code).toBe('RULESET_VERSION_NOT_FOUND');

    const published = await official.request({ method: 'POST', url: '/api/codes/regions/330100/rulesets/1/publish' });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ version: 1, status: 'published' });
    expect(await auditActions('ruleset.propose')).toBe(1);
    expect(await auditActions('ruleset.publish')).toBe(1);
    const again = await official.request({ method: 'POST', url: '/api/codes/regions/330100/rulesets/1/publish' });
    expect(again.json().code).toBe('RULESET_VERSION_ALREADY_PUBLISHED');

    const after = await dave.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(dave.personId, { symptoms: ['cough'] }) });
    expect(after.json().code).toMatchObject({ colour: 'green', ruleSetRef: '330100@1' });
    const listed = await official.request({ method: 'GET', url: '/api/codes/regions/330100/rulesets' });
    expect(listed.json().items.map((r: { version: number; status: string }) => [r.version, r.status])).toEqual([[1, 'published']]);
  });

  it('supersede the previous version when a newer one is published', async () => {
    const second = await official.request({ method: 'POST', url: '/api/codes/regions/330100/rulesets', payload: bundledRuleSetSource('hangzhou-2022') as Record<string, unknown> });
    expect(second.json().version).toBe(2);
    await official.request({ method: 'POST', url: '/api/codes/regions/330100/rulesets/2/publish' });
    const listed = await official.request({ method: 'GET', url: '/api/codes/regions/330100/rulesets' });
    expect(listed.json().items.map((r: { version: number; status: string }) => [r.version, r.status])).toEqual([[2, 'published'], [1, 'superseded']]);
  });
});
