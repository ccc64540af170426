/** The city's tracing parameters (流调参数): read by its staff, set by its health officials (audited). */
import { recordAudit } from '../audit/service.ts';
import { inTransaction } from '../db/transaction.ts';
import { requireAccess, type Actor } from '../kernel/access.ts';
import { cityOf } from '../kernel/regions-scope.ts';
import { changeTenantSettings } from '../regions/service.ts';
import { VENUE_KINDS } from '../venues/service.ts';
import { tracingFail } from './errors.ts';
import { settingsProblems, TRACING_SETTING, type TracingSettings } from './model/settings.ts';
import { tracingSettingsFor, type TracingDeps } from './trace.ts';

function cityOrFail(regionCode: string): string {
  const city = cityOf(regionCode);
  if (city !== regionCode) throw tracingFail('TRACING_REGION_NOT_CITY', { regionCode, city });
  return city;
}

export async function getTracingSettings(deps: Pick<TracingDeps, 'db'>, actor: Actor | undefined, regionCode: string): Promise<TracingSettings & { regionCode: string }> {
  requireAccess(actor, 'tracing.contact.read', regionCode);
  const city = cityOrFail(regionCode);
  return { regionCode: city, ...await tracingSettingsFor(deps.db, city) };
}

/** Changes take effect for the next tracing run; cases already traced keep their links until traced again. */
export async function setTracingSettings(deps: Pick<TracingDeps, 'db' | 'clock'>, actor: Actor | undefined, regionCode: string, input: TracingSettings): Promise<TracingSettings & { regionCode: string }> {
  const official = requireAccess(actor, 'tracing.manage', regionCode);
  const city = cityOrFail(regionCode);
  const problems = settingsProblems(input, VENUE_KINDS);
  if (problems.length > 0) throw tracingFail('TRACING_SETTINGS_INVALID', { fields: problems });
  await inTransaction(deps.db, async (trx) => {
    const before = await tracingSettingsFor(trx, city);
    if (!(await changeTenantSettings(trx, city, { [TRACING_SETTING]: input }))) throw tracingFail('TRACING_REGION_NOT_CITY', { regionCode, city });
    await recordAudit(trx, official, { action: 'tracing.settings.change', targetType: 'region', targetId: city, regionCode: city, detail: { from: before, to: input } }, deps.clock);
  });
  return { regionCode: city, ...input };
}
