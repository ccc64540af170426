/**
 * The registration migration on a database that already has venues (an installation seeded
 * before it): they become approved, numbered per region in creation order, with their kind's
 * default stay, and the counters continue from there. Down and up again leave the same shape.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { down, up } from '../db/migrations/2026_11_28_0500_venues_registration.ts';

let t: TestDatabase;
beforeAll(async () => { t = await createTestDatabase(); });
afterAll(async () => t.drop());

it('numbers and approves existing venues, and numbering continues after them', async () => {
  await down(t.db);
  const old = [
    { region: '330106004', kind: 'shop', at: '2026-01-01T00:00:00Z' },
    { region: '330106004', kind: 'residential', at: '2026-01-02T00:00:00Z' },
    { region: '330102001', kind: 'hospital', at: '2026-01-03T00:00:00Z' },
  ].map((v, i) => ({ id: randomUUID(), region_code: v.region, name: `旧场所${i}`, kind: v.kind, address: '某路', created_at: v.at }));
  for (const v of old) {
    await sql`insert into venues (id, region_code, name, kind, address, created_at) values (${v.id}, ${v.region_code}, ${v.name}, ${v.kind}, ${v.address}, ${v.created_at})`.execute(t.db);
  }
  await up(t.db);
  const rows = await t.db.selectFrom('venues').select(['name', 'number', 'status', 'defaultStayMinutes', 'tokenVersion']).orderBy('name').execute();
  expect(rows).toEqual([
    { name: '旧场所0', number: '330106004-0001', status: 'approved', defaultStayMinutes: 30, tokenVersion: 1 },
    { name: '旧场所1', number: '330106004-0002', status: 'approved', defaultStayMinutes: 720, tokenVersion: 1 },
    { name: '旧场所2', number: '330102001-0001', status: 'approved', defaultStayMinutes: 120, tokenVersion: 1 },
  ]);
  const added = await t.db.insertInto('venues').values({ id: randomUUID(), regionCode: '330106004', name: '新场所', kind: 'office', address: '某路' })
    .returning(['number', 'defaultStayMinutes', 'status']).executeTakeFirstOrThrow();
  expect(added).toEqual({ number: '330106004-0003', defaultStayMinutes: 540, status: 'approved' });
  // Past 9,999 the sequence grows a digit instead of being cut.
  await t.db.updateTable('venueNumberCounters').set({ lastSequence: 9999 }).where('regionCode', '=', '330102001').execute();
  const big = await t.db.insertInto('venues').values({ id: randomUUID(), regionCode: '330102001', name: '第一万个', kind: 'other', address: '某路' })
    .returning('number').executeTakeFirstOrThrow();
  expect(big.number).toBe('330102001-10000');
});

it('keeps its constraints: coordinates in pairs, geofence only with coordinates, a reason with every rejection', async () => {
  const base = { regionCode: '330106004', name: '约束', kind: 'other', address: '某路' };
  const fails = async (values: Record<string, unknown>) => {
    try {
      await t.db.insertInto('venues').values({ ...base, id: randomUUID(), ...values } as never).execute();
      return false;
    } catch (error) {
      return (error as { code?: string }).code === '23514';
    }
  };
  expect(await fails({ latitude: 30 })).toBe(true);
  expect(await fails({ geofenceRadiusM: 100 })).toBe(true);
  expect(await fails({ latitude: 91, longitude: 120 })).toBe(true);
  expect(await fails({ status: 'rejected' })).toBe(true);
  expect(await fails({ defaultStayMinutes: 2000 })).toBe(true);
});
