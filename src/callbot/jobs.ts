/**
 * The dialer's queue: pg-boss runs it every minute (one run at a time across the server
 * processes: 'stately' policy; claims use SKIP LOCKED anyway) and when a campaign starts or
 * resumes (the "kick"), so the first calls go out at once.
 */
import type PgBoss from 'pg-boss';
import type { FastifyBaseLogger } from 'fastify';
import { runDialerTick } from './campaigns/dialer.ts';
import { callbotRuntime, setDialerKick, setPhoneChannel } from './campaigns/runtime.ts';
import { startSipChannel, type RunningSipChannel } from './channels/sip-setup.ts';
import { loadTelephonyConfig } from './telephony/config.ts';
import type { Platform } from '../server/platform.ts';

export const CALLBOT_DIALER_QUEUE = 'callbot-dialer';
export const CALLBOT_DIALER_CRON = '* * * * *';

/** Lines (calls at once) per campaign: FANGYI_CALLBOT_LINES, default 20. */
export function dialerLines(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.FANGYI_CALLBOT_LINES ?? 20);
  return Number.isInteger(n) && n >= 1 && n <= 2000 ? n : 20;
}

export async function setUpCallbotQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(CALLBOT_DIALER_QUEUE, { name: CALLBOT_DIALER_QUEUE, policy: 'stately' });
  await boss.schedule(CALLBOT_DIALER_QUEUE, CALLBOT_DIALER_CRON, {}, { tz: 'Asia/Shanghai' });
}

const draining = new WeakSet<object>();
const runningTicks = new WeakMap<object, Promise<unknown>>();
const phoneLines = new WeakMap<object, RunningSipChannel>();

export async function runCallbotDialer(platform: Platform, log: FastifyBaseLogger): Promise<void> {
  if (draining.has(platform)) return;
  const runtime = callbotRuntime(platform);
  const running = runDialerTick({ ...platform, understand: runtime.understand, channelFor: runtime.channelFor, lines: dialerLines(),
    draining: () => draining.has(platform),
    onError: (error, where) => log.warn({ err: error, ...where }, 'callbot call failed'),
  });
  runningTicks.set(platform, running);
  const tick = await running;
  if (tick.dialled > 0 || tick.released > 0 || tick.completedCampaigns > 0) log.info(tick, 'callbot dialer');
}

/**
 * Graceful drain on shutdown: no new call is dialled, calls in progress finish and are recorded,
 * then the phone line closes. Callees not yet dialled stay pending for the next process.
 */
export async function stopCallbotQueues(platform: Platform, log: FastifyBaseLogger): Promise<void> {
  draining.add(platform);
  await runningTicks.get(platform)?.catch(() => undefined);
  const line = phoneLines.get(platform);
  if (line) {
    setPhoneChannel(platform, undefined);
    await line.close().catch((error: unknown) => log.warn({ err: error }, 'closing the SIP user agent failed'));
  }
}

/** Opens the installation's phone line when FANGYI_SIP_TRUNK is set (misconfiguration stops the start with its reason). */
async function openPhoneLine(platform: Platform, log: FastifyBaseLogger): Promise<void> {
  const config = loadTelephonyConfig();
  if (!config) return;
  const line = await startSipChannel(config);
  phoneLines.set(platform, line);
  setPhoneChannel(platform, line);
  log.info({ sip: line.localAddress, trunk: `${config.trunk.host}:${config.trunk.port}`, lines: config.maxCalls, cps: config.callsPerSecond }, 'phone line ready');
}

export async function workCallbotQueues(boss: PgBoss, platform: Platform, log: FastifyBaseLogger): Promise<void> {
  await openPhoneLine(platform, log);
  await boss.work(CALLBOT_DIALER_QUEUE, async () => runCallbotDialer(platform, log));
  setDialerKick(platform, () => {
    boss.send(CALLBOT_DIALER_QUEUE, {}).catch((error: unknown) => log.warn({ err: error }, 'callbot dialer kick failed'));
  });
}
