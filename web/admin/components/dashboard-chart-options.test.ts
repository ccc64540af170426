import { describe, expect, it } from 'vitest';
import type { CheckinActivity, EpidemicCurve, FollowUpCompletion, RtSeries, ScreeningOutcomes } from '../api/analytics.ts';
import {
  callsOption, checkinDayOption, checkinHourOption, curveOption, districtMapOption, districtTreemapOption, followUpOption, percent, rtOption, shortName, treemapShade,
} from './dashboard-chart-options.ts';

const zeros = [0, 0];
const curve: EpidemicCurve = {
  regionCode: '330100', basis: 'reported', days: ['2026-03-01', '2026-03-02'],
  byClassification: { confirmed: [3, 4], asymptomatic: [1, 0], suspected: [0, 1], excluded: zeros, recovered: zeros, died: zeros },
  newInfections: [4, 4], cumulativeInfections: [10, 14],
};
type Series = { type: string; name: string; stack?: string; data: unknown[]; yAxisIndex?: number; itemStyle?: { color: string } };
const seriesOf = (option: unknown) => (option as { series: Series[] }).series;
const axesOf = (option: unknown) => option as { xAxis: { data: string[] }; yAxis: { axisLabel?: { formatter?: string } }[] };

describe('the dashboard\'s chart options', () => {
  it('stacks the classifications a day has, infections at the bottom (confirmed and asymptomatic always), and puts the cumulative line on the second axis', () => {
    const series = seriesOf(curveOption(curve, { classification: (c) => c, cumulative: 'cum', daily: 'daily' }));
    expect(series.map((s) => [s.type, s.name, s.stack ?? null])).toEqual([['bar', 'confirmed', 'cases'], ['bar', 'asymptomatic', 'cases'], ['bar', 'suspected', 'cases'], ['line', 'cum', null]]);
    expect(series.at(-1)).toMatchObject({ yAxisIndex: 1, data: [10, 14] });
  });

  it('shades every district of the registered map by its code, zero where it has no figures, with both figures in the tooltip', () => {
    const shades = [
      { code: '330109', name: '萧山区', value: 12, newInfections: 3, monitoredContacts: 12 },
      { code: '330106', name: '西湖区', value: 4, newInfections: 0, monitoredContacts: 4 },
    ];
    const option = districtMapOption('districts-330100-1', ['330102', '330106', '330109'], shades, { newInfections: '新增', monitoredContacts: '在管密接' }, { schematic: true }) as unknown as {
      series: { type: string; map: string; nameProperty: string; aspectScale: number; data: { name: string; value: number; itemStyle: { areaColor: string } }[]; label: { formatter: (p: unknown) => string } }[];
      tooltip: { formatter: (p: unknown) => string };
    };
    const [series] = option.series;
    expect(series).toMatchObject({ type: 'map', map: 'districts-330100-1', nameProperty: 'code', aspectScale: 1 });
    expect(series!.data).toEqual([
      { name: '330102', value: 0, itemStyle: { areaColor: treemapShade(0, 12) } },
      { name: '330106', value: 4, itemStyle: { areaColor: treemapShade(4, 12) } },
      { name: '330109', value: 12, itemStyle: { areaColor: treemapShade(12, 12) } },
    ]);
    expect(series!.label.formatter({ name: '330109' })).toBe('萧山区\n12');
    expect(series!.label.formatter({ name: '330102' })).toBe('');
    expect(option.tooltip.formatter({ name: '330109' })).toBe('萧山区<br/>新增 3<br/>在管密接 12');
    const boundaries = districtMapOption('m', [], [], { newInfections: '', monitoredContacts: '' }, { schematic: false }) as unknown as { series: { aspectScale: number }[] };
    expect(boundaries.series[0]!.aspectScale).toBe(0.75);
  });

  it('draws Rt\'s band as the lower bound plus the interval\'s width, under the mean with a dashed line at 1', () => {
    const rt: RtSeries = { regionCode: '330100', name: '杭州市', cases: 20, points: [{ day: '2026-03-02', mean: 1.2, q025: 0.8, median: 1.15, q975: 1.7 }] };
    const series = seriesOf(rtOption(rt, { mean: 'mean', interval: '95%', threshold: 'Rt = 1' }));
    expect(series.map((s) => s.data)).toEqual([[0.8], [0.9], [1.2]]);
    expect(series[2]).toMatchObject({ markLine: { data: [{ yAxis: 1 }], lineStyle: { type: 'dashed' } } });
  });

  it('names districts without their region and shades the treemap by new infections, leaving out districts without any', () => {
    expect(shortName('浙江省杭州市萧山区', '浙江省杭州市')).toBe('萧山区');
    expect(shortName('浙江省杭州市', '浙江省杭州市')).toBe('浙江省杭州市');
    const data = (seriesOf(districtTreemapOption([{ name: '萧山区', value: 10 }, { name: '西湖区', value: 0 }], 'x'))[0]!.data as { name: string; itemStyle: { color: string } }[]);
    expect(data).toEqual([{ name: '萧山区', value: 10, itemStyle: { color: treemapShade(10, 10) } }]);
    expect(treemapShade(10, 10)).toBe('rgb(143, 16, 32)');
    expect(treemapShade(0, 10)).toBe('rgb(253, 226, 226)');
  });

  it('draws check-ins by hour of day as 24 bars labelled 0–23', () => {
    const byHour = Array.from({ length: 24 }, (_, h) => (h === 9 ? 5 : h === 18 ? 3 : 0));
    const option = checkinHourOption(byHour, { hour: (h) => `${h}时`, checkins: 'n' });
    expect((option as { xAxis: { data: string[] } }).xAxis.data).toEqual(Array.from({ length: 24 }, (_, h) => `${h}时`));
    expect(seriesOf(option)).toMatchObject([{ type: 'bar', name: 'n', data: byHour }]);
  });

  it('puts the abnormal share of check-ins in percent on the second axis, a day without check-ins left empty', () => {
    const activity: CheckinActivity = {
      regionCode: '330100', days: ['2026-03-01', '2026-03-02', '2026-03-03'], checkins: [8, 0, 3], abnormal: [1, 0, 2], abnormalShare: [0.125, null, 2 / 3], byHour: [], districts: [],
    };
    const option = checkinDayOption(activity, { checkins: 'n', share: 'share' });
    const series = seriesOf(option);
    expect(series.map((s) => [s.type, s.name, s.yAxisIndex ?? 0])).toEqual([['bar', 'n', 0], ['line', 'share', 1]]);
    expect(series[0]!.data).toEqual([8, 0, 3]);
    expect(series[1]!.data).toEqual([12.5, null, 66.7]);
    expect(axesOf(option).xAxis.data).toEqual(['03-01', '03-02', '03-03']);
    expect(axesOf(option).yAxis[1]!.axisLabel!.formatter).toBe('{value}%');
    expect(percent(1)).toBe(100);
    expect(percent(null)).toBeNull();
  });

  it('draws follow-ups due and recorded as bars and the completion in percent on the second axis, null where nothing was due', () => {
    const f: FollowUpCompletion = { regionCode: '330100', days: ['2026-03-01', '2026-03-02'], due: [4, 0], done: [3, 1], reached: [2, 1], completion: [0.75, null] };
    const series = seriesOf(followUpOption(f, { due: 'due', done: 'done', completion: 'rate' }));
    expect(series.map((s) => [s.type, s.name, s.data, s.yAxisIndex ?? 0])).toEqual([['bar', 'due', [4, 0], 0], ['bar', 'done', [3, 1], 0], ['line', 'rate', [75, null], 1]]);
  });

  it('stacks screening calls per day by result, 正常 at the bottom, in the results\' colours', () => {
    const s: ScreeningOutcomes = {
      regionCode: '330100', days: ['2026-03-01'],
      byResult: { normal: [5], abnormal: [1], needs_checking: [2], not_reached: [3], refused: [1] },
      totals: { normal: 5, abnormal: 1, needs_checking: 2, not_reached: 3, refused: 1 },
    };
    const option = callsOption(s, (r) => r.toUpperCase());
    expect(seriesOf(option).map((x) => [x.name, x.stack, x.data])).toEqual([
      ['NORMAL', 'calls', [5]], ['ABNORMAL', 'calls', [1]], ['NEEDS_CHECKING', 'calls', [2]], ['NOT_REACHED', 'calls', [3]], ['REFUSED', 'calls', [1]],
    ]);
    expect((option as { color: string[] }).color).toEqual(['#07a35a', '#d7263d', '#f2a900', '#a0a7b4', '#8e44ad']);
  });
});
