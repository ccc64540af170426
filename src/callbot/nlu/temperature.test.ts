import { describe, expect, it } from 'vitest';
import { findTemperatures, highestTemperature } from './temperature.ts';
import { normalise } from './normalise.ts';

const heard = (text: string, bare = true) => highestTemperature([normalise(text)], bare);

describe('spoken temperatures', () => {
  it.each([
    ['三十六度五', 36.5], ['三六点五', 36.5], ['36度5', 36.5], ['37度3', 37.3], ['三十七點一', 37.1], ['叁拾柒度贰', 37.2],
    ['三十六点八度', 36.8], ['36.5', 36.5], ['三十七度', 37], ['三十八度多', 38], ['三十六度半', 36.5], ['三七点幺', 37.1],
    ['36.5℃', 36.5], ['三十六点五摄氏度', 36.5], ['３６．８', 36.8], ['37°2', 37.2], ['三十七度零', 37], ['37.0', 37],
    ['三十四度', 34], ['四十三度', 43], ['三十六度多一点', 36], ['36点5', 36.5], ['参拾陆度伍', 36.5],
  ])('%s → %d', (text, celsius) => {
    expect(heard(text)).toBe(celsius);
  });

  it('reads keypad digits as tenths on the temperature question only', () => {
    expect(heard('365')).toBe(36.5);
    expect(heard('3 7 1')).toBe(37.1);
    expect(heard('三六五')).toBe(36.5);
    expect(heard('365', false)).toBeUndefined();
    expect(heard('36', false)).toBeUndefined();
    expect(heard('36度5', false)).toBe(36.5);
  });

  it('ignores numbers out of the plausible range (34–43 °C) and counts of other things', () => {
    for (const text of ['一百度', '25度', '四十五度', '九十八点六', '幺幺幺', '幺', '0', '33.9']) expect(heard(text)).toBeUndefined();
    expect(heard('我68岁了')).toBeUndefined();
    expect(heard('拉了两次')).toBeUndefined();
    expect(heard('早上8点量的')).toBeUndefined();
    expect(findTemperatures('我今年73了,36度7', true).map((t) => t.celsius)).toEqual([36.7]);
  });

  it('takes the highest of several temperatures', () => {
    expect(highestTemperature(['37度2', '昨天还是36度8'], true)).toBe(37.2);
    expect(highestTemperature(['早上36.2', '晚上36.6'], true)).toBe(36.6);
  });

  it('marks numbers said with a unit or decimal part', () => {
    expect(findTemperatures('36度', true)).toEqual([{ celsius: 36, marked: true }]);
    expect(findTemperatures('36', true)).toEqual([{ celsius: 36, marked: false }]);
  });
});
