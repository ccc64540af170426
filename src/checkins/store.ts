/**
 * SQL for writing check-ins: three statements a batch, whatever its size — lock the batch's keys
 * and persons; read the answered keys, the repeats and today's counts; write the rows, volumes and
 * answers. Each is built as one text with its data inlined as dollar-quoted JSON, so the same
 * statements run either one by one in a Kysely transaction (a guard's check-in, with its audit
 * row) or — the residents' hot path — as two round trips on a connection of the batcher's own:
 * "begin; lock; read" and "write; commit" (decision 0007).
 */
import { randomBytes } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type pg from 'pg';
import type { Database } from '../db/schema.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import type { CheckinMethod, Colour } from './model.ts';
import type { ItemLookup } from './plan.ts';

export interface RequestKey {
  accountId: string;
  key: string;
}

const keyOf = (k: RequestKey) => `${k.accountId}|${k.key}`;

export { keyOf as requestKeyOf };

/**
 * A JSON document as a dollar-quoted jsonb literal whose tag cannot occur in it (no bind parameters:
 * multi-statement texts allow none). jsonb, because jsonb_to_recordset takes a batch apart several
 * times faster than json_to_recordset does.
 */
function jsonLiteral(value: unknown): string {
  const text = JSON.stringify(value);
  let tag = '$fyj$';
  while (text.includes(tag)) tag = `$j${randomBytes(6).toString('hex')}$`;
  return `${tag}${text}${tag}::jsonb`;
}

const timeLiteral = (at: Date) => `'${at.toISOString()}'::timestamptz`;

/**
 * Serialises a batch against every other writer of the same idempotency keys and the same persons
 * (across transactions and server processes): the key check, the repeat check and the daily
 * count read, then write. All locks of a batch are taken in one statement in one global order,
 * so batches never deadlock; they are held until commit.
 */
export function lockStatement(keys: readonly RequestKey[], personIds: readonly string[]): string {
  const names = [...keys.map((k) => `checkin-key:${keyOf(k)}`), ...personIds.map((p) => `checkin:${p}`)];
  return `select count(pg_advisory_xact_lock(k)) as locks from (
      select distinct hashtextextended(n, 0) as k from jsonb_array_elements_text(${jsonLiteral(names)}) as n order by 1
    ) as keys`;
}

export interface StoredRequest {
  requestHash: string;
  response: unknown;
  createdAt: Date;
}

export interface LookupRequest {
  personId: string;
  venueId: string;
  at: Date;
  dayFrom: Date;
  dayTo: Date;
}

export interface BatchState {
  answered: Map<string, StoredRequest>;
  lookups: ItemLookup[];
}

// camelCase keys inside JSON: on the Kysely path the CamelCasePlugin would rename snake_case ones.
interface LookupJson { ord: number; recentId: number | null; recentAt: string | null; recentLeaveAt: string | null; recentGeofenceFar: boolean | null; recentDistanceM: number | null; countToday: number; newId: number }
interface RequestJson { accountId: string; key: string; requestHash: string; response: unknown; createdAt: string }
interface StateRow { answered: RequestJson[] | null; lookups: LookupJson[] | null }

/**
 * What a batch needs to know (after the locks): the keys already answered, with their answers,
 * and per item, in order, the nearest check-in of the person at the venue within the merge
 * window, the person's count on the item's day, and a fresh id.
 */
export function readStatement(keys: readonly RequestKey[], items: readonly LookupRequest[], mergeWindowMs: number): string {
  const keyRows = keys.map((k) => ({ account_id: k.accountId, key: k.key }));
  const itemRows = items.map((i, ord) => ({ ord, person_id: i.personId, venue_id: i.venueId, at: i.at.toISOString(), day_from: i.dayFrom.toISOString(), day_to: i.dayTo.toISOString() }));
  const window = `interval '${Math.round(mergeWindowMs)} milliseconds'`;
  // The batch's overall bounds as plain values, so the planner prunes to the few partitions they
  // touch (the per-item bounds inside the lateral subqueries alone would make it plan every partition).
  const times = items.length > 0 ? items.map((i) => i.at.getTime()) : [Date.now()];
  const recentFrom = new Date(Math.min(...times) - mergeWindowMs);
  const recentTo = new Date(Math.max(...times) + mergeWindowMs);
  const countFrom = new Date(Math.min(recentFrom.getTime(), ...items.map((i) => i.dayFrom.getTime())));
  const countTo = new Date(Math.max(recentTo.getTime(), ...items.map((i) => i.dayTo.getTime())));
  return `select
      (select json_agg(json_build_object('accountId', r.account_id, 'key', r.key, 'requestHash', r.request_hash, 'response', r.response, 'createdAt', r.created_at))
        from checkin_requests r join jsonb_to_recordset(${jsonLiteral(keyRows)}) as k(account_id uuid, key text)
          on r.account_id = k.account_id and r.key = k.key) as answered,
      (select json_agg(json_build_object('ord', x.ord, 'recentId', m.id, 'recentAt', m.checked_in_at, 'recentLeaveAt', m.leave_at,
          'recentGeofenceFar', m.geofence_far, 'recentDistanceM', m.distance_m,
          'countToday', (select count(*) from checkins c where c.person_id = x.person_id and c.checked_in_at >= x.day_from and c.checked_in_at < x.day_to
            and c.checked_in_at >= ${timeLiteral(countFrom)} and c.checked_in_at < ${timeLiteral(countTo)}),
          'newId', nextval('checkin_id_seq')) order by x.ord)
        from jsonb_to_recordset(${jsonLiteral(itemRows)}) as x(ord int, person_id uuid, venue_id uuid, at timestamptz, day_from timestamptz, day_to timestamptz)
        left join lateral (
          select c.id, c.checked_in_at, c.leave_at, c.geofence_far, c.distance_m from checkins c
          where c.person_id = x.person_id and c.venue_id = x.venue_id
            and c.checked_in_at >= x.at - ${window} and c.checked_in_at <= x.at + ${window}
            and c.checked_in_at >= ${timeLiteral(recentFrom)} and c.checked_in_at <= ${timeLiteral(recentTo)}
          order by c.checked_in_at limit 1
        ) m on true) as lookups`;
}

export function parseBatchState(row: StateRow | undefined): BatchState {
  const answered = new Map((row?.answered ?? []).map((r) => [`${r.accountId}|${r.key}`, { requestHash: r.requestHash, response: r.response, createdAt: new Date(r.createdAt) }]));
  const lookups = (row?.lookups ?? []).map((r) => ({
    recent: r.recentId === null ? undefined : {
      id: Number(r.recentId), checkedInAt: new Date(r.recentAt!), leaveAt: new Date(r.recentLeaveAt!), geofenceFar: r.recentGeofenceFar!, distanceM: r.recentDistanceM,
    },
    countToday: Number(r.countToday),
    newId: Number(r.newId),
  }));
  return { answered, lookups };
}

export interface CheckinRow {
  id: number;
  personId: string;
  venueId: string;
  regionCode: string;
  venueName: string;
  nameMasked: string;
  checkedInAt: Date;
  leaveAt: Date;
  colour: Colour | null;
  method: CheckinMethod;
  recordedByAccountId: string | null;
  geofenceFar: boolean;
  distanceM: number | null;
  retentionDays: number;
}

export interface BatchWrite {
  rows: readonly CheckinRow[];
  volumes: readonly { day: string; regionCode: string; checkins: number }[];
  /** The answers given, kept with their keys (the batch holds the keys' locks and found them unanswered). */
  answers: readonly (RequestKey & { requestHash: string; response: unknown })[];
  at: Date;
}

/** The batch's rows, its additions to the daily volumes and its keys with their answers, in one statement. */
export function writeStatement(batch: BatchWrite): string {
  const rows = batch.rows.map((r) => ({
    id: r.id, person_id: r.personId, venue_id: r.venueId, region_code: r.regionCode, venue_name: r.venueName, name_masked: r.nameMasked,
    checked_in_at: r.checkedInAt.toISOString(), leave_at: r.leaveAt.toISOString(), colour: r.colour, method: r.method,
    recorded_by_account_id: r.recordedByAccountId, geofence_far: r.geofenceFar, distance_m: r.distanceM, retention_days: r.retentionDays,
  }));
  const volumes = batch.volumes.map((v) => ({ day: v.day, region_code: v.regionCode, checkins: v.checkins }));
  const answers = batch.answers.map((a) => ({ account_id: a.accountId, key: a.key, request_hash: a.requestHash, response: a.response }));
  return `with new_rows as (
      insert into checkins (id, person_id, venue_id, region_code, venue_name, name_masked, checked_in_at, leave_at, colour, method,
        recorded_by_account_id, geofence_far, distance_m, retention_days)
      select * from jsonb_to_recordset(${jsonLiteral(rows)}) as x(id bigint, person_id uuid, venue_id uuid, region_code text,
        venue_name text, name_masked text, checked_in_at timestamptz, leave_at timestamptz, colour text, method text,
        recorded_by_account_id uuid, geofence_far boolean, distance_m integer, retention_days smallint)
      returning 1
    ), volumes as (
      insert into checkin_daily_volumes as v (day, region_code, checkins)
      select * from jsonb_to_recordset(${jsonLiteral(volumes)}) as x(day date, region_code text, checkins integer) order by 1, 2
      on conflict (day, region_code) do update set checkins = v.checkins + excluded.checkins
      returning 1
    ), answered as (
      insert into checkin_requests (account_id, key, request_hash, response, created_at)
      select account_id, key, request_hash, response, ${timeLiteral(batch.at)} from jsonb_to_recordset(${jsonLiteral(answers)})
        as x(account_id uuid, key text, request_hash text, response jsonb)
      returning 1
    )
    select (select count(*) from new_rows) as rows, (select count(*) from answered) as answers`;
}

// ---- in a Kysely transaction (one statement per call) ---------------------------------------

export async function lockBatch(trx: Transaction<Database>, keys: readonly RequestKey[], personIds: readonly string[]): Promise<void> {
  await sql.raw(lockStatement(keys, personIds)).execute(trx);
}

export async function readBatchState(trx: Transaction<Database>, keys: readonly RequestKey[], items: readonly LookupRequest[], mergeWindowMs: number): Promise<BatchState> {
  const { rows } = await sql.raw<StateRow>(readStatement(keys, items, mergeWindowMs)).execute(trx);
  return parseBatchState(rows[0]);
}

export async function writeBatch(trx: Transaction<Database>, batch: BatchWrite): Promise<void> {
  await sql.raw(writeStatement(batch)).execute(trx);
}

// ---- on a connection of its own (two round trips a batch) ------------------------------------

/** Opens the transaction, takes the locks and reads the state: one round trip. */
export async function beginLockAndRead(
  client: pg.ClientBase, keys: readonly RequestKey[], personIds: readonly string[], items: readonly LookupRequest[], mergeWindowMs: number,
): Promise<BatchState> {
  const results = await client.query(`begin; ${lockStatement(keys, personIds)}; ${readStatement(keys, items, mergeWindowMs)}`) as unknown as pg.QueryResult<StateRow>[];
  return parseBatchState(results[2]?.rows[0]);
}

/** Writes (when there is anything to write) and commits: one round trip. */
export async function writeAndCommit(client: pg.ClientBase, batch: BatchWrite | undefined): Promise<void> {
  await client.query(batch ? `${writeStatement(batch)}; commit` : 'commit');
}

export async function rollback(client: pg.ClientBase): Promise<void> {
  await client.query('rollback');
}

/** A request answered before, by its key (a retry that comes after the batch that answered it). */
export async function findRequests(db: DbOrTrx, keys: readonly RequestKey[]): Promise<Map<string, StoredRequest>> {
  if (keys.length === 0) return new Map();
  const rows = keys.map((k) => ({ account_id: k.accountId, key: k.key }));
  const { rows: found } = await sql<RequestKey & StoredRequest>`
    select r.account_id, r.key, r.request_hash, r.response, r.created_at
    from checkin_requests r join json_to_recordset(${JSON.stringify(rows)}::json) as x(account_id uuid, key text)
      on r.account_id = x.account_id and r.key = x.key`.execute(db);
  return new Map(found.map((r) => [keyOf(r), { requestHash: r.requestHash, response: r.response, createdAt: r.createdAt }]));
}

/** Idempotency keys older than `before`, a chunk at a time (the table is small: one row per request of the last day). */
export async function deleteRequestsBefore(db: DbOrTrx, before: Date, limit: number): Promise<number> {
  const result = await sql`
    delete from checkin_requests where ctid in (select ctid from checkin_requests where created_at < ${before} limit ${limit})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** The one failure a batch recovers from by itself: a row whose (day, retention) partition does not exist yet. */
export function isMissingPartition(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === '23514' && /no partition of relation/.test(e.message ?? '');
}

/** Deadlock or serialisation failure: the whole batch may simply run again. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '40P01' || code === '40001';
}
