/**
 * The dialer's queue: pg-boss runs it every minute (one run at a time across the server
 * processes: 'stately' policy; claims use SKIP LOCKED anyway) and when a campaign starts or
 * resumes (the "kick"), so the first calls go out at once.
 */
import type PgBoss from 'pg-boss';
import type { FastifyBaseLogger } from 'fastify';
import { runDialerTick } from './campaigns/dialer.ts';
import { callbotRuntime, setDialerKick } from './campaigns/runtime.ts';
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

export async function runCallbotDialer(platform: Platform, log: FastifyBaseLogger): Promise<void> {
  const runtime = callbotRuntime(platform);
  const tick = await runDialerTick({ ...platform, understand: runtime.understand, channelFor: runtime.channelFor, lines: dialerLines(),
    onError: (error, where) => log.warn({ err: error, ...where }, 'callbot call failed'),
  });
  if (tick.dialled > 0 || tick.released > 0 || tick.completedCampaigns > 0) log.info(tick, 'callbot dialer');
}

export async function workCallbotQueues(boss: PgBoss, platform: Platform, log: FastifyBaseLogger): Promise<void> {
  await boss.work(CALLBOT_DIALER_QUEUE, async () => runCallbotDialer(platform, log));
  setDialerKick(platform, () => {
    boss.send(CALLBOT_DIALER_QUEUE, {}).catch((error: unknown) => log.warn({ err: error }, 'callbot dialer kick failed'));
  });
}
