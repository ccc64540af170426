/** The built web apps as the server hands them out: SPA fallbacks, compression, security headers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../test/support/platform.ts';

let t: TestPlatform;
beforeAll(async () => { t = await createTestPlatform({ serveWeb: true }); });
afterAll(async () => t.close());

describe('web apps', () => {
  it('serves each app for any path below it (history-mode routers)', async () => {
    const m = await t.app.inject({ method: 'GET', url: '/m/some/deep/page' });
    expect(m.statusCode).toBe(200);
    expect(m.body).toContain('<div id="app"');
    const admin = await t.app.inject({ method: 'GET', url: '/admin/sms-outbox' });
    expect(admin.statusCode).toBe(200);
    expect(admin.body).not.toBe(m.body);
    expect((await t.app.inject({ method: 'GET', url: '/' })).headers.location).toBe('/m/');
  });

  it('sends a strict content security policy with the pages', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/m/' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('sends scripts brotli-compressed to browsers that accept it, and plain to others', async () => {
    const html = (await t.app.inject({ method: 'GET', url: '/m/' })).body;
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const plain = await t.app.inject({ method: 'GET', url: script });
    const br = await t.app.inject({ method: 'GET', url: script, headers: { 'accept-encoding': 'br, gzip' } });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
  });
});
