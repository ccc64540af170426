import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { createStaffAccount } from '../accounts/service.ts';
import type { Actor } from '../kernel/access.ts';
import { DAY_MS, fixedClock } from '../kernel/time.ts';
import { completeDuePlans, recordFollowUp } from '../monitoring/service.ts';
import { onboardRegion } from '../regions/onboarding.ts';
import { registerCase } from './cases.ts';
import { runRequestedTraces, setTracingSender } from './jobs.ts';
import { bj, officialActor, townPeople, townVenue, visit } from './testing.ts';

/*
 * A close contact's colour follows the follow-ups: red once traced, with a monitoring plan given to
 * the street's community worker; when the plan's 14 days are over and the last follow-up is
 * normal, the plan completes and the red lifts (the bundled rules release a close contact then).
 */
const clock = fixedClock(bj('2026-04-01 12:00'));
let t: TestPlatform;
let worker: Actor;
let people: Record<string, string>;

const colourOf = async (personId: string) => t.database.db.selectFrom('codeStatus').select(['colour', 'reasons']).where('personId', '=', personId).executeTakeFirstOrThrow();
const reasonCodes = async (personId: string) => ((await colourOf(personId)).reasons as { reasonCode: string }[]).map((r) => r.reasonCode);

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  setTracingSender(t.platform.db, async () => undefined);
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  const { accountId: officialId } = await createStaffAccount(t.platform, { system: 'test' }, { username: 'release-official', displayName: '流调', password: 'correct-horse-9', roles: [{ role: 'health_official', regionCode: '330100' }] });
  const { accountId: workerId } = await createStaffAccount(t.platform, { system: 'test' }, { username: 'release-worker', displayName: '网格员', password: 'correct-horse-9', roles: [{ role: 'community_worker', regionCode: '330106004' }] });
  worker = { accountId: workerId, kind: 'staff', personId: null, label: 'release-worker', roles: [{ role: 'community_worker', regionCode: '330106004' }] };
  people = await townPeople(t, ['病例', '密接']);
  const shop = await townVenue(t, '菜场', 'shop', 30);
  await visit(t, people.病例!, shop, '2026-03-31 08:00', { minutes: 30 });
  await visit(t, people.密接!, shop, '2026-03-31 08:10', { minutes: 30 });
  await registerCase(t.platform, officialActor(officialId), { person: { personId: people.病例! }, classification: 'confirmed', onsetOn: '2026-03-31', testedPositiveOn: null, reportedOn: '2026-04-01', source: 'fever_clinic', notes: null });
  await runRequestedTraces(t.platform);
});
afterAll(async () => t.close());

describe('after the follow-ups', () => {
  it('the close contact is red, watched by the street\'s community worker', async () => {
    expect((await colourOf(people.密接!)).colour).toBe('red');
    expect(await reasonCodes(people.密接!)).toEqual(['close_contact', 'home_observation']);
    const plan = await t.database.db.selectFrom('monitoringPlans').select(['assignedAccountId', 'startOn', 'endOn', 'status']).where('personId', '=', people.密接!).executeTakeFirstOrThrow();
    expect(plan).toEqual({ assignedAccountId: worker.accountId, startOn: '2026-04-01', endOn: '2026-04-15', status: 'active' });
  });

  it('turns green when the plan completes with a normal last follow-up, and not before', async () => {
    const plan = await t.database.db.selectFrom('monitoringPlans').select('id').where('personId', '=', people.密接!).executeTakeFirstOrThrow();
    await recordFollowUp(t.platform, worker, plan.id, { reached: true, temperature: 36.6, symptoms: ['none'] });
    clock.set(new Date(bj('2026-04-16 09:00').getTime()));
    expect(await completeDuePlans(t.platform)).toBe(0); // the end day is over but nobody was reached since: not yet
    await recordFollowUp(t.platform, worker, plan.id, { reached: true, temperature: 36.5, symptoms: ['none'] });
    expect((await t.database.db.selectFrom('monitoringPlans').select('status').where('id', '=', plan.id).executeTakeFirstOrThrow()).status).toBe('completed');
    expect((await colourOf(people.密接!)).colour).toBe('green');
    expect(await reasonCodes(people.密接!)).toEqual(['no_risk']);
    expect(clock.now().getTime() - bj('2026-03-31 08:40').getTime()).toBeLessThan(17 * DAY_MS);
  });
});
