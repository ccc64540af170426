import type { Db } from '../../db/connection.ts';
import { encryptField, type Keyring } from '../../kernel/crypto/field-encryption.ts';
import { maskPhone } from '../../kernel/masking.ts';
import { insertSmsOutbox } from '../store.ts';
import type { SmsGateway } from './gateway.ts';

/** The built-in gateway: nothing leaves the machine (see gateway.ts). */
export function createOutboxGateway(db: Db, keyring: Keyring, print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): SmsGateway {
  return {
    name: 'outbox',
    async send({ phone, body }) {
      await insertSmsOutbox(db, { phoneEnc: encryptField(keyring, phone), phoneMasked: maskPhone(phone), body });
      print(`[演示短信 DEMO SMS — not sent, kept in the outbox] to ${maskPhone(phone)}: ${body}`);
    },
  };
}
