import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { Session } from '../../../test/support/http-users.ts';
import { staffSession } from '../../codes/colours/testing.ts';
import { fixedClock } from '../../kernel/time.ts';
const HOUR_MS_FOR_TESTS = 3_600_000;
import { expireChatAttempts } from '../channels/chat.ts';
import { understand } from '../nlu/understand.ts';
import { signInAgain } from '../../monitoring/testing.ts';
import { csvImport, newCampaign, templateId } from './testing.ts';

const at = (local: string) => new Date(`${local}:00+08:00`);
const clock = fixedClock(at('2026-12-01T10:00'));
let t: TestPlatform;
let worker: Session;
let scriptId: string;

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  worker = await staffSession(t, 'chat-worker', 'community_worker', '330106');
  scriptId = await templateId(worker);
});
afterAll(async () => t.close());

/** A running chat campaign with these callees; their ids in import order. */
async function chatCampaign(rows: string[]): Promise<{ id: string; callees: string[] }> {
  const campaign = await newCampaign(worker, { regionCode: '330106', scriptId, channel: 'chat', variables: { community: '文新社区' } });
  await csvImport(worker, campaign.id, ['姓名,电话', ...rows].join('\n'));
  await worker.request({ method: 'POST', url: `/api/callbot/campaigns/${campaign.id}/start` });
  const list = (await worker.request({ method: 'GET', url: `/api/callbot/campaigns/${campaign.id}/callees` })).json();
  return { id: campaign.id, callees: list.items.map((c: { id: string }) => c.id) };
}

async function link(campaignId: string, calleeId: string): Promise<string> {
  const res = await worker.request({ method: 'POST', url: `/api/callbot/campaigns/${campaignId}/callees/${calleeId}/chat` });
  expect(res.statusCode).toBe(201);
  expect(res.json().url).toBe(`/m/call/${res.json().token}`);
  return res.json().token;
}

const start = (token: string) => t.app.inject({ method: 'POST', url: `/api/callbot/chat/${token}/start` });
const reply = (token: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/callbot/chat/${token}/reply`, payload });

describe('chat channel', () => {
  it('runs a whole dialogue through the routes with the real understanding, then records the result like a call', async () => {
    const { id, callees } = await chatCampaign(['张三丰,13800007001']);
    const token = await link(id, callees[0]!);
    const opening = (await start(token)).json();
    expect(opening).toMatchObject({ done: false, turn: 0 });
    expect(opening.say.join('')).toContain('文新社区');
    // The page shows the masked name, not the person's.
    expect(opening.say.join('')).toContain('张*丰');
    expect(opening.say.join('')).not.toContain('张三丰');
    const answers = ['是的', '回来了', '37度8', '不咳', '没有', '没有', '没有', '没出去过', '没有'];
    let last: any;
    for (const [i, text] of answers.entries()) {
      const res = await reply(token, { turn: i + 1, text });
      expect(res.statusCode, text).toBe(200);
      last = res.json();
      if (last.done) break;
    }
    expect(last).toMatchObject({ done: true, result: 'abnormal' });
    expect(last.say.join('')).toContain('居家观察');
    const callee = await t.database.db.selectFrom('callbotCallees').selectAll().where('id', '=', callees[0]!).executeTakeFirstOrThrow();
    expect(callee).toMatchObject({ status: 'done', result: 'abnormal', reasons: ['fever'], attempts: 1, lastOutcome: 'connected' });
    const attempt = await t.database.db.selectFrom('callbotAttempts').selectAll().where('calleeId', '=', callees[0]!).executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ channel: 'chat', outcome: 'connected', result: 'abnormal', dialogueState: null });
    expect((attempt.transcript as unknown[]).length).toBeGreaterThan(8);
    // The conversation is over: more answers are refused, the campaign with its one callee completed.
    expect((await reply(token, { turn: answers.length + 5, text: '你好' })).json().code).toBe('CALLBOT_CHAT_ENDED');
    const campaign = (await worker.request({ method: 'GET', url: `/api/callbot/campaigns/${id}` })).json();
    expect(campaign.counts).toMatchObject({ total: 1, done: 1, abnormal: 1 });
  });

  it('answers a retried turn the same without advancing twice; a turn out of order is refused', async () => {
    const { id, callees } = await chatCampaign(['李四,13800007002']);
    const token = await link(id, callees[0]!);
    await start(token);
    const again = (await start(token)).json();
    expect(again.turn).toBe(0);
    const first = (await reply(token, { turn: 1, text: '是我' })).json();
    const retried = (await reply(token, { turn: 1, text: '是我' })).json();
    expect(retried).toEqual(first);
    expect((await reply(token, { turn: 3, text: '回来了' })).json().code).toBe('CALLBOT_CHAT_TURN_MISMATCH');
    const second = (await reply(token, { turn: 2, text: '回来了' })).json();
    expect(second.turn).toBe(2);
    expect(second.say.join('')).toContain('体温');
    const state = await t.database.db.selectFrom('callbotAttempts').select('turn').where('calleeId', '=', callees[0]!).executeTakeFirstOrThrow();
    expect(state.turn).toBe(2);
    expect((await reply(token, { turn: 3, text: '' })).json().code).toBe('CALLBOT_CHAT_REPLY_INVALID');
    expect((await reply(token, { turn: 3, silence: true })).json()).toMatchObject({ done: false, turn: 3 });
  });

  it('refuses a forged, an unknown and an expired token; an expired conversation ends as a hang-up', async () => {
    const { id, callees } = await chatCampaign(['王五,13800007003', '赵六,13800007004']);
    expect((await start('forged')).json().code).toBe('CALLBOT_CHAT_NOT_FOUND');
    expect((await start('A'.repeat(43))).json().code).toBe('CALLBOT_CHAT_NOT_FOUND');
    const talking = await link(id, callees[0]!);
    const unopened = await link(id, callees[1]!);
    await start(talking);
    await reply(talking, { turn: 1, text: '是的' });
    clock.advance(2 * HOUR_MS_FOR_TESTS + 1000);
    expect((await reply(talking, { turn: 2, text: '回来了' })).json().code).toBe('CALLBOT_CHAT_NOT_FOUND');
    expect((await start(unopened)).json().code).toBe('CALLBOT_CHAT_NOT_FOUND');
    // The earlier test's half-finished conversation expires too.
    expect(await expireChatAttempts({ ...t.platform, understand })).toBe(3);
    const attempts = await t.database.db.selectFrom('callbotAttempts').select(['calleeId', 'outcome', 'endedAt']).where('campaignId', '=', id).execute();
    const byCallee = new Map(attempts.map((a) => [a.calleeId, a]));
    expect(byCallee.get(callees[0]!)).toMatchObject({ outcome: 'connected', endedAt: expect.any(Date) });
    expect(byCallee.get(callees[1]!)).toMatchObject({ outcome: 'no_answer', endedAt: expect.any(Date) });
    // Both are worth another try: pending again, next time by the campaign's policy.
    const rows = await t.database.db.selectFrom('callbotCallees').select(['status', 'lastOutcome']).where('campaignId', '=', id).orderBy('seq').execute();
    expect(rows).toEqual([{ status: 'pending', lastOutcome: 'connected' }, { status: 'pending', lastOutcome: 'no_answer' }]);
  });

  it('gives links only for pending callees of a running chat campaign, to staff of its region', async () => {
    worker = await signInAgain(t, 'chat-worker');
    const other = await staffSession(t, 'chat-worker-sc', 'community_worker', '330102');
    const { id, callees } = await chatCampaign(['孙七,13800007005']);
    expect((await other.request({ method: 'POST', url: `/api/callbot/campaigns/${id}/callees/${callees[0]}/chat` })).statusCode).toBe(404);
    const simulated = await newCampaign(worker, { regionCode: '330106', scriptId });
    expect((await worker.request({ method: 'POST', url: `/api/callbot/campaigns/${simulated.id}/callees/${callees[0]}/chat` })).json().code).toBe('CALLBOT_CHAT_CHANNEL_ONLY');
    await worker.request({ method: 'POST', url: '/api/callbot/dnc', payload: { phone: '13800007005' } });
    expect((await worker.request({ method: 'POST', url: `/api/callbot/campaigns/${id}/callees/${callees[0]}/chat` })).json().code).toBe('CALLBOT_CALLEE_DNC');
  });
});
