/**
 * Organisations' people (issue 7's foundation): units as a tree (departments, classes, buildings),
 * members (persons, each in at most one unit of an organisation, with their role there), and the
 * staff accounts that administer an organisation (org_admin grants say where; this says which).
 * Daily check-ins, travel declarations, return to work and notices build on these.
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table organisations add column code text unique check (code ~ '^[A-Za-z0-9-]{3,32}$');

    create table organisation_units (
      id uuid primary key,
      organisation_id uuid not null references organisations(id),
      parent_id uuid references organisation_units(id),
      name text not null check (char_length(name) between 1 and 60),
      kind text not null check (kind in ('department', 'class', 'building', 'team')),
      created_at timestamptz not null default now(),
      unique (organisation_id, parent_id, name)
    );
    create index organisation_units_org_idx on organisation_units (organisation_id, parent_id);

    create table organisation_members (
      organisation_id uuid not null references organisations(id),
      person_id uuid not null references persons(id),
      unit_id uuid references organisation_units(id),
      member_role text not null default 'member' check (member_role in ('member', 'leader', 'teacher', 'student')),
      status text not null default 'active' check (status in ('active', 'left')),
      added_at timestamptz not null default now(),
      added_by_account_id uuid references accounts(id),
      primary key (organisation_id, person_id)
    );
    create index organisation_members_person_idx on organisation_members (person_id);
    create index organisation_members_unit_idx on organisation_members (organisation_id, unit_id, person_id);

    create table organisation_admins (
      organisation_id uuid not null references organisations(id),
      account_id uuid not null references accounts(id),
      added_at timestamptz not null default now(),
      added_by_account_id uuid references accounts(id),
      primary key (organisation_id, account_id)
    );
    create index organisation_admins_account_idx on organisation_admins (account_id, organisation_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table organisation_admins, organisation_members, organisation_units;
    alter table organisations drop column code;
  `.execute(db);
}
