import { describe, expect, it } from 'vitest';
import { CHECKIN_METHODS } from '../../../src/checkins/model.ts';
import en from './en-US/checkins.json';
import zh from './zh-CN/checkins.json';

type Tree = { [key: string]: string | Tree };
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`))).sort();

describe('check-in console messages', () => {
  it('have the same keys in Chinese and English', () => {
    expect(keys(en as Tree)).toEqual(keys(zh as Tree));
  });

  it('name every check-in method (coded values double as message keys)', () => {
    expect(Object.keys(zh.methods).sort()).toEqual([...CHECKIN_METHODS].sort());
  });
});
