/** A whole platform (database, keys, clock, outbox SMS) and its HTTP app, for route tests. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/kernel/config.ts';
import type { Keyring } from '../../src/kernel/crypto/field-encryption.ts';
import { systemClock, type Clock } from '../../src/kernel/time.ts';
import { buildApp } from '../../src/server/app.ts';
import { createPlatform, type Platform } from '../../src/server/platform.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export function testKeyring(): Keyring {
  return { currentKeyId: 't1', keys: new Map([['t1', randomBytes(32)]]), indexKey: randomBytes(32) };
}

export interface TestPlatform {
  database: TestDatabase;
  platform: Platform;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function createTestPlatform(options: { clock?: Clock; keyring?: Keyring; serveWeb?: boolean } = {}): Promise<TestPlatform> {
  const database = await createTestDatabase();
  const config = { ...loadConfig({}), dataDir: '/nonexistent', logLevel: 'silent' };
  const platform = await createPlatform({
    db: database.db, databaseUrl: database.url, keyring: options.keyring ?? testKeyring(), config,
    clock: options.clock ?? systemClock, print: () => undefined,
  });
  const app = await buildApp(platform, { logger: false, serveWeb: options.serveWeb ?? false });
  return {
    database,
    platform,
    app,
    async close() {
      await app.close();
      await platform.close();
      await database.drop();
    },
  };
}
