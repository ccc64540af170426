import { describe, expect, it } from 'vitest';
import { VENUE_KINDS } from '../../../src/venues/model.ts';
import enCheckins from './en-US/checkins.json';
import zhCheckins from './zh-CN/checkins.json';
import enScan from './en-US/scan.json';
import zhScan from './zh-CN/scan.json';
import enHome from './en-US/home.json';
import zhHome from './zh-CN/home.json';

type Tree = { [key: string]: string | Tree };
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`))).sort();

describe('resident app messages of check-ins and the gate', () => {
  it('have the same keys in Chinese and English', () => {
    expect(keys(enCheckins as Tree)).toEqual(keys(zhCheckins as Tree));
    expect(keys(enScan as Tree)).toEqual(keys(zhScan as Tree));
    expect(keys(enHome as Tree)).toEqual(keys(zhHome as Tree));
  });

  it('name every venue kind', () => {
    expect(Object.keys(zhCheckins.kinds).sort()).toEqual([...VENUE_KINDS].sort());
  });
});
