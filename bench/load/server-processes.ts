/**
 * The platform served by N processes sharing one port (node:cluster), as `fangyi serve --workers N`
 * runs it — for benchmarks that measure the deployment rather than one event loop. Each process
 * builds its own platform on the bench's database and keyring, read from the environment as
 * `fangyi serve` reads them; the primary (the bench) only forwards connections.
 */
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import type { Keyring } from '../../src/kernel/crypto/field-encryption.ts';

export const SERVER_PROCESS_SETTINGS = 'FANGYI_BENCH_SERVER_PROCESS';

/** What a server process needs beyond the platform's own environment (database URL and keys). */
export interface ServerProcessSettings {
  port: number;
  /** configureCheckins options for each process (the benchmark lifts the daily limit). */
  checkins?: { dailyLimit?: number; batch?: Record<string, number> };
}

/**
 * The environment of a server process: the database and the keyring as `fangyi serve` reads them
 * (DATABASE_URL, FANGYI_DATA_KEYS with the current key first, FANGYI_INDEX_KEY), plus the settings.
 */
export function serverProcessEnv(databaseUrl: string, keyring: Keyring, settings: ServerProcessSettings): Record<string, string> {
  const current = keyring.keys.get(keyring.currentKeyId)!;
  const others = [...keyring.keys].filter(([id]) => id !== keyring.currentKeyId);
  return {
    DATABASE_URL: databaseUrl,
    FANGYI_DATA_KEYS: [[keyring.currentKeyId, current] as const, ...others].map(([id, key]) => `${id}:${key.toString('base64')}`).join(','),
    FANGYI_INDEX_KEY: keyring.indexKey.toString('base64'),
    [SERVER_PROCESS_SETTINGS]: JSON.stringify(settings),
  };
}

export interface ServerProcesses {
  pids: number[];
  stop(): Promise<void>;
}

/** Forks `count` server processes with this environment (serverProcessEnv) and resolves once every one listens. */
export async function startServerProcesses(count: number, env: Record<string, string>): Promise<ServerProcesses> {
  cluster.setupPrimary({ exec: fileURLToPath(new URL('./server-process.ts', import.meta.url)), execArgv: ['--import', 'tsx'], silent: false });
  const workers: Worker[] = [];
  await Promise.all(Array.from({ length: count }, () => new Promise<void>((resolve, reject) => {
    const worker = cluster.fork(env);
    workers.push(worker);
    worker.once('listening', () => resolve());
    worker.once('exit', (code) => reject(new Error(`server process exited with ${code} before listening`)));
  })));
  return {
    pids: workers.map((w) => w.process.pid!),
    async stop() {
      await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
        if (w.isDead()) return resolve();
        w.once('exit', () => resolve());
        w.process.kill('SIGTERM');
      })));
    },
  };
}
