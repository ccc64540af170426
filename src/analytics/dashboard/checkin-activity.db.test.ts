import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { createStaffAccount } from '../../accounts/service.ts';
import { ensurePartitions, purgeExpiredCheckins } from '../../checkins/partitions/service.ts';
import { fixedClock } from '../../kernel/time.ts';
import { onboardRegion } from '../../regions/onboarding.ts';
import { bj, officialActor, townPeople, townVenue } from '../../tracing/testing.ts';
import { foldAllDeltas } from '../rollups/jobs.ts';
import { checkinActivity } from './checkin-activity.ts';

/*
 * Check-in activity comes from the rollups the check-ins' statement trigger keeps: it must equal a
 * direct count whether the rows arrive one by one or many in one statement, folded or not.
 */
const clock = fixedClock(bj('2026-03-10 22:00'));
let t: TestPlatform;
let official: ReturnType<typeof officialActor>;
let nextId = 70_000_000;

async function checkIns(rows: { personId: string; venueId: string; regionCode: string; at: string; colour: 'green' | 'yellow' | 'red' }[]): Promise<void> {
  await ensurePartitions(t.database.db, [...new Set(rows.map((r) => r.at.slice(0, 10)))].map((day) => ({ day, retentionDays: 28 })));
  await t.database.db.insertInto('checkins').values(rows.map((r) => ({
    id: ++nextId, personId: r.personId, venueId: r.venueId, regionCode: r.regionCode, venueName: 'v', nameMasked: '某*', checkedInAt: bj(r.at),
    leaveAt: new Date(bj(r.at).getTime() + 1_800_000), leftExplicitly: false, colour: r.colour, method: 'scan', recordedByAccountId: null, retentionDays: 28,
  }))).execute();
}

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  const { accountId } = await createStaffAccount(t.platform, { system: 'test' }, { username: 'activity-official', displayName: '统计', password: 'correct-horse-9', roles: [{ role: 'health_official', regionCode: '330100' }] });
  official = officialActor(accountId);
});
afterAll(async () => t.close());

describe('check-in activity', () => {
  it('counts check-ins per day, hour and district and the share with yellow or red codes, as the raw rows do', async () => {
    const p = await townPeople(t, ['甲', '乙', '丙']);
    const west = await townVenue(t, '西湖超市', 'shop', 30, '330106004');
    const north = await townVenue(t, '拱墅超市', 'shop', 30, '330105001');
    // One statement with many rows (as the write path's batches), then single rows; 23:30 in Beijing is still the 9th.
    await checkIns([
      { personId: p.甲!, venueId: west, regionCode: '330106004', at: '2026-03-09 08:10', colour: 'green' },
      { personId: p.乙!, venueId: west, regionCode: '330106004', at: '2026-03-09 08:40', colour: 'yellow' },
      { personId: p.丙!, venueId: north, regionCode: '330105001', at: '2026-03-09 23:30', colour: 'green' },
    ]);
    await checkIns([{ personId: p.甲!, venueId: north, regionCode: '330105001', at: '2026-03-10 00:15', colour: 'red' }]);
    await checkIns([{ personId: p.乙!, venueId: west, regionCode: '330106004', at: '2026-03-10 08:05', colour: 'green' }]);

    const activity = await checkinActivity(t.platform, official, { regionCode: '330100', from: '2026-03-09', to: '2026-03-10' });
    expect(activity.checkins).toEqual([3, 2]);
    expect(activity.abnormal).toEqual([1, 1]);
    expect(activity.abnormalShare).toEqual([1 / 3, 1 / 2]);
    expect(activity.byHour[8]).toBe(3);
    expect(activity.byHour[23]).toBe(1);
    expect(activity.byHour[0]).toBe(1);
    expect(activity.districts.map((d) => [d.regionCode, d.checkins, d.abnormal])).toEqual([['330106', 3, 1], ['330105', 2, 1]]);

    const { rows } = await sql<{ day: string; n: number }>`
      select to_char((checked_in_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as day, count(*)::int as n from checkins group by 1 order by 1`.execute(t.database.db);
    expect(rows.map((r) => r.n)).toEqual(activity.checkins);
    await foldAllDeltas(t.platform);
    expect(await checkinActivity(t.platform, official, { regionCode: '330100', from: '2026-03-09', to: '2026-03-10' })).toEqual(activity);
    // A district sees its own.
    expect((await checkinActivity(t.platform, official, { regionCode: '330105', from: '2026-03-09', to: '2026-03-10' })).checkins).toEqual([1, 1]);
  });

  it('keeps the counts of check-ins purged at retention, and still agrees with the rows kept', async () => {
    const p = await townPeople(t, ['旧甲', '旧乙']);
    const shop = await townVenue(t, '老街超市', 'shop', 30, '330106004');
    await checkIns([
      { personId: p.旧甲!, venueId: shop, regionCode: '330106004', at: '2026-02-01 09:00', colour: 'green' },
      { personId: p.旧乙!, venueId: shop, regionCode: '330106004', at: '2026-02-01 09:30', colour: 'red' },
    ]);
    const range = { regionCode: '330100', from: '2026-02-01', to: '2026-03-10' };
    const before = await checkinActivity(t.platform, official, range);
    expect(before.checkins[0]).toBe(2);
    const purged = await purgeExpiredCheckins(t.platform, { system: 'test' });
    expect(purged.dropped.map((d) => d.day)).toEqual(['2026-02-01']);
    const after = await checkinActivity(t.platform, official, range);
    // The day's counts stay (no personal data, as the daily volumes); the days still kept equal their rows.
    expect(after).toEqual(before);
    const { rows } = await sql<{ day: string; n: number }>`
      select to_char((checked_in_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as day, count(*)::int as n from checkins group by 1 order by 1`.execute(t.database.db);
    expect(rows.map((r) => r.day)).toEqual(['2026-03-09', '2026-03-10']);
    expect(rows.map((r) => r.n)).toEqual(after.checkins.slice(-2));
  });
});
