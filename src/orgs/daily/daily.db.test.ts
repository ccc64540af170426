import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { signInResidentSession } from '../../../test/support/http-users.ts';
import { bindDependantOf, healthyDeclaration, put, registeredResident, staffSession, type Resident } from '../../codes/colours/testing.ts';
import { fixedClock } from '../../kernel/time.ts';
import { testOrganisation } from '../testing.ts';
import { correctDailyCheckin, dailyStatistics } from './service.ts';

// Beijing time, as residents live it.
const bj = (isoLocal: string) => new Date(`${isoLocal}+08:00`);
const clock = fixedClock(bj('2026-03-01T09:00:00'));
let t: TestPlatform;
beforeAll(async () => { t = await createTestPlatform({ clock }); });
afterAll(async () => { await t.close(); });

const healthy = (personId: string, extra: Record<string, unknown> = {}) => ({ personId, temperature: 36.5, symptoms: ['none'], cityCode: '330106', location: 'work', ...extra });
let phoneSeq = 0;
const nextPhone = () => `1386601${String(++phoneSeq).padStart(4, '0')}`;

async function countCheckins(personId: string): Promise<number> {
  const row = await t.database.db.selectFrom('orgDailyCheckins').select((eb) => eb.fn.countAll<string>().as('n')).where('personId', '=', personId).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('daily health check-in rules', () => {
  it('takes one check-in per person, organisation and Beijing day, stamped by the server, and never lets the member change it', async () => {
    clock.set(bj('2026-03-01T23:59:59'));
    const org = await testOrganisation(t, { name: '打卡科技' });
    const member: Resident = await registeredResident(t, nextPhone(), '孙一');
    await org.addMember(member.personId);
    const url = `/api/orgs/${org.id}/daily`;

    const first = await member.session.request({ method: 'POST', url, payload: healthy(member.personId) });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ day: '2026-03-01', abnormal: false, temperature: 36.5, corrections: [] });

    // A second submission the same day: a clear error, and nothing changed.
    const again = await member.session.request({ method: 'POST', url, payload: healthy(member.personId, { temperature: 38.5 }) });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('DAILY_ALREADY_SUBMITTED');
    expect(await countCheckins(member.personId)).toBe(1);

    // No backdating: the request cannot name a day or a time at all.
    const backdated = await member.session.request({ method: 'POST', url, payload: { ...healthy(member.personId), day: '2026-02-27' } });
    expect(backdated.statusCode).toBe(400);
    const timed = await member.session.request({ method: 'POST', url, payload: { ...healthy(member.personId), submittedAt: '2026-02-27T10:00:00+08:00' } });
    expect(timed.statusCode).toBe(400);
    expect(await countCheckins(member.personId)).toBe(1);

    // Midnight in Beijing starts a new day (00:00:00 +08:00 is still 16:00 UTC the day before).
    clock.set(bj('2026-03-02T00:00:00'));
    const next = await member.session.request({ method: 'POST', url, payload: healthy(member.personId) });
    expect(next.statusCode).toBe(201);
    expect(next.json().day).toBe('2026-03-02');
    const today = await member.session.request({ method: 'GET', url: `${url}/today?personId=${member.personId}` });
    expect(today.json()).toMatchObject({ day: '2026-03-02', checkin: { id: next.json().id }, defaults: { cityCode: '330106', location: 'work' } });

    // No edit or delete route exists, and the table itself refuses both.
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      const res = await member.session.request({ method, url: `${url}/checkins/${first.json().id}`, payload: method === 'DELETE' ? undefined : healthy(member.personId, { temperature: 36.6 }) });
      expect([404, 405]).toContain(res.statusCode);
    }
    await expect(sql`update org_daily_checkins set temperature = 36.6 where id = ${first.json().id}`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from org_daily_checkins where id = ${first.json().id}`.execute(t.database.db)).rejects.toThrow(/append-only/);
    // The database also refuses a day other than the submission's Beijing day.
    await expect(sql`insert into org_daily_checkins (id, organisation_id, person_id, day, submitted_at, submitted_by_account_id, temperature, symptoms, city_code, location, abnormal, abnormal_reasons, home_region_code)
      select gen_random_uuid(), organisation_id, person_id, '2026-02-20', submitted_at, submitted_by_account_id, temperature, symptoms, city_code, location, abnormal, abnormal_reasons, home_region_code
      from org_daily_checkins where id = ${first.json().id}`.execute(t.database.db)).rejects.toThrow(/check/);

    // Only members check in; the member cannot correct.
    const outsider = await registeredResident(t, nextPhone(), '外人');
    const refused = await outsider.session.request({ method: 'POST', url, payload: healthy(outsider.personId) });
    expect(refused.json().code).toBe('ORG_NOT_A_MEMBER');
    const selfCorrect = await member.session.request({ method: 'POST', url: `${url}/checkins/${first.json().id}/corrections`, payload: { ...healthy(member.personId), personId: undefined, reason: '写错了' } });
    expect(selfCorrect.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('validates the answers and lets a guardian check a pupil in at school only', async () => {
    clock.set(bj('2026-03-03T08:00:00'));
    const school = await testOrganisation(t, { name: '西溪小学', kind: 'school' });
    const company = await testOrganisation(t, { name: '家长公司' });
    const parent = await registeredResident(t, nextPhone(), '钱家长');
    const child = await bindDependantOf(parent, '钱小宝');
    await school.addMember(child, null, 'student');
    await company.addMember(child);
    const bad = [
      [{ temperature: 34.9 }, 'DAILY_TEMPERATURE_INVALID'], [{ temperature: 36.55 }, 'DAILY_TEMPERATURE_INVALID'],
      [{ symptoms: ['none', 'cough'] }, 'DAILY_SYMPTOMS_INVALID'], [{ symptoms: ['sneezing'] }, 'DAILY_SYMPTOMS_INVALID'],
      [{ cityCode: '999999' }, 'DAILY_CITY_INVALID'], [{ location: 'moon' }, 'DAILY_LOCATION_INVALID'],
    ] as const;
    for (const [extra, code] of bad) {
      const res = await parent.session.request({ method: 'POST', url: `/api/orgs/${school.id}/daily`, payload: healthy(child, extra) });
      expect(res.json().code).toBe(code);
    }
    const forChild = await parent.session.request({ method: 'POST', url: `/api/orgs/${school.id}/daily`, payload: healthy(child, { location: 'home' }) });
    expect(forChild.statusCode).toBe(201);
    const atWork = await parent.session.request({ method: 'POST', url: `/api/orgs/${company.id}/daily`, payload: healthy(child) });
    expect(atWork.json().code).toBe('DAILY_GUARDIAN_SCHOOL_ONLY');
    const mine = await parent.session.request({ method: 'GET', url: '/api/orgs/daily/mine' });
    expect(mine.json().items).toEqual([expect.objectContaining({ organisationId: school.id, personId: child, self: false, submittedToday: true })]);
  });

  it('marks fever, symptoms and risk areas abnormal and alerts the organisation and the person\'s community', async () => {
    clock.set(bj('2026-03-04T09:00:00'));
    const org = await testOrganisation(t, { name: '报警单位' });
    const fever = await registeredResident(t, nextPhone(), '周发热');
    const cough = await registeredResident(t, nextPhone(), '吴咳嗽');
    const travelled = await registeredResident(t, nextPhone(), '郑出差');
    const fine = await registeredResident(t, nextPhone(), '王健康');
    // 周发热 lives in 西溪街道; the others elsewhere.
    await sql`update persons set home_region_code = '330106004' where id = ${fever.personId}`.execute(t.database.db);
    for (const r of [fever, cough, travelled, fine]) await org.addMember(r.personId);
    const official = await staffSession(t, `riskofficial${Date.now() % 100000}`, 'health_official', '330100');
    expect((await put(official, '/api/codes/regions/330100/risk-areas', { areas: [{ regionCode: '330105', level: 'medium' }] })).statusCode).toBe(200);

    const post = (r: Resident, extra: Record<string, unknown>) => r.session.request({ method: 'POST', url: `/api/orgs/${org.id}/daily`, payload: healthy(r.personId, extra) });
    expect((await post(fever, { temperature: 37.3 })).json()).toMatchObject({ abnormal: true, abnormalReasons: ['fever'] });
    expect((await post(cough, { symptoms: ['cough'] })).json()).toMatchObject({ abnormal: true, abnormalReasons: ['symptoms'] });
    expect((await post(travelled, { cityCode: '330105001' })).json()).toMatchObject({ abnormal: true, abnormalReasons: ['risk_area'] });
    expect((await post(fine, { temperature: 37.2 })).json()).toMatchObject({ abnormal: false, abnormalReasons: [] });

    const list = await org.admin.request({ method: 'GET', url: `/api/orgs/${org.id}/daily/list?status=abnormal` });
    expect(list.statusCode).toBe(200);
    const names = list.json().items.map((i: { nameMasked: string }) => i.nameMasked).sort();
    expect(names).toHaveLength(3);
    expect(names.join()).not.toContain('健康');
    expect(names.join()).not.toContain('发热'); // masked

    const worker = await staffSession(t, `xixiworker${Date.now() % 100000}`, 'community_worker', '330106004');
    const alerts = await worker.request({ method: 'GET', url: '/api/orgs/daily/alerts' });
    expect(alerts.json().items).toEqual([expect.objectContaining({ personId: fever.personId, organisationName: '报警单位', abnormalReasons: ['fever'] })]);
    const otherStreet = await staffSession(t, `otherworker${Date.now() % 100000}`, 'community_worker', '330106005');
    expect((await otherStreet.request({ method: 'GET', url: '/api/orgs/daily/alerts' })).json().items).toEqual([]);
    await put(official, '/api/codes/regions/330100/risk-areas', { areas: [] });
  });

  it('adds an audited correction beside the original, with a reason required, that the statistics count', async () => {
    clock.set(bj('2026-03-05T09:00:00'));
    const org = await testOrganisation(t, { name: '更正单位' });
    const member = await registeredResident(t, nextPhone(), '冯更正');
    await org.addMember(member.personId);
    const original = (await member.session.request({ method: 'POST', url: `/api/orgs/${org.id}/daily`, payload: healthy(member.personId, { temperature: 38.0 }) })).json();
    expect(original.abnormal).toBe(true);
    const url = `/api/orgs/${org.id}/daily/checkins/${original.id}/corrections`;
    const answers = { temperature: 36.8, symptoms: ['none'], cityCode: '330106', location: 'work' };
    const noReason = await org.admin.request({ method: 'POST', url, payload: { ...answers, reason: ' ' } });
    expect(noReason.json().code).toBe('DAILY_CORRECTION_REASON_REQUIRED');
    const corrected = await org.admin.request({ method: 'POST', url, payload: { ...answers, reason: '体温枪故障，复测 36.8' } });
    expect(corrected.statusCode).toBe(201);
    // Both shown: the original as submitted, the correction next to it.
    const shown = (await org.admin.request({ method: 'GET', url: `/api/orgs/${org.id}/daily/checkins/${original.id}` })).json();
    expect(shown).toMatchObject({ temperature: 38, abnormal: true, corrections: [{ temperature: 36.8, abnormal: false, reason: '体温枪故障，复测 36.8' }] });
    const audit = await t.database.db.selectFrom('auditLog').select(['action', 'reason', 'detail']).where('action', '=', 'org.daily.correct').where('targetId', '=', original.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.reason).toBe('体温枪故障，复测 36.8');
    const detail = (typeof audit[0]!.detail === 'string' ? JSON.parse(audit[0]!.detail) : audit[0]!.detail) as { before: { temperature: number }; after: { temperature: number } };
    expect([detail.before.temperature, detail.after.temperature]).toEqual([38, 36.8]);
    const stats = (await org.admin.request({ method: 'GET', url: `/api/orgs/${org.id}/daily/stats` })).json();
    expect(stats.totals).toEqual({ members: 1, submitted: 1, missing: 0, abnormal: 0 });
    // An official who only reads cannot correct.
    const reader = await staffSession(t, `reader${Date.now() % 100000}`, 'health_official', '330106');
    expect((await reader.request({ method: 'POST', url, payload: { ...answers, reason: '试试' } })).statusCode).toBe(403);
  });

  it('counts per unit (with units below), lists masked names by status, exports Excel with totals on top', async () => {
    clock.set(bj('2026-03-06T09:00:00'));
    const org = await testOrganisation(t, { name: '统计学校', kind: 'school' });
    const grade = await org.addUnit('一年级', 'class');
    const classA = await org.addUnit('一年级一班', 'class', grade);
    const office = await org.addUnit('办公室');
    const people: Resident[] = [];
    for (const name of ['甲同学', '乙同学', '丙老师', '丁老师']) people.push(await registeredResident(t, nextPhone(), name));
    await org.addMember(people[0]!.personId, classA, 'student');
    await org.addMember(people[1]!.personId, grade, 'student');
    await org.addMember(people[2]!.personId, office, 'teacher');
    await org.addMember(people[3]!.personId, office, 'teacher');
    const post = (r: Resident, extra: Record<string, unknown> = {}) => r.session.request({ method: 'POST', url: `/api/orgs/${org.id}/daily`, payload: healthy(r.personId, extra) });
    expect((await post(people[0]!, { temperature: 37.8 })).statusCode).toBe(201);
    expect((await post(people[2]!)).statusCode).toBe(201);

    const stats = (await org.admin.request({ method: 'GET', url: `/api/orgs/${org.id}/daily/stats` })).json();
    expect(stats.totals).toEqual({ members: 4, submitted: 2, missing: 2, abnormal: 1 });
    const byName = Object.fromEntries(stats.units.map((u: { name: string }) => [u.name, u]));
    expect(byName['一年级']).toMatchObject({ members: 2, submitted: 1, missing: 1, abnormal: 1 });
    expect(byName['一年级一班']).toMatchObject({ members: 1, submitted: 1, abnormal: 1, path: '一年级 / 一年级一班' });
    expect(byName['办公室']).toMatchObject({ members: 2, submitted: 1, missing: 1, abnormal: 0 });
    expect(stats.trend).toHaveLength(14);
    expect(stats.trend.at(-1)).toMatchObject({ day: '2026-03-06', submitted: 2, abnormal: 1 });
    const gradeOnly = (await org.admin.request({ method: 'GET', url: `/api/orgs/${org.id}/daily/stats?unitId=${grade}` })).json();
    expect(gradeOnly.totals).toEqual({ members: 2, submitted: 1, missing: 1, abnormal: 1 });

    const missing = (await org.admin.request({ method: 'GET', url: `/api/orgs/${org.id}/daily/list?status=missing&limit=1` })).json();
    expect(missing.items).toHaveLength(1);
    const page2 = (await org.admin.request({ method: 'GET', url: `/api/orgs/${org.id}/daily/list?status=missing&limit=1&after=${missing.next}` })).json();
    const missingIds = [missing.items[0].personId, page2.items[0].personId].sort();
    expect(missingIds).toEqual([people[1]!.personId, people[3]!.personId].sort());
    expect(missing.items[0].nameMasked).toMatch(/\*/);

    // The Excel is made by a background job (here in this process): start, poll, download.
    const started = await org.admin.request({ method: 'POST', url: `/api/orgs/${org.id}/daily/exports`, payload: {} });
    expect(started.statusCode, started.body).toBe(202);
    const exportUrl = `/api/orgs/${org.id}/daily/exports/${started.json().id}`;
    await expect.poll(async () => (await org.admin.request({ method: 'GET', url: exportUrl })).json().status).toBe('done');
    const xlsx = await org.admin.request({ method: 'GET', url: `${exportUrl}/file` });
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(String(sheet.getCell('A1').value)).toBe('统计学校 健康打卡统计 2026-03-06');
    expect(sheet.getRow(3).values).toEqual([undefined, 4, 2, 2, 1, '50.0%']);
    const cells = sheet.getSheetValues().flat().map(String);
    expect(cells).toContain('一年级 / 一年级一班');
    let header = 0;
    sheet.eachRow((row, n) => { if (row.getCell(2).value === '姓名') header = n; });
    const detail: unknown[][] = [];
    sheet.eachRow((row, n) => { if (header && n > header) detail.push((row.values as unknown[]).slice(1)); });
    expect(detail).toHaveLength(4);
    expect(detail.filter((r) => r[2] === '未打卡')).toHaveLength(2);
    expect(detail.find((r) => r[0] === '一年级 / 一年级一班')).toEqual(expect.arrayContaining(['异常', 37.8, '体温≥37.3℃']));
    expect(cells.join()).not.toContain('甲同学');
  });
});

describe('the trend of closed days', () => {
  it('keeps closed days\' totals and counts a day again after its correction', async () => {
    clock.set(bj('2026-03-10T09:00:00'));
    const org = await testOrganisation(t, { name: '趋势单位' });
    const member = await registeredResident(t, nextPhone(), '蒋趋势');
    await org.addMember(member.personId);
    const sent = (await member.session.request({ method: 'POST', url: `/api/orgs/${org.id}/daily`, payload: healthy(member.personId, { temperature: 38.2 }) })).json();
    // Three days later (sessions have expired: the services directly, with the administrator as actor).
    clock.set(bj('2026-03-13T09:00:00'));
    const admin = { accountId: org.adminAccountId, kind: 'staff' as const, personId: null, label: 'admin', roles: [{ role: 'org_admin' as const, regionCode: '330106' }] };
    const deps = { db: t.database.db, keyring: t.platform.keyring, clock };
    const dayOf = async () => (await dailyStatistics(deps, admin, org.id, {})).trend.find((d) => d.day === '2026-03-10');
    expect(await dayOf()).toMatchObject({ submitted: 1, abnormal: 1 });
    const cached = await t.database.db.selectFrom('orgDailyTotals').select(['day', 'abnormal']).where('organisationId', '=', org.id).execute();
    expect(cached).toContainEqual({ day: '2026-03-10', abnormal: 1 });
    expect(cached.map((c) => c.day)).not.toContain('2026-03-12'); // yesterday stays live
    await correctDailyCheckin(deps, admin, org.id, sent.id, { temperature: 36.6, symptoms: ['none'], cityCode: '330106', location: 'work', reason: '复测正常' });
    expect(await dayOf()).toMatchObject({ submitted: 1, abnormal: 0 });
  });
});

describe('daily check-ins as health-code facts', () => {
  it('releases a yellow code after seven consecutive normal daily check-ins, not after six and a gap', async () => {
    clock.set(bj('2026-04-01T10:00:00'));
    const org = await testOrganisation(t, { name: '黄码单位' });
    const steady = await registeredResident(t, '13866990001', '陈稳定');
    const gappy = await registeredResident(t, '13866990002', '林断档');
    for (const r of [steady, gappy]) {
      await org.addMember(r.personId);
      const declared = await r.session.request({ method: 'POST', url: '/api/codes/declarations', payload: healthyDeclaration(r.personId, { symptoms: ['cough'] }) });
      expect(declared.json().code.colour).toBe('yellow');
    }
    const sessions = new Map<string, Awaited<ReturnType<typeof signInResidentSession>>>();
    for (let day = 2; day <= 8; day++) {
      clock.set(bj(`2026-04-0${day}T10:30:00`));
      for (const [phone, r] of [['13866990001', steady], ['13866990002', gappy]] as const) {
        // Sessions last 12 hours: sign in again each day.
        const session = await signInResidentSession(t.app, t.database.db, phone);
        sessions.set(r.personId, session);
        if (r === gappy && day === 5) continue;
        const res = await session.request({ method: 'POST', url: `/api/orgs/${org.id}/daily`, payload: healthy(r.personId, { cityCode: '330102' }) });
        expect(res.statusCode).toBe(201);
      }
      if (day === 7) {
        expect((await sessions.get(steady.personId)!.request({ method: 'GET', url: `/api/codes/me?personId=${steady.personId}` })).json().colour).toBe('yellow');
      }
    }
    // The seventh clean day's check-in (and the 7 × 24 h since the declaration) releases it; the route recomputed the colour.
    expect((await sessions.get(steady.personId)!.request({ method: 'GET', url: `/api/codes/me?personId=${steady.personId}` })).json().colour).toBe('green');
    const gappyNow = sessions.get(gappy.personId)!;
    expect((await gappyNow.request({ method: 'GET', url: `/api/codes/me?personId=${gappy.personId}` })).json().colour).toBe('yellow');
  });
});
