/** The per-process session cache: refreshed ahead of its limit while in use, and never keeping a read that a sign-out overtook. */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { staffSession } from '../codes/colours/testing.ts';
import { fixedClock } from '../kernel/time.ts';
import { createSession, hashToken, SESSION_REVOKED_CHANNEL } from './sessions.ts';

const T0 = new Date('2026-11-28T02:00:00Z');
const clock = fixedClock(T0);
const at = (seconds: number) => clock.set(new Date(T0.getTime() + seconds * 1000));
let t: TestPlatform;
let accountId: string;

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  await staffSession(t, 'cache-a', 'community_worker', '330106');
  accountId = (await t.database.db.selectFrom('accounts').select('id').where('username', '=', 'cache-a').executeTakeFirstOrThrow()).id;
});
afterAll(async () => t.close());

const rename = (username: string) => t.database.db.updateTable('accounts').set({ username }).where('id', '=', accountId).execute();
const labelOf = async (token: string) => (await t.platform.sessions.load(token))?.actor.label;

describe('the session cache', () => {
  it('serves a session in use from memory and renews it in the background before its minute is up', async () => {
    at(0);
    const { token } = await createSession(t.platform, accountId);
    expect(await labelOf(token)).toBe('cache-a');
    // Changed in the database only (no notification): the cache does not see it yet.
    await rename('cache-b');
    at(30);
    expect(await labelOf(token)).toBe('cache-a');
    // Past the refresh point (45 s + up to 10 s) the cached session is still answered at once, and read again meanwhile.
    at(57);
    expect(await labelOf(token)).toBe('cache-a');
    await expect.poll(() => labelOf(token), { timeout: 5000 }).toBe('cache-b');
    // Renewed at 57 s: at 80 s — past the first load's minute — it is still served from memory.
    await rename('cache-c');
    at(80);
    expect(await labelOf(token)).toBe('cache-b');
    at(200);
    expect(await labelOf(token)).toBe('cache-c');
  });

  it('does not keep a session read while a sign-out was announced', async () => {
    at(1000);
    const { token } = await createSession(t.platform, accountId);
    const announced = new Promise<void>((resolve) => {
      void t.platform.notifications.subscribe(SESSION_REVOKED_CHANNEL, { onMessage: (hash) => { if (hash === hashToken(token)) resolve(); }, onReset: () => undefined });
    });
    const blocker = new pg.Client({ connectionString: t.database.url });
    await blocker.connect();
    try {
      // Hold the cache's read of the session back until the sign-out has been announced.
      await blocker.query('begin; lock table sessions in access exclusive mode');
      const loading = t.platform.sessions.load(token);
      await sql`select pg_notify(${SESSION_REVOKED_CHANNEL}, ${hashToken(token)})`.execute(t.database.db);
      await announced;
      await blocker.query('commit');
      expect((await loading)?.actor.accountId).toBe(accountId); // answered with what it read…
    } finally {
      await blocker.end();
    }
    // …but not kept: with the row gone (no second announcement), the next request finds no session.
    await t.database.db.deleteFrom('sessions').where('tokenHash', '=', hashToken(token)).execute();
    expect(await t.platform.sessions.load(token)).toBeUndefined();
  });
});
