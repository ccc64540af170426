import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { systemClock } from '../kernel/time.ts';
import { writeUnits, type CheckinUnit } from './ingest.ts';

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
});
