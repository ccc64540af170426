import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../kernel/config.ts';
import { buildApp } from '../../server/app.ts';
import { createPlatform, type Platform } from '../../server/platform.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { CODE_STATUS_CHANNEL } from './status-cache.ts';
import { healthyDeclaration, registeredResident, type Resident } from './testing.ts';

/*
 * Two server processes on one database, as with `serve --workers 2`: A answers the resident's code
 * page from its cache, B takes a declaration that changes the colour. A must show the new colour
 * as soon as B's transaction commits, and must never serve its cache while it cannot hear changes.
 */
let a: TestPlatform;
let b: Platform;
let bApp: Awaited<ReturnType<typeof buildApp>>;
let resident: Resident;

const colourOnA = async () => (await resident.session.request({ method: 'GET', url: `/api/codes/me?personId=${resident.personId}` })).json().colour as string;
const setColourBehindTheCachesBack = (colour: string) =>
  a.database.db.updateTable('codeStatus').set({ colour: colour as 'green' }).where('personId', '=', resident.personId).execute();

async function eventually(check: () => Promise<boolean>, ms = 3000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

beforeAll(async () => {
  a = await createTestPlatform();
  b = await createPlatform({
    db: a.database.db, databaseUrl: a.database.url, keyring: a.platform.keyring, config: { ...loadConfig({}), logLevel: 'silent' }, print: () => undefined,
  });
  bApp = await buildApp(b, { logger: false, serveWeb: false });
  resident = await registeredResident(a, '13855550701', '周敏');
  await resident.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(resident.personId) });
});
afterAll(async () => {
  await bApp.close();
  await b.close();
  await a.close();
});

describe('the per-process code status cache', () => {
  it('serves a resident\'s repeated requests from memory', async () => {
    expect(await colourOnA()).toBe('green');
    await setColourBehindTheCachesBack('yellow');
    // No notification was sent, so A cannot know: the cached green proves the database was not read.
    expect(await colourOnA()).toBe('green');
    await sql`select pg_notify(${CODE_STATUS_CHANNEL}, ${resident.personId})`.execute(a.database.db);
    expect(await eventually(async () => (await colourOnA()) === 'yellow')).toBe(true);
    await setColourBehindTheCachesBack('green');
    await sql`select pg_notify(${CODE_STATUS_CHANNEL}, ${resident.personId})`.execute(a.database.db);
    expect(await eventually(async () => (await colourOnA()) === 'green')).toBe(true);
  });

  it('shows a colour changed by another process as soon as that process commits', async () => {
    expect(await colourOnA()).toBe('green');
    const declared = await resident.session.on(bApp).request({
      method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(resident.personId, { temperature: 38.6, symptoms: ['fever', 'cough'] }),
    });
    expect(declared.statusCode).toBe(201);
    expect(await eventually(async () => (await colourOnA()) !== 'green', 1000)).toBe(true);
  });

  it('shows a process its own write at once, before the notification comes back', async () => {
    const healthy = await resident.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(resident.personId) });
    expect(healthy.statusCode).toBe(201);
    await colourOnA();
    for (let i = 0; i < 3; i++) {
      const fever = await resident.session.request({
        method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(resident.personId, { temperature: 38.9, symptoms: ['fever'] }),
      });
      const fine = await colourOnA();
      expect(fever.statusCode).toBe(201);
      expect(fine).not.toBe('green');
      await setColourBehindTheCachesBack('green');
      await sql`select pg_notify(${CODE_STATUS_CHANNEL}, ${resident.personId})`.execute(a.database.db);
      expect(await eventually(async () => (await colourOnA()) === 'green')).toBe(true);
    }
  });

  it('reads the database while it cannot hear notifications, and caches again once it listens again', async () => {
    const before = await colourOnA();
    const other = before === 'green' ? 'yellow' : 'green';
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where query like 'listen %' and datname = current_database()`.execute(a.database.db);
    expect(await eventually(async () => !a.platform.notifications.listening, 1000)).toBe(true);
    await setColourBehindTheCachesBack(other);
    expect(await colourOnA()).toBe(other);
    expect(await eventually(async () => a.platform.notifications.listening, 5000)).toBe(true);
    await colourOnA();
    await setColourBehindTheCachesBack(before);
    expect(await colourOnA()).toBe(other);
    await sql`select pg_notify(${CODE_STATUS_CHANNEL}, ${resident.personId})`.execute(a.database.db);
    expect(await eventually(async () => (await colourOnA()) === before)).toBe(true);
  });
});
