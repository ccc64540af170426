/**
 * System notices (issue 7, the daily check-in reminder through the notices channel): a notice the
 * platform itself sends on an organisation's behalf to a list of persons, with no staff account.
 * - notices.kind: 'staff' (published by a staff member, as before) or 'daily_reminder'; a system
 *   notice has no sender account (the sender shown is the organisation: sender_label).
 * - audience_kind 'persons': the persons listed as recipients (of an organisation); there is no
 *   fan-out, the recipient rows are written by whoever publishes it.
 * - notices.day: the Asia/Shanghai day a system notice is for; one per organisation, kind and day
 *   (unique index), so reruns and concurrent processes add recipients to the same notice.
 * - notices.action_link: an optional in-app action (a relative /m/ path), e.g. the organisation's
 *   daily check-in form.
 * - org_daily_reminders: one claim row per channel ('sms', 'notice'), so each channel reaches a
 *   person at most once a day independently of the other.
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table notices drop constraint notices_audience_kind_check;
    alter table notices add constraint notices_audience_kind_check check (audience_kind in ('region', 'organisation', 'persons'));
    alter table notices drop constraint notices_check;
    alter table notices add constraint notices_organisation_check check ((audience_kind in ('organisation', 'persons')) = (organisation_id is not null));
    alter table notices alter column sender_account_id drop not null;
    alter table notices add column kind text not null default 'staff' check (kind in ('staff', 'daily_reminder'));
    alter table notices add column day date;
    alter table notices add column action_link text check (action_link is null or (char_length(action_link) <= 500 and action_link ~ '^/m/[A-Za-z0-9._~/?=&%-]*$' and action_link !~ '//|\\.\\.'));
    alter table notices add constraint notices_sender_check check ((kind = 'staff') = (sender_account_id is not null) and (kind = 'staff') = (day is null));
    create unique index notices_system_day_idx on notices (organisation_id, kind, day) where kind <> 'staff';

    alter table org_daily_reminders drop constraint org_daily_reminders_pkey;
    alter table org_daily_reminders add primary key (organisation_id, day, person_id, channel);
    alter table org_daily_reminders add constraint org_daily_reminders_channel_check check (channel in ('sms', 'notice'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    delete from org_daily_reminders where channel <> 'sms';
    alter table org_daily_reminders drop constraint org_daily_reminders_channel_check;
    alter table org_daily_reminders drop constraint org_daily_reminders_pkey;
    alter table org_daily_reminders add primary key (organisation_id, day, person_id);

    delete from notice_dings where notice_id in (select id from notices where kind <> 'staff');
    delete from notice_recipients where notice_id in (select id from notices where kind <> 'staff');
    delete from notices where kind <> 'staff';
    drop index notices_system_day_idx;
    alter table notices drop constraint notices_sender_check;
    alter table notices drop column action_link, drop column day, drop column kind;
    alter table notices alter column sender_account_id set not null;
    alter table notices drop constraint notices_organisation_check;
    alter table notices add constraint notices_check check ((audience_kind = 'organisation') = (organisation_id is not null));
    alter table notices drop constraint notices_audience_kind_check;
    alter table notices add constraint notices_audience_kind_check check (audience_kind in ('region', 'organisation'));
  `.execute(db);
}
