/** The daily check-in statistics as the Excel an official forwards as is. */
import ExcelJS from 'exceljs';
import { recordAudit } from '../../audit/service.ts';
import type { Actor } from '../../kernel/access.ts';
import { requireOrganisationRelation } from '../access.ts';
import { findDailyList } from './store.ts';
import { dailyStatistics, namedItems, unitScope, type DailyDeps } from './service.ts';

/** Rows in one export (an organisation larger than this exports unit by unit). */
export const MAX_EXPORT_MEMBERS = 200_000;

const LOCATION_ZH: Record<string, string> = { home: '在家', work: '在单位/学校' };
const REASON_ZH: Record<string, string> = { fever: '体温≥37.3℃', symptoms: '有症状', risk_area: '在风险地区' };
const SYMPTOM_ZH: Record<string, string> = {
  fever: '发热', cough: '咳嗽', fatigue: '乏力', sore_throat: '咽痛', diarrhea: '腹泻', breathing: '呼吸困难', taste_smell: '嗅味觉减退', none: '无',
};

/**
 * The Excel an official forwards as is: one sheet, a title row (organisation, day), the totals on
 * top, the per-unit table, then every member in one table with a unit column (masked names).
 * Audited, like every export of names.
 */
export async function exportDailyExcel(deps: DailyDeps, actor: Actor | undefined, organisationId: string, query: { day?: string; unitId?: string }): Promise<{ fileName: string; file: Buffer }> {
  const stats = await dailyStatistics(deps, actor, organisationId, query);
  const { staff, organisation } = await requireOrganisationRelation(deps.db, actor, organisationId, 'view');
  const { units, unitIds } = await unitScope(deps.db, organisationId, query.unitId);
  const paths = new Map(stats.units.map((u) => [u.unitId, u.path]));
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'fangyi';
  const sheet = workbook.addWorksheet('健康打卡');
  const unitLabel = query.unitId ? ` · ${paths.get(query.unitId) ?? ''}` : '';
  sheet.mergeCells('A1:J1');
  sheet.getCell('A1').value = `${organisation.name}${unitLabel} 健康打卡统计 ${stats.day}`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A1').alignment = { horizontal: 'center' };
  sheet.getRow(2).values = ['应打卡', '已打卡', '未打卡', '异常', '打卡率'];
  const t = stats.totals;
  sheet.getRow(3).values = [t.members, t.submitted, t.missing, t.abnormal, t.members ? `${((t.submitted / t.members) * 100).toFixed(1)}%` : '—'];
  sheet.getRow(2).font = { bold: true };
  let r = 5;
  sheet.getRow(r).values = ['部门/班级', '应打卡', '已打卡', '未打卡', '异常'];
  sheet.getRow(r).font = { bold: true };
  const shownUnits = query.unitId ? stats.units.filter((u) => u.unitId !== null && unitIds!.includes(u.unitId)) : stats.units;
  for (const u of shownUnits) sheet.getRow(++r).values = [u.unitId ? u.path : '（未分组）', u.members, u.submitted, u.missing, u.abnormal];
  r += 2;
  const header = r;
  sheet.getRow(header).values = ['部门/班级', '姓名', '状态', '体温(℃)', '症状', '今日所在地', '在家/在单位', '异常原因', '打卡时间', '更正'];
  sheet.getRow(header).font = { bold: true };
  let after: string | undefined;
  let exported = 0;
  for (;;) {
    const page = await findDailyList(deps.db, organisationId, stats.day, { status: 'all', unitIds, after, limit: 5000 });
    const items = await namedItems(deps.db, organisationId, page, units);
    for (const it of items) {
      sheet.getRow(++r).values = [
        it.unitId ? paths.get(it.unitId) ?? it.unitName ?? '' : '（未分组）', it.nameMasked,
        it.checkinId ? (it.abnormal ? '异常' : '已打卡') : '未打卡',
        it.temperature ?? '', (it.symptoms ?? []).map((s) => SYMPTOM_ZH[s] ?? s).join('、'), it.cityName ?? it.cityCode ?? '',
        it.location ? LOCATION_ZH[it.location] ?? it.location : '', (it.abnormalReasons ?? []).map((x) => REASON_ZH[x] ?? x).join('、'),
        it.submittedAt ? shanghaiClock(it.submittedAt) : '', it.corrected ? '已更正' : '',
      ];
    }
    exported += page.length;
    if (page.length < 5000 || exported >= MAX_EXPORT_MEMBERS) break;
    after = page[page.length - 1]!.personId;
  }
  sheet.columns.forEach((c, i) => { c.width = [22, 10, 8, 9, 16, 16, 12, 18, 10, 8][i] ?? 12; });
  await recordAudit(deps.db, staff, {
    action: 'org.daily.export', targetType: 'organisation', targetId: organisationId, regionCode: organisation.regionCode,
    detail: { day: stats.day, unitId: query.unitId ?? null, rows: exported },
  }, deps.clock);
  const file = Buffer.from(await workbook.xlsx.writeBuffer());
  return { fileName: `daily-${stats.day}-${organisationId.slice(0, 8)}.xlsx`, file };
}

function shanghaiClock(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(11, 19);
}

