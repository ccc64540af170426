import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInResidentSession } from '../../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { bindDependantOf, put, registeredResident, type Resident } from '../../codes/colours/testing.ts';
import { fixedClock } from '../../kernel/time.ts';
import { testOrganisation } from '../testing.ts';
import { sendDueReminders } from './reminders.ts';

// Beijing time, as residents live it.
const bj = (isoLocal: string) => new Date(`${isoLocal}+08:00`);
const clock = fixedClock(bj('2026-03-06T09:00:00'));
let t: TestPlatform;
beforeAll(async () => { t = await createTestPlatform({ clock }); });
afterAll(async () => { await t.close(); });

let phoneSeq = 0;
const nextPhone = () => `1386602${String(++phoneSeq).padStart(4, '0')}`;
const healthy = (personId: string) => ({ personId, temperature: 36.5, symptoms: ['none'], cityCode: '330106', location: 'work' });

/** An SMS gateway that records what it was asked to send (and can be made to refuse). */
function recordingSms() {
  const sent: { phone: string; body: string }[] = [];
  const gateway = {
    name: 'test', refuse: false,
    async send(message: { phone: string; body: string }) {
      if (gateway.refuse) throw new Error('gateway down');
      sent.push(message);
    },
  };
  return { gateway, sent, to: (phone: string) => sent.filter((m) => m.phone === phone) };
}

async function reminderNotices(organisationId: string) {
  return t.database.db.selectFrom('notices').select(['id', 'day', 'kind', 'audienceKind', 'senderAccountId', 'senderLabel', 'recipientCount', 'actionLink'])
    .where('organisationId', '=', organisationId).where('kind', '=', 'daily_reminder').orderBy('day').execute();
}
async function recipientsOf(noticeId: string): Promise<string[]> {
  return (await t.database.db.selectFrom('noticeRecipients').select('personId').where('noticeId', '=', noticeId).execute()).map((r) => r.personId).sort();
}
const mine = async (r: Resident) => (await r.session.request({ method: 'GET', url: '/api/notices/mine' })).json();
const unread = async (r: Resident) => (await r.session.request({ method: 'GET', url: '/api/notices/mine/unread' })).json().unread;

describe('daily check-in reminders through the notices channel and SMS', () => {
  it('reminds those who have not checked in, at the organisation\'s time, with one notice and one SMS each, however often and however concurrently the job runs', async () => {
    clock.set(bj('2026-03-06T08:00:00'));
    const org = await testOrganisation(t, { name: '提醒科技' });
    const phones = new Map<string, string>();
    const people: Resident[] = [];
    for (const name of ['甲已打卡', '乙未打卡', '丙未打卡']) {
      const phone = nextPhone();
      const r = await registeredResident(t, phone, name);
      phones.set(r.personId, phone);
      people.push(r);
      await org.addMember(r.personId);
    }
    const [done, late1, late2] = people as [Resident, Resident, Resident];
    expect((await done.session.request({ method: 'POST', url: `/api/orgs/${org.id}/daily`, payload: healthy(done.personId) })).statusCode).toBe(201);
    expect((await org.admin.request({ method: 'GET', url: `/api/orgs/${org.id}/daily/settings` })).json()).toEqual({ remindAt: '10:00' });
    expect((await put(org.admin, `/api/orgs/${org.id}/daily/settings`, { remindAt: '09:30' })).json()).toEqual({ remindAt: '09:30' });
    const sms = recordingSms();
    const deps = { db: t.database.db, keyring: t.platform.keyring, clock, sms: sms.gateway };

    // Before the organisation's time (09:29, and the default 10:00 no longer applies): nothing.
    clock.set(bj('2026-03-06T09:29:00'));
    await sendDueReminders(deps);
    expect(await reminderNotices(org.id)).toEqual([]);
    expect(sms.sent.filter((m) => [...phones.values()].includes(m.phone))).toEqual([]);
    expect(await unread(late1)).toBe(0);

    // From its time on: two processes at once, then again.
    clock.set(bj('2026-03-06T09:30:00'));
    const rounds = await Promise.all([sendDueReminders(deps), sendDueReminders(deps)]);
    expect(rounds.reduce((n, r) => n + r.noticed, 0)).toBe(2);
    clock.set(bj('2026-03-06T09:35:00'));
    await sendDueReminders(deps);

    const notices = await reminderNotices(org.id);
    expect(notices).toEqual([{
      id: expect.any(String), day: '2026-03-06', kind: 'daily_reminder', audienceKind: 'persons', senderAccountId: null, senderLabel: '提醒科技',
      recipientCount: 2, actionLink: `/m/orgs/${org.id}/daily`,
    }]);
    const noticeId = notices[0]!.id;
    expect(await recipientsOf(noticeId)).toEqual([late1.personId, late2.personId].sort());
    for (const r of [late1, late2]) expect(sms.to(phones.get(r.personId)!)).toHaveLength(1);
    expect(sms.to(phones.get(done.personId)!)).toEqual([]);
    expect(sms.to(phones.get(late1.personId)!)[0]!.body).toContain('提醒科技');
    const claims = await t.database.db.selectFrom('orgDailyReminders').select(['personId', 'channel']).where('organisationId', '=', org.id).execute();
    expect(claims.map((c) => `${c.channel}:${c.personId}`).sort()).toEqual(
      [`notice:${late1.personId}`, `notice:${late2.personId}`, `sms:${late1.personId}`, `sms:${late2.personId}`].sort(),
    );

    // The resident sees it in 通知 with the badge; the one who checked in got nothing.
    expect(await unread(late1)).toBe(1);
    const list = await mine(late1);
    expect(list.unread).toBe(1);
    expect(list.items).toEqual([expect.objectContaining({ id: noticeId, personId: late1.personId, forDependant: null, senderLabel: '提醒科技', readAt: null, title: expect.stringContaining('健康打卡') })]);
    expect((await mine(done)).items).toEqual([]);
    expect(await unread(done)).toBe(0);

    // Opening it records the read receipt and offers the check-in form of this organisation, for this person.
    const opened = await late1.session.request({ method: 'POST', url: `/api/notices/mine/${noticeId}/open`, payload: {} });
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({ kind: 'daily_reminder', actionLink: `/m/orgs/${org.id}/daily?personId=${late1.personId}`, readAt: expect.any(String) });
    expect(await unread(late1)).toBe(0);
    const form = await late1.session.request({ method: 'GET', url: `/api/orgs/${org.id}/daily/today?personId=${late1.personId}` });
    expect(form.statusCode).toBe(200);
    expect(form.json().checkin).toBeNull();

    // The organisation's administrator sees that the reminder went out and who read it.
    const staffList = (await org.admin.request({ method: 'GET', url: '/api/notices' })).json();
    expect(staffList.items).toContainEqual(expect.objectContaining({ id: noticeId, kind: 'daily_reminder', audienceKind: 'persons', organisationId: org.id, sentByMe: false, recipientCount: 2 }));
    const detail = (await org.admin.request({ method: 'GET', url: `/api/notices/${noticeId}` })).json();
    expect(detail.counts).toEqual({ total: 2, read: 1, unread: 1, confirmed: 0 });
    const unreadList = (await org.admin.request({ method: 'GET', url: `/api/notices/${noticeId}/recipients?state=unread` })).json();
    expect(unreadList.items.map((i: { personId: string }) => i.personId)).toEqual([late2.personId]);

    // A member who joins later that day is added to the same notice (and gets their SMS); nobody else hears again.
    const joiner = await registeredResident(t, nextPhone(), '丁新成员');
    await org.addMember(joiner.personId);
    clock.set(bj('2026-03-06T09:40:00'));
    await Promise.all([sendDueReminders(deps), sendDueReminders(deps)]);
    expect((await reminderNotices(org.id)).map((n) => [n.id, n.recipientCount])).toEqual([[noticeId, 3]]);
    expect(await recipientsOf(noticeId)).toContain(joiner.personId);
    expect(await unread(joiner)).toBe(1);
    for (const r of [late1, late2]) expect(sms.to(phones.get(r.personId)!)).toHaveLength(1);
    expect((await mine(late1)).items).toHaveLength(1);

    // The next day is a new notice of its own, again only to those who have not checked in.
    clock.set(bj('2026-03-07T09:31:00'));
    await sendDueReminders(deps);
    const both = await reminderNotices(org.id);
    expect(both.map((n) => n.day)).toEqual(['2026-03-06', '2026-03-07']);
    expect(await recipientsOf(both[1]!.id)).toEqual([done.personId, late1.personId, late2.personId, joiner.personId].sort());
  });

  it('addresses a pupil\'s reminder to the pupil, seen by the guardian as "for" the masked child, whose action opens the child\'s form; the SMS goes to the guardian', async () => {
    clock.set(bj('2026-03-10T10:05:00'));
    const school = await testOrganisation(t, { name: '提醒小学', kind: 'school' });
    const guardianPhone = nextPhone();
    const guardian = await registeredResident(t, guardianPhone, '钱家长');
    const pupil = await bindDependantOf(guardian, '钱小宝');
    await school.addMember(pupil, null, 'student');
    const sms = recordingSms();
    await sendDueReminders({ db: t.database.db, keyring: t.platform.keyring, clock, sms: sms.gateway });

    const [notice] = await reminderNotices(school.id);
    expect(await recipientsOf(notice!.id)).toEqual([pupil]);
    expect(sms.to(guardianPhone)).toHaveLength(1);
    expect(await unread(guardian)).toBe(1);
    const item = (await mine(guardian)).items.find((i: { id: string }) => i.id === notice!.id);
    expect(item).toMatchObject({ personId: pupil, forDependant: expect.stringMatching(/^钱\*+宝$/) });
    expect(JSON.stringify(item)).not.toContain('钱小宝');
    const opened = (await guardian.session.request({ method: 'POST', url: `/api/notices/mine/${notice!.id}/open`, payload: { personId: pupil } })).json();
    expect(opened.actionLink).toBe(`/m/orgs/${school.id}/daily?personId=${pupil}`);
    expect((await guardian.session.request({ method: 'GET', url: `/api/orgs/${school.id}/daily/today?personId=${pupil}` })).statusCode).toBe(200);
    // The guardian's open is the pupil's read receipt.
    expect((await school.admin.request({ method: 'GET', url: `/api/notices/${notice!.id}` })).json().counts).toMatchObject({ total: 1, read: 1 });
  });

  it('keeps one channel going when the other fails: SMS down still delivers the notice; a failed notice is retried next round without a second SMS', async () => {
    clock.set(bj('2026-03-12T10:05:00'));
    const org = await testOrganisation(t, { name: '故障单位' });
    const phone = nextPhone();
    const member = await registeredResident(t, phone, '孙故障');
    await org.addMember(member.personId);
    const sms = recordingSms();
    const errors: string[] = [];
    const deps = { db: t.database.db, keyring: t.platform.keyring, clock, sms: sms.gateway };
    const onError = (channel: string, organisationId: string) => { if (organisationId === org.id) errors.push(channel); };

    // The SMS gateway refuses: the notice arrives all the same; the SMS is not retried that day.
    sms.gateway.refuse = true;
    const round = await sendDueReminders(deps, { onError });
    expect(round.failed).toBeGreaterThanOrEqual(1);
    expect(await unread(member)).toBe(1);
    sms.gateway.refuse = false;
    clock.set(bj('2026-03-12T10:10:00'));
    await sendDueReminders(deps, { onError });
    expect(sms.to(phone)).toEqual([]);
    expect((await reminderNotices(org.id))[0]!.recipientCount).toBe(1);

    // The next day the notices channel fails (the database refuses the notice): the SMS still goes,
    // the notice claims are rolled back and the next round delivers the notice, without a second SMS.
    clock.set(bj('2026-03-13T10:05:00'));
    await sql`create function test_refuse_notice() returns trigger language plpgsql as $$ begin raise exception 'notices down'; end $$`.execute(t.database.db);
    await sql.raw(`create trigger test_refuse_notice before insert on notices for each row when (new.organisation_id = '${org.id}') execute function test_refuse_notice()`).execute(t.database.db);
    try {
      const failing = await sendDueReminders(deps, { onError });
      expect(failing.noticeFailed).toBeGreaterThanOrEqual(1);
      expect(errors).toEqual(['notice']);
      expect(sms.to(phone)).toHaveLength(1);
      const noticeClaims = await t.database.db.selectFrom('orgDailyReminders').select('personId')
        .where('organisationId', '=', org.id).where('day', '=', '2026-03-13').where('channel', '=', 'notice').execute();
      expect(noticeClaims).toEqual([]);
    } finally {
      await sql`drop trigger test_refuse_notice on notices`.execute(t.database.db);
      await sql`drop function test_refuse_notice()`.execute(t.database.db);
    }
    clock.set(bj('2026-03-13T10:10:00'));
    await sendDueReminders(deps, { onError });
    expect((await reminderNotices(org.id)).map((n) => n.day)).toEqual(['2026-03-12', '2026-03-13']);
    const again = { ...member, session: await signInResidentSession(t.app, t.database.db, phone) }; // sessions last 12 hours
    expect(await unread(again)).toBe(2);
    expect(sms.to(phone)).toHaveLength(1);
  });
});
