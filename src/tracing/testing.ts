/**
 * Test-only helpers for the tracing DB tests: a small synthetic town (persons, venues of given
 * kinds) and visits written straight into check-ins at chosen Beijing times, so each scenario
 * states its answer (who overlapped whom, when) in the test itself.
 */
import { randomUUID } from 'node:crypto';
import { ensurePartitions } from '../checkins/partitions/service.ts';
import type { Actor } from '../kernel/access.ts';
import { MINUTE_MS, shanghaiDay } from '../kernel/time.ts';
import { bindDependantsBulk, groupHouseholdsBulk, registerPeopleBulk } from '../people/service.ts';
import type { TestPlatform } from '../../test/support/platform.ts';
import { residentId } from '../../test/support/http-users.ts';

/** 'YYYY-MM-DD HH:mm' in Beijing → the instant. */
export const bj = (text: string): Date => new Date(`${text.replace(' ', 'T')}:00+08:00`);

let sequence = 500;

/** Persons by name, living in `homeRegionCode` (a street of 西湖区 by default). */
export async function townPeople(t: TestPlatform, names: readonly string[], homeRegionCode = '330106004'): Promise<Record<string, string>> {
  const rows = names.map((name) => ({ idType: 'resident_id' as const, idNumber: residentId(homeRegionCode.slice(0, 6), '19850101', String(++sequence).padStart(3, '0')), name, homeRegionCode }));
  const ids = await registerPeopleBulk(t.platform, rows);
  return Object.fromEntries(names.map((name, i) => [name, ids[i]!]));
}

export async function townVenue(t: TestPlatform, name: string, kind: string, defaultStayMinutes: number, regionCode = '330106004'): Promise<string> {
  const id = randomUUID();
  await t.database.db.insertInto('venues').values({ id, regionCode, name, kind, address: '测试路 1 号', status: 'approved', defaultStayMinutes }).execute();
  return id;
}

let checkinId = 9_000_000;

/**
 * A visit as a check-in row: from `at` for `minutes` when nobody checked out (the venue's stay as
 * recorded), or until `leftAt` when the person checked out.
 */
export async function visit(t: TestPlatform, personId: string, venueId: string, at: string, stay: { minutes: number } | { leftAt: string }): Promise<number> {
  const checkedInAt = bj(at);
  const leaveAt = 'leftAt' in stay ? bj(stay.leftAt) : new Date(checkedInAt.getTime() + stay.minutes * MINUTE_MS);
  await ensurePartitions(t.database.db, [{ day: shanghaiDay(checkedInAt), retentionDays: 28 }]);
  const id = ++checkinId;
  await t.database.db.insertInto('checkins').values({
    id, personId, venueId, regionCode: '330106004', venueName: 'v', nameMasked: '某*', checkedInAt, leaveAt, leftExplicitly: 'leftAt' in stay,
    colour: 'green', method: 'scan', recordedByAccountId: null, retentionDays: 28,
  }).execute();
  return id;
}

export async function household(t: TestPlatform, personIds: readonly string[]): Promise<void> {
  await groupHouseholdsBulk(t.database.db, [personIds]);
}

export async function bindFamily(t: TestPlatform, guardianId: string, dependantId: string): Promise<void> {
  await bindDependantsBulk(t.database.db, [{ guardianId, dependantId, relation: 'parent' }]);
}

/** A health official of 杭州 as the services see one (routes tests use sessions instead). */
export function officialActor(accountId: string, regionCode = '330100'): Actor {
  return { accountId, kind: 'staff', personId: null, label: 'tracing-official', roles: [{ role: 'health_official', regionCode }] };
}
