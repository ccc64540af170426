/**
 * What every benchmark needs: a PostgreSQL (DATABASE_URL, or a throwaway embedded cluster),
 * migrated, with regions, and an HTTP load generator (autocannon) whose figures are reported as JSON.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import net from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb, type Db } from '../src/db/connection.ts';
import { databaseUrl, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { ensureRegionsLoaded } from '../src/regions/service.ts';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface BenchDatabase {
  db: Db;
  url: string;
  close(): Promise<void>;
}

/** `settings` are PostgreSQL settings for the throwaway embedded cluster (ignored with DATABASE_URL). */
export async function openBenchDatabase(name: string, options: { settings?: Record<string, string> } = {}): Promise<BenchDatabase> {
  let adminUrl = process.env.DATABASE_URL;
  let stopServer = async () => {};
  if (!adminUrl) {
    const root = path.resolve('.test-data');
    mkdirSync(root, { recursive: true });
    const dir = mkdtempSync(path.join(root, 'bench-'));
    chmodSync(dir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), password: 'bench-only', log: () => undefined, settings: options.settings });
    adminUrl = server.adminUrl;
    stopServer = async () => { await server.stop(); rmSync(dir, { recursive: true, force: true }); };
  }
  const dbName = `fangyi_bench_${name}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const url = databaseUrl(adminUrl, dbName);
  const { db } = createDb(url, 20);
  await migrateToLatest(db);
  await ensureRegionsLoaded(db);
  return {
    db,
    url,
    async close() {
      await db.destroy();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${dbName} with (force)`);
      await cleanup.end();
      await stopServer();
    },
  };
}

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/** `overallRate` (requests/s across all connections) makes the load open-loop: latency then shows service time, not a self-made queue. */
export async function load(url: string, options: { headers?: Record<string, string>; connections?: number; seconds?: number; overallRate?: number } = {}): Promise<LoadResult> {
  const result = await autocannon({ url, headers: options.headers, connections: options.connections ?? 50, duration: options.seconds ?? 10, ...(options.overallRate ? { overallRate: options.overallRate } : {}) });
  return { rps: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

export function report(result: Record<string, unknown>): void {
  console.log(JSON.stringify(result));
}

/**
 * With BENCH_CPU_PROFILE=<dir>, the server thread's CPU profile of `work` is written to
 * <dir>/<name>.cpuprofile (open it in Chrome DevTools): the part of a benchmark worth profiling,
 * without the set-up around it.
 */
export async function withCpuProfile<T>(name: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

/**
 * CPU time used so far (ms): this process's main thread, this whole process, and each `postgres`
 * process on the machine (by pid: one that ends between two snapshots takes its time with it, so
 * differences are taken per process and never go negative).
 */
export interface CpuTimes { mainThreadMs: number; processMs: number; postgresMs: Map<string, number>; serverProcessesMs: Map<string, number> }

const TICK_MS = 10; // USER_HZ is 100 on Linux
function ticksOf(statPath: string): number {
  try {
    const stat = readFileSync(statPath, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0; // the process ended meanwhile
  }
}

/** `serverPids`: processes serving the benchmark's requests (bench/load/server-processes.ts), counted apart. */
export function cpuTimes(serverPids: readonly number[] = []): CpuTimes {
  const postgresMs = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') postgresMs.set(pid, ticksOf(`/proc/${pid}/stat`) * TICK_MS);
    } catch { /* gone */ }
  }
  const serverProcessesMs = new Map(serverPids.map((pid) => [String(pid), ticksOf(`/proc/${pid}/stat`) * TICK_MS]));
  return { mainThreadMs: ticksOf(`/proc/self/task/${process.pid}/stat`) * TICK_MS, processMs: ticksOf('/proc/self/stat') * TICK_MS, postgresMs, serverProcessesMs };
}

/** CPU ms per unit of work between two snapshots. */
export function cpuPer(before: CpuTimes, after: CpuTimes, units: number): { main_thread: number; rest_of_process: number; postgres: number; server_processes?: number } {
  const per = (ms: number) => Math.round((ms / Math.max(1, units)) * 1000) / 1000;
  const grown = (a: Map<string, number>, b: Map<string, number>) => [...a].reduce((sum, [pid, ms]) => sum + Math.max(0, ms - (b.get(pid) ?? 0)), 0);
  return {
    main_thread: per(after.mainThreadMs - before.mainThreadMs),
    rest_of_process: per(after.processMs - before.processMs - (after.mainThreadMs - before.mainThreadMs)),
    postgres: per(grown(after.postgresMs, before.postgresMs)),
    ...(after.serverProcessesMs.size > 0 ? { server_processes: per(grown(after.serverProcessesMs, before.serverProcessesMs)) } : {}),
  };
}

/** A demo resident signed in over HTTP, with a declared health code: what a benchmark's requests carry. */
export interface BenchResident { cookie: string; csrf: string; personId: string }

/**
 * Signs in up to `count` of the demo city's residents (phone + one-time code from the SMS outbox,
 * each from its own address so the per-IP limit stays out of the way) and has each declare, so each
 * has a code. Residents whose sign-in fails (no such phone) are skipped.
 */
export async function signInDemoResidents(
  app: FastifyInstance, db: Db, count: number, log: (message: string) => void, firstPhone: number,
): Promise<BenchResident[]> {
  const residents: BenchResident[] = [];
  for (let i = 0; residents.length < count && i < count * 2; i++) {
    const phone = String(firstPhone + i);
    const remoteAddress = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const sent = await app.inject({ method: 'POST', url: '/api/auth/resident/code', payload: { phone }, remoteAddress });
    if (sent.statusCode !== 200) continue;
    const outbox = await db.selectFrom('smsOutbox').select('body').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const code = /([0-9]{6})/.exec(outbox.body)![1];
    const signedIn = await app.inject({ method: 'POST', url: '/api/auth/resident/sign-in', payload: { phone, code }, remoteAddress });
    if (signedIn.statusCode !== 200) continue;
    const cookie = signedIn.cookies.find((c) => c.name === 'fy_session')!.value;
    const csrf = signedIn.cookies.find((c) => c.name === 'fy_csrf')!.value;
    const personId = (await app.inject({ method: 'GET', url: '/api/me', cookies: { fy_session: cookie } })).json().personId as string | null;
    if (!personId) continue;
    const declared = await app.inject({
      method: 'POST', url: '/api/codes/declarations', cookies: { fy_session: cookie }, headers: { 'x-csrf-token': csrf },
      payload: { personId, regionCode: '330106', address: '演示路 1 号', temperature: 36.5, symptoms: ['none'], stayedRegionCodes: [], contact: 'none', pledge: true },
    });
    if (declared.statusCode !== 201) throw new Error(`declaration failed: ${declared.body}`);
    residents.push({ cookie, csrf, personId });
    if (residents.length % 500 === 0) log(`${residents.length} residents signed in and declared`);
  }
  return residents;
}

/** With BENCH_STATEMENTS=1: the server settings that load pg_stat_statements (pass to openBenchDatabase). */
export const statementSettings = (): Record<string, string> => (process.env.BENCH_STATEMENTS === '1'
  ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track_planning': 'on' } : {});

/** With BENCH_STATEMENTS=1: forget the statements so far (creating the extension the first time). */
export async function resetStatementStats(db: Db): Promise<void> {
  if (process.env.BENCH_STATEMENTS !== '1') return;
  await sql`create extension if not exists pg_stat_statements`.execute(db);
  await sql`select pg_stat_statements_reset()`.execute(db);
}

/** With BENCH_STATEMENTS=1: the statements that took the most time since the reset, with plan and execution time per call. */
export async function logStatementStats(db: Db, log: (message: string) => void, limit = 8): Promise<void> {
  if (process.env.BENCH_STATEMENTS !== '1') return;
  const rows = (await sql<{ calls: number; plan: number; exec: number; query: string }>`
    select calls, round((total_plan_time / calls)::numeric, 3) as plan, round((total_exec_time / calls)::numeric, 3) as exec,
      left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 110) as query
    from pg_stat_statements where calls > 0 order by total_exec_time + total_plan_time desc limit ${limit}`.execute(db)).rows;
  for (const r of rows) log(`  ${r.calls} calls, plan ${r.plan} ms, exec ${r.exec} ms: ${r.query}`);
}

/** `x` to `digits` decimals (one unless told), as the benchmarks' figures are reported. */
export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The q-quantile of sorted figures (nearest rank); NaN for none (JSON null). */
export const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;

/** A numeric setting from the environment (BENCH_…), or its default. */
export const benchSetting = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

/** A size given as `--name N` (or `--name=N`, underscores allowed) after the bench's name, else the environment's `envName`, else `fallback`. */
export function benchOption(name: string, envName: string, fallback: number): number {
  const args = process.argv.slice(3);
  const at = args.indexOf(`--${name}`);
  const raw = at >= 0 ? args[at + 1] : args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const value = raw === undefined ? benchSetting(envName, fallback) : Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

/**
 * BENCH_TIMELINE=1: one line a second while check-ins are measured — the server thread's longest
 * event-loop delay, the batches written and their mean time, and what autovacuum is doing — to find
 * where a tail comes from (with the load figures' p99MsBySecond and generatorStallMsBySecond).
 * Returns the function that stops it.
 */
export function startTimeline(db: Db, batches: () => { flushes: number; flushMs: number }, log: (message: string) => void): () => void {
  if (process.env.BENCH_TIMELINE !== '1') return () => undefined;
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let last = { ...batches() };
  const timer = setInterval(() => {
    const now = batches();
    const flushes = now.flushes - last.flushes;
    const meanFlushMs = (now.flushMs - last.flushMs) / Math.max(1, flushes);
    last = { ...now };
    const loopDelayMs = delay.max / 1e6;
    delay.reset();
    void sql<{ what: string | null }>`select string_agg(query, ' | ') as what from pg_stat_activity where backend_type = 'autovacuum worker'`.execute(db)
      .then(({ rows }) => log(`  ${new Date().toISOString().slice(11, 19)} loop delay max ${loopDelayMs.toFixed(0)} ms, ${flushes} batches of mean ${meanFlushMs.toFixed(1)} ms${rows[0]?.what ? `, ${rows[0].what}` : ''}`))
      .catch(() => undefined);
  }, 1000);
  return () => {
    clearInterval(timer);
    delay.disable();
  };
}
