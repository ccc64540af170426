import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { staffSession } from '../codes/colours/testing.ts';
import { startJobs, type Jobs } from '../server/jobs.ts';
import { NOTICE_SWEEP_CRON, NOTICE_SWEEP_QUEUE } from './jobs.ts';
import { FANOUT_INLINE_BATCH } from './model.ts';

let t: TestPlatform;
let jobs: Jobs | undefined;

beforeAll(async () => {
  t = await createTestPlatform();
});
afterAll(async () => {
  await jobs?.stop();
  await t.close();
});

describe('the notice-work queue', () => {
  it('finishes a big audience in the background after the request wrote the first batch', async () => {
    const residents = FANOUT_INLINE_BATCH + 700;
    await sql`insert into persons (id, id_type, id_number_enc, id_number_hash, id_number_masked, name_enc, name_masked, home_region_code, synthetic)
      select gen_random_uuid(), 'resident_id', 'x', md5('n' || g::text), 'x', 'x', '张*', '330106004', true from generate_series(1, ${residents}) g`.execute(t.database.db);
    jobs = await startJobs(t.platform, t.app.log);
    expect((await jobs.boss.getSchedules()).find((s) => s.name === NOTICE_SWEEP_QUEUE)).toMatchObject({ cron: NOTICE_SWEEP_CRON });
    const official = await staffSession(t, 'xihu-jobs', 'health_official', '330106');
    const res = await official.request({ method: 'POST', url: '/api/notices', payload: { title: '全街道通知', body: '正文', audience: { kind: 'region', regionCodes: ['330106004'] } } });
    expect(res.json()).toMatchObject({ status: 'fanning_out', recipientCount: FANOUT_INLINE_BATCH });
    const deadline = Date.now() + 60_000;
    let notice: { status: string; recipientCount: number } | undefined;
    while (Date.now() < deadline) {
      notice = await t.database.db.selectFrom('notices').select(['status', 'recipientCount']).where('id', '=', res.json().id).executeTakeFirstOrThrow();
      if (notice.status === 'published') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(notice).toEqual({ status: 'published', recipientCount: residents });
    const rows = await t.database.db.selectFrom('noticeRecipients').select((eb) => eb.fn.countAll<string>().as('n')).where('noticeId', '=', res.json().id).executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(residents);
  });
});
