import { describe, expect, it } from 'vitest';
import { nextSymptoms, parseTemperature } from './use-code-declaration-form.ts';

describe('declaration form helpers', () => {
  it('"none" excludes every other symptom, and another symptom drops "none"', () => {
    expect(nextSymptoms(['cough'], ['cough', 'none'])).toEqual(['none']);
    expect(nextSymptoms(['none'], ['none', 'fever'])).toEqual(['fever']);
    expect(nextSymptoms(['fever'], ['fever', 'cough'])).toEqual(['fever', 'cough']);
  });

  it('reads temperatures with one decimal within 34.0–43.0 only', () => {
    expect(parseTemperature('38.2')).toBe(38.2);
    expect(parseTemperature(' 36 ')).toBe(36);
    expect(parseTemperature('36.55')).toBeUndefined();
    expect(parseTemperature('33.9')).toBeUndefined();
    expect(parseTemperature('43.1')).toBeUndefined();
    expect(parseTemperature('abc')).toBeUndefined();
  });
});
