/**
 * Printed codes (关爱码): an official or community worker of the person's home region issues a
 * long-lived signed code on paper for someone without a smartphone, prints it again while it is
 * valid, and revokes it (the revocation reaches verifiers with the trust list). All audited.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { recordAudit } from '../../audit/service.ts';
import { inTransaction, type DbOrTrx } from '../../db/transaction.ts';
import { requireAccess, PERMISSIONS, type Actor } from '../../kernel/access.ts';
import { decryptField, encryptField, type Keyring } from '../../kernel/crypto/field-encryption.ts';
import { cityOf, regionCovers } from '../../kernel/regions-scope.ts';
import type { Clock } from '../../kernel/time.ts';
import { homeRegionOf } from '../../people/service.ts';
import { regionNames } from '../../regions/service.ts';
import { forgetCheckpointTrustStore } from '../checkpoint/service.ts';
import { recomputeColour, statusForPrinting } from '../colours/service.ts';
import { issueToken } from '../token/issue.ts';
import { PRINTED_TOKEN_ID_BYTES, toHex } from '../token/model.ts';
import { revokeToken } from '../trust-list/service.ts';
import { printedCodeFail } from './errors.ts';
import { DEFAULT_PRINTED_DAYS, isValidDays, issuingOfficeName, narrowestGrant, type PrintedCode } from './model.ts';
import { renderPrintPage } from './print-page.ts';
import { findPrintedCode, findPrintedCodesOfPerson, insertPrintedCode, isPrintedTokenIdTaken, markPrintedCodeRevoked } from './store.ts';

export type { PrintedCode } from './model.ts';

export interface PrintedCodeDeps {
  db: DbOrTrx;
  keyring: Keyring;
  clock: Clock;
}

export interface IssuedPrintedCode extends PrintedCode {
  token: string;
  maskedName: string;
  printUrl: string;
}

const printUrlOf = (id: string) => `/api/codes/printed/${id}/print`;

/** The person's home region, after checking the actor may act for printed codes there. */
async function requireHomeAccess(db: DbOrTrx, actor: Actor | undefined, personId: string, permission: 'code.print' | 'code.revoke'): Promise<{ staff: Actor; home: string }> {
  const staff = requireAccess(actor, permission);
  const home = /^[0-9a-f-]{36}$/i.test(personId) ? await homeRegionOf(db, personId) : undefined;
  if (!home) throw printedCodeFail('PRINTED_CODE_PERSON_NOT_FOUND');
  requireAccess(staff, permission, home);
  return { staff, home };
}

/**
 * A token id no printed code of the region has had: 40 random bits repeat about once in
 * 200 million pairs, so a region printing 100,000 codes meets one repeat in two hundred runs;
 * drawing again is cheaper than longer ids that would not fit the token.
 */
async function unusedTokenId(db: DbOrTrx, regionCode: string): Promise<Uint8Array> {
  for (;;) {
    const tokenId = new Uint8Array(randomBytes(PRINTED_TOKEN_ID_BYTES));
    if (!(await isPrintedTokenIdTaken(db, regionCode, toHex(tokenId)))) return tokenId;
  }
}

async function officeOf(db: DbOrTrx, staff: Actor, home: string): Promise<string> {
  const allowed: readonly string[] = PERMISSIONS['code.print'];
  const grant = narrowestGrant(staff.roles.filter((g) => allowed.includes(g.role)), (scope) => regionCovers(scope, home))!;
  const names = await regionNames(db, [grant.regionCode]);
  return issuingOfficeName(names.get(grant.regionCode) ?? grant.regionCode, grant.role);
}

export async function issuePrintedCode(deps: PrintedCodeDeps, actor: Actor | undefined, input: { personId: string; days?: number }): Promise<IssuedPrintedCode> {
  const days = input.days ?? DEFAULT_PRINTED_DAYS;
  if (!isValidDays(days)) throw printedCodeFail('PRINTED_CODE_DAYS_INVALID', { days });
  const { staff, home } = await requireHomeAccess(deps.db, actor, input.personId, 'code.print');
  const id = randomUUID();
  // Someone who never declared gets a colour from the rules now, like any other input change.
  let status = await statusForPrinting(deps.db, input.personId);
  if (!status) {
    await recomputeColour(deps, input.personId, { evidenceRef: `printed:${id}` });
    status = (await statusForPrinting(deps.db, input.personId))!;
  }
  const regionCode = cityOf(home);
  const signed = await issueToken(deps, regionCode, {
    subject: new Uint8Array(status.subjectId), maskedName: status.nameMasked, colour: status.colour, kind: 'printed',
    tokenId: await unusedTokenId(deps.db, regionCode), validitySeconds: days * 86_400,
  });
  const code: PrintedCode = {
    id, personId: input.personId, regionCode, tokenId: toHex(signed.claims.tokenId!), issuedAt: new Date(signed.claims.issuedAt * 1000),
    expiresAt: new Date(signed.claims.expiresAt * 1000), issuedBy: staff.label, issuingOffice: await officeOf(deps.db, staff, home), revokedAt: null,
  };
  await inTransaction(deps.db, async (trx) => {
    await insertPrintedCode(trx, { ...code, tokenEnc: encryptField(deps.keyring, signed.text), issuedByAccountId: staff.accountId });
    await recordAudit(trx, staff, {
      action: 'code.printed.issue', targetType: 'person', targetId: input.personId, regionCode: home,
      detail: { printedCodeId: id, tokenId: code.tokenId, days, keyName: signed.keyName },
    }, deps.clock);
  });
  return { ...code, token: signed.text, maskedName: status.nameMasked, printUrl: printUrlOf(id) };
}

async function requirePrintedCode(deps: PrintedCodeDeps, actor: Actor | undefined, id: string, permission: 'code.print' | 'code.revoke') {
  requireAccess(actor, permission);
  const code = await findPrintedCode(deps.db, id);
  if (!code) throw printedCodeFail('PRINTED_CODE_NOT_FOUND');
  const { staff, home } = await requireHomeAccess(deps.db, actor, code.personId, permission);
  return { code, staff, home };
}

/** The printable HTML page; refused once revoked or expired. Audited (it shows a masked name and a bearer code). */
export async function renderPrintedCodePage(deps: PrintedCodeDeps, actor: Actor | undefined, id: string): Promise<string> {
  const { code, staff, home } = await requirePrintedCode(deps, actor, id, 'code.print');
  if (code.revokedAt) throw printedCodeFail('PRINTED_CODE_REVOKED');
  if (code.expiresAt.getTime() <= deps.clock.now().getTime()) throw printedCodeFail('PRINTED_CODE_EXPIRED');
  const status = await statusForPrinting(deps.db, code.personId);
  await recordAudit(deps.db, staff, { action: 'code.printed.print', targetType: 'person', targetId: code.personId, regionCode: home, detail: { printedCodeId: id } }, deps.clock);
  return renderPrintPage({
    token: decryptField(deps.keyring, code.tokenEnc), maskedName: status?.nameMasked ?? '', issuingOffice: code.issuingOffice,
    issuedAt: code.issuedAt, expiresAt: code.expiresAt,
  });
}

/**
 * Revokes a printed code: marks it here and publishes the token id in the trust list. The
 * revocation is written by the trust-list service under a system label naming this actor,
 * because its own check asks for the city-wide grant while a district's worker may revoke
 * codes of their district; the actor's own audit row sits in the same transaction.
 */
export async function revokePrintedCode(deps: PrintedCodeDeps, actor: Actor | undefined, id: string, rawReason: string): Promise<{ revoked: boolean; revokedAt: Date }> {
  const reason = rawReason.trim();
  if (Array.from(reason).length < 2 || Array.from(reason).length > 200) throw printedCodeFail('PRINTED_CODE_REASON_REQUIRED');
  const { code, staff, home } = await requirePrintedCode(deps, actor, id, 'code.revoke');
  if (code.revokedAt) return { revoked: false, revokedAt: code.revokedAt };
  const at = deps.clock.now();
  const revoked = await inTransaction(deps.db, async (trx) => {
    if (!(await markPrintedCodeRevoked(trx, id, staff.label, at))) return false;
    await revokeToken({ ...deps, db: trx }, { system: `printed-code:${staff.label}` }, { regionCode: code.regionCode, tokenId: code.tokenId, expiresAt: code.expiresAt, reason });
    await recordAudit(trx, staff, { action: 'code.printed.revoke', targetType: 'person', targetId: code.personId, regionCode: home, reason, detail: { printedCodeId: id, tokenId: code.tokenId } }, deps.clock);
    return true;
  });
  forgetCheckpointTrustStore(deps.db);
  return { revoked, revokedAt: revoked ? at : (await findPrintedCode(deps.db, id))!.revokedAt! };
}

export async function listPrintedCodesOfPerson(deps: PrintedCodeDeps, actor: Actor | undefined, personId: string): Promise<PrintedCode[]> {
  await requireHomeAccess(deps.db, actor, personId, 'code.print');
  return findPrintedCodesOfPerson(deps.db, personId);
}
