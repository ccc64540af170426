/**
 * The daily reminder job (提醒): every five minutes, organisations whose reminder time has come
 * remind the members who have not checked in today. Safe with several server processes: each
 * reminder is claimed by inserting its (organisation, day, person) row first (sendDueReminders),
 * and the queue's 'stately' policy keeps at most one run queued behind an active one.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { SmsGateway } from '../../accounts/sms/gateway.ts';
import { sendDueReminders } from './reminders.ts';
import type { DailyDeps } from './service.ts';

export const DAILY_REMINDER_QUEUE = 'org-daily-reminders';
export const DAILY_REMINDER_CRON = '*/5 * * * *';

export async function runDailyReminders(deps: DailyDeps & { sms: SmsGateway }, log: FastifyBaseLogger): Promise<void> {
  const { organisations, reminded, failed } = await sendDueReminders(deps);
  if (failed > 0) log.error({ failed }, 'daily check-in reminders could not be sent');
  if (reminded > 0) log.info({ organisations, reminded }, 'daily check-in reminders sent');
}
