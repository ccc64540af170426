/**
 * The SMS gateway interface. A deployment plugs in its carrier's adapter; the bundled `outbox`
 * adapter does not send anything: it stores the message (phone encrypted) in sms_outbox, which the
 * console shows to sysadmins, and prints it on the terminal marked as a demo message. Its text
 * never goes into the structured log.
 */
export interface SmsMessage {
  phone: string;
  body: string;
}

export interface SmsGateway {
  readonly name: string;
  send(message: SmsMessage): Promise<void>;
}
