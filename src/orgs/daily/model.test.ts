import { describe, expect, it } from 'vitest';
import { abnormalReasons, checkDailyAnswers, dailyFacts, daysEndingWith, reminderDue, rollUpUnits, shanghaiTimeOfDay } from './model.ts';

describe('daily check-in rules (pure)', () => {
  it('accepts one-decimal temperatures from 35.0 to 42.0 and the declaration\'s symptom codes', () => {
    const ok = { temperature: 36.5, symptoms: ['none'], cityCode: '330106', location: 'home' };
    expect(checkDailyAnswers(ok).ok).toBe(true);
    expect(checkDailyAnswers({ ...ok, temperature: 35.0 }).ok).toBe(true);
    expect(checkDailyAnswers({ ...ok, temperature: 42.1 })).toMatchObject({ ok: false, code: 'DAILY_TEMPERATURE_INVALID' });
    expect(checkDailyAnswers({ ...ok, temperature: 36.55 })).toMatchObject({ ok: false, code: 'DAILY_TEMPERATURE_INVALID' });
    expect(checkDailyAnswers({ ...ok, symptoms: ['none', 'fever'] })).toMatchObject({ ok: false, code: 'DAILY_SYMPTOMS_INVALID' });
    expect(checkDailyAnswers({ ...ok, symptoms: [] })).toMatchObject({ ok: false, code: 'DAILY_SYMPTOMS_INVALID' });
    expect(checkDailyAnswers({ ...ok, cityCode: '3301' })).toMatchObject({ ok: false, code: 'DAILY_CITY_INVALID' });
    expect(checkDailyAnswers({ ...ok, location: 'office' })).toMatchObject({ ok: false, code: 'DAILY_LOCATION_INVALID' });
  });

  it('is abnormal from 37.3 °C, with any symptom, or in a risk area', () => {
    expect(abnormalReasons({ temperature: 37.2, symptoms: ['none'] }, false)).toEqual([]);
    expect(abnormalReasons({ temperature: 37.3, symptoms: ['none'] }, false)).toEqual(['fever']);
    expect(abnormalReasons({ temperature: 36.5, symptoms: ['cough'] }, true)).toEqual(['symptoms', 'risk_area']);
  });

  it('makes one fact per day, abnormal if any check-in that day was', () => {
    expect(dailyFacts([{ day: '2026-03-02', abnormal: false }, { day: '2026-03-01', abnormal: false }, { day: '2026-03-02', abnormal: true }]))
      .toEqual([{ day: '2026-03-01', normal: true }, { day: '2026-03-02', normal: false }]);
  });

  it('reads Beijing time of day and days back across month ends', () => {
    expect(shanghaiTimeOfDay(new Date('2026-03-01T01:59:00Z'))).toBe('09:59');
    expect(reminderDue('10:00', '09:59')).toBe(false);
    expect(reminderDue('10:00', '10:00')).toBe(true);
    expect(daysEndingWith('2026-03-02', 3)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('rolls unit counts up to the units above', () => {
    const units = [{ id: 'g', parentId: null, name: '一年级' }, { id: 'a', parentId: 'g', name: '一班' }, { id: 'o', parentId: null, name: '办公室' }];
    const rows = rollUpUnits(units, new Map([['a', { members: 3, submitted: 2, abnormal: 1 }], ['g', { members: 1, submitted: 0, abnormal: 0 }], [null, { members: 2, submitted: 2, abnormal: 0 }]]));
    expect(rows.find((r) => r.unitId === 'g')).toMatchObject({ members: 4, submitted: 2, missing: 2, abnormal: 1 });
    expect(rows.find((r) => r.unitId === 'a')).toMatchObject({ path: '一年级 / 一班', members: 3 });
    expect(rows.at(-1)).toMatchObject({ unitId: null, members: 2 });
  });
});
