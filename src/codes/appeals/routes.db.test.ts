import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { signInResidentSession, signInStaffSession, type Session } from '../../../test/support/http-users.ts';
import { verifyAuditChain } from '../../audit/service.ts';
import { fixedClock } from '../../kernel/time.ts';
import { bindDependantOf, registeredResident, staffSession, type Resident } from '../colours/testing.ts';

const HOUR_MS = 3_600_000;
const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
let t: TestPlatform;
let alice: Resident;
let stranger: Resident;
let child: string;
let worker: Session;
let official: Session;
let nb: Session;
let firstId: string;

const MESSAGE = '我没有去过风险地区，码色有误，请核实';

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  alice = await registeredResident(t, '13899990001', '吴芳');
  stranger = await registeredResident(t, '13899990002', '郑强');
  child = await bindDependantOf(alice, '吴小芳');
  worker = await staffSession(t, 'hz-worker', 'community_worker', '330100');
  official = await staffSession(t, 'hz-official', 'health_official', '330100');
  nb = await staffSession(t, 'nb-worker', 'community_worker', '330200');
});
afterAll(async () => t.close());

const file = (session: Session, personId: string, message = MESSAGE) => session.request({ method: 'POST', url: '/api/codes/appeals', payload: { personId, message } });

describe('filing an appeal (纠错)', () => {
  it('gives an open appeal with a 72-hour deadline and no owner; the message is stored encrypted', async () => {
    const res = await file(alice.session, alice.personId);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'open', owner: null, message: MESSAGE, deadline: new Date(clock.now().getTime() + 72 * HOUR_MS).toISOString(), overdue: false });
    firstId = res.json().id;
    const row = await t.database.db.selectFrom('codeAppeals').select('messageEnc').where('id', '=', firstId).executeTakeFirstOrThrow();
    expect(row.messageEnc).not.toContain('风险');
  });

  it('works for a dependant, not for a stranger (who learns nothing)', async () => {
    clock.advance(60_000);
    expect((await file(alice.session, child)).statusCode).toBe(201);
    const res = await file(stranger.session, alice.personId);
    expect([res.statusCode, res.json().code]).toEqual([404, 'PERSON_NOT_FOUND']);
    const staff = await file(worker, alice.personId);
    expect(staff.statusCode).toBe(403);
  });

  it('checks the message and allows at most three open appeals per person', async () => {
    expect((await file(alice.session, alice.personId, '太短')).json().code).toBe('APPEAL_MESSAGE_INVALID');
    clock.advance(60_000);
    expect((await file(alice.session, alice.personId)).statusCode).toBe(201);
    expect((await file(alice.session, alice.personId)).statusCode).toBe(201);
    const fourth = await file(alice.session, alice.personId);
    expect([fourth.statusCode, fourth.json().code]).toEqual([409, 'APPEAL_LIMIT']);
    const open = await t.database.db.selectFrom('codeAppeals').select('id').where('personId', '=', alice.personId).execute();
    expect(open.length).toBe(3);
  });
});

describe('the region\'s queue', () => {
  it('lists open appeals of my regions, nearest deadline first, keyset-paginated, without the message', async () => {
    const page1 = (await worker.request({ method: 'GET', url: '/api/codes/appeals?status=open&limit=2' })).json();
    expect(page1.items.length).toBe(2);
    expect(page1.items[0]).toMatchObject({ id: firstId, overdue: false, ownerAccountId: null });
    expect(page1.items[0]).not.toHaveProperty('message');
    const page2 = (await worker.request({ method: 'GET', url: `/api/codes/appeals?status=open&limit=2&after=${page1.next}` })).json();
    const all = [...page1.items, ...page2.items];
    expect(all.length).toBe(4);
    const deadlines = all.map((a: { deadline: string }) => a.deadline);
    expect([...deadlines].sort()).toEqual(deadlines);
    expect((await nb.request({ method: 'GET', url: '/api/codes/appeals' })).json().items).toEqual([]);
    expect((await worker.request({ method: 'GET', url: '/api/codes/appeals?after=bad' })).json().code).toBe('APPEAL_CURSOR_INVALID');
  });

  it('an official of another region cannot take one', async () => {
    const res = await nb.request({ method: 'POST', url: `/api/codes/appeals/${firstId}/assign` });
    expect([res.statusCode, res.json().code]).toEqual([404, 'APPEAL_NOT_FOUND']);
  });

  it('flags overdue appeals once the deadline has passed', async () => {
    clock.advance(73 * HOUR_MS);
    worker = await signInStaffSession(t.app, 'hz-worker', 'correct-horse-9');
    official = await signInStaffSession(t.app, 'hz-official', 'correct-horse-9');
    const items = (await worker.request({ method: 'GET', url: '/api/codes/appeals' })).json().items;
    expect(items.every((a: { overdue: boolean }) => a.overdue)).toBe(true);
  });

  it('is taken, answered by its owner only, and the answer is shown to the resident', async () => {
    const taken = await worker.request({ method: 'POST', url: `/api/codes/appeals/${firstId}/assign` });
    expect(taken.json()).toMatchObject({ message: MESSAGE, ownedByMe: true });
    const notMine = await official.request({ method: 'POST', url: `/api/codes/appeals/${firstId}/answer`, payload: { answer: '经核实码色无误', outcome: 'upheld' } });
    expect(notMine.json().code).toBe('APPEAL_NOT_OWNER');
    const badRef = await worker.request({ method: 'POST', url: `/api/codes/appeals/${firstId}/answer`, payload: { answer: '已更正码色', outcome: 'corrected', correctionRef: randomUUID() } });
    expect(badRef.json().code).toBe('APPEAL_CORRECTION_REF_INVALID');
    expect((await worker.request({ method: 'POST', url: `/api/codes/appeals/${firstId}/answer`, payload: { answer: '好', outcome: 'upheld' } })).json().code).toBe('APPEAL_ANSWER_INVALID');
    const answered = await worker.request({ method: 'POST', url: `/api/codes/appeals/${firstId}/answer`, payload: { answer: '经核实您的申报信息有误，已更正', outcome: 'corrected' } });
    expect(answered.json()).toMatchObject({ status: 'answered', outcome: 'corrected' });
    const again = await worker.request({ method: 'POST', url: `/api/codes/appeals/${firstId}/answer`, payload: { answer: '再次答复内容', outcome: 'upheld' } });
    expect(again.json().code).toBe('APPEAL_ALREADY_ANSWERED');

    const session = await signInResidentSession(t.app, t.database.db, '13899990001');
    const mine = (await session.request({ method: 'GET', url: `/api/codes/appeals/mine?personId=${alice.personId}` })).json();
    const shown = mine.items.find((a: { id: string }) => a.id === firstId);
    expect(shown).toMatchObject({ status: 'answered', answer: '经核实您的申报信息有误，已更正', outcome: 'corrected', owner: 'assigned' });
    expect(JSON.stringify(mine)).not.toContain('hz-worker');
    const strangerNow = await signInResidentSession(t.app, t.database.db, '13899990002');
    expect((await strangerNow.request({ method: 'GET', url: `/api/codes/appeals/mine?personId=${alice.personId}` })).statusCode).toBe(404);
    const open = (await worker.request({ method: 'GET', url: '/api/codes/appeals' })).json().items;
    expect(open.map((a: { id: string }) => a.id)).not.toContain(firstId);
  });

  it('audits filing, taking and answering, and the chain stays intact', async () => {
    const rows = await t.database.db.selectFrom('auditLog').select(['action', 'detail']).where('action', 'like', 'code.appeal.%').orderBy('id').execute();
    const forFirst = rows.filter((r) => String(r.detail).includes(firstId)).map((r) => r.action);
    expect(forFirst).toEqual(['code.appeal.file', 'code.appeal.assign', 'code.appeal.answer']);
    expect(rows.some((r) => String(r.detail).includes('风险'))).toBe(false);
    expect((await verifyAuditChain(t.database.db)).intact).toBe(true);
  });
});
