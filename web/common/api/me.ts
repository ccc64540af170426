/** Endpoints both apps call: who am I, and sign out (src/accounts/routes.ts). */
import { request } from '../request.ts';

export type RoleName =
  | 'resident' | 'guard' | 'venue_admin' | 'org_admin' | 'community_worker' | 'health_official' | 'auditor' | 'sysadmin';

export interface RoleGrant {
  role: RoleName;
  regionCode: string;
  regionName: string;
}

/** Already masked by the server: displayName is a masked name (or masked phone), phoneMasked too. */
export interface Me {
  accountId: string;
  kind: 'resident' | 'staff';
  displayName: string;
  username: string | null;
  phoneMasked: string | null;
  personId: string | null;
  roles: RoleGrant[];
  csrfToken: string;
}

export function fetchMe(): Promise<Me> {
  return request.get<Me>('/api/me');
}

export function signOut(): Promise<void> {
  return request.post<void>('/api/auth/sign-out');
}
