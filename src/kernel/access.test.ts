import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { can, requireAccess, scopesFor, type Actor } from './access.ts';

const official: Actor = { accountId: 'a', kind: 'staff', personId: null, label: 'o', roles: [{ role: 'health_official', regionCode: '330100' }] };
const sysadmin: Actor = { accountId: 'b', kind: 'staff', personId: null, label: 's', roles: [{ role: 'sysadmin', regionCode: '330100' }] };

describe('access', () => {
  it('grants a permission only inside the granted region', () => {
    expect(can(official, 'person.read', '330106')).toBe(true);
    expect(can(official, 'person.read', '330200')).toBe(false);
  });
  it('least privilege: a sysadmin cannot read personal data', () => {
    expect(can(sysadmin, 'person.read', '330106')).toBe(false);
    expect(can(sysadmin, 'account.manage', '330106')).toBe(true);
  });
  it('requireAccess throws AUTH_REQUIRED without an actor and FORBIDDEN without the permission', () => {
    expect(() => requireAccess(undefined, 'person.read')).toThrow(expect.objectContaining({ code: 'AUTH_REQUIRED' }));
    const error = (() => { try { requireAccess(official, 'audit.read'); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('FORBIDDEN');
  });
  it('lists the scopes of a permission', () => {
    expect(scopesFor(official, 'person.list')).toEqual(['330100']);
    expect(scopesFor(official, 'audit.read')).toEqual([]);
  });
});
