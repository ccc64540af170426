/**
 * Opens the database: a server PostgreSQL from DATABASE_URL, or the embedded one under the data
 * directory. Everything else in fangyi only sees a Kysely<Database>.
 */
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { databaseUrl, ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.ts';

// int8 (counts, identities) as numbers: our counts stay far below 2^53. Dates stay strings
// (a `date` is a calendar day, not an instant; turning it into a Date would shift it by the zone).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  url: string;
  embedded: EmbeddedPostgres | undefined;
  close(): Promise<void>;
}

export function createDb(url: string, poolSize = 10): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 30_000 });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  return { db, pool };
}

export interface OpenDatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPort: number;
  embeddedPassword: string;
  poolSize?: number;
  log: (message: string) => void;
}

export const EMBEDDED_DATABASE_NAME = 'fangyi';

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  let embedded: EmbeddedPostgres | undefined;
  let url = options.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: options.dataDir,
      port: options.embeddedPort,
      password: options.embeddedPassword,
      log: options.log,
    });
    await ensureDatabase(embedded.adminUrl, EMBEDDED_DATABASE_NAME);
    url = databaseUrl(embedded.adminUrl, EMBEDDED_DATABASE_NAME);
  }
  const { db } = createDb(url, options.poolSize);
  return {
    db,
    url,
    embedded,
    async close() {
      await db.destroy();
      await embedded?.stop();
    },
  };
}
