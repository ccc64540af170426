import { describe, expect, it } from 'vitest';
import { distanceText } from './distance.ts';

describe('distanceText', () => {
  it('rounds metres to tens under a kilometre and shows kilometres above', () => {
    expect(distanceText(437)).toEqual({ key: 'checkins.distance.m', n: '440' });
    expect(distanceText(3120)).toEqual({ key: 'checkins.distance.km', n: '3.1' });
    expect(distanceText(256_400)).toEqual({ key: 'checkins.distance.km', n: '256' });
  });
});
