/**
 * Token layout 2 (docs/decisions/0005-token-layout.md): subject ids shrink from 16 to 10 bytes so
 * that every token fits 200 characters. Subject ids are random, so the first 10 bytes of an old
 * one are as good as a new one and tokens already shown keep their subject. Printed codes issued in the
 * old layout no longer verify anywhere; they are revoked so that the console shows why.
 * Frozen: never edit after release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table code_status drop constraint code_status_subject_id_check;
    update code_status set subject_id = substring(subject_id from 1 for 10) where length(subject_id) > 10;
    alter table code_status add constraint code_status_subject_id_check check (length(subject_id) = 10);
    update printed_codes set revoked_at = now(), revoked_by = 'system: token layout 2'
      where revoked_at is null and expires_at > now();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table code_status drop constraint code_status_subject_id_check;
    alter table code_status add constraint code_status_subject_id_check check (length(subject_id) in (10, 16));
  `.execute(db);
}
