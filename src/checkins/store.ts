/**
 * SQL for writing check-ins: three statements a batch, whatever its size — lock the batch's keys
 * and persons; read the answered keys, the repeats and today's counts; write the rows, volumes and
 * answers. Each is built as one text with its data inlined as dollar-quoted JSON, so the same
 * statements run either one by one in a Kysely transaction (a guard's check-in, with its audit
 * row) or — the residents' hot path — as two round trips on a connection of the batcher's own:
 * "begin; lock; read" and "write; commit" (decision 0007).
 */
import { randomBytes } from 'node:crypto';
import { CompiledQuery, sql, type Transaction } from 'kysely';
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
 * The batch statements are fixed texts with parameters: on a Kysely transaction they are sent with
 * bind parameters; on a batcher's connection, where several go in one simple-protocol round trip
 * (which takes no bind parameters), they are PREPAREd once and run as EXECUTE with literal
 * arguments (planning them cost about as much as running them).
 */
interface Statement {
  /** Name of the prepared statement on a batcher's connection. */
  name: string;
  /** The SQL, with $1… cast to their types (PREPARE infers them from the casts). */
  text: string;
}

/** An argument: a JSON document (already text), a time, a number or a list of texts. */
type Arg = string | Date | number | readonly string[];

const LOCK: Statement = {
  name: 'fy_checkin_lock',
  // All locks of a batch in one statement in one global order, so batches never deadlock.
  text: `select count(pg_advisory_xact_lock(k)) as locks from (
      select distinct hashtextextended(n, 0) as k from jsonb_array_elements_text($1::jsonb) as n order by 1
    ) as keys`,
};

// $1 keys, $2 items, $3 merge window (ms), $4–$5 the batch's bounds for repeats, $6–$7 for counts.
// Keys are looked up one by one (a correlated subquery): a join would let a generic plan choose to
// scan the whole table of the day's keys. The bounds are parameters of their own so that the
// executor prunes to the few partitions they touch before it starts (the per-item bounds inside the
// lateral subqueries alone would visit every partition).
const READ: Statement = {
  name: 'fy_checkin_read',
  text: `select
      (select json_agg(a) from (
        select (select json_build_object('accountId', r.account_id, 'key', r.key, 'requestHash', r.request_hash, 'response', r.response, 'createdAt', r.created_at)
          from checkin_requests r where r.account_id = k.account_id and r.key = k.key) as a
        from jsonb_to_recordset($1::jsonb) as k(account_id uuid, key text)
      ) as found where a is not null) as answered,
      (select json_agg(json_build_object('ord', x.ord, 'recentId', m.id, 'recentAt', m.checked_in_at, 'recentLeaveAt', m.leave_at,
          'recentGeofenceFar', m.geofence_far, 'recentDistanceM', m.distance_m,
          'countToday', (select count(*) from checkins c where c.person_id = x.person_id and c.checked_in_at >= x.day_from and c.checked_in_at < x.day_to
            and c.checked_in_at >= $6::timestamptz and c.checked_in_at < $7::timestamptz),
          'newId', nextval('checkin_id_seq')) order by x.ord)
        from jsonb_to_recordset($2::jsonb) as x(ord int, person_id uuid, venue_id uuid, at timestamptz, day_from timestamptz, day_to timestamptz)
        left join lateral (
          select c.id, c.checked_in_at, c.leave_at, c.geofence_far, c.distance_m from checkins c
          where c.person_id = x.person_id and c.venue_id = x.venue_id
            and c.checked_in_at >= x.at - $3::bigint * interval '1 millisecond' and c.checked_in_at <= x.at + $3::bigint * interval '1 millisecond'
            and c.checked_in_at >= $4::timestamptz and c.checked_in_at <= $5::timestamptz
          order by c.checked_in_at limit 1
        ) m on true) as lookups`,
};

// $1 rows, $2 volumes, $3 keys, $4 when, $5 the keys' answers (texts, in the keys' order). Each
// connection adds to its own shard of a day's volume (migration 0520), so concurrent batches do
// not queue behind one counter row. The answers travel as a text array, not inside the JSON
// document: written into the statement as dollar-quoted literals they need no escaping, and the
// database never takes them apart.
const WRITE: Statement = {
  name: 'fy_checkin_write',
  text: `with new_rows as (
      insert into checkins (id, person_id, venue_id, region_code, venue_name, name_masked, checked_in_at, leave_at, colour, method,
        recorded_by_account_id, geofence_far, distance_m, retention_days)
      select * from jsonb_to_recordset($1::jsonb) as x(id bigint, person_id uuid, venue_id uuid, region_code text,
        venue_name text, name_masked text, checked_in_at timestamptz, leave_at timestamptz, colour text, method text,
        recorded_by_account_id uuid, geofence_far boolean, distance_m integer, retention_days smallint)
      returning 1
    ), volumes as (
      insert into checkin_daily_volumes as v (day, region_code, shard, checkins)
      select day, region_code, pg_backend_pid() % 64, checkins from jsonb_to_recordset($2::jsonb) as x(day date, region_code text, checkins integer) order by 1, 2
      on conflict (day, region_code, shard) do update set checkins = v.checkins + excluded.checkins
      returning 1
    ), answered as (
      insert into checkin_requests (account_id, key, request_hash, response, created_at)
      select account_id, key, request_hash, response, $4::timestamptz from rows from (
        jsonb_to_recordset($3::jsonb) as (account_id uuid, key text, request_hash text), unnest($5::text[])
      ) as x(account_id, key, request_hash, response)
      returning 1
    )
    select (select count(*) from new_rows) as rows, (select count(*) from answered) as answers`,
};

/** A text as a dollar-quoted literal whose tag cannot occur in it (EXECUTE in a multi-statement text takes no bind parameters). */
function quoted(text: string): string {
  let tag = '$fyj$';
  while (text.includes(tag)) tag = `$j${randomBytes(6).toString('hex')}$`;
  return `${tag}${text}${tag}`;
}

function literal(arg: Arg): string {
  if (typeof arg === 'number') return String(arg);
  if (arg instanceof Date) return `'${arg.toISOString()}'`;
  return typeof arg === 'string' ? quoted(arg) : `array[${arg.map(quoted).join(', ')}]::text[]`;
}

const executeText = (statement: Statement, args: readonly Arg[]) => `execute ${statement.name}(${args.map(literal).join(', ')})`;


function run<R>(trx: Transaction<Database>, statement: Statement, args: readonly Arg[]) {
  return trx.executeQuery<R>(CompiledQuery.raw(statement.text, [...args]));
}

// ---- the statements' arguments ----------------------------------------------------------------

function lockArgs(keys: readonly RequestKey[], personIds: readonly string[]): Arg[] {
  return [JSON.stringify([...keys.map((k) => `checkin-key:${keyOf(k)}`), ...personIds.map((p) => `checkin:${p}`)])];
}

export interface StoredRequest {
  requestHash: string;
  /** The answer's text (model.ts keptAnswerText); null while unanswered. */
  response: string | null;
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
interface RequestJson { accountId: string; key: string; requestHash: string; response: string | null; createdAt: string }
interface StateRow { answered: RequestJson[] | null; lookups: LookupJson[] | null }

/**
 * What a batch needs to know (after the locks): the keys already answered, with their answers,
 * and per item, in order, the nearest check-in of the person at the venue within the merge
 * window, the person's count on the item's day, and a fresh id.
 */
function readArgs(keys: readonly RequestKey[], items: readonly LookupRequest[], mergeWindowMs: number): Arg[] {
  const keyRows = keys.map((k) => ({ account_id: k.accountId, key: k.key }));
  const itemRows = items.map((i, ord) => ({ ord, person_id: i.personId, venue_id: i.venueId, at: i.at.toISOString(), day_from: i.dayFrom.toISOString(), day_to: i.dayTo.toISOString() }));
  let first = Infinity;
  let last = -Infinity;
  let dayFrom = Infinity;
  let dayTo = -Infinity;
  for (const i of items) {
    first = Math.min(first, i.at.getTime());
    last = Math.max(last, i.at.getTime());
    dayFrom = Math.min(dayFrom, i.dayFrom.getTime());
    dayTo = Math.max(dayTo, i.dayTo.getTime());
  }
  if (items.length === 0) first = last = dayFrom = dayTo = Date.now();
  const window = Math.round(mergeWindowMs);
  const recentFrom = first - window;
  const recentTo = last + window;
  return [
    JSON.stringify(keyRows), JSON.stringify(itemRows), window, new Date(recentFrom), new Date(recentTo),
    new Date(Math.min(recentFrom, dayFrom)), new Date(Math.max(recentTo, dayTo)),
  ];
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
  /** The answers given (their texts), kept with their keys (the batch holds the keys' locks and found them unanswered). */
  answers: readonly (RequestKey & { requestHash: string; response: string })[];
  at: Date;
}

/** The batch's rows, its additions to the daily volumes and its keys with their answers, in one statement. */
function writeArgs(batch: BatchWrite): Arg[] {
  const rows = batch.rows.map((r) => ({
    id: r.id, person_id: r.personId, venue_id: r.venueId, region_code: r.regionCode, venue_name: r.venueName, name_masked: r.nameMasked,
    checked_in_at: r.checkedInAt.toISOString(), leave_at: r.leaveAt.toISOString(), colour: r.colour, method: r.method,
    recorded_by_account_id: r.recordedByAccountId, geofence_far: r.geofenceFar, distance_m: r.distanceM, retention_days: r.retentionDays,
  }));
  const volumes = batch.volumes.map((v) => ({ day: v.day, region_code: v.regionCode, checkins: v.checkins }));
  const keys = batch.answers.map((a) => ({ account_id: a.accountId, key: a.key, request_hash: a.requestHash }));
  return [JSON.stringify(rows), JSON.stringify(volumes), JSON.stringify(keys), batch.at, batch.answers.map((a) => a.response)];
}

// ---- in a Kysely transaction (one statement per call) ---------------------------------------

export async function lockBatch(trx: Transaction<Database>, keys: readonly RequestKey[], personIds: readonly string[]): Promise<void> {
  await run(trx, LOCK, lockArgs(keys, personIds));
}

export async function readBatchState(trx: Transaction<Database>, keys: readonly RequestKey[], items: readonly LookupRequest[], mergeWindowMs: number): Promise<BatchState> {
  const { rows } = await run<StateRow>(trx, READ, readArgs(keys, items, mergeWindowMs));
  return parseBatchState(rows[0]);
}

export async function writeBatch(trx: Transaction<Database>, batch: BatchWrite): Promise<void> {
  await run(trx, WRITE, writeArgs(batch));
}

// ---- on a connection of its own (two round trips a batch) ------------------------------------

const preparedOn = new WeakSet<pg.ClientBase>();

/**
 * Prepares the three statements once per connection, with generic plans (planning the read for
 * each batch's values cost a millisecond a batch). The read's plan names every day's partition and
 * the executor drops all but the batch's day before it starts, from the bounds $4–$7. Sequential
 * scans are off on these connections: a plan made while today's partition is empty or unanalysed
 * would otherwise scan it where it must seek, and keep doing so as the partition grows; with them
 * off, every lookup is an index scan whatever the statistics said. (store.db.test.ts checks both.)
 */
export async function prepareBatchStatements(client: pg.ClientBase): Promise<void> {
  if (preparedOn.has(client)) return;
  await client.query(`set plan_cache_mode = force_generic_plan; set enable_seqscan = off; ${[LOCK, READ, WRITE].map((s) => `prepare ${s.name} as ${s.text}`).join('; ')}`);
  preparedOn.add(client);
}

/** EXECUTE of the prepared read for these keys and items (prepareBatchStatements first). */
export function executeReadText(keys: readonly RequestKey[], items: readonly LookupRequest[], mergeWindowMs: number): string {
  return executeText(READ, readArgs(keys, items, mergeWindowMs));
}

/** Opens the transaction, takes the locks and reads the state: one round trip. */
export async function beginLockAndRead(
  client: pg.ClientBase, keys: readonly RequestKey[], personIds: readonly string[], items: readonly LookupRequest[], mergeWindowMs: number,
): Promise<BatchState> {
  await prepareBatchStatements(client);
  const results = await client.query(`begin; ${executeText(LOCK, lockArgs(keys, personIds))}; ${executeReadText(keys, items, mergeWindowMs)}`) as unknown as pg.QueryResult<StateRow>[];
  return parseBatchState(results[2]?.rows[0]);
}

/** Writes (when there is anything to write) and commits: one round trip. */
export async function writeAndCommit(client: pg.ClientBase, batch: BatchWrite | undefined): Promise<void> {
  await client.query(batch ? `${executeText(WRITE, writeArgs(batch))}; commit` : 'commit');
}

export async function rollback(client: pg.ClientBase): Promise<void> {
  await client.query('rollback');
}

/** A request answered before, by its key (a retry that comes after the batch that answered it). */
export async function findRequests(db: DbOrTrx, keys: readonly RequestKey[]): Promise<Map<string, StoredRequest>> {
  if (keys.length === 0) return new Map();
  const rows = keys.map((k) => ({ account_id: k.accountId, key: k.key }));
  const { rows: found } = await sql<RequestKey & { requestHash: string; response: string | null; createdAt: Date }>`
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
