/**
 * 免打扰名单 (do-not-call list): numbers the robot never dials, installation-wide (a number is on
 * it or not), each entry owned by the region that added it (its staff list and remove it). Added
 * by staff here, by a callee who asks during a call (outcome.ts), honoured at import and again
 * at dial time. Entries hold the blind index and the masked number only. Changes are audited.
 */
import { recordAudit } from '../../audit/service.ts';
import { inTransaction } from '../../db/transaction.ts';
import { can, requireAccess, scopesFor, type Actor } from '../../kernel/access.ts';
import { blindIndex } from '../../kernel/crypto/field-encryption.ts';
import { maskPhone } from '../../kernel/masking.ts';
import { regionPrefix } from '../../kernel/regions-scope.ts';
import { callbotFail } from '../errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { normalisePhone } from './phone.ts';
import type { CampaignDeps } from './service.ts';
import { deleteDnc, findDnc, insertDnc, listDncRows, type DncRow } from './store.ts';

export interface DncEntry {
  /** The entry's id (the number's keyed hash: reveals nothing). */
  id: string;
  maskedPhone: string;
  regionCode: string;
  source: DncRow['source'];
  addedAt: Date;
}

const entryOf = (r: DncRow): DncEntry => ({ id: r.phoneIndex, maskedPhone: r.maskedPhone, regionCode: r.regionCode, source: r.source, addedAt: r.addedAt });

export async function listDnc(deps: CampaignDeps, actor: Actor | undefined, query: { cursor?: string; limit: number }): Promise<{ items: DncEntry[]; next: string | null }> {
  const staff = requireAccess(actor, 'callbot.campaign.manage');
  const prefixes = scopesFor(staff, 'callbot.campaign.manage').map(regionPrefix);
  const after = decodeCursor(query.cursor);
  const rows = await listDncRows(deps.db, prefixes, after?.at && after.id !== undefined ? { addedAt: new Date(after.at), phoneIndex: after.id } : undefined, query.limit);
  const last = rows[rows.length - 1];
  return { items: rows.map(entryOf), next: rows.length === query.limit && last ? encodeCursor({ at: last.addedAt.toISOString(), id: last.phoneIndex }) : null };
}

/** Adds a number (staff); a number already listed answers its entry. */
export async function addDnc(deps: CampaignDeps, actor: Actor | undefined, input: { phone: string; regionCode?: string }): Promise<DncEntry> {
  const scopes = scopesFor(requireAccess(actor, 'callbot.campaign.manage'), 'callbot.campaign.manage');
  const regionCode = input.regionCode ?? scopes[0]!;
  const staff = requireAccess(actor, 'callbot.campaign.manage', regionCode);
  const phone = normalisePhone(input.phone);
  if (!phone.ok) throw callbotFail(phone.code, { field: 'phone' });
  const phoneIndex = blindIndex(deps.keyring, 'phone', phone.phone);
  return inTransaction(deps.db, async (trx) => {
    const row: DncRow = { phoneIndex, maskedPhone: maskPhone(phone.phone), regionCode, source: 'staff', addedAt: deps.clock.now(), addedByAccountId: staff.accountId };
    const added = await insertDnc(trx, [row]);
    if (added.length > 0) await recordAudit(trx, staff, { action: 'callbot.dnc.add', targetType: 'callbot_dnc', targetId: phoneIndex, regionCode, detail: { source: 'staff' } }, deps.clock);
    return entryOf((await findDnc(trx, phoneIndex))!);
  });
}

/** Removes an entry of the actor's regions, by its id or by the number. */
export async function removeDnc(deps: CampaignDeps, actor: Actor | undefined, ref: { id?: string; phone?: string }): Promise<{ removed: true }> {
  const staff = requireAccess(actor, 'callbot.campaign.manage');
  let phoneIndex = ref.id;
  if (!phoneIndex && ref.phone !== undefined) {
    const phone = normalisePhone(ref.phone);
    if (!phone.ok) throw callbotFail(phone.code, { field: 'phone' });
    phoneIndex = blindIndex(deps.keyring, 'phone', phone.phone);
  }
  if (!phoneIndex) throw callbotFail('CALLBOT_DNC_NOT_FOUND');
  await inTransaction(deps.db, async (trx) => {
    const row = await findDnc(trx, phoneIndex);
    if (!row || !can(staff, 'callbot.campaign.manage', row.regionCode)) throw callbotFail('CALLBOT_DNC_NOT_FOUND');
    await deleteDnc(trx, phoneIndex);
    await recordAudit(trx, staff, { action: 'callbot.dnc.remove', targetType: 'callbot_dnc', targetId: phoneIndex, regionCode: row.regionCode }, deps.clock);
  });
  return { removed: true };
}
