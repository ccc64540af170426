/**
 * Once per test project: a PostgreSQL (embedded in a throwaway directory, or the server named by
 * FANGYI_TEST_SERVER_URL) with a template database that is migrated and holds the national
 * regions. Each test file then clones the template (CREATE DATABASE … TEMPLATE), which takes
 * milliseconds, so files run in parallel without seeing each other's rows.
 */
import { chmodSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb } from '../../src/db/connection.ts';
import { databaseUrl, startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { ensureRegionsLoaded } from '../../src/regions/service.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject) {
  const mode = (project.config.env?.FANGYI_TEST_PG as string | undefined) ?? 'embedded';
  const template = `fangyi_template_${process.pid}`;
  let adminUrl: string;
  let stop = async () => {};
  if (mode === 'server') {
    adminUrl = process.env.FANGYI_TEST_SERVER_URL!;
  } else {
    const root = path.resolve('.test-data');
    mkdirSync(root, { recursive: true });
    const dir = mkdtempSync(path.join(root, 'pg-'));
    chmodSync(dir, 0o755); // the embedded server may run as another OS user (see src/db/embedded.ts)
    const server = await startEmbeddedPostgres({
      dataDir: dir, port: await freePort(), password: 'test-only',
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }, log: () => undefined,
    });
    adminUrl = server.adminUrl;
    stop = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    await admin.end();
    const { db } = createDb(databaseUrl(adminUrl, template), 2);
    await migrateToLatest(db);
    await ensureRegionsLoaded(db);
    await db.destroy();
  } catch (error) {
    await stop();
    throw error;
  }
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);
  return async () => {
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    const leftovers = await cleanup.query<{ datname: string }>(`select datname from pg_database where datname like 'fy_test_%' or datname = $1`, [template]);
    for (const { datname } of leftovers.rows) await cleanup.query(`drop database if exists "${datname}" with (force)`);
    await cleanup.end();
    await stop();
  };
}
