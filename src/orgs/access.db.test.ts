import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts';
import { registeredResident } from '../codes/colours/testing.ts';
import { requireOrganisationRelation } from './access.ts';
import { unitAndDescendants } from './model.ts';
import { findMemberIds, findMembershipsOfPerson, findUnits } from './store.ts';
import { testOrganisation } from './testing.ts';

let t: TestPlatform;
beforeAll(async () => { t = await createTestPlatform(); });
afterAll(async () => { await t.close(); });

describe('organisation access and membership', () => {
  it('lets its administrator manage it, officials of its region read it, and hides it from everyone else', async () => {
    const org = await testOrganisation(t, { name: '西溪科技' });
    const other = await testOrganisation(t, { name: '别家公司' });
    const db = t.database.db;
    // Actors as a session would carry them (the grants are what requireOrganisationRelation reads).
    const actorOf = async (accountId: string, roles: { role: 'org_admin' | 'community_worker' | 'health_official'; regionCode: string }[]) => ({ accountId, kind: 'staff' as const, personId: null, label: 't', roles });
    const admin = await actorOf(org.adminAccountId, [{ role: 'org_admin', regionCode: '330106' }]);
    expect((await requireOrganisationRelation(db, admin, org.id, 'manage')).as).toBe('admin');
    // The other organisation's administrator: same region, not bound here.
    const otherAdmin = await actorOf(other.adminAccountId, [{ role: 'org_admin', regionCode: '330106' }]);
    await expect(requireOrganisationRelation(db, otherAdmin, org.id, 'view')).rejects.toMatchObject({ code: 'ORG_NOT_FOUND' });
    const worker = await actorOf('00000000-0000-4000-8000-000000000001', [{ role: 'community_worker', regionCode: '330106004' }]);
    expect((await requireOrganisationRelation(db, worker, org.id, 'view')).as).toBe('official');
    await expect(requireOrganisationRelation(db, worker, org.id, 'manage')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const elsewhere = await actorOf('00000000-0000-4000-8000-000000000002', [{ role: 'health_official', regionCode: '330102' }]);
    await expect(requireOrganisationRelation(db, elsewhere, org.id, 'view')).rejects.toMatchObject({ code: 'ORG_NOT_FOUND' });
    await expect(requireOrganisationRelation(db, admin, 'not-a-uuid', 'view')).rejects.toMatchObject({ code: 'ORG_NOT_FOUND' });
  });

  it('finds members by unit, including units below, and a person\'s organisations', async () => {
    const org = await testOrganisation(t, { name: '金桥学校', kind: 'school' });
    const grade = await org.addUnit('一年级', 'class');
    const classA = await org.addUnit('一年级一班', 'class', grade);
    const office = await org.addUnit('办公室');
    const pupil = await registeredResident(t, '13855560001', '赵小明');
    const teacher = await registeredResident(t, '13855560002', '钱老师');
    await org.addMember(pupil.personId, classA, 'student');
    await org.addMember(teacher.personId, office, 'teacher');
    const units = await findUnits(t.database.db, org.id);
    expect(unitAndDescendants(units, grade).sort()).toEqual([grade, classA].sort());
    expect(await findMemberIds(t.database.db, org.id, { unitIds: unitAndDescendants(units, grade), limit: 10 })).toEqual([pupil.personId]);
    expect((await findMemberIds(t.database.db, org.id, { limit: 10 })).sort()).toEqual([pupil.personId, teacher.personId].sort());
    expect(await findMembershipsOfPerson(t.database.db, teacher.personId)).toMatchObject([{ id: org.id, name: '金桥学校', unitId: office, memberRole: 'teacher' }]);
  });
});
