/** Test-only helpers for the health-code DB tests: registered residents and signed-in officials over HTTP. */
import { createStaffAccount } from '../../accounts/service.ts';
import type { Role } from '../../kernel/access.ts';
import type { TestPlatform } from '../../../test/support/platform.ts';
import { residentId, signInResidentSession, signInStaffSession, type Session } from '../../../test/support/http-users.ts';

export interface Resident {
  session: Session;
  personId: string;
}

let sequence = 100;

/** Signs a resident in by phone and registers their identity; home region defaults to 上城区 330102. */
export async function registeredResident(t: TestPlatform, phone: string, name: string, homeRegionCode = '330102'): Promise<Resident> {
  const session = await signInResidentSession(t.app, t.database.db, phone);
  const idNumber = residentId(homeRegionCode, '19800101', String(++sequence).padStart(3, '0'));
  const res = await session.request({ method: 'POST', url: '/api/people/me', payload: { idType: 'resident_id', idNumber, name, homeRegionCode, address: '某路 1 号' } });
  if (res.statusCode !== 201) throw new Error(`registration failed: ${res.body}`);
  return { session, personId: res.json().id };
}

export async function bindDependantOf(guardian: Resident, name: string, homeRegionCode = '330102'): Promise<string> {
  const idNumber = residentId(homeRegionCode, '20150101', String(++sequence).padStart(3, '0'));
  const res = await guardian.session.request({ method: 'POST', url: '/api/people/me/dependants', payload: { idType: 'resident_id', idNumber, name, relation: 'child' } });
  if (res.statusCode !== 201) throw new Error(`binding failed: ${res.body}`);
  return res.json().id;
}

export async function staffSession(t: TestPlatform, username: string, role: Role, regionCode: string): Promise<Session> {
  await createStaffAccount(t.platform, { system: 'test' }, { username, displayName: username, password: 'correct-horse-9', roles: [{ role, regionCode }] });
  return signInStaffSession(t.app, username, 'correct-horse-9');
}

export function healthyDeclaration(personId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    personId, regionCode: '330102', address: '杭州市上城区某路 8 号', temperature: 36.5, symptoms: ['none'], stayedRegionCodes: ['330102'],
    contact: 'none', pledge: true, ...overrides,
  };
}

/** PUT through a session: Session's method type (test/support/http-users.ts) lists no PUT yet; inject passes it through unchanged. */
export function put(session: Session, url: string, payload: Record<string, unknown>) {
  return session.request({ method: 'PUT' as 'POST', url, payload });
}
