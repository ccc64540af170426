import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDayWithWeekday, formatTime } from './format.ts';

describe('formatDateTime', () => {
  it('shows Shanghai wall-clock time, crossing midnight from UTC', () => {
    const text = formatDateTime('2026-03-01T16:30:05Z', 'zh-CN');
    expect(text).toContain('2026');
    expect(text).toMatch(/03.02/); // 16:30 UTC is already 2 March in Shanghai
    expect(text).toContain('00:30:05');
  });

  it('returns an empty string for an unreadable value instead of "Invalid Date"', () => {
    expect(formatDateTime('not a date', 'en-US')).toBe('');
  });
});

describe('formatTime and formatDayWithWeekday', () => {
  it('show the Shanghai time and day of an instant', () => {
    expect(formatTime('2026-03-01T16:30:05Z')).toBe('00:30');
    expect(formatTime(new Date('2026-03-01T16:30:05Z'), true)).toBe('00:30:05');
    expect(formatDayWithWeekday('2026-03-01T16:30:05Z', 'zh-CN')).toMatch(/3月2日.*周一/);
    expect(formatDayWithWeekday('2026-03-01T16:30:05Z', 'en-US')).toMatch(/Mon.*Mar 2/);
  });

  it('return an empty string for an unreadable value', () => {
    expect(formatTime('nope')).toBe('');
    expect(formatDayWithWeekday('nope', 'zh-CN')).toBe('');
  });
});
