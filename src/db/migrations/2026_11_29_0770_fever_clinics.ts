/**
 * Fever clinics (发热门诊, src/analytics/clinics): a hospital's desk registers each patient (就诊登记)
 * and later the test result; a suspected or positive patient becomes a case of the registry.
 *
 * How a staff account is tied to a clinic: a new role `clinic_staff` (granted for a region like
 * every role, so "least privilege per role and region" holds as for guards) plus a row in
 * fever_clinic_staff naming the clinic. Not a third role on venue_staff: that table is the venue
 * capability's (its check constraint, its VenueStaffRole type, its bind rules and the
 * relationTo() view rights), and a binding there means "staff of the venue's gate and posters" —
 * clinic staff need none of the venue's check-ins, posters or codes, and the venue's
 * administrators (who bind venue_staff) are not the ones who decide who works a fever clinic:
 * the region's health officials are (permission clinic.manage).
 *
 * - account_roles: the role check also allows 'clinic_staff'.
 * - fever_clinics: a venue that runs a fever clinic (one per venue); the venue must be of kind
 *   hospital — checked by the service when it opens one (a cross-table CHECK would need a trigger
 *   on venues, which belong to another capability); region_code copied from the venue for scoping.
 * - fever_clinic_staff: who works each clinic's desk.
 * - fever_clinic_visits: one row per patient visit. Temperature one decimal, 35.0–42.0 °C (the
 *   range daily check-ins and follow-ups use); symptoms from the declaration's code list;
 *   epidemiological history as three flags plus an encrypted free text; triage; the test ordered
 *   and its result (null without a test; a final result has its time); the case it created or
 *   joined. visit_day is the Shanghai day of visited_at (the daily report's day).
 * - fever_clinic_report_exports: the daily report's Excel, made by a background file job.
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table account_roles drop constraint account_roles_role_check;
    alter table account_roles add constraint account_roles_role_check check (role in ('resident', 'guard', 'venue_admin', 'org_admin', 'community_worker',
      'health_official', 'auditor', 'sysadmin', 'clinic_staff'));

    create table fever_clinics (
      venue_id uuid primary key references venues(id),
      region_code text not null references regions(code),
      opened_at timestamptz not null,
      opened_by_account_id uuid references accounts(id)
    );
    create index fever_clinics_region_idx on fever_clinics (region_code, venue_id);

    create table fever_clinic_staff (
      venue_id uuid not null references fever_clinics(venue_id),
      account_id uuid not null references accounts(id),
      added_at timestamptz not null,
      added_by_account_id uuid references accounts(id),
      primary key (venue_id, account_id)
    );
    create index fever_clinic_staff_account_idx on fever_clinic_staff (account_id, venue_id);

    create table fever_clinic_visits (
      id uuid primary key,
      venue_id uuid not null references fever_clinics(venue_id),
      region_code text not null,
      person_id uuid not null references persons(id),
      visited_at timestamptz not null,
      visit_day date not null,
      temperature numeric(3, 1) not null check (temperature between 35.0 and 42.0),
      symptoms text[] not null check (cardinality(symptoms) between 1 and 8
        and symptoms <@ array['fever', 'cough', 'fatigue', 'sore_throat', 'diarrhea', 'breathing', 'taste_smell', 'none']::text[]
        and (not ('none' = any(symptoms)) or cardinality(symptoms) = 1)),
      onset_on date check (onset_on <= visit_day),
      travel_history boolean not null,
      contact_history boolean not null,
      cluster_history boolean not null,
      epi_note_enc text,
      triage text not null check (triage in ('observe', 'home', 'transfer', 'admit')),
      suspected boolean not null,
      test_ordered text not null check (test_ordered in ('none', 'nucleic_acid', 'antigen', 'both')),
      result text check (result in ('pending', 'negative', 'positive')),
      result_at timestamptz,
      case_id uuid references cases(id),
      recorded_by_account_id uuid not null references accounts(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check ((test_ordered = 'none') = (result is null)),
      check ((result in ('negative', 'positive')) = (result_at is not null)),
      check (result_at is null or result_at >= visited_at)
    );
    create index fever_clinic_visits_desk_idx on fever_clinic_visits (venue_id, visit_day, visited_at desc, id desc);
    create index fever_clinic_visits_region_day_idx on fever_clinic_visits (region_code, visit_day);
    create index fever_clinic_visits_positive_idx on fever_clinic_visits (region_code, result_at) where result = 'positive';
    create index fever_clinic_visits_person_idx on fever_clinic_visits (person_id);

    create table fever_clinic_report_exports (
      id uuid primary key,
      region_code text not null,
      day date not null,
      requested_by_account_id uuid not null references accounts(id),
      status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
      processed integer not null default 0 check (processed >= 0),
      total integer check (total >= 0),
      row_count integer,
      file bytea,
      error text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      finished_at timestamptz,
      expires_at timestamptz not null,
      check ((status = 'done') = (file is not null))
    );
    create index fever_clinic_report_exports_expiry_idx on fever_clinic_report_exports (expires_at);
    create index fever_clinic_report_exports_unfinished_idx on fever_clinic_report_exports (updated_at) where status in ('queued', 'running');
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table fever_clinic_report_exports, fever_clinic_visits, fever_clinic_staff, fever_clinics;
    delete from account_roles where role = 'clinic_staff';
    alter table account_roles drop constraint account_roles_role_check;
    alter table account_roles add constraint account_roles_role_check check (role in ('resident', 'guard', 'venue_admin', 'org_admin', 'community_worker',
      'health_official', 'auditor', 'sysadmin'));
  `.execute(db);
}
