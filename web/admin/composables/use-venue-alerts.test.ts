import { describe, expect, it } from 'vitest';
import type { VenueCheckin } from '../api/checkins.ts';
import { mergeAlerts } from './use-venue-alerts.ts';

const alert = (id: number, minute: number, colour: 'yellow' | 'red' = 'red'): VenueCheckin => ({
  id, nameMasked: '吴*', colour, checkedInAt: `2026-03-02T06:${String(minute).padStart(2, '0')}:00Z`, leaveAt: '2026-03-02T07:00:00Z',
  leftExplicitly: false, method: 'scan', geofenceFar: false, distanceM: null,
});

describe('mergeAlerts', () => {
  it('puts new alerts first, newest first, and keeps each once', () => {
    const shown = [alert(2, 10), alert(1, 5)];
    const merged = mergeAlerts(shown, [alert(3, 12), alert(2, 10), alert(4, 15, 'yellow')]);
    expect(merged.map((a) => a.id)).toEqual([4, 3, 2, 1]);
  });

  it('keeps at most the given number, dropping the oldest', () => {
    expect(mergeAlerts([alert(1, 1), alert(2, 2)].reverse(), [alert(3, 3)], 2).map((a) => a.id)).toEqual([3, 2]);
  });
});
