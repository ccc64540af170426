/**
 * Seeds the demo city's screening robot (智能外呼): a 返乡人员摸排 campaign of a few hundred
 * residents of one district, already called by simulated callees, so the console's progress and
 * report pages have something to show; and a running chat campaign (居家隔离每日随访) whose
 * callees a tester answers on the chat page. Everything goes through the campaign services as the
 * demo community worker would do it; the calls are placed by the real dialer over the simulated
 * channel, at this morning's calling hours (yesterday's when this morning's have not begun), so no
 * attempt is dated in the future.
 */
import type { Db } from '../db/connection.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import { fixedClock, MINUTE_MS, shanghaiDay, startOfShanghaiDay, type Clock } from '../kernel/time.ts';
import { createPersonaChannel } from '../callbot/channels/simulated.ts';
import { loadLabelledUtterances, verifiedUtterances } from '../callbot/channels/simulated-utterances.ts';
import { runDialerTick } from '../callbot/campaigns/dialer.ts';
import { importCallees, selectCallees } from '../callbot/campaigns/import-service.ts';
import { changeCampaignStatus, createCampaign } from '../callbot/campaigns/service.ts';
import { listTemplates } from '../callbot/campaigns/scripts-service.ts';
import { understand } from '../callbot/nlu/understand.ts';
import { DEMO_CITY_CODE, type DemoDistrict } from './model/city.ts';
import type { DemoResident } from './model/households.ts';
import { demoStaffActor } from './seed-travel.ts';

const DEMO_WORKER = 'demo-worker';
/** Callees of the seeded screening campaign. */
export const DEMO_CAMPAIGN_CALLEES = 300;
const WINDOWS = [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '20:30' }];
const RETRY_MINUTES = 30;
const HOUR_MS = 60 * MINUTE_MS;

export interface DemoCallbotSummary { campaigns: number; callees: number; callsPlaced: number }

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The import file a community worker would upload: 姓名, 电话, 地址, 社区, 标签. */
export function demoCalleeCsv(residents: readonly DemoResident[]): Buffer {
  const lines = ['姓名,电话,地址,社区,标签'];
  for (const r of residents) lines.push([r.name, r.phone ?? '', r.address, r.homeRegionCode, '返乡'].map(csvCell).join(','));
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

/** This morning's first calling hour, or yesterday's when it is still before it. */
function callingMorning(now: Date): Date {
  const today = startOfShanghaiDay(shanghaiDay(now));
  const morning = new Date(today.getTime() + 9 * HOUR_MS + 30 * MINUTE_MS);
  return morning.getTime() <= now.getTime() ? morning : new Date(morning.getTime() - 24 * HOUR_MS);
}

function dayAfter(day: string, days: number): string {
  return shanghaiDay(new Date(startOfShanghaiDay(day).getTime() + days * 24 * HOUR_MS + HOUR_MS));
}

export async function seedDemoCallbot(
  deps: { db: Db; keyring: Keyring; clock: Clock },
  input: { districts: readonly DemoDistrict[]; residents: readonly DemoResident[] },
): Promise<DemoCallbotSummary> {
  const none = { campaigns: 0, callees: 0, callsPlaced: 0 };
  const worker = await demoStaffActor(deps.db, DEMO_WORKER);
  const district = input.districts[0];
  if (!worker || !district) return none;
  const now = deps.clock.now();
  const history = fixedClock(new Date(callingMorning(now).getTime() - 30 * MINUTE_MS));
  const at = { ...deps, clock: history };
  const templates = await listTemplates(at, worker);
  const screening = templates.find((t) => t.key === 'returnee-screening');
  const observation = templates.find((t) => t.key === 'home-observation-daily');
  if (!screening || !observation) return none;
  const endsOn = dayAfter(shanghaiDay(now), 6);

  const campaign = await createCampaign(at, worker, {
    name: `${district.name}返乡人员摸排（演示）`, regionCode: district.code, scriptId: screening.scriptId, channel: 'simulated',
    windows: WINDOWS, attemptsPerDay: 3, retryIntervalMinutes: RETRY_MINUTES, endsOn, variables: {},
  });
  const callees = input.residents.filter((r) => r.phone !== undefined && r.homeRegionCode.startsWith(district.code.slice(0, 6))).slice(0, DEMO_CAMPAIGN_CALLEES);
  const imported = await importCallees(at, worker, campaign.id, demoCalleeCsv(callees));
  history.advance(30 * MINUTE_MS);
  await changeCampaignStatus(at, worker, campaign.id, 'start');
  const channel = createPersonaChannel('fangyi-demo', verifiedUtterances(loadLabelledUtterances(), understand));
  let callsPlaced = 0;
  // Retries of the busy and unanswered go on through the morning, as the dialer job would place them; never past now.
  while (history.now().getTime() <= now.getTime()) {
    const tick = await runDialerTick({ ...at, understand, channelFor: (name) => (name === 'simulated' ? channel : undefined) });
    callsPlaced += tick.dialled;
    if (tick.dialled === 0 && history.now().getTime() - callingMorning(now).getTime() > 3 * HOUR_MS) break;
    history.advance(RETRY_MINUTES * MINUTE_MS);
  }

  // The chat demo: today's people in home observation, answered by typing on the chat page.
  const chat = await createCampaign({ ...deps }, worker, {
    name: '居家隔离每日随访（聊天演示）', regionCode: DEMO_CITY_CODE, scriptId: observation.scriptId, channel: 'chat',
    windows: WINDOWS, attemptsPerDay: 3, retryIntervalMinutes: RETRY_MINUTES, endsOn, variables: {},
  });
  const selected = await selectCallees(deps, worker, chat.id, 'risk_returnees');
  const chatCallees = selected.accepted > 0 ? selected.accepted
    : (await importCallees(deps, worker, chat.id, demoCalleeCsv(input.residents.filter((r) => r.phone !== undefined).slice(0, 3)))).accepted;
  await changeCampaignStatus(deps, worker, chat.id, 'start');
  return { campaigns: 2, callees: imported.accepted + chatCallees, callsPlaced };
}
