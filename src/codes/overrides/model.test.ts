import { describe, expect, it } from 'vitest';
import {
  checkGrounds, checkProposal, decisionWindow, decodePageCursor, encodePageCursor, establishmentWindow, evidenceSource, isInForce, isLapsed, officeName,
} from './model.ts';

const base = { personId: 'p', colour: 'red' as const, reason: '流调发现', legalBasis: '《传染病防治法》第三十九条' };

describe('manual decision model', () => {
  it('defaults to 7 days and bounds reason, legal basis and days', () => {
    expect(checkProposal(base)).toMatchObject({ ok: true, value: { validDays: 7 } });
    expect(checkProposal({ ...base, reason: 'x'.repeat(501) })).toMatchObject({ ok: false, code: 'OVERRIDE_REASON_INVALID' });
    expect(checkProposal({ ...base, legalBasis: '法' })).toMatchObject({ ok: false, code: 'OVERRIDE_LEGAL_BASIS_INVALID' });
    expect(checkProposal({ ...base, validDays: 1.5 })).toMatchObject({ ok: false, code: 'OVERRIDE_VALID_DAYS_INVALID' });
    expect(checkProposal({ ...base, validDays: 14 })).toMatchObject({ ok: true });
  });

  it('names the office, never a person; windows and lapses by time', () => {
    expect(officeName('杭州市')).toBe('杭州市卫健部门');
    const at = new Date('2026-03-02T02:00:00Z');
    expect(decisionWindow(at, 2).until.toISOString()).toBe('2026-03-04T02:00:00.000Z');
    expect(isLapsed({ status: 'pending', expiresAt: at }, at)).toBe(true);
    expect(isLapsed({ status: 'approved', expiresAt: at }, at)).toBe(false);
    expect(isLapsed({ status: 'pending', expiresAt: new Date(at.getTime() + 1) }, at)).toBe(false);
  });

  it('checks the grounds of any proposal, trimmed, keeping its other fields', () => {
    expect(checkGrounds({ declarationId: 'd', reason: ' 行程卡与申报不符 ', legalBasis: '《传染病防治法》第十二条' }))
      .toEqual({ ok: true, value: { declarationId: 'd', reason: '行程卡与申报不符', legalBasis: '《传染病防治法》第十二条' } });
    expect(checkGrounds({ reason: '短', legalBasis: '《传染病防治法》' })).toMatchObject({ ok: false, code: 'OVERRIDE_REASON_INVALID' });
    expect(checkGrounds({ reason: '足够长的理由', legalBasis: '' })).toMatchObject({ ok: false, code: 'OVERRIDE_LEGAL_BASIS_INVALID' });
  });

  it('an establishment is in force from approval until revoked; a decision until its end; a revocation never', () => {
    const at = new Date('2026-03-02T02:00:00Z');
    const later = new Date(at.getTime() + 1);
    const approved = { status: 'approved', revokedAt: null };
    expect(establishmentWindow(at)).toEqual({ from: at, until: null });
    expect(isInForce({ ...approved, kind: 'false_declaration', effectiveUntil: null }, new Date('2030-01-01T00:00:00Z'))).toBe(true);
    expect(isInForce({ ...approved, kind: 'false_declaration', effectiveUntil: null, revokedAt: at }, at)).toBe(false);
    expect(isInForce({ ...approved, kind: 'false_declaration', effectiveUntil: null, status: 'pending' }, at)).toBe(false);
    expect(isInForce({ ...approved, kind: 'decide', effectiveUntil: later }, at)).toBe(true);
    expect(isInForce({ ...approved, kind: 'decide', effectiveUntil: at }, at)).toBe(false);
    expect(isInForce({ ...approved, kind: 'revoke', effectiveUntil: null }, at)).toBe(false);
    expect([evidenceSource('decide'), evidenceSource('false_declaration')]).toEqual(['manual_decision', 'false_declaration']);
  });

  it('round-trips page cursors and refuses garbage', () => {
    const cursor = { at: new Date('2026-03-02T02:00:00Z'), id: '0b0a1f7e-3c1c-4b8e-9a51-7c2f5d1e2a3b' };
    expect(decodePageCursor(encodePageCursor(cursor))).toEqual(cursor);
    expect(decodePageCursor('bad')).toBeUndefined();
  });
});
