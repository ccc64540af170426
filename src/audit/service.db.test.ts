import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../accounts/service.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { recordAudit, verifyAuditChain } from './service.ts';

let t: TestPlatform;
beforeAll(async () => { t = await createTestPlatform(); });
afterAll(async () => t.close());

async function signIn(username: string): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/staff/sign-in', payload: { username, password: 'Audit-pass-42' } });
  return res.cookies.find((c) => c.name === 'fy_session')!.value;
}

describe('audit log', () => {
  it('keeps the chain intact under concurrent writers', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => recordAudit(t.platform.db, { system: 'test' }, { action: 'test.concurrent', detail: { i } })));
    const result = await verifyAuditChain(t.platform.db);
    expect(result.intact).toBe(true);
    expect(result.checked).toBeGreaterThanOrEqual(40);
  });

  it('refuses UPDATE, DELETE and TRUNCATE whoever asks', async () => {
    await recordAudit(t.platform.db, { system: 'test' }, { action: 'test.fixed' });
    await expect(sql`update audit_log set reason = 'x'`.execute(t.platform.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.platform.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(t.platform.db)).rejects.toThrow(/append-only/);
  });

  it('names the first tampered entry when someone bypasses the trigger', async () => {
    const entry = await recordAudit(t.platform.db, { system: 'test' }, { action: 'test.victim', reason: 'original' });
    await recordAudit(t.platform.db, { system: 'test' }, { action: 'test.after' });
    // A database superuser can switch the trigger off; the hash chain still gives them away.
    const client = new pg.Client({ connectionString: t.database.url });
    await client.connect();
    await client.query('alter table audit_log disable trigger audit_log_no_update');
    await client.query(`update audit_log set reason = 'rewritten' where id = $1`, [entry.id]);
    await client.query('alter table audit_log enable trigger audit_log_no_update');
    await client.end();
    const result = await verifyAuditChain(t.platform.db);
    expect(result.intact).toBe(false);
    expect(result.firstBroken).toEqual({ id: entry.id, problem: 'hash_mismatch' });
  });
});

describe('audit routes', () => {
  beforeAll(async () => {
    for (const [username, role, regionCode] of [['auditor-hz', 'auditor', '330100'], ['auditor-nb', 'auditor', '330200'], ['official-hz', 'health_official', '330100']] as const) {
      await createStaffAccount(t.platform, { system: 'test' }, { username, displayName: username, password: 'Audit-pass-42', roles: [{ role, regionCode }] });
    }
    await recordAudit(t.platform.db, { system: 'test' }, { action: 'test.hz', regionCode: '330106' });
    await recordAudit(t.platform.db, { system: 'test' }, { action: 'test.nb', regionCode: '330203' });
  });

  it('shows an auditor only the entries of their regions', async () => {
    const hz = await t.app.inject({ method: 'GET', url: '/api/audit?limit=500', cookies: { fy_session: await signIn('auditor-hz') } });
    const actions = hz.json().items.map((e: { action: string }) => e.action);
    expect(actions).toContain('test.hz');
    expect(actions).not.toContain('test.nb');
    const nb = await t.app.inject({ method: 'GET', url: '/api/audit?action=test.nb', cookies: { fy_session: await signIn('auditor-nb') } });
    expect(nb.json().items).toHaveLength(1);
  });

  it('refuses the log to a health official', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/audit', cookies: { fy_session: await signIn('official-hz') } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });

  it('offers no route that changes or deletes entries', async () => {
    const cookie = await signIn('auditor-hz');
    for (const method of ['DELETE', 'PUT', 'PATCH'] as const) {
      const res = await t.app.inject({ method, url: '/api/audit/1', cookies: { fy_session: cookie } });
      expect([403, 404]).toContain(res.statusCode);
    }
    const count = await t.platform.db.selectFrom('auditLog').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBeGreaterThan(0);
  });
});
