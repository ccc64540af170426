import type { SmsGateway } from '../../accounts/sms/gateway.ts';
import { shanghaiDay } from '../../kernel/time.ts';
import { smsPhonesFor } from '../../people/service.ts';
import { DEFAULT_REMIND_AT, shanghaiTimeOfDay } from './model.ts';
import { claimReminders, findOrganisationsDueForReminder } from './store.ts';
import type { DailyDeps } from './service.ts';

/**
 * The reminder job's round (提醒): for each organisation whose time has come today, members who
 * have not checked in and were not reminded today get one SMS (their own phone, or a child's
 * guardians'). The reminder row is claimed before sending, so several processes never send the
 * same reminder twice; a send that fails is not retried that day (at most once, by design).
 * Notices (src/notices) will be a second channel: claim with channel 'notice' there.
 */
export async function sendDueReminders(deps: DailyDeps & { sms: SmsGateway }, options: { batchSize?: number } = {}): Promise<{ organisations: number; reminded: number; failed: number }> {
  const at = deps.clock.now();
  const day = shanghaiDay(at);
  const batchSize = options.batchSize ?? 500;
  const due = await findOrganisationsDueForReminder(deps.db, shanghaiTimeOfDay(at), DEFAULT_REMIND_AT);
  let reminded = 0;
  let failed = 0;
  for (const org of due) {
    for (;;) {
      const persons = await claimReminders(deps.db, org.id, day, at, 'sms', batchSize);
      if (persons.length === 0) break;
      const phones = await smsPhonesFor(deps, persons);
      for (const personId of persons) {
        for (const phone of phones.get(personId) ?? []) {
          try {
            await deps.sms.send({ phone, body: `【防疫】${org.name}提醒您：今天（${day.slice(5).replace('-', '月')}日）还没有健康打卡，请打开“健康打卡”填写。` });
            reminded++;
          } catch {
            failed++;
          }
        }
      }
      if (persons.length < batchSize) break;
    }
  }
  return { organisations: due.length, reminded, failed };
}

