import { describe, expect, it } from 'vitest';
import { DIAL_OUTCOMES } from '../channels/channel.ts';
import { ABNORMAL_REASONS, CALL_RESULTS } from '../dialogue/model.ts';
import {
  abnormalReasonsOf, completedOf, keptTemperature, OUTCOME_ZH, REASON_ZH, reportCounts, RESULT_ZH, screeningFactOf, taskKindOf, taskNote,
} from './model.ts';
import { decodeTaskCursor, encodeTaskCursor } from './cursor.ts';

describe('reportCounts', () => {
  it('gives every result, outcome and reason a count (zero when absent) and a funnel whose completed excludes not reached', () => {
    const counts = reportCounts(
      { total: 10, dialled: 8, connected: 6, results: { normal: 3, abnormal: 1, not_reached: 2, refused: 1 }, symptoms: { fever: 1 } },
      { connected: 7, busy: 3, bogus: 9 },
    );
    expect(counts.funnel).toEqual({ total: 10, dialled: 8, connected: 6, completed: 5 });
    expect(Object.keys(counts.results)).toEqual([...CALL_RESULTS]);
    expect(counts.results).toMatchObject({ needs_checking: 0, not_reached: 2 });
    expect(Object.keys(counts.outcomes).sort()).toEqual([...DIAL_OUTCOMES].sort());
    expect(counts.outcomes).toMatchObject({ connected: 7, busy: 3, no_answer: 0 });
    expect(counts.symptoms).toEqual({ fever: 1, cough: 0, diarrhea: 0, fatigue: 0, breathing: 0, travel: 0, contact: 0 });
  });

  it('counts completed as the results a dialogue gave', () => {
    expect(completedOf({ normal: 1, abnormal: 2, needs_checking: 3, refused: 4, not_reached: 100 })).toBe(10);
    expect(completedOf({})).toBe(0);
  });
});

describe('screeningFactOf', () => {
  const at = new Date('2026-03-02T02:00:00Z');
  it('makes a fact of normal and abnormal results only', () => {
    expect(screeningFactOf('abnormal', ['cough', 'fever', 'nonsense'], 38.24, at)).toEqual({ answeredAt: at, abnormal: true, reasons: ['fever', 'cough'], temperature: 38.2 });
    expect(screeningFactOf('normal', ['fever'], 36.5, at)).toEqual({ answeredAt: at, abnormal: false, reasons: [], temperature: 36.5 });
    for (const result of ['needs_checking', 'refused', 'not_reached'] as const) expect(screeningFactOf(result, ['fever'], 38, at), result).toBeNull();
  });
});

describe('small rules', () => {
  it('keeps temperatures a thermometer shows, rounded to one decimal', () => {
    expect(keptTemperature(37.25)).toBe(37.3);
    expect(keptTemperature(365)).toBeNull();
    expect(keptTemperature('37.5')).toBeNull();
    expect(keptTemperature(undefined)).toBeNull();
    expect(keptTemperature(Number.NaN)).toBeNull();
  });

  it('orders reasons as the catalogue and drops unknown words', () => {
    expect(abnormalReasonsOf(['contact', 'x', 'fever'])).toEqual(['fever', 'contact']);
  });

  it('trims a task note, empty is none, longer than 500 characters is refused', () => {
    expect(taskNote('  已核实 ')).toBe('已核实');
    expect(taskNote('   ')).toBeNull();
    expect(taskNote(undefined)).toBeNull();
    expect(taskNote('核'.repeat(500))).toHaveLength(500);
    expect(taskNote('核'.repeat(501))).toBeUndefined();
  });

  it('round-trips the task cursor and refuses a forged one', () => {
    const cursor = { createdAt: new Date('2026-03-02T02:00:00.123Z'), id: '0b8f3c1e-8a61-4b39-9d0e-3f7b8b3f4c11' };
    expect(decodeTaskCursor(encodeTaskCursor(cursor))).toEqual(cursor);
    expect(decodeTaskCursor('bm90IGEgY3Vyc29y')).toBeUndefined();
    expect(decodeTaskCursor(Buffer.from('yesterday|0b8f3c1e-8a61-4b39-9d0e-3f7b8b3f4c11').toString('base64url'))).toBeUndefined();
  });

  it('names every result, outcome and reason in Chinese for the sheets', () => {
    for (const r of CALL_RESULTS) expect(RESULT_ZH[r]).toMatch(/\p{Script=Han}/u);
    for (const o of DIAL_OUTCOMES) expect(OUTCOME_ZH[o]).toMatch(/\p{Script=Han}/u);
    for (const r of ABNORMAL_REASONS) expect(REASON_ZH[r]).toMatch(/\p{Script=Han}/u);
  });
});

describe('taskKindOf', () => {
  it('opens a follow-up for abnormal, a home visit for not reached, nothing for the other results', () => {
    expect(Object.fromEntries(CALL_RESULTS.map((r) => [r, taskKindOf(r)]))).toEqual({
      normal: null, abnormal: 'follow_up', needs_checking: null, not_reached: 'home_visit', refused: null,
    });
  });
});
