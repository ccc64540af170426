import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { onboardRegion } from '../../regions/onboarding.ts';
import { healthyDeclaration, registeredResident, type Resident } from './testing.ts';

let t: TestPlatform;
let alice: Resident;

beforeAll(async () => {
  t = await createTestPlatform();
  alice = await registeredResident(t, '13855550001', '林静');
  await alice.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(alice.personId) });
});
afterAll(async () => t.close());

describe('GET /api/codes/me', () => {
  it('shows the colour without a token while the city has no signing key', async () => {
    const res = await alice.session.request({ method: 'GET', url: `/api/codes/me?personId=${alice.personId}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ colour: 'green', nameMasked: '林*', token: null, tokenExpiresAt: null });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('adds a fresh signed token of at most 200 characters, valid three minutes, once the city is onboarded', async () => {
    await onboardRegion(t.platform, { system: 'test' }, '330100');
    const before = Date.now();
    const res = await alice.session.request({ method: 'GET', url: `/api/codes/me?personId=${alice.personId}` });
    const body = res.json();
    expect(body.token).toMatch(/^FY1:/);
    expect(body.token.length).toBeLessThanOrEqual(200);
    expect(body.token).not.toContain('林');
    const expiresIn = new Date(body.tokenExpiresAt).getTime() - before;
    expect(expiresIn).toBeGreaterThan(170_000);
    expect(expiresIn).toBeLessThanOrEqual(181_000);
    const again = await alice.session.request({ method: 'GET', url: `/api/codes/me?personId=${alice.personId}` });
    expect(again.json().token).toBeTruthy();
  });

  it('requires a signed-in resident', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/codes/me?personId=${alice.personId}` });
    expect(res.statusCode).toBe(401);
  });
});
