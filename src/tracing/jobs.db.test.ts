import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { createStaffAccount } from '../accounts/service.ts';
import { fixedClock, MINUTE_MS } from '../kernel/time.ts';
import { onboardRegion } from '../regions/onboarding.ts';
import { registerCase } from './cases.ts';
import { runRequestedTraces, setTracingSender } from './jobs.ts';
import { bj, officialActor, townPeople, townVenue, visit } from './testing.ts';

/*
 * A case whose trace fails must not hold up the others: before, the oldest request was claimed
 * first on every round, so one case that always failed stopped all tracing in the city.
 */
const clock = fixedClock(bj('2026-03-10 12:00'));
let t: TestPlatform;
let p: Record<string, string>;
let official: ReturnType<typeof officialActor>;

const caseRow = (id: string) => t.database.db.selectFrom('cases').select(['traceRequestedAt', 'tracedAt', 'traceFailures', 'traceFailedAt', 'closeContacts']).where('id', '=', id).executeTakeFirstOrThrow();
const confirm = (person: string) => registerCase(t.platform, official, {
  person: { personId: p[person]! }, classification: 'confirmed', onsetOn: '2026-03-08', testedPositiveOn: null, reportedOn: '2026-03-10', source: 'lab', notes: null,
});

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  setTracingSender(t.platform.db, async () => undefined);
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  const { accountId } = await createStaffAccount(t.platform, { system: 'test' }, { username: 'job-official', displayName: '流调', password: 'correct-horse-9', roles: [{ role: 'health_official', regionCode: '330100' }] });
  official = officialActor(accountId);
  p = await townPeople(t, ['坏', '好', '邻']);
  const shop = await townVenue(t, '超市', 'shop', 30);
  await visit(t, p.好!, shop, '2026-03-09 10:00', { minutes: 30 });
  await visit(t, p.邻!, shop, '2026-03-09 10:10', { minutes: 30 });
  await visit(t, p.坏!, shop, '2026-03-09 16:00', { minutes: 30 });
  await visit(t, p.邻!, shop, '2026-03-09 16:10', { minutes: 30 });
});
afterAll(async () => t.close());

describe('the tracing job when a trace fails', () => {
  it('sets the failing case aside with a growing back-off and traces the cases behind it', async () => {
    const bad = await confirm('坏');
    clock.advance(1000);
    const good = await confirm('好');
    // A real failure inside the trace's transaction: writing this case's links raises.
    await sql.raw(`
      create function fail_links_of_bad_case() returns trigger language plpgsql as $$
      begin if new.case_id = '${bad.id}' then raise exception 'links of this case cannot be written'; end if; return new; end $$;
      create trigger fail_bad_case before insert on contact_links for each row execute function fail_links_of_bad_case();
    `).execute(t.database.db);

    const first = await runRequestedTraces(t.platform);
    expect(first.failed.map((f) => f.caseId)).toEqual([bad.id]);
    expect((first.failed[0]!.error as Error).message).toContain('links of this case cannot be written');
    expect(first.traced.map((s) => s.caseId)).toEqual([good.id]);
    expect(await caseRow(good.id)).toMatchObject({ traceRequestedAt: null, closeContacts: 1, traceFailures: 0 });
    // Nothing half-written: the failed trace rolled back, the request stays.
    expect(await caseRow(bad.id)).toMatchObject({ tracedAt: null, traceFailures: 1, traceFailedAt: clock.now() });
    expect((await caseRow(bad.id)).traceRequestedAt).not.toBeNull();
    expect(await t.database.db.selectFrom('contactLinks').select('id').where('caseId', '=', bad.id).execute()).toEqual([]);

    // Within its back-off (1 minute after the first failure) the job leaves it alone.
    clock.advance(59_000);
    expect(await runRequestedTraces(t.platform)).toEqual({ traced: [], failed: [] });
    clock.advance(1000);
    const second = await runRequestedTraces(t.platform);
    expect(second.failed.map((f) => f.caseId)).toEqual([bad.id]);
    expect((await caseRow(bad.id)).traceFailures).toBe(2);
    // After the second failure it waits 2 minutes.
    clock.advance(MINUTE_MS + 59_000);
    expect((await runRequestedTraces(t.platform)).failed).toEqual([]);

    // Once the cause is gone, the next try succeeds and clears the failures.
    await sql.raw('drop trigger fail_bad_case on contact_links; drop function fail_links_of_bad_case()').execute(t.database.db);
    clock.advance(1000);
    const third = await runRequestedTraces(t.platform);
    expect(third.traced.map((s) => [s.caseId, s.closeContacts])).toEqual([[bad.id, 1]]);
    expect(await caseRow(bad.id)).toMatchObject({ traceRequestedAt: null, traceFailures: 0, traceFailedAt: null, closeContacts: 1 });
  });
});
