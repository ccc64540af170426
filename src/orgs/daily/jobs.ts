/**
 * The daily reminder job (提醒): every five minutes, organisations whose reminder time has come
 * remind the members who have not checked in today, through the notices channel (one notice per
 * organisation and day) and by SMS. Safe with several server processes: each reminder is claimed
 * per channel by inserting its (organisation, day, person, channel) row first (sendDueReminders),
 * and the queue's 'stately' policy keeps at most one run queued behind an active one.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { SmsGateway } from '../../accounts/sms/gateway.ts';
import { sendDueReminders } from './reminders.ts';
import type { DailyDeps } from './service.ts';

export const DAILY_REMINDER_QUEUE = 'org-daily-reminders';
export const DAILY_REMINDER_CRON = '*/5 * * * *';

export async function runDailyReminders(deps: DailyDeps & { sms: SmsGateway }, log: FastifyBaseLogger): Promise<void> {
  const { organisations, noticed, reminded, failed, noticeFailed } = await sendDueReminders(deps, {
    onError: (channel, organisationId, error) => log.error({ err: error, channel, organisationId }, 'daily check-in reminders failed on one channel'),
  });
  if (failed > 0) log.error({ failed }, 'daily check-in reminder SMS could not be sent');
  if (noticeFailed > 0) log.error({ noticeFailed }, 'daily check-in reminder notices not written (tried again next round)');
  if (noticed > 0 || reminded > 0) log.info({ organisations, noticed, reminded }, 'daily check-in reminders sent');
}
