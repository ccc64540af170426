/**
 * Established false declarations (虚假申报认定) as a third kind of four-eyes proposal: kind
 * 'false_declaration' names one health declaration (declaration_id). Once approved it stays in
 * force (effective_from = approval, no effective_until) until a revocation is approved. The same
 * declaration cannot be established twice while an establishment is in force: the partial unique
 * index refuses it, whatever the service checked before. Revocations may now name either kind.
 * The constraint names below are the ones PostgreSQL gave the checks of 0400 (unnamed there).
 * Frozen: never edit after release, add a new migration instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table code_override_proposals
      add column declaration_id uuid references health_declarations(id),
      drop constraint code_override_proposals_kind_check,
      drop constraint code_override_proposals_check1,
      drop constraint code_override_proposals_check2,
      add constraint code_override_proposals_kind_check check (kind in ('decide', 'revoke', 'false_declaration')),
      add constraint code_override_proposals_decide_shape check ((kind = 'decide') = (colour is not null and valid_days is not null)),
      add constraint code_override_proposals_revoke_shape check ((kind = 'revoke') = (decision_id is not null)),
      add constraint code_override_proposals_false_declaration_shape check ((kind = 'false_declaration') = (declaration_id is not null)),
      add constraint code_override_proposals_open_ended check (kind <> 'false_declaration' or effective_until is null);
    create unique index code_override_false_declaration_once_idx on code_override_proposals (declaration_id)
      where kind = 'false_declaration' and status = 'approved' and revoked_at is null;
    create index code_override_false_declaration_person_idx on code_override_proposals (person_id)
      where kind = 'false_declaration' and status = 'approved' and revoked_at is null;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    -- Establishments are evidence: going down with any recorded refuses instead of deleting them.
    do $$ begin
      if exists (select 1 from code_override_proposals where kind = 'false_declaration') then
        raise exception 'code_override_proposals holds false-declaration establishments; refusing to drop them';
      end if;
    end $$;
    drop index code_override_false_declaration_person_idx;
    drop index code_override_false_declaration_once_idx;
    alter table code_override_proposals
      drop constraint code_override_proposals_open_ended,
      drop constraint code_override_proposals_false_declaration_shape,
      drop constraint code_override_proposals_revoke_shape,
      drop constraint code_override_proposals_decide_shape,
      drop constraint code_override_proposals_kind_check,
      drop column declaration_id,
      add constraint code_override_proposals_kind_check check (kind in ('decide', 'revoke')),
      add constraint code_override_proposals_check1 check ((kind = 'decide') = (colour is not null and valid_days is not null and decision_id is null)),
      add constraint code_override_proposals_check2 check (kind = 'decide' or decision_id is not null);
  `.execute(db);
}
