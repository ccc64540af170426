import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { systemClock } from '../kernel/time.ts';
import { shanghaiDay, startOfShanghaiDay, DAY_MS } from '../kernel/time.ts';
import { writeUnits, type CheckinUnit } from './ingest.ts';
import { ensurePartitions } from './partitions/service.ts';
import { executeReadText, prepareBatchStatements } from './store.ts';

let database: TestDatabase;
let pool: pg.Pool;

const HOSTILE = `$fyj$'); drop table checkins; -- \\ $j0$ "quote" 林*`;

function unit(name: string): CheckinUnit {
  const at = new Date();
  return {
    accountId: randomUUID(), key: randomUUID(), requestHash: `h-${name}`, method: 'scan', recordedByAccountId: null,
    venue: { id: randomUUID(), name, kind: 'shop', number: '330106004-0001', address: name, regionCode: '330106004' },
    items: [{ personId: randomUUID(), nameMasked: name, colour: null, at, leaveAt: new Date(at.getTime() + 60_000), geofenceFar: false, distanceM: null, retentionDays: 28 }],
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe('batch statements', () => {
  it('carry any text in names and answers unchanged, on both the transaction and the batcher\'s connection', async () => {
    const deps = { db: database.db, clock: systemClock };
    const viaTransaction = await writeUnits(deps, [unit(HOSTILE)], 30);
    const viaConnection = await writeUnits(deps, [unit(`${HOSTILE}-2`)], 30, pool);
    for (const result of [...viaTransaction, ...viaConnection]) expect(result.kind).toBe('answer');
    const rows = await database.db.selectFrom('checkins').select(['venueName', 'nameMasked']).orderBy('id').execute();
    expect(rows).toEqual([{ venueName: HOSTILE, nameMasked: HOSTILE }, { venueName: `${HOSTILE}-2`, nameMasked: `${HOSTILE}-2` }]);
    const stored = await database.db.selectFrom('checkinRequests').select('response').execute();
    expect(stored.map((s) => (JSON.parse(s.response!) as { body: { venue: { name: string } } }).body.venue.name).sort()).toEqual([HOSTILE, `${HOSTILE}-2`]);
  });

  it('writes nothing of a batch that fails, and leaves the connection usable', async () => {
    const deps = { db: database.db, clock: systemClock };
    const bad = unit('bad');
    bad.items[0]!.retentionDays = 7; // refused by the table's check constraint
    const before = await database.db.selectFrom('checkins').select('id').execute();
    await expect(writeUnits(deps, [unit('good'), bad], 30, pool)).rejects.toThrow();
    expect(await database.db.selectFrom('checkins').select('id').execute()).toHaveLength(before.length);
    expect(await database.db.selectFrom('checkinRequests').select('key').where('requestHash', 'in', ['h-good', 'h-bad']).execute()).toEqual([]);
    const after = await writeUnits(deps, [unit('after')], 30, pool);
    expect(after[0]!.kind).toBe('answer');
  });

  it('plan the read once per connection, yet visit only the batch\'s day and seek by index even in a partition that was nearly empty', async () => {
    const now = new Date();
    await ensurePartitions(database.db, Array.from({ length: 5 }, (_, i) => ({ day: shanghaiDay(new Date(now.getTime() - i * DAY_MS)), retentionDays: 28 })));
    // A partition of a few rows, analysed: the cheapest way to read one page is to scan it, and a plan made now is kept.
    await writeUnits({ db: database.db, clock: systemClock }, Array.from({ length: 20 }, (_, i) => unit(`few-${i}`)), 30, pool);
    await sql`analyze checkins`.execute(database.db);
    const client = await pool.connect();
    try {
      await prepareBatchStatements(client);
      const dayFrom = startOfShanghaiDay(shanghaiDay(now));
      const item = { personId: randomUUID(), venueId: randomUUID(), at: now, dayFrom, dayTo: new Date(dayFrom.getTime() + DAY_MS) };
      const { rows } = await client.query(`explain (analyze, costs off, timing off, summary off) ${executeReadText([{ accountId: randomUUID(), key: 'k-1' }], [item], 120_000)}`);
      const plan = rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/Subplans Removed: [1-9]/);
      expect(plan).not.toMatch(/Seq Scan on checkins/);
      expect(plan).toMatch(/Index (Only )?Scan using checkins_[0-9]+_r28_person/);
    } finally {
      client.release();
    }
  });
});
