import { describe, expect, it } from 'vitest';
import { daysBefore, fromShanghaiInput, shanghaiDayOf, toShanghaiInput } from './shanghai-time.ts';

describe('Shanghai time inputs', () => {
  it('show an instant as Shanghai wall-clock time and read it back', () => {
    const instant = new Date('2026-03-01T16:30:00Z');
    expect(toShanghaiInput(instant)).toBe('2026-03-02T00:30');
    expect(fromShanghaiInput('2026-03-02T00:30')?.toISOString()).toBe('2026-03-01T16:30:00.000Z');
    expect(fromShanghaiInput('2026-03-02T00:30:15')?.toISOString()).toBe('2026-03-01T16:30:15.000Z');
  });

  it('refuse empty or unreadable values', () => {
    expect(fromShanghaiInput('')).toBeNull();
    expect(fromShanghaiInput('2026-03-02')).toBeNull();
    expect(fromShanghaiInput('2026-13-45T99:99')).toBeNull();
  });

  it('name the Shanghai day and count days back across a month', () => {
    expect(shanghaiDayOf(new Date('2026-02-28T16:00:00Z'))).toBe('2026-03-01');
    expect(daysBefore('2026-03-01', 6)).toBe('2026-02-23');
  });
});
