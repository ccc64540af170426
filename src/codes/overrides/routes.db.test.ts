import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { residentId, signInResidentSession, signInStaffSession, type Session } from '../../../test/support/http-users.ts';
import { verifyAuditChain } from '../../audit/service.ts';
import { fixedClock } from '../../kernel/time.ts';
import { colourEventsOf, reviewDueColours } from '../colours/service.ts';
import { healthyDeclaration, staffSession, type Resident } from '../colours/testing.ts';

const HOUR_MS = 3_600_000;
const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
const PASSWORD = 'correct-horse-9';
let t: TestPlatform;
let alice: Resident & { idNumber: string; phone: string };
let bob: Resident & { idNumber: string; phone: string };
let hz1: Session;
let hz2: Session;
let nb: Session;

async function resident(phone: string, name: string, sequence: string): Promise<Resident & { idNumber: string; phone: string }> {
  const session = await signInResidentSession(t.app, t.database.db, phone);
  const idNumber = residentId('330102', '19800101', sequence);
  const res = await session.request({ method: 'POST', url: '/api/people/me', payload: { idType: 'resident_id', idNumber, name, homeRegionCode: '330102', address: '某路 1 号' } });
  if (res.statusCode !== 201) throw new Error(res.body);
  const personId = res.json().id as string;
  await session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(personId) });
  return { session, personId, idNumber, phone };
}

const proposal = (personId: string, extra: Record<string, unknown> = {}) => ({
  personId, colour: 'red', reason: '流调发现与确诊病例同一时空', legalBasis: '《传染病防治法》第三十九条', ...extra,
});

async function colourOf(r: Resident): Promise<{ colour: string; reasons: { manual: boolean; text: { zh: string } }[] }> {
  return (await r.session.request({ method: 'GET', url: `/api/codes/me?personId=${r.personId}` })).json();
}

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  alice = await resident('13877770001', '钱多多', '301');
  bob = await resident('13877770002', '赵明', '302');
  hz1 = await staffSession(t, 'hz-official-a', 'health_official', '330100');
  hz2 = await staffSession(t, 'hz-official-b', 'health_official', '330100');
  nb = await staffSession(t, 'nb-official', 'health_official', '330200');
});
afterAll(async () => t.close());

describe('four-eyes manual decisions', () => {
  let proposalId: string;

  it('one official alone only makes a pending proposal: the colour does not change', async () => {
    const res = await hz1.request({ method: 'POST', url: '/api/codes/overrides', payload: proposal(alice.personId, { validDays: 2 }) });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'pending', colour: 'red', validDays: 2, office: '杭州市卫健部门', proposedByMe: true, effectiveFrom: null });
    proposalId = res.json().id;
    expect((await colourOf(alice)).colour).toBe('green');
  });

  it('the proposer cannot approve their own proposal', async () => {
    const res = await hz1.request({ method: 'POST', url: `/api/codes/overrides/${proposalId}/approve` });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('OVERRIDE_SELF_APPROVAL');
    expect((await colourOf(alice)).colour).toBe('green');
  });

  it('a second official of the region sees it pending, approves, and the colour changes with the office named', async () => {
    const pending = (await hz2.request({ method: 'GET', url: '/api/codes/overrides/pending' })).json();
    expect(pending.items.map((p: { id: string }) => p.id)).toContain(proposalId);
    expect(pending.items.find((p: { id: string }) => p.id === proposalId).proposedByMe).toBe(false);
    const res = await hz2.request({ method: 'POST', url: `/api/codes/overrides/${proposalId}/approve` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'approved', effectiveUntil: new Date(clock.now().getTime() + 48 * HOUR_MS).toISOString() });

    const code = await colourOf(alice);
    expect(code.colour).toBe('red');
    expect(code.reasons[0]!.manual).toBe(true);
    expect(code.reasons[0]!.text.zh).toContain('杭州市卫健部门');
    expect(JSON.stringify(code)).not.toMatch(/hz-official/);
    const [event] = await colourEventsOf(t.database.db, alice.personId, 1);
    expect(event).toMatchObject({ fromColour: 'green', toColour: 'red', evidenceRef: `manual_decision:${proposalId}`, actor: { kind: 'account' } });

    const again = await hz2.request({ method: 'POST', url: `/api/codes/overrides/${proposalId}/approve` });
    expect(again.json().code).toBe('OVERRIDE_NOT_PENDING');
  });

  it('the audit log has both steps in order, by two different officials, and the chain is intact', async () => {
    const rows = await t.database.db.selectFrom('auditLog').select(['action', 'actorLabel', 'reason', 'detail'])
      .where('targetId', '=', alice.personId).where('action', 'like', 'code.override.%').orderBy('id').execute();
    expect(rows.map((r) => [r.action, r.actorLabel])).toEqual([['code.override.propose_decide', 'hz-official-a'], ['code.override.approve_decide', 'hz-official-b']]);
    expect(rows.every((r) => r.reason === '流调发现与确诊病例同一时空' && String(r.detail).includes('传染病防治法'))).toBe(true);
    expect((await verifyAuditChain(t.database.db)).intact).toBe(true);
  });

  it('stores the reason encrypted', async () => {
    const row = await t.database.db.selectFrom('codeOverrideProposals').select('reasonEnc').where('id', '=', proposalId).executeTakeFirstOrThrow();
    expect(row.reasonEnc).not.toContain('流调');
  });

  it('rejects bad input with its own codes and writes nothing', async () => {
    const before = await t.database.db.selectFrom('codeOverrideProposals').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const cases: [Record<string, unknown>, string][] = [
      [{ reason: '短' }, 'OVERRIDE_REASON_INVALID'], [{ legalBasis: ' ' }, 'OVERRIDE_LEGAL_BASIS_INVALID'],
      [{ validDays: 15 }, 'OVERRIDE_VALID_DAYS_INVALID'], [{ validDays: 0 }, 'OVERRIDE_VALID_DAYS_INVALID'], [{ colour: 'blue' }, 'VALIDATION_FAILED'],
    ];
    for (const [extra, code] of cases) {
      const res = await hz1.request({ method: 'POST', url: '/api/codes/overrides', payload: proposal(bob.personId, extra) });
      expect([res.statusCode, res.json().code]).toEqual([400, code]);
    }
    const after = await t.database.db.selectFrom('codeOverrideProposals').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('a rejection with a reason leaves the colour as it was', async () => {
    const made = (await hz1.request({ method: 'POST', url: '/api/codes/overrides', payload: proposal(bob.personId, { colour: 'yellow' }) })).json();
    const res = await hz2.request({ method: 'POST', url: `/api/codes/overrides/${made.id}/reject`, payload: { reason: '证据不足，请补充流调报告' } });
    expect(res.json()).toMatchObject({ status: 'rejected' });
    expect((await colourOf(bob)).colour).toBe('green');
    const late = await hz2.request({ method: 'POST', url: `/api/codes/overrides/${made.id}/approve` });
    expect(late.json().code).toBe('OVERRIDE_NOT_PENDING');
  });

  it('revoking a running decision takes two officials as well', async () => {
    const made = (await hz1.request({ method: 'POST', url: '/api/codes/overrides', payload: proposal(bob.personId, { colour: 'yellow' }) })).json();
    await hz2.request({ method: 'POST', url: `/api/codes/overrides/${made.id}/approve` });
    expect((await colourOf(bob)).colour).toBe('yellow');
    const revoke = await hz2.request({ method: 'POST', url: '/api/codes/overrides/revocations', payload: { decisionId: made.id, reason: '复核排除风险', legalBasis: '《传染病防治法》第三十九条' } });
    expect(revoke.statusCode).toBe(201);
    expect((await hz2.request({ method: 'POST', url: `/api/codes/overrides/${revoke.json().id}/approve` })).json().code).toBe('OVERRIDE_SELF_APPROVAL');
    expect((await colourOf(bob)).colour).toBe('yellow');
    const approved = await hz1.request({ method: 'POST', url: `/api/codes/overrides/${revoke.json().id}/approve` });
    expect(approved.json()).toMatchObject({ kind: 'revoke', status: 'approved' });
    expect((await colourOf(bob)).colour).toBe('green');
    const twice = await hz1.request({ method: 'POST', url: '/api/codes/overrides/revocations', payload: { decisionId: made.id, reason: '再次撤销', legalBasis: '同上依据' } });
    expect(twice.json().code).toBe('OVERRIDE_DECISION_NOT_ACTIVE');
  });
});

describe('an official of another region', () => {
  it('cannot propose, and cannot tell the person from one who does not exist', async () => {
    const real = await nb.request({ method: 'POST', url: '/api/codes/overrides', payload: proposal(alice.personId) });
    const ghost = await nb.request({ method: 'POST', url: '/api/codes/overrides', payload: proposal(randomUUID()) });
    expect([real.statusCode, real.json().code]).toEqual([404, 'OVERRIDE_PERSON_NOT_FOUND']);
    const { requestId: _a, ...realBody } = real.json();
    const { requestId: _b, ...ghostBody } = ghost.json();
    expect([ghost.statusCode, ghostBody]).toEqual([404, realBody]);
  });

  it('cannot approve or see the home region\'s proposals', async () => {
    const made = (await hz1.request({ method: 'POST', url: '/api/codes/overrides', payload: proposal(bob.personId) })).json();
    const res = await nb.request({ method: 'POST', url: `/api/codes/overrides/${made.id}/approve` });
    expect([res.statusCode, res.json().code]).toEqual([404, 'OVERRIDE_NOT_FOUND']);
    const pending = (await nb.request({ method: 'GET', url: '/api/codes/overrides/pending' })).json();
    expect(pending.items).toEqual([]);
    expect((await colourOf(bob)).colour).toBe('green');
  });

  it('can send a request, which lands in the home region\'s queue only; the answer is the same for nobody', async () => {
    const sent = await nb.request({ method: 'POST', url: '/api/codes/overrides/requests', payload: { personId: alice.personId, reason: '该人员近日到访宁波，请核查' } });
    const ghost = await nb.request({ method: 'POST', url: '/api/codes/overrides/requests', payload: { personId: randomUUID(), reason: '该人员近日到访宁波，请核查' } });
    expect(sent.statusCode).toBe(202);
    expect(ghost.body).toBe(sent.body);
    const queue = (await hz2.request({ method: 'GET', url: '/api/codes/overrides/requests' })).json();
    expect(queue.items).toEqual([expect.objectContaining({ personId: alice.personId, fromRegionCode: '330200', regionCode: '330102', reason: '该人员近日到访宁波，请核查' })]);
    expect((await nb.request({ method: 'GET', url: '/api/codes/overrides/requests' })).json().items).toEqual([]);
    const own = await hz1.request({ method: 'POST', url: '/api/codes/overrides/requests', payload: { personId: alice.personId, reason: '本辖区人员' } });
    expect(own.json().code).toBe('OVERRIDE_REQUEST_OWN_REGION');
  });
});

describe('the guard\'s lookup with the live colour', () => {
  it('adds the colour to the masked lookup, audited; people\'s own lookup does not expose the person id', async () => {
    const guard = await staffSession(t, 'gate-guard', 'guard', '330100');
    const res = await guard.request({ method: 'POST', url: '/api/codes/lookup', payload: { idType: 'resident_id', idNumber: alice.idNumber, reason: '小区门岗核验' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ nameMasked: '钱*多', homeRegionCode: '330102', colour: 'red' });
    expect(res.json()).not.toHaveProperty('id');
    const plain = await guard.request({ method: 'POST', url: '/api/people/lookup', payload: { idType: 'resident_id', idNumber: alice.idNumber, reason: '小区门岗核验' } });
    expect(plain.json()).not.toHaveProperty('id');
    const audited = await t.database.db.selectFrom('auditLog').select('id').where('action', '=', 'person.lookup').where('targetId', '=', alice.personId).execute();
    expect(audited.length).toBe(2);
    const resident = await guard.request({ method: 'POST', url: '/api/codes/lookup', payload: { idType: 'resident_id', idNumber: alice.idNumber } });
    expect(resident.json().code).toBe('PERSON_REASON_REQUIRED');
  });
});

describe('time', () => {
  it('a proposal nobody approved within 48 hours lapses', async () => {
    const made = (await hz1.request({ method: 'POST', url: '/api/codes/overrides', payload: proposal(bob.personId) })).json();
    clock.advance(49 * HOUR_MS);
    const fresh = await signInStaffSession(t.app, 'hz-official-b', PASSWORD);
    const res = await fresh.request({ method: 'POST', url: `/api/codes/overrides/${made.id}/approve` });
    expect([res.statusCode, res.json().code]).toEqual([409, 'OVERRIDE_PROPOSAL_EXPIRED']);
    expect((await fresh.request({ method: 'GET', url: '/api/codes/overrides/pending' })).json().items).toEqual([]);
  });

  it('a decision ends at its until, and the review job turns the colour back', async () => {
    // Alice's 2-day red decision was approved 49 h ago: it ended an hour ago.
    const result = await reviewDueColours(t.platform);
    expect(result.failed).toBe(0);
    const [event] = await colourEventsOf(t.database.db, alice.personId, 1);
    expect(event).toMatchObject({ fromColour: 'red', toColour: 'green', evidenceRef: 'review:due' });
    const session = await signInResidentSession(t.app, t.database.db, alice.phone);
    expect((await colourOf({ ...alice, session })).colour).toBe('green');
  });
});
