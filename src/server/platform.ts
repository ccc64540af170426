/**
 * The running platform's parts, made once per process and handed to buildApp (no singletons):
 * the database, keys, clock, SMS gateway, the notification hub the per-process caches listen on,
 * and the session cache.
 */
import type { AccountsDeps } from '../accounts/deps.ts';
import { createSessionCache, type SessionCache } from '../accounts/sessions.ts';
import type { SmsGateway } from '../accounts/sms/gateway.ts';
import { createOutboxGateway } from '../accounts/sms/outbox-gateway.ts';
import type { Db } from '../db/connection.ts';
import { createNotificationHub, type NotificationHub } from '../db/notifications.ts';
import type { Config } from '../kernel/config.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import { systemClock, type Clock } from '../kernel/time.ts';

export interface Platform extends AccountsDeps {
  config: Config;
  databaseUrl: string;
  sessions: SessionCache;
  notifications: NotificationHub;
  close(): Promise<void>;
}

export interface PlatformParts {
  db: Db;
  databaseUrl: string;
  keyring: Keyring;
  config: Config;
  clock?: Clock;
  sms?: SmsGateway;
  /** Printer for the outbox gateway's demo lines (tests silence it). */
  print?: (line: string) => void;
}

export async function createPlatform(parts: PlatformParts): Promise<Platform> {
  const clock = parts.clock ?? systemClock;
  const sms = parts.sms ?? createOutboxGateway(parts.db, parts.keyring, parts.print);
  const base: AccountsDeps = { db: parts.db, keyring: parts.keyring, sms, clock, sessionTtlHours: parts.config.sessionTtlHours };
  const notifications = createNotificationHub(parts.databaseUrl);
  const sessions = await createSessionCache(base, notifications);
  return {
    ...base,
    config: parts.config,
    databaseUrl: parts.databaseUrl,
    sessions,
    notifications,
    close: () => notifications.close(),
  };
}
