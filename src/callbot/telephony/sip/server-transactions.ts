/**
 * Server transactions (RFC 3261 §17.2), reduced to what a UAC-only agent meets: requests inside
 * our dialogs (BYE, re-INVITE, OPTIONS …) that the core answers at once. The table remembers each
 * answer for 64·T1 (Timer J, and Timer H/I for a non-2xx to INVITE) so a retransmitted request gets
 * the same response again and an ACK for a non-2xx is absorbed (§17.2.1).
 */
import type { SipRequest, SipResponse } from './message.ts';
import type { TransactionEnvironment } from './client-transactions.ts';
import type { MessageKeys } from './requests.ts';
import { transactionTimeout } from './timers.ts';
import type { Endpoint } from './transport.ts';

interface Answered { response: SipResponse; to: Endpoint }

export class ServerTransactionTable {
  private readonly answered = new Map<string, Answered>();
  private readonly env: TransactionEnvironment;

  constructor(env: TransactionEnvironment) {
    this.env = env;
  }

  /** §17.2.3: branch, sent-by and method identify the transaction; an ACK belongs to its INVITE. */
  private key(keys: MessageKeys, method: string): string {
    return `${keys.branch} ${keys.sentBy} ${method === 'ACK' ? 'INVITE' : method}`;
  }

  /** True when the request repeats one we answered (the answer is sent again) or is the ACK of a non-2xx. */
  absorbRetransmission(request: SipRequest, keys: MessageKeys): boolean {
    const entry = this.answered.get(this.key(keys, request.method));
    if (!entry) return false;
    if (request.method === 'ACK') return entry.response.status >= 300;
    this.env.send(entry.response, entry.to);
    return true;
  }

  /** Whether an INVITE server transaction with these keys exists (a CANCEL's target, §9.2). */
  hasInvite(keys: MessageKeys): boolean {
    return this.answered.has(this.key(keys, 'INVITE'));
  }

  respond(request: SipRequest, keys: MessageKeys, to: Endpoint, response: SipResponse): void {
    this.env.send(response, to);
    if (response.status < 200) return;
    const key = this.key(keys, request.method);
    this.answered.set(key, { response, to });
    this.env.schedule.schedule(transactionTimeout(this.env.timers), () => this.answered.delete(key));
  }

  get size(): number {
    return this.answered.size;
  }

  clear(): void {
    this.answered.clear();
  }
}
