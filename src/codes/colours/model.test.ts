import { describe, expect, it } from 'vitest';
import { decideStatus, MIN_REVIEW_DELAY_MS, NO_RISK_REASON, releaseWords, type CodeStatus, type ColourReason } from './model.ts';

const at = new Date('2026-03-01T02:00:00Z');
const personId = '00000000-0000-4000-8000-000000000001';
const context = { personId, at, ruleSetRef: 'bundled:hangzhou-2020', evidenceRef: 'declaration:x', actor: { kind: 'system' as const } };
const yellow: ColourReason = {
  ruleId: 'symptoms', ruleVersion: '1', reasonCode: 'symptoms_declared', colour: 'yellow', since: '2026-03-01T01:00:00.000Z', until: null,
  earliestReleaseAt: '2026-03-08T01:00:00.000Z', release: null, manual: false, text: { zh: '申报了症状', en: 'Declared symptoms' },
};

describe('decideStatus', () => {
  it('gives green with the no-risk reason and a first event when nothing matched', () => {
    const { status, event } = decideStatus(undefined, { colour: 'green', reasons: [], nextReviewAt: null }, context);
    expect(status).toMatchObject({ colour: 'green', since: at, until: null, reasons: [NO_RISK_REASON], nextReviewAt: null });
    expect(event).toMatchObject({ fromColour: null, toColour: 'green', reasonCode: 'no_risk', evidenceRef: 'declaration:x', actor: { kind: 'system' } });
  });

  it('dates a new colour from its deciding reason and records the change', () => {
    const previous: CodeStatus = { personId, colour: 'green', since: new Date('2026-02-01T00:00:00Z'), until: null, ruleSetRef: 'x', reasons: [NO_RISK_REASON], nextReviewAt: null, evaluatedAt: at };
    const { status, event } = decideStatus(previous, { colour: 'yellow', reasons: [yellow], nextReviewAt: new Date('2026-03-08T01:00:00Z') }, context);
    expect(status.since).toEqual(new Date(yellow.since!));
    expect(status.nextReviewAt).toEqual(new Date('2026-03-08T01:00:00Z'));
    expect(event).toMatchObject({ fromColour: 'green', toColour: 'yellow', reasonCode: 'symptoms_declared', ruleId: 'symptoms', ruleVersion: '1' });
  });

  it('keeps since and writes no event when colour and reasons stay', () => {
    const previous: CodeStatus = { personId, colour: 'yellow', since: new Date('2026-02-28T00:00:00Z'), until: null, ruleSetRef: 'x', reasons: [yellow], nextReviewAt: null, evaluatedAt: at };
    const { status, event } = decideStatus(previous, { colour: 'yellow', reasons: [yellow], nextReviewAt: null }, context);
    expect(status.since).toEqual(previous.since);
    expect(event).toBeUndefined();
  });

  it('writes an event when the reasons change under the same colour', () => {
    const previous: CodeStatus = { personId, colour: 'yellow', since: at, until: null, ruleSetRef: 'x', reasons: [yellow], nextReviewAt: null, evaluatedAt: at };
    const other = { ...yellow, ruleId: 'travel', reasonCode: 'risk_area_travel' };
    expect(decideStatus(previous, { colour: 'yellow', reasons: [other], nextReviewAt: null }, context).event).toMatchObject({ reasonCode: 'risk_area_travel' });
  });

  it('never schedules a review sooner than a minute ahead', () => {
    const { status } = decideStatus(undefined, { colour: 'yellow', reasons: [yellow], nextReviewAt: new Date(at.getTime() - 1000) }, context);
    expect(status.nextReviewAt).toEqual(new Date(at.getTime() + MIN_REVIEW_DELAY_MS));
  });
});

describe('releaseWords', () => {
  it('says what releases a colour', () => {
    expect(releaseWords({ days: 7, consecutiveNormalCheckins: 7 }, null)?.zh).toContain('连续 7 天');
    expect(releaseWords({ days: 7, consecutiveNormalCheckins: 0 }, null)?.en).toContain('7 days');
    expect(releaseWords(null, null)).toBeNull();
  });
});
