import { describe, expect, it } from 'vitest';
import type { EpidemicCurve, RtSeries } from '../api/analytics.ts';
import { curveOption, districtTreemapOption, rtOption, shortName, treemapShade } from './dashboard-chart-options.ts';

const zeros = [0, 0];
const curve: EpidemicCurve = {
  regionCode: '330100', basis: 'reported', days: ['2026-03-01', '2026-03-02'],
  byClassification: { confirmed: [3, 4], asymptomatic: [1, 0], suspected: [0, 1], excluded: zeros, recovered: zeros, died: zeros },
  newInfections: [4, 4], cumulativeInfections: [10, 14],
};
type Series = { type: string; name: string; stack?: string; data: unknown[]; yAxisIndex?: number; itemStyle?: { color: string } };
const seriesOf = (option: unknown) => (option as { series: Series[] }).series;

describe('the dashboard\'s chart options', () => {
  it('stacks the classifications a day has, infections at the bottom (confirmed and asymptomatic always), and puts the cumulative line on the second axis', () => {
    const series = seriesOf(curveOption(curve, { classification: (c) => c, cumulative: 'cum', daily: 'daily' }));
    expect(series.map((s) => [s.type, s.name, s.stack ?? null])).toEqual([['bar', 'confirmed', 'cases'], ['bar', 'asymptomatic', 'cases'], ['bar', 'suspected', 'cases'], ['line', 'cum', null]]);
    expect(series.at(-1)).toMatchObject({ yAxisIndex: 1, data: [10, 14] });
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
});
