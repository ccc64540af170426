import { describe, expect, it } from 'vitest';
import { normalisePhone } from './phone.ts';

describe('normalisePhone', () => {
  it.each([
    ['13812345678', '13812345678', 'mobile'],
    ['138 1234 5678', '13812345678', 'mobile'],
    ['138-1234-5678', '13812345678', 'mobile'],
    ['+86 138 1234 5678', '13812345678', 'mobile'],
    ['+86-13812345678', '13812345678', 'mobile'],
    ['008613812345678', '13812345678', 'mobile'],
    ['8613812345678', '13812345678', 'mobile'],
    ['１３８１２３４５６７８', '13812345678', 'mobile'],
    ['0571-87654321', '057187654321', 'fixed'],
    ['(0571) 8765 4321', '057187654321', 'fixed'],
    ['（0571）87654321', '057187654321', 'fixed'],
    ['010-62345678', '01062345678', 'fixed'],
    ['021 6234 5678', '02162345678', 'fixed'],
    ['0738-8234567', '07388234567', 'fixed'],
    ['+86 10 6234 5678', '01062345678', 'fixed'],
    ['+86 571 8765 4321', '057187654321', 'fixed'],
  ])('%s → %s (%s)', (raw, phone, kind) => {
    expect(normalisePhone(raw)).toEqual({ ok: true, phone, kind });
  });

  it('reads a number cell of a spreadsheet', () => {
    expect(normalisePhone(13912345678)).toEqual({ ok: true, phone: '13912345678', kind: 'mobile' });
  });

  it.each(['', '   ', null, undefined])('%j is required', (raw) => {
    expect(normalisePhone(raw as string | null | undefined)).toEqual({ ok: false, code: 'CALLBOT_PHONE_REQUIRED' });
  });

  it.each([
    '12812345678', // no 12x mobile prefix
    '1381234567', // 10 digits
    '138123456789', // 12 digits
    '95588', // bank service number
    '400-820-8820', // 400 number
    '110',
    '+1 415 555 0100', // another country
    '0571-1234567', // local number cannot start with 1
    '010-6234567', // Beijing needs 8 digits
    'abc',
    '138abc45678',
  ])('%s is invalid', (raw) => {
    expect(normalisePhone(raw)).toEqual({ ok: false, code: 'CALLBOT_PHONE_INVALID' });
  });

  it.each(['0571-87654321-123', '0571-87654321转123', '0571 87654321 ext. 12', '010-62345678 分机 8001', '0571-87654321#12'])('%s has an extension', (raw) => {
    expect(normalisePhone(raw)).toEqual({ ok: false, code: 'CALLBOT_PHONE_EXTENSION' });
  });
});
