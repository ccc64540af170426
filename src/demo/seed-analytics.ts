/**
 * Seeds the demo city's past epidemic (model/epidemic-wave.ts) so the situation dashboard
 * (疫情态势) and the command screen show a wave from the first start: a synthetic person per case,
 * and the case as the registry holds one ('registered' by the demo, dated when it was reported).
 * The cases' rollup triggers fill the dashboard. They are history: never traced
 * (trace_requested_at stays null) and no colour is recomputed for them. The city's district map
 * is the schematic tiles of model/district-tiles.ts (no licensed boundaries ship: decision 0012).
 */
import { randomUUID } from 'node:crypto';
import type { DbOrTrx } from '../db/transaction.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import { shanghaiDay, type Clock } from '../kernel/time.ts';
import { schematicTiles } from '../analytics/maps/schematic.ts';
import { saveDistrictMap } from '../analytics/maps/store.ts';
import { registerPeopleBulk, residentIdCheckDigit } from '../people/service.ts';
import { insertCase, insertCaseEvent } from '../tracing/store.ts';
import { DEMO_CITY_CODE, type DemoDistrict } from './model/city.ts';
import { DEMO_DISTRICT_TILES, DEMO_MAP_SOURCE } from './model/district-tiles.ts';
import { buildEpidemicWave } from './model/epidemic-wave.ts';
import { DEMO_SEED, seededRandom } from './model/random.ts';

const HOUR_MS = 3_600_000;
const ACTOR_LABEL = 'system:demo';

/** In the caller's transaction; returns how many historical cases it registered. */
export async function seedDemoAnalytics(deps: { db: DbOrTrx; keyring: Keyring; clock: Clock }, input: { districts: readonly DemoDistrict[] }): Promise<number> {
  const now = deps.clock.now();
  // Its own random stream: the rest of the demo stays what it was before this history existed.
  const wave = buildEpidemicWave({ random: seededRandom(DEMO_SEED + 23), districts: input.districts, today: shanghaiDay(now), checkDigit: residentIdCheckDigit });
  const personIds = await registerPeopleBulk(deps, wave.map((c) => ({
    idType: 'resident_id', idNumber: c.person.idNumber, name: c.person.name, address: c.person.address, homeRegionCode: c.person.homeRegionCode, synthetic: true,
  })));
  for (const [i, c] of wave.entries()) {
    // Registered when reported: an hour before now on the day it was, so every one is older than the demo's live cases.
    const at = new Date(now.getTime() - c.daysAgo * 24 * HOUR_MS - HOUR_MS);
    const id = randomUUID();
    await insertCase(deps.db, {
      id, personId: personIds[i]!, regionCode: c.person.homeRegionCode, classification: c.classification, onsetOn: c.onsetOn, onsetApproximate: false,
      testedPositiveOn: c.testedPositiveOn, isolatedAt: null, reportedOn: c.reportedOn, source: c.source, issuingRegionCode: null, externalRef: null,
      notesEnc: null, createdAt: at, createdByAccountId: null, updatedAt: at, traceRequestedAt: null,
    });
    await insertCaseEvent(deps.db, {
      caseId: id, at, kind: 'registered', fromClassification: null, toClassification: c.classification, actorAccountId: null, actorLabel: ACTOR_LABEL,
      detail: { source: c.source },
    });
  }
  await saveDistrictMap(deps.db, {
    regionCode: DEMO_CITY_CODE, geometry: schematicTiles(input.districts, DEMO_DISTRICT_TILES), districtCodes: input.districts.map((d) => d.code),
    source: DEMO_MAP_SOURCE, approvalNo: null, schematic: true, updatedAt: now, updatedByAccountId: null,
  });
  return wave.length;
}
