import { describe, expect, it } from 'vitest';
import { bucketOf, checkApplication, checkComment, checkReturnDecision, MOVE_BY, nextStatus, normaliseContactPhone, RESUMPTION_MOVES, RESUMPTION_STATUSES } from './model.ts';

describe('the resumption application state machine', () => {
  it('allows exactly draft → submitted → approved | returned → resubmitted → approved | returned', () => {
    const allowed = RESUMPTION_STATUSES.flatMap((s) => RESUMPTION_MOVES.filter((m) => m !== 'edit').map((m) => [s, m, nextStatus(s, m)] as const)).filter(([, , to]) => to);
    expect(allowed).toEqual([
      ['draft', 'submit', 'submitted'],
      ['submitted', 'approve', 'approved'],
      ['submitted', 'return', 'returned'],
      ['returned', 'submit', 'resubmitted'],
      ['resubmitted', 'approve', 'approved'],
      ['resubmitted', 'return', 'returned'],
    ]);
  });
  it('edits only drafts and returned applications, and gives decisions to officials only', () => {
    expect(RESUMPTION_STATUSES.filter((s) => nextStatus(s, 'edit'))).toEqual(['draft', 'returned']);
    expect(MOVE_BY).toEqual({ edit: 'admin', submit: 'admin', approve: 'official', return: 'official' });
  });
  it('needs a comment to return, not to approve', () => {
    expect(checkComment('return', ' ')).toBeUndefined();
    expect(checkComment('return', '补充材料')).toBe('补充材料');
    expect(checkComment('approve', '')).toBeNull();
    expect(checkComment('approve', 'x'.repeat(501))).toBeUndefined();
  });
});

describe('application fields', () => {
  const ok = { headcount: 10, returningCount: 2, measures: '消毒', masks: 100, disinfectantLitres: 5, contactName: ' 陈  建国 ', contactPhone: '+86 138 1234 5678' };
  it('normalises the contact and accepts mobiles and landlines with area codes', () => {
    expect(checkApplication(ok)).toEqual({ ok: true, value: { ...ok, contactName: '陈 建国', contactPhone: '13812345678' } });
    expect(normaliseContactPhone('0571-87654321')).toBe('0571-87654321');
    expect(normaliseContactPhone('87654321')).toBeUndefined();
  });
  it('names the first wrong field', () => {
    expect(checkApplication({ ...ok, returningCount: 11 })).toEqual({ ok: false, code: 'RESUMPTION_INPUT_INVALID', field: 'returningCount' });
    expect(checkApplication({ ...ok, masks: 1.5 })).toMatchObject({ field: 'masks' });
    expect(checkApplication({ ...ok, contactPhone: '110' })).toMatchObject({ code: 'RESUMPTION_CONTACT_PHONE_INVALID' });
  });
});

describe('return-to-work buckets and decisions', () => {
  it('counts as back only from the approved day, observation before waiting', () => {
    expect(bucketOf({ status: 'approved', approvedOn: '2026-03-02', quarantine: 'home_observation' }, '2026-03-02')).toBe('back');
    expect(bucketOf({ status: 'approved', approvedOn: '2026-03-03', quarantine: 'none' }, '2026-03-02')).toBe('waiting');
    expect(bucketOf({ status: 'pending', approvedOn: null, quarantine: 'centralised' }, '2026-03-02')).toBe('observation');
    expect(bucketOf({ status: 'waiting', approvedOn: null, quarantine: 'finished' }, '2026-03-02')).toBe('waiting');
  });
  it('approves only with a day in range', () => {
    expect(checkReturnDecision({ decision: 'approve' }, '2026-03-02')).toMatchObject({ ok: false, field: 'approvedOn' });
    expect(checkReturnDecision({ decision: 'approve', approvedOn: '2026-01-01' }, '2026-03-02')).toMatchObject({ ok: false });
    expect(checkReturnDecision({ decision: 'wait', comment: ' ' }, '2026-03-02')).toEqual({ ok: true, value: { status: 'waiting', approvedOn: null, comment: null } });
  });
});
