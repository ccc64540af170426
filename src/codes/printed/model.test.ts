import { describe, expect, it } from 'vitest';
import { regionCovers } from '../../kernel/regions-scope.ts';
import { isValidDays, issuingOfficeName, MAX_PRINTED_DAYS, narrowestGrant } from './model.ts';

describe('printed code model', () => {
  it('accepts whole days up to what the token format carries (14)', () => {
    expect(MAX_PRINTED_DAYS).toBe(14);
    expect([1, 7, 14].every(isValidDays)).toBe(true);
    expect([0, 15, 2.5, -1, Number.NaN].some(isValidDays)).toBe(false);
  });

  it('names the narrowest office that covers the person', () => {
    const grants = [{ role: 'health_official' as const, regionCode: '330100' }, { role: 'community_worker' as const, regionCode: '330102' }];
    const grant = narrowestGrant(grants, (scope) => regionCovers(scope, '330102'))!;
    expect(grant.regionCode).toBe('330102');
    expect(issuingOfficeName('浙江省杭州市上城区', grant.role)).toBe('浙江省杭州市上城区社区工作站');
    expect(narrowestGrant(grants, (scope) => regionCovers(scope, '330205'))).toBeUndefined();
  });
});
