import { describe, expect, it } from 'vitest';
import { ApiError, NETWORK_ERROR } from '../../common/http-error.ts';
import type { CheckinAnswer } from '../api/checkins.ts';
import { gateStateOf, refusedOutcome, rememberedVenue, rememberVenue, verdictFromCheckin, verdictFromRefusal } from './gate-checkin.ts';
import type { Verdict } from './verdict.ts';

const AT = new Date('2026-03-02T06:00:00Z');
const local: Verdict = { outcome: 'valid', colour: 'green', maskedName: '李*英', printed: false, shownColour: null, live: 'pending', checkedAt: AT };

function answer(colour: 'green' | 'yellow' | 'red' | null, merged = false, method: CheckinAnswer['method'] = 'guard_code'): CheckinAnswer {
  return {
    venue: { id: 'v1', name: '西溪超市', kind: 'shop', number: '330106004-0001', address: '文三路', regionCode: '330106004' },
    method,
    items: [{ checkinId: '7', personId: 'p1', nameMasked: '李*英', colour, checkedInAt: '2026-03-02T06:00:02Z', leaveAt: '2026-03-02T06:30:02Z', merged, geofenceFar: false, distanceM: null }],
    alert: colour === 'red' || colour === 'yellow',
    message: { zh: '登记成功', en: 'Checked in' },
  };
}

const storage = () => {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
};

describe('the verdict from a guard check-in', () => {
  it('confirms the code\'s colour when the recorded live colour is the same', () => {
    const v = verdictFromCheckin(local, answer('green'));
    expect(v).toMatchObject({ outcome: 'valid', colour: 'green', live: 'confirmed', shownColour: null, maskedName: '李*英' });
    expect(v.checkedAt.toISOString()).toBe('2026-03-02T06:00:02.000Z');
    expect(gateStateOf(answer('green'))).toBe('recorded');
  });

  it('shows the live colour, marked as changed, with the colour the code showed', () => {
    expect(verdictFromCheckin(local, answer('red'))).toMatchObject({ colour: 'red', live: 'changed', shownColour: 'green' });
  });

  it('takes the server\'s word when this device could not verify (no trust list) and marks a printed code', () => {
    const unverified: Verdict = { ...local, outcome: 'trust_missing', colour: null, maskedName: null };
    expect(verdictFromCheckin(unverified, answer('yellow', false, 'guard_printed'))).toMatchObject({
      outcome: 'valid', colour: 'yellow', live: 'changed', shownColour: null, printed: true, maskedName: '李*英',
    });
  });

  it('says merged for a repeat within 2 minutes', () => {
    expect(gateStateOf(answer('green', true))).toBe('merged');
  });
});

describe('a refused code', () => {
  const invalid = (details: unknown) => new ApiError(422, { code: 'CHECKIN_CODE_INVALID', zh: '健康码无效', en: 'invalid', details }, 'zh-CN');

  it('names the server\'s verification outcome, confirmed when this device found the same', () => {
    expect(refusedOutcome(invalid({ outcome: 'revoked' }))).toBe('revoked');
    const revokedHere: Verdict = { ...local, outcome: 'revoked', colour: null };
    expect(verdictFromRefusal(revokedHere, 'revoked')).toMatchObject({ outcome: 'revoked', colour: null, live: 'confirmed' });
    expect(verdictFromRefusal(local, 'revoked')).toMatchObject({ outcome: 'revoked', colour: null, live: 'changed' });
  });

  it('is not any other failure, and an unknown outcome reads as malformed', () => {
    expect(refusedOutcome(new ApiError(0, NETWORK_ERROR, 'zh-CN'))).toBeNull();
    expect(refusedOutcome(new ApiError(422, { code: 'CHECKIN_CODE_FOREIGN', zh: '外地', en: 'foreign' }, 'zh-CN'))).toBeNull();
    expect(refusedOutcome(invalid({ outcome: 'weird' }))).toBe('malformed');
  });
});

describe('the remembered venue', () => {
  it('belongs to the guard who chose it', () => {
    const s = storage();
    rememberVenue(s, 'gate-1', { id: 'v1', name: '西溪超市', number: '330106004-0001' });
    expect(rememberedVenue(s, 'gate-1')).toEqual({ id: 'v1', name: '西溪超市', number: '330106004-0001' });
    expect(rememberedVenue(s, 'gate-2')).toBeNull();
    expect(rememberedVenue(s, null)).toBeNull();
    rememberVenue(s, 'gate-1', null);
    expect(rememberedVenue(s, 'gate-1')).toBeNull();
  });

  it('survives garbage in storage', () => {
    const s = storage();
    s.setItem('fy.scan.venue', '{not json');
    expect(rememberedVenue(s, 'gate-1')).toBeNull();
  });
});
