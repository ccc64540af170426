import { describe, expect, it } from 'vitest';
import { addDays, dayBounds, dayPartitionName, daysToPrepare, isExpired, parsePartitionName, planPurge, purgeDay, retentionPartitionName } from './model.ts';

describe('check-in partitions', () => {
  it('names a day and its retention parts, and reads the names back', () => {
    expect(dayPartitionName('2026-11-28')).toBe('checkins_20261128');
    expect(retentionPartitionName('2026-11-28', 28)).toBe('checkins_20261128_r28');
    expect(parsePartitionName('checkins_20261128_r28')).toEqual({ day: '2026-11-28', retentionDays: 28 });
    expect(parsePartitionName('checkins_20261128')).toEqual({ day: '2026-11-28' });
    expect(parsePartitionName('checkins_20261128_r99')).toBeUndefined();
    expect(parsePartitionName('checkin_requests')).toBeUndefined();
    expect(() => retentionPartitionName('2026-11-28', 7)).toThrow();
    expect(() => dayPartitionName('2026-13-40; drop table x')).toThrow();
  });

  it('bounds a partition by the Asia/Shanghai day (UTC+8)', () => {
    expect(dayBounds('2026-11-28')).toEqual({ from: new Date('2026-11-27T16:00:00Z'), to: new Date('2026-11-28T16:00:00Z') });
  });

  it('prepares today and the next two days', () => {
    expect(daysToPrepare('2026-12-31')).toEqual(['2026-12-31', '2027-01-01', '2027-01-02']);
  });

  it('expires (day d, retention r) once day d + r is over', () => {
    expect(isExpired('2026-11-01', 28, '2026-11-29')).toBe(false);
    expect(isExpired('2026-11-01', 28, '2026-11-30')).toBe(true);
    expect(purgeDay('2026-11-01', 28)).toBe('2026-11-30');
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
  });

  it('plans to drop expired parts, and a day once nothing of it is left', () => {
    const existing = [
      { name: 'checkins_20261001', parent: 'checkins' },
      { name: 'checkins_20261001_r14', parent: 'checkins_20261001' },
      { name: 'checkins_20261001_r60', parent: 'checkins_20261001' },
      { name: 'checkins_20261020', parent: 'checkins' },
      { name: 'checkins_20261020_r14', parent: 'checkins_20261020' },
      { name: 'checkins_20261020_r28', parent: 'checkins_20261020' },
      { name: 'checkins_20261128', parent: 'checkins' },
      { name: 'checkins_20261128_r28', parent: 'checkins_20261128' },
      { name: 'checkins_20260901', parent: null },
      { name: 'checkins_20260901_r28', parent: 'checkins_20260901' },
      { name: 'unrelated', parent: 'checkins' },
    ];
    const plan = planPurge(existing, '2026-11-28');
    expect(plan.retention.map((r) => r.name)).toEqual(['checkins_20260901_r28', 'checkins_20261001_r14', 'checkins_20261020_r14', 'checkins_20261020_r28']);
    expect(plan.days).toEqual([
      { name: 'checkins_20260901', day: '2026-09-01', attached: false },
      { name: 'checkins_20261020', day: '2026-10-20', attached: true },
    ]);
  });
});
