import { describe, expect, it } from 'vitest';
import { changedRiskAreas, checkRiskAreas, regionAndAncestors } from './model.ts';

describe('regionAndAncestors', () => {
  it('walks from a street up to the nation', () => {
    expect(regionAndAncestors('330106001')).toEqual(['330106001', '330106', '330100', '330000', '000000']);
    expect(regionAndAncestors('330100')).toEqual(['330100', '330000', '000000']);
    expect(regionAndAncestors('330000')).toEqual(['330000', '000000']);
    expect(regionAndAncestors('000000')).toEqual(['000000']);
  });
});

describe('checkRiskAreas', () => {
  it('accepts distinct divisions inside the region, sorted', () => {
    expect(checkRiskAreas('330100', [{ regionCode: '330106', level: 'high' }, { regionCode: '330102001', level: 'medium' }]))
      .toEqual({ ok: true, value: [{ regionCode: '330102001', level: 'medium' }, { regionCode: '330106', level: 'high' }] });
  });

  it.each([
    [[{ regionCode: '420100', level: 'high' }], 0],
    [[{ regionCode: '330106', level: 'high' }, { regionCode: '330106', level: 'medium' }], 1],
    [[{ regionCode: '330106', level: 'low' }], 0],
  ])('refuses %j', (areas, index) => {
    expect(checkRiskAreas('330100', areas as never)).toEqual({ ok: false, code: 'RISK_AREA_INVALID', index });
  });

  it('names the areas whose level changed', () => {
    expect(changedRiskAreas([{ regionCode: '330106', level: 'high' }, { regionCode: '330102', level: 'medium' }],
      [{ regionCode: '330106', level: 'medium' }, { regionCode: '330102', level: 'medium' }, { regionCode: '330105', level: 'high' }])).toEqual(['330105', '330106']);
  });
});
