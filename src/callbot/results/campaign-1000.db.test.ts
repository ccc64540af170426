/**
 * Issue 8's acceptance test: a campaign of 1,000 simulated callees (seeded personas through the
 * simulated channel, the real answer understanding, the dialer under a test clock) produces the
 * report, the follow-up and home-visit tasks and the health-code facts its personas predict — every expected
 * figure is computed from the personas, none is written down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { Session } from '../../../test/support/http-users.ts';
import { registeredResident, staffSession } from '../../codes/colours/testing.ts';
import { reviewDueColours } from '../../codes/colours/service.ts';
import { colourOf, signInAgain } from '../../monitoring/testing.ts';
import { fixedClock } from '../../kernel/time.ts';
import type { DialOutcome } from '../channels/channel.ts';
import { createSimulatedChannel, expectedDialogueEnd, personaFor, type Persona, type PersonaMix } from '../channels/simulated.ts';
import { LABELLED_CONTEXT, loadLabelledUtterances, verifiedUtterances } from '../channels/simulated-utterances.ts';
import { runDialerTick } from '../campaigns/dialer.ts';
import { NO_RETRY_OUTCOMES } from '../campaigns/schedule.ts';
import { csvImport, newCampaign, templateId } from '../campaigns/testing.ts';
import type { CallChannel } from '../channels/channel.ts';
import { ABNORMAL_REASONS, type DialogueEnd } from '../dialogue/model.ts';
import { understand } from '../nlu/understand.ts';
import { returneeScreening } from '../scripts/templates/index.ts';

const at = (local: string) => new Date(`${local}:00+08:00`);
const clock = fixedClock(at('2026-12-01T08:50'));
const SEED = 'results-1000';
const COMMUNITIES = ['330102', '330105', '330106'];
const VARIABLES = { community: '文新社区' };
const MIX: PersonaMix = {
  abnormal: 0.12, unsure: 0.04, intents: { busy: 0.02, refuse: 0.01, dnc: 0.005, wrong_number: 0.005, human: 0.005 }, hangUp: 0.02,
  unreachable: 0.12, unreachableOutcomes: { no_answer: 4, busy: 2, powered_off: 2, rejected: 1, empty_number: 1, unreachable: 1, suspended: 1 },
};
const ALWAYS_ABNORMAL: PersonaMix = { abnormal: 1, unsure: 0, intents: {}, hangUp: 0, unreachable: 0, unreachableOutcomes: {} };
const ALWAYS_NORMAL: PersonaMix = { abnormal: 0, unsure: 0, intents: {}, hangUp: 0, unreachable: 0, unreachableOutcomes: {} };

const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅琳';
const nameOf = (i: number) => `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}${GIVEN[(i * 7) % GIVEN.length]}`;

let t: TestPlatform;
let official: Session;
let scriptId: string;
let channel: CallChannel;
const personas = new Map<string, Persona>();

interface Callee { phone: string; name: string; community: string; personId?: string }
const callees: Callee[] = [];
/** Registered residents among the callees: the first half's calls are abnormal, the second half's normal. */
const matched: Callee[] = [];

const tick = () => runDialerTick({ ...t.platform, understand, channelFor: (name) => (name === 'simulated' ? channel : undefined), lines: 20, maxPerTick: 5000, context: LABELLED_CONTEXT });

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  official = await staffSession(t, 'c1k-official', 'health_official', '330100');
  for (const code of COMMUNITIES) await staffSession(t, `c1k-worker-${code}`, 'community_worker', code);
  scriptId = await templateId(official);
  for (let i = 0; i < 1000; i++) {
    const phone = `1380010${String(i).padStart(4, '0')}`;
    const community = COMMUNITIES[i % COMMUNITIES.length]!;
    const callee: Callee = { phone, name: nameOf(i), community };
    if (i % 50 === 0) {
      // 20 registered residents (home 330102, which is also their row's community).
      callee.community = '330102';
      callee.personId = (await registeredResident(t, phone, nameOf(i), '330102')).personId;
      matched.push(callee);
      personas.set(phone, personaFor(SEED, phone, matched.length <= 10 ? ALWAYS_ABNORMAL : ALWAYS_NORMAL));
    } else personas.set(phone, personaFor(SEED, phone, MIX));
    callees.push(callee);
  }
  channel = createSimulatedChannel({ seed: SEED, utterances: verifiedUtterances(loadLabelledUtterances(), understand), persona: (phone) => personas.get(phone) });
  official = await signInAgain(t, 'c1k-official');
}, 60_000);
afterAll(async () => t.close());

/** What each callee must end with, from its persona alone (a perfect understanding, the campaign's retry policy). */
function expectedOf(c: Callee): { result: string; reasons: string[]; attempts: DialOutcome[]; end: DialogueEnd | null } {
  const persona = personas.get(c.phone)!;
  if (persona.dial) {
    const outcome = persona.dial[0]!;
    return { result: 'not_reached', reasons: [], attempts: NO_RETRY_OUTCOMES.includes(outcome) ? [outcome] : [outcome, outcome], end: null };
  }
  const end = expectedDialogueEnd(returneeScreening, persona, { ...VARIABLES, name: c.name }, LABELLED_CONTEXT);
  return { result: end.result, reasons: end.result === 'abnormal' ? end.reasons : [], attempts: end.retry ? ['connected', 'connected'] : ['connected'], end };
}

describe('a campaign of 1,000 simulated callees', () => {
  let campaignId: string;
  let report: any;

  beforeAll(async () => {
    // Two attempts a day, 5 minutes apart, the last day today: 09:00 and 09:05 finish everyone.
    const campaign = await newCampaign(official, {
      regionCode: '330100', scriptId, name: '千人摸排', endsOn: '2026-12-01', attemptsPerDay: 2, retryIntervalMinutes: 5, variables: VARIABLES,
      windows: [{ start: '09:00', end: '20:30' }],
    });
    campaignId = campaign.id;
    const csv = ['姓名,电话,社区', ...callees.map((c) => `${c.name},${c.phone},${c.community}`)].join('\n');
    const imported = await csvImport(official, campaignId, csv);
    expect(imported.json()).toMatchObject({ accepted: 1000, merged: 0, dnc: 0 });
    expect((await official.request({ method: 'POST', url: `/api/callbot/campaigns/${campaignId}/start` })).statusCode).toBe(200);
    for (const local of ['2026-12-01T09:00', '2026-12-01T09:05', '2026-12-02T09:00']) {
      clock.set(at(local));
      await tick();
    }
    official = await signInAgain(t, 'c1k-official');
    report = (await official.request({ method: 'GET', url: `/api/callbot/campaigns/${campaignId}/report` })).json();
  }, 120_000);

  it('ends every callee as its persona predicts', async () => {
    const rows = await t.database.db.selectFrom('callbotCallees').select(['status', 'result', 'personId']).where('campaignId', '=', campaignId).orderBy('seq').execute();
    expect(rows.map((r) => r.status)).toEqual(callees.map(() => 'done'));
    expect(rows.map((r) => r.result)).toEqual(callees.map((c) => expectedOf(c).result));
    expect(rows.map((r) => r.personId)).toEqual(callees.map((c) => c.personId ?? null));
  });

  it('reports the funnel, results, outcomes, symptoms and communities its personas give', () => {
    const expected = callees.map(expectedOf);
    const count = <T>(items: readonly T[], key: (item: T) => string | string[]) => {
      const out: Record<string, number> = {};
      for (const item of items) for (const k of [key(item)].flat()) out[k] = (out[k] ?? 0) + 1;
      return out;
    };
    const results = count(expected, (e) => e.result);
    expect(report.funnel).toEqual({
      total: 1000, dialled: 1000, connected: expected.filter((e) => e.attempts.includes('connected')).length,
      completed: 1000 - (results.not_reached ?? 0),
    });
    for (const r of ['normal', 'abnormal', 'needs_checking', 'not_reached', 'refused']) expect(report.results[r], r).toBe(results[r] ?? 0);
    const outcomes = count(expected.flatMap((e) => e.attempts), (o) => o);
    for (const o of Object.keys(report.outcomes)) expect(report.outcomes[o], o).toBe(outcomes[o] ?? 0);
    const symptoms = count(expected.filter((e) => e.result === 'abnormal'), (e) => e.reasons);
    for (const r of ABNORMAL_REASONS) expect(report.symptoms[r], r).toBe(symptoms[r] ?? 0);
    const communities = COMMUNITIES.map((code) => {
      const here = callees.map((c, i) => ({ c, e: expected[i]! })).filter(({ c }) => c.community === code);
      return {
        regionCode: code, total: here.length, completed: here.filter(({ e }) => e.result !== 'not_reached').length,
        abnormal: here.filter(({ e }) => e.result === 'abnormal').length, notReached: here.filter(({ e }) => e.result === 'not_reached').length,
      };
    });
    expect(report.communities.map(({ regionName: _n, ...c }: { regionName: string }) => c)).toEqual(communities);
    const abnormalPhones = callees.filter((_, i) => expected[i]!.result === 'abnormal');
    expect(report.abnormal.total).toBe(abnormalPhones.length);
    expect(report.abnormal.items.map((i: { maskedPhone: string }) => i.maskedPhone)).toEqual(abnormalPhones.slice(0, 200).map((c) => `${c.phone.slice(0, 3)}****${c.phone.slice(7)}`));
    expect(report.notReached.total).toBe(results.not_reached ?? 0);
    // The mix is rich enough for the figures to mean something.
    expect(results.abnormal).toBeGreaterThan(50);
    expect(results.not_reached).toBeGreaterThan(50);
    expect(Object.keys(results).length).toBe(5);
  });

  it('opens exactly one follow-up task per abnormal callee, each with a community worker of its street', async () => {
    const tasks = await t.database.db.selectFrom('callbotFollowUpTasks as k').innerJoin('callbotCallees as c', 'c.id', 'k.calleeId')
      .select(['c.phoneIndex', 'c.regionCode', 'k.assignedAccountId', 'k.reasons']).where('k.campaignId', '=', campaignId).where('k.kind', '=', 'follow_up').execute();
    const abnormal = await t.database.db.selectFrom('callbotCallees').select('phoneIndex').where('campaignId', '=', campaignId).where('result', '=', 'abnormal').execute();
    expect(tasks.map((x) => x.phoneIndex).sort()).toEqual(abnormal.map((x) => x.phoneIndex).sort());
    expect(tasks.length).toBe(callees.filter((c) => expectedOf(c).result === 'abnormal').length);
    const workers = await t.database.db.selectFrom('accounts').select(['id', 'username']).where('username', 'like', 'c1k-worker-%').execute();
    const workerOf = new Map(workers.map((w) => [w.id, w.username!.slice('c1k-worker-'.length)]));
    for (const task of tasks) expect(workerOf.get(task.assignedAccountId!), task.regionCode).toBe(task.regionCode);
  });

  it('opens exactly one home visit (上门核查) per callee not reached, with a worker of its street; the report links each', async () => {
    const tasks = await t.database.db.selectFrom('callbotFollowUpTasks as k').innerJoin('callbotCallees as c', 'c.id', 'k.calleeId')
      .select(['k.id', 'c.id as calleeId', 'c.maskedPhone', 'c.regionCode', 'k.assignedAccountId', 'k.reasons', 'k.status'])
      .where('k.campaignId', '=', campaignId).where('k.kind', '=', 'home_visit').orderBy('c.seq').execute();
    const unreached = callees.filter((c) => expectedOf(c).result === 'not_reached');
    expect(tasks.map((x) => x.maskedPhone)).toEqual(unreached.map((c) => `${c.phone.slice(0, 3)}****${c.phone.slice(7)}`));
    expect(tasks.map((x) => x.regionCode)).toEqual(unreached.map((c) => c.community));
    expect(tasks.every((x) => x.status === 'open' && x.reasons.length === 0)).toBe(true);
    const workers = await t.database.db.selectFrom('accounts').select(['id', 'username']).where('username', 'like', 'c1k-worker-%').execute();
    const workerOf = new Map(workers.map((w) => [w.id, w.username!.slice('c1k-worker-'.length)]));
    for (const task of tasks) expect(workerOf.get(task.assignedAccountId!), task.regionCode).toBe(task.regionCode);
    const taskOf = new Map(tasks.map((x) => [x.calleeId, x.id]));
    expect(report.notReached.items.length).toBe(Math.min(200, unreached.length));
    for (const item of report.notReached.items) expect(item.taskId, item.calleeId).toBe(taskOf.get(item.calleeId));
  });

  it('writes the screening fact of matched persons: abnormal ones turn yellow with a reason they can read', async () => {
    await reviewDueColours(t.platform);
    for (const [i, person] of matched.entries()) {
      const status = await colourOf(t, person.personId!);
      if (i < 10) {
        expect(status?.colour, person.phone).toBe('yellow');
        expect(status!.reasons.map((r) => r.reasonCode)).toEqual(['screening_abnormal']);
        expect(status!.reasons[0]!.text.zh).toMatch(/^智能外呼筛查发现异常（.+），健康码为黄码，请配合社区核实/);
      } else {
        expect(status?.colour ?? 'green', person.phone).toBe('green');
      }
    }
    const facts = await t.database.db.selectFrom('callbotScreenings').select(['personId', 'abnormal']).where('campaignId', '=', campaignId).execute();
    expect(facts).toHaveLength(matched.length);
  });

  it('a later normal screening call releases the yellow', async () => {
    const abnormal = matched.slice(0, 10);
    for (const c of abnormal) personas.set(c.phone, personaFor(SEED, c.phone, ALWAYS_NORMAL));
    clock.set(at('2026-12-02T10:00'));
    official = await signInAgain(t, 'c1k-official');
    const again = await newCampaign(official, { regionCode: '330100', scriptId, name: '复核', endsOn: '2026-12-02', variables: VARIABLES, windows: [{ start: '09:00', end: '20:30' }] });
    const csv = ['姓名,电话,社区', ...abnormal.map((c) => `${c.name},${c.phone},${c.community}`)].join('\n');
    expect((await csvImport(official, again.id, csv)).json()).toMatchObject({ accepted: 10 });
    expect((await official.request({ method: 'POST', url: `/api/callbot/campaigns/${again.id}/start` })).statusCode).toBe(200);
    await tick();
    await reviewDueColours(t.platform);
    for (const c of abnormal) expect((await colourOf(t, c.personId!))?.colour, c.phone).toBe('green');
    expect(await t.database.db.selectFrom('callbotFollowUpTasks').select('id').where('campaignId', '=', again.id).execute()).toEqual([]);
  });
});
