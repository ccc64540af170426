import { describe, expect, it } from 'vitest';
import { VENUE_KINDS, VENUE_STATUSES } from '../../../src/venues/model.ts';
import en from './en-US/venues.json';
import zh from './zh-CN/venues.json';

type Tree = { [key: string]: string | Tree };
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`))).sort();

describe('venue console messages', () => {
  it('have the same keys in Chinese and English', () => {
    expect(keys(en as Tree)).toEqual(keys(zh as Tree));
  });

  it('name every venue kind and status (coded values double as message keys)', () => {
    expect(Object.keys(zh.kinds).sort()).toEqual([...VENUE_KINDS].sort());
    expect(Object.keys(zh.statuses).sort()).toEqual([...VENUE_STATUSES].sort());
  });
});
