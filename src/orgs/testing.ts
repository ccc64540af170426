/**
 * Test-only helpers for organisation DB tests: an organisation with its administrator (signed in
 * over HTTP), units and members written straight through the store, so that capabilities built on
 * organisations (daily check-ins, notices, …) can be tested before and apart from the member
 * management routes.
 */
import { randomUUID } from 'node:crypto';
import { createStaffAccount } from '../accounts/service.ts';
import type { TestPlatform } from '../../test/support/platform.ts';
import { signInStaffSession, type Session } from '../../test/support/http-users.ts';
import type { MemberRole, OrganisationKind, UnitKind } from './model.ts';
import { insertOrganisationAdmin, insertOrganisations, insertUnit, upsertMember } from './store.ts';

export interface TestOrganisation {
  id: string;
  regionCode: string;
  admin: Session;
  adminAccountId: string;
  /** Adds a unit (department, class, …), under `parentId` when given; returns its id. */
  addUnit(name: string, kind?: UnitKind, parentId?: string | null): Promise<string>;
  addMember(personId: string, unitId?: string | null, role?: MemberRole): Promise<void>;
}

let sequence = 0;

/** An organisation in `regionCode` (default 西溪街道 330106004) administered by a fresh org_admin account. */
export async function testOrganisation(t: TestPlatform, options: { name?: string; kind?: OrganisationKind; regionCode?: string } = {}): Promise<TestOrganisation> {
  const regionCode = options.regionCode ?? '330106004';
  const username = `orgadmin${++sequence}${Date.now() % 100000}`;
  const account = await createStaffAccount(t.platform, { system: 'test' }, { username, displayName: username, password: 'correct-horse-9', roles: [{ role: 'org_admin', regionCode: regionCode.slice(0, 6) }] });
  const id = randomUUID();
  await insertOrganisations(t.database.db, [{ id, regionCode, name: options.name ?? `测试单位${sequence}`, kind: options.kind ?? 'company' }]);
  const { accountId } = account;
  await insertOrganisationAdmin(t.database.db, id, accountId, null);
  const admin = await signInStaffSession(t.app, username, 'correct-horse-9');
  return {
    id, regionCode, admin, adminAccountId: accountId,
    async addUnit(name, kind = 'department', parentId = null) {
      const unitId = randomUUID();
      await insertUnit(t.database.db, { id: unitId, organisationId: id, parentId, name, kind });
      return unitId;
    },
    async addMember(personId, unitId = null, role = 'member') {
      await upsertMember(t.database.db, { organisationId: id, personId, unitId, memberRole: role, addedByAccountId: accountId });
    },
  };
}
