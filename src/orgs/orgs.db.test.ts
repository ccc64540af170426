import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentId, signInResidentSession, withWrongCheckDigit, type Session } from '../../test/support/http-users.ts';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { registeredResident, staffSession } from '../codes/colours/testing.ts';
import { testOrganisation } from './testing.ts';

let t: TestPlatform;
let admin: Session;
let coAdmin: Session;
let farAdmin: Session;
let worker: Session;
let otherWorker: Session;
let official: Session;

const post = (s: Session, url: string, payload?: Record<string, unknown>) => s.request({ method: 'POST', url, ...(payload ? { payload } : {}) });
const patch = (s: Session, url: string, payload: Record<string, unknown>) => s.request({ method: 'PATCH', url, payload });
const get = (s: Session, url: string) => s.request({ method: 'GET', url });

async function auditActions(targetId: string): Promise<string[]> {
  const rows = await t.database.db.selectFrom('auditLog').select('action').where('targetId', '=', targetId).orderBy('id').execute();
  return rows.map((r) => r.action);
}

beforeAll(async () => {
  t = await createTestPlatform();
  admin = await staffSession(t, 'org-a', 'org_admin', '330106');
  coAdmin = await staffSession(t, 'org-b', 'org_admin', '330106');
  farAdmin = await staffSession(t, 'org-far', 'org_admin', '330102');
  worker = await staffSession(t, 'worker-xixi', 'community_worker', '330106004');
  otherWorker = await staffSession(t, 'worker-beishan', 'community_worker', '330106005');
  official = await staffSession(t, 'official-hz', 'health_official', '330100');
});
afterAll(async () => t.close());

describe('registration and administrators', () => {
  it('registers an organisation of the admin\'s area, makes them its administrator and audits it; refuses other areas, bad input and taken codes', async () => {
    const res = await post(admin, '/api/orgs', { name: '  西溪  科技 ', kind: 'company', regionCode: '330106004', code: 'XXKJ-01' });
    expect(res.statusCode).toBe(201);
    const org = res.json();
    expect(org).toMatchObject({ name: '西溪 科技', kind: 'company', code: 'XXKJ-01', myRelation: 'admin', canManage: true, memberCount: 0, regionName: '浙江省杭州市西湖区西溪街道' });
    expect(await auditActions(org.id)).toEqual(['org.register']);
    expect((await get(admin, '/api/orgs?scope=mine')).json().items.map((o: { id: string }) => o.id)).toContain(org.id);
    expect((await get(coAdmin, '/api/orgs?scope=mine')).json().items.map((o: { id: string }) => o.id)).not.toContain(org.id);

    expect((await post(farAdmin, '/api/orgs', { name: '别区公司', kind: 'company', regionCode: '330106004' })).json().code).toBe('ORG_REGION_OUT_OF_SCOPE');
    const bad = await post(admin, '/api/orgs', { name: 'x', kind: 'zoo', regionCode: '33' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().details.fields).toEqual(['name', 'kind', 'regionCode']);
    expect((await post(admin, '/api/orgs', { name: '另一家', kind: 'company', regionCode: '330106004', code: 'xxkj-01' })).json().code).toBe('ORG_CODE_TAKEN');
    expect((await post(worker, '/api/orgs', { name: '社区办', kind: 'community', regionCode: '330106004' })).statusCode).toBe(403);
  });

  it('adds a co-administrator of the region, refuses one from elsewhere, and never removes the last administrator', async () => {
    const org = (await post(admin, '/api/orgs', { name: '文新小学', kind: 'school', regionCode: '330106004' })).json();
    expect((await post(admin, `/api/orgs/${org.id}/admins`, { username: 'org-far' })).json().code).toBe('ORG_ADMIN_NOT_ELIGIBLE');
    expect((await post(admin, `/api/orgs/${org.id}/admins`, { username: 'worker-xixi' })).json().code).toBe('ORG_ADMIN_NOT_ELIGIBLE');
    const added = await post(admin, `/api/orgs/${org.id}/admins`, { username: 'org-b' });
    expect(added.statusCode).toBe(200);
    const admins = added.json().items as { accountId: string; username: string }[];
    expect(admins.map((a) => a.username).sort()).toEqual(['org-a', 'org-b']);
    // The co-administrator now manages it.
    expect((await post(coAdmin, `/api/orgs/${org.id}/units`, { name: '一年级' })).statusCode).toBe(201);
    const a = admins.find((x) => x.username === 'org-a')!;
    const b = admins.find((x) => x.username === 'org-b')!;
    expect((await coAdmin.request({ method: 'DELETE', url: `/api/orgs/${org.id}/admins/${a.accountId}` })).statusCode).toBe(204);
    expect((await get(admin, `/api/orgs/${org.id}`)).statusCode).toBe(404);
    const last = await coAdmin.request({ method: 'DELETE', url: `/api/orgs/${org.id}/admins/${b.accountId}` });
    expect(last.statusCode).toBe(409);
    expect(last.json().code).toBe('ORG_LAST_ADMIN');
    expect(await auditActions(org.id)).toEqual(['org.register', 'org.admin.add', 'org.unit.create', 'org.admin.remove']);
  });

  it('lets officials list their region\'s organisations a page at a time, and hides others\' organisations', async () => {
    const names = ['北山甲公司', '北山乙公司', '北山丙公司'];
    for (const name of names) expect((await post(admin, '/api/orgs', { name, kind: 'company', regionCode: '330106005' })).statusCode).toBe(201);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { items: { name: string; regionCode: string }[]; next: string | null } = (await get(otherWorker, `/api/orgs?scope=region&limit=2${after ? `&after=${after}` : ''}`)).json();
      seen.push(...page.items.map((o) => o.name));
      expect(page.items.every((o) => o.regionCode.startsWith('330106005'))).toBe(true);
      after = page.next;
    } while (after);
    expect(seen.sort()).toEqual([...names].sort());
    // 西溪's worker sees 西溪's organisations only; the city official sees both streets.
    const xixi = (await get(worker, '/api/orgs?scope=region&limit=200')).json().items.map((o: { name: string }) => o.name);
    expect(xixi).toContain('西溪 科技');
    expect(xixi).not.toContain('北山甲公司');
    const city = (await get(official, '/api/orgs?scope=region&limit=200')).json().items.map((o: { name: string }) => o.name);
    expect(city).toEqual(expect.arrayContaining(['西溪 科技', '北山甲公司']));
    expect((await get(admin, '/api/orgs?scope=region')).statusCode).toBe(403);
    const beishanOrg = (await get(otherWorker, '/api/orgs?scope=region&limit=1')).json().items[0];
    expect((await get(worker, `/api/orgs/${beishanOrg.id}`)).statusCode).toBe(404);
    expect((await get(otherWorker, `/api/orgs/${beishanOrg.id}`)).json()).toMatchObject({ myRelation: 'official', canManage: false });
    expect((await post(otherWorker, `/api/orgs/${beishanOrg.id}/units`, { name: '财务部' })).statusCode).toBe(403);
  });
});

describe('units', () => {
  it('creates, renames and moves units without cycles, deletes only empty ones, and shows the tree with paths', async () => {
    const org = await testOrganisation(t, { name: '树形公司' });
    const create = async (name: string, parentId?: string) => {
      const res = await post(org.admin, `/api/orgs/${org.id}/units`, { name, ...(parentId ? { parentId } : {}) });
      expect(res.statusCode).toBe(201);
      return res.json().id as string;
    };
    const sales = await create('销售部');
    const east = await create('华东组', sales);
    const north = await create('华北组', sales);
    expect((await post(org.admin, `/api/orgs/${org.id}/units`, { name: '华东组', parentId: sales })).json().code).toBe('ORG_UNIT_NAME_TAKEN');
    expect((await post(org.admin, `/api/orgs/${org.id}/units`, { name: '销售部' })).json().code).toBe('ORG_UNIT_NAME_TAKEN');
    expect((await patch(org.admin, `/api/orgs/${org.id}/units/${sales}`, { parentId: east })).json().code).toBe('ORG_UNIT_CYCLE');
    expect((await patch(org.admin, `/api/orgs/${org.id}/units/${sales}`, { parentId: sales })).json().code).toBe('ORG_UNIT_CYCLE');
    const moved = await patch(org.admin, `/api/orgs/${org.id}/units/${north}`, { parentId: null, name: '华北事业部' });
    expect(moved.json()).toMatchObject({ parentId: null, path: '华北事业部' });
    const units = (await get(org.admin, `/api/orgs/${org.id}/units`)).json().items as { id: string; path: string }[];
    expect(units.map((u) => u.path).sort()).toEqual(['华北事业部', '销售部', '销售部/华东组'].sort());

    const resident = await registeredResident(t, '13855570001', '孙员工');
    await org.addMember(resident.personId, east);
    const notEmpty = await org.admin.request({ method: 'DELETE', url: `/api/orgs/${org.id}/units/${sales}` });
    expect(notEmpty.json()).toMatchObject({ code: 'ORG_UNIT_NOT_EMPTY', details: { children: 1, activeMembers: 0 } });
    expect((await org.admin.request({ method: 'DELETE', url: `/api/orgs/${org.id}/units/${east}` })).json().code).toBe('ORG_UNIT_NOT_EMPTY');
    expect((await post(org.admin, `/api/orgs/${org.id}/members/${resident.personId}/leave`)).statusCode).toBe(200);
    expect((await org.admin.request({ method: 'DELETE', url: `/api/orgs/${org.id}/units/${east}` })).statusCode).toBe(204);
    expect((await org.admin.request({ method: 'DELETE', url: `/api/orgs/${org.id}/units/${sales}` })).statusCode).toBe(204);
    expect((await get(org.admin, `/api/orgs/${org.id}/units`)).json().items.map((u: { name: string }) => u.name)).toEqual(['华北事业部']);
    // Another organisation's administrator cannot touch them.
    const other = await testOrganisation(t, { name: '隔壁公司' });
    expect((await post(other.admin, `/api/orgs/${org.id}/units`, { name: '渗透部' })).statusCode).toBe(404);
    expect((await get(other.admin, `/api/orgs/${org.id}/units`)).statusCode).toBe(404);
  });
});

describe('members', () => {
  it('adds members matched to residents or registered as new persons, lists them masked by unit (units below included), moves them and marks them left', async () => {
    const org = await testOrganisation(t, { name: '成员学校', kind: 'school' });
    const grade = await org.addUnit('一年级', 'class');
    const classA = await org.addUnit('一班', 'class', grade);
    const office = await org.addUnit('教务处');
    const known = await registeredResident(t, '13855580001', '周老师');
    const url = `/api/orgs/${org.id}/members`;

    const byPhone = await post(org.admin, url, { name: '周老师', phone: '13855580001', unitId: office, role: 'teacher' });
    expect(byPhone.statusCode).toBe(201);
    expect(byPhone.json()).toMatchObject({ member: { personId: known.personId, nameMasked: '周*师', phoneMasked: '138****0001', unitPath: '教务处', memberRole: 'teacher' }, report: { person: 'match', member: 'add' } });

    const pupilId = residentId('330106', '20150301', '021');
    const created = await post(org.admin, url, { name: '吴小明', idType: 'resident_id', idNumber: pupilId, unitId: classA, role: 'student' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ member: { nameMasked: '吴*明', unitPath: '一年级/一班', memberRole: 'student' }, report: { person: 'create' } });
    const pupil = created.json().member.personId as string;
    // The same number again matches the person now registered (no second person).
    const again = await post(org.admin, url, { name: '吴小明', idNumber: pupilId, unitId: classA, role: 'student' });
    expect(again.json()).toMatchObject({ member: { personId: pupil }, report: { person: 'match', member: 'update' } });

    const wrong = await post(org.admin, url, { name: '郑某', idNumber: withWrongCheckDigit(residentId('330106', '19900101', '031')) });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().details.errors).toMatchObject([{ code: 'id_check_digit', column: '证件号码' }]);
    expect((await post(org.admin, url, { name: '陌生人', phone: '13855589999' })).json().details.errors).toMatchObject([{ code: 'phone_not_registered' }]);
    expect((await post(org.admin, url, { name: '别人', phone: '13855580001' })).json().details.errors).toMatchObject([{ code: 'name_mismatch' }]);
    expect((await post(org.admin, url, { name: '周老师', phone: '13855580001', unitId: '00000000-0000-4000-8000-000000000000' })).json().code).toBe('ORG_UNIT_NOT_FOUND');

    const inGrade = (await get(org.admin, `${url}?unitId=${grade}`)).json();
    expect(inGrade.items.map((m: { personId: string }) => m.personId)).toEqual([pupil]);
    expect(JSON.stringify(inGrade)).not.toContain('吴小明');
    const all = (await get(org.admin, `${url}?limit=1`)).json();
    expect(all.items).toHaveLength(1);
    const page2 = (await get(org.admin, `${url}?limit=1&after=${all.next}`)).json();
    expect([all.items[0].personId, page2.items[0].personId].sort()).toEqual([known.personId, pupil].sort());

    const movedRes = await patch(org.admin, `${url}/${pupil}`, { unitId: office, role: 'member' });
    expect(movedRes.json()).toMatchObject({ unitPath: '教务处', memberRole: 'member' });
    expect((await get(org.admin, `${url}?unitId=${grade}`)).json().items).toEqual([]);
    expect((await post(org.admin, `${url}/${pupil}/leave`)).json().status).toBe('left');
    expect((await get(org.admin, url)).json().items.map((m: { personId: string }) => m.personId)).toEqual([known.personId]);
    expect((await get(org.admin, `${url}?status=left`)).json().items.map((m: { personId: string }) => m.personId)).toEqual([pupil]);
    expect(await auditActions(pupil)).toEqual(['org.member.add', 'org.member.add', 'org.member.update', 'org.member.leave']);

    // Officials of the street read the list; another organisation's admin and a worker elsewhere do not.
    expect((await get(worker, url)).statusCode).toBe(200);
    expect((await get(otherWorker, url)).statusCode).toBe(404);
    expect((await get(farAdmin, url)).statusCode).toBe(404);
    expect((await post(worker, url, { name: '周老师', phone: '13855580001' })).statusCode).toBe(403);

    // The teacher sees the school under 我的单位.
    const mine = (await get(known.session, '/api/orgs/me')).json().items;
    expect(mine).toEqual([{ id: org.id, name: '成员学校', kind: 'school', unitId: office, unitName: '教务处', memberRole: 'teacher' }]);
    const stranger = await signInResidentSession(t.app, t.database.db, '13855580077');
    expect((await get(stranger, '/api/orgs/me')).json().items).toEqual([]);
  });
});
