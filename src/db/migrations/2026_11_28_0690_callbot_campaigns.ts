/**
 * Screening-call robot (智能外呼, issue 8), src/callbot: scripts (话术), campaigns (外呼任务), the people
 * they call (被叫/呼叫对象), each call attempt (外呼尝试) and the do-not-call list (免打扰名单).
 *
 * callbot_scripts: immutable versions of a script (a Script of src/callbot/dialogue/model.ts as JSON);
 * a campaign pins one version, so editing a script never changes a running campaign. Bundled
 * templates are version 1 of their key with region '000000'.
 * callbot_callees: names, phones and addresses encrypted (as persons'), the phone also as a blind
 * index (the same HMAC purpose 'phone' as persons.phone_hash, so a callee is matched to a registered
 * resident and to the do-not-call list without decrypting); lists read only the masked columns.
 * The dialer picks pending callees whose next_attempt_at has come (FOR UPDATE SKIP LOCKED).
 * callbot_attempts: one row per dial or chat session, append-mostly: filled in once when it ends.
 * A chat attempt keeps the dialogue state between HTTP turns and the sha-256 of its link's token.
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table callbot_scripts (
      id uuid primary key,
      key text not null check (key ~ '^[a-z0-9][a-z0-9-]{1,63}$'),
      version integer not null check (version >= 1),
      name text not null check (char_length(name) between 1 and 100),
      definition jsonb not null,
      region_code text not null,
      created_by_account_id uuid references accounts(id),
      created_at timestamptz not null,
      unique (key, version)
    );
    create index callbot_scripts_list_idx on callbot_scripts (created_at desc, id desc);

    create function callbot_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege';
    end $$;
    create trigger callbot_scripts_no_update before update or delete on callbot_scripts
      for each row execute function callbot_refuse_change();
    create trigger callbot_scripts_no_truncate before truncate on callbot_scripts
      for each statement execute function callbot_refuse_change();

    create table callbot_campaigns (
      id uuid primary key,
      name text not null check (char_length(name) between 1 and 100),
      region_code text not null references regions(code),
      script_id uuid not null references callbot_scripts(id),
      channel text not null check (channel in ('chat', 'simulated')),
      status text not null default 'draft' check (status in ('draft', 'running', 'paused', 'stopped', 'completed')),
      windows jsonb not null,
      attempts_per_day integer not null check (attempts_per_day between 1 and 10),
      retry_interval_minutes integer not null check (retry_interval_minutes between 5 and 1440),
      ends_on date not null,
      variables jsonb not null default '{}',
      created_by_account_id uuid not null references accounts(id),
      created_at timestamptz not null,
      started_at timestamptz,
      paused_at timestamptz,
      stopped_at timestamptz,
      completed_at timestamptz,
      check (jsonb_typeof(windows) = 'array' and jsonb_array_length(windows) between 1 and 4),
      check (jsonb_typeof(variables) = 'object'),
      check (status = 'draft' or started_at is not null),
      check ((status = 'stopped') = (stopped_at is not null)),
      check ((status = 'completed') = (completed_at is not null))
    );
    create index callbot_campaigns_region_idx on callbot_campaigns (region_code text_pattern_ops, created_at desc, id desc);
    create index callbot_campaigns_running_idx on callbot_campaigns (id) where status = 'running';

    create table callbot_callees (
      id uuid primary key,
      campaign_id uuid not null references callbot_campaigns(id),
      seq bigint generated always as identity,
      name_enc text not null,
      phone_enc text not null,
      address_enc text,
      phone_index text not null,
      masked_name text not null,
      masked_phone text not null,
      tags text[] not null default '{}' check (cardinality(tags) <= 20),
      person_id uuid references persons(id),
      region_code text not null,
      source text not null check (source in ('import', 'close_contacts', 'risk_returnees')),
      status text not null default 'pending' check (status in ('pending', 'dialling', 'done', 'cancelled')),
      result text check (result in ('normal', 'abnormal', 'needs_checking', 'not_reached', 'refused')),
      reasons text[] not null default '{}',
      slots jsonb not null default '{}',
      unresolved text[] not null default '{}',
      attempts integer not null default 0 check (attempts >= 0),
      attempts_today integer not null default 0 check (attempts_today >= 0),
      attempts_day date,
      next_attempt_at timestamptz,
      dialling_since timestamptz,
      last_outcome text check (last_outcome in
        ('connected', 'busy', 'no_answer', 'rejected', 'powered_off', 'suspended', 'empty_number', 'unreachable', 'unknown')),
      created_at timestamptz not null,
      completed_at timestamptz,
      check ((status = 'done') = (result is not null)),
      check ((status = 'dialling') = (dialling_since is not null)),
      unique (campaign_id, phone_index)
    );
    create index callbot_callees_due_idx on callbot_callees (campaign_id, next_attempt_at) where status = 'pending';
    create index callbot_callees_dialling_idx on callbot_callees (dialling_since) where status = 'dialling';
    create index callbot_callees_list_idx on callbot_callees (campaign_id, seq);
    create index callbot_callees_result_idx on callbot_callees (campaign_id, result, seq);
    create index callbot_callees_person_idx on callbot_callees (person_id) where person_id is not null;

    create table callbot_attempts (
      id uuid primary key,
      campaign_id uuid not null references callbot_campaigns(id),
      callee_id uuid not null references callbot_callees(id),
      channel text not null check (channel in ('chat', 'simulated')),
      started_at timestamptz not null,
      answered_at timestamptz,
      ended_at timestamptz,
      outcome text check (outcome in
        ('connected', 'busy', 'no_answer', 'rejected', 'powered_off', 'suspended', 'empty_number', 'unreachable', 'unknown')),
      transcript jsonb not null default '[]',
      slots jsonb not null default '{}',
      result text check (result in ('normal', 'abnormal', 'needs_checking', 'not_reached', 'refused')),
      reasons text[] not null default '{}',
      unresolved text[] not null default '{}',
      intent text check (intent in ('busy', 'wrong_number', 'refuse', 'dnc', 'repeat', 'human')),
      retry boolean not null default false,
      chat_token_hash bytea unique,
      chat_expires_at timestamptz,
      dialogue_state jsonb,
      turn integer not null default 0 check (turn >= 0),
      last_reply jsonb,
      check ((chat_token_hash is null) = (chat_expires_at is null)),
      check (ended_at is null or outcome is not null),
      check (ended_at is null or dialogue_state is null)
    );
    create index callbot_attempts_callee_idx on callbot_attempts (callee_id, started_at);
    create index callbot_attempts_campaign_idx on callbot_attempts (campaign_id, started_at);

    create table callbot_dnc (
      phone_index text primary key,
      masked_phone text not null,
      region_code text not null,
      source text not null check (source in ('callee', 'staff', 'import')),
      added_at timestamptz not null,
      added_by_account_id uuid references accounts(id)
    );
    create index callbot_dnc_region_idx on callbot_dnc (region_code text_pattern_ops, added_at desc, phone_index);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists callbot_dnc;
    drop table if exists callbot_attempts;
    drop table if exists callbot_callees;
    drop table if exists callbot_campaigns;
    drop table if exists callbot_scripts;
    drop function if exists callbot_refuse_change();
  `.execute(db);
}
