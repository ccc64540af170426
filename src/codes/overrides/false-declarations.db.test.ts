import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { signInStaffSession, type Session } from '../../../test/support/http-users.ts';
import { verifyAuditChain } from '../../audit/service.ts';
import { fixedClock } from '../../kernel/time.ts';
import { colourEventsOf, reviewDueColours } from '../colours/service.ts';
import { healthyDeclaration, registeredResident, staffSession, type Resident } from '../colours/testing.ts';

const HOUR_MS = 3_600_000;
const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
const FALSE_TEXT_ZH = '经核实，您的健康申报内容与实际情况不符';
let t: TestPlatform;
let alice: Resident;
let bob: Resident;
/** Alice's declarations, oldest first: the first said she stayed only in 上城区. */
let aliceDeclarations: string[];
let bobDeclaration: string;
let hz1: Session;
let hz2: Session;
let nb: Session;

async function declare(r: Resident, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await r.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(r.personId, extra) });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json().declaration.id;
}

const establish = (personId: string, declarationId: string, extra: Record<string, unknown> = {}) => ({
  personId, declarationId, reason: '行程卡显示申报前 3 天到过外省，申报未如实填写', legalBasis: '《传染病防治法》第十二条', ...extra,
});

async function codeOf(r: Resident): Promise<{ colour: string; reasons: { reasonCode: string; manual: boolean; text: { zh: string; en: string } }[] }> {
  return (await r.session.request({ method: 'GET', url: `/api/codes/me?personId=${r.personId}` })).json();
}

async function history(s: Session, personId: string, reason = '核查申报是否属实') {
  return s.request({ method: 'POST', url: '/api/codes/overrides/declaration-history', payload: { personId, reason } });
}

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  alice = await registeredResident(t, '13877780001', '钱多多');
  bob = await registeredResident(t, '13877780002', '赵明');
  aliceDeclarations = [await declare(alice)];
  clock.advance(HOUR_MS);
  aliceDeclarations.push(await declare(alice, { temperature: 36.7 }));
  bobDeclaration = await declare(bob);
  hz1 = await staffSession(t, 'hz-official-a', 'health_official', '330100');
  hz2 = await staffSession(t, 'hz-official-b', 'health_official', '330100');
  nb = await staffSession(t, 'nb-official', 'health_official', '330200');
});
afterAll(async () => t.close());

describe('the declaration history for officials', () => {
  it('shows the home region\'s official every declaration, newest first, for a stated reason, audited', async () => {
    const res = await history(hz1, alice.personId);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json().items.map((d: { id: string }) => d.id)).toEqual([...aliceDeclarations].reverse());
    expect(res.json().items[0]).toMatchObject({ personId: alice.personId, temperature: 36.7, address: '杭州市上城区某路 8 号', establishment: null });
    const audited = await t.database.db.selectFrom('auditLog').select(['actorLabel', 'reason']).where('action', '=', 'code.declarations.read').execute();
    expect(audited).toEqual([{ actorLabel: 'hz-official-a', reason: '核查申报是否属实' }]);
  });

  it('needs a reason, and answers officials of other regions, residents and unknown persons without showing anything', async () => {
    expect((await history(hz1, alice.personId, ' ')).json().code).toBe('PERSON_REASON_REQUIRED');
    const other = await history(nb, alice.personId);
    const ghost = await history(nb, randomUUID());
    expect([other.statusCode, other.json().code]).toEqual([404, 'OVERRIDE_PERSON_NOT_FOUND']);
    expect(ghost.json().code).toBe(other.json().code);
    expect((await history(alice.session, alice.personId)).statusCode).toBe(403);
    const audited = await t.database.db.selectFrom('auditLog').select('id').where('action', '=', 'code.declarations.read').execute();
    expect(audited).toHaveLength(1);
  });
});

describe('establishing a false declaration takes two officials of the home region', () => {
  let proposalId: string;

  it('refuses a declaration of another person, an unknown one and one out of the official\'s region, writing nothing', async () => {
    const cases: [Session, string, string, string][] = [
      [hz1, alice.personId, bobDeclaration, 'OVERRIDE_DECLARATION_NOT_FOUND'],
      [hz1, alice.personId, randomUUID(), 'OVERRIDE_DECLARATION_NOT_FOUND'],
      [hz1, alice.personId, 'not-a-declaration', 'OVERRIDE_DECLARATION_NOT_FOUND'],
      // Another region's official: refused like an unknown person (no probing for people across regions).
      [nb, alice.personId, aliceDeclarations[0]!, 'OVERRIDE_PERSON_NOT_FOUND'],
      [nb, randomUUID(), aliceDeclarations[0]!, 'OVERRIDE_PERSON_NOT_FOUND'],
    ];
    for (const [session, personId, declarationId, code] of cases) {
      const res = await session.request({ method: 'POST', url: '/api/codes/overrides/false-declarations', payload: establish(personId, declarationId) });
      expect([res.statusCode, res.json().code]).toEqual([404, code]);
    }
    const bad = await hz1.request({ method: 'POST', url: '/api/codes/overrides/false-declarations', payload: establish(alice.personId, aliceDeclarations[0]!, { legalBasis: '法' }) });
    expect(bad.json().code).toBe('OVERRIDE_LEGAL_BASIS_INVALID');
    const rows = await t.database.db.selectFrom('codeOverrideProposals').select('id').execute();
    expect(rows).toEqual([]);
  });

  it('one official alone only makes a pending proposal: the colour does not change', async () => {
    const res = await hz1.request({ method: 'POST', url: '/api/codes/overrides/false-declarations', payload: establish(alice.personId, aliceDeclarations[0]!) });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'false_declaration', status: 'pending', declarationId: aliceDeclarations[0], colour: null, office: '杭州市卫健部门', proposedByMe: true, effectiveFrom: null,
    });
    proposalId = res.json().id;
    expect((await codeOf(alice)).colour).toBe('green');
    const marked = (await history(hz2, alice.personId)).json().items.find((d: { id: string }) => d.id === aliceDeclarations[0]);
    expect(marked.establishment).toMatchObject({ proposalId, status: 'pending' });
  });

  it('the same declaration cannot be proposed twice while a proposal waits', async () => {
    const res = await hz2.request({ method: 'POST', url: '/api/codes/overrides/false-declarations', payload: establish(alice.personId, aliceDeclarations[0]!) });
    expect([res.statusCode, res.json().code]).toEqual([409, 'OVERRIDE_DECLARATION_ALREADY_ESTABLISHED']);
  });

  it('the proposer cannot approve it, nor can an official of another region', async () => {
    const own = await hz1.request({ method: 'POST', url: `/api/codes/overrides/${proposalId}/approve` });
    expect([own.statusCode, own.json().code]).toEqual([403, 'OVERRIDE_SELF_APPROVAL']);
    const other = await nb.request({ method: 'POST', url: `/api/codes/overrides/${proposalId}/approve` });
    expect([other.statusCode, other.json().code]).toEqual([404, 'OVERRIDE_NOT_FOUND']);
    expect((await nb.request({ method: 'GET', url: '/api/codes/overrides/pending' })).json().items).toEqual([]);
    expect((await codeOf(alice)).colour).toBe('green');
  });

  it('a second official sees it in the queue and approves: red at once, with the rule\'s words and no official named', async () => {
    const queue = (await hz2.request({ method: 'GET', url: '/api/codes/overrides/pending' })).json();
    expect(queue.items).toEqual([expect.objectContaining({ id: proposalId, kind: 'false_declaration', declarationId: aliceDeclarations[0], proposedByMe: false })]);
    const res = await hz2.request({ method: 'POST', url: `/api/codes/overrides/${proposalId}/approve` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'approved', effectiveFrom: clock.now().toISOString(), effectiveUntil: null });

    const code = await codeOf(alice);
    expect(code.colour).toBe('red');
    expect(code.reasons[0]).toMatchObject({ reasonCode: 'false_declaration', manual: false });
    expect(code.reasons[0]!.text.zh).toContain(FALSE_TEXT_ZH);
    expect(JSON.stringify(code)).not.toMatch(/hz-official|行程卡/);
    const [event] = await colourEventsOf(t.database.db, alice.personId, 1);
    expect(event).toMatchObject({ fromColour: 'green', toColour: 'red', reasonCode: 'false_declaration', evidenceRef: `false_declaration:${proposalId}`, actor: { kind: 'account' } });
    const marked = (await history(hz1, alice.personId)).json().items.find((d: { id: string }) => d.id === aliceDeclarations[0]);
    expect(marked.establishment).toEqual({ proposalId, status: 'established', since: clock.now().toISOString() });
  });

  it('stays red when the review job recomputes from the stored facts', async () => {
    clock.advance(HOUR_MS);
    await t.database.db.updateTable('codeStatus').set({ nextReviewAt: clock.now() }).where('personId', '=', alice.personId).execute();
    expect((await reviewDueColours(t.platform)).failed).toBe(0);
    expect((await codeOf(alice)).colour).toBe('red');
  });

  it('an established declaration cannot be established again', async () => {
    const res = await hz2.request({ method: 'POST', url: '/api/codes/overrides/false-declarations', payload: establish(alice.personId, aliceDeclarations[0]!) });
    expect([res.statusCode, res.json().code]).toEqual([409, 'OVERRIDE_DECLARATION_ALREADY_ESTABLISHED']);
  });

  it('the audit log has both steps, by two different officials, with the declaration named, and the chain is intact', async () => {
    const rows = await t.database.db.selectFrom('auditLog').select(['action', 'actorLabel', 'reason', 'detail'])
      .where('targetId', '=', alice.personId).where('action', 'like', 'code.override.%').orderBy('id').execute();
    expect(rows.map((r) => [r.action, r.actorLabel])).toEqual([
      ['code.override.propose_false_declaration', 'hz-official-a'], ['code.override.approve_false_declaration', 'hz-official-b'],
    ]);
    expect(rows.every((r) => r.reason === establish('', '').reason && JSON.stringify(r.detail).includes(aliceDeclarations[0]!))).toBe(true);
    expect((await verifyAuditChain(t.database.db)).intact).toBe(true);
  });

  it('is withdrawn by a four-eyes revocation: green again, and the declaration may be established anew', async () => {
    const revoke = await hz2.request({ method: 'POST', url: '/api/codes/overrides/revocations', payload: { decisionId: proposalId, reason: '复核发现行程卡数据有误', legalBasis: '《传染病防治法》第十二条' } });
    expect(revoke.statusCode).toBe(201);
    expect(revoke.json()).toMatchObject({ kind: 'revoke', decisionId: proposalId, status: 'pending' });
    expect((await hz2.request({ method: 'POST', url: `/api/codes/overrides/${revoke.json().id}/approve` })).json().code).toBe('OVERRIDE_SELF_APPROVAL');
    expect((await codeOf(alice)).colour).toBe('red');
    const approved = await hz1.request({ method: 'POST', url: `/api/codes/overrides/${revoke.json().id}/approve` });
    expect(approved.json()).toMatchObject({ kind: 'revoke', status: 'approved' });
    expect((await codeOf(alice)).colour).toBe('green');
    const [event] = await colourEventsOf(t.database.db, alice.personId, 1);
    expect(event).toMatchObject({ fromColour: 'red', toColour: 'green', evidenceRef: `false_declaration:${proposalId}` });
    const twice = await hz1.request({ method: 'POST', url: '/api/codes/overrides/revocations', payload: { decisionId: proposalId, reason: '再次撤销', legalBasis: '同上依据' } });
    expect(twice.json().code).toBe('OVERRIDE_DECISION_NOT_ACTIVE');
    const marked = (await history(hz1, alice.personId)).json().items.find((d: { id: string }) => d.id === aliceDeclarations[0]);
    expect(marked.establishment).toBeNull();
    const again = await hz1.request({ method: 'POST', url: '/api/codes/overrides/false-declarations', payload: establish(alice.personId, aliceDeclarations[0]!) });
    expect(again.statusCode).toBe(201);
    const rejected = await hz2.request({ method: 'POST', url: `/api/codes/overrides/${again.json().id}/reject`, payload: { reason: '已撤销过，证据未变' } });
    expect(rejected.json()).toMatchObject({ kind: 'false_declaration', status: 'rejected' });
    expect((await codeOf(alice)).colour).toBe('green');
  });
});

describe('the API description', () => {
  it('lists both routes with their bodies in the OpenAPI document', async () => {
    const paths = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json().paths;
    expect(paths['/api/codes/overrides/false-declarations'].post.summary).toContain('认定虚假申报');
    expect(paths['/api/codes/overrides/declaration-history'].post.summary).toContain('audited');
  });
});

describe('races and time', () => {
  it('of two proposals for one declaration (a race past the first check), only the first approval establishes it', async () => {
    const first = (await hz1.request({ method: 'POST', url: '/api/codes/overrides/false-declarations', payload: establish(bob.personId, bobDeclaration) })).json();
    // The second proposal as a concurrent request would have stored it: past the pending check.
    const row = await t.database.db.selectFrom('codeOverrideProposals').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
    const secondId = randomUUID();
    await t.database.db.insertInto('codeOverrideProposals').values({ ...row, id: secondId, status: 'pending' }).execute();
    expect((await hz2.request({ method: 'POST', url: `/api/codes/overrides/${first.id}/approve` })).statusCode).toBe(200);
    const second = await hz2.request({ method: 'POST', url: `/api/codes/overrides/${secondId}/approve` });
    expect([second.statusCode, second.json().code]).toEqual([409, 'OVERRIDE_DECLARATION_ALREADY_ESTABLISHED']);
    // And the database refuses a second establishment in force, whatever a service checks.
    const approver = await t.database.db.selectFrom('accounts').select('id').where('username', '=', 'hz-official-b').executeTakeFirstOrThrow();
    await expect(t.database.db.updateTable('codeOverrideProposals').set({ status: 'approved', decidedBy: approver.id, decidedAt: clock.now(), effectiveFrom: clock.now() })
      .where('id', '=', secondId).execute()).rejects.toMatchObject({ code: '23505', constraint: 'code_override_false_declaration_once_idx' });
    expect((await codeOf(bob)).colour).toBe('red');
  });

  it('a proposal nobody approved within 48 hours lapses, and the declaration may be proposed again', async () => {
    const declarationId = await declare(alice, { temperature: 36.4 });
    const made = (await hz1.request({ method: 'POST', url: '/api/codes/overrides/false-declarations', payload: establish(alice.personId, declarationId) })).json();
    clock.advance(49 * HOUR_MS);
    const fresh = await signInStaffSession(t.app, 'hz-official-b', 'correct-horse-9'); // the earlier session expired meanwhile
    const res = await fresh.request({ method: 'POST', url: `/api/codes/overrides/${made.id}/approve` });
    expect([res.statusCode, res.json().code]).toEqual([409, 'OVERRIDE_PROPOSAL_EXPIRED']);
    const again = await fresh.request({ method: 'POST', url: '/api/codes/overrides/false-declarations', payload: establish(alice.personId, declarationId) });
    expect(again.statusCode).toBe(201);
  });
});
