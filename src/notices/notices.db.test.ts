import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { residentId, signInResidentSession, type Session } from '../../test/support/http-users.ts';
import { bindDependantOf, staffSession, type Resident } from '../codes/colours/testing.ts';
import { fixedClock } from '../kernel/time.ts';
import { testOrganisation, type TestOrganisation } from '../orgs/testing.ts';
import { runNoticeSweep } from './jobs.ts';
import { fanOutStep, publishSystemNotice, runFanOut } from './service.ts';

const HOUR_MS = 3_600_000;
const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
let t: TestPlatform;
// 西湖区 330106, its street 西溪街道 330106004, 上城区 330102, 宁波 330212.
let xixi1: Resident; let xixi2: Resident; let xihuOther: Resident; let shangcheng: Resident; let ningbo: Resident;
let xihuOfficial: Session; let streetWorker: Session; let shangchengOfficial: Session; let ningboOfficial: Session;
let org: TestOrganisation; let otherOrg: TestOrganisation;
let unitA: string; let unitA1: string; let unitB: string;
let inA: Resident; let inA1: Resident; let inB: Resident; let guardian: Resident; let child: string;

const publish = (s: Session, payload: Record<string, unknown>) => s.request({ method: 'POST', url: '/api/notices', payload: { title: '疫苗接种安排', body: '请于本周六到社区卫生服务中心接种。', ...payload } });
const recipientsOf = async (noticeId: string) => (await t.database.db.selectFrom('noticeRecipients').select('personId').where('noticeId', '=', noticeId).execute()).map((r) => r.personId).sort();
let idSequence = 500;
/** A signed-in resident registered with a home region (a district or a street). */
async function registeredResident(tp: TestPlatform, phone: string, name: string, homeRegionCode: string): Promise<Resident> {
  const session = await signInResidentSession(tp.app, tp.database.db, phone);
  const idNumber = residentId(homeRegionCode.slice(0, 6), '19850101', String(++idSequence).padStart(3, '0'));
  const res = await session.request({ method: 'POST', url: '/api/people/me', payload: { idType: 'resident_id', idNumber, name, homeRegionCode, address: '某路 1 号' } });
  if (res.statusCode !== 201) throw new Error(`registration failed: ${res.body}`);
  return { session, personId: res.json().id };
}
const mine = async (r: Resident) => (await r.session.request({ method: 'GET', url: '/api/notices/mine' })).json();

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  xixi1 = await registeredResident(t, '13811110001', '王西溪', '330106004');
  xixi2 = await registeredResident(t, '13811110002', '李西溪', '330106004');
  xihuOther = await registeredResident(t, '13811110003', '赵北山', '330106002');
  shangcheng = await registeredResident(t, '13811110004', '钱上城', '330102');
  ningbo = await registeredResident(t, '13811110005', '孙宁波', '330212');
  xihuOfficial = await staffSession(t, 'xihu-official', 'health_official', '330106');
  streetWorker = await staffSession(t, 'xixi-worker', 'community_worker', '330106004');
  shangchengOfficial = await staffSession(t, 'sc-official', 'health_official', '330102');
  ningboOfficial = await staffSession(t, 'nb-official', 'health_official', '330200');
  org = await testOrganisation(t, { name: '西溪中学', kind: 'school', regionCode: '330106004' });
  otherOrg = await testOrganisation(t, { name: '别的公司', regionCode: '330106004' });
  unitA = await org.addUnit('初一年级');
  unitA1 = await org.addUnit('初一(1)班', 'class', unitA);
  unitB = await org.addUnit('初二年级');
  inA = await registeredResident(t, '13811110011', '周老师', '330102');
  inA1 = await registeredResident(t, '13811110012', '吴同学', '330102');
  inB = await registeredResident(t, '13811110013', '郑同学', '330102');
  guardian = await registeredResident(t, '13811110014', '冯家长', '330102');
  child = await bindDependantOf(guardian, '冯小明');
  await org.addMember(inA.personId, unitA, 'teacher');
  await org.addMember(inA1.personId, unitA1, 'student');
  await org.addMember(inB.personId, unitB, 'student');
  await org.addMember(child, unitA1, 'student');
  await otherOrg.addMember(xixi1.personId);
});
afterAll(async () => t.close());

describe('region audiences', () => {
  it('reaches the residents whose home is inside the chosen regions, and nobody else', async () => {
    const street = await publish(streetWorker, { audience: { kind: 'region', regionCodes: ['330106004'] } });
    expect(street.statusCode).toBe(201);
    expect(street.json()).toMatchObject({ status: 'published', recipientCount: 2, senderLabel: expect.any(String) });
    expect(await recipientsOf(street.json().id)).toEqual([xixi1.personId, xixi2.personId].sort());

    clock.advance(60_000);
    const district = await publish(xihuOfficial, { title: '西湖区全员核酸', audience: { kind: 'region', regionCodes: ['330106', '330106004'] } });
    expect(district.json()).toMatchObject({ recipientCount: 3, targetRegionCodes: ['330106'] });
    const got = await recipientsOf(district.json().id);
    expect(got).toContain(xihuOther.personId);
    expect(got).not.toContain(shangcheng.personId);
    expect(got).not.toContain(ningbo.personId);
    expect((await mine(ningbo)).items).toEqual([]);
  });

  it('refuses regions outside the grant and unknown codes; residents and org_admins cannot publish to regions', async () => {
    const outside = await publish(xihuOfficial, { audience: { kind: 'region', regionCodes: ['330102'] } });
    expect([outside.statusCode, outside.json().code]).toEqual([403, 'NOTICE_REGION_OUT_OF_SCOPE']);
    const wider = await publish(streetWorker, { audience: { kind: 'region', regionCodes: ['330106'] } });
    expect(wider.json().code).toBe('NOTICE_REGION_OUT_OF_SCOPE');
    expect((await publish(xihuOfficial, { audience: { kind: 'region', regionCodes: ['330106998'] } })).json().code).toBe('NOTICE_REGION_UNKNOWN');
    expect((await publish(xihuOfficial, { audience: { kind: 'region', regionCodes: [] } })).json().code).toBe('NOTICE_AUDIENCE_EMPTY');
    expect((await publish(xixi1.session, { audience: { kind: 'region', regionCodes: ['330106004'] } })).statusCode).toBe(403);
    expect((await publish(org.admin, { audience: { kind: 'region', regionCodes: ['330106004'] } })).statusCode).toBe(403);
    expect((await publish(xihuOfficial, { body: 'x'.repeat(2001), audience: { kind: 'region', regionCodes: ['330106'] } })).json()).toMatchObject({ code: 'NOTICE_INPUT_INVALID', details: { field: 'body' } });
    expect((await publish(xihuOfficial, { link: 'javascript:alert(1)', audience: { kind: 'region', regionCodes: ['330106'] } })).json()).toMatchObject({ code: 'NOTICE_INPUT_INVALID', details: { field: 'link' } });
  });
});

describe('organisation audiences', () => {
  it('reaches the members of the chosen units and the units below them', async () => {
    clock.advance(60_000);
    const res = await publish(org.admin, { title: '初一年级返校通知', askConfirm: true, audience: { kind: 'organisation', organisationId: org.id, unitIds: [unitA] } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ senderLabel: '西溪中学', recipientCount: 3 });
    expect(await recipientsOf(res.json().id)).toEqual([inA.personId, inA1.personId, child].sort());

    const whole = await publish(org.admin, { title: '全校通知', audience: { kind: 'organisation', organisationId: org.id } });
    expect(await recipientsOf(whole.json().id)).toEqual([inA.personId, inA1.personId, inB.personId, child].sort());
  });

  it('refuses another organisation\'s admin and units of another organisation', async () => {
    const foreign = await publish(otherOrg.admin, { audience: { kind: 'organisation', organisationId: org.id } });
    expect([foreign.statusCode, foreign.json().code]).toEqual([404, 'ORG_NOT_FOUND']);
    const otherUnit = await otherOrg.addUnit('销售部');
    const bad = await publish(org.admin, { audience: { kind: 'organisation', organisationId: org.id, unitIds: [otherUnit] } });
    expect(bad.json().code).toBe('ORG_UNIT_NOT_FOUND');
    const official = await publish(xihuOfficial, { audience: { kind: 'organisation', organisationId: org.id } });
    expect(official.statusCode).toBe(403);
  });
});

describe('residents: list, badge, read receipt, 收到', () => {
  let noticeId: string;

  it('shows the notice with an unread badge; the first open records the read time, later opens do not move it', async () => {
    const list = await mine(inA1);
    const notice = list.items.find((n: { title: string }) => n.title === '初一年级返校通知');
    expect(notice).toMatchObject({ readAt: null, confirmedAt: null, askConfirm: true, forDependant: null });
    expect(list.unread).toBe(2);
    noticeId = notice.id;
    const opened = await inA1.session.request({ method: 'POST', url: `/api/notices/mine/${noticeId}/open`, payload: { personId: inA1.personId } });
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({ body: '请于本周六到社区卫生服务中心接种。', readAt: clock.now().toISOString() });
    const firstRead = opened.json().readAt;
    clock.advance(5 * 60_000);
    const again = await inA1.session.request({ method: 'POST', url: `/api/notices/mine/${noticeId}/open`, payload: { personId: inA1.personId } });
    expect(again.json().readAt).toBe(firstRead);
    expect((await inA1.session.request({ method: 'GET', url: '/api/notices/mine/unread' })).json().unread).toBe(1);
  });

  it('does not let someone outside the audience open it', async () => {
    const res = await inB.session.request({ method: 'POST', url: `/api/notices/mine/${noticeId}/open`, payload: { personId: inB.personId } });
    expect([res.statusCode, res.json().code]).toEqual([404, 'NOTICE_NOT_FOUND']);
    const other = await inB.session.request({ method: 'POST', url: `/api/notices/mine/${noticeId}/open`, payload: { personId: inA1.personId } });
    expect(other.json().code).toBe('PERSON_NOT_FOUND');
  });

  it('records 收到 once, and only on notices that ask for it', async () => {
    const c1 = await inA1.session.request({ method: 'POST', url: `/api/notices/mine/${noticeId}/confirm`, payload: { personId: inA1.personId } });
    expect(c1.json().confirmedAt).toBe(clock.now().toISOString());
    clock.advance(60_000);
    const c2 = await inA1.session.request({ method: 'POST', url: `/api/notices/mine/${noticeId}/confirm`, payload: { personId: inA1.personId } });
    expect(c2.json().confirmedAt).toBe(c1.json().confirmedAt);
    const whole = (await mine(inA1)).items.find((n: { title: string }) => n.title === '全校通知');
    const no = await inA1.session.request({ method: 'POST', url: `/api/notices/mine/${whole.id}/confirm`, payload: { personId: inA1.personId } });
    expect([no.statusCode, no.json().code]).toEqual([409, 'NOTICE_CONFIRM_NOT_ASKED']);
  });

  it('shows a guardian the notices addressed to a bound child; the guardian\'s open and 收到 count for the child', async () => {
    const list = await mine(guardian);
    const forChild = list.items.find((n: { id: string }) => n.id === noticeId);
    expect(forChild).toMatchObject({ personId: child, forDependant: expect.stringContaining('*') });
    const confirmed = await guardian.session.request({ method: 'POST', url: `/api/notices/mine/${noticeId}/confirm`, payload: { personId: child } });
    expect(confirmed.json()).toMatchObject({ readAt: clock.now().toISOString(), confirmedAt: clock.now().toISOString() });
  });

  it('gives the sender counts and masked lists by state, keyset-paginated', async () => {
    const detail = (await org.admin.request({ method: 'GET', url: `/api/notices/${noticeId}` })).json();
    expect(detail.counts).toEqual({ total: 3, read: 2, unread: 1, confirmed: 2 });
    const unread = (await org.admin.request({ method: 'GET', url: `/api/notices/${noticeId}/recipients?state=unread` })).json();
    expect(unread.items.map((r: { personId: string }) => r.personId)).toEqual([inA.personId]);
    expect(unread.items[0].nameMasked).toContain('*');
    const page1 = (await org.admin.request({ method: 'GET', url: `/api/notices/${noticeId}/recipients?state=all&limit=2` })).json();
    const page2 = (await org.admin.request({ method: 'GET', url: `/api/notices/${noticeId}/recipients?state=all&limit=2&after=${page1.next}` })).json();
    expect([...page1.items, ...page2.items].map((r: { personId: string }) => r.personId)).toEqual([inA.personId, inA1.personId, child].sort());
    expect((await otherOrg.admin.request({ method: 'GET', url: `/api/notices/${noticeId}` })).json().code).toBe('NOTICE_NOT_FOUND');
    expect((await ningboOfficial.request({ method: 'GET', url: `/api/notices/${noticeId}` })).json().code).toBe('NOTICE_NOT_FOUND');
  });
});

describe('DING', () => {
  const outbox = async () => t.database.db.selectFrom('smsOutbox').select(['phoneMasked', 'body']).where('body', 'like', '%还未查看%').orderBy('id').execute();

  it('texts only the unread, once per notice per hour, audited', async () => {
    clock.advance(60_000);
    const notice = await publish(xihuOfficial, { title: '居家健康监测提醒', audience: { kind: 'region', regionCodes: ['330106004'] } });
    const id = notice.json().id;
    await xixi1.session.request({ method: 'POST', url: `/api/notices/mine/${id}/open`, payload: { personId: xixi1.personId } });
    const before = (await outbox()).length;
    const ding = await xihuOfficial.request({ method: 'POST', url: `/api/notices/${id}/ding` });
    expect(ding.statusCode).toBe(202);
    expect(ding.json()).toMatchObject({ unread: 1, nextDingAt: new Date(clock.now().getTime() + HOUR_MS).toISOString() });
    const sent = (await outbox()).slice(before);
    expect(sent.map((m) => m.phoneMasked)).toEqual(['138****0002']);
    expect(sent[0]!.body).toContain('居家健康监测提醒');
    expect(sent[0]!.body).toContain(`/m/notices/${id}`);

    clock.advance(30 * 60_000);
    const soon = await xihuOfficial.request({ method: 'POST', url: `/api/notices/${id}/ding` });
    expect([soon.statusCode, soon.json().code]).toEqual([429, 'NOTICE_DING_TOO_SOON']);
    // A colleague of the same district is held to the same hour.
    const colleague = await streetWorker.request({ method: 'POST', url: `/api/notices/${id}/ding` });
    expect(colleague.json().code).toBe('NOTICE_DING_TOO_SOON');
    expect((await outbox()).length).toBe(before + 1);

    clock.advance(31 * 60_000);
    await xixi2.session.request({ method: 'POST', url: `/api/notices/mine/${id}/open`, payload: { personId: xixi2.personId } });
    const later = await xihuOfficial.request({ method: 'POST', url: `/api/notices/${id}/ding` });
    expect(later.json().unread).toBe(0);
    expect((await outbox()).length).toBe(before + 1);
    const audits = await t.database.db.selectFrom('auditLog').select('detail').where('action', '=', 'notice.ding').execute();
    expect(audits.filter((a) => a.detail.includes(id)).length).toBe(2);
    expect((await shangchengOfficial.request({ method: 'POST', url: `/api/notices/${id}/ding` })).json().code).toBe('NOTICE_NOT_FOUND');
  });

  it('sends a dependant\'s DING to the guardian\'s phone; only an organisation\'s admin may DING its notices', async () => {
    clock.advance(60_000);
    const notice = await publish(org.admin, { title: '初一(1)班家长会', audience: { kind: 'organisation', organisationId: org.id, unitIds: [unitA1] } });
    const id = notice.json().id;
    const before = (await outbox()).length;
    expect((await org.admin.request({ method: 'POST', url: `/api/notices/${id}/ding` })).json().unread).toBe(2);
    expect((await outbox()).slice(before).map((m) => m.phoneMasked).sort()).toEqual(['138****0012', '138****0014']);
    const orgReader = await staffSession(t, 'xixi-worker-2', 'community_worker', '330106004');
    expect((await orgReader.request({ method: 'GET', url: `/api/notices/${id}` })).statusCode).toBe(200);
    expect((await orgReader.request({ method: 'POST', url: `/api/notices/${id}/ding` })).statusCode).toBe(403);
  });
});

describe('search', () => {
  it('finds by title or body within what the sender may see', async () => {
    clock.advance(60_000);
    await publish(shangchengOfficial, { title: '上城区核酸检测点调整', body: '核酸检测点调整如下', audience: { kind: 'region', regionCodes: ['330102'] } });
    await publish(xihuOfficial, { title: '西湖区检测安排', body: '全员核酸检测点调整', audience: { kind: 'region', regionCodes: ['330106'] } });
    const search = async (s: Session, q: string) => (await s.request({ method: 'GET', url: `/api/notices?q=${encodeURIComponent(q)}` })).json().items.map((n: { title: string }) => n.title);
    expect(await search(xihuOfficial, '检测点调整')).toEqual(['西湖区检测安排']);
    expect(await search(shangchengOfficial, '检测点调整')).toEqual(['上城区核酸检测点调整']);
    expect(await search(xihuOfficial, '%')).toEqual([]);
    expect(await search(org.admin, '返校')).toEqual(['初一年级返校通知']);
    expect(await search(org.admin, '检测')).toEqual([]);
    expect(await search(otherOrg.admin, '通知')).toEqual([]);
    // The street's community worker sees the street's and the district's? Only notices whose region is within the street.
    expect(await search(streetWorker, '疫苗')).toEqual(['疫苗接种安排']);
    const page1 = (await xihuOfficial.request({ method: 'GET', url: '/api/notices?limit=2' })).json();
    const page2 = (await xihuOfficial.request({ method: 'GET', url: `/api/notices?limit=2&after=${page1.next}` })).json();
    expect(page1.items.length).toBe(2);
    expect(page2.items.map((n: { id: string }) => n.id)).not.toContain(page1.items[0].id);
  });
});

describe('fan-out', () => {
  it('writes a big audience batch by batch and adds nobody twice when run again', async () => {
    clock.advance(60_000);
    const res = await publish(xihuOfficial, { title: '分批测试', audience: { kind: 'region', regionCodes: ['330106'] } });
    const id = res.json().id;
    const db = t.database.db;
    // Start over as if the job had not run: batches of one, then a re-run from the beginning.
    await db.deleteFrom('noticeRecipients').where('noticeId', '=', id).execute();
    await db.updateTable('notices').set({ status: 'fanning_out', fanOutCursor: null, recipientCount: 0, publishedAt: null }).where('id', '=', id).execute();
    expect(await fanOutStep(t.platform, id, 1)).toBe(false);
    expect((await recipientsOf(id)).length).toBe(1);
    await runFanOut(t.platform, id, 1);
    const after = await db.selectFrom('notices').select(['status', 'recipientCount']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'published', recipientCount: 3 });
    await db.updateTable('notices').set({ status: 'fanning_out', fanOutCursor: null }).where('id', '=', id).execute();
    await runFanOut(t.platform, id, 2);
    expect((await recipientsOf(id)).length).toBe(3);
    expect((await db.selectFrom('notices').select('recipientCount').where('id', '=', id).executeTakeFirstOrThrow()).recipientCount).toBe(3);
    await runFanOut(t.platform, id, 2);
    expect((await recipientsOf(id)).length).toBe(3);
  });

  it('walks several regions in order, one range at a time, across batches', async () => {
    clock.advance(60_000);
    const res = await publish(xihuOfficial, { title: '两个街道', audience: { kind: 'region', regionCodes: ['330106004', '330106002'] } });
    const id = res.json().id;
    const db = t.database.db;
    expect(res.json().recipientCount).toBe(3);
    await db.deleteFrom('noticeRecipients').where('noticeId', '=', id).execute();
    await db.updateTable('notices').set({ status: 'fanning_out', fanOutCursor: null, recipientCount: 0, publishedAt: null }).where('id', '=', id).execute();
    await runFanOut(t.platform, id, 1);
    expect(await recipientsOf(id)).toEqual([xihuOther.personId, xixi1.personId, xixi2.personId].sort());
  });

  it('the sweep resumes a fan-out and a DING left unfinished by a stopped process', async () => {
    clock.advance(60_000);
    const res = await publish(xihuOfficial, { title: '中断恢复', audience: { kind: 'region', regionCodes: ['330106004'] } });
    const id = res.json().id;
    const db = t.database.db;
    await db.deleteFrom('noticeRecipients').where('noticeId', '=', id).execute();
    await db.updateTable('notices').set({ status: 'fanning_out', fanOutCursor: null, recipientCount: 0, publishedAt: null }).where('id', '=', id).execute();
    const log = { info: () => undefined };
    expect(await runNoticeSweep(t.platform, log)).toBe(0); // younger than two minutes: its own worker may still be at it
    clock.advance(3 * 60_000);
    expect(await runNoticeSweep(t.platform, log)).toBe(1);
    expect((await recipientsOf(id)).length).toBe(2);
    const ding = await xihuOfficial.request({ method: 'POST', url: `/api/notices/${id}/ding` });
    const dingId = ding.json().dingId;
    const sentBefore = await db.selectFrom('smsOutbox').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    await db.updateTable('noticeDings').set({ status: 'sending', cursor: null, sent: 0 }).where('id', '=', dingId).execute();
    clock.advance(3 * 60_000);
    expect(await runNoticeSweep(t.platform, log)).toBe(1);
    const sentAfter = await db.selectFrom('smsOutbox').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(sentAfter.n) - Number(sentBefore.n)).toBe(2);
    expect(await runNoticeSweep(t.platform, log)).toBe(0);
  });
});

describe('a link from a DING SMS', () => {
  it('opens without naming the person: the first of me and my dependants it is addressed to', async () => {
    clock.advance(60_000);
    const res = await publish(org.admin, { title: '只发给孩子', audience: { kind: 'organisation', organisationId: org.id, unitIds: [unitA1] } });
    const id = res.json().id;
    const opened = await guardian.session.request({ method: 'POST', url: `/api/notices/mine/${id}/open`, payload: {} });
    expect(opened.json()).toMatchObject({ personId: child, forDependant: expect.stringContaining('*') });
    const stranger = await inB.session.request({ method: 'POST', url: `/api/notices/mine/${id}/open`, payload: {} });
    expect(stranger.json().code).toBe('NOTICE_NOT_FOUND');
  });

  it('pages through a list in which one notice is addressed to the guardian and to the child', async () => {
    await org.addMember(guardian.personId, unitB, 'member');
    clock.advance(60_000);
    const res = await publish(org.admin, { title: '家长与学生都收到', audience: { kind: 'organisation', organisationId: org.id } });
    const all = (await guardian.session.request({ method: 'GET', url: '/api/notices/mine?limit=100' })).json().items.map((n: { id: string; personId: string }) => `${n.id}:${n.personId}`);
    expect(all).toContain(`${res.json().id}:${guardian.personId}`);
    expect(all).toContain(`${res.json().id}:${child}`);
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const page: { items: { id: string; personId: string }[]; next: string | null } = (await guardian.session.request({ method: 'GET', url: `/api/notices/mine?limit=1${after ? `&after=${after}` : ''}` })).json();
      paged.push(...page.items.map((n) => `${n.id}:${n.personId}`));
      after = page.next;
    } while (after);
    expect(paged).toEqual(all);
  });
});

describe('action links and system notices', () => {
  it('lets a sender attach an in-app action (a /m/ path only), followed by each recipient for themself or their child', async () => {
    clock.advance(60_000);
    const bad = await publish(org.admin, { actionLink: 'https://example.org/m/daily', audience: { kind: 'organisation', organisationId: org.id, unitIds: [unitA1] } });
    expect(bad.json()).toMatchObject({ code: 'NOTICE_INPUT_INVALID', details: { field: 'actionLink' } });
    const res = await publish(org.admin, { title: '请完成打卡', actionLink: '/m/daily', audience: { kind: 'organisation', organisationId: org.id, unitIds: [unitA1] } });
    expect(res.json()).toMatchObject({ kind: 'staff', actionLink: '/m/daily', day: null, sentByMe: true });
    const own = (await inA1.session.request({ method: 'POST', url: `/api/notices/mine/${res.json().id}/open`, payload: {} })).json();
    expect(own.actionLink).toBe(`/m/daily?personId=${inA1.personId}`);
    const forChild = (await guardian.session.request({ method: 'POST', url: `/api/notices/mine/${res.json().id}/open`, payload: { personId: child } })).json();
    expect(forChild.actionLink).toBe(`/m/daily?personId=${child}`);
  });

  it('publishes a system notice on an organisation\'s behalf: one per organisation, kind and day, recipients added once, audited once', async () => {
    clock.advance(60_000);
    const organisation = { id: org.id, name: '西溪中学', regionCode: org.regionCode };
    const input = { organisation, kind: 'daily_reminder' as const, title: '健康打卡提醒', body: '今天还没有健康打卡。', actionLink: `/m/orgs/${org.id}/daily` };
    const first = await publishSystemNotice(t.platform, { ...input, personIds: [inA.personId, inB.personId] });
    expect(first).toMatchObject({ created: true, added: 2 });
    const [again, other] = await Promise.all([
      publishSystemNotice(t.platform, { ...input, personIds: [inB.personId, child] }),
      publishSystemNotice(t.platform, { ...input, personIds: [child, inB.personId] }),
    ]);
    expect([again.noticeId, other.noticeId]).toEqual([first.noticeId, first.noticeId]);
    expect(again.created || other.created).toBe(false);
    expect(again.added + other.added).toBe(1);
    expect(await publishSystemNotice(t.platform, { ...input, personIds: [] })).toEqual({ noticeId: null, created: false, added: 0 });
    const id = first.noticeId!;
    expect(await recipientsOf(id)).toEqual([inA.personId, inB.personId, child].sort());
    expect(await fanOutStep(t.platform, id)).toBe(true); // no fan-out: nobody else is added
    expect(await recipientsOf(id)).toHaveLength(3);

    const staff = (await org.admin.request({ method: 'GET', url: `/api/notices/${id}` })).json();
    expect(staff).toMatchObject({ kind: 'daily_reminder', audienceKind: 'persons', senderLabel: '西溪中学', sentByMe: false, status: 'published', recipientCount: 3, counts: { total: 3, read: 0 } });
    // Officials reading the organisation's region see it too; another organisation's admin does not.
    expect((await xihuOfficial.request({ method: 'GET', url: '/api/notices?q=健康打卡提醒' })).json().items.map((n: { id: string }) => n.id)).toEqual([id]);
    expect((await otherOrg.admin.request({ method: 'GET', url: `/api/notices/${id}` })).json().code).toBe('NOTICE_NOT_FOUND');
    const audits = await t.database.db.selectFrom('auditLog').select(['actorLabel', 'actorAccountId', 'detail']).where('action', '=', 'notice.publish').execute();
    const mineAudits = audits.filter((a) => a.detail.includes(id));
    expect(mineAudits.map((a) => [a.actorLabel, a.actorAccountId])).toEqual([['notices:daily_reminder', null]]);

    await expect(publishSystemNotice(t.platform, { ...input, actionLink: 'https://example.org', personIds: [inA.personId] })).rejects.toMatchObject({ code: 'NOTICE_INPUT_INVALID' });
    clock.advance(24 * HOUR_MS);
    const nextDay = await publishSystemNotice(t.platform, { ...input, personIds: [inA.personId] });
    expect(nextDay.created).toBe(true);
    expect(nextDay.noticeId).not.toBe(id);
  });
});
