import { describe, expect, it } from 'vitest';
import { consecutiveNormalCheckins, indexCheckins, releaseInstant } from './release.ts';
import { at, checkins } from './test-helpers.ts';

const DAY = 86_400_000;
const start = at('2020-02-10 10:00').getTime();

describe('releaseInstant', () => {
  it('without check-ins needed, ends exactly after the days', () => {
    expect(releaseInstant(new Map(), start, 3, 0, start + 3 * DAY - 1)).toBeNull();
    expect(releaseInstant(new Map(), start, 3, 0, start + 3 * DAY)).toBe(start + 3 * DAY);
  });

  it('does not count the day the colour started', () => {
    const index = indexCheckins(checkins('2020-02-10', 7), at('2020-02-20 10:00').getTime());
    expect(releaseInstant(index, start, 7, 7, at('2020-02-17 12:00').getTime())).toBeNull();
  });

  it('releases at the later of the duration and the start of the day the run completes', () => {
    const now = at('2020-02-25 12:00').getTime();
    const late = indexCheckins([...checkins('2020-02-11', 3), ...checkins('2020-02-15', 7)], now);
    expect(releaseInstant(late, start, 7, 7, now)).toBe(at('2020-02-21 00:00').getTime());
  });

  it('lets an abnormal check-in of the same day count against the release', () => {
    const now = at('2020-02-17 23:00').getTime();
    const index = indexCheckins([...checkins('2020-02-11', 6), { day: '2020-02-17', normal: true }, { day: '2020-02-17', normal: false }], now);
    expect(releaseInstant(index, start, 7, 7, now)).toBeNull();
  });
});

describe('consecutiveNormalCheckins', () => {
  it('keeps yesterday\'s run during today, and drops it once a day is missed', () => {
    const index = indexCheckins(checkins('2020-02-11', 3), at('2020-02-20 00:00').getTime());
    expect(consecutiveNormalCheckins(index, start, at('2020-02-14 20:00').getTime())).toBe(3);
    expect(consecutiveNormalCheckins(index, start, at('2020-02-15 00:30').getTime())).toBe(0);
  });
});
