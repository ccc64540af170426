/**
 * The situation dashboard's charts as ECharts options, pure, in a light (console) or dark (command
 * screen) theme: the epidemic curve (bars stacked by classification, the cumulative line on a
 * second axis), new infections per district (bars, and a map shaded by new infections or by close
 * contacts under observation — a treemap where the city has no district map), colours
 * held per day (stacked areas), Rt with its 95 % credible band and a dashed line at 1,
 * check-ins per district, by hour of day, and per day with the share made with a yellow or red code
 * (in percent on a second axis), follow-ups due and recorded per day with the completion in percent,
 * and screening calls per day stacked by result.
 */
import { CALL_RESULTS, type CallResult, type CheckinActivity, type Classification, type ColourTrend, type EpidemicCurve, type FollowUpCompletion, type RtSeries, type ScreeningOutcomes } from '../api/analytics.ts';
import type { DashboardChartOption } from './dashboard-echarts.ts';

export interface ChartTheme { text: string; muted: string; axis: string; split: string; tooltipBg: string; tooltipText: string }
export const LIGHT: ChartTheme = { text: '#303133', muted: '#909399', axis: '#c0c4cc', split: '#ebeef5', tooltipBg: '#fff', tooltipText: '#303133' };
export const DARK: ChartTheme = { text: '#e5eaf3', muted: '#8a9bb8', axis: '#3b4a66', split: '#1f2a40', tooltipBg: '#101a2e', tooltipText: '#e5eaf3' };

export const CLASSIFICATION_COLOURS: Record<Classification, string> = {
  confirmed: '#d7263d', asymptomatic: '#f39c12', suspected: '#8e44ad', excluded: '#a0a7b4', recovered: '#16a085', died: '#2c3e50',
};
export const CODE_COLOURS = { green: '#07a35a', yellow: '#f2a900', red: '#d7263d' } as const;
export const CALL_RESULT_COLOURS: Record<CallResult, string> = {
  normal: '#07a35a', abnormal: '#d7263d', needs_checking: '#f2a900', not_reached: '#a0a7b4', refused: '#8e44ad',
};
const CHECKIN_COLOUR = '#16a085';
const SHARE_COLOUR = '#d7263d';
const DUE_COLOUR = '#a0c4ff';
const DONE_COLOUR = '#409eff';
const COMPLETION_COLOUR = '#07a35a';
const CUMULATIVE_COLOUR = '#409eff';
const BAR_COLOUR = '#409eff';
const RT_COLOUR = '#409eff';
const RT_BAND_COLOUR = 'rgba(64, 158, 255, 0.22)';
/** The treemap's shades, from the fewest new infections to the most. */
const TREEMAP_LOW = [253, 226, 226];
const TREEMAP_HIGH = [143, 16, 32];
/** Rt's axis stops here: the first windows of a wave from nothing estimate huge values that would flatten the rest. */
const RT_AXIS_MAX = 4;

/** Bottom to top: the infections first. */
const STACK_ORDER: readonly Classification[] = ['confirmed', 'asymptomatic', 'suspected', 'excluded', 'recovered', 'died'];
/** Always stacked, so the legend keeps its order; the rest only when a day has any. */
const ALWAYS_SHOWN: readonly Classification[] = ['confirmed', 'asymptomatic'];

const axisStyle = (theme: ChartTheme) => ({
  axisLine: { lineStyle: { color: theme.axis } }, axisLabel: { color: theme.muted }, splitLine: { lineStyle: { color: theme.split } },
});
const tooltip = (theme: ChartTheme, extra: Record<string, unknown> = {}) => ({
  trigger: 'axis' as const, backgroundColor: theme.tooltipBg, borderColor: theme.axis, textStyle: { color: theme.tooltipText }, ...extra,
});
const legend = (theme: ChartTheme) => ({ top: 0, textStyle: { color: theme.text }, type: 'scroll' as const });
/** MM-DD on the axis: the year is in the range picker. */
const shortDay = (day: string) => day.slice(5);
const round2 = (n: number) => Math.round(n * 100) / 100;

export interface CurveLabels { classification: (c: Classification) => string; cumulative: string; daily: string }

export function curveOption(curve: EpidemicCurve, labels: CurveLabels, theme: ChartTheme = LIGHT): DashboardChartOption {
  const shown = STACK_ORDER.filter((c) => c in curve.byClassification)
    .filter((c) => ALWAYS_SHOWN.includes(c) || curve.byClassification[c].some((n) => n > 0));
  return {
    color: [...shown.map((c) => CLASSIFICATION_COLOURS[c]), CUMULATIVE_COLOUR],
    tooltip: tooltip(theme),
    legend: legend(theme),
    grid: { left: 48, right: 56, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: curve.days.map(shortDay), ...axisStyle(theme) },
    yAxis: [
      { type: 'value', name: labels.daily, nameTextStyle: { color: theme.muted }, minInterval: 1, ...axisStyle(theme) },
      { type: 'value', name: labels.cumulative, nameTextStyle: { color: theme.muted }, minInterval: 1, ...axisStyle(theme), splitLine: { show: false } },
    ],
    series: [
      ...shown.map((c) => ({ type: 'bar' as const, name: labels.classification(c), stack: 'cases', data: curve.byClassification[c], barMaxWidth: 18 })),
      { type: 'line' as const, name: labels.cumulative, yAxisIndex: 1, data: curve.cumulativeInfections, showSymbol: false, smooth: true, lineStyle: { width: 2 } },
    ],
  };
}

export interface NamedCount { name: string; value: number }

/** 萧山区 rather than 浙江省杭州市萧山区: a part's name without its region's. */
export function shortName(name: string, regionName: string): string {
  return regionName && name.startsWith(regionName) && name.length > regionName.length ? name.slice(regionName.length) : name;
}

/** A shade between light and dark red by where `value` stands between 0 and `max`. */
export function treemapShade(value: number, max: number): string {
  const f = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  const mix = TREEMAP_LOW.map((low, i) => Math.round(low + (TREEMAP_HIGH[i]! - low) * Math.sqrt(f)));
  return `rgb(${mix.join(', ')})`;
}

/** Horizontal bars, the largest on top (for the districts' new infections and check-in volumes). */
export function rankedBarOption(items: readonly NamedCount[], seriesName: string, theme: ChartTheme = LIGHT, colour = BAR_COLOUR): DashboardChartOption {
  const sorted = [...items].sort((a, b) => a.value - b.value); // ECharts draws the first category at the bottom
  return {
    color: [colour],
    tooltip: tooltip(theme, { axisPointer: { type: 'shadow' } }),
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, ...axisStyle(theme) },
    yAxis: { type: 'category', data: sorted.map((i) => i.name), ...axisStyle(theme), axisLabel: { color: theme.text } },
    series: [{ type: 'bar', name: seriesName, data: sorted.map((i) => i.value), barMaxWidth: 22, label: { show: true, position: 'right', color: theme.text } }],
  };
}

/** One district's figures on the map: keyed by its code, named without the region's name. */
export interface DistrictShade { code: string; name: string; value: number; newInfections: number; monitoredContacts: number }
export interface DistrictMapLabels { newInfections: string; monitoredContacts: string }

/**
 * The city's registered district map (`mapName`), each district shaded light to dark red by its
 * value and labelled with its name and value; districts without figures are drawn at zero. The
 * tooltip gives both figures. Features are matched by their district code, so the names a
 * boundary file carries do not matter. A schematic tile map keeps its tiles regular (aspect 1).
 */
export function districtMapOption(
  mapName: string, codes: readonly string[], items: readonly DistrictShade[], labels: DistrictMapLabels,
  opts: { schematic: boolean; theme?: ChartTheme },
): DashboardChartOption {
  const theme = opts.theme ?? LIGHT;
  const byCode = new Map(items.map((i) => [i.code, i]));
  const max = Math.max(0, ...items.map((i) => i.value));
  const figure = (code: string) => byCode.get(code);
  return {
    tooltip: {
      trigger: 'item', backgroundColor: theme.tooltipBg, borderColor: theme.axis, textStyle: { color: theme.tooltipText },
      formatter: (p: unknown) => {
        const f = figure(String((p as { name?: string }).name));
        return f ? `${f.name}<br/>${labels.newInfections} ${f.newInfections}<br/>${labels.monitoredContacts} ${f.monitoredContacts}` : '';
      },
    },
    series: [{
      type: 'map', map: mapName, nameProperty: 'code', roam: false, selectedMode: false, aspectScale: opts.schematic ? 1 : 0.75,
      top: 8, bottom: 8, left: 8, right: 8,
      itemStyle: { borderColor: theme === DARK ? '#0b1324' : '#fff', borderWidth: 1.5 },
      label: {
        show: true, color: '#fff', fontSize: 12, textBorderColor: 'rgba(0,0,0,0.55)', textBorderWidth: 2,
        formatter: (p: unknown) => {
          const f = figure(String((p as { name?: string }).name));
          return f ? `${f.name}\n${f.value}` : '';
        },
      },
      emphasis: { label: { show: true }, itemStyle: { areaColor: '#409eff' } },
      data: codes.map((code) => {
        const f = figure(code);
        return { name: code, value: f?.value ?? 0, itemStyle: { areaColor: treemapShade(f?.value ?? 0, max) } };
      }),
    }],
  };
}

/** Districts as rectangles sized and shaded by their new infections (the stand-in for a map without district geometry). */
export function districtTreemapOption(items: readonly NamedCount[], seriesName: string, theme: ChartTheme = LIGHT): DashboardChartOption {
  const max = Math.max(0, ...items.map((i) => i.value));
  return {
    tooltip: { trigger: 'item', backgroundColor: theme.tooltipBg, borderColor: theme.axis, textStyle: { color: theme.tooltipText } },
    series: [{
      type: 'treemap', name: seriesName, roam: false, nodeClick: false, breadcrumb: { show: false },
      top: 4, left: 4, right: 4, bottom: 4,
      itemStyle: { borderColor: theme === DARK ? '#0b1324' : '#fff', borderWidth: 2, gapWidth: 2 },
      label: { show: true, formatter: '{b}\n{c}', color: '#fff', fontSize: 14, textBorderColor: 'rgba(0,0,0,0.45)', textBorderWidth: 2 },
      data: items.filter((i) => i.value > 0).map((i) => ({ name: i.name, value: i.value, itemStyle: { color: treemapShade(i.value, max) } })),
    }],
  };
}

export interface ColourLabels { green: string; yellow: string; red: string }

export function colourOption(trend: ColourTrend, labels: ColourLabels, theme: ChartTheme = LIGHT): DashboardChartOption {
  const colours = ['green', 'yellow', 'red'] as const;
  return {
    color: colours.map((c) => CODE_COLOURS[c]),
    tooltip: tooltip(theme),
    legend: legend(theme),
    grid: { left: 56, right: 24, top: 40, bottom: 32 },
    xAxis: { type: 'category', boundaryGap: false, data: trend.days.map(shortDay), ...axisStyle(theme) },
    yAxis: { type: 'value', minInterval: 1, ...axisStyle(theme) },
    series: colours.map((c) => ({
      type: 'line' as const, name: labels[c], stack: 'colours', data: trend.totals[c], showSymbol: false, areaStyle: { opacity: 0.55 }, lineStyle: { width: 1 },
    })),
  };
}

export interface RtLabels { mean: string; interval: string; threshold: string }

/**
 * The band is two stacked series: the lower bound drawn invisibly, then the width of the interval
 * filled on top of it. The tooltip names the mean and its interval, not those two.
 */
export function rtOption(series: RtSeries | null, labels: RtLabels, theme: ChartTheme = LIGHT): DashboardChartOption {
  const points = series?.points ?? [];
  const byDay = new Map(points.map((p) => [shortDay(p.day), p]));
  return {
    color: [RT_COLOUR],
    tooltip: tooltip(theme, {
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { axisValue?: string } | undefined;
        const p = first?.axisValue ? byDay.get(first.axisValue) : undefined;
        return p ? `${p.day}<br/>${labels.mean}: ${round2(p.mean)}<br/>${labels.interval}: ${round2(p.q025)} – ${round2(p.q975)}` : '';
      },
    }),
    legend: { ...legend(theme), data: [labels.mean, labels.interval] },
    grid: { left: 48, right: 56, top: 40, bottom: 32 },
    xAxis: { type: 'category', boundaryGap: false, data: points.map((p) => shortDay(p.day)), ...axisStyle(theme) },
    yAxis: { type: 'value', min: 0, max: (extent: { max: number }) => Math.min(Math.max(2, Math.ceil(extent.max)), RT_AXIS_MAX), ...axisStyle(theme) },
    series: [
      { type: 'line', name: 'q025', stack: 'band', data: points.map((p) => round2(p.q025)), lineStyle: { opacity: 0 }, showSymbol: false, silent: true },
      {
        type: 'line', name: labels.interval, stack: 'band', data: points.map((p) => round2(p.q975 - p.q025)), lineStyle: { opacity: 0 }, showSymbol: false,
        areaStyle: { color: RT_BAND_COLOUR }, itemStyle: { color: RT_BAND_COLOUR }, silent: true,
      },
      {
        type: 'line', name: labels.mean, data: points.map((p) => round2(p.mean)), showSymbol: false, lineStyle: { width: 2, color: RT_COLOUR },
        markLine: {
          silent: true, symbol: 'none', label: { formatter: labels.threshold, color: theme.muted },
          lineStyle: { type: 'dashed', color: '#d7263d' }, data: [{ yAxis: 1 }],
        },
      },
    ],
  };
}

/** A share (0–1) in percent with one decimal; null (a day without any) stays null, an empty point on the line. */
export function percent(share: number | null): number | null {
  return share === null ? null : Math.round(share * 1000) / 10;
}

const percentAxis = (name: string, theme: ChartTheme) => ({
  type: 'value' as const, name, nameTextStyle: { color: theme.muted }, min: 0,
  max: (extent: { max: number }) => Math.max(100, Math.ceil(extent.max)), ...axisStyle(theme),
  axisLabel: { color: theme.muted, formatter: '{value}%' }, splitLine: { show: false },
});
const percentTooltip = (theme: ChartTheme, percentSeries: string) => tooltip(theme, {
  formatter: (params: unknown) => {
    const list = (Array.isArray(params) ? params : [params]) as { axisValue?: string; seriesName?: string; value?: unknown; marker?: string }[];
    const lines = list.map((p) => {
      const v = p.value === null || p.value === undefined || p.value === '-' ? '–' : p.seriesName === percentSeries ? `${p.value as number}%` : String(p.value);
      return `${p.marker ?? ''}${p.seriesName ?? ''}: ${v}`;
    });
    return [list[0]?.axisValue ?? '', ...lines].join('<br/>');
  },
});

export interface HourLabels { hour: (h: number) => string; checkins: string }

/** Check-ins of the whole range by hour of day, 0–23 (`byHour` as the API gives it). */
export function checkinHourOption(byHour: readonly number[], labels: HourLabels, theme: ChartTheme = LIGHT): DashboardChartOption {
  return {
    color: [CHECKIN_COLOUR],
    tooltip: tooltip(theme, { axisPointer: { type: 'shadow' } }),
    grid: { left: 48, right: 24, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: byHour.map((_, h) => labels.hour(h)), ...axisStyle(theme) },
    yAxis: { type: 'value', minInterval: 1, ...axisStyle(theme) },
    series: [{ type: 'bar', name: labels.checkins, data: [...byHour], barMaxWidth: 18 }],
  };
}

export interface CheckinDayLabels { checkins: string; share: string }

/** Check-ins per day as bars, the abnormal share (yellow or red code) in percent as a line on the second axis. */
export function checkinDayOption(activity: CheckinActivity, labels: CheckinDayLabels, theme: ChartTheme = LIGHT): DashboardChartOption {
  return {
    color: [CHECKIN_COLOUR, SHARE_COLOUR],
    tooltip: percentTooltip(theme, labels.share),
    legend: legend(theme),
    grid: { left: 48, right: 56, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: activity.days.map(shortDay), ...axisStyle(theme) },
    yAxis: [
      { type: 'value', name: labels.checkins, nameTextStyle: { color: theme.muted }, minInterval: 1, ...axisStyle(theme) },
      percentAxis(labels.share, theme),
    ],
    series: [
      { type: 'bar', name: labels.checkins, data: [...activity.checkins], barMaxWidth: 18 },
      { type: 'line', name: labels.share, yAxisIndex: 1, data: activity.abnormalShare.map(percent), showSymbol: false, connectNulls: false, lineStyle: { width: 2 } },
    ],
  };
}

export interface FollowUpLabels { due: string; done: string; completion: string }

/** Follow-ups due and recorded per day as bars side by side, the completion in percent as a line on the second axis. */
export function followUpOption(f: FollowUpCompletion, labels: FollowUpLabels, theme: ChartTheme = LIGHT): DashboardChartOption {
  return {
    color: [DUE_COLOUR, DONE_COLOUR, COMPLETION_COLOUR],
    tooltip: percentTooltip(theme, labels.completion),
    legend: legend(theme),
    grid: { left: 48, right: 56, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: f.days.map(shortDay), ...axisStyle(theme) },
    yAxis: [
      { type: 'value', minInterval: 1, ...axisStyle(theme) },
      percentAxis(labels.completion, theme),
    ],
    series: [
      { type: 'bar', name: labels.due, data: [...f.due], barMaxWidth: 12 },
      { type: 'bar', name: labels.done, data: [...f.done], barMaxWidth: 12 },
      { type: 'line', name: labels.completion, yAxisIndex: 1, data: f.completion.map(percent), showSymbol: false, connectNulls: false, lineStyle: { width: 2 } },
    ],
  };
}

/** Screening calls per day stacked by result, in CALL_RESULTS' order (正常 at the bottom). */
export function callsOption(s: ScreeningOutcomes, label: (r: CallResult) => string, theme: ChartTheme = LIGHT): DashboardChartOption {
  return {
    color: CALL_RESULTS.map((r) => CALL_RESULT_COLOURS[r]),
    tooltip: tooltip(theme, { axisPointer: { type: 'shadow' } }),
    legend: legend(theme),
    grid: { left: 48, right: 24, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: s.days.map(shortDay), ...axisStyle(theme) },
    yAxis: { type: 'value', minInterval: 1, ...axisStyle(theme) },
    series: CALL_RESULTS.map((r) => ({ type: 'bar' as const, name: label(r), stack: 'calls', data: [...s.byResult[r]], barMaxWidth: 18 })),
  };
}
