/**
 * Two server processes on one PostgreSQL: nothing one process needs lives in another's memory.
 * Sign in on one, read on the other; sign out on one and the other refuses the session at once;
 * the one-time-code resend limit holds across both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../src/accounts/service.ts';
import { systemClock } from '../src/kernel/time.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Server { process: ChildProcess; base: string; output: string[] }

async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/fangyi.js', 'serve', '--port', String(port)], { env: { ...process.env, ...env, HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return { process: child, base, output };
    } catch { /* not yet listening */ }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stop(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!server || server.process.exitCode !== null) return resolve();
    server.process.once('exit', () => resolve());
    server.process.kill('SIGTERM');
  });
}

let database: TestDatabase;
let a: Server;
let b: Server;
let dataDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'fangyi-mp-'));
  const keyB64 = randomBytes(32).toString('base64');
  const env = { DATABASE_URL: database.url, FANGYI_DATA_DIR: dataDir, FANGYI_SEED_DEMO: '0', FANGYI_DATA_KEYS: `k1:${keyB64}`, FANGYI_INDEX_KEY: randomBytes(32).toString('base64') };
  [a, b] = await Promise.all([startServer(env), startServer(env)]);
  const { parseKeyList } = await import('../src/kernel/crypto/field-encryption.ts');
  const { keys, currentKeyId } = parseKeyList(env.FANGYI_DATA_KEYS);
  await createStaffAccount({ db: database.db, keyring: { keys, currentKeyId, indexKey: Buffer.from(env.FANGYI_INDEX_KEY, 'base64') }, clock: systemClock }, { system: 'test' }, {
    username: 'twoproc', displayName: '双进程', password: 'Two-process-42', roles: [{ role: 'health_official', regionCode: '330100' }],
  });
}, 120_000);

afterAll(async () => {
  await Promise.all([stop(a), stop(b)]);
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

function cookie(res: Response, name: string): string {
  const found = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return found!.split(';')[0]!.slice(name.length + 1);
}

describe('two server processes, one database', () => {
  it('a session made on one is honoured on the other, and a sign-out on one ends it on both', async () => {
    const signIn = await fetch(`${a.base}/api/auth/staff/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'twoproc', password: 'Two-process-42' }) });
    expect(signIn.status).toBe(200);
    const session = cookie(signIn, 'fy_session');
    const csrf = cookie(signIn, 'fy_csrf');
    const headers = { cookie: `fy_session=${session}; fy_csrf=${csrf}` };
    const meOnB = await fetch(`${b.base}/api/me`, { headers });
    expect(meOnB.status).toBe(200);
    expect(((await meOnB.json()) as { username: string }).username).toBe('twoproc');
    const out = await fetch(`${a.base}/api/auth/sign-out`, { method: 'POST', headers: { ...headers, 'x-csrf-token': csrf } });
    expect(out.status).toBe(204);
    // B had the session cached; the NOTIFY from A must clear it well before the cache would expire.
    let status = 0;
    for (let i = 0; i < 20 && status !== 401; i++) {
      status = (await fetch(`${b.base}/api/me`, { headers })).status;
      if (status !== 401) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(401);
  });

  it('the one-time-code resend limit is shared', async () => {
    const send = (base: string) => fetch(`${base}/api/auth/resident/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '13655550000' }) });
    expect((await send(a.base)).status).toBe(200);
    const second = await send(b.base);
    expect(second.status).toBe(429);
    expect(((await second.json()) as { code: string }).code).toBe('AUTH_OTP_RESEND_TOO_SOON');
  });
});
