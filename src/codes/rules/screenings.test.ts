import { describe, expect, it } from 'vitest';
import { evaluate, loadBundledRuleSet, parsePersonFacts } from './index.ts';

const call = (answeredAt: string, abnormal: boolean, reasons: string[] = []) => ({ answeredAt, abnormal, reasons, temperature: abnormal ? 38.2 : 36.5 });

describe('the screenings fact (智能外呼筛查)', () => {
  it('is read from JSON, refusing unknown reasons and a missing abnormal flag', () => {
    const facts = parsePersonFacts({ screenings: [call('2020-07-01T10:00:00+08:00', true, ['fever'])] });
    expect(facts.screenings).toEqual([{ answeredAt: new Date('2020-07-01T02:00:00Z'), abnormal: true, reasons: ['fever'], temperature: 38.2 }]);
    expect(() => parsePersonFacts({ screenings: [{ answeredAt: '2020-07-01T10:00:00+08:00', reasons: ['sneezing'] }] }))
      .toThrow(expect.objectContaining({
        code: 'RULE_FACTS_INVALID',
        details: { problems: [{ path: '$.screenings[0].abnormal', message: expect.any(String) }, { path: '$.screenings[0].reasons[0]', message: expect.any(String) }] },
      }));
  });

  it.each([['hangzhou-2020', 7], ['hangzhou-2022', 3]] as const)('%s: an abnormal call is yellow for %i days, in words naming what was found', (name, days) => {
    const set = loadBundledRuleSet(name);
    const facts = parsePersonFacts({ screenings: [call('2022-07-01T10:00:00+08:00', true, ['cough', 'travel'])] });
    const yellow = evaluate(set, facts, { at: new Date('2022-07-01T12:00:00+08:00'), riskAreas: [] });
    expect(yellow.colour).toBe('yellow');
    expect(yellow.reasons[0]!.text.zh).toContain('智能外呼筛查发现异常（咳嗽、到访风险地区）');
    expect(yellow.reasons[0]!.text.en).toContain('a cough, a stay in a risk area');
    expect(yellow.nextReviewAt).toEqual(new Date(new Date('2022-07-01T10:00:00+08:00').getTime() + days * 86_400_000));
    expect(evaluate(set, facts, { at: yellow.nextReviewAt!, riskAreas: [] }).colour).toBe('green');
  });
});
