import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { Session } from '../../../test/support/http-users.ts';
import { registeredResident, staffSession, type Resident } from '../../codes/colours/testing.ts';
import { recomputeColour } from '../../codes/colours/service.ts';
import { accountIdOf, colourOf, signInAgain } from '../../monitoring/testing.ts';
import { fixedClock, DAY_MS } from '../../kernel/time.ts';
import { seededRandom } from '../channels/simulated-persona.ts';
import { ABNORMAL_REASONS, type AbnormalReason, type CallResult } from '../dialogue/model.ts';
import type { DialOutcome } from '../channels/channel.ts';
import { finishCallee, seedCallee, seedCampaign, type SeededCallee } from './testing.ts';

// 2026-03-02 10:00 in Beijing.
const START = new Date('2026-03-02T02:00:00Z');
const clock = fixedClock(START);
let t: TestPlatform;
let official: Session;
let workerA: Session;
let workerXh: Session;
let auditor: Session;
let officialId: string;
let sortedWorkers: string[];

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  official = await staffSession(t, 'res-official', 'health_official', '330100');
  workerA = await staffSession(t, 'res-worker-a', 'community_worker', '330102');
  await staffSession(t, 'res-worker-b', 'community_worker', '330102');
  workerXh = await staffSession(t, 'res-worker-xh', 'community_worker', '330106');
  auditor = await staffSession(t, 'res-auditor', 'auditor', '330100');
  officialId = await accountIdOf(t, 'res-official');
  sortedWorkers = [await accountIdOf(t, 'res-worker-a'), await accountIdOf(t, 'res-worker-b')].sort();
});
afterAll(async () => t.close());

const db = () => t.database.db;
const reasonCodes = (status: Awaited<ReturnType<typeof colourOf>>) => status?.reasons.map((r) => r.reasonCode) ?? [];

it('publishes the report, export and task routes in the OpenAPI document', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
  expect(res.statusCode).toBe(200);
  expect(Object.keys(res.json().paths)).toEqual(expect.arrayContaining([
    '/api/callbot/campaigns/{id}/report', '/api/callbot/campaigns/{id}/exports', '/api/callbot/exports/{id}', '/api/callbot/exports/{id}/file',
    '/api/callbot/tasks', '/api/callbot/tasks/{id}/done', '/api/callbot/tasks/{id}/contact',
  ]));
});

describe('an abnormal call result of a registered resident', () => {
  let resident: Resident;
  let campaignId: string;
  let callee: SeededCallee;
  let attemptId: string | null;

  beforeAll(async () => {
    resident = await registeredResident(t, '13844440001', '王丽');
    campaignId = await seedCampaign(db(), { regionCode: '330102', createdByAccountId: officialId, at: clock.now() });
    callee = await seedCallee(db(), campaignId, { regionCode: '330102', personId: resident.personId, index: 1, at: clock.now() });
    attemptId = await finishCallee(db(), clock, {
      campaignId, campaignRegionCode: '330102', callee, result: 'abnormal', reasons: ['fever', 'cough'], temperature: 38.2, outcomes: ['busy', 'connected'], at: clock.now(),
    });
  });

  it('opens one follow-up task for a community worker of the street, in turn', async () => {
    const tasks = await db().selectFrom('callbotFollowUpTasks').selectAll().where('calleeId', '=', callee.id).execute();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ status: 'open', regionCode: '330102', reasons: ['fever', 'cough'], attemptId, personId: resident.personId });
    expect(Number(tasks[0]!.temperature)).toBe(38.2);
    expect(sortedWorkers).toContain(tasks[0]!.assignedAccountId);
  });

  it('writes the screening fact with the call as evidence, noted in the facts outbox in the same transaction', async () => {
    const facts = await db().selectFrom('callbotScreenings').selectAll().where('personId', '=', resident.personId).execute();
    expect(facts).toEqual([expect.objectContaining({ attemptId, abnormal: true, reasons: ['fever', 'cough'] })]);
    const outbox = await db().selectFrom('codeFactsChanged').select(['source', 'personId']).where('sourceRef', '=', attemptId!).execute();
    expect(outbox).toEqual([{ source: 'screening', personId: resident.personId }]);
  });

  it('turns the code yellow with a reason the resident can read', async () => {
    await recomputeColour(t.platform, resident.personId, { evidenceRef: `screening:${attemptId}` });
    const status = await colourOf(t, resident.personId);
    expect(status?.colour).toBe('yellow');
    expect(reasonCodes(status)).toEqual(['screening_abnormal']);
    expect(status!.reasons[0]!.text.zh).toContain('智能外呼筛查发现异常（发热、咳嗽）');
    expect(status!.reasons[0]!.text.zh).toContain('请配合社区核实');
  });

  it('is idempotent: the hook run again for the same call writes nothing more', async () => {
    await db().transaction().execute(async (trx) => {
      const { recordCallResult } = await import('./hook.ts');
      await recordCallResult(trx, { clock }, {
        campaignId, campaignRegionCode: '330102', calleeId: callee.id, attemptId, personId: resident.personId, regionCode: '330102',
        result: 'abnormal', reasons: ['fever', 'cough'], slots: { temperature: 38.2 }, unresolved: [], intent: null, lastOutcome: 'connected', decidedAt: clock.now(),
      });
    });
    expect(await db().selectFrom('callbotFollowUpTasks').select('id').where('calleeId', '=', callee.id).execute()).toHaveLength(1);
    expect(await db().selectFrom('callbotScreenings').select('attemptId').where('personId', '=', resident.personId).execute()).toHaveLength(1);
  });

  it('is released by a later normal screening call', async () => {
    clock.advance(DAY_MS);
    const later = await seedCampaign(db(), { regionCode: '330102', createdByAccountId: officialId, at: clock.now(), name: '复核' });
    const again = await seedCallee(db(), later, { regionCode: '330102', personId: resident.personId, index: 1, at: clock.now() });
    await finishCallee(db(), clock, { campaignId: later, campaignRegionCode: '330102', callee: again, result: 'normal', temperature: 36.5, outcomes: ['connected'], at: clock.now() });
    expect(await db().selectFrom('callbotFollowUpTasks').select('id').where('campaignId', '=', later).execute()).toEqual([]);
    await recomputeColour(t.platform, resident.personId, {});
    expect((await colourOf(t, resident.personId))?.colour).toBe('green');
    // Sessions end after 12 hours of the test clock.
    official = await signInAgain(t, 'res-official');
    workerA = await signInAgain(t, 'res-worker-a');
    workerXh = await signInAgain(t, 'res-worker-xh');
    auditor = await signInAgain(t, 'res-auditor');
  });
});

describe('results that are not abnormal', () => {
  it('give no follow-up (not reached a home visit only); needs checking, refused and not reached give no fact either', async () => {
    const campaignId = await seedCampaign(db(), { regionCode: '330102', createdByAccountId: officialId, at: clock.now() });
    const cases: [CallResult, DialOutcome[]][] = [['needs_checking', ['connected']], ['refused', ['connected']], ['not_reached', ['no_answer', 'busy']], ['normal', ['connected']]];
    const persons: string[] = [];
    for (const [i, [result, outcomes]] of cases.entries()) {
      const person = await registeredResident(t, `1384444010${i}`, '李雷');
      persons.push(person.personId);
      const callee = await seedCallee(db(), campaignId, { regionCode: '330102', personId: person.personId, index: 100 + i, at: clock.now() });
      await finishCallee(db(), clock, { campaignId, campaignRegionCode: '330102', callee, result, outcomes, at: clock.now() });
    }
    const tasks = await db().selectFrom('callbotFollowUpTasks').select(['kind', 'personId']).where('campaignId', '=', campaignId).execute();
    expect(tasks).toEqual([{ kind: 'home_visit', personId: persons[2] }]);
    const facts = await db().selectFrom('callbotScreenings').select(['personId', 'abnormal']).where('campaignId', '=', campaignId).execute();
    expect(facts).toEqual([{ personId: persons[3], abnormal: false }]);
  });
});

describe('the campaign report', () => {
  let campaignId: string;
  const expected = {
    total: 0, dialled: 0, connected: 0, results: {} as Record<string, number>, symptoms: {} as Record<string, number>, outcomes: {} as Record<string, number>,
    communities: {} as Record<string, { total: number; completed: number; abnormal: number; notReached: number }>, abnormal: [] as string[], notReached: [] as string[],
  };
  const bump = (o: Record<string, number>, k: string, n = 1) => { o[k] = (o[k] ?? 0) + n; };

  beforeAll(async () => {
    campaignId = await seedCampaign(db(), { regionCode: '330100', createdByAccountId: officialId, at: clock.now(), name: '全市摸排' });
    const random = seededRandom('results-report', 7);
    const regions = ['330102', '330105', '330106'];
    const results: CallResult[] = ['normal', 'abnormal', 'needs_checking', 'not_reached', 'refused'];
    for (let i = 0; i < 240; i++) {
      const regionCode = regions[Math.floor(random() * regions.length)]!;
      const callee = await seedCallee(db(), campaignId, { regionCode, index: 1000 + i, at: clock.now() });
      expected.total++;
      const community = (expected.communities[regionCode] ??= { total: 0, completed: 0, abnormal: 0, notReached: 0 });
      community.total++;
      if (random() < 0.1) continue; // still pending
      const result = results[Math.floor(random() * results.length)]!;
      const outcomes: DialOutcome[] = result === 'not_reached'
        ? (['no_answer', 'busy', 'powered_off'] as const).slice(0, 1 + Math.floor(random() * 3))
        : [...(random() < 0.3 ? ['busy' as const] : []), 'connected'];
      const reasons = result === 'abnormal' ? ABNORMAL_REASONS.filter(() => random() < 0.3) : [];
      if (result === 'abnormal' && reasons.length === 0) reasons.push('fever');
      await finishCallee(db(), clock, { campaignId, campaignRegionCode: '330100', callee, result, reasons: reasons as AbnormalReason[], temperature: result === 'abnormal' ? 38.1 : undefined, outcomes, at: clock.now() });
      expected.dialled++;
      if (outcomes.includes('connected')) expected.connected++;
      for (const o of outcomes) bump(expected.outcomes, o);
      bump(expected.results, result);
      for (const r of reasons) bump(expected.symptoms, r);
      if (result !== 'not_reached') community.completed++;
      if (result === 'abnormal') { community.abnormal++; expected.abnormal.push(callee.id); }
      if (result === 'not_reached') { community.notReached++; expected.notReached.push(callee.id); }
    }
  });

  it('counts the funnel, results, outcomes, symptoms and communities as the calls were made', async () => {
    const res = await official.request({ method: 'GET', url: `/api/callbot/campaigns/${campaignId}/report` });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    const completed = expected.dialled - (expected.results.not_reached ?? 0);
    expect(report.funnel).toEqual({ total: expected.total, dialled: expected.dialled, connected: expected.connected, completed });
    for (const r of ['normal', 'abnormal', 'needs_checking', 'not_reached', 'refused']) expect(report.results[r], r).toBe(expected.results[r] ?? 0);
    for (const r of ABNORMAL_REASONS) expect(report.symptoms[r], r).toBe(expected.symptoms[r] ?? 0);
    for (const o of ['connected', 'busy', 'no_answer', 'powered_off', 'rejected']) expect(report.outcomes[o], o).toBe(expected.outcomes[o] ?? 0);
    expect(Object.fromEntries(report.communities.map((c: { regionCode: string; total: number; completed: number; abnormal: number; notReached: number }) => [c.regionCode, { total: c.total, completed: c.completed, abnormal: c.abnormal, notReached: c.notReached }])))
      .toEqual(expected.communities);
    expect(report.communities.find((c: { regionCode: string }) => c.regionCode === '330106').regionName).toContain('西湖区');
    expect(report.abnormal.total).toBe(expected.abnormal.length);
    expect(report.abnormal.items.map((i: { calleeId: string }) => i.calleeId)).toEqual(expected.abnormal.slice(0, 200));
    expect(report.abnormal.items[0]).toMatchObject({ maskedName: expect.stringMatching(/^张\*/), maskedPhone: expect.stringMatching(/^139\*{4}\d{4}$/), temperature: 38.1 });
    expect(report.notReached.items.map((i: { calleeId: string }) => i.calleeId)).toEqual(expected.notReached.slice(0, 200));
    expect(report.notReached.items[0].attempts).toBeGreaterThan(0);
  });

  it('opens exactly one follow-up per abnormal callee and one home visit per callee not reached; the report\'s lists link to them', async () => {
    const tasks = await db().selectFrom('callbotFollowUpTasks').select(['id', 'calleeId', 'kind']).where('campaignId', '=', campaignId).execute();
    const of = (kind: string) => tasks.filter((x) => x.kind === kind).map((x) => x.calleeId).sort();
    expect(of('follow_up')).toEqual([...expected.abnormal].sort());
    expect(of('home_visit')).toEqual([...expected.notReached].sort());
    expect(tasks).toHaveLength(expected.abnormal.length + expected.notReached.length);
    const taskOf = new Map(tasks.map((x) => [`${x.kind}:${x.calleeId}`, x.id]));
    const report = (await official.request({ method: 'GET', url: `/api/callbot/campaigns/${campaignId}/report` })).json();
    for (const item of report.abnormal.items) expect(item.taskId, item.calleeId).toBe(taskOf.get(`follow_up:${item.calleeId}`));
    for (const item of report.notReached.items) expect(item.taskId, item.calleeId).toBe(taskOf.get(`home_visit:${item.calleeId}`));
    expect(report.notReached.items.length).toBeGreaterThan(0);
  });

  it('is read by auditors and staff of the region only; others get 404', async () => {
    expect((await auditor.request({ method: 'GET', url: `/api/callbot/campaigns/${campaignId}/report` })).statusCode).toBe(200);
    const other = await workerXh.request({ method: 'GET', url: `/api/callbot/campaigns/${campaignId}/report` });
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('CALLBOT_CAMPAIGN_NOT_FOUND');
  });

  it('exports to Excel by a background job: four sheets, every abnormal and not-reached callee, masked; the file only for who asked', async () => {
    const started = await official.request({ method: 'POST', url: `/api/callbot/campaigns/${campaignId}/exports` });
    expect(started.statusCode).toBe(202);
    const id = started.json().id as string;
    let status = started.json().status as string;
    for (let i = 0; i < 100 && status !== 'done' && status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await official.request({ method: 'GET', url: `/api/callbot/exports/${id}` })).json().status;
    }
    expect(status).toBe('done');
    const file = await official.request({ method: 'GET', url: `/api/callbot/exports/${id}/file` });
    expect(file.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['汇总', '异常人员', '未接通', '社区']);
    expect(book.getWorksheet('异常人员')!.rowCount).toBe(expected.abnormal.length + 1);
    expect(book.getWorksheet('未接通')!.rowCount).toBe(expected.notReached.length + 1);
    expect(String(book.getWorksheet('异常人员')!.getRow(2).getCell(3).value)).toMatch(/^139\*{4}\d{4}$/);
    expect(book.getWorksheet('社区')!.rowCount).toBe(Object.keys(expected.communities).length + 1);
    expect((await auditor.request({ method: 'GET', url: `/api/callbot/exports/${id}/file` })).statusCode).toBe(404);
    const audits = await db().selectFrom('auditLog').select('action').where('targetId', '=', campaignId).execute();
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['callbot.report.export', 'callbot.report.export.download']));
  });
});

describe('follow-up tasks', () => {
  let campaignId: string;
  const taskIds: string[] = [];

  beforeAll(async () => {
    campaignId = await seedCampaign(db(), { regionCode: '330100', createdByAccountId: officialId, at: clock.now(), name: '任务测试' });
    for (const [i, regionCode] of ['330102', '330102', '330102', '330106'].entries()) {
      const callee = await seedCallee(db(), campaignId, { regionCode, index: 5000 + i, at: clock.now(), keyring: t.platform.keyring });
      await finishCallee(db(), clock, { campaignId, campaignRegionCode: '330100', callee, result: 'abnormal', reasons: ['travel'], outcomes: ['connected'], at: clock.now() });
      clock.advance(1000);
    }
    const rows = await db().selectFrom('callbotFollowUpTasks').select('id').where('campaignId', '=', campaignId).orderBy('createdAt').execute();
    taskIds.push(...rows.map((r) => r.id));
  });

  it('are listed for the assigned community worker, and for officials by region (keyset)', async () => {
    const assigned = await db().selectFrom('callbotFollowUpTasks').select(['id', 'assignedAccountId']).where('campaignId', '=', campaignId).execute();
    const workerAId = await accountIdOf(t, 'res-worker-a');
    const mine = (await workerA.request({ method: 'GET', url: '/api/callbot/tasks?status=open&limit=100' })).json();
    const mineCampaign = mine.items.filter((i: { campaignId: string }) => i.campaignId === campaignId).map((i: { id: string }) => i.id).sort();
    expect(mineCampaign).toEqual(assigned.filter((a) => a.assignedAccountId === workerAId).map((a) => a.id).sort());
    expect(mineCampaign.length).toBeGreaterThan(0);
    // The 西湖区 task went to the 西湖区 worker only.
    const xh = (await workerXh.request({ method: 'GET', url: '/api/callbot/tasks?kind=follow_up&limit=100' })).json();
    const xhHere = xh.items.filter((i: { campaignId: string }) => i.campaignId === campaignId);
    expect(xhHere).toHaveLength(1);
    expect(xhHere[0]).toMatchObject({ regionCode: '330106', regionName: expect.stringContaining('西湖区'), reasons: ['travel'], maskedName: expect.stringMatching(/^张\*/) });
    // Officials page through the region's tasks.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string; campaignId: string }[]; next: string | null } = (await official.request({ method: 'GET', url: `/api/callbot/tasks?status=open&limit=2${cursor ? `&cursor=${cursor}` : ''}` })).json();
      seen.push(...page.items.filter((i) => i.campaignId === campaignId).map((i) => i.id));
      cursor = page.next;
    } while (cursor);
    expect(seen).toEqual(taskIds);
  });

  it('are closed with a note by the worker (audited), once; staff of another street get 404', async () => {
    const xhTask = (await db().selectFrom('callbotFollowUpTasks').select(['id']).where('campaignId', '=', campaignId).where('regionCode', '=', '330106').executeTakeFirstOrThrow()).id;
    const workerAId = await accountIdOf(t, 'res-worker-a');
    const own = (await db().selectFrom('callbotFollowUpTasks').select('id').where('campaignId', '=', campaignId).where('assignedAccountId', '=', workerAId).executeTakeFirstOrThrow()).id;
    const denied = await workerA.request({ method: 'POST', url: `/api/callbot/tasks/${xhTask}/done`, payload: { note: '不是我的' } });
    expect(denied.statusCode).toBe(404);
    const done = await workerA.request({ method: 'POST', url: `/api/callbot/tasks/${own}/done`, payload: { note: '已上门核实，体温正常' } });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', note: '已上门核实，体温正常', doneAt: expect.any(String) });
    const again = await workerA.request({ method: 'POST', url: `/api/callbot/tasks/${own}/done`, payload: {} });
    expect(again.json().code).toBe('CALLBOT_TASK_DONE');
    const audit = await db().selectFrom('auditLog').select(['action', 'actorAccountId']).where('targetId', '=', own).execute();
    expect(audit).toEqual([{ action: 'callbot.task.done', actorAccountId: workerAId }]);
    const open = (await workerA.request({ method: 'GET', url: '/api/callbot/tasks?status=open&limit=100' })).json();
    expect(open.items.map((i: { id: string }) => i.id)).not.toContain(own);
  });

  it('show the callee\'s contact to the assigned worker for a stated reason (audited), to nobody outside the region', async () => {
    const workerAId = await accountIdOf(t, 'res-worker-a');
    const own = await db().selectFrom('callbotFollowUpTasks').select(['id', 'calleeId']).where('campaignId', '=', campaignId).where('assignedAccountId', '=', workerAId).executeTakeFirstOrThrow();
    const callee = await db().selectFrom('callbotCallees').select('maskedPhone').where('id', '=', own.calleeId).executeTakeFirstOrThrow();
    expect((await workerA.request({ method: 'POST', url: `/api/callbot/tasks/${own.id}/contact`, payload: { reason: '' } })).json().code).toBe('CALLBOT_TASK_REASON_REQUIRED');
    expect((await workerXh.request({ method: 'POST', url: `/api/callbot/tasks/${own.id}/contact`, payload: { reason: '电话核实' } })).statusCode).toBe(404);
    const res = await workerA.request({ method: 'POST', url: `/api/callbot/tasks/${own.id}/contact`, payload: { reason: '电话核实体温' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: expect.stringMatching(/^张三/), address: expect.stringMatching(/^某路/) });
    expect(callee.maskedPhone).toBe(`${res.json().phone.slice(0, 3)}****${res.json().phone.slice(7)}`);
    const audit = await db().selectFrom('auditLog').select(['action', 'reason']).where('targetId', '=', own.calleeId).execute();
    expect(audit).toEqual([{ action: 'callbot.task.contact', reason: '电话核实体温' }]);
  });
});

describe('home visits (上门核查)', () => {
  let campaignId: string;
  let exhausted: SeededCallee;
  let deadline: SeededCallee;
  let attemptId: string | null;

  beforeAll(async () => {
    campaignId = await seedCampaign(db(), { regionCode: '330100', createdByAccountId: officialId, at: clock.now(), name: '上门核查测试' });
    // Attempts used up (the last attempt decided it), and one the campaign's last day ended (no attempt decided it).
    exhausted = await seedCallee(db(), campaignId, { regionCode: '330102', index: 7000, at: clock.now(), keyring: t.platform.keyring });
    attemptId = await finishCallee(db(), clock, { campaignId, campaignRegionCode: '330100', callee: exhausted, result: 'not_reached', outcomes: ['no_answer', 'powered_off'], at: clock.now() });
    deadline = await seedCallee(db(), campaignId, { regionCode: '330106', index: 7001, at: clock.now(), keyring: t.platform.keyring });
    await finishCallee(db(), clock, { campaignId, campaignRegionCode: '330100', callee: deadline, result: 'not_reached', outcomes: [], at: clock.now() });
    const refused = await seedCallee(db(), campaignId, { regionCode: '330102', index: 7002, at: clock.now() });
    await finishCallee(db(), clock, { campaignId, campaignRegionCode: '330100', callee: refused, result: 'refused', outcomes: ['connected'], at: clock.now() });
  });

  const homeVisits = () => db().selectFrom('callbotFollowUpTasks').selectAll().where('campaignId', '=', campaignId).orderBy('createdAt').execute();

  it('are opened for a callee not reached, for a community worker of the callee\'s street; none for refused', async () => {
    const tasks = await homeVisits();
    expect(tasks.map((x) => [x.calleeId, x.kind, x.regionCode, x.status, x.reasons, x.temperature]).sort()).toEqual([
      [exhausted.id, 'home_visit', '330102', 'open', [], null], [deadline.id, 'home_visit', '330106', 'open', [], null],
    ].sort());
    const byCallee = new Map(tasks.map((x) => [x.calleeId, x]));
    expect(byCallee.get(exhausted.id)!.attemptId).toBe(attemptId);
    expect(sortedWorkers).toContain(byCallee.get(exhausted.id)!.assignedAccountId);
    expect(byCallee.get(deadline.id)!.attemptId).toBeNull();
    expect(byCallee.get(deadline.id)!.assignedAccountId).toBe(await accountIdOf(t, 'res-worker-xh'));
  });

  it('are idempotent: the hook run again (with or without the attempt) opens none more and takes no turn', async () => {
    const { recordCallResult } = await import('./hook.ts');
    const cursorBefore = await db().selectFrom('monitoringAssignmentCursors').selectAll().orderBy('regionCode').execute();
    for (const [callee, attempt] of [[exhausted, attemptId], [exhausted, null], [deadline, null]] as const) {
      await db().transaction().execute((trx) => recordCallResult(trx, { clock }, {
        campaignId, campaignRegionCode: '330100', calleeId: callee.id, attemptId: attempt, personId: null, regionCode: callee.regionCode,
        result: 'not_reached', reasons: [], slots: {}, unresolved: [], intent: null, lastOutcome: 'no_answer', decidedAt: clock.now(),
      }));
    }
    expect(await homeVisits()).toHaveLength(2);
    expect(await db().selectFrom('monitoringAssignmentCursors').selectAll().orderBy('regionCode').execute()).toEqual(cursorBefore);
  });

  it('are listed with their kind, attempts and last outcome, and filtered by kind', async () => {
    const xh = (await workerXh.request({ method: 'GET', url: '/api/callbot/tasks?kind=home_visit&limit=100' })).json();
    const here = xh.items.filter((i: { campaignId: string }) => i.campaignId === campaignId);
    expect(here).toEqual([expect.objectContaining({ calleeId: deadline.id, kind: 'home_visit', reasons: [], regionCode: '330106', status: 'open' })]);
    expect(xh.items.every((i: { kind: string }) => i.kind === 'home_visit')).toBe(true);
    const followUps = (await official.request({ method: 'GET', url: '/api/callbot/tasks?kind=follow_up&limit=100' })).json();
    expect(followUps.items.length).toBeGreaterThan(0);
    expect(followUps.items.every((i: { kind: string }) => i.kind === 'follow_up')).toBe(true);
    expect(followUps.items.map((i: { campaignId: string }) => i.campaignId)).not.toContain(campaignId);
    const seen: { calleeId: string; kind: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { calleeId: string; kind: string }[]; next: string | null } = (await official.request({ method: 'GET', url: `/api/callbot/tasks?scope=region&limit=50${cursor ? `&cursor=${cursor}` : ''}` })).json();
      seen.push(...page.items);
      cursor = page.next;
    } while (cursor);
    expect(new Set(seen.map((i) => i.kind))).toEqual(new Set(['follow_up', 'home_visit']));
    const mine = seen.find((i) => i.calleeId === exhausted.id);
    expect(mine).toMatchObject({ kind: 'home_visit', attempts: 2, lastOutcome: 'powered_off', maskedName: exhausted.maskedName });
    expect((await official.request({ method: 'GET', url: '/api/callbot/tasks?kind=visit' })).statusCode).toBe(400);
  });

  it('reveal the callee\'s contact to the assigned worker for a stated reason (audited with it); another street\'s worker gets 404', async () => {
    const task = (await homeVisits()).find((x) => x.calleeId === exhausted.id)!;
    const assigned = task.assignedAccountId === (await accountIdOf(t, 'res-worker-a')) ? workerA : await signInAgain(t, 'res-worker-b');
    const denied = await workerXh.request({ method: 'POST', url: `/api/callbot/tasks/${task.id}/contact`, payload: { reason: '上门核查' } });
    expect(denied.statusCode).toBe(404);
    expect(denied.json().code).toBe('CALLBOT_TASK_NOT_FOUND');
    const res = await assigned.request({ method: 'POST', url: `/api/callbot/tasks/${task.id}/contact`, payload: { reason: '上门核查' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: expect.stringMatching(/^张三/), address: '某路 7000 号' });
    expect(exhausted.maskedPhone).toBe(`${res.json().phone.slice(0, 3)}****${res.json().phone.slice(7)}`);
    const audit = await db().selectFrom('auditLog').select(['action', 'reason', 'actorAccountId', 'detail']).where('targetId', '=', exhausted.id).execute();
    expect(audit.map(({ detail: _d, ...a }) => a)).toEqual([{ action: 'callbot.task.contact', reason: '上门核查', actorAccountId: task.assignedAccountId }]);
    const detail: unknown = typeof audit[0]!.detail === 'string' ? JSON.parse(audit[0]!.detail) : audit[0]!.detail;
    expect(detail).toMatchObject({ taskId: task.id, kind: 'home_visit' });
  });

  it('are closed with a note like a follow-up', async () => {
    const task = (await homeVisits()).find((x) => x.calleeId === deadline.id)!;
    const done = await workerXh.request({ method: 'POST', url: `/api/callbot/tasks/${task.id}/done`, payload: { note: '已上门，本人在家，无症状' } });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ kind: 'home_visit', status: 'done', note: '已上门，本人在家，无症状' });
  });
});
