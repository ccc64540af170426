import { describe, expect, it } from 'vitest';
import { durationOf, exposureText, newestFirst } from './tracing-exposure-text.ts';

describe('an exposure in plain words', () => {
  it('picks the message by place and by whom, with the kind of place and Beijing time', () => {
    const text = exposureText({ kind: 'close', place: 'venue', venueKind: 'shop', at: '2026-03-09T02:10:00.000Z', minutes: 30 }, 'zh-CN');
    expect(text).toEqual({ key: 'tracing.venue.close', time: '3月9日 10:10', place: 'tracing.places.shop', duration: { key: 'tracing.duration.minutes', n: 30 } });
    expect(exposureText({ kind: 'secondary', place: 'household', venueKind: null, at: '2026-03-09T02:10:00.000Z', minutes: 600 }, 'zh-CN').key).toBe('tracing.household.secondary');
  });

  it('names an unknown or missing kind of place "a place"', () => {
    expect(exposureText({ kind: 'close', place: 'venue', venueKind: null, at: '2026-03-09T02:10:00.000Z', minutes: 5 }, 'zh-CN').place).toBe('tracing.places.other');
  });

  it('says the duration as a person would: minutes, hours, then days', () => {
    expect(durationOf(0.4)).toEqual({ key: 'tracing.duration.minutes', n: 1 });
    expect(durationOf(90)).toEqual({ key: 'tracing.duration.minutes', n: 90 });
    expect(durationOf(150)).toEqual({ key: 'tracing.duration.hours', n: 3 });
    expect(durationOf(3 * 24 * 60)).toEqual({ key: 'tracing.duration.days', n: 3 });
  });

  it('lists the newest first', () => {
    const items = [{ at: '2026-03-08T00:00:00.000Z' }, { at: '2026-03-09T00:00:00.000Z' }].map((x) => ({ kind: 'close' as const, place: 'venue' as const, venueKind: null, minutes: 1, ...x }));
    expect(newestFirst(items).map((i) => i.at)).toEqual(['2026-03-09T00:00:00.000Z', '2026-03-08T00:00:00.000Z']);
  });
});
