/** The bundled script templates (内置话术模板), offered by GET /api/callbot/templates. */
import type { Script } from '../../dialogue/model.ts';
import { homeObservationDaily } from './home-observation-daily.ts';
import { returnToWorkNotice } from './return-to-work-notice.ts';
import { returneeScreening } from './returnee-screening.ts';

export { homeObservationDaily, returnToWorkNotice, returneeScreening };

export const BUNDLED_SCRIPTS: readonly Script[] = [returneeScreening, homeObservationDaily, returnToWorkNotice];

export function findBundledScript(key: string): Script | undefined {
  return BUNDLED_SCRIPTS.find((script) => script.key === key);
}
