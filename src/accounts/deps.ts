import type { Db } from '../db/connection.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';
import type { Clock } from '../kernel/time.ts';
import type { SmsGateway } from './sms/gateway.ts';

/** What the accounts use cases need from the running platform. */
export interface AccountsDeps {
  db: Db;
  keyring: Keyring;
  sms: SmsGateway;
  clock: Clock;
  sessionTtlHours: number;
}
