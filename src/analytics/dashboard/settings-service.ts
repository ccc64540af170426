/** The city's situation-analysis parameters (态势分析参数): read by anyone who sees its figures, set by its health officials (audited). */
import { recordAudit } from '../../audit/service.ts';
import { inTransaction } from '../../db/transaction.ts';
import { requireAccess, type Actor } from '../../kernel/access.ts';
import { cityOf } from '../../kernel/regions-scope.ts';
import { changeTenantSettings } from '../../regions/service.ts';
import { dashboardFail } from './errors.ts';
import { analyticsSettingsFor } from './rt-trend.ts';
import type { DashboardDeps } from './service.ts';
import { ANALYTICS_SETTING, analyticsSettingsProblems, type AnalyticsSettings } from './settings.ts';

export async function getAnalyticsSettings(deps: Pick<DashboardDeps, 'db'>, actor: Actor | undefined, regionCode: string): Promise<AnalyticsSettings & { regionCode: string }> {
  requireAccess(actor, 'region.stats', regionCode);
  const city = cityOf(regionCode);
  return { regionCode: city, ...await analyticsSettingsFor(deps.db, city) };
}

export async function setAnalyticsSettings(deps: DashboardDeps, actor: Actor | undefined, regionCode: string, input: AnalyticsSettings): Promise<AnalyticsSettings & { regionCode: string }> {
  const official = requireAccess(actor, 'analytics.manage', regionCode);
  const city = cityOf(regionCode);
  const problems = analyticsSettingsProblems(input);
  if (problems.length > 0) throw dashboardFail('ANALYTICS_SETTINGS_INVALID', { fields: problems });
  await inTransaction(deps.db, async (trx) => {
    const before = await analyticsSettingsFor(trx, city);
    if (city !== regionCode || !(await changeTenantSettings(trx, city, { [ANALYTICS_SETTING]: input }))) throw dashboardFail('ANALYTICS_REGION_NOT_CITY', { regionCode, city });
    await recordAudit(trx, official, { action: 'analytics.settings.change', targetType: 'region', targetId: city, regionCode: city, detail: { from: before, to: input } }, deps.clock);
  });
  return { regionCode: city, ...input };
}
