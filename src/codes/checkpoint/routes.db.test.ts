import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { Session } from '../../../test/support/http-users.ts';
import { onboardRegion } from '../../regions/onboarding.ts';
import { healthyDeclaration, registeredResident, staffSession, type Resident } from '../colours/testing.ts';

let t: TestPlatform;
let alice: Resident;
let guard: Session;

async function freshToken(resident: Resident): Promise<string> {
  const res = await resident.session.request({ method: 'GET', url: `/api/codes/me?personId=${resident.personId}` });
  expect(res.statusCode).toBe(200);
  return res.json().token;
}

const check = (session: Session, token: string) => session.request({ method: 'POST', url: '/api/codes/check', payload: { token } });

beforeAll(async () => {
  t = await createTestPlatform();
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  alice = await registeredResident(t, '13855550101', '林静');
  await alice.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(alice.personId) });
  guard = await staffSession(t, 'gate-guard1', 'guard', '330102');
});
afterAll(async () => t.close());

describe('POST /api/codes/check', () => {
  it('verifies a resident\'s live code and shows the masked name and colour, auditing the scan without the token', async () => {
    const token = await freshToken(alice);
    const res = await check(guard, token);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ outcome: 'valid', colour: 'green', tokenColour: 'green', liveColour: 'green', maskedName: '林*', issuer: '330100', kind: 'live' });
    expect(body.message.zh).toBe('绿码，核验通过');
    const audit = await t.database.db.selectFrom('auditLog').selectAll().where('action', '=', 'code.check').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.actorLabel).toBe('gate-guard1');
    expect(typeof audit.detail === 'string' ? JSON.parse(audit.detail) : audit.detail).toMatchObject({ issuer: '330100', outcome: 'valid', live: true });
    expect(JSON.stringify(audit)).not.toContain(token.slice(4, 40));
    expect(audit.targetId).toBeNull();
  });

  it('catches a code that turned red after it was shown: the live colour wins', async () => {
    const shownGreen = await freshToken(alice);
    const declared = await alice.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(alice.personId, { contact: 'confirmed' }) });
    expect(declared.statusCode).toBe(201);
    const body = (await check(guard, shownGreen)).json();
    expect(body).toMatchObject({ outcome: 'valid', tokenColour: 'green', liveColour: 'red', colour: 'red' });
    expect(body.message.zh).toBe('红码，请按规定处置');
  });

  it('reports each invalid outcome with its Chinese message', async () => {
    const token = await freshToken(alice);
    const flipped = token.slice(0, -3) + (token.at(-3) === 'A' ? 'B' : 'A') + token.slice(-2);
    const tampered = (await check(guard, flipped)).json();
    expect(['bad_signature', 'malformed']).toContain(tampered.outcome);
    expect(tampered.colour).toBeNull();
    expect(tampered.liveColour).toBeNull();
    const junk = (await check(guard, 'https://example.com/not-a-code')).json();
    expect(junk).toMatchObject({ outcome: 'malformed', colour: null, maskedName: null });
    expect(junk.message.zh).toBe('不是有效的健康码');
  });

  it('refuses residents and anonymous callers, and overlong text with a stable code', async () => {
    const token = await freshToken(alice);
    expect((await check(alice.session, token)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/codes/check', payload: { token } })).statusCode).toBe(401);
    const long = await check(guard, 'FY1:' + 'A'.repeat(600));
    expect(long.statusCode).toBe(400);
    expect(long.json().code).toBe('CODE_CHECK_TOKEN_TOO_LONG');
  });
});
