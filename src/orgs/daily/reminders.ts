import type { SmsGateway } from '../../accounts/sms/gateway.ts';
import { inTransaction } from '../../db/transaction.ts';
import { shanghaiDay } from '../../kernel/time.ts';
import { publishSystemNotice } from '../../notices/service.ts';
import { smsPhonesFor } from '../../people/service.ts';
import { findOrganisation } from '../store.ts';
import { DEFAULT_REMIND_AT, shanghaiTimeOfDay } from './model.ts';
import { claimRemindersOn, findOrganisationsDueForReminder } from './store.ts';
import type { DailyDeps } from './service.ts';

export type ReminderChannel = 'notice' | 'sms';

export interface ReminderRound {
  /** Organisations whose reminder time had come. */
  organisations: number;
  /** Persons added to their organisation's reminder notice of the day. */
  noticed: number;
  /** SMS sent (one per phone: the member's own, or a child's guardians'). */
  reminded: number;
  /** SMS the gateway refused. */
  failed: number;
  /** Organisations whose notice batch could not be written (its claims rolled back: the next round tries again). */
  noticeFailed: number;
}

/** "3月6日" of a YYYY-MM-DD day. */
const monthDay = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

/** The in-app action of the reminder notice: the organisation's daily check-in form (each recipient follows it with ?personId=). */
export const dailyFormLink = (organisationId: string) => `/m/orgs/${organisationId}/daily`;

/**
 * The reminder job's round (提醒): for each organisation whose time has come today, members who
 * have not checked in are reminded on two channels, each at most once a day per person (a claim
 * row per channel in org_daily_reminders, written before the reminder goes out, so several
 * processes and reruns never remind anyone twice on a channel):
 * 1. notice — one notice per organisation and day (publishSystemNotice, sender: the organisation)
 *    addressed to the members themselves; a pupil's guardians see it as 发给 张*明 (notices to a
 *    dependant reach the guardian) and its action opens the pupil's check-in form. The claim rows
 *    and the recipient rows are one transaction: if it fails, both are rolled back and the next
 *    round (five minutes later) tries again.
 * 2. SMS — one per phone (own, or a child's guardians'), as before: claimed, then sent; a send that
 *    fails is not retried that day (at most once, by design): the member still has the notice.
 * A failure on one channel never stops the other, nor the other organisations.
 */
export async function sendDueReminders(
  deps: DailyDeps & { sms: SmsGateway },
  options: { batchSize?: number; onError?: (channel: ReminderChannel, organisationId: string, error: unknown) => void } = {},
): Promise<ReminderRound> {
  const at = deps.clock.now();
  const day = shanghaiDay(at);
  const batchSize = options.batchSize ?? 500;
  const due = await findOrganisationsDueForReminder(deps.db, shanghaiTimeOfDay(at), DEFAULT_REMIND_AT);
  const round: ReminderRound = { organisations: due.length, noticed: 0, reminded: 0, failed: 0, noticeFailed: 0 };
  for (const org of due) {
    try {
      round.noticed += await remindByNotice(deps, org.id, day, at, batchSize);
    } catch (error) {
      round.noticeFailed++;
      options.onError?.('notice', org.id, error);
    }
    try {
      const sms = await remindBySms(deps, org, day, at, batchSize);
      round.reminded += sms.sent;
      round.failed += sms.failed;
    } catch (error) {
      options.onError?.('sms', org.id, error);
    }
  }
  return round;
}

async function remindByNotice(deps: DailyDeps, organisationId: string, day: string, at: Date, batchSize: number): Promise<number> {
  const organisation = await findOrganisation(deps.db, organisationId);
  if (!organisation) return 0;
  let noticed = 0;
  for (;;) {
    const claimed = await inTransaction(deps.db, async (trx) => {
      const persons = await claimRemindersOn(trx, organisation.id, day, at, 'notice', batchSize);
      await publishSystemNotice({ db: trx, clock: deps.clock }, {
        organisation, kind: 'daily_reminder', day, personIds: persons, actionLink: dailyFormLink(organisation.id),
        title: `健康打卡提醒（${monthDay(day)}）`,
        body: `${organisation.name}提醒：今天（${monthDay(day)}）的健康打卡还没有填写，请点下方“去健康打卡”完成。（通知标有“发给 某某”的，请为这个孩子代为打卡。）`,
      });
      return persons.length;
    });
    noticed += claimed;
    if (claimed < batchSize) return noticed;
  }
}

async function remindBySms(deps: DailyDeps & { sms: SmsGateway }, org: { id: string; name: string }, day: string, at: Date, batchSize: number): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (;;) {
    const persons = await claimRemindersOn(deps.db, org.id, day, at, 'sms', batchSize);
    if (persons.length === 0) break;
    const phones = await smsPhonesFor(deps, persons);
    for (const personId of persons) {
      for (const phone of phones.get(personId) ?? []) {
        try {
          await deps.sms.send({ phone, body: `【防疫】${org.name}提醒您：今天（${monthDay(day)}）还没有健康打卡，请打开“健康打卡”填写。` });
          sent++;
        } catch {
          failed++;
        }
      }
    }
    if (persons.length < batchSize) break;
  }
  return { sent, failed };
}
