import { describe, expect, it } from 'vitest';
import { casePlan, caseWish, checkResult, checkVisit, sumCounts, type VisitInput } from './model.ts';

const visit = (over: Partial<VisitInput> = {}): VisitInput => ({
  temperature: 38.2, symptoms: ['fever'], onsetOn: '2026-03-09', epi: { travel: false, contact: false, cluster: false }, triage: 'observe', suspected: false, testOrdered: 'antigen', ...over,
});

describe('a desk registration', () => {
  it('takes 35.0–42.0 °C with one decimal, as follow-ups do', () => {
    expect(checkVisit(visit({ temperature: 35.0 }), '2026-03-10').ok).toBe(true);
    expect(checkVisit(visit({ temperature: 42.0 }), '2026-03-10').ok).toBe(true);
    for (const temperature of [34.9, 42.1, 37.25, Number.NaN]) expect(checkVisit(visit({ temperature }), '2026-03-10')).toMatchObject({ ok: false, code: 'CLINIC_TEMPERATURE_INVALID' });
  });
  it('takes the declaration\'s symptom codes, none alone, and an onset not after the visit', () => {
    expect(checkVisit(visit({ symptoms: ['fever', 'fever', 'taste_smell'] }), '2026-03-10')).toMatchObject({ ok: true, value: { symptoms: ['fever', 'taste_smell'] } });
    expect(checkVisit(visit({ symptoms: [] }), '2026-03-10')).toMatchObject({ ok: false, code: 'CLINIC_SYMPTOMS_INVALID' });
    expect(checkVisit(visit({ symptoms: ['none', 'cough'] }), '2026-03-10')).toMatchObject({ ok: false, code: 'CLINIC_SYMPTOMS_INVALID' });
    expect(checkVisit(visit({ onsetOn: '2026-03-11' }), '2026-03-10')).toMatchObject({ ok: false, code: 'CLINIC_ONSET_INVALID' });
    expect(checkVisit(visit({ onsetOn: '2026-02-30' }), '2026-03-10')).toMatchObject({ ok: false, code: 'CLINIC_ONSET_INVALID' });
  });
  it('has a pending result only when a test was ordered', () => {
    expect(checkVisit(visit(), '2026-03-10')).toMatchObject({ ok: true, value: { result: 'pending' } });
    expect(checkVisit(visit({ testOrdered: 'none' }), '2026-03-10')).toMatchObject({ ok: true, value: { result: null } });
  });
});

describe('a result', () => {
  const at = new Date('2026-03-10T02:00:00Z');
  const pending = { testOrdered: 'antigen' as const, result: 'pending' as const, visitedAt: at };
  it('is entered once, between the visit and now', () => {
    expect(checkResult(pending, 'positive', at, at)).toEqual({ ok: true, value: 'positive' });
    expect(checkResult({ ...pending, result: 'negative' }, 'positive', at, at)).toMatchObject({ code: 'CLINIC_RESULT_FINAL' });
    expect(checkResult({ ...pending, testOrdered: 'none', result: null }, 'positive', at, at)).toMatchObject({ code: 'CLINIC_NO_TEST_ORDERED' });
    expect(checkResult(pending, 'positive', new Date(at.getTime() - 1), at)).toMatchObject({ code: 'CLINIC_RESULT_TIME_INVALID' });
    expect(checkResult(pending, 'pending', at, at)).toMatchObject({ code: 'CLINIC_RESULT_INVALID' });
  });
});

describe('what a visit asks of the case registry', () => {
  it('positive → confirmed on the result day; suspected → suspected; else nothing', () => {
    expect(caseWish({ suspected: false, result: 'positive' }, '2026-03-10')).toEqual({ classification: 'confirmed', testedPositiveOn: '2026-03-10' });
    expect(caseWish({ suspected: true, result: 'pending' }, null)).toEqual({ classification: 'suspected', testedPositiveOn: null });
    expect(caseWish({ suspected: false, result: 'negative' }, '2026-03-10')).toBeUndefined();
  });
  it('never a second open case: register, promote a suspected case, or join', () => {
    const confirmed = { classification: 'confirmed' as const, testedPositiveOn: '2026-03-10' };
    expect(casePlan(confirmed, undefined)).toEqual({ action: 'register' });
    expect(casePlan(confirmed, { id: 'c', classification: 'suspected' })).toEqual({ action: 'promote', caseId: 'c' });
    expect(casePlan(confirmed, { id: 'c', classification: 'asymptomatic' })).toEqual({ action: 'join', caseId: 'c' });
    expect(casePlan({ classification: 'suspected', testedPositiveOn: null }, { id: 'c', classification: 'confirmed' })).toEqual({ action: 'join', caseId: 'c' });
  });
  it('sums report rows', () => {
    expect(sumCounts([{ patients: 1, fever: 1, suspected: 0, positive: 2, transferred: 0 }, { patients: 3, fever: 0, suspected: 1, positive: 0, transferred: 1 }]))
      .toEqual({ patients: 4, fever: 1, suspected: 1, positive: 2, transferred: 1 });
  });
});
