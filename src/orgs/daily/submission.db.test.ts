import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { healthyDeclaration, registeredResident, type Resident } from '../../codes/colours/testing.ts';
import { reviewDueColours } from '../../codes/colours/service.ts';
import { fixedClock } from '../../kernel/time.ts';
import { testOrganisation } from '../testing.ts';
import { recomputesAtOnce } from './service.ts';

const bj = (isoLocal: string) => new Date(`${isoLocal}+08:00`);
const clock = fixedClock(bj('2026-05-01T09:00:00'));
let t: TestPlatform;
beforeAll(async () => { t = await createTestPlatform({ clock }); });
afterAll(async () => { await t.close(); });

const answers = (personId: string, extra: Record<string, unknown> = {}) => ({ personId, temperature: 36.5, symptoms: ['none'], cityCode: '330106', location: 'work', ...extra });

async function evaluatedAt(personId: string): Promise<number> {
  const row = await t.database.db.selectFrom('codeStatus').select('evaluatedAt').where('personId', '=', personId).executeTakeFirstOrThrow();
  return row.evaluatedAt.getTime();
}

async function pendingFacts(personId: string): Promise<number> {
  const rows = await t.database.db.selectFrom('codeFactsChanged').select('id').where('personId', '=', personId).where('processedAt', 'is', null).execute();
  return rows.length;
}

async function declaredMember(phone: string, name: string, declaration: Record<string, unknown> = {}): Promise<Resident> {
  const r = await registeredResident(t, phone, name);
  const res = await r.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(r.personId, declaration) });
  expect(res.statusCode).toBe(201);
  return r;
}

describe('when a daily check-in recomputes the colour', () => {
  it('recomputes at once only for codes that are not green or for abnormal answers', () => {
    expect(recomputesAtOnce(null, true)).toBe(false);
    expect(recomputesAtOnce('green', false)).toBe(false);
    expect(recomputesAtOnce('green', true)).toBe(true);
    expect(recomputesAtOnce('yellow', false)).toBe(true);
    expect(recomputesAtOnce('red', false)).toBe(true);
  });

  it('leaves a green code\'s normal check-in to the colour-review job, which takes it from the facts outbox', async () => {
    const org = await testOrganisation(t, { name: '绿码单位' });
    const member = await declaredMember('13877001001', '周常绿');
    await org.addMember(member.personId);
    clock.set(bj('2026-05-01T10:00:00'));
    const before = await evaluatedAt(member.personId);

    const res = await member.session.request({ method: 'POST', url: `/api/orgs/${org.id}/daily`, payload: answers(member.personId) });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ abnormal: false, cityName: expect.stringContaining('西湖'), corrections: [] });
    // Not recomputed before the answer; the change waits in the outbox.
    expect(await evaluatedAt(member.personId)).toBe(before);
    expect(await pendingFacts(member.personId)).toBe(1);

    clock.set(bj('2026-05-01T10:01:00'));
    await reviewDueColours(t.platform);
    expect(await pendingFacts(member.personId)).toBe(0);
    expect(await evaluatedAt(member.personId)).toBe(bj('2026-05-01T10:01:00').getTime());
  });

  it('recomputes at once when the answers are abnormal or the code is yellow', async () => {
    const org = await testOrganisation(t, { name: '异常单位' });
    const feverish = await declaredMember('13877001002', '钱发热');
    const yellow = await declaredMember('13877001003', '孙黄码', { symptoms: ['cough'] });
    for (const r of [feverish, yellow]) await org.addMember(r.personId);
    clock.set(bj('2026-05-01T11:00:00'));

    for (const [r, extra] of [[feverish, { temperature: 38.2 }], [yellow, {}]] as const) {
      const res = await r.session.request({ method: 'POST', url: `/api/orgs/${org.id}/daily`, payload: answers(r.personId, extra) });
      expect(res.statusCode).toBe(201);
      expect(await evaluatedAt(r.personId)).toBe(bj('2026-05-01T11:00:00').getTime());
      expect(await pendingFacts(r.personId)).toBe(0);
    }
  });

  it('writes concurrent submissions together, lets only one per person and day land, and notes each in the outbox', async () => {
    const org = await testOrganisation(t, { name: '并发单位' });
    const members: Resident[] = [];
    for (let i = 0; i < 4; i++) members.push(await declaredMember(`1387700110${i}`, `并发${"甲乙丙丁"[i]}`));
    for (const m of members) await org.addMember(m.personId);
    clock.set(bj('2026-05-01T13:00:00'));
    const url = `/api/orgs/${org.id}/daily`;
    // Each member sends three at once (a double tap, a retry): one lands, the others are told it already has.
    const answersOf = await Promise.all(members.flatMap((m) => [36.4, 36.5, 36.6].map((temperature) =>
      m.session.request({ method: 'POST', url, payload: answers(m.personId, { temperature }) }).then((res) => ({ personId: m.personId, res })))));
    for (const m of members) {
      const mine = answersOf.filter((a) => a.personId === m.personId);
      expect(mine.map((a) => a.res.statusCode).sort()).toEqual([201, 409, 409]);
      expect(mine.filter((a) => a.res.statusCode === 409).every((a) => a.res.json().code === 'DAILY_ALREADY_SUBMITTED')).toBe(true);
      const rows = await t.database.db.selectFrom('orgDailyCheckins').select(['id', 'temperature']).where('personId', '=', m.personId).where('day', '=', '2026-05-01').execute();
      expect(rows).toHaveLength(1);
      // The stored row is the one whose request was answered 201.
      const accepted = mine.find((a) => a.res.statusCode === 201)!.res.json();
      expect(rows[0]!.id).toBe(accepted.id);
      expect(Number(rows[0]!.temperature)).toBe(accepted.temperature);
      const notes = await t.database.db.selectFrom('codeFactsChanged').select('sourceRef').where('personId', '=', m.personId).where('processedAt', 'is', null).execute();
      expect(notes.map((n) => n.sourceRef)).toEqual([accepted.id]);
    }
    await reviewDueColours(t.platform);
  });

  it('answers a clear error for a malformed organisation id and for persons who are not members', async () => {
    const member = await declaredMember('13877001004', '李外人');
    const malformed = await member.session.request({ method: 'POST', url: '/api/orgs/not-a-uuid/daily', payload: answers(member.personId) });
    expect(malformed.statusCode).toBeLessThan(500);
    const org = await testOrganisation(t, { name: '别人单位' });
    const outsider = await member.session.request({ method: 'POST', url: `/api/orgs/${org.id}/daily`, payload: answers(member.personId) });
    expect(outsider.json().code).toBe('ORG_NOT_A_MEMBER');
    expect(await pendingFacts(member.personId)).toBe(0);
  });
});
