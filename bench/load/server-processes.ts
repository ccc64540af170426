/**
 * The platform served by N processes sharing one port (node:cluster), as `fangyi serve --workers N`
 * runs it — for benchmarks that measure the deployment rather than one event loop. Each process
 * builds its own platform on the bench's database and keyring; the primary (the bench) only
 * forwards connections. Settings travel in one environment variable.
 */
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import type { Keyring } from '../../src/kernel/crypto/field-encryption.ts';

export const SERVER_PROCESS_SETTINGS = 'FANGYI_BENCH_SERVER_PROCESS';

export interface ServerProcessSettings {
  databaseUrl: string;
  port: number;
  currentKeyId: string;
  /** Data keys and the index key, hex. */
  keys: Record<string, string>;
  indexKey: string;
  /** configureCheckins options for each process (the benchmark lifts the daily limit). */
  checkins?: { dailyLimit?: number; batch?: Record<string, number> };
}

export function settingsFor(databaseUrl: string, port: number, keyring: Keyring, checkins?: ServerProcessSettings['checkins']): ServerProcessSettings {
  return {
    databaseUrl, port, currentKeyId: keyring.currentKeyId, indexKey: keyring.indexKey.toString('hex'), checkins,
    keys: Object.fromEntries([...keyring.keys].map(([id, key]) => [id, key.toString('hex')])),
  };
}

export interface ServerProcesses {
  pids: number[];
  stop(): Promise<void>;
}

/** Forks `count` server processes and resolves once every one listens on `settings.port`. */
export async function startServerProcesses(count: number, settings: ServerProcessSettings): Promise<ServerProcesses> {
  cluster.setupPrimary({ exec: fileURLToPath(new URL('./server-process.ts', import.meta.url)), execArgv: ['--import', 'tsx'], silent: false });
  const workers: Worker[] = [];
  await Promise.all(Array.from({ length: count }, () => new Promise<void>((resolve, reject) => {
    const worker = cluster.fork({ [SERVER_PROCESS_SETTINGS]: JSON.stringify(settings) });
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
