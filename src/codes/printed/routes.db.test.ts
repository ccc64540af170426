import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { Session } from '../../../test/support/http-users.ts';
import { onboardRegion } from '../../regions/onboarding.ts';
import { healthyDeclaration, registeredResident, staffSession, type Resident } from '../colours/testing.ts';

let t: TestPlatform;
let alice: Resident;
let worker: Session;
let otherDistrict: Session;
let guard: Session;

const issue = (session: Session, payload: Record<string, unknown>) => session.request({ method: 'POST', url: '/api/codes/printed', payload });
const check = (token: string) => guard.request({ method: 'POST', url: '/api/codes/check', payload: { token } });

beforeAll(async () => {
  t = await createTestPlatform();
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  alice = await registeredResident(t, '13855550201', '林静');
  await alice.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(alice.personId) });
  worker = await staffSession(t, 'worker-sc', 'community_worker', '330102');
  otherDistrict = await staffSession(t, 'worker-gs', 'community_worker', '330105');
  guard = await staffSession(t, 'guard-sc', 'guard', '330102');
});
afterAll(async () => t.close());

describe('printed codes (关爱码)', () => {
  it('issues a 14-day printed code that a gate verifies, with the office named and the issue audited', async () => {
    const before = Date.now();
    const res = await issue(worker, { personId: alice.personId });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.token).toMatch(/^FY1:/);
    // A printed code carries a token id: longer than a live one, still QR version ≤ 8 at level M.
    expect(QRCode.create([{ data: body.token, mode: 'alphanumeric' }], { errorCorrectionLevel: 'M' }).version).toBeLessThanOrEqual(8);
    expect(body.tokenId).toMatch(/^[0-9a-f]{10}$/);
    expect(body.issuingOffice).toContain('上城区');
    expect(body.maskedName).toBe('林*');
    const days = (new Date(body.expiresAt).getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(13.99);
    expect(days).toBeLessThanOrEqual(14.001);
    expect((await check(body.token)).json()).toMatchObject({ outcome: 'valid', kind: 'printed', colour: 'green', maskedName: '林*' });
    const audit = await t.database.db.selectFrom('auditLog').select(['actorLabel', 'targetId']).where('action', '=', 'code.printed.issue').executeTakeFirstOrThrow();
    expect(audit).toEqual({ actorLabel: 'worker-sc', targetId: alice.personId });
  });

  it('refuses other districts\' workers, guards, and validities the token cannot carry', async () => {
    expect((await issue(otherDistrict, { personId: alice.personId })).statusCode).toBe(403);
    expect((await issue(guard, { personId: alice.personId })).statusCode).toBe(403);
    for (const days of [0, 15, 1.5]) {
      const res = await issue(worker, { personId: alice.personId, days });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('PRINTED_CODE_DAYS_INVALID');
    }
    const missing = await issue(worker, { personId: '00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('PRINTED_CODE_PERSON_NOT_FOUND');
  });

  it('prints an A5 page with the QR as SVG, the masked name, no colour, and a CSP that allows no script', async () => {
    const { id } = (await issue(worker, { personId: alice.personId, days: 3 })).json();
    const res = await worker.request({ method: 'GET', url: `/api/codes/printed/${id}/print` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'; style-src 'sha256-/);
    expect(res.body).toContain('<svg');
    expect(res.body).toContain('林*');
    expect(res.body).not.toContain('林静');
    expect(res.body).not.toMatch(/绿码|黄码|红码/);
    expect(res.body).not.toContain('<script');
    expect((await otherDistrict.request({ method: 'GET', url: `/api/codes/printed/${id}/print` })).statusCode).toBe(403);
  });

  it('revokes: gates see 已撤销 at once, the trust store lists it, printing is refused, a second revoke changes nothing', async () => {
    const { id, token, tokenId } = (await issue(worker, { personId: alice.personId })).json();
    const noReason = await worker.request({ method: 'POST', url: `/api/codes/printed/${id}/revoke`, payload: { reason: ' ' } });
    expect(noReason.json().code).toBe('PRINTED_CODE_REASON_REQUIRED');
    const res = await worker.request({ method: 'POST', url: `/api/codes/printed/${id}/revoke`, payload: { reason: '卡片遗失' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().revoked).toBe(true);
    const checked = (await check(token)).json();
    expect(checked).toMatchObject({ outcome: 'revoked', colour: null });
    expect(checked.message.zh).toBe('该健康码已被撤销');
    const store = (await t.app.inject({ method: 'GET', url: '/api/codes/trust-store' })).json();
    expect(store.revocations).toContainEqual(expect.objectContaining({ regionCode: '330100', tokenId }));
    const print = await worker.request({ method: 'GET', url: `/api/codes/printed/${id}/print` });
    expect(print.statusCode).toBe(409);
    expect(print.json().code).toBe('PRINTED_CODE_REVOKED');
    const again = await worker.request({ method: 'POST', url: `/api/codes/printed/${id}/revoke`, payload: { reason: '卡片遗失' } });
    expect(again.json().revoked).toBe(false);
    const list = (await worker.request({ method: 'GET', url: `/api/codes/printed?personId=${alice.personId}` })).json();
    expect(list.items.find((c: { id: string }) => c.id === id).revokedAt).not.toBeNull();
  });

  it('gives someone who never declared a code from the rules (green without inputs)', async () => {
    const bob = await registeredResident(t, '13855550202', '周平');
    const res = await issue(worker, { personId: bob.personId, days: 7 });
    expect(res.statusCode).toBe(201);
    expect((await check(res.json().token)).json()).toMatchObject({ outcome: 'valid', colour: 'green', maskedName: '周*' });
  });
});
