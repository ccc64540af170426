/**
 * The embedded PostgreSQL's life cycle: a second start reuses the running cluster, a killed one
 * recovers its data on the next start, and stop() shuts it down.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.ts';

const root = path.resolve('.test-data');
mkdirSync(root, { recursive: true });
const dataDir = mkdtempSync(path.join(root, 'lifecycle-'));
chmodSync(dataDir, 0o755);
const started: EmbeddedPostgres[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function start(): Promise<EmbeddedPostgres> {
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), password: 'lifecycle', log: () => undefined });
  started.push(server);
  return server;
}

async function query(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  for (const server of started) await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('embedded PostgreSQL', () => {
  it('gives clients its Unix-domain socket and still listens on loopback TCP', async () => {
    const server = await start();
    const socketDir = new URL(server.adminUrl).searchParams.get('host');
    expect(socketDir).toBe(path.join(path.dirname(server.pgDataDir), 'socket'));
    // Over the socket: the server sees no client address.
    expect((await query(server.adminUrl, 'select inet_client_addr() as addr')).rows[0].addr).toBeNull();
    const tcp = new URL(server.adminUrl);
    tcp.search = '';
    expect((await query(tcp.toString(), 'select inet_client_addr()::text as addr')).rows[0].addr).toBe('127.0.0.1/32');
    // The next tests start from a stopped cluster.
    await server.stop();
    started.splice(started.indexOf(server), 1);
  });

  it('reuses a running cluster instead of starting a second one', async () => {
    const first = await start();
    await query(first.adminUrl, 'create table kept (v text); insert into kept values (\'before the crash\')');
    const second = await start();
    expect(second.owned).toBe(false);
    expect(second.adminUrl).toBe(first.adminUrl);
    await second.stop();
    expect((await query(first.adminUrl, 'select count(*)::int as n from kept')).rows[0].n).toBe(1);
  });

  it('recovers its data after the server was killed', async () => {
    const owner = started.find((s) => s.owned)!;
    const pid = Number(readFileSync(path.join(owner.pgDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    // Backends notice their postmaster's death and exit; give them a moment to release shared memory.
    await new Promise((r) => setTimeout(r, 1500));
    const restarted = await start();
    expect(restarted.owned).toBe(true);
    expect((await query(restarted.adminUrl, 'select v from kept')).rows).toEqual([{ v: 'before the crash' }]);
  });

  it('stops cleanly', async () => {
    const owner = started[started.length - 1]!;
    const pid = Number(readFileSync(path.join(owner.pgDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    await owner.stop();
    expect(alive(pid)).toBe(false);
    await expect(query(owner.adminUrl, 'select 1')).rejects.toThrow();
  });
});
