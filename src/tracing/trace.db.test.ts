import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { createStaffAccount } from '../accounts/service.ts';
import { fixedClock } from '../kernel/time.ts';
import { onboardRegion } from '../regions/onboarding.ts';
import { registerCase, reclassifyCase } from './cases.ts';
import { runRequestedTraces, setTracingSender } from './jobs.ts';
import { bindFamily, bj, household, officialActor, townPeople, townVenue, visit } from './testing.ts';

/*
 * Synthetic scenarios with known answers. The clock is 2026-03-10 12:00 in Beijing; case 甲's onset
 * was 3月8日, so the infectious window opens 3月4日 00:00 (4 days before) and runs to now.
 */
const clock = fixedClock(bj('2026-03-10 12:00'));
let t: TestPlatform;
let p: Record<string, string>;
let official: ReturnType<typeof officialActor>;
const venue: Record<string, string> = {};

const contactsOf = (caseId: string) => t.database.db.selectFrom('caseContacts').select(['personId', 'depth', 'links']).where('caseId', '=', caseId).execute();
const linksOf = (caseId: string, personId: string) => t.database.db.selectFrom('contactLinks')
  .select(['depth', 'kind', 'venueId', 'sourcePersonId', 'overlapStart', 'overlapEnd', 'minutes']).where('caseId', '=', caseId).where('personId', '=', personId).orderBy('overlapStart').execute();
const colourOf = async (personId: string) => (await t.database.db.selectFrom('codeStatus').select(['colour', 'reasons']).where('personId', '=', personId).executeTakeFirst());
const reasonCodes = async (personId: string) => ((await colourOf(personId))?.reasons as { reasonCode: string }[] | undefined)?.map((r) => r.reasonCode) ?? [];
const nameOf = (id: string) => Object.entries(p).find(([, v]) => v === id)?.[0];

async function confirm(person: string, extra: Record<string, unknown> = {}) {
  return registerCase(t.platform, official, {
    person: { personId: p[person]! }, classification: 'confirmed', onsetOn: '2026-03-08', testedPositiveOn: null, reportedOn: '2026-03-10', source: 'lab', notes: null, ...extra,
  });
}

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  // Traces run when a test runs them, not in the background after each request.
  setTracingSender(t.platform.db, async () => undefined);
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  const { accountId } = await createStaffAccount(t.platform, { system: 'test' }, { username: 'trace-official', displayName: '流调', password: 'correct-horse-9', roles: [{ role: 'health_official', regionCode: '330100' }] });
  official = officialActor(accountId);
  p = await townPeople(t, ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸', '子', '丑', '寅', '卯', '辰', '巳']);
  venue.shop = await townVenue(t, '超市', 'shop', 30);
  venue.restaurant = await townVenue(t, '饭店', 'restaurant', 90);
  venue.compound = await townVenue(t, '小区', 'residential', 720);
  venue.cafe = await townVenue(t, '咖啡馆', 'restaurant', 90);
  // 超市, 3月7日: 甲 10:00, no check-out (30 minutes: until 10:30, tail until 11:00).
  await visit(t, p.甲!, venue.shop, '2026-03-07 10:00', { minutes: 30 });
  await visit(t, p.乙!, venue.shop, '2026-03-07 10:20', { minutes: 30 }); // overlaps 10:20–10:50
  await visit(t, p.丙!, venue.shop, '2026-03-07 10:55', { minutes: 30 }); // in the tail: 10:55–11:00
  await visit(t, p.丁!, venue.shop, '2026-03-07 11:00', { minutes: 30 }); // exactly at the tail's end: no
  await visit(t, p.戊!, venue.shop, '2026-03-07 09:30', { leftAt: '2026-03-07 10:00' }); // left as 甲 came: touching, no
  await visit(t, p.己!, venue.shop, '2026-03-07 09:30', { leftAt: '2026-03-07 10:01' }); // one minute together
  // 饭店, 3月3日: before the window.
  await visit(t, p.甲!, venue.restaurant, '2026-03-03 12:00', { minutes: 90 });
  await visit(t, p.庚!, venue.restaurant, '2026-03-03 12:10', { minutes: 90 });
  // 小区 gate, 3月6日: the venue records 720 minutes, tracing counts 15 for a residential check-in.
  await visit(t, p.甲!, venue.compound, '2026-03-06 08:00', { minutes: 720 });
  await visit(t, p.辛!, venue.compound, '2026-03-06 08:10', { minutes: 720 }); // within 08:00–08:45
  await visit(t, p.壬!, venue.compound, '2026-03-06 09:00', { minutes: 720 }); // after 08:45: no
  // 乙 again with 甲 (a second path), 饭店 3月5日.
  await visit(t, p.甲!, venue.restaurant, '2026-03-05 18:00', { minutes: 90 });
  await visit(t, p.乙!, venue.restaurant, '2026-03-05 18:30', { minutes: 90 });
  // Depth 2: 乙 (first exposed 3月5日 18:30) at 咖啡馆 3月8日 with 子; and 3月4日, before any exposure, with 丑.
  await visit(t, p.乙!, venue.cafe, '2026-03-08 14:00', { minutes: 90 });
  await visit(t, p.子!, venue.cafe, '2026-03-08 14:30', { minutes: 90 });
  await visit(t, p.丙!, venue.cafe, '2026-03-08 14:10', { minutes: 90 }); // a close contact too: stays depth 1
  await visit(t, p.甲!, venue.cafe, '2026-03-08 15:00', { minutes: 20 }); // the case itself: never its own contact (and 子, 丙 were close anyway)
  await visit(t, p.乙!, venue.cafe, '2026-03-04 09:00', { minutes: 90 });
  await visit(t, p.丑!, venue.cafe, '2026-03-04 09:10', { minutes: 90 });
  // Home: 甲 lives with 癸; 甲 is guardian of 寅.
  await household(t, [p.甲!, p.癸!]);
  await bindFamily(t, p.甲!, p.寅!);
});
afterAll(async () => t.close());

describe('tracing a confirmed case', () => {
  let caseId: string;
  const names = (rows: { personId: string }[]) => rows.map((r) => nameOf(r.personId)).sort();

  it('links exactly the people whose visits overlapped (tolerance tail, touching ends, window start, per-kind stays), the household and bound family', async () => {
    caseId = (await confirm('甲')).id;
    const { traced: [summary], failed } = await runRequestedTraces(t.platform);
    expect(failed).toEqual([]);
    expect(summary).toMatchObject({ caseId, closeContacts: 7, secondaryContacts: 1 });
    const contacts = await contactsOf(caseId);
    expect(names(contacts.filter((c) => c.depth === 1))).toEqual(['丙', '乙', '子', '寅', '己', '癸', '辛'].sort());
    // 丁 came to 超市 exactly when 甲's tail ended: not close; but 乙 and 丙 were still there (depth 2).
    expect(names(contacts.filter((c) => c.depth === 2))).toEqual(['丁']);
    // 戊 left as 甲 came; 庚 met 甲 before the window; 壬 came after the 15-minute gate stay and its tail; 丑 met 乙 before 乙's exposure.
    for (const absent of ['戊', '庚', '壬', '丑', '甲']) expect(names(contacts)).not.toContain(absent);
  });

  it('records the evidence of each path: venue, overlap, minutes, depth, whom they met', async () => {
    expect(await linksOf(caseId, p.乙!)).toEqual([
      expect.objectContaining({ depth: 1, kind: 'venue', venueId: venue.restaurant, sourcePersonId: p.甲, overlapStart: bj('2026-03-05 18:30'), overlapEnd: bj('2026-03-05 20:00'), minutes: 90 }),
      expect.objectContaining({ depth: 1, kind: 'venue', venueId: venue.shop, overlapStart: bj('2026-03-07 10:20'), overlapEnd: bj('2026-03-07 10:50'), minutes: 30 }),
      expect.objectContaining({ depth: 1, kind: 'venue', venueId: venue.cafe, overlapStart: bj('2026-03-08 15:00'), overlapEnd: bj('2026-03-08 15:30'), minutes: 30 }),
    ]);
    expect(await linksOf(caseId, p.丙!)).toEqual([
      expect.objectContaining({ venueId: venue.shop, overlapStart: bj('2026-03-07 10:55'), overlapEnd: bj('2026-03-07 11:00'), minutes: 5 }),
      expect.objectContaining({ venueId: venue.cafe, overlapStart: bj('2026-03-08 15:00'), overlapEnd: bj('2026-03-08 15:40'), minutes: 40 }),
    ]);
    expect(await linksOf(caseId, p.己!)).toEqual([expect.objectContaining({ overlapStart: bj('2026-03-07 10:00'), overlapEnd: bj('2026-03-07 10:01'), minutes: 1 })]);
    expect(await linksOf(caseId, p.辛!)).toEqual([expect.objectContaining({ venueId: venue.compound, overlapStart: bj('2026-03-06 08:10'), overlapEnd: bj('2026-03-06 08:25'), minutes: 15 })]);
    expect(await linksOf(caseId, p.癸!)).toEqual([expect.objectContaining({ kind: 'household', venueId: null, overlapStart: bj('2026-03-04 00:00'), overlapEnd: bj('2026-03-10 12:00') })]);
    expect(await linksOf(caseId, p.寅!)).toEqual([expect.objectContaining({ kind: 'family', depth: 1, sourcePersonId: p.甲 })]);
    // Two paths to 丁 at depth 2, one through each close contact still in 超市.
    const d = await linksOf(caseId, p.丁!);
    expect(d.map((l) => [nameOf(l.sourcePersonId), l.depth, l.minutes])).toEqual(expect.arrayContaining([['乙', 2, 20], ['丙', 2, 30]]));
    expect(d).toHaveLength(2);
  });

  it('is idempotent: tracing again gives the same contacts and links', async () => {
    const before = await t.database.db.selectFrom('contactLinks').select(['personId', 'sourcePersonId', 'depth', 'kind', 'overlapStart', 'overlapEnd']).where('caseId', '=', caseId).orderBy('personId').orderBy('overlapStart').execute();
    await t.database.db.updateTable('cases').set({ traceRequestedAt: clock.now() }).where('id', '=', caseId).execute();
    const [again] = (await runRequestedTraces(t.platform)).traced;
    expect(again).toMatchObject({ caseId, closeContacts: 7, secondaryContacts: 1, plansStarted: 0 });
    const after = await t.database.db.selectFrom('contactLinks').select(['personId', 'sourcePersonId', 'depth', 'kind', 'overlapStart', 'overlapEnd']).where('caseId', '=', caseId).orderBy('personId').orderBy('overlapStart').execute();
    expect(after).toEqual(before);
  });

  it('turns close contacts red and secondary contacts yellow, with a reason that names no one, and starts one monitoring plan per close contact', async () => {
    expect(await colourOf(p.甲!)).toMatchObject({ colour: 'red' });
    expect(await reasonCodes(p.甲!)).toEqual(['case_confirmed']);
    expect(await colourOf(p.乙!)).toMatchObject({ colour: 'red' });
    expect(await reasonCodes(p.乙!)).toContain('close_contact');
    expect(await colourOf(p.丁!)).toMatchObject({ colour: 'yellow' });
    expect(await reasonCodes(p.丁!)).toEqual(['secondary_contact']);
    expect(await colourOf(p.壬!)).toBeUndefined();
    const texts = JSON.stringify((await colourOf(p.乙!))!.reasons);
    expect(texts).not.toContain('甲');
    const plans = await t.database.db.selectFrom('monitoringPlans').select(['personId', 'reason', 'status']).where('reason', '=', 'close_contact').execute();
    expect(names(plans)).toEqual(['丙', '乙', '子', '寅', '己', '癸', '辛'].sort());
  });
});

describe('a case with no check-ins, and cycles between cases', () => {
  it('traces a case who went nowhere to no venue contacts, only the household', async () => {
    await household(t, [p.卯!, p.辰!]);
    const c = await confirm('卯');
    await runRequestedTraces(t.platform);
    expect((await contactsOf(c.id)).map((k) => [nameOf(k.personId), k.depth])).toEqual([['辰', 1]]);
  });

  it('A↔B: two cases who met are each other\'s close contact, and neither is its own', async () => {
    const hall = await townVenue(t, '会堂', 'public_place', 60);
    await visit(t, p.巳!, hall, '2026-03-09 09:00', { minutes: 60 });
    await visit(t, p.庚!, hall, '2026-03-09 09:30', { minutes: 60 });
    const a = await confirm('巳');
    const b = await confirm('庚');
    await runRequestedTraces(t.platform);
    const aContacts = await contactsOf(a.id);
    const bContacts = await contactsOf(b.id);
    expect(aContacts.filter((k) => k.depth === 1).map((k) => nameOf(k.personId))).toEqual(['庚']);
    expect(bContacts.filter((k) => k.depth === 1).map((k) => nameOf(k.personId))).toEqual(['巳']);
    expect([...aContacts, ...bContacts].filter((k) => k.depth === 2)).toEqual([]);
  });
});

describe('excluding a traced case', () => {
  it('withdraws its links from the colours: its close contacts go back to the colour their other facts give', async () => {
    const lone = await townPeople(t, ['孤', '邻']);
    const bench = await townVenue(t, '长椅', 'public_place', 60);
    await visit(t, lone.孤!, bench, '2026-03-09 10:00', { minutes: 60 });
    await visit(t, lone.邻!, bench, '2026-03-09 10:10', { minutes: 60 });
    const c = await registerCase(t.platform, official, { person: { personId: lone.孤! }, classification: 'confirmed', onsetOn: '2026-03-09', testedPositiveOn: null, reportedOn: '2026-03-10', source: 'fever_clinic', notes: null });
    await runRequestedTraces(t.platform);
    expect((await t.database.db.selectFrom('codeStatus').select('colour').where('personId', '=', lone.邻!).executeTakeFirstOrThrow()).colour).toBe('red');
    await reclassifyCase(t.platform, official, c.id, { classification: 'excluded' });
    await runRequestedTraces(t.platform);
    expect(await contactsOf(c.id)).toEqual([]);
    // The monitoring plan the link started stays for the officials to end; it alone is yellow.
    const status = await t.database.db.selectFrom('codeStatus').select(['colour', 'reasons']).where('personId', '=', lone.邻!).executeTakeFirstOrThrow();
    expect((status.reasons as { reasonCode: string }[]).map((r) => r.reasonCode)).toEqual(['home_observation']);
    expect(status.colour).toBe('yellow');
  });
});
