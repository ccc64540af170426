/**
 * Client transactions over UDP (RFC 3261 §17.1): the INVITE state machine (§17.1.1) and the
 * non-INVITE one used for BYE and CANCEL (§17.1.2). Responses are matched to a transaction by the
 * top Via branch and the CSeq method (§17.1.3), which keeps a CANCEL apart from its INVITE.
 */
import { parseVia } from './headers.ts';
import type { SipMessage, SipRequest, SipResponse } from './message.ts';
import { SipHeaders } from './message.ts';
import type { MessageKeys } from './requests.ts';
import { transactionTimeout, type SipTimerValues, type TimerHandle, type TimerSet } from './timers.ts';
import type { Endpoint } from './transport.ts';

export interface TransactionEnvironment {
  readonly timers: SipTimerValues;
  readonly schedule: TimerSet;
  send(message: SipMessage, to: Endpoint): void;
}

export interface ClientTransactionUser {
  /** Provisional and final responses, each final once; retransmissions are absorbed. */
  onResponse(response: SipResponse): void;
  /** Timer B or F fired without a final response. */
  onTimeout(): void;
}

type State = 'calling' | 'trying' | 'proceeding' | 'completed' | 'terminated';

abstract class ClientTransaction {
  protected state: State;
  protected retransmitTimer: TimerHandle | null = null;
  protected timeoutTimer: TimerHandle | null = null;
  protected readonly env: TransactionEnvironment;
  readonly request: SipRequest;
  protected readonly destination: Endpoint;
  protected readonly user: ClientTransactionUser;
  private readonly onTerminated: () => void;

  constructor(env: TransactionEnvironment, request: SipRequest, destination: Endpoint, user: ClientTransactionUser, initial: State, onTerminated: () => void) {
    this.env = env;
    this.request = request;
    this.destination = destination;
    this.user = user;
    this.state = initial;
    this.onTerminated = onTerminated;
  }

  get isTerminated(): boolean {
    return this.state === 'terminated';
  }

  abstract receive(response: SipResponse): void;

  protected start(firstInterval: number, nextInterval: (previous: number) => number): void {
    this.env.send(this.request, this.destination);
    const retransmit = (interval: number) => {
      this.retransmitTimer = this.env.schedule.schedule(interval, () => {
        this.env.send(this.request, this.destination);
        retransmit(nextInterval(interval));
      });
    };
    retransmit(firstInterval);
    this.timeoutTimer = this.env.schedule.schedule(transactionTimeout(this.env.timers), () => {
      this.terminate();
      this.user.onTimeout();
    });
  }

  protected stopTimers(): void {
    this.env.schedule.cancel(this.retransmitTimer);
    this.env.schedule.cancel(this.timeoutTimer);
    this.retransmitTimer = null;
    this.timeoutTimer = null;
  }

  /** Ends the transaction quietly (also used by the TU, e.g. §9.1 giving up after a CANCEL). */
  terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.stopTimers();
    this.onTerminated();
  }

  /** Wait in Completed for retransmitted finals (Timer D or K), then end. */
  protected complete(waitMs: number): void {
    this.state = 'completed';
    this.stopTimers();
    this.timeoutTimer = this.env.schedule.schedule(waitMs, () => this.terminate());
  }
}

/** §17.1.1: Timer A doubles from T1 with no cap; Timer B = 64·T1; Timer D absorbs retransmitted finals. */
export class InviteClientTransaction extends ClientTransaction {
  private ack: SipRequest | null = null;

  constructor(env: TransactionEnvironment, request: SipRequest, destination: Endpoint, user: ClientTransactionUser, onTerminated: () => void) {
    super(env, request, destination, user, 'calling', onTerminated);
    this.start(env.timers.t1, (previous) => previous * 2);
  }

  receive(response: SipResponse): void {
    if (this.state === 'calling' || this.state === 'proceeding') {
      if (response.status < 200) {
        // §17.1.1.2: a provisional response stops retransmissions and Timer B.
        this.state = 'proceeding';
        this.stopTimers();
        this.user.onResponse(response);
      } else if (response.status < 300) {
        // §17.1.1.2: 2xx ends the transaction; the TU (dialog) ACKs it and every retransmission (§13.2.2.4).
        this.terminate();
        this.user.onResponse(response);
      } else {
        this.sendAck(response);
        // Timer D: at least 32 s over UDP; scaled with T1 so tests with short timers end quickly.
        this.complete(transactionTimeout(this.env.timers));
        this.user.onResponse(response);
      }
    } else if (this.state === 'completed' && response.status >= 300) {
      this.sendAck(response);
    }
  }

  /** §17.1.1.3: the ACK of a non-2xx final belongs to the transaction: same branch, Request-URI, Route set. */
  private sendAck(response: SipResponse): void {
    if (!this.ack) {
      const source = this.request.headers;
      const headers = new SipHeaders()
        .add('Via', source.get('via') ?? '')
        .add('Max-Forwards', '70');
      for (const route of source.getAll('route')) headers.add('Route', route);
      headers
        .add('From', source.get('from') ?? '')
        .add('To', response.headers.get('to') ?? '')
        .add('Call-ID', source.get('call-id') ?? '')
        .add('CSeq', `${(source.get('cseq') ?? '').split(' ')[0]} ACK`);
      this.ack = { kind: 'request', method: 'ACK', uri: this.request.uri, headers, body: '' };
    }
    this.env.send(this.ack, this.destination);
  }
}

/** §17.1.2: Timer E doubles from T1 up to T2 (at T2 once proceeding), Timer F = 64·T1, Timer K = T4. */
export class NonInviteClientTransaction extends ClientTransaction {
  constructor(env: TransactionEnvironment, request: SipRequest, destination: Endpoint, user: ClientTransactionUser, onTerminated: () => void) {
    super(env, request, destination, user, 'trying', onTerminated);
    const { t2 } = env.timers;
    this.start(env.timers.t1, (previous) => (this.state === 'proceeding' ? t2 : Math.min(previous * 2, t2)));
  }

  receive(response: SipResponse): void {
    if (this.state === 'trying' || this.state === 'proceeding') {
      if (response.status < 200) {
        this.state = 'proceeding';
        this.user.onResponse(response);
      } else {
        this.complete(this.env.timers.t4);
        this.user.onResponse(response);
      }
    }
  }
}

/** The agent's live client transactions keyed by branch and method (§17.1.3). */
export class ClientTransactionTable {
  private readonly byKey = new Map<string, ClientTransaction>();
  private readonly env: TransactionEnvironment;

  constructor(env: TransactionEnvironment) {
    this.env = env;
  }

  send(request: SipRequest, destination: Endpoint, user: ClientTransactionUser): InviteClientTransaction | NonInviteClientTransaction {
    const branch = parseVia(request.headers.get('via') ?? '')?.params['branch'] ?? '';
    const key = `${branch} ${request.method}`;
    const onTerminated = () => {
      if (this.byKey.get(key) === transaction) this.byKey.delete(key);
    };
    const transaction = request.method === 'INVITE'
      ? new InviteClientTransaction(this.env, request, destination, user, onTerminated)
      : new NonInviteClientTransaction(this.env, request, destination, user, onTerminated);
    if (!transaction.isTerminated) this.byKey.set(key, transaction);
    return transaction;
  }

  /** True when a transaction took the response; false leaves it to the core (2xx retransmissions). */
  dispatch(response: SipResponse, keys: MessageKeys): boolean {
    const transaction = this.byKey.get(`${keys.branch} ${keys.cseq.method}`);
    if (!transaction) return false;
    transaction.receive(response);
    return true;
  }

  get size(): number {
    return this.byKey.size;
  }

  clear(): void {
    for (const transaction of [...this.byKey.values()]) transaction.terminate();
  }
}
