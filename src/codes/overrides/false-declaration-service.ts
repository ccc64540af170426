/**
 * Established false declarations (虚假申报认定): a health official of the person's home region
 * reads the person's declaration history (a sensitive read: stated reason, audited) and proposes
 * that one declaration was false, with a reason and a legal basis. From there it is an ordinary
 * four-eyes proposal (kind `false_declaration`): a second official approves or rejects it in the
 * same queue (service.ts approveProposal / rejectProposal), it lapses after 48 h, and it is
 * withdrawn by a four-eyes revocation. Once approved it is the rule fact `falseDeclarations`.
 */
import { recordAudit } from '../../audit/service.ts';
import { requireAccess, type Actor } from '../../kernel/access.ts';
import { encryptField } from '../../kernel/crypto/field-encryption.ts';
import { requireReason } from '../../people/staff-service.ts';
import { declarationOwner, declarationPageOf, type Declaration } from '../declarations/service.ts';
import { overrideFail } from './errors.ts';
import { checkGrounds, type Grounds } from './model.ts';
import { homeInScope, saveProposal, type OverrideDeps, type ProposalView } from './service.ts';
import { findDeclarationEstablishments } from './store.ts';

export interface FalseDeclarationInput extends Grounds {
  personId: string;
  declarationId: string;
}

/** Step one: propose that this declaration of this person was false. Nothing changes until a second official approves. */
export async function proposeFalseDeclaration(deps: OverrideDeps, actor: Actor | undefined, input: FalseDeclarationInput): Promise<ProposalView> {
  const official = requireAccess(actor, 'code.override');
  const home = await homeInScope(deps.db, official, input.personId);
  if ((await declarationOwner(deps.db, input.declarationId)) !== input.personId) throw overrideFail('OVERRIDE_DECLARATION_NOT_FOUND', { field: 'declarationId' });
  const checked = checkGrounds(input);
  if (!checked.ok) throw overrideFail(checked.code, { field: checked.field });
  if ((await findDeclarationEstablishments(deps.db, [input.declarationId], deps.clock.now())).length > 0) {
    throw overrideFail('OVERRIDE_DECLARATION_ALREADY_ESTABLISHED', { field: 'declarationId' });
  }
  const { reason, legalBasis } = checked.value;
  return saveProposal(deps, official, {
    kind: 'false_declaration', personId: input.personId, regionCode: home, colour: null, validDays: null, decisionId: null,
    declarationId: input.declarationId, reasonEnc: encryptField(deps.keyring, reason), legalBasis,
  }, reason);
}

/** Where a declaration stands: not established, an establishment awaiting its second official, or established (since approval). */
export interface DeclarationEstablishment {
  proposalId: string;
  status: 'pending' | 'established';
  since: Date;
}

export interface DeclarationForOfficial extends Declaration {
  establishment: DeclarationEstablishment | null;
}

/**
 * A person's declarations, newest first, for an official of the home region who states why:
 * health data and an address, so every page read is audited (reason, count) before it is shown.
 * Out of region answers like an unknown person.
 */
export async function readDeclarationHistory(
  deps: OverrideDeps, actor: Actor | undefined, query: { personId: string; reason: string; after?: string; limit: number },
): Promise<{ items: DeclarationForOfficial[]; next: string | null }> {
  const official = requireAccess(actor, 'code.override');
  const reason = requireReason(query.reason);
  const home = await homeInScope(deps.db, official, query.personId);
  const page = await declarationPageOf(deps, query.personId, query);
  const marks = await findDeclarationEstablishments(deps.db, page.items.map((d) => d.id), deps.clock.now());
  await recordAudit(deps.db, official, {
    action: 'code.declarations.read', targetType: 'person', targetId: query.personId, regionCode: home, reason,
    detail: { count: page.items.length, after: query.after ?? null },
  }, deps.clock);
  const byDeclaration = new Map<string, (typeof marks)[number]>();
  for (const mark of marks) if (byDeclaration.get(mark.declarationId)?.status !== 'approved') byDeclaration.set(mark.declarationId, mark);
  return {
    items: page.items.map((declaration) => {
      const mark = byDeclaration.get(declaration.id);
      const establishment: DeclarationEstablishment | null = mark
        ? { proposalId: mark.id, status: mark.status === 'approved' ? 'established' : 'pending', since: mark.effectiveFrom ?? mark.proposedAt }
        : null;
      return { ...declaration, establishment };
    }),
    next: page.next,
  };
}
