/**
 * `fangyi serve`: the platform. One process by default; `--workers N` forks N server processes
 * (node:cluster, sharing the port) against the same PostgreSQL, which is all they share —
 * sessions, rate-limit counters, one-time codes and job locks live in the database.
 */
import cluster from 'node:cluster';
import os from 'node:os';
import type { Command } from 'commander';
import { createDb } from '../../db/connection.ts';
import { loadConfig } from '../../kernel/config.ts';
import { loadSecrets } from '../../kernel/secrets.ts';
import { describeDemoLogins, seedDemoIfEmpty } from '../../demo/service.ts';
import { buildApp } from '../../server/app.ts';
import { startJobs } from '../../server/jobs.ts';
import { createPlatform } from '../../server/platform.ts';
import { progressBar } from '../progress.ts';
import { openRuntime } from '../runtime.ts';

const WORKER_DATABASE_URL = 'FANGYI_WORKER_DATABASE_URL';

/** One HTTP server process: platform, app, jobs; closes cleanly on SIGINT/SIGTERM. */
async function runServerProcess(databaseUrl: string, onClose: () => Promise<void>): Promise<{ url: string }> {
  const config = loadConfig();
  const secrets = loadSecrets(config);
  const { db } = createDb(databaseUrl, 20);
  const platform = await createPlatform({ db, databaseUrl, keyring: secrets.keyring, config });
  const app = await buildApp(platform);
  const jobs = await startJobs(platform, app.log);
  await app.listen({ port: config.port, host: config.host });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: shutting down`);
    await app.close();
    await jobs.stop();
    await platform.close();
    await db.destroy();
    await onClose();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return { url: `http://localhost:${config.port}` };
}

function banner(url: string, workers: number, logins: string[]): string {
  return [
    '',
    `  fangyi 防疫 is running${workers > 1 ? ` (${workers} server processes)` : ''}`,
    `  居民端 resident app   ${url}/m/`,
    `  管理后台 admin console ${url}/admin/`,
    `  API docs              ${url}/docs`,
    `  health / metrics      ${url}/healthz  ${url}/metrics`,
    ...(logins.length ? ['', '  demo log-ins (synthetic demo city — not real people):', ...logins.map((l) => `    ${l}`)] : []),
    '',
  ].join('\n');
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Start the platform (embedded PostgreSQL unless DATABASE_URL is set); seeds the demo city on an empty database')
    .option('-p, --port <port>', 'HTTP port (default: PORT or 8080)')
    .option('-w, --workers <n>', 'server processes; "auto" = one per core', '1')
    .action(async (options: { port?: string; workers: string }) => {
      if (options.port) process.env.PORT = options.port;
      if (cluster.isWorker) {
        await runServerProcess(process.env[WORKER_DATABASE_URL]!, async () => undefined);
        return;
      }
      const workers = options.workers === 'auto' ? os.availableParallelism() : Math.max(1, Number.parseInt(options.workers, 10) || 1);
      const runtime = await openRuntime({ log: (m) => console.error(`[fangyi] ${m}`), progress: true });
      const { database, secrets, config } = runtime;
      if (config.seedDemo) await seedDemoIfEmpty({ db: database.db, keyring: secrets.keyring, log: (m) => console.error(`[fangyi] ${m}`), progress: progressBar });
      const logins = await describeDemoLogins(database.db);
      if (workers === 1) {
        const { url } = await runServerProcess(database.url, () => database.close());
        console.log(banner(url, 1, logins));
        return;
      }
      // Primary: owns the embedded database, forks the servers, restarts one that dies.
      let stopping = false;
      const fork = () => cluster.fork({ [WORKER_DATABASE_URL]: database.url });
      for (let i = 0; i < workers; i++) fork();
      cluster.on('exit', (worker, code) => {
        if (!stopping) {
          console.error(`[fangyi] server process ${worker.process.pid} exited (${code}); starting another`);
          fork();
        }
      });
      let listening = 0;
      cluster.on('listening', () => {
        if (++listening === workers) console.log(banner(`http://localhost:${config.port}`, workers, logins));
      });
      const shutdown = async () => {
        if (stopping) return;
        stopping = true;
        const all = Object.values(cluster.workers ?? {});
        await Promise.all(all.map((w) => new Promise<void>((resolve) => {
          if (!w || w.isDead()) return resolve();
          w.once('exit', () => resolve());
          w.process.kill('SIGTERM');
        })));
        await database.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown());
      process.once('SIGTERM', () => void shutdown());
    });
}
