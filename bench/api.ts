/**
 * `npm run bench -- api`: requests per second of an authenticated, region-scoped read route
 * (GET /api/regions/330100/stats as a health official of 杭州市: session check, permission and
 * region check, one SQL round trip, zod serialisation, security headers) against a bare Fastify
 * route in the same process and run. Last line: {"bench":"api","authed_rps":…,"bare_rps":…,"ratio":…}.
 * BENCH_SECONDS (default 10) sets each measurement's length; BENCH_RESIDENTS the demo size.
 */
import Fastify from 'fastify';
import { systemClock } from '../src/kernel/time.ts';
import { loadConfig } from '../src/kernel/config.ts';
import { randomBytes } from 'node:crypto';
import { seedDemoCity } from '../src/demo/service.ts';
import { buildApp } from '../src/server/app.ts';
import { createPlatform } from '../src/server/platform.ts';
import { DEMO_PASSWORD } from '../src/demo/model/staff.ts';
import { freePort, load, openBenchDatabase, report } from './support.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const residents = Number(process.env.BENCH_RESIDENTS ?? 5000);
const database = await openBenchDatabase('api');
const keyring = { currentKeyId: 'b1', keys: new Map([['b1', randomBytes(32)]]), indexKey: randomBytes(32) };
console.error(`seeding the demo city (${residents} residents)…`);
await seedDemoCity({ db: database.db, keyring, clock: systemClock, log: () => undefined }, { residents });

const platform = await createPlatform({ db: database.db, databaseUrl: database.url, keyring, config: { ...loadConfig({}), logLevel: 'silent' }, print: () => undefined });
const app = await buildApp(platform, { logger: false, serveWeb: false });
const appPort = await freePort();
await app.listen({ port: appPort, host: '127.0.0.1' });

const bare = Fastify({ logger: false });
bare.get('/bare', async () => ({ ok: true }));
const barePort = await freePort();
await bare.listen({ port: barePort, host: '127.0.0.1' });

const signIn = await app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: 'demo-official', password: DEMO_PASSWORD } });
if (signIn.statusCode !== 200) throw new Error(`sign-in failed: ${signIn.body}`);
const session = signIn.cookies.find((c) => c.name === 'fy_session')!.value;
const authedUrl = `http://127.0.0.1:${appPort}/api/regions/330100/stats`;
const headers = { cookie: `fy_session=${session}` };
const check = await fetch(authedUrl, { headers });
if (check.status !== 200) throw new Error(`stats route answered ${check.status}: ${await check.text()}`);
console.error(`stats: ${await check.text()}`);

console.error('warming up…');
await load(authedUrl, { headers, seconds: 2 });
await load(`http://127.0.0.1:${barePort}/bare`, { seconds: 2 });
console.error(`measuring ${seconds}s each…`);
const authed = await load(authedUrl, { headers, seconds });
const bareResult = await load(`http://127.0.0.1:${barePort}/bare`, { seconds });

await app.close();
await bare.close();
await platform.close();
await database.close();

if (authed.non2xx || authed.errors) console.error(`warning: authed run had ${authed.non2xx} non-2xx and ${authed.errors} errors`);
report({
  bench: 'api',
  authed_rps: authed.rps,
  bare_rps: bareResult.rps,
  ratio: Number((authed.rps / bareResult.rps).toFixed(3)),
  authed_p99_ms: authed.p99Ms,
  bare_p99_ms: bareResult.p99Ms,
  authed_non2xx: authed.non2xx,
  seconds,
  connections: 50,
  route: 'GET /api/regions/330100/stats (health_official, 330100)',
  baseline: 'bare Fastify route returning {ok:true}, same process, same run',
});
process.exit(0);
