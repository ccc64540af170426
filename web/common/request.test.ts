/** The request client against a real HTTP server (node:http), not a stubbed fetch. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from './http-error.ts';
import type { Locale } from './locale.ts';
import { createRequestClient } from './request.ts';

interface Seen { method: string; url: string; headers: IncomingMessage['headers']; body: string }

let server: Server;
let baseUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const reply = (status: number, payload?: unknown, type = 'application/json; charset=utf-8') => {
        res.writeHead(status, payload === undefined ? {} : { 'content-type': type });
        res.end(payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload));
      };
      if (req.url?.startsWith('/api/ok')) return reply(200, { hello: '你好' });
      if (req.url === '/api/empty') return reply(204);
      if (req.url === '/api/too-soon') {
        return reply(429, { code: 'AUTH_OTP_RESEND_TOO_SOON', zh: '验证码已发送，请稍后再获取', en: 'A code was just sent', details: { retryAfterSeconds: 42 }, requestId: 'r-1' });
      }
      if (req.url === '/api/proxy-page') return reply(502, '<html>Bad Gateway</html>', 'text/html');
      reply(404, { code: 'NOT_FOUND', zh: '未找到', en: 'Not found', requestId: 'r-2' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function client(locale: Locale = 'zh-CN', cookies: Record<string, string> = {}) {
  return createRequestClient({ baseUrl, locale: () => locale, readCookie: (name) => cookies[name] });
}

const last = () => seen[seen.length - 1]!;

describe('request client', () => {
  it('sends JSON and the CSRF cookie on changing requests, and returns the parsed body', async () => {
    const result = await client('zh-CN', { fy_csrf: 'csrf-abc' }).post<{ hello: string }>('/api/ok', { phone: '13800000000' });
    expect(result).toEqual({ hello: '你好' });
    expect(last().method).toBe('POST');
    expect(last().headers['x-csrf-token']).toBe('csrf-abc');
    expect(last().headers['content-type']).toBe('application/json');
    expect(last().headers['accept-language']).toBe('zh-CN');
    expect(JSON.parse(last().body)).toEqual({ phone: '13800000000' });
  });

  it('does not send the CSRF header on reads, and encodes the query', async () => {
    await client('en-US', { fy_csrf: 'csrf-abc' }).get('/api/ok', { limit: 20, beforeId: undefined, q: '张 三' });
    expect(last().headers['x-csrf-token']).toBeUndefined();
    expect(last().url).toBe('/api/ok?limit=20&q=%E5%BC%A0+%E4%B8%89');
    expect(last().headers['accept-language']).toBe('en-US');
  });

  it('sends no CSRF header when there is no cookie (not signed in yet)', async () => {
    await client().post('/api/ok', {});
    expect(last().headers['x-csrf-token']).toBeUndefined();
  });

  it('sends extra headers given with a POST (an Idempotency-Key), without letting them replace its own', async () => {
    await client('zh-CN', { fy_csrf: 'csrf-abc' }).post('/api/ok', { a: 1 }, { 'idempotency-key': 'key-12345678', 'accept-language': 'xx' });
    expect(last().headers['idempotency-key']).toBe('key-12345678');
    expect(last().headers['accept-language']).toBe('zh-CN');
    expect(last().headers['x-csrf-token']).toBe('csrf-abc');
  });

  it('uploads a file as the raw body with its content type, the query and the CSRF header', async () => {
    const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    await client('zh-CN', { fy_csrf: 'csrf-abc' }).upload('/api/ok/imports', new Blob(['表格内容']), type, { dryRun: true, regionCode: '330100' });
    expect(last().method).toBe('POST');
    expect(last().url).toBe('/api/ok/imports?dryRun=true&regionCode=330100');
    expect(last().headers['content-type']).toBe(type);
    expect(last().headers['x-csrf-token']).toBe('csrf-abc');
    expect(last().body).toBe('表格内容');
  });

  it('returns undefined for 204', async () => {
    await expect(client().post('/api/empty')).resolves.toBeUndefined();
  });

  it('turns the error envelope into an ApiError in the current language, keeping code and details', async () => {
    const zh = await client('zh-CN').post('/api/too-soon', {}).catch((e: unknown) => e);
    expect(zh).toBeInstanceOf(ApiError);
    const error = zh as ApiError;
    expect(error.status).toBe(429);
    expect(error.code).toBe('AUTH_OTP_RESEND_TOO_SOON');
    expect(error.message).toBe('验证码已发送，请稍后再获取');
    expect(error.details).toEqual({ retryAfterSeconds: 42 });
    expect(error.requestId).toBe('r-1');
    expect(error.messageIn('en-US')).toBe('A code was just sent');
    const en = (await client('en-US').post('/api/too-soon', {}).catch((e: unknown) => e)) as ApiError;
    expect(en.message).toBe('A code was just sent');
  });

  it('gives a generic bilingual error when the failure is not our envelope (a proxy page)', async () => {
    const error = (await client('zh-CN').get('/api/proxy-page').catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/服务器/);
  });

  it('reports an unreachable server as NETWORK_ERROR', async () => {
    const unreachable = createRequestClient({ baseUrl: 'http://127.0.0.1:1', locale: () => 'en-US', readCookie: () => undefined });
    const error = (await unreachable.get('/api/ok').catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/server/);
  });
});
