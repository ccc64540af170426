/**
 * `npm run bench -- codes`: health-code tokens on one core — issued per second (issueToken: claims,
 * CBOR, COSE, Base45, signature with the region's cached key) against bare node:crypto signing the
 * same Sig_structure bytes, and verified per second (verifyToken with the server's signature
 * check) against bare node:crypto verifying them; the token's length and QR version (level M);
 * and the p99 latency of the resident's token-refresh endpoint under 200 concurrent clients, when
 * that endpoint exists. Last line: {"bench":"codes",…}. BENCH_SECONDS (default 10) sets the HTTP run.
 */
import { createPrivateKey, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import QRCode from 'qrcode';
import { createSigningKey, findCurrentKid, rawPublicKeyFromPem } from '../src/codes/signing-keys/service.ts';
import { pemFromRawPublicKey } from '../src/codes/signing-keys/algorithms.ts';
import { decodeBase45 } from '../src/codes/token/base45.ts';
import { decodeCoseSign1, sigStructure } from '../src/codes/token/cose.ts';
import { issueToken, newSubjectId } from '../src/codes/token/issue.ts';
import { TOKEN_PREFIX } from '../src/codes/token/model.ts';
import { nodeSignatureCheck } from '../src/codes/token/node-signature.ts';
import { loadTrustStore } from '../src/codes/trust-list/service.ts';
import { verifyToken } from '../src/codes/token/verify.ts';
import { decryptField } from '../src/kernel/crypto/field-encryption.ts';
import { systemClock } from '../src/kernel/time.ts';
import { loadConfig } from '../src/kernel/config.ts';
import type { Keyring } from '../src/kernel/crypto/field-encryption.ts';
import { seedDemoCity } from '../src/demo/service.ts';
import { FIRST_DEMO_PHONE } from '../src/demo/model/households.ts';
import { buildApp } from '../src/server/app.ts';
import { createPlatform } from '../src/server/platform.ts';
import { runLoad } from './load/open-loop.ts';
import { freePort, openBenchDatabase, report, type BenchDatabase } from './support.ts';

/** The resident's code-refresh endpoint another part of the issue provides; measured only if it is registered. */
const TOKEN_ROUTE = '/api/codes/me';

/**
 * p99 of the token-refresh endpoint under 200 concurrent clients, signed in as the demo city's
 * first resident (phone sign-in through the built-in SMS outbox). Null with a note when the
 * endpoint does not exist (yet) or cannot be called.
 */
async function measureIssueHttp(database: BenchDatabase, keyring: Keyring): Promise<{ p99Ms: number | null; rps?: number; rate?: number; saturatedRps?: number; saturatedP99Ms?: number; notes?: string }> {
  const platform = await createPlatform({ db: database.db, databaseUrl: database.url, keyring, config: { ...loadConfig({}), logLevel: 'silent' }, print: () => undefined });
  const app = await buildApp(platform, { logger: false, serveWeb: false });
  try {
    if (!app.hasRoute({ method: 'GET', url: TOKEN_ROUTE })) return { p99Ms: null, notes: `GET ${TOKEN_ROUTE} is not registered in this tree yet (built in src/codes/colours/routes.ts by another part of the issue)` };
    await seedDemoCity({ db: database.db, keyring, clock: systemClock, log: () => undefined }, { residents: Number(process.env.BENCH_RESIDENTS ?? 2000) });
    const sent = await app.inject({ method: 'POST', url: '/api/auth/resident/code', payload: { phone: FIRST_DEMO_PHONE } });
    const outbox = await database.db.selectFrom('smsOutbox').select('body').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const code = outbox && /([0-9]{6})/.exec(outbox.body)?.[1];
    const signIn = await app.inject({ method: 'POST', url: '/api/auth/resident/sign-in', payload: { phone: FIRST_DEMO_PHONE, code } });
    if (sent.statusCode !== 200 || signIn.statusCode !== 200) return { p99Ms: null, notes: `resident sign-in failed (${sent.statusCode}/${signIn.statusCode})` };
    const session = signIn.cookies.find((c) => c.name === 'fy_session')!.value;
    const me = await app.inject({ method: 'GET', url: '/api/me', cookies: { fy_session: session } });
    const personId = (me.json() as { personId?: string }).personId;
    // A code exists once its holder has declared: the demo resident declares a healthy day first.
    const csrf = signIn.cookies.find((c) => c.name === 'fy_csrf')!.value;
    const declared = await app.inject({
      method: 'POST', url: '/api/codes/declarations', cookies: { fy_session: session }, headers: { 'x-csrf-token': csrf },
      payload: { personId, regionCode: '330106', address: '演示路 1 号', temperature: 36.5, symptoms: ['none'], stayedRegionCodes: [], contact: 'none', pledge: true },
    });
    if (declared.statusCode !== 201) return { p99Ms: null, notes: `declaration failed (${declared.statusCode}): ${declared.body.slice(0, 200)}` };
    const port = await freePort();
    await app.listen({ port, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${port}${TOKEN_ROUTE}${personId ? `?personId=${personId}` : ''}`;
    const headers = { cookie: `fy_session=${session}` };
    const probe = await fetch(url, { headers });
    if (probe.status !== 200) return { p99Ms: null, notes: `${TOKEN_ROUTE} answered ${probe.status}: ${(await probe.text()).slice(0, 200)}` };
    // 200 residents' pages open at once, refreshing independently (Poisson arrivals) at BENCH_HTTP_RATE
    // requests/s in total: a page refreshes its code every 2–3 minutes, so 1,000/s stands for
    // 150,000 residents with the page open. Then the same 200 connections as fast as they can.
    const rate = Number(process.env.BENCH_HTTP_RATE ?? 1000);
    const seconds = Number(process.env.BENCH_SECONDS ?? 10);
    const result = await runLoad({ url, headers, connections: 200, rate, seconds });
    const saturated = await runLoad({ url, headers, connections: 200, seconds: 5 });
    return {
      p99Ms: result.p99Ms, rps: result.rps, rate, saturatedRps: saturated.rps, saturatedP99Ms: saturated.p99Ms,
      ...(result.non2xx || result.errors ? { notes: `${result.non2xx} non-2xx, ${result.errors} errors` } : {}),
    };
  } catch (error) {
    return { p99Ms: null, notes: `HTTP measurement failed: ${(error as Error).message}` };
  } finally {
    await app.close();
    await platform.close();
  }
}

const database = await openBenchDatabase('codes');
const keyring = { currentKeyId: 'b1', keys: new Map([['b1', randomBytes(32)]]), indexKey: randomBytes(32) };
const deps = { db: database.db, keyring, clock: systemClock };

/** Calls per second of a synchronous or asynchronous step, after a warm-up, over about `ms`. */
async function perSecond(step: () => unknown, ms = 2000): Promise<number> {
  for (let i = 0; i < 500; i++) await step();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 100; i++) await step();
    n += 100;
  }
  return Math.round(n / ((performance.now() - start) / 1000));
}

await database.db.insertInto('tenants').values({ regionCode: '330100', displayName: '浙江省杭州市' }).execute();
await createSigningKey(deps, '330100', 'Ed25519');
const request = { subject: newSubjectId(), maskedName: '欧**娜', colour: 'green' as const };
const sample = await issueToken(deps, '330100', request);

// The same key as bare node:crypto sees it, signing and verifying the token's own signed bytes.
const kidName = await findCurrentKid(database.db, '330100');
const row = await database.db.selectFrom('signingKeys').select(['privateKeyEnc', 'publicKey']).where('kid', '=', kidName).executeTakeFirstOrThrow();
const privateKey = createPrivateKey(decryptField(keyring, row.privateKeyEnc));
const publicKey = createPublicKey(pemFromRawPublicKey('Ed25519', rawPublicKeyFromPem('Ed25519', row.publicKey)));
const cose = decodeCoseSign1(decodeBase45(sample.text.slice(TOKEN_PREFIX.length)));
const signed = sigStructure(cose.protectedBytes, cose.payload);

console.error('signing…');
/**
 * Ours and the raw baseline, measured in alternating one-second windows (three each), best window
 * of each: a burst of load from elsewhere on the machine then hits both sides alike.
 */
async function pairPerSecond(ours: () => unknown, raw: () => unknown): Promise<[number, number]> {
  let best: [number, number] = [0, 0];
  for (let round = 0; round < 3; round++) {
    best = [Math.max(best[0], await perSecond(ours, 1000)), Math.max(best[1], await perSecond(raw, 1000))];
  }
  return best;
}

const [signPerS, rawSignPerS] = await pairPerSecond(() => issueToken(deps, '330100', request), () => sign(null, signed, privateKey));
console.error('verifying…');
const trust = await loadTrustStore(database.db);
const now = new Date();
if (verifyToken(sample.text, trust, now, { signatureCheck: nodeSignatureCheck }).outcome !== 'valid') throw new Error('sample token does not verify');
const [verifyPerS, rawVerifyPerS] = await pairPerSecond(
  () => verifyToken(sample.text, trust, now, { signatureCheck: nodeSignatureCheck }), () => verify(null, signed, publicKey, cose.signature),
);
const portableVerifyPerS = await perSecond(() => verifyToken(sample.text, trust, now), 1000);

console.error('HTTP…');
const http = await measureIssueHttp(database, keyring);
await database.close();

report({
  bench: 'codes',
  sign_per_s: signPerS,
  raw_sign_per_s: rawSignPerS,
  verify_per_s: verifyPerS,
  raw_verify_per_s: rawVerifyPerS,
  token_chars: sample.text.length,
  qr_version: QRCode.create(sample.text, { errorCorrectionLevel: 'M' }).version,
  issue_http_p99_ms: http.p99Ms,
  issue_http_rps: http.rps ?? null,
  issue_http_offered_rate: http.rate ?? null,
  issue_http_saturated_rps: http.saturatedRps ?? null,
  issue_http_saturated_p99_ms: http.saturatedP99Ms ?? null,
  sign_ratio: Number((signPerS / rawSignPerS).toFixed(3)),
  verify_ratio: Number((verifyPerS / rawVerifyPerS).toFixed(3)),
  portable_verify_per_s: portableVerifyPerS,
  algorithm: 'Ed25519',
  ...(http.notes ? { notes: http.notes } : {}),
});
process.exit(0);
