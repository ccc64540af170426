/** Endpoints both apps call: who am I, and sign out (src/accounts/routes.ts). */
import { request } from '../request.ts';

// The server's own types (pure modules, no Node imports), so the two cannot drift apart.
import type { Me } from '../../../src/accounts/model.ts';
import type { Role } from '../../../src/kernel/access.ts';

export type { Me };
export type RoleName = Role;
export type RoleGrant = Me['roles'][number];

export function fetchMe(): Promise<Me> {
  return request.get<Me>('/api/me');
}

export function signOut(): Promise<void> {
  return request.post<void>('/api/auth/sign-out');
}
