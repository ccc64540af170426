import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { Actor } from '../../kernel/access.ts';
import { startJobs, type Jobs } from '../../server/jobs.ts';
import { submitDeclaration } from '../declarations/service.ts';
import { COLOUR_REVIEW_CRON, COLOUR_REVIEW_QUEUE } from './jobs.ts';
import { healthyDeclaration, registeredResident } from './testing.ts';

let t: TestPlatform;
let jobs: Jobs | undefined;

beforeAll(async () => {
  t = await createTestPlatform();
});
afterAll(async () => {
  await jobs?.stop();
  await t.close();
});

describe('colour-review queue', () => {
  it('is scheduled every minute and its worker recomputes persons with changed facts', async () => {
    const resident = await registeredResident(t, '13866660001', '何平');
    const account = await t.database.db.selectFrom('accounts').select('id').where('personId', '=', resident.personId).executeTakeFirstOrThrow();
    const actor: Actor = { accountId: account.id, kind: 'resident', personId: resident.personId, label: 'test', roles: [{ role: 'resident', regionCode: '330102' }] };
    await submitDeclaration(t.platform, actor, healthyDeclaration(resident.personId) as never);

    jobs = await startJobs(t.platform, t.app.log);
    const schedules = await jobs.boss.getSchedules();
    expect(schedules.find((s) => s.name === COLOUR_REVIEW_QUEUE)).toMatchObject({ cron: COLOUR_REVIEW_CRON });
    await jobs.boss.send(COLOUR_REVIEW_QUEUE, {});
    const deadline = Date.now() + 30_000;
    let status: { colour: string } | undefined;
    while (!status && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      status = await t.database.db.selectFrom('codeStatus').select('colour').where('personId', '=', resident.personId).executeTakeFirst();
    }
    expect(status).toEqual({ colour: 'green' });
  });
});
