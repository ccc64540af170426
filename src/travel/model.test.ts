import { describe, expect, it } from 'vitest';
import { checkReturn, checkTrip, decodeCursor, encodeCursor, normaliseTransportNumber, observationFor } from './model.ts';

const today = '2026-03-02';
const trip = { personId: 'p', fromRegionCode: '330102', toRegionCode: '420106', leaveOn: '2026-03-02', returnOn: '2026-03-05', transport: 'train', transportNumber: 'G7512', purpose: '探亲' };

describe('train and flight numbers', () => {
  it.each([['train', 'g 7512', 'G7512'], ['train', 'K1234', 'K1234'], ['train', '1461', '1461'], ['flight', 'ca1234', 'CA1234'], ['flight', '3U8888', '3U8888']] as const)('%s %s → %s', (transport, raw, expected) => {
    expect(normaliseTransportNumber(transport, raw)).toBe(expected);
  });
  it.each([['train', 'G12345'], ['train', 'X12'], ['flight', '12345'], ['flight', 'CA12'], ['car', 'G7512']] as const)('refuses %s %s', (transport, raw) => {
    expect(normaliseTransportNumber(transport, raw)).toBeUndefined();
  });
});

describe('checkTrip', () => {
  it('accepts a trip from today, drops the destination from via and a number for a car is refused', () => {
    expect(checkTrip({ ...trip, viaRegionCodes: ['430102', '420106', '430102'] }, today)).toMatchObject({ ok: true, value: { viaRegionCodes: ['430102'], transportNumber: 'G7512' } });
    expect(checkTrip({ ...trip, transport: 'car' }, today)).toMatchObject({ ok: false, code: 'TRAVEL_NUMBER_NOT_ALLOWED' });
    expect(checkTrip({ ...trip, transport: 'car', transportNumber: null }, today)).toMatchObject({ ok: true, value: { transportNumber: null } });
  });
  it('refuses past, reversed, impossible and too long dates', () => {
    expect(checkTrip({ ...trip, leaveOn: '2026-03-01' }, today)).toMatchObject({ code: 'TRAVEL_LEAVE_IN_PAST' });
    expect(checkTrip({ ...trip, returnOn: '2026-03-01' }, today)).toMatchObject({ code: 'TRAVEL_RETURN_BEFORE_LEAVE' });
    expect(checkTrip({ ...trip, returnOn: '2026-02-30' }, today)).toMatchObject({ code: 'TRAVEL_DATE_INVALID' });
    expect(checkTrip({ ...trip, returnOn: '2026-12-31' }, today)).toMatchObject({ code: 'TRAVEL_TOO_LONG' });
  });
});

describe('returns and home observation', () => {
  it('takes a return day between leaving and today only', () => {
    expect(checkReturn({ returnedOn: '2026-03-03', visitedRegionCodes: ['420106'], health: 'well' }, { leaveOn: '2026-03-01' }, today)).toMatchObject({ code: 'TRAVEL_RETURN_DATE_INVALID' });
    expect(checkReturn({ returnedOn: '2026-03-02', visitedRegionCodes: ['420106', '420106'], health: 'well' }, { leaveOn: '2026-03-01' }, today)).toEqual({ ok: true, value: { returnedOn: '2026-03-02', visitedRegionCodes: ['420106'], health: 'well' } });
  });
  it('starts 14 days of observation only when a risk area covered a visited place', () => {
    expect(observationFor('2026-03-02', [])).toEqual({ required: false, until: null });
    expect(observationFor('2026-03-02', ['420106'])).toEqual({ required: true, until: '2026-03-16' });
  });
  it('round-trips its cursor and refuses garbage', () => {
    const cursor = { declaredAt: new Date('2026-03-02T02:00:00Z'), id: '00000000-0000-4000-8000-000000000001' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor('nonsense')).toBeUndefined();
  });
});
