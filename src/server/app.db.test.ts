import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../accounts/service.ts';
import { loadConfig } from '../kernel/config.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { createTestPlatform, testKeyring, type TestPlatform } from '../../test/support/platform.ts';
import { buildApp, LOG_REDACT } from './app.ts';
import { createPlatform } from './platform.ts';

let t: TestPlatform;
beforeAll(async () => { t = await createTestPlatform(); });
afterAll(async () => t.close());

describe('platform routes', () => {
  it('GET /healthz reports the database up', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: 'up' });
  });

  it('serves Prometheus metrics including request durations', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('fangyi_http_request_duration_seconds_bucket');
    expect(res.body).toContain('route="/healthz"');
  });

  it('publishes the OpenAPI document with the auth routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toContain('/api/auth/staff/sign-in');
  });

  it('sends security headers: a locked-down CSP on API responses', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/me' });
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    const docs = await t.app.inject({ method: 'GET', url: '/docs/static/index.html' });
    expect(String(docs.headers['content-security-policy'])).toContain("default-src 'self'");
  });

  it('answers every response with a request id, reusing a well-formed one', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-12345678' } });
    expect(res.headers['x-request-id']).toBe('abc-12345678');
  });
});

describe('bad input gets a stable error, never a 500', () => {
  it('unknown route → 404 NOT_FOUND in both languages', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', zh: expect.any(String), en: 'Not found', requestId: expect.any(String) });
  });

  it('malformed JSON → 400 MALFORMED_BODY', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/resident/code', headers: { 'content-type': 'application/json' }, payload: '{"phone": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('MALFORMED_BODY');
  });

  it('oversized body → 413 BODY_TOO_LARGE', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/resident/code', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ phone: 'x'.repeat(400_000) }) });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('BODY_TOO_LARGE');
  });

  it('unsupported content type → 415', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/resident/code', headers: { 'content-type': 'application/xml' }, payload: '<phone/>' });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('schema violations → 400 VALIDATION_FAILED with the offending field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: 'x', password: 'y', otp: '12' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.json().details)).toContain('otp');
  });
});

describe('logs', () => {
  let database: TestDatabase;
  beforeAll(async () => { database = await createTestDatabase(); });
  afterAll(async () => database.drop());

  it('never contain phone numbers, one-time codes, passwords or session tokens', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const logger = pino({ level: 'trace', redact: { paths: LOG_REDACT, censor: '[redacted]' } }, sink);
    const platform = await createPlatform({ db: database.db, databaseUrl: database.url, keyring: testKeyring(), config: { ...loadConfig({}), logLevel: 'trace' }, print: () => undefined });
    const app = await buildApp(platform, { loggerInstance: logger, serveWeb: false });
    await createStaffAccount(platform, { system: 'test' }, { username: 'logcheck', displayName: 'L', password: 'Secret-pass-42', roles: [{ role: 'auditor', regionCode: '330100' }] });
    await app.inject({ method: 'POST', url: '/api/auth/resident/code', payload: { phone: '13712345678' } });
    const body = (await database.db.selectFrom('smsOutbox').select('body').executeTakeFirstOrThrow()).body;
    const code = /([0-9]{6})/.exec(body)![1]!;
    const signedIn = await app.inject({ method: 'POST', url: '/api/auth/resident/sign-in', payload: { phone: '13712345678', code } });
    const staff = await app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username: 'logcheck', password: 'Secret-pass-42' } });
    const token = staff.cookies.find((c) => c.name === 'fy_session')!.value;
    await app.inject({ method: 'GET', url: '/api/me', cookies: { fy_session: token } });
    await app.close();
    await platform.close();
    const logged = lines.join('\n');
    expect(signedIn.statusCode).toBe(200);
    expect(lines.length).toBeGreaterThan(5);
    for (const secret of ['13712345678', code, 'Secret-pass-42', token]) expect(logged).not.toContain(secret);
  });
});
