import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { registeredResident, staffSession, type Resident } from '../codes/colours/testing.ts';
import { fixedClock, shanghaiDay } from '../kernel/time.ts';
import { onboardRegion } from '../regions/onboarding.ts';
import { startJobs } from '../server/jobs.ts';
import { writeUnits, type CheckinUnit } from './ingest.ts';
import { CHECKIN_MAINTENANCE_QUEUE } from './jobs.ts';
import { addDays } from './partitions/model.ts';
import { ensureUpcomingPartitions, purgeExpiredCheckins, retentionDaysFor } from './partitions/service.ts';
import { approvedVenue, checkIn, type TestVenue } from './testing.ts';

const NOW = new Date('2026-11-28T04:00:00Z'); // 12:00 in Shanghai
const clock = fixedClock(NOW);
let t: TestPlatform;
let admin: Session;
let worker: Session;
let official: Session;
let alice: Resident;
let shop: TestVenue;

const partitions = async () => (await sql<{ relname: string }>`select relname from pg_class where relname ~ '^checkins_[0-9]{8}' and relkind in ('r', 'p') order by 1`.execute(t.database.db)).rows.map((r) => r.relname);

/** A check-in written straight through the batch writer at any time (the past, for retention). */
function unitAt(at: Date, retentionDays: number, personId: string): CheckinUnit {
  return {
    accountId: randomUUID(), key: randomUUID(), requestHash: 'h', method: 'scan', recordedByAccountId: null,
    venue: { id: shop.id, name: shop.name, kind: 'shop', number: shop.number, address: '文三路 1 号', regionCode: '330106004' },
    items: [{ personId, nameMasked: '林*', colour: 'green', at, leaveAt: new Date(at.getTime() + 1800_000), geofenceFar: false, distanceM: null, retentionDays }],
  };
}

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  await onboardRegion(t.platform, { system: 'test' }, '330100');
  admin = await staffSession(t, 'venue-admin2', 'venue_admin', '330106');
  worker = await staffSession(t, 'worker-xh2', 'community_worker', '330106');
  official = await staffSession(t, 'official-hz2', 'health_official', '330100');
  alice = await registeredResident(t, '13855550301', '林静');
  shop = await approvedVenue(t, admin, worker, { name: '保留期超市' });
});
afterAll(async () => t.close());

describe('partitions', () => {
  it('creates a missing (day, retention) partition when a check-in needs it, and retries the batch once', async () => {
    expect(await partitions()).toEqual([]);
    const res = await checkIn(alice.session, { venueToken: shop.token, personIds: [alice.personId] });
    expect(res.statusCode, res.body).toBe(201);
    expect(await partitions()).toEqual(['checkins_20261128', 'checkins_20261128_r28']);
    const placed = await sql<{ tableoid: string }>`select tableoid::regclass::text as tableoid from checkins where person_id = ${alice.personId}`.execute(t.database.db);
    expect(placed.rows).toEqual([{ tableoid: 'checkins_20261128_r28' }]);
  });

  it('throttles autovacuum on the partitions it writes to and on the idempotency keys', async () => {
    const options = async (table: string) => (await sql<{ reloptions: string[] | null }>`select reloptions from pg_class where relname = ${table}`.execute(t.database.db)).rows[0]?.reloptions;
    expect(await options('checkins_20261128_r28')).toEqual(['autovacuum_vacuum_cost_delay=20']);
    expect(await options('checkin_requests')).toEqual(['autovacuum_vacuum_cost_delay=20']);
  });

  it('makes today\'s and the next two days\' partitions ahead for every retention in use', async () => {
    await sql`update tenants set settings = settings || '{"checkinRetentionDays": 21}'::jsonb where region_code = '330100'`.execute(t.database.db);
    await ensureUpcomingPartitions({ db: t.platform.db, clock });
    const names = await partitions();
    for (const day of ['20261128', '20261129', '20261130']) {
      expect(names).toContain(`checkins_${day}_r21`);
      expect(names).toContain(`checkins_${day}_r28`);
    }
    expect(names).not.toContain('checkins_20261201');
    await sql`update tenants set settings = settings || '{"checkinRetentionDays": 28}'::jsonb where region_code = '330100'`.execute(t.database.db);
  });
});

describe('retention', () => {
  it('lets a health official change the city\'s retention (audited); new check-ins carry it, earlier ones keep theirs', async () => {
    const bad = await official.request({ method: 'PUT', url: '/api/checkins/regions/330100/retention', payload: { retentionDays: 7 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('CHECKIN_RETENTION_INVALID');
    expect((await admin.request({ method: 'PUT', url: '/api/checkins/regions/330100/retention', payload: { retentionDays: 14 } })).statusCode).toBe(403);
    expect((await official.request({ method: 'PUT', url: '/api/checkins/regions/330106/retention', payload: { retentionDays: 14 } })).json().code).toBe('CHECKIN_REGION_NOT_TENANT');
    const res = await official.request({ method: 'PUT', url: '/api/checkins/regions/330100/retention', payload: { retentionDays: 14 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ regionCode: '330100', retentionDays: 14, todaysCheckinsPurgedOn: '2026-12-13' });
    // The partitions the new value needs exist at once.
    expect(await partitions()).toContain('checkins_20261130_r14');
    const audit = await t.database.db.selectFrom('auditLog').select(['actorLabel', 'detail']).where('action', '=', 'checkin.retention.change').executeTakeFirstOrThrow();
    expect(audit.actorLabel).toBe('official-hz2');
    expect(JSON.parse(audit.detail)).toEqual({ from: 28, to: 14 });
    expect(await retentionDaysFor({ db: t.platform.db, clock }, '330106004')).toBe(14);
    const bob = await registeredResident(t, '13855550302', '王强');
    expect((await checkIn(bob.session, { venueToken: shop.token, personIds: [bob.personId] })).statusCode).toBe(201);
    const rows = await t.database.db.selectFrom('checkins').select(['personId', 'retentionDays']).execute();
    expect(rows.find((r) => r.personId === bob.personId)?.retentionDays).toBe(14);
    expect(rows.find((r) => r.personId === alice.personId)?.retentionDays).toBe(28);
    const read = await official.request({ method: 'GET', url: '/api/checkins/regions/330100/retention' });
    expect(read.json().retentionDays).toBe(14);
    await official.request({ method: 'PUT', url: '/api/checkins/regions/330100/retention', payload: { retentionDays: 28 } });
  });

  it('drops expired partitions whole: old check-ins are gone from the database, those inside the retention stay; one audit row', async () => {
    const person = alice.personId;
    const days = { old28: addDays('2026-11-28', -40), edge28: addDays('2026-11-28', -28), old14: addDays('2026-11-28', -15), keep60: addDays('2026-11-28', -40) };
    const at = (day: string) => new Date(`${day}T02:00:00Z`);
    const deps = { db: t.platform.db, clock };
    const results = await writeUnits(deps, [
      unitAt(at(days.old28), 28, person), unitAt(at(days.edge28), 28, person), unitAt(at(days.old14), 14, person), unitAt(new Date(at(days.keep60).getTime() + 3600_000), 60, person),
    ], 30);
    expect(results.every((r) => r.kind === 'answer')).toBe(true);
    const before = await t.database.db.selectFrom('checkins').select(['checkedInAt', 'retentionDays']).where('personId', '=', person).execute();
    expect(before).toHaveLength(5);
    expect(await partitions()).toContain('checkins_20261019_r28');

    const purge = await purgeExpiredCheckins(deps, { system: 'test' });
    expect(purge.dropped.map((d) => [d.partition, d.rows])).toEqual([['checkins_20261019_r28', 1], ['checkins_20261113_r14', 1]]);
    expect(purge.days).toEqual(['checkins_20261113']);
    const after = await t.database.db.selectFrom('checkins').select(['checkedInAt', 'retentionDays']).where('personId', '=', person).orderBy('checkedInAt').execute();
    expect(after.map((r) => [shanghaiDay(r.checkedInAt), r.retentionDays])).toEqual([[days.keep60, 60], [days.edge28, 28], ['2026-11-28', 28]]);
    const names = await partitions();
    expect(names).not.toContain('checkins_20261019_r28');
    expect(names).not.toContain('checkins_20261113');
    expect(names).toContain('checkins_20261019_r60');
    expect(names).toContain('checkins_20261031_r28');
    const audit = await t.database.db.selectFrom('auditLog').select(['actorLabel', 'detail']).where('action', '=', 'checkin.purge').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ rows: 2, dayPartitions: ['checkins_20261113'] });

    // A day later the 28-day partition of 2026-10-31 has expired too; nothing else changes.
    clock.set(new Date(NOW.getTime() + 86_400_000));
    const next = await purgeExpiredCheckins(deps, { system: 'test' });
    expect(next.dropped.map((d) => d.partition)).toEqual(['checkins_20261031_r28']);
    expect(next.days).toEqual(['checkins_20261031']);
    clock.set(NOW);
    // Nothing to drop: no audit row.
    await purgeExpiredCheckins(deps, { system: 'test' });
    expect(await t.database.db.selectFrom('auditLog').select('id').where('action', '=', 'checkin.purge').execute()).toHaveLength(2);
  });

  it('runs as a pg-boss job: partitions ahead, purge, expired idempotency keys deleted', async () => {
    await t.database.db.insertInto('checkinRequests').values({ accountId: randomUUID(), key: 'old-key-123', requestHash: 'h', response: '{}', createdAt: new Date(NOW.getTime() - 2 * 86_400_000) }).execute();
    const jobs = await startJobs(t.platform, t.app.log);
    try {
      const schedules = await jobs.boss.getSchedules();
      expect(schedules.map((s) => s.name)).toContain(CHECKIN_MAINTENANCE_QUEUE);
      for (let i = 0; i < 100; i++) {
        const left = await t.database.db.selectFrom('checkinRequests').select('key').where('key', '=', 'old-key-123').execute();
        if (left.length === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await t.database.db.selectFrom('checkinRequests').select('key').where('key', '=', 'old-key-123').execute()).toEqual([]);
      expect(await partitions()).toContain('checkins_20261130_r28');
    } finally {
      await jobs.stop();
    }
  });
});
