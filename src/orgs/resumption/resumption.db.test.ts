import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { Session } from '../../../test/support/http-users.ts';
import { fixedClock } from '../../kernel/time.ts';
import { put, registeredResident, staffSession, type Resident } from '../../codes/colours/testing.ts';
import { testOrganisation, type TestOrganisation } from '../testing.ts';

// 2026-03-02 10:00 in Beijing.
const clock = fixedClock(new Date('2026-03-02T02:00:00Z'));
let t: TestPlatform;
let company: TestOrganisation;
let official: Session;
let cityOfficial: Session;
let otherDistrictOfficial: Session;
let worker: Session;

const application = (overrides: Record<string, unknown> = {}) => ({
  headcount: 120, returningCount: 35, measures: '每日两次消毒，错峰就餐，进门测温', masks: 2400, disinfectantLitres: 60,
  contactName: '陈建国', contactPhone: '0571-87654321', ...overrides,
});

async function auditCount(action: string): Promise<number> {
  return (await t.database.db.selectFrom('auditLog').select('id').where('action', '=', action).execute()).length;
}

beforeAll(async () => {
  t = await createTestPlatform({ clock });
  company = await testOrganisation(t, { name: '西溪制造', kind: 'company', regionCode: '330106004' });
  official = await staffSession(t, 'res-official', 'health_official', '330106');
  cityOfficial = await staffSession(t, 'res-city-official', 'health_official', '330100');
  otherDistrictOfficial = await staffSession(t, 'res-other-official', 'health_official', '330102');
  worker = await staffSession(t, 'res-worker', 'community_worker', '330106');
});
afterAll(async () => t.close());

describe('resumption application (复工申请)', () => {
  let id: string;

  it('is filed as a draft by the company\'s administrator with the contact encrypted at rest', async () => {
    const res = await company.admin.request({ method: 'POST', url: `/api/resumption/organisations/${company.id}/applications`, payload: application() });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    id = body.id;
    expect(body).toMatchObject({ status: 'draft', headcount: 120, contactName: '陈建国', contactPhone: '0571-87654321', contactNameMasked: '陈*国', events: [{ toStatus: 'draft' }] });
    const row = await t.database.db.selectFrom('orgResumptionApplications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('陈建国');
    expect(JSON.stringify(row)).not.toContain('87654321');
    expect(await auditCount('org.resumption.create')).toBe(1);
  });

  it.each([
    [{ headcount: 0 }, 'RESUMPTION_INPUT_INVALID', 'headcount'],
    [{ returningCount: 121 }, 'RESUMPTION_INPUT_INVALID', 'returningCount'],
    [{ masks: -1 }, 'RESUMPTION_INPUT_INVALID', 'masks'],
    [{ measures: '  ' }, 'RESUMPTION_INPUT_INVALID', 'measures'],
    [{ contactPhone: '12345' }, 'RESUMPTION_CONTACT_PHONE_INVALID', 'contactPhone'],
  ])('refuses %j with %s', async (overrides, code, field) => {
    const res = await put(company.admin, `/api/resumption/applications/${id}`, application(overrides));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code, details: { field } });
  });

  it('refuses a second open application and non-companies', async () => {
    const again = await company.admin.request({ method: 'POST', url: `/api/resumption/organisations/${company.id}/applications`, payload: application() });
    expect(again.json().code).toBe('RESUMPTION_OPEN_EXISTS');
    const school = await testOrganisation(t, { name: '西溪小学', kind: 'school', regionCode: '330106004' });
    const res = await school.admin.request({ method: 'POST', url: `/api/resumption/organisations/${school.id}/applications`, payload: application() });
    expect(res.json().code).toBe('RESUMPTION_COMPANY_ONLY');
  });

  it('cannot be approved before it is submitted, nor submitted by an official', async () => {
    const early = await official.request({ method: 'POST', url: `/api/resumption/applications/${id}/approve`, payload: {} });
    expect(early.json()).toMatchObject({ code: 'RESUMPTION_MOVE_NOT_ALLOWED' });
    const byOfficial = await official.request({ method: 'POST', url: `/api/resumption/applications/${id}/submit`, payload: {} });
    expect(byOfficial.statusCode).toBe(403);
  });

  it('moves draft → submitted → returned → resubmitted → approved, only by the right role, each move audited and visible to the company', async () => {
    const submitted = await company.admin.request({ method: 'POST', url: `/api/resumption/applications/${id}/submit`, payload: {} });
    expect(submitted.json().status).toBe('submitted');
    const editLocked = await put(company.admin, `/api/resumption/applications/${id}`, application({ masks: 5000 }));
    expect(editLocked.json().code).toBe('RESUMPTION_NOT_EDITABLE');

    // The company cannot approve itself; a community worker reads but cannot decide; another district's official does not see it.
    expect((await company.admin.request({ method: 'POST', url: `/api/resumption/applications/${id}/approve`, payload: {} })).statusCode).toBe(403);
    expect((await worker.request({ method: 'POST', url: `/api/resumption/applications/${id}/approve`, payload: {} })).statusCode).toBe(403);
    expect((await otherDistrictOfficial.request({ method: 'POST', url: `/api/resumption/applications/${id}/approve`, payload: {} })).statusCode).toBe(404);

    const noComment = await official.request({ method: 'POST', url: `/api/resumption/applications/${id}/return`, payload: { comment: ' ' } });
    expect(noComment.json().code).toBe('RESUMPTION_COMMENT_REQUIRED');
    const returned = await official.request({ method: 'POST', url: `/api/resumption/applications/${id}/return`, payload: { comment: '消毒液储备不足，请补充至100升' } });
    expect(returned.json()).toMatchObject({ status: 'returned', decisionComment: '消毒液储备不足，请补充至100升' });

    const seen = await company.admin.request({ method: 'GET', url: `/api/resumption/organisations/${company.id}/applications` });
    expect(seen.json().items[0]).toMatchObject({ status: 'returned', decisionComment: '消毒液储备不足，请补充至100升', contactName: null });
    expect(seen.json().items[0].events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['draft', 'submitted', 'returned']);

    const edited = await put(company.admin, `/api/resumption/applications/${id}`, application({ disinfectantLitres: 120 }));
    expect(edited.json()).toMatchObject({ status: 'returned', disinfectantLitres: 120 });
    const resubmitted = await company.admin.request({ method: 'POST', url: `/api/resumption/applications/${id}/submit`, payload: {} });
    expect(resubmitted.json().status).toBe('resubmitted');

    const queue = await cityOfficial.request({ method: 'GET', url: '/api/resumption/applications?status=resubmitted' });
    expect(queue.json().items.map((a: { id: string }) => a.id)).toEqual([id]);
    expect(queue.json().items[0].contactName).toBeNull();
    expect((await otherDistrictOfficial.request({ method: 'GET', url: '/api/resumption/applications' })).json().items).toEqual([]);
    expect((await worker.request({ method: 'GET', url: '/api/resumption/applications' })).statusCode).toBe(403);

    const approved = await cityOfficial.request({ method: 'POST', url: `/api/resumption/applications/${id}/approve`, payload: { comment: '同意复工' } });
    expect(approved.json()).toMatchObject({ status: 'approved', decisionComment: '同意复工' });
    const twice = await official.request({ method: 'POST', url: `/api/resumption/applications/${id}/return`, payload: { comment: '再看看' } });
    expect(twice.json().code).toBe('RESUMPTION_MOVE_NOT_ALLOWED');

    for (const [action, n] of [['org.resumption.submit', 2], ['org.resumption.return', 1], ['org.resumption.approve', 1], ['org.resumption.edit', 1]] as const) {
      expect(await auditCount(action), action).toBe(n);
    }
    const mine = await company.admin.request({ method: 'GET', url: `/api/resumption/applications/${id}` });
    expect(mine.json().events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['draft', 'submitted', 'returned', 'resubmitted', 'approved']);
  });

  it('audits an official\'s read of the contact in full', async () => {
    const before = await auditCount('org.resumption.read');
    const res = await official.request({ method: 'GET', url: `/api/resumption/applications/${id}` });
    expect(res.json().contactPhone).toBe('0571-87654321');
    expect(await auditCount('org.resumption.read')).toBe(before + 1);
  });
});

describe('return-to-work declarations (返岗申报) and the dashboard', () => {
  const staff: Resident[] = [];
  let workshop: string;
  let office: string;

  beforeAll(async () => {
    workshop = await company.addUnit('车间');
    office = await company.addUnit('办公室');
    for (let i = 0; i < 5; i++) {
      const r = await registeredResident(t, `1386666000${i}`, ['张伟', '李娜', '王强', '刘洋', '陈静'][i]!, '330106');
      staff.push(r);
      await company.addMember(r.personId, i < 3 ? workshop : office);
    }
  });

  const declare = (r: Resident, body: Record<string, unknown>) =>
    r.session.request({ method: 'POST', url: `/api/resumption/organisations/${company.id}/returns`, payload: { personId: r.personId, originRegionCode: '420106', quarantine: 'none', plannedOn: '2026-03-05', ...body } });

  it('lets members declare, refuses non-members, past dates and unknown regions', async () => {
    const outsider = await registeredResident(t, '13866669999', '外人', '330106');
    expect((await declare(outsider, {})).json().code).toBe('ORG_NOT_A_MEMBER');
    expect((await declare(staff[0]!, { plannedOn: '2026-03-01' })).json()).toMatchObject({ code: 'RETURN_TO_WORK_INPUT_INVALID', details: { field: 'plannedOn' } });
    expect((await declare(staff[0]!, { originRegionCode: '429999' })).json().code).toBe('RETURN_TO_WORK_REGION_UNKNOWN');
    const ok = await declare(staff[0]!, {});
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'pending', bucket: 'waiting', originRegionName: expect.any(String) });
    await declare(staff[1]!, { quarantine: 'home_observation', plannedOn: '2026-03-16' });
    await declare(staff[2]!, { quarantine: 'finished' });
    await declare(staff[3]!, { quarantine: 'centralised', plannedOn: '2026-03-20' });
  });

  it('lets only HR (the administrator) approve a date or ask to wait; the employee sees the answer', async () => {
    const url = (p: Resident) => `/api/resumption/organisations/${company.id}/returns/${p.personId}/decision`;
    expect((await official.request({ method: 'POST', url: url(staff[0]!), payload: { decision: 'approve', approvedOn: '2026-03-02' } })).statusCode).toBe(403);
    expect((await staff[0]!.session.request({ method: 'POST', url: url(staff[0]!), payload: { decision: 'approve', approvedOn: '2026-03-02' } })).statusCode).toBe(403);
    expect((await company.admin.request({ method: 'POST', url: url(staff[0]!), payload: { decision: 'approve' } })).json().code).toBe('RETURN_TO_WORK_DECISION_INVALID');
    expect((await company.admin.request({ method: 'POST', url: url(staff[4]!), payload: { decision: 'wait' } })).json().code).toBe('RETURN_TO_WORK_NOT_FOUND');
    const approved = await company.admin.request({ method: 'POST', url: url(staff[0]!), payload: { decision: 'approve', approvedOn: '2026-03-02' } });
    expect(approved.json()).toMatchObject({ status: 'approved', approvedOn: '2026-03-02', bucket: 'back' });
    const later = await company.admin.request({ method: 'POST', url: url(staff[2]!), payload: { decision: 'approve', approvedOn: '2026-03-09' } });
    expect(later.json().bucket).toBe('waiting');
    await company.admin.request({ method: 'POST', url: url(staff[1]!), payload: { decision: 'wait', comment: '居家观察期满后再返岗' } });
    const mine = await staff[1]!.session.request({ method: 'GET', url: `/api/resumption/returns?personId=${staff[1]!.personId}` });
    expect(mine.json().items).toMatchObject([{ status: 'waiting', hrComment: '居家观察期满后再返岗', bucket: 'observation', organisationName: '西溪制造' }]);
    expect(await auditCount('org.return_to_work.decide')).toBe(3);
    const companies = await staff[2]!.session.request({ method: 'GET', url: `/api/resumption/mine?personId=${staff[2]!.personId}` });
    expect(companies.json().items).toMatchObject([{ organisationId: company.id, name: '西溪制造', declaration: { status: 'approved', approvedOn: '2026-03-09' } }]);
    const stranger = await staff[2]!.session.request({ method: 'GET', url: `/api/resumption/mine?personId=${staff[1]!.personId}` });
    expect(stranger.statusCode).toBe(404);
  });

  it('shows who is back, in observation and waiting per unit, with masked keyset-paginated lists', async () => {
    const res = await company.admin.request({ method: 'GET', url: `/api/resumption/organisations/${company.id}/dashboard` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.totals).toEqual({ back: 1, observation: 2, waiting: 1, undeclared: 1 });
    const byName = Object.fromEntries(body.units.map((u: { unitName: string }) => [u.unitName, u]));
    expect(byName['车间']).toMatchObject({ back: 1, observation: 1, waiting: 1, undeclared: 0 });
    expect(byName['办公室']).toMatchObject({ back: 0, observation: 1, waiting: 0, undeclared: 1 });
    const observation = await company.admin.request({ method: 'GET', url: `/api/resumption/organisations/${company.id}/dashboard?bucket=observation&limit=1` });
    const first = observation.json();
    expect(first.items).toHaveLength(1);
    expect(first.next).not.toBeNull();
    const second = (await company.admin.request({ method: 'GET', url: `/api/resumption/organisations/${company.id}/dashboard?bucket=observation&limit=1&after=${first.next}` })).json();
    expect(second.items).toHaveLength(1);
    const names = [...first.items, ...second.items].map((i: { nameMasked: string }) => i.nameMasked).sort();
    expect(names).toEqual(['刘*', '李*'].sort());
    const inWorkshop = (await company.admin.request({ method: 'GET', url: `/api/resumption/organisations/${company.id}/dashboard?unitId=${workshop}&bucket=back` })).json();
    expect(inWorkshop.items.map((i: { personId: string }) => i.personId)).toEqual([staff[0]!.personId]);
    expect(JSON.stringify(body)).not.toContain('张伟');
    const readable = await worker.request({ method: 'GET', url: `/api/resumption/organisations/${company.id}/dashboard` });
    expect(readable.statusCode).toBe(200);
    expect((await otherDistrictOfficial.request({ method: 'GET', url: `/api/resumption/organisations/${company.id}/dashboard` })).statusCode).toBe(404);
    void office;
  });
});
