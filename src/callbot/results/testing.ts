/**
 * Test-only helpers for the results DB tests: a campaign and its callees written straight into the
 * tables, and a callee finished the way the campaigns part records an attempt's end (the attempts,
 * the callee's final row and the results hook in one transaction) — so the results can be tested
 * apart from the dialer.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../kernel/time.ts';
import { encryptField, type Keyring } from '../../kernel/crypto/field-encryption.ts';
import type { DialOutcome } from '../channels/channel.ts';
import type { AbnormalReason, CallResult } from '../dialogue/model.ts';
import { returneeScreening } from '../scripts/templates/index.ts';
import { recordCallResult } from './hook.ts';

export async function seedCampaign(db: Kysely<Database>, input: { regionCode: string; createdByAccountId: string; name?: string; at: Date }): Promise<string> {
  const scriptId = randomUUID();
  await db.insertInto('callbotScripts').values({
    id: scriptId, key: `results-test-${scriptId.slice(0, 8)}`, version: 1, name: returneeScreening.name, definition: JSON.stringify(returneeScreening),
    regionCode: input.regionCode, createdByAccountId: input.createdByAccountId, createdAt: input.at,
  }).execute();
  const id = randomUUID();
  await db.insertInto('callbotCampaigns').values({
    id, name: input.name ?? '返乡人员摸排', regionCode: input.regionCode, scriptId, channel: 'simulated', windows: JSON.stringify([{ start: '09:00', end: '20:30' }]),
    attemptsPerDay: 3, retryIntervalMinutes: 30, endsOn: '2099-12-31', variables: JSON.stringify({ community: '测试社区' }),
    createdByAccountId: input.createdByAccountId, createdAt: input.at,
  }).execute();
  await db.updateTable('callbotCampaigns').set({ status: 'running', startedAt: input.at }).where('id', '=', id).execute();
  return id;
}

export interface SeededCallee {
  id: string;
  regionCode: string;
  personId: string | null;
  maskedName: string;
  maskedPhone: string;
}

/** A callee row; with a keyring its name (张三<index>), phone and address are really encrypted, else placeholders. */
export async function seedCallee(
  db: Kysely<Database>, campaignId: string, input: { regionCode: string; personId?: string | null; index: number; at: Date; keyring?: Keyring },
): Promise<SeededCallee> {
  const id = randomUUID();
  const phone = `1390000${String(input.index).padStart(4, '0')}`;
  const row = { id, regionCode: input.regionCode, personId: input.personId ?? null, maskedName: `张*${input.index}`, maskedPhone: `${phone.slice(0, 3)}****${phone.slice(7)}` };
  await db.insertInto('callbotCallees').values({
    ...row, campaignId,
    nameEnc: input.keyring ? encryptField(input.keyring, `张三${'一二三四五六七八九十'[input.index % 10]}`) : 'test',
    phoneEnc: input.keyring ? encryptField(input.keyring, phone) : 'test',
    addressEnc: input.keyring ? encryptField(input.keyring, `某路 ${input.index} 号`) : null,
    phoneIndex: `test-${campaignId}-${phone}`, source: 'import', createdAt: input.at,
  }).execute();
  return row;
}

export interface Finish {
  campaignId: string;
  campaignRegionCode: string;
  callee: SeededCallee;
  result: CallResult;
  reasons?: AbnormalReason[];
  temperature?: number;
  /** Dial outcomes in order; a connected last one when the result came from a dialogue. */
  outcomes: DialOutcome[];
  at: Date;
}

/** Writes the attempts and the callee's final result, and runs the results hook, in one transaction (as campaigns' recordAttemptEnd does). */
export async function finishCallee(db: Kysely<Database>, clock: Clock, finish: Finish): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    let last: string | null = null;
    for (const [i, outcome] of finish.outcomes.entries()) {
      last = randomUUID();
      const startedAt = new Date(finish.at.getTime() - (finish.outcomes.length - i) * 60_000);
      const connected = outcome === 'connected';
      await trx.insertInto('callbotAttempts').values({
        id: last, campaignId: finish.campaignId, calleeId: finish.callee.id, channel: 'simulated', startedAt,
        answeredAt: connected ? startedAt : null, endedAt: new Date(startedAt.getTime() + 30_000), outcome,
        result: connected ? finish.result : null, reasons: finish.reasons ?? [],
        slots: JSON.stringify(finish.temperature !== undefined ? { temperature: finish.temperature } : {}),
      }).execute();
    }
    const reasons = finish.result === 'abnormal' ? finish.reasons ?? [] : [];
    const slots = finish.temperature !== undefined ? { temperature: finish.temperature } : {};
    await trx.updateTable('callbotCallees').set({
      status: 'done', result: finish.result, reasons, slots: JSON.stringify(slots), attempts: finish.outcomes.length,
      lastOutcome: finish.outcomes[finish.outcomes.length - 1] ?? null, completedAt: finish.at,
    }).where('id', '=', finish.callee.id).execute();
    const attemptId = finish.result === 'not_reached' && finish.outcomes.length === 0 ? null : last;
    await recordCallResult(trx, { clock }, {
      campaignId: finish.campaignId, campaignRegionCode: finish.campaignRegionCode, calleeId: finish.callee.id, attemptId, personId: finish.callee.personId,
      regionCode: finish.callee.regionCode, result: finish.result, reasons, slots, unresolved: [], intent: null,
      lastOutcome: finish.outcomes[finish.outcomes.length - 1] ?? null, decidedAt: finish.at,
    });
    return attemptId;
  });
}
