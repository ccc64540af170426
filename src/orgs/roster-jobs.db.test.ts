import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentId } from '../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { startJobs, type Jobs } from '../server/jobs.ts';
import { dailyExports } from './daily/exports.ts';
import { rosterImports } from './roster-imports.ts';
import { finishedImport, postRoster, rosterWorkbook } from './roster-testing.ts';
import { testOrganisation } from './testing.ts';

let t: TestPlatform;
let jobs: Jobs | undefined;
beforeAll(async () => { t = await createTestPlatform(); });
afterAll(async () => {
  await jobs?.stop();
  await t.close();
});

const jobStates = async (name: string) => (await sql<{ state: string }>`select state from pgboss.job where name = ${name}`.execute(t.database.db)).rows.map((r) => r.state);

describe('the organisations\' file-job queues', () => {
  it('run roster imports and daily exports through pg-boss, with their hourly sweeps scheduled', async () => {
    jobs = await startJobs(t.platform, t.app.log);
    const schedules = (await jobs.boss.getSchedules()).map((s) => s.name);
    expect(schedules).toEqual(expect.arrayContaining([`${rosterImports.name}-sweep`, `${dailyExports.name}-sweep`]));

    const org = await testOrganisation(t, { name: '队列公司' });
    const started = await postRoster(org, await rosterWorkbook([['冯队列', '', residentId('330106', '19960101', '801'), '', '', '']]));
    expect(started.statusCode).toBe(202);
    expect((await finishedImport(org, started.json().id)).report).toMatchObject({ imported: 1 });
    await expect.poll(() => jobStates(rosterImports.name), { timeout: 10_000 }).toEqual(['completed']);

    const exported = await org.admin.request({ method: 'POST', url: `/api/orgs/${org.id}/daily/exports`, payload: {} });
    expect(exported.statusCode).toBe(202);
    const url = `/api/orgs/${org.id}/daily/exports/${exported.json().id}`;
    await expect.poll(async () => (await org.admin.request({ method: 'GET', url })).json().status, { timeout: 30_000, interval: 200 }).toBe('done');
    expect((await org.admin.request({ method: 'GET', url: `${url}/file` })).statusCode).toBe(200);
    await expect.poll(() => jobStates(dailyExports.name), { timeout: 10_000 }).toEqual(['completed']);
  }, 120_000);
});
