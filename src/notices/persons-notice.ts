/**
 * A staff member's notice to a list of persons chosen by another capability (a venue exposure's
 * visitors: src/tracing), in the caller's transaction: checked like any notice, recipients added in
 * batches with ON CONFLICT DO NOTHING as they are paged in, published at once (no fan-out job: the
 * recipients are written here), audited as a publication. No organisation: the notice belongs to
 * its region, and the region's staff who may publish there see it in their list.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/service.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Actor } from '../kernel/access.ts';
import type { Clock } from '../kernel/time.ts';
import { noticeFail } from './errors.ts';
import { checkNotice } from './model.ts';
import { advanceFanOut, insertNotice, insertRecipients } from './store.ts';

/** Recipients written per statement (the notices fan-out's batch). */
const RECIPIENT_BATCH = 5000;

export interface PersonsNotice {
  /** Where the notice belongs (the venue's region): the notices' region code. */
  regionCode: string;
  senderLabel: string;
  title: string;
  body: string;
  actionLink: string | null;
  /** The recipients, a page at a time in id order (after the last id of the page before). */
  personIds: (after: string | undefined, limit: number) => Promise<string[]>;
}

/** Publishes the notice to every person the pages give; its id and how many received it. */
export async function publishPersonsNotice(trx: Transaction<Database>, deps: { clock: Clock }, staff: Actor, notice: PersonsNotice): Promise<{ noticeId: string; recipients: number }> {
  const checked = checkNotice({ title: notice.title, body: notice.body, askConfirm: false, link: null, actionLink: notice.actionLink });
  if ('field' in checked) throw noticeFail('NOTICE_INPUT_INVALID', { field: checked.field });
  const id = randomUUID();
  const createdAt = deps.clock.now();
  await insertNotice(trx, {
    id, audienceKind: 'persons', regionCode: notice.regionCode, targetRegionCodes: [], organisationId: null, unitIds: null, ...checked,
    senderAccountId: staff.accountId, senderLabel: notice.senderLabel, createdAt,
  });
  let recipients = 0;
  for (let after: string | undefined; ;) {
    const ids = await notice.personIds(after, RECIPIENT_BATCH);
    recipients += await insertRecipients(trx, id, createdAt, ids);
    if (ids.length < RECIPIENT_BATCH) break;
    after = ids.at(-1);
  }
  await advanceFanOut(trx, id, { cursor: null, added: recipients, publishedAt: createdAt });
  await recordAudit(trx, staff, {
    action: 'notice.publish', targetType: 'region', targetId: notice.regionCode, regionCode: notice.regionCode,
    detail: { noticeId: id, audience: 'persons', recipients },
  }, deps.clock);
  return { noticeId: id, recipients };
}
