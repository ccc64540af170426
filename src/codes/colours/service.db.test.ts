import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { Actor } from '../../kernel/access.ts';
import { fixedClock } from '../../kernel/time.ts';
import { submitDeclaration } from '../declarations/service.ts';
import { colourEventsOf, recomputeColour, reviewDueColours } from './service.ts';
import { runColourReview } from './jobs.ts';
import { healthyDeclaration, registeredResident, type Resident } from './testing.ts';

const HOUR_MS = 3_600_000;
const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
let t: TestPlatform;
let alice: Resident;

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  alice = await registeredResident(t, '13833330001', '孙红');
});
afterAll(async () => t.close());

async function residentActor(personId: string): Promise<Actor> {
  const account = await t.database.db.selectFrom('accounts').select('id').where('personId', '=', personId).executeTakeFirstOrThrow();
  return { accountId: account.id, kind: 'resident', personId, label: 'test', roles: [{ role: 'resident', regionCode: '330102' }] };
}

describe('colour events', () => {
  it('are appended on every change of colour or reasons, never updated or deleted', async () => {
    const first = await alice.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(alice.personId) });
    expect(first.json().code.colour).toBe('green');
    const sick = await alice.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(alice.personId, { temperature: 38.2, symptoms: ['fever', 'cough'] }) });
    expect(sick.statusCode).toBe(201);
    expect(sick.json().code.colour).not.toBe('green');
    const again = await alice.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(alice.personId, { temperature: 38.2, symptoms: ['fever', 'cough'] }) });
    expect(again.json().code.colour).toBe(sick.json().code.colour);

    const events = (await colourEventsOf(t.database.db, alice.personId)).reverse();
    expect(events.map((e) => [e.fromColour, e.toColour])).toEqual([[null, 'green'], ['green', sick.json().code.colour]]);
    expect(events[1]).toMatchObject({ actor: { kind: 'system' }, ruleSetRef: 'bundled:hangzhou-2020', evidenceRef: expect.stringMatching(/^declaration:/) });
    expect(events[1]!.ruleId).toBeTruthy();

    await expect(sql`update colour_events set to_colour = 'green' where person_id = ${alice.personId}`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from colour_events where person_id = ${alice.personId}`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`update health_declarations set temperature = 36.5 where person_id = ${alice.personId}`.execute(t.database.db)).rejects.toThrow(/append-only/);
    expect((await colourEventsOf(t.database.db, alice.personId)).length).toBe(2);
  });
});

describe('colour-review job', () => {
  it('re-evaluates a colour whose time has come, not before', async () => {
    const status = () => t.database.db.selectFrom('codeStatus').select(['evaluatedAt', 'nextReviewAt']).where('personId', '=', alice.personId).executeTakeFirstOrThrow();
    const reviewAt = new Date(clock.now().getTime() + HOUR_MS);
    await t.database.db.updateTable('codeStatus').set({ nextReviewAt: reviewAt }).where('personId', '=', alice.personId).execute();
    const before = await status();
    await reviewDueColours(t.platform);
    expect((await status()).evaluatedAt).toEqual(before.evaluatedAt);
    clock.advance(HOUR_MS + 1000);
    const { reviewed } = await reviewDueColours(t.platform);
    expect(reviewed).toBeGreaterThanOrEqual(1);
    const after = await status();
    expect(after.evaluatedAt).toEqual(clock.now());
    expect(after.nextReviewAt === null || after.nextReviewAt.getTime() > clock.now().getTime()).toBe(true);
  });

  it('recomputes a person whose facts changed when the immediate recomputation was lost', async () => {
    const bob = await registeredResident(t, '13833330002', '周杰');
    await submitDeclaration(t.platform, await residentActor(bob.personId), healthyDeclaration(bob.personId) as never);
    expect(await t.database.db.selectFrom('codeStatus').select('colour').where('personId', '=', bob.personId).executeTakeFirst()).toBeUndefined();
    await reviewDueColours(t.platform);
    expect(await t.database.db.selectFrom('codeStatus').select('colour').where('personId', '=', bob.personId).executeTakeFirstOrThrow()).toEqual({ colour: 'green' });
    const pending = await t.database.db.selectFrom('codeFactsChanged').select('id').where('personId', '=', bob.personId).where('processedAt', 'is', null).execute();
    expect(pending).toEqual([]);
  });

  it('lets the job and immediate recomputations run at once without a deadlock or a duplicate event', async () => {
    const carol = await registeredResident(t, '13833330003', '吴敏');
    await submitDeclaration(t.platform, await residentActor(carol.personId), healthyDeclaration(carol.personId, { symptoms: ['cough'] }) as never);
    await Promise.all([
      recomputeColour(t.platform, carol.personId), reviewDueColours(t.platform), recomputeColour(t.platform, carol.personId), reviewDueColours(t.platform),
    ]);
    expect((await colourEventsOf(t.database.db, carol.personId)).length).toBe(1);
  });

  // Last in the file: it moves the shared clock two weeks on.
  it('turns a yellow for symptoms green once the declaration stops counting, at next_review_at', async () => {
    const dan = await registeredResident(t, '13833330004', '郑华');
    const res = await dan.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(dan.personId, { symptoms: ['cough'] }) });
    const code = res.json().code;
    expect(code.colour).toBe('yellow');
    const reviewAt = new Date(code.nextReviewAt);
    expect(reviewAt.getTime()).toBe(new Date(res.json().declaration.declaredAt).getTime() + 14 * 24 * HOUR_MS);
    const colour = async () => (await t.database.db.selectFrom('codeStatus').select('colour').where('personId', '=', dan.personId).executeTakeFirstOrThrow()).colour;
    clock.set(new Date(reviewAt.getTime() - 60_000));
    await reviewDueColours(t.platform);
    expect(await colour()).toBe('yellow');
    clock.set(new Date(reviewAt.getTime() + 1000));
    await reviewDueColours(t.platform);
    expect(await colour()).toBe('green');
    const [last] = await colourEventsOf(t.database.db, dan.personId, 1);
    expect(last).toMatchObject({ fromColour: 'yellow', toColour: 'green', evidenceRef: 'review:due', actor: { kind: 'system' } });
  });

  it('purges facts rows processed more than a week ago when the job runs', async () => {
    const old = () => t.database.db.selectFrom('codeFactsChanged').select('id')
      .where('processedAt', '<', new Date(clock.now().getTime() - 7 * 24 * HOUR_MS)).execute();
    expect((await old()).length).toBeGreaterThan(0);
    await runColourReview(t.platform, t.app.log);
    expect(await old()).toEqual([]);
  });
});
