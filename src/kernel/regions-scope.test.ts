import { describe, expect, it } from 'vitest';
import { cityOf, regionCovers, regionPrefix } from './regions-scope.ts';

describe('region coverage', () => {
  it('derives prefixes from the GB/T 2260 code structure', () => {
    expect(regionPrefix('330000')).toBe('33');
    expect(regionPrefix('330100')).toBe('3301');
    expect(regionPrefix('330106')).toBe('330106');
    expect(regionPrefix('330106001')).toBe('330106001');
    expect(regionPrefix('000000')).toBe('');
  });

  it('a city covers its districts and streets but not a neighbouring city', () => {
    expect(regionCovers('330100', '330106')).toBe(true);
    expect(regionCovers('330100', '330106001')).toBe(true);
    expect(regionCovers('330100', '330200')).toBe(false);
    expect(regionCovers('330100', '330000')).toBe(false);
  });

  it('a district does not cover its city; the nation covers all', () => {
    expect(regionCovers('330106', '330100')).toBe(false);
    expect(regionCovers('000000', '110101')).toBe(true);
  });

  it('finds the city of a district or street', () => {
    expect(cityOf('330106001')).toBe('330100');
  });
});
