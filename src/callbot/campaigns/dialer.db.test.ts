import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { Session } from '../../../test/support/http-users.ts';
import { staffSession } from '../../codes/colours/testing.ts';
import { fixedClock } from '../../kernel/time.ts';
import type { CallChannel } from '../channels/channel.ts';
import { createSimulatedChannel, expectedDialogueEnd, personaFor, type PersonaMix } from '../channels/simulated.ts';
import { LABELLED_CONTEXT, loadLabelledUtterances, verifiedUtterances } from '../channels/simulated-utterances.ts';
import { returneeScreening } from '../scripts/templates/index.ts';
import { understand } from '../nlu/understand.ts';
import { runDialerTick } from './dialer.ts';
import { signInAgain } from '../../monitoring/testing.ts';
import { csvImport, FEVERISH, HEALTHY, newCampaign, scriptedChannel, templateId } from './testing.ts';

/** An instant on the Asia/Shanghai clock. */
const at = (local: string) => new Date(`${local}:00+08:00`);
const clock = fixedClock(at('2026-12-01T10:00'));
let t: TestPlatform;
let worker: Session;
let scriptId: string;

const tick = (channel: CallChannel) => runDialerTick({ ...t.platform, understand, channelFor: (name) => (name === 'simulated' ? channel : undefined), lines: 4, context: LABELLED_CONTEXT, onError: (e) => console.error('DIALER', e) });
const calleesOf = (campaignId: string) => t.database.db.selectFrom('callbotCallees').selectAll().where('campaignId', '=', campaignId).orderBy('seq').execute();
const post = (url: string, payload?: Record<string, unknown>) => worker.request({ method: 'POST', url, ...(payload ? { payload } : {}) });

async function runningCampaign(rows: string[], change: Record<string, unknown> = {}): Promise<string> {
  const campaign = await newCampaign(worker, { regionCode: '330106', scriptId, ...change });
  const imported = await csvImport(worker, campaign.id, ['姓名,电话', ...rows].join('\n'));
  expect(imported.json().accepted).toBe(rows.length);
  expect((await post(`/api/callbot/campaigns/${campaign.id}/start`)).statusCode).toBe(200);
  return campaign.id;
}

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  worker = await staffSession(t, 'dial-worker', 'community_worker', '330106');
  scriptId = await templateId(worker);
});
afterAll(async () => t.close());
// Each test's campaign ends with it, so the next test's ticks see only their own.
afterEach(async () => {
  await t.database.db.updateTable('callbotCallees').set({ status: 'cancelled', diallingSince: null, nextAttemptAt: null }).where('status', 'in', ['pending', 'dialling']).execute();
  await t.database.db.updateTable('callbotCampaigns').set({ status: 'stopped', stoppedAt: clock.now(), startedAt: clock.now() }).where('status', 'in', ['running', 'paused', 'draft']).execute();
});

describe('the dialer', () => {
  it('a campaign paused at 20:30 and resumed dials nobody until 09:00 the next day', async () => {
    clock.set(at('2026-12-01T20:25'));
    worker = await signInAgain(t, 'dial-worker');
    const channel = scriptedChannel({ '13800001001': { replies: HEALTHY }, '13800001002': { replies: FEVERISH } });
    const id = await runningCampaign(['张三,13800001001', '李四,13800001002']);
    clock.set(at('2026-12-01T20:30'));
    expect((await post(`/api/callbot/campaigns/${id}/pause`)).json().status).toBe('paused');
    expect((await tick(channel)).dialled).toBe(0);
    clock.set(at('2026-12-01T20:35'));
    expect((await post(`/api/callbot/campaigns/${id}/resume`)).json().status).toBe('running');
    for (const local of ['2026-12-01T20:40', '2026-12-01T23:59', '2026-12-02T08:59']) {
      clock.set(at(local));
      expect((await tick(channel)).dialled, local).toBe(0);
    }
    clock.set(at('2026-12-02T09:00'));
    const run = await tick(channel);
    expect(run).toMatchObject({ dialled: 2, completedCampaigns: 1 });
    expect(channel.dialled.sort()).toEqual(['13800001001', '13800001002']);
    const rows = await calleesOf(id);
    expect(rows.map((r) => [r.status, r.result, r.reasons, r.lastOutcome])).toEqual([
      ['done', 'normal', [], 'connected'], ['done', 'abnormal', ['fever', 'cough'], 'connected'],
    ]);
    expect(rows[1]!.slots).toMatchObject({ temperature: 38.2, cough: 'yes' });
    const attempts = await t.database.db.selectFrom('callbotAttempts').selectAll().where('campaignId', '=', id).execute();
    expect(attempts).toHaveLength(2);
    expect(attempts.every((a) => a.outcome === 'connected' && a.endedAt && a.answeredAt && (a.transcript as unknown[]).length > 5)).toBe(true);
    // The transcript keeps the masked name, never the real one.
    expect(JSON.stringify(attempts.map((a) => a.transcript))).toContain('张*');
    expect(JSON.stringify(attempts.map((a) => a.transcript))).not.toContain('张三');
    worker = await signInAgain(t, 'dial-worker');
    const progress = (await worker.request({ method: 'GET', url: `/api/callbot/campaigns/${id}/progress` })).json();
    expect(progress).toMatchObject({ status: 'completed', total: 2, dialled: 2, connected: 2, completed: 2, normal: 1, abnormal: 1, pending: 0 });
    // The call record of the feverish callee: what was said and heard, the name masked; reading it is audited.
    const record = await worker.request({ method: 'GET', url: `/api/callbot/campaigns/${id}/callees/${rows[1]!.id}/attempts` });
    expect(record.statusCode).toBe(200);
    const [attempt] = record.json();
    expect(attempt).toMatchObject({ channel: 'simulated', outcome: 'connected', result: 'abnormal', slots: { temperature: 38.2, cough: 'yes', in_town: 'yes' } });
    expect(attempt.transcript.map((e: { answer: string | null }) => e.answer)).toEqual(expect.arrayContaining(FEVERISH.slice(0, 3)));
    expect(attempt.transcript.find((e: { node: string }) => e.node === 'identity').prompt).toBe('请问您是李*本人吗？');
    const reads = await t.database.db.selectFrom('auditLog').select('action').where('targetId', '=', rows[1]!.id).where('action', '=', 'callbot.attempts.read').execute();
    expect(reads).toHaveLength(1);
    const elsewhere = await worker.request({ method: 'GET', url: `/api/callbot/campaigns/${id}/callees/00000000-0000-4000-8000-000000000000/attempts` });
    expect(elsewhere.json().code).toBe('CALLBOT_CALLEE_NOT_FOUND');
  });

  it('retries by policy: after the interval, at most attempts-per-day a day, then the next day\'s first window; no retry of an empty number', async () => {
    clock.set(at('2026-12-03T10:00'));
    worker = await signInAgain(t, 'dial-worker');
    const channel = scriptedChannel({
      '13800002001': { dial: ['busy', 'no_answer', 'connected'], replies: HEALTHY },
      '13800002002': { dial: ['empty_number'] },
      '13800002003': { replies: ['我现在很忙，晚点再打吧'] },
    });
    const id = await runningCampaign(['甲,13800002001', '乙,13800002002', '丙,13800002003'], { attemptsPerDay: 2, retryIntervalMinutes: 30, endsOn: '2026-12-06' });
    await tick(channel);
    let rows = await calleesOf(id);
    expect(rows.map((r) => [r.status, r.result, r.lastOutcome, r.nextAttemptAt?.toISOString() ?? null])).toEqual([
      ['pending', null, 'busy', at('2026-12-03T10:30').toISOString()],
      ['done', 'not_reached', 'empty_number', null],
      ['pending', null, 'connected', at('2026-12-03T10:30').toISOString()],
    ]);
    clock.set(at('2026-12-03T10:20'));
    expect((await tick(channel)).dialled).toBe(0);
    clock.set(at('2026-12-03T10:30'));
    expect((await tick(channel)).dialled).toBe(2);
    rows = await calleesOf(id);
    // Two attempts today: tomorrow at 09:00.
    expect(rows[0]).toMatchObject({ status: 'pending', attempts: 2, attemptsToday: 2, lastOutcome: 'no_answer', nextAttemptAt: at('2026-12-04T09:00') });
    clock.set(at('2026-12-03T14:00'));
    expect((await tick(channel)).dialled).toBe(0);
    clock.set(at('2026-12-04T09:00'));
    expect((await tick(channel)).dialled).toBe(2);
    rows = await calleesOf(id);
    expect(rows[0]).toMatchObject({ status: 'done', result: 'normal', attempts: 3, attemptsToday: 1 });
    expect(channel.dialled.filter((p) => p === '13800002002')).toHaveLength(1);
  });

  it('never dials a number added to the do-not-call list mid-campaign; a callee asking for it is added', async () => {
    clock.set(at('2026-12-05T09:30'));
    worker = await signInAgain(t, 'dial-worker');
    const channel = scriptedChannel({ '13800003002': { replies: ['是我', '以后别给我打电话了'] } });
    const id = await runningCampaign(['甲,13800003001', '乙,13800003002']);
    expect((await post('/api/callbot/dnc', { phone: '138 0000 3001' })).statusCode).toBe(201);
    await tick(channel);
    expect(channel.dialled).toEqual(['13800003002']);
    const rows = await calleesOf(id);
    expect(rows.map((r) => [r.status, r.result])).toEqual([['cancelled', null], ['done', 'refused']]);
    const dnc = await t.database.db.selectFrom('callbotDnc').select(['maskedPhone', 'source']).where('maskedPhone', '=', '138****3002').execute();
    expect(dnc).toEqual([{ maskedPhone: '138****3002', source: 'callee' }]);
    // The next campaign does not even take the number.
    const next = await newCampaign(worker, { regionCode: '330106', scriptId });
    expect((await csvImport(worker, next.id, '姓名,电话\n乙,13800003002')).json()).toMatchObject({ accepted: 0, dnc: 1 });
  });

  it('after the last day the callees left are not reached and the campaign completes', async () => {
    clock.set(at('2026-12-05T20:00'));
    worker = await signInAgain(t, 'dial-worker');
    const channel = scriptedChannel({ '13800004001': { dial: ['no_answer'] } });
    const id = await runningCampaign(['甲,13800004001'], { endsOn: '2026-12-06' });
    await tick(channel);
    expect((await calleesOf(id))[0]).toMatchObject({ status: 'pending', nextAttemptAt: at('2026-12-06T09:00') });
    clock.set(at('2026-12-07T09:00'));
    const run = await tick(channel);
    expect(run).toMatchObject({ dialled: 0, completedCampaigns: 1 });
    expect((await calleesOf(id))[0]).toMatchObject({ status: 'done', result: 'not_reached', lastOutcome: 'no_answer' });
  });

  it('returns a callee stuck in dialling (a dialer died) to pending, then dials it', async () => {
    clock.set(at('2026-12-06T10:00'));
    worker = await signInAgain(t, 'dial-worker');
    const channel = scriptedChannel({ '13800005001': { replies: HEALTHY } });
    const id = await runningCampaign(['甲,13800005001'], { endsOn: '2026-12-08' });
    await t.database.db.updateTable('callbotCallees').set({ status: 'dialling', diallingSince: at('2026-12-06T09:00') }).where('campaignId', '=', id).execute();
    const run = await tick(channel);
    expect(run).toMatchObject({ released: 1, dialled: 1 });
    expect((await calleesOf(id))[0]).toMatchObject({ status: 'done', result: 'normal' });
  });

  it('completes a small campaign over the simulated channel with the results its personas predict', async () => {
    clock.set(at('2026-12-07T09:00'));
    worker = await signInAgain(t, 'dial-worker');
    const mix: PersonaMix = { abnormal: 0.3, unsure: 0.1, intents: { refuse: 0.1, human: 0.05 }, hangUp: 0, unreachable: 0, unreachableOutcomes: {} };
    const phones = Array.from({ length: 24 }, (_, i) => `1380000${String(6000 + i)}`);
    const persona = (phone: string) => personaFor('campaign-test', phone, mix);
    const channel = createSimulatedChannel({ seed: 'campaign-test', utterances: verifiedUtterances(loadLabelledUtterances(), understand), persona });
    const id = await runningCampaign(phones.map((p, i) => `居民${i},${p}`), { endsOn: '2026-12-09', variables: { community: '文新社区' } });
    const run = await tick(channel);
    expect(run).toMatchObject({ dialled: 24, completedCampaigns: 1 });
    const rows = await calleesOf(id);
    const expected = phones.map((p, i) => expectedDialogueEnd(returneeScreening, persona(p), { name: `居民${i}`, community: '文新社区' }, LABELLED_CONTEXT).result);
    expect(rows.map((r) => r.result)).toEqual(expected);
    expect(new Set(expected).size).toBeGreaterThan(2);
  });

  it('drains on shutdown: calls in progress finish and are recorded, nothing new is dialled, the next run resumes', async () => {
    clock.set(at('2026-12-08T10:00'));
    worker = await signInAgain(t, 'dial-worker');
    const phones = Array.from({ length: 10 }, (_, i) => `1380000${String(7000 + i)}`);
    const id = await runningCampaign(phones.map((p, i) => `居民${i},${p}`), { endsOn: '2026-12-10' });
    let draining = false;
    const inCall: (() => void)[] = [];
    const healthy = scriptedChannel(Object.fromEntries(phones.map((p) => [p, { replies: HEALTHY }])));
    // Each call waits at its first reply until the test lets it go, so the drain starts with 3 calls up.
    const held: CallChannel = {
      name: 'held', lines: 3,
      async dial(request) {
        const dialled = await healthy.dial(request);
        if (dialled.outcome !== 'connected') return dialled;
        const { session } = dialled;
        let first = true;
        return { outcome: 'connected', session: { ...session, async listen(ms) {
          if (first) { first = false; await new Promise<void>((resolve) => inCall.push(resolve)); }
          return session.listen(ms);
        } } };
      },
    };
    const run = runDialerTick({ ...t.platform, understand, channelFor: () => held, context: LABELLED_CONTEXT, draining: () => draining });
    await vi.waitFor(() => expect(inCall).toHaveLength(3));
    draining = true;
    inCall.forEach((go) => go());
    expect(await run).toMatchObject({ dialled: 3 });
    const rows = await calleesOf(id);
    expect(rows.filter((r) => r.status === 'dialling')).toHaveLength(0);
    expect(rows.filter((r) => r.status === 'done').map((r) => r.result)).toEqual(['normal', 'normal', 'normal']);
    expect(rows.filter((r) => r.status === 'pending').every((r) => r.attempts === 0)).toBe(true);
    const attempts = await t.database.db.selectFrom('callbotAttempts').select(['endedAt', 'outcome']).where('campaignId', '=', id).execute();
    expect(attempts).toHaveLength(3);
    expect(attempts.every((a) => a.endedAt !== null && a.outcome === 'connected')).toBe(true);
    // A restarted process picks the campaign up where it stopped.
    const resumed = await runDialerTick({ ...t.platform, understand, channelFor: () => healthy, lines: 4, context: LABELLED_CONTEXT });
    expect(resumed).toMatchObject({ dialled: 7, completedCampaigns: 1 });
    expect((await calleesOf(id)).map((r) => r.result)).toEqual(phones.map(() => 'normal'));
    expect(healthy.dialled.filter((p) => phones.includes(p)).sort()).toEqual([...phones].sort());
  });
});
