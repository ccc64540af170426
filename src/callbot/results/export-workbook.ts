/**
 * The campaign report as the Excel a community forwards as is, written by the export job
 * (exports.ts), streamed (kernel/spreadsheet.ts) one sheet after another: 汇总 (the figures),
 * 异常人员 (every abnormal callee), 未接通 (every callee not reached, for home visits), 社区 (per
 * community). Names and phones are masked, as on the screen: the file leaves the audit trail's
 * reach once downloaded, so it carries nothing a screen would not show.
 */
import type ExcelJS from 'exceljs';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { Progress } from '../../kernel/progress.ts';
import { streamWorkbook } from '../../kernel/spreadsheet.ts';
import { regionNames } from '../../regions/service.ts';
import { ABNORMAL_REASONS } from '../dialogue/model.ts';
import { DIAL_OUTCOMES } from '../channels/channel.ts';
import { CALL_RESULTS } from '../dialogue/model.ts';
import { OUTCOME_ZH, REASON_ZH, RESULT_ZH, type CampaignReport } from './model.ts';
import { findCalleesByResult, type CampaignHead } from './store.ts';
import { buildCampaignReport } from './service.ts';

const PAGE = 5000;
const BOLD = { font: { bold: true } } as const;
const STATUS_ZH: Record<string, string> = { draft: '草稿', running: '进行中', paused: '已暂停', stopped: '已停止', completed: '已完成' };

/** The workbook and how many person rows it holds; `progress`: person rows written of the abnormal and not-reached totals. */
export async function buildReportWorkbook(db: DbOrTrx, campaign: CampaignHead, progress?: Progress): Promise<{ file: Buffer; rows: number; report: CampaignReport }> {
  const report = await buildCampaignReport(db, campaign, 0);
  const total = report.abnormal.total + report.notReached.total;
  const book = streamWorkbook();
  progress?.update(0, total);

  const summary = book.addSheet('汇总', [{ width: 22 }, { width: 14 }]);
  const row = (values: ExcelJS.CellValue[], bold = false) => summary.addRow(values, bold ? BOLD : undefined);
  await summary.addRow([`${campaign.name} 外呼报告`], { font: { bold: true, size: 14 } });
  await row(['状态', STATUS_ZH[campaign.status] ?? campaign.status]);
  await row([]);
  await row(['外呼漏斗', '人数'], true);
  const f = report.funnel;
  for (const [label, n] of [['呼叫对象', f.total], ['已拨打', f.dialled], ['已接通', f.connected], ['已完成', f.completed]] as const) await row([label, n]);
  await row([]);
  await row(['每人结果', '人数'], true);
  for (const r of CALL_RESULTS) await row([RESULT_ZH[r], report.results[r]]);
  await row([]);
  await row(['异常原因', '人数'], true);
  for (const r of ABNORMAL_REASONS) await row([REASON_ZH[r], report.symptoms[r]]);
  await row([]);
  await row(['拨打结果', '次数'], true);
  for (const o of DIAL_OUTCOMES) await row([OUTCOME_ZH[o], report.outcomes[o]]);

  const names = await regionNames(db, report.communities.map((c) => c.regionCode));
  const community = (code: string) => names.get(code) ?? code;
  let written = 0;

  const abnormal = book.addSheet('异常人员', [{ width: 8 }, { width: 12 }, { width: 16 }, { width: 20 }, { width: 30 }, { width: 10 }]);
  await abnormal.addRow(['序号', '姓名', '电话', '社区', '异常原因', '体温(℃)'], BOLD);
  for (let afterSeq: number | undefined, n = 0; ;) {
    const page = await findCalleesByResult(db, campaign.id, 'abnormal', { afterSeq, limit: PAGE });
    for (const p of page) {
      await abnormal.addRow([++n, p.maskedName, p.maskedPhone, community(p.regionCode), p.reasons.map((r) => REASON_ZH[r]).join('、'), p.temperature ?? '']);
    }
    written += page.length;
    progress?.update(written, Math.max(total, written));
    if (page.length < PAGE) break;
    afterSeq = page[page.length - 1]!.seq;
  }

  const notReached = book.addSheet('未接通', [{ width: 8 }, { width: 12 }, { width: 16 }, { width: 20 }, { width: 10 }, { width: 14 }]);
  await notReached.addRow(['序号', '姓名', '电话', '社区', '呼叫次数', '最后一次结果'], BOLD);
  for (let afterSeq: number | undefined, n = 0; ;) {
    const page = await findCalleesByResult(db, campaign.id, 'not_reached', { afterSeq, limit: PAGE });
    for (const p of page) {
      await notReached.addRow([++n, p.maskedName, p.maskedPhone, community(p.regionCode), p.attempts, p.lastOutcome ? OUTCOME_ZH[p.lastOutcome] : '']);
    }
    written += page.length;
    progress?.update(written, Math.max(total, written));
    if (page.length < PAGE) break;
    afterSeq = page[page.length - 1]!.seq;
  }

  const communities = book.addSheet('社区', [{ width: 24 }, { width: 12 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 10 }]);
  await communities.addRow(['社区', '代码', '呼叫对象', '已完成', '异常', '未接通'], BOLD);
  for (const c of report.communities) await communities.addRow([c.regionName, c.regionCode, c.total, c.completed, c.abnormal, c.notReached]);

  return { file: await book.finish(), rows: written, report };
}
