/** One server process of startServerProcesses (./server-processes.ts): the platform on the bench's database, listening on the shared port. */
import { configureCheckins } from '../../src/checkins/ingest.ts';
import { createDb } from '../../src/db/connection.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { loadSecrets } from '../../src/kernel/secrets.ts';
import { buildApp } from '../../src/server/app.ts';
import { createPlatform } from '../../src/server/platform.ts';
import { SERVER_PROCESS_SETTINGS, type ServerProcessSettings } from './server-processes.ts';

const settings = JSON.parse(process.env[SERVER_PROCESS_SETTINGS]!) as ServerProcessSettings;
const config = { ...loadConfig(), logLevel: 'silent' as const };
const databaseUrl = config.databaseUrl!;
const { db } = createDb(databaseUrl, 20);
const platform = await createPlatform({ db, databaseUrl, keyring: loadSecrets(config).keyring, config, print: () => undefined });
if (settings.checkins) configureCheckins(db, settings.checkins);
const app = await buildApp(platform, { logger: false, serveWeb: false });
await app.listen({ port: settings.port, host: '127.0.0.1' });
process.once('SIGTERM', () => {
  void (async () => {
    await app.close();
    await platform.close();
    await db.destroy();
    process.exit(0);
  })();
});
