/**
 * Configuration from environment variables, read once at start. README lists them.
 */
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** A server PostgreSQL; when absent, fangyi runs its embedded one. */
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedDbPort: number;
  logLevel: string;
  bodyLimitBytes: number;
  sessionTtlHours: number;
  /** 'outbox' (built in, writes to a table and the terminal) is the only gateway bundled. */
  smsGateway: string;
  /** Seed the demo city on an empty database at start. */
  seedDemo: boolean;
  /** Comma list `id:base64key,…`, current key first; else data/secrets.json. */
  dataKeys: string | undefined;
  indexKey: string | undefined;
  /** Where residents reach this installation: venue posters' QR codes point at `<publicBaseUrl>/v/<token>`. No trailing slash. */
  publicBaseUrl: string;
}

function integer(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

function publicUrl(raw: string | undefined, port: number): string {
  if (raw === undefined || raw === '') return `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`FANGYI_PUBLIC_URL must be an http(s) URL, got "${raw}"`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash) throw new Error(`FANGYI_PUBLIC_URL must be an http(s) URL without query, got "${raw}"`);
  return url.href.replace(/\/+$/, '');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer('PORT', 8080, env);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.FANGYI_DATA_DIR ?? 'data'),
    embeddedDbPort: integer('FANGYI_DB_PORT', 54330, env),
    logLevel: env.LOG_LEVEL ?? 'info',
    bodyLimitBytes: integer('FANGYI_BODY_LIMIT', 256 * 1024, env),
    sessionTtlHours: integer('FANGYI_SESSION_HOURS', 12, env),
    smsGateway: env.FANGYI_SMS_GATEWAY ?? 'outbox',
    seedDemo: env.FANGYI_SEED_DEMO !== '0',
    dataKeys: env.FANGYI_DATA_KEYS || undefined,
    indexKey: env.FANGYI_INDEX_KEY || undefined,
    publicBaseUrl: publicUrl(env.FANGYI_PUBLIC_URL, port),
  };
}
