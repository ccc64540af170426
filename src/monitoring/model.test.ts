import { describe, expect, it } from 'vitest';
import { checkFollowUp, completes, decodeCursor, encodeCursor, flagsOf, nextAssignee, nextAssignees, planDaysFrom, planWindow } from './model.ts';

describe('planWindow', () => {
  it('runs the given days from the start day, follow-ups from today for a plan started in the past', () => {
    expect(planWindow('2026-03-02', 14, '2026-03-02')).toEqual({ startOn: '2026-03-02', endOn: '2026-03-16', followUpFrom: '2026-03-02' });
    expect(planWindow('2026-02-25', 14, '2026-03-02')).toEqual({ startOn: '2026-02-25', endOn: '2026-03-11', followUpFrom: '2026-03-02' });
    expect(planWindow('2026-02-27', 7, '2026-03-06')).toEqual({ startOn: '2026-02-27', endOn: '2026-03-06', followUpFrom: '2026-03-06' });
  });
  it('starts nothing when the days are all over', () => {
    expect(planWindow('2026-02-01', 14, '2026-03-02')).toBeUndefined();
  });
  it('takes the city setting only when it is 7–28 whole days', () => {
    expect(planDaysFrom(21)).toBe(21);
    expect(planDaysFrom(6)).toBe(14);
    expect(planDaysFrom(29)).toBe(14);
    expect(planDaysFrom(10.5)).toBe(14);
    expect(planDaysFrom('21')).toBe(14);
    expect(planDaysFrom(undefined)).toBe(14);
  });
});

describe('checkFollowUp', () => {
  it('asks temperature and symptoms when the person was reached, nothing when not', () => {
    expect(checkFollowUp({ reached: true, temperature: 36.64, symptoms: ['none'] })).toMatchObject({ ok: false, code: 'MONITORING_TEMPERATURE_INVALID' });
    expect(checkFollowUp({ reached: true, temperature: 36.6, symptoms: ['none', 'none'], note: '  ' })).toEqual({ ok: true, value: { reached: true, temperature: 36.6, symptoms: ['none'], note: null } });
    expect(checkFollowUp({ reached: true, symptoms: ['none'] })).toMatchObject({ ok: false, code: 'MONITORING_ANSWERS_REQUIRED', field: 'temperature' });
    expect(checkFollowUp({ reached: true, temperature: 36.6, symptoms: [] })).toMatchObject({ ok: false, code: 'MONITORING_ANSWERS_REQUIRED', field: 'symptoms' });
    expect(checkFollowUp({ reached: false, note: '电话未接' })).toEqual({ ok: true, value: { reached: false, temperature: null, symptoms: [], note: '电话未接' } });
    expect(checkFollowUp({ reached: false, temperature: 36.5 })).toMatchObject({ ok: false, code: 'MONITORING_UNREACHED_WITH_ANSWERS' });
    expect(checkFollowUp({ reached: false, symptoms: ['none'] })).toMatchObject({ ok: false, code: 'MONITORING_UNREACHED_WITH_ANSWERS' });
  });
  it('checks the range and the codes as daily check-ins do', () => {
    for (const t of [34.9, 42.1, Number.NaN]) expect(checkFollowUp({ reached: true, temperature: t, symptoms: ['none'] })).toMatchObject({ code: 'MONITORING_TEMPERATURE_INVALID' });
    for (const t of [35.0, 42.0, 37.3]) expect(checkFollowUp({ reached: true, temperature: t, symptoms: ['none'] }).ok).toBe(true);
    expect(checkFollowUp({ reached: true, temperature: 36.5, symptoms: ['none', 'cough'] })).toMatchObject({ code: 'MONITORING_SYMPTOMS_INVALID' });
    expect(checkFollowUp({ reached: true, temperature: 36.5, symptoms: ['headache'] })).toMatchObject({ code: 'MONITORING_SYMPTOMS_INVALID' });
    expect(checkFollowUp({ reached: false, note: 'x'.repeat(201) })).toMatchObject({ code: 'MONITORING_NOTE_TOO_LONG' });
  });
});

describe('completes (decision 0009)', () => {
  const plan = { status: 'active' as const, endOn: '2026-03-16' };
  const clean = { day: '2026-03-16', reached: true, temperature: 36.5, symptoms: ['none'] };
  it('completes after the end day when the latest reached follow-up since the end day is clean', () => {
    expect(completes(plan, clean, '2026-03-17')).toBe(true);
    expect(completes(plan, clean, '2026-03-16')).toBe(false);
    expect(completes(plan, { ...clean, day: '2026-03-15' }, '2026-03-17')).toBe(false);
    expect(completes(plan, null, '2026-03-20')).toBe(false);
  });
  it('not with a fever or a symptom, nor once closed', () => {
    expect(completes(plan, { ...clean, temperature: 37.3 }, '2026-03-17')).toBe(false);
    expect(completes(plan, { ...clean, symptoms: ['cough'] }, '2026-03-17')).toBe(false);
    expect(completes({ ...plan, status: 'ended' }, clean, '2026-03-17')).toBe(false);
  });
});

describe('flags and turns', () => {
  it('counts missed days and reads the last reached follow-up', () => {
    const plan = { status: 'active' as const, endOn: '2026-03-16', assignedAccountId: null, dueDays: 3, reachedDays: 1 };
    expect(flagsOf(plan, { temperature: 38.1, symptoms: ['none'] }, '2026-03-05')).toEqual({ missedDays: 2, fever: true, symptoms: false, overdue: false, unassigned: true });
    expect(flagsOf({ ...plan, assignedAccountId: 'a', reachedDays: 3 }, null, '2026-03-17')).toEqual({ missedDays: 0, fever: false, symptoms: false, overdue: true, unassigned: false });
  });
  it('hands plans to the workers in turn, whatever order they come in', () => {
    const workers = ['c', 'a', 'b'];
    const turns: string[] = [];
    let last: string | null = null;
    for (let i = 0; i < 4; i++) turns.push((last = nextAssignee(workers, last))!);
    expect(turns).toEqual(['a', 'b', 'c', 'a']);
    expect(nextAssignee(['a', 'c'], 'b')).toBe('c');
    expect(nextAssignee([], 'a')).toBeNull();
  });
  it('gives many turns at once as successive single turns would, from the cursor on', () => {
    const workers = ['c', 'a', 'b'];
    // Wrap-around: from the last worker back to the first, and round again.
    expect(nextAssignees(workers, 'b', 5)).toEqual(['c', 'a', 'b', 'c', 'a']);
    expect(nextAssignees(workers, 'c', 2)).toEqual(['a', 'b']);
    expect(nextAssignees(workers, null, 4)).toEqual(['a', 'b', 'c', 'a']);
    // The cursor at a worker who has left: the next one after them in the order, or the first after the end.
    expect(nextAssignees(['a', 'c', 'e'], 'b', 4)).toEqual(['c', 'e', 'a', 'c']);
    expect(nextAssignees(['a', 'c', 'e'], 'z', 2)).toEqual(['a', 'c']);
    // More turns than workers, one worker.
    expect(nextAssignees(['a', 'b'], 'a', 7)).toEqual(['b', 'a', 'b', 'a', 'b', 'a', 'b']);
    expect(nextAssignees(['only'], 'only', 3)).toEqual(['only', 'only', 'only']);
    // No worker: every turn unassigned; no turn asked: none.
    expect(nextAssignees([], 'a', 3)).toEqual([null, null, null]);
    expect(nextAssignees([], null, 0)).toEqual([]);
    expect(nextAssignees(workers, 'a', 0)).toEqual([]);
  });
  it('agrees with successive nextAssignee calls for every cursor and count', () => {
    const pools = [[], ['m'], ['k', 'd'], ['w3', 'w1', 'w2'], ['b', 'd', 'f', 'h']];
    const cursors = [null, 'a', 'b', 'c', 'd', 'e', 'h', 'k', 'm', 'w1', 'w2', 'w3', 'zz'];
    for (const pool of pools) {
      for (const cursor of cursors) {
        for (let count = 0; count <= 9; count++) {
          const successive: (string | null)[] = [];
          let last = cursor;
          for (let i = 0; i < count; i++) {
            const next = nextAssignee(pool, last);
            successive.push(next);
            if (next !== null) last = next;
          }
          expect(nextAssignees(pool, cursor, count), `${pool} from ${cursor} × ${count}`).toEqual(successive);
        }
      }
    }
  });
  it('keeps the keyset cursor and refuses a forged one', () => {
    const cursor = { startOn: '2026-03-02', id: '0b7d3c1e-1111-4222-8333-444455556666' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor('bm9wZQ')).toBeUndefined();
  });
});
