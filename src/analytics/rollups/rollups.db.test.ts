import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { createStaffAccount } from '../../accounts/service.ts';
import { recomputeColours } from '../../codes/colours/service.ts';
import { fixedClock } from '../../kernel/time.ts';
import { onboardRegion } from '../../regions/onboarding.ts';
import { changeCaseWindow, reclassifyCase, registerCase } from '../../tracing/cases.ts';
import { setTracingSender } from '../../tracing/jobs.ts';
import { bj, officialActor, townPeople } from '../../tracing/testing.ts';
import { foldAllDeltas } from './jobs.ts';
import { CASE_MEASURES, COLOUR_MEASURES, type RollupRow } from './model.ts';
import { foldDeltas, readRollups } from './store.ts';

/*
 * The rollups must say what a direct count of the raw tables says, whatever happened to the rows:
 * inserts, reclassifications, moved onset days, deletions, colour changes; folded or not.
 */
const clock = fixedClock(bj('2026-03-10 12:00'));
let t: TestPlatform;
let official: ReturnType<typeof officialActor>;
const key = (r: Pick<RollupRow, 'day' | 'regionCode' | 'measure'>) => `${r.day} ${r.regionCode} ${r.measure}`;

/** The rollups of 杭州 as one map, zero entries dropped. */
async function rolledUp(measures: readonly string[]): Promise<Record<string, number>> {
  const rows = await readRollups(t.database.db, { prefix: '3301', measures, from: '2026-01-01', to: '2026-12-31' });
  return Object.fromEntries(rows.filter((r) => r.value !== 0).map((r) => [key(r), r.value]));
}

/** The same figures counted from cases directly. */
async function directCaseCounts(): Promise<Record<string, number>> {
  const { rows } = await sql<RollupRow>`
    select to_char(d.day, 'YYYY-MM-DD') as day, left(region_code, 6) as region_code, d.measure, count(*)::int as value
    from cases, lateral (values (reported_on, 'cases_reported:' || classification), (onset_on, 'cases_onset:' || classification)) d(day, measure)
    where d.day is not null group by 1, 2, 3`.execute(t.database.db);
  return Object.fromEntries(rows.map((r) => [key(r), r.value]));
}

/** Colours now, per home district: what the nets of all days must add up to. */
async function directColourTotals(): Promise<Record<string, number>> {
  const { rows } = await sql<{ regionCode: string; colour: string; n: number }>`
    select left(p.home_region_code, 6) as region_code, s.colour, count(*)::int as n from code_status s join persons p on p.id = s.person_id group by 1, 2`.execute(t.database.db);
  return Object.fromEntries(rows.map((r) => [`${r.regionCode} colour_net:${r.colour}`, r.n]));
}

async function colourTotalsFromNets(): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const r of await readRollups(t.database.db, { prefix: '3301', measures: COLOUR_MEASURES, from: '2000-01-01', to: '2100-01-01' })) {
    totals[`${r.regionCode} ${r.measure}`] = (totals[`${r.regionCode} ${r.measure}`] ?? 0) + r.value;
  }
  return Object.fromEntries(Object.entries(totals).filter(([, n]) => n !== 0));
}

const allCaseMeasures = [...CASE_MEASURES('reported'), ...CASE_MEASURES('onset')];

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  setTracingSender(t.platform.db, async () => undefined);
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  const { accountId } = await createStaffAccount(t.platform, { system: 'test' }, { username: 'rollup-official', displayName: '统计', password: 'correct-horse-9', roles: [{ role: 'health_official', regionCode: '330100' }] });
  official = officialActor(accountId);
});
afterAll(async () => t.close());

describe('case rollups', () => {
  it('agree with a direct count after registrations, reclassifications, moved onsets and deletions, folded or not', async () => {
    const west = await townPeople(t, ['甲', '乙', '丙', '丁']);
    const north = await townPeople(t, ['子', '丑'], '330105001');
    const register = (personId: string, classification: 'suspected' | 'confirmed' | 'asymptomatic', onsetOn: string | null, reportedOn: string) =>
      registerCase(t.platform, official, { person: { personId }, classification, onsetOn, testedPositiveOn: onsetOn ? null : reportedOn, reportedOn, source: 'lab', notes: null });
    const a = await register(west.甲!, 'confirmed', '2026-03-06', '2026-03-08');
    const b = await register(west.乙!, 'suspected', '2026-03-07', '2026-03-09');
    await register(west.丙!, 'asymptomatic', null, '2026-03-09');
    const d = await register(north.子!, 'confirmed', '2026-03-05', '2026-03-09');
    await register(north.丑!, 'suspected', '2026-03-09', '2026-03-10');
    expect(await rolledUp(allCaseMeasures)).toEqual(await directCaseCounts());
    expect((await rolledUp(allCaseMeasures))['2026-03-09 330105 cases_reported:confirmed']).toBe(1);

    // Half folded: the totals plus the deltas left still add up.
    expect(await foldDeltas(t.database.db, 3)).toBe(3);
    expect(await rolledUp(allCaseMeasures)).toEqual(await directCaseCounts());

    await reclassifyCase(t.platform, official, b.id, { classification: 'confirmed' });
    await changeCaseWindow(t.platform, official, a.id, { onsetOn: '2026-03-04', onsetApproximate: true });
    await reclassifyCase(t.platform, official, d.id, { classification: 'excluded' });
    await t.database.db.deleteFrom('cases').where('personId', '=', west.丙!).execute();
    const direct = await directCaseCounts();
    expect(await rolledUp(allCaseMeasures)).toEqual(direct);
    expect(direct['2026-03-04 330106 cases_onset:confirmed']).toBe(1);
    expect(direct['2026-03-06 330106 cases_onset:confirmed']).toBeUndefined();

    await foldAllDeltas(t.platform);
    expect(await t.database.db.selectFrom('rollupDeltas').select('id').execute()).toEqual([]);
    expect(await rolledUp(allCaseMeasures)).toEqual(direct);
  });
});

describe('colour rollups', () => {
  it('the daily nets of each colour add up to the colours people hold now, through changes', async () => {
    const people = await townPeople(t, ['绿一', '绿二', '黄一']);
    await recomputeColours(t.platform, Object.values(people));
    expect(await colourTotalsFromNets()).toEqual(await directColourTotals());
    // A colour changes (as an official's override or a rule would write it): −1 from the old, +1 to the new.
    await t.database.db.updateTable('codeStatus').set({ colour: 'yellow', since: bj('2026-03-10 13:00') }).where('personId', '=', people.黄一!).execute();
    await t.database.db.updateTable('codeStatus').set({ evaluatedAt: bj('2026-03-10 13:05') }).where('personId', '=', people.绿一!).execute();
    expect(await colourTotalsFromNets()).toEqual(await directColourTotals());
    await foldAllDeltas(t.platform);
    expect(await colourTotalsFromNets()).toEqual(await directColourTotals());
    const yellow = await readRollups(t.database.db, { prefix: '330106', measures: ['colour_net:yellow'], from: '2026-03-10', to: '2026-03-10' });
    expect(yellow.reduce((n, r) => n + r.value, 0)).toBeGreaterThanOrEqual(1);
  });
});
