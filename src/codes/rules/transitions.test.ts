import { describe, expect, it } from 'vitest';
import { evaluate, loadBundledRuleSet, type PersonFacts, type RiskArea } from './index.ts';
import { at, checkins, declaration, facts } from './test-helpers.ts';

const hz2020 = loadBundledRuleSet('hangzhou-2020');
const hz2022 = loadBundledRuleSet('hangzhou-2022');
const WUHAN: RiskArea[] = [{ regionCode: '420100', level: 'high', name: '湖北省武汉市' }];
const exposedAt = at('2020-02-10 10:00');
const closeContact = (extra: Partial<PersonFacts> = {}) => facts({ contacts: [{ kind: 'close', exposedAt }], ...extra });
const colourAt = (f: PersonFacts, when: string, riskAreas: RiskArea[] = []) => evaluate(hz2020, f, { at: at(when), riskAreas }).colour;

describe('a close contact (Hangzhou 2020)', () => {
  it('is green before the exposure is known and red from then on, explained without naming anyone', () => {
    const later = facts({ contacts: [{ kind: 'close', exposedAt: at('2020-02-12 10:00') }] });
    expect(colourAt(later, '2020-02-12 09:59')).toBe('green');
    expect(colourAt(later, '2020-02-12 10:00')).toBe('red');
    const result = evaluate(hz2020, closeContact(), { at: at('2020-02-11 11:00'), riskAreas: [] });
    expect(result.colour).toBe('red');
    const [reason] = result.reasons;
    expect(reason).toMatchObject({ ruleId: 'HZ2020-CLOSE-CONTACT', reasonCode: 'close_contact', since: exposedAt, until: null, release: { days: 14, consecutiveNormalCheckins: 14 } });
    expect(reason!.earliestReleaseAt).toEqual(at('2020-02-24 10:00'));
    expect(reason!.text.zh).toContain('经流调判定，您是密切接触者');
    expect(reason!.text.zh).toContain('满14天且连续14天打卡正常后，自动转为绿码');
  });

  it('stays red on day 15 with 13 normal check-ins, and only a check-in can change that', () => {
    const result = evaluate(hz2020, closeContact({ dailyCheckins: checkins('2020-02-11', 13) }), { at: at('2020-02-25 12:00'), riskAreas: [] });
    expect(result.colour).toBe('red');
    expect(result.reasons[0]!.checkinsSoFar).toBe(0); // day 14 was missed
    expect(result.nextReviewAt).toBeNull();
  });

  it('turns green after 14 clean days and 14 consecutive normal check-ins, not a minute before the 14 days', () => {
    const f = closeContact({ dailyCheckins: checkins('2020-02-11', 14) });
    const before = evaluate(hz2020, f, { at: at('2020-02-24 09:59'), riskAreas: [] });
    expect(before.colour).toBe('red');
    expect(before.reasons[0]!.checkinsSoFar).toBe(14);
    expect(before.nextReviewAt).toEqual(at('2020-02-24 10:00'));
    expect(colourAt(f, '2020-02-24 10:00')).toBe('green');
    const after = evaluate(hz2020, f, { at: at('2020-03-20 10:00'), riskAreas: [] });
    expect(after).toEqual({ colour: 'green', reasons: [], nextReviewAt: null });
  });

  it('restarts the count after an abnormal check-in', () => {
    const f = closeContact({ dailyCheckins: checkins('2020-02-11', 20, ['2020-02-15']) });
    expect(colourAt(f, '2020-02-28 20:00')).toBe('red'); // 16th–28th: 13 in a row
    expect(colourAt(f, '2020-02-29 20:00')).toBe('green'); // 14 in a row
  });

  it('restarts the count after a missed day', () => {
    const f = closeContact({ dailyCheckins: checkins('2020-02-11', 20, [], ['2020-02-20']) });
    expect(colourAt(f, '2020-03-05 20:00')).toBe('red'); // 21st–1st: 10 in a row, then no more check-ins
    const more = closeContact({ dailyCheckins: checkins('2020-02-11', 24, [], ['2020-02-20']) });
    expect(colourAt(more, '2020-03-05 20:00')).toBe('green'); // 21st–5th: 14 in a row
  });

  it('does not bring the red back when check-ins stop after the release', () => {
    expect(colourAt(closeContact({ dailyCheckins: checkins('2020-02-11', 14) }), '2020-04-01 10:00')).toBe('green');
  });
});

describe('high-risk travel (Hangzhou 2020)', () => {
  const traveller = (extra: Partial<PersonFacts> = {}) => facts({ declarations: [declaration({ stayedRegionCodes: ['330106', '420106'] })], ...extra });

  it('is yellow with the risk area named, and released after 7 days and 7 consecutive normal check-ins', () => {
    const result = evaluate(hz2020, traveller(), { at: at('2020-02-11 10:00'), riskAreas: WUHAN });
    expect(result.colour).toBe('yellow');
    expect(result.reasons[0]!.text.zh).toBe('您14天内到访过高风险地区（湖北省武汉市），健康码为黄码。需居家健康观察7天并每天健康打卡，满7天且连续7天打卡正常后，自动转为绿码。');
    expect(result.reasons[0]!.params).toEqual({ regions: '湖北省武汉市' });
    expect(colourAt(traveller({ dailyCheckins: checkins('2020-02-11', 6) }), '2020-02-17 12:00', WUHAN)).toBe('yellow');
    expect(colourAt(traveller({ dailyCheckins: checkins('2020-02-11', 7) }), '2020-02-17 12:00', WUHAN)).toBe('green');
  });

  it('is forgotten 14 days after the declaration even without check-ins, and says so through nextReviewAt', () => {
    const result = evaluate(hz2020, traveller(), { at: at('2020-02-20 10:00'), riskAreas: WUHAN });
    expect(result.colour).toBe('yellow');
    expect(result.nextReviewAt).toEqual(at('2020-02-24 10:00'));
    expect(colourAt(traveller(), '2020-02-24 10:00', WUHAN)).toBe('green');
  });

  it('with a fever turns red, and both reasons are listed strongest first', () => {
    const f = facts({ declarations: [declaration({ stayedRegionCodes: ['420106'], temperature: 38.1 })] });
    const result = evaluate(hz2020, f, { at: at('2020-02-11 10:00'), riskAreas: WUHAN });
    expect(result.colour).toBe('red');
    expect(result.reasons.map((r) => r.reasonCode)).toEqual(['fever_high_risk_travel', 'high_risk_travel', 'symptoms']);
  });
});

describe('manual decisions', () => {
  const decision = { colour: 'green' as const, since: at('2020-02-11 09:00'), until: at('2020-02-18 09:00'), office: '西湖区卫生健康局', reasonCode: 'tracing_error' };

  it('decide the colour over the rules while in force, name the office and mark the other reasons overridden', () => {
    const result = evaluate(hz2020, closeContact({ manualDecisions: [decision] }), { at: at('2020-02-12 10:00'), riskAreas: [] });
    expect(result.colour).toBe('green');
    expect(result.reasons.map((r) => [r.reasonCode, r.overridden])).toEqual([['manual_decision', false], ['close_contact', true]]);
    expect(result.reasons[0]!.text.zh).toBe('西湖区卫生健康局经两名工作人员审核，人工核定您的健康码为绿码，有效期至2月18日。如有疑问，可在本页申请纠错。');
    expect(result.nextReviewAt).toEqual(at('2020-02-18 09:00'));
    expect(colourAt(closeContact({ manualDecisions: [decision] }), '2020-02-18 09:00')).toBe('red');
  });
});

describe('a close contact (Hangzhou 2022)', () => {
  const f = facts({ contacts: [{ kind: 'close', exposedAt: at('2022-07-01 10:00') }], dailyCheckins: checkins('2022-07-02', 7) });
  const run = (when: string) => evaluate(hz2022, f, { at: at(when), riskAreas: [] });

  it('is red for 7 days, yellow on days 8–10, then green', () => {
    expect(run('2022-07-05 10:00').colour).toBe('red');
    const red = run('2022-07-08 09:00');
    expect(red.colour).toBe('red');
    expect(red.nextReviewAt).toEqual(at('2022-07-08 10:00'));
    const yellow = run('2022-07-09 10:00');
    expect(yellow.colour).toBe('yellow');
    expect(yellow.reasons[0]).toMatchObject({ reasonCode: 'close_contact_monitoring', since: at('2022-07-08 10:00'), until: at('2022-07-11 10:00') });
    expect(yellow.reasons[0]!.text.zh).toContain('7月11日自动转为绿码');
    expect(yellow.nextReviewAt).toEqual(at('2022-07-11 10:00'));
    expect(run('2022-07-11 10:00').colour).toBe('green');
  });
});
