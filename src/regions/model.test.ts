import { describe, expect, it } from 'vitest';
import { coveredCodeRange, generateAdminPassword, nextPrefix } from './model.ts';

describe('nextPrefix', () => {
  it('increments at the same length', () => {
    expect(nextPrefix('3301')).toBe('3302');
    expect(nextPrefix('3309')).toBe('3310');
    expect(nextPrefix('330106')).toBe('330107');
    expect(nextPrefix('330199')).toBe('330200');
    expect(nextPrefix('330106009')).toBe('330106010');
  });

  it('has no next prefix after all nines or for the empty prefix', () => {
    expect(nextPrefix('99')).toBeNull();
    expect(nextPrefix('')).toBeNull();
  });

  it('refuses non-digits', () => {
    expect(() => nextPrefix('33:')).toThrow();
  });
});

describe('coveredCodeRange', () => {
  it('covers a province, a city, a district and the nation', () => {
    expect(coveredCodeRange('330000')).toEqual({ from: '33', to: '34' });
    expect(coveredCodeRange('330100')).toEqual({ from: '3301', to: '3302' });
    expect(coveredCodeRange('330106')).toEqual({ from: '330106', to: '330107' });
    expect(coveredCodeRange('000000')).toEqual({ from: '', to: null });
  });

  it('keeps a neighbouring city out of the range and the city\'s streets in', () => {
    const { from, to } = coveredCodeRange('330100');
    const inRange = (code: string) => code >= from && (to === null || code < to);
    expect(inRange('330106001')).toBe(true);
    expect(inRange('330100')).toBe(true);
    expect(inRange('330200')).toBe(false);
    expect(inRange('330000')).toBe(false);
  });
});

describe('generateAdminPassword', () => {
  it('is long, mixed letters and digits, and different every time', () => {
    const a = generateAdminPassword();
    expect(a).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    expect(a).toMatch(/[0-9]/);
    expect(a).toMatch(/[A-Za-z]/);
    expect(generateAdminPassword()).not.toBe(a);
  });
});
