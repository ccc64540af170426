/**
 * Applies the migrations listed in ./migrations/index.ts in name order. Kysely's migrator takes an
 * advisory lock, so several processes starting together apply each migration once.
 */
import { Migrator, type MigrationResult } from 'kysely';
import type { Db } from './connection.ts';
import { migrations } from './migrations/index.ts';

export async function migrateToLatest(db: Db): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  }
  return results ?? [];
}
