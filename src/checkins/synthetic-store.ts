/** SQL for bulk synthetic check-ins: ids from the sequence, COPY … FROM STDIN (pg-copy-streams) with their volumes. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DbOrTrx } from '../db/transaction.ts';
import { SYNTHETIC_COLUMNS } from './synthetic-model.ts';

/** `count` fresh ids from checkin_id_seq, in one round trip. */
export async function drawCheckinIds(db: DbOrTrx, count: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`select nextval('checkin_id_seq') as id from generate_series(1, ${count})`.execute(db);
  return rows.map((r) => Number(r.id));
}

export interface CopySession {
  /** One chunk: its rows by COPY and its additions to the daily volumes, in one transaction. */
  copy(lines: readonly string[], volumes: readonly { day: string; regionCode: string; checkins: number }[]): Promise<void>;
  close(): Promise<void>;
}

/** A connection of its own for COPY (Kysely's pool does not speak it). */
export async function openCopySession(databaseUrl: string): Promise<CopySession> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return {
    async copy(lines, volumes) {
      await client.query('begin');
      try {
        await pipeline(Readable.from(lines), client.query(copyFrom(`copy checkins (${SYNTHETIC_COLUMNS.join(', ')}) from stdin`)));
        const rows = volumes.map((v) => ({ day: v.day, region_code: v.regionCode, checkins: v.checkins }));
        await client.query(`
          insert into checkin_daily_volumes as v (day, region_code, checkins)
          select * from json_to_recordset($1::json) as x(day date, region_code text, checkins integer) order by 1, 2
          on conflict (day, region_code, shard) do update set checkins = v.checkins + excluded.checkins`, [JSON.stringify(rows)]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      }
    },
    close: () => client.end(),
  };
}

/** A few synthetic visits written at once (the demo city's outbreak), with their daily volumes. */
export async function insertSyntheticVisits(db: DbOrTrx, rows: readonly {
  personId: string; venueId: string; regionCode: string; venueName: string; nameMasked: string; checkedInAt: Date; leaveAt: Date; retentionDays: number;
}[]): Promise<void> {
  if (rows.length === 0) return;
  const ids = await drawCheckinIds(db, rows.length);
  await db.insertInto('checkins').values(rows.map((r, i) => ({ ...r, id: ids[i]!, colour: 'green' as const, method: 'scan' as const, recordedByAccountId: null }))).execute();
}
