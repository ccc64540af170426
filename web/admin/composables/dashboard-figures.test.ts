import { describe, expect, it } from 'vitest';
import type { ColourTrend, EpidemicCurve, RtTrend } from '../api/analytics.ts';
import { callTotals, checkinTotals, dashboardAlerts, districtShades, followUpTotals, keyFigures, refreshSeconds } from './dashboard-figures.ts';

const zeros = [0, 0, 0];
const curve: EpidemicCurve = {
  regionCode: '330100', basis: 'reported', days: ['2026-03-01', '2026-03-02', '2026-03-03'],
  byClassification: { confirmed: [3, 4, 6], asymptomatic: [1, 1, 1], suspected: zeros, excluded: zeros, recovered: zeros, died: zeros },
  newInfections: [4, 5, 7], cumulativeInfections: [10, 15, 22],
};
const colours: ColourTrend = { regionCode: '330100', days: curve.days, totals: { green: [90, 88, 85], yellow: [5, 6, 8], red: [2, 3, 4] } };
const point = (day: string, mean: number, q025: number, q975: number) => ({ day, mean, q025, median: mean, q975 });
const rt: RtTrend = {
  regionCode: '330100', basis: 'reported', settings: { serialIntervalMean: 4.7, serialIntervalSd: 2.9, rtWindowDays: 7 },
  region: { regionCode: '330100', name: '杭州市', cases: 16, points: [point('2026-03-02', 1.1, 0.8, 1.5), point('2026-03-03', 0.9, 0.6, 1.2)] },
  districts: [
    { regionCode: '330106', name: '西湖区', cases: 12, points: [point('2026-03-03', 0.5, 0.2, 0.9)] },
    { regionCode: '330105', name: '拱墅区', cases: 11, points: [point('2026-03-03', 1.4, 0.9, 2.1)] },
  ],
};

describe('the command screen\'s figures', () => {
  it('reads today\'s, yesterday\'s and the cumulative infections, the codes held now and the latest Rt', () => {
    expect(keyFigures(curve, colours, rt)).toEqual({ day: '2026-03-03', today: 7, yesterday: 5, cumulative: 22, red: 4, yellow: 8, rt: point('2026-03-03', 0.9, 0.6, 1.2) });
  });

  it('warns of districts rising since yesterday and of Rt that may be above 1, the region before its districts', () => {
    const today = { regionCode: '330100', from: '2026-03-03', to: '2026-03-03', monitoredContacts: 0, items: [{ regionCode: '330106', name: '西湖区', newInfections: 4, monitoredContacts: 0 }, { regionCode: '330105', name: '拱墅区', newInfections: 1, monitoredContacts: 0 }] };
    const yesterday = { regionCode: '330100', from: '2026-03-02', to: '2026-03-02', monitoredContacts: 0, items: [{ regionCode: '330105', name: '拱墅区', newInfections: 3, monitoredContacts: 0 }] };
    expect(dashboardAlerts({ today, yesterday, rt }).map((a) => [a.kind, a.name])).toEqual([['rising', '西湖区'], ['rt', '杭州市'], ['rt', '拱墅区']]);
  });

  it('refreshes every 30 s unless a sane ?refresh= says otherwise', () => {
    expect(refreshSeconds(undefined)).toBe(30);
    expect(refreshSeconds('2')).toBe(2);
    expect(refreshSeconds(['5'])).toBe(5);
    expect(refreshSeconds('0')).toBe(30);
    expect(refreshSeconds('abc')).toBe(30);
  });
});

describe('the dashboard\'s field-work totals', () => {
  it('sums check-ins, the abnormal ones and their share in percent, and finds the busiest hour', () => {
    const byHour = Array.from({ length: 24 }, (_, h) => (h === 9 || h === 18 ? 4 : h === 12 ? 3 : 0));
    expect(checkinTotals({ regionCode: '330100', days: ['a', 'b', 'c'], checkins: [6, 0, 5], abnormal: [1, 0, 1], abnormalShare: [1 / 6, null, 0.2], byHour, districts: [] }))
      .toEqual({ checkins: 11, abnormal: 2, abnormalPercent: 18.2, peakHour: 9 });
    expect(checkinTotals({ regionCode: '330100', days: ['a'], checkins: [0], abnormal: [0], abnormalShare: [null], byHour: Array(24).fill(0), districts: [] }))
      .toEqual({ checkins: 0, abnormal: 0, abnormalPercent: null, peakHour: null });
  });

  it('sums follow-ups due, recorded and reached, with the completion over the range (none when nothing was due)', () => {
    expect(followUpTotals({ regionCode: '330100', days: ['a', 'b'], due: [3, 5], done: [2, 4], reached: [2, 3], completion: [2 / 3, 0.8] }))
      .toEqual({ due: 8, done: 6, reached: 5, completionPercent: 75 });
    expect(followUpTotals({ regionCode: '330100', days: ['a'], due: [0], done: [0], reached: [0], completion: [null] }).completionPercent).toBeNull();
  });

  it('totals the screening calls over their results', () => {
    const totals = { normal: 5, abnormal: 1, needs_checking: 2, not_reached: 3, refused: 1 };
    expect(callTotals({ regionCode: '330100', days: [], byResult: { normal: [], abnormal: [], needs_checking: [], not_reached: [], refused: [] }, totals }))
      .toEqual({ total: 12, byResult: totals });
  });
});

describe('the district map\'s shades', () => {
  it('keys each district by code, shortens its name and shades by the measure picked', () => {
    const items = [{ regionCode: '330106', name: '浙江省杭州市西湖区', newInfections: 4, monitoredContacts: 30 }, { regionCode: '330105', name: '浙江省杭州市拱墅区', newInfections: 0, monitoredContacts: 7 }];
    const shorten = (n: string) => n.replace('浙江省杭州市', '');
    expect(districtShades(items, 'newInfections', shorten).map((d) => [d.code, d.name, d.value])).toEqual([['330106', '西湖区', 4], ['330105', '拱墅区', 0]]);
    expect(districtShades(items, 'monitoredContacts', shorten).map((d) => d.value)).toEqual([30, 7]);
    expect(districtShades(items, 'monitoredContacts', shorten)[1]).toMatchObject({ newInfections: 0, monitoredContacts: 7 });
  });
});
