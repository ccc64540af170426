/** Situation dashboard (疫情态势) errors. Each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../../kernel/errors.ts';

export const dashboardErrors = {
  ANALYTICS_RANGE_INVALID: { status: 400, zh: '日期范围无效：开始不能晚于结束，最长 366 天，不能晚于今天', en: 'Invalid date range: the start not after the end, at most 366 days, not after today' },
  ANALYTICS_SETTINGS_INVALID: { status: 400, zh: '态势分析参数无效：序列间隔均值须大于 1 天，窗口 2–28 天', en: 'Invalid analysis settings: a serial interval mean over 1 day, windows of 2–28 days' },
  ANALYTICS_REGION_NOT_CITY: { status: 400, zh: '态势分析参数按已开通的城市设置', en: 'Analysis settings are set for an onboarded city' },
} satisfies ErrorCatalogue<string>;

export const dashboardFail = errorFactory(dashboardErrors);
