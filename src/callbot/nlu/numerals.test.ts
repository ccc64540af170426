import { describe, expect, it } from 'vitest';
import { arabicise, chineseNumeralDigits, parseChineseNumber } from './numerals.ts';

describe('Chinese numerals', () => {
  it.each([
    ['三十六', 36], ['三十', 30], ['十', 10], ['十二', 12], ['二十五', 25], ['一百', 100], ['一百零五', 105], ['三百六十五', 365],
    ['三六', 36], ['三六五', 365], ['三七', 37], ['幺', 1], ['幺幺幺', 111], ['两', 2], ['零', 0], ['〇', 0],
    ['叁拾陆', 36], ['叁拾柒', 37], ['贰', 2], ['参拾陆', 36], ['壹佰', 100], ['玖', 9], ['捌', 8], ['肆拾', 40],
  ])('%s → %d', (run, value) => {
    expect(parseChineseNumber(run)).toBe(value);
  });

  it('keeps digit-by-digit numbers as digits (leading zero included)', () => {
    expect(chineseNumeralDigits('三六五')).toBe('365');
    expect(chineseNumeralDigits('零八')).toBe('08');
  });

  it('rejects runs that are not numbers', () => {
    expect(parseChineseNumber('三十十')).toBeNull();
    expect(parseChineseNumber('十百')).toBeNull();
    expect(parseChineseNumber('三四十')).toBeNull();
  });

  it.each([
    ['三十六度五', '36度5'], ['三六点五', '36点5'], ['叁拾柒度贰', '37度2'], ['三七点幺', '37点1'], ['三十七度零', '37度0'],
    ['三十六点八度', '36点8度'], ['一百度', '100度'], ['三十六度五三十六度五', '36度5|36度5'], ['36度5', '36度5'], ['没有', '没有'],
  ])('arabicise %s → %s', (text, expected) => {
    expect(arabicise(text)).toBe(expected);
  });
});
