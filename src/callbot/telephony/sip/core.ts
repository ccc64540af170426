/** What dialogs and outgoing INVITEs need from their user agent: one shared socket, timers and tables. */
import type { ClientTransactionTable, TransactionEnvironment } from './client-transactions.ts';
import type { DigestCredentials } from './digest.ts';
import type { ServerTransactionTable } from './server-transactions.ts';
import type { Endpoint } from './transport.ts';

export interface SipCore extends TransactionEnvironment {
  /** Our sent-by for Via (§18.1.1) and the host:port of the Contact. */
  readonly local: Endpoint;
  /** `<sip:user@host:port>` (§8.1.1.8): where the peer sends in-dialog requests. */
  readonly contact: string;
  readonly userAgentName: string;
  readonly credentials: DigestCredentials | null;
  /** The trunk: where out-of-dialog requests go, and the fallback when a target is not a SIP URI. */
  readonly trunk: Endpoint;
  readonly clientTransactions: ClientTransactionTable;
  readonly serverTransactions: ServerTransactionTable;
}

/** Dialog bookkeeping the agent does for its dialogs (activeDialogs, routing of in-dialog requests). */
export interface DialogRegistry {
  add(dialog: { id: string }): void;
  remove(dialog: { id: string }): void;
}

/** §12: a dialog is identified by Call-ID, local tag and remote tag (forked answers share the Call-ID). */
export function dialogId(callId: string, localTag: string | undefined, remoteTag: string | undefined): string {
  return `${callId} ${localTag ?? ''} ${remoteTag ?? ''}`;
}
