/** Each dashboard figure as a table (the Excel download of its chart), with Chinese column names. */
import { CLASSIFICATIONS, type Classification } from '../../tracing/model/case.ts';
import type { ChartTable } from './chart-workbook.ts';
import type { CheckinActivity } from './checkin-activity.ts';
import type { FollowUpCompletion, ScreeningOutcomes } from './field-work.ts';
import { CALL_RESULTS, type CallResult } from '../../callbot/dialogue/model.ts';
import type { RtTrend } from './rt-trend.ts';
import type { ColourTrend, DistrictFigures, EpidemicCurve } from './service.ts';

const CLASSIFICATION_ZH: Record<Classification, string> = {
  suspected: '疑似', confirmed: '确诊', asymptomatic: '无症状感染者', excluded: '排除', recovered: '治愈', died: '死亡',
};

export function curveTable(c: EpidemicCurve): ChartTable {
  return {
    title: c.basis === 'onset' ? '流行曲线（按发病日期）' : '流行曲线（按报告日期）',
    columns: ['日期', ...CLASSIFICATIONS.map((k) => CLASSIFICATION_ZH[k]), '新增感染者', '累计感染者'],
    rows: c.days.map((day, i) => [day, ...CLASSIFICATIONS.map((k) => c.byClassification[k][i]!), c.newInfections[i]!, c.cumulativeInfections[i]!]),
  };
}

export function districtTable(d: DistrictFigures): ChartTable {
  return {
    title: `各区新增感染者与在管密接 ${d.from}至${d.to}`, columns: ['地区代码', '地区', '新增感染者', `在管密接（${d.to}）`],
    rows: d.items.map((i) => [i.regionCode, i.name, i.newInfections, i.monitoredContacts]),
  };
}

export function colourTable(c: ColourTrend): ChartTable {
  return { title: '健康码颜色', columns: ['日期', '绿码', '黄码', '红码'], rows: c.days.map((day, i) => [day, c.totals.green[i]!, c.totals.yellow[i]!, c.totals.red[i]!]) };
}

export function rtTable(r: RtTrend): ChartTable {
  const series = [r.region, ...r.districts];
  return {
    title: '有效再生数 Rt',
    columns: ['地区', '窗口末日', 'Rt 均值', '2.5%', '中位数', '97.5%'],
    rows: series.flatMap((s) => s.points.map((p) => [s.name, p.day, p.mean, p.q025, p.median, p.q975])),
  };
}

export function checkinTable(c: CheckinActivity): ChartTable {
  return {
    title: '扫码情况',
    columns: ['日期', '扫码次数', '黄红码扫码', '异常占比'],
    rows: c.days.map((day, i) => [day, c.checkins[i]!, c.abnormal[i]!, c.abnormalShare[i] ?? null]),
  };
}

export function followUpTable(f: FollowUpCompletion): ChartTable {
  return {
    title: '随访完成情况',
    columns: ['日期', '应随访', '已随访', '已联系上', '完成率'],
    rows: f.days.map((day, i) => [day, f.due[i]!, f.done[i]!, f.reached[i]!, f.completion[i] ?? null]),
  };
}

const CALL_RESULT_ZH: Record<CallResult, string> = { normal: '正常', abnormal: '异常', needs_checking: '待核实', not_reached: '未接通', refused: '拒答' };

export function screeningTable(s: ScreeningOutcomes): ChartTable {
  return {
    title: '智能外呼结果',
    columns: ['日期', ...CALL_RESULTS.map((r) => CALL_RESULT_ZH[r])],
    rows: s.days.map((day, i) => [day, ...CALL_RESULTS.map((r) => s.byResult[r][i]!)]),
  };
}
