import { describe, expect, it } from 'vitest';
import { checkVenueInput, DEFAULT_STAY_MINUTES, isDailyCodeCurrent, nextStatus, VENUE_KINDS, VENUE_NUMBER, type VenueInput } from './model.ts';

const base: VenueInput = { name: '晨光小区', kind: 'residential', address: '西湖区文三路 1 号', regionCode: '330106004' };

function problems(input: Partial<VenueInput>) {
  const result = checkVenueInput({ ...base, ...input });
  return 'problems' in result ? result.problems : [];
}

describe('venue input', () => {
  it('defaults the stay by kind, modes, and leaves optional fields empty', () => {
    const result = checkVenueInput(base);
    expect(result).toEqual({
      fields: {
        name: '晨光小区', kind: 'residential', address: '西湖区文三路 1 号', regionCode: '330106004', latitude: null, longitude: null,
        geofenceRadiusM: null, openingHours: null, defaultStayMinutes: 720, checkinMode: 'confirm', codeMode: 'static',
      },
    });
  });

  it('has a default stay for every kind, as the issue lists them', () => {
    expect(Object.keys(DEFAULT_STAY_MINUTES).sort()).toEqual([...VENUE_KINDS].sort());
    expect(DEFAULT_STAY_MINUTES).toMatchObject({ residential: 720, shop: 30, restaurant: 90, office: 540, factory: 540, school: 480, hospital: 120, transport: 60, public_place: 60, other: 60 });
    for (const kind of VENUE_KINDS) {
      const result = checkVenueInput({ ...base, kind });
      expect('fields' in result && result.fields.defaultStayMinutes).toBe(DEFAULT_STAY_MINUTES[kind]);
    }
  });

  it('keeps an edited stay and tidies white space', () => {
    const result = checkVenueInput({ ...base, name: '  晨光\u3000 小区 ', defaultStayMinutes: 45 });
    expect('fields' in result && result.fields).toMatchObject({ name: '晨光 小区', defaultStayMinutes: 45 });
  });

  it('refuses unknown kinds and malformed region codes', () => {
    expect(problems({ kind: 'casino' as VenueInput['kind'] })).toEqual([{ field: 'kind', reason: 'unknown_kind' }]);
    for (const regionCode of ['33010', '3301060041', 'abcdef', '000000', '']) {
      expect(problems({ regionCode })).toEqual([{ field: 'regionCode', reason: 'region_format' }]);
    }
    expect(problems({ regionCode: '330106' })).toEqual([]);
  });

  it('checks lengths of name and address', () => {
    expect(problems({ name: '' })).toEqual([{ field: 'name', reason: 'required' }]);
    expect(problems({ name: '店' })).toEqual([{ field: 'name', reason: 'length' }]);
    expect(problems({ name: '长'.repeat(61) })).toEqual([{ field: 'name', reason: 'length' }]);
    expect(problems({ address: '   ' })).toEqual([{ field: 'address', reason: 'required' }]);
    expect(problems({ openingHours: '全天'.repeat(101) })).toEqual([{ field: 'openingHours', reason: 'length' }]);
  });

  it('takes WGS-84 coordinates in range, both or neither', () => {
    expect(problems({ latitude: 30.27, longitude: 120.15 })).toEqual([]);
    expect(problems({ latitude: 90, longitude: -180 })).toEqual([]);
    expect(problems({ latitude: 90.0001, longitude: 120 })).toEqual([{ field: 'latitude', reason: 'range' }]);
    expect(problems({ latitude: 30, longitude: 180.5 })).toEqual([{ field: 'longitude', reason: 'range' }]);
    expect(problems({ latitude: Number.NaN, longitude: 120 })).toEqual([{ field: 'latitude', reason: 'range' }]);
    expect(problems({ latitude: 30 })).toEqual([{ field: 'longitude', reason: 'pair' }]);
    expect(problems({ longitude: 120 })).toEqual([{ field: 'latitude', reason: 'pair' }]);
  });

  it('takes a geofence radius of 50–5000 m, whole metres, only with coordinates; defaults it to 200 m', () => {
    const at = { latitude: 30.27, longitude: 120.15 };
    expect(problems({ ...at, geofenceRadiusM: 50 })).toEqual([]);
    expect(problems({ ...at, geofenceRadiusM: 5000 })).toEqual([]);
    expect(problems({ ...at, geofenceRadiusM: 49 })).toEqual([{ field: 'geofenceRadiusM', reason: 'range' }]);
    expect(problems({ ...at, geofenceRadiusM: 5001 })).toEqual([{ field: 'geofenceRadiusM', reason: 'range' }]);
    expect(problems({ ...at, geofenceRadiusM: 100.5 })).toEqual([{ field: 'geofenceRadiusM', reason: 'whole_number' }]);
    expect(problems({ geofenceRadiusM: 100 })).toEqual([{ field: 'geofenceRadiusM', reason: 'needs_coordinates' }]);
    const result = checkVenueInput({ ...base, ...at });
    expect('fields' in result && result.fields.geofenceRadiusM).toBe(200);
  });

  it('takes a stay of 5–1440 whole minutes', () => {
    expect(problems({ defaultStayMinutes: 4 })).toEqual([{ field: 'defaultStayMinutes', reason: 'range' }]);
    expect(problems({ defaultStayMinutes: 1441 })).toEqual([{ field: 'defaultStayMinutes', reason: 'range' }]);
    expect(problems({ defaultStayMinutes: 30.5 })).toEqual([{ field: 'defaultStayMinutes', reason: 'whole_number' }]);
  });

  it('reports every problem at once', () => {
    expect(problems({ name: '', address: '', kind: 'x' as VenueInput['kind'], regionCode: '1' }).map((p) => p.field)).toEqual(['name', 'address', 'kind', 'regionCode']);
  });

  it('refuses unknown modes', () => {
    expect(problems({ checkinMode: 'maybe' as VenueInput['checkinMode'] })).toEqual([{ field: 'checkinMode', reason: 'unknown_mode' }]);
    expect(problems({ codeMode: 'hourly' as VenueInput['codeMode'] })).toEqual([{ field: 'codeMode', reason: 'unknown_mode' }]);
  });
});

describe('venue status', () => {
  it('moves pending → approved | rejected, approved ⇄ suspended, and nothing else', () => {
    expect(nextStatus('pending', 'approve')).toBe('approved');
    expect(nextStatus('pending', 'reject')).toBe('rejected');
    expect(nextStatus('approved', 'suspend')).toBe('suspended');
    expect(nextStatus('suspended', 'approve')).toBe('approved');
    expect(nextStatus('approved', 'approve')).toBeUndefined();
    expect(nextStatus('approved', 'reject')).toBeUndefined();
    expect(nextStatus('rejected', 'approve')).toBeUndefined();
    expect(nextStatus('pending', 'suspend')).toBeUndefined();
  });

  it('numbers venues by region and sequence', () => {
    expect(VENUE_NUMBER.test('330106004-0042')).toBe(true);
    expect(VENUE_NUMBER.test('330106-12345')).toBe(true);
    expect(VENUE_NUMBER.test('330106004-42')).toBe(false);
  });
});

describe('daily codes', () => {
  it('are good on their day, and the day before only in the first 5 minutes after midnight', () => {
    expect(isDailyCodeCurrent(100, 100, 0)).toBe(true);
    expect(isDailyCodeCurrent(100, 100, 1439)).toBe(true);
    expect(isDailyCodeCurrent(99, 100, 4)).toBe(true);
    expect(isDailyCodeCurrent(99, 100, 5)).toBe(false);
    expect(isDailyCodeCurrent(98, 100, 0)).toBe(false);
    expect(isDailyCodeCurrent(101, 100, 0)).toBe(false);
  });
});
