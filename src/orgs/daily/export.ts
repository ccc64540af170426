/**
 * The daily check-in statistics as the Excel an official forwards as is, written by the export job
 * (exports.ts). The workbook is streamed (kernel/spreadsheet.ts): rows are committed as they are
 * written, so a 100,000-member organisation's file needs little memory and the event loop gets a
 * turn after every block of rows.
 */
import type ExcelJS from 'exceljs';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { Progress } from '../../kernel/progress.ts';
import { ROWS_PER_TURN, streamSheet } from '../../kernel/spreadsheet.ts';
import { findDailyList } from './store.ts';
import { namedItems, unitScope, type DailyStatistics } from './service.ts';

/** Rows in one export (an organisation larger than this exports unit by unit). */
export const MAX_EXPORT_MEMBERS = 200_000;
const PAGE = 5000;

const LOCATION_ZH: Record<string, string> = { home: '在家', work: '在单位/学校' };
const REASON_ZH: Record<string, string> = { fever: '体温≥37.3℃', symptoms: '有症状', risk_area: '在风险地区' };
const SYMPTOM_ZH: Record<string, string> = {
  fever: '发热', cough: '咳嗽', fatigue: '乏力', sore_throat: '咽痛', diarrhea: '腹泻', breathing: '呼吸困难', taste_smell: '嗅味觉减退', none: '无',
};
const WIDTHS = [22, 10, 8, 9, 16, 16, 12, 18, 10, 8];

/**
 * One sheet: a title row (organisation, day), the totals on top, the per-unit table, then every
 * member in one table with a unit column (masked names). `statistics` are the day's counts as
 * shown when the export was asked for; `progress`: members written of the scope's members.
 */
export async function buildDailyWorkbook(
  db: DbOrTrx, source: { organisationId: string; unitId: string | null; statistics: DailyStatistics }, progress?: Progress,
): Promise<{ file: Buffer; rows: number }> {
  const { organisationId, unitId, statistics: stats } = source;
  const { units, unitIds } = await unitScope(db, organisationId, unitId ?? undefined);
  const paths = new Map(stats.units.map((u) => [u.unitId, u.path]));
  const out = streamSheet('健康打卡', WIDTHS.map((width) => ({ width })));
  const addRow = (values: ExcelJS.CellValue[], bold = false) => out.addRow(values, bold ? { font: { bold: true } } : undefined);
  const unitLabel = unitId ? ` · ${paths.get(unitId) ?? ''}` : '';
  out.sheet.mergeCells('A1:J1');
  await out.addRow([`${stats.organisation.name}${unitLabel} 健康打卡统计 ${stats.day}`], { font: { bold: true, size: 14 }, alignment: { horizontal: 'center' } });
  await addRow(['应打卡', '已打卡', '未打卡', '异常', '打卡率'], true);
  const t = stats.totals;
  await addRow([t.members, t.submitted, t.missing, t.abnormal, t.members ? `${((t.submitted / t.members) * 100).toFixed(1)}%` : '—']);
  await addRow([]);
  await addRow(['部门/班级', '应打卡', '已打卡', '未打卡', '异常'], true);
  const shownUnits = unitId ? stats.units.filter((u) => u.unitId !== null && unitIds!.includes(u.unitId)) : stats.units;
  for (const u of shownUnits) await addRow([u.unitId ? u.path : '（未分组）', u.members, u.submitted, u.missing, u.abnormal]);
  await addRow([]);
  await addRow(['部门/班级', '姓名', '状态', '体温(℃)', '症状', '今日所在地', '在家/在单位', '异常原因', '打卡时间', '更正'], true);
  let after: string | undefined;
  let exported = 0;
  progress?.update(0, t.members);
  for (;;) {
    const page = await findDailyList(db, organisationId, stats.day, { status: 'all', unitIds, after, limit: PAGE });
    const items = await namedItems(db, organisationId, page, units);
    for (const [index, it] of items.entries()) {
      await addRow([
        it.unitId ? paths.get(it.unitId) ?? it.unitName ?? '' : '（未分组）', it.nameMasked,
        it.checkinId ? (it.abnormal ? '异常' : '已打卡') : '未打卡',
        it.temperature ?? '', (it.symptoms ?? []).map((s) => SYMPTOM_ZH[s] ?? s).join('、'), it.cityName ?? it.cityCode ?? '',
        it.location ? LOCATION_ZH[it.location] ?? it.location : '', (it.abnormalReasons ?? []).map((x) => REASON_ZH[x] ?? x).join('、'),
        it.submittedAt ? shanghaiClock(it.submittedAt) : '', it.corrected ? '已更正' : '',
      ]);
      if ((index + 1) % ROWS_PER_TURN === 0) progress?.update(exported + index + 1, Math.max(t.members, exported + index + 1));
    }
    exported += page.length;
    progress?.update(exported, Math.max(t.members, exported));
    if (page.length < PAGE || exported >= MAX_EXPORT_MEMBERS) break;
    after = page[page.length - 1]!.personId;
  }
  return { file: await out.finish(), rows: exported };
}

function shanghaiClock(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(11, 19);
}
