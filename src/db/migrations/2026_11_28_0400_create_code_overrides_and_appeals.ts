/**
 * Health code: four-eyes manual decisions (人工核定) and their revocations, requests from other
 * regions' officials, and residents' appeals (纠错). Free text that may name people (reasons,
 * appeal messages and answers) is stored encrypted. The database itself refuses a proposal
 * decided by its own proposer.
 * Frozen: never edit after release, add a new migration instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table code_override_proposals (
      id uuid primary key,
      kind text not null check (kind in ('decide', 'revoke')),
      person_id uuid not null references persons(id),
      region_code text not null references regions(code),
      colour text check (colour in ('green', 'yellow', 'red')),
      valid_days integer check (valid_days between 1 and 14),
      decision_id uuid references code_override_proposals(id),
      reason_enc text not null,
      legal_basis text not null check (char_length(legal_basis) between 2 and 200),
      office text not null,
      proposed_by uuid not null references accounts(id),
      proposed_at timestamptz not null,
      expires_at timestamptz not null,
      status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
      decided_by uuid references accounts(id),
      decided_at timestamptz,
      reject_reason_enc text,
      effective_from timestamptz,
      effective_until timestamptz,
      revoked_at timestamptz,
      check (decided_by is null or decided_by <> proposed_by),
      check ((kind = 'decide') = (colour is not null and valid_days is not null and decision_id is null)),
      check (kind = 'decide' or decision_id is not null),
      check ((status = 'pending') = (decided_by is null))
    );
    create index code_override_pending_idx on code_override_proposals (region_code text_pattern_ops, proposed_at, id) where status = 'pending';
    create index code_override_effective_idx on code_override_proposals (person_id, effective_until)
      where kind = 'decide' and status = 'approved' and revoked_at is null;

    create table code_override_requests (
      id uuid primary key,
      person_id uuid not null references persons(id),
      region_code text not null references regions(code),
      from_region_code text not null,
      requested_by uuid not null references accounts(id),
      requested_at timestamptz not null,
      reason_enc text not null
    );
    create index code_override_requests_region_idx on code_override_requests (region_code text_pattern_ops, requested_at, id);

    create table code_appeals (
      id uuid primary key,
      person_id uuid not null references persons(id),
      region_code text not null references regions(code),
      filed_by uuid not null references accounts(id),
      filed_at timestamptz not null,
      deadline_at timestamptz not null,
      message_enc text not null,
      status text not null default 'open' check (status in ('open', 'answered')),
      owner_account_id uuid references accounts(id),
      assigned_at timestamptz,
      answer_enc text,
      outcome text check (outcome in ('upheld', 'corrected')),
      correction_ref uuid references code_override_proposals(id),
      answered_by uuid references accounts(id),
      answered_at timestamptz,
      check ((status = 'answered') = (answer_enc is not null and outcome is not null and answered_at is not null))
    );
    create index code_appeals_queue_idx on code_appeals (region_code text_pattern_ops, deadline_at, id) where status = 'open';
    create index code_appeals_person_idx on code_appeals (person_id, filed_at desc);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table code_appeals; drop table code_override_requests; drop table code_override_proposals;`.execute(db);
}
