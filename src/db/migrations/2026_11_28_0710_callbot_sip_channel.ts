/**
 * Real phone calls (issue 9): campaigns and their attempts may use the 'sip' channel — the robot's
 * SIP user agent dialling through the installation's carrier trunk (src/callbot/channels/sip.ts).
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table callbot_campaigns drop constraint callbot_campaigns_channel_check;
    alter table callbot_campaigns add constraint callbot_campaigns_channel_check check (channel in ('chat', 'simulated', 'sip'));
    alter table callbot_attempts drop constraint callbot_attempts_channel_check;
    alter table callbot_attempts add constraint callbot_attempts_channel_check check (channel in ('chat', 'simulated', 'sip'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table callbot_attempts drop constraint callbot_attempts_channel_check;
    alter table callbot_attempts add constraint callbot_attempts_channel_check check (channel in ('chat', 'simulated'));
    alter table callbot_campaigns drop constraint callbot_campaigns_channel_check;
    alter table callbot_campaigns add constraint callbot_campaigns_channel_check check (channel in ('chat', 'simulated'));
  `.execute(db);
}
