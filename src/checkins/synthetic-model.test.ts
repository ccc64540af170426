import { describe, expect, it } from 'vitest';
import { seededRandom } from '../demo/model/random.ts';
import { startOfShanghaiDay } from '../kernel/time.ts';
import { pickColour, pickHour, SYNTHETIC_COLUMNS, syntheticRow } from './synthetic-model.ts';

const persons = [{ id: '11111111-1111-4111-8111-111111111111', nameMasked: '林*' }];
const venues = [{ id: '22222222-2222-4222-8222-222222222222', name: 'A\tB\\C\nD', regionCode: '330106004', defaultStayMinutes: 30, retentionDays: 28 }];

describe('synthetic check-ins', () => {
  it('spreads hours over the day with daytime peaks and mostly green codes', () => {
    expect(pickHour(0)).toBe(0);
    expect(pickHour(0.999999)).toBe(23);
    const random = seededRandom(1);
    const hours = Array.from({ length: 5000 }, () => pickHour(random.next()));
    expect(hours.filter((h) => h === 8).length).toBeGreaterThan(hours.filter((h) => h === 3).length * 10);
    expect(pickColour(0.001)).toBeNull();
    expect(pickColour(0.007)).toBe('red');
    expect(pickColour(0.02)).toBe('yellow');
    expect(pickColour(0.5)).toBe('green');
  });

  it('writes COPY text lines with escaped tabs, backslashes and newlines, inside the day and not after `notAfter`', () => {
    const day = '2026-11-28';
    const notAfter = new Date(startOfShanghaiDay(day).getTime() + 3_600_000);
    const random = seededRandom(2);
    for (let i = 0; i < 200; i++) {
      const row = syntheticRow(random, i + 1, day, notAfter, persons, venues);
      expect(row.line.endsWith('\n')).toBe(true);
      const fields = row.line.slice(0, -1).split('\t');
      expect(fields).toHaveLength(SYNTHETIC_COLUMNS.length);
      expect(fields[4]).toBe('A\\tB\\\\C\\nD');
      const at = new Date(fields[6]!);
      expect(at.getTime()).toBeGreaterThanOrEqual(startOfShanghaiDay(day).getTime());
      expect(at.getTime()).toBeLessThanOrEqual(notAfter.getTime());
      expect(new Date(fields[7]!).getTime() - at.getTime()).toBe(30 * 60_000);
    }
  });
});
