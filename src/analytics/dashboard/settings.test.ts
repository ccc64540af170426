import { describe, expect, it } from 'vitest';
import { analyticsSettingsFrom, analyticsSettingsProblems, DEFAULT_ANALYTICS_SETTINGS } from './settings.ts';

describe('analytics settings', () => {
  it('takes each valid stored field and the default for a missing or invalid one', () => {
    expect(analyticsSettingsFrom(undefined)).toEqual(DEFAULT_ANALYTICS_SETTINGS);
    expect(analyticsSettingsFrom({ serialIntervalMean: 3.5, serialIntervalSd: 'x', rtWindowDays: 7.5 })).toEqual({ ...DEFAULT_ANALYTICS_SETTINGS, serialIntervalMean: 3.5 });
  });

  it('names the fields out of range: a mean of 1 or less has no shifted gamma', () => {
    expect(analyticsSettingsProblems(DEFAULT_ANALYTICS_SETTINGS)).toEqual([]);
    expect(analyticsSettingsProblems({ serialIntervalMean: 1, serialIntervalSd: 0, rtWindowDays: 3.5 })).toEqual(['serialIntervalMean', 'serialIntervalSd', 'rtWindowDays']);
  });
});
