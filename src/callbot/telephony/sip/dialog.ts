/**
 * A confirmed dialog of an outgoing call (RFC 3261 §12), built from the INVITE and its 2xx. It sends
 * the ACK for the 2xx (its own transaction-less request, §13.2.2.4), BYE (§15.1.1), and answers the
 * requests the callee sends inside the dialog: BYE (§15.1.2), re-INVITE (we keep our media, RFC 3264
 * §8: the same SDP again), OPTIONS and INFO.
 */
import { dialogId, type DialogRegistry, type SipCore } from './core.ts';
import { answerChallenge } from './digest.ts';
import { parseNameAddr, parseSipUri, uriDestination } from './headers.ts';
import type { SipRequest, SipResponse } from './message.ts';
import { buildRequest, buildResponse, newBranch, type MessageKeys } from './requests.ts';
import type { TimerHandle } from './timers.ts';
import type { Endpoint } from './transport.ts';

export interface SipDialog {
  readonly callId: string;
  readonly ended: Promise<{ by: 'remote' | 'local' }>;
  /** Idempotent; resolves after the BYE transaction ends (2xx, error or Timer F). */
  bye(): Promise<void>;
}

const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE';
/** In-dialog requests we simply confirm; RFC 3261 §12.2.2 leaves their meaning to their extensions. */
const CONFIRMED_METHODS = new Set(['OPTIONS', 'INFO', 'NOTIFY', 'UPDATE']);

export class Dialog implements SipDialog {
  readonly id: string;
  readonly callId: string;
  readonly ended: Promise<{ by: 'remote' | 'local' }>;
  readonly remoteTag: string;
  readonly localTag: string;
  private readonly core: SipCore;
  private readonly registry: DialogRegistry;
  private readonly localParty: string;
  private readonly remoteParty: string;
  private readonly inviteSeq: number;
  private readonly inviteAuthorization: ReadonlyArray<readonly [string, string]>;
  private readonly localSdp: string;
  private remoteTarget: string;
  private readonly routeSet: readonly string[];
  private localSeq: number;
  private remoteSeq: number | null = null;
  private state: 'confirmed' | 'terminating' | 'terminated' = 'confirmed';
  private ack: { request: SipRequest; to: Endpoint } | null = null;
  private byeDone: Promise<void> | null = null;
  private finishBye: () => void = () => {};
  private resolveEnded!: (value: { by: 'remote' | 'local' }) => void;
  private pending2xx: { cseq: number; timer: TimerHandle | null } | null = null;

  /** §12.1.2: the UAC's dialog state from the request and the 2xx response. */
  constructor(core: SipCore, registry: DialogRegistry, invite: SipRequest, response: SipResponse, localSdp: string) {
    this.core = core;
    this.registry = registry;
    this.callId = invite.headers.get('call-id') ?? '';
    this.localParty = invite.headers.get('from') ?? '';
    this.remoteParty = response.headers.get('to') ?? '';
    this.localTag = parseNameAddr(this.localParty).params['tag'] ?? '';
    this.remoteTag = parseNameAddr(this.remoteParty).params['tag'] ?? '';
    this.inviteSeq = Number((invite.headers.get('cseq') ?? '').split(' ')[0]);
    this.localSeq = this.inviteSeq;
    this.inviteAuthorization = invite.headers.entries().filter(([name]) => name === 'authorization' || name === 'proxy-authorization');
    this.localSdp = localSdp;
    const contact = response.headers.get('contact');
    this.remoteTarget = contact ? parseNameAddr(contact).uri : invite.uri;
    this.routeSet = response.headers.getAll('record-route').reverse();
    this.id = dialogId(this.callId, this.localTag, this.remoteTag);
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
    registry.add(this);
  }

  get isTerminated(): boolean {
    return this.state === 'terminated';
  }

  /** §12.2.1.1: Request-URI, Route headers and next hop from the remote target and route set. */
  private buildInDialogRequest(method: string, cseq: number, extra: ReadonlyArray<readonly [string, string]> = []): { request: SipRequest; to: Endpoint } {
    const firstRoute = this.routeSet[0];
    const loose = firstRoute === undefined || parseSipUri(parseNameAddr(firstRoute).uri)?.params['lr'] !== undefined;
    // A strict router (no lr, RFC 2543) wants its URI as Request-URI and the remote target as last Route.
    const uri = loose ? this.remoteTarget : parseNameAddr(firstRoute).uri;
    const routes = loose ? this.routeSet : [...this.routeSet.slice(1), `<${this.remoteTarget}>`];
    const request = buildRequest({
      method, uri, routes, cseq, callId: this.callId,
      via: { ...this.core.local, branch: newBranch() },
      from: this.localParty, to: this.remoteParty,
      contact: method === 'ACK' ? undefined : this.core.contact,
      userAgent: this.core.userAgentName,
      extra,
    });
    const next = uriDestination(firstRoute === undefined ? this.remoteTarget : parseNameAddr(firstRoute).uri);
    return { request, to: next ?? this.core.trunk };
  }

  /** §13.2.2.4: the ACK of a 2xx carries the INVITE's CSeq number and credentials, and a branch of its own. */
  sendAck(): void {
    this.ack ??= this.buildInDialogRequest('ACK', this.inviteSeq, this.inviteAuthorization);
    this.core.send(this.ack.request, this.ack.to);
  }

  /** A 2xx that reached the core after the INVITE transaction ended: the peer lost our ACK. */
  receiveRetransmitted2xx(keys: MessageKeys): void {
    if (keys.toTag === this.remoteTag && keys.cseq.seq === this.inviteSeq && this.ack) this.core.send(this.ack.request, this.ack.to);
  }

  bye(): Promise<void> {
    if (this.byeDone) return this.byeDone;
    if (this.state === 'terminated') return (this.byeDone = Promise.resolve());
    this.state = 'terminating';
    this.stop2xxRetransmissions();
    this.resolveEnded({ by: 'local' });
    this.byeDone = new Promise<void>((resolve) => (this.finishBye = resolve));
    this.sendBye([], true);
    return this.byeDone;
  }

  private sendBye(extra: ReadonlyArray<readonly [string, string]>, mayRetryAuth: boolean): void {
    this.localSeq += 1;
    const { request, to } = this.buildInDialogRequest('BYE', this.localSeq, extra);
    this.core.clientTransactions.send(request, to, {
      onResponse: (response) => {
        if (response.status < 200) return;
        // §22.2: a trunk may challenge the BYE too; answer once with CSeq + 1.
        const auth = (response.status === 401 || response.status === 407) && mayRetryAuth
          ? answerChallenge(response, this.core.credentials, request) : null;
        if (auth) this.sendBye([[auth.name, auth.value]], false);
        else this.terminate();
      },
      onTimeout: () => this.terminate(),
    });
  }

  /** Requests the core routed here by Call-ID and tags (§12.2.2). */
  receiveRequest(request: SipRequest, keys: MessageKeys, from: Endpoint): void {
    if (request.method === 'ACK') {
      if (this.pending2xx?.cseq === keys.cseq.seq) this.stop2xxRetransmissions();
      return;
    }
    const respond = (status: number, reason: string, o: Parameters<typeof buildResponse>[3] = {}) =>
      this.core.serverTransactions.respond(request, keys, from, buildResponse(request, status, reason, o));
    // §12.2.2: a CSeq lower than the last one is out of order.
    if (this.remoteSeq !== null && keys.cseq.seq < this.remoteSeq) {
      respond(500, 'Server Internal Error', { extra: [['Retry-After', '1']] });
      return;
    }
    this.remoteSeq = keys.cseq.seq;
    if (request.method === 'BYE') {
      respond(200, 'OK');
      this.resolveEnded({ by: 'remote' });
      this.terminate();
    } else if (request.method === 'INVITE') {
      this.answerReinvite(request, keys, from);
    } else if (CONFIRMED_METHODS.has(request.method)) {
      const withAnswer = request.method === 'UPDATE' && request.body.length > 0;
      respond(200, 'OK', withAnswer ? { extra: [['Contact', this.core.contact]], body: { type: 'application/sdp', content: this.localSdp } } : {});
    } else {
      respond(405, 'Method Not Allowed', { extra: [['Allow', ALLOW]] });
    }
  }

  /**
   * §14.2 re-INVITE: we keep our media and answer with our last SDP (RFC 3264 §8: unchanged version),
   * then retransmit the 2xx from T1 doubling to T2 until the ACK comes or 64·T1 passes (§13.3.1.4).
   */
  private answerReinvite(request: SipRequest, keys: MessageKeys, from: Endpoint): void {
    if (this.state !== 'confirmed') {
      this.core.serverTransactions.respond(request, keys, from, buildResponse(request, 481, 'Call/Transaction Does Not Exist'));
      return;
    }
    const contact = request.headers.get('contact');
    if (contact) this.remoteTarget = parseNameAddr(contact).uri; // §12.2.2 target refresh
    const ok = buildResponse(request, 200, 'OK', {
      extra: [['Contact', this.core.contact], ['Allow', ALLOW], ['Server', this.core.userAgentName]],
      body: { type: 'application/sdp', content: this.localSdp },
    });
    this.core.serverTransactions.respond(request, keys, from, ok);
    this.stop2xxRetransmissions();
    const pending = { cseq: keys.cseq.seq, timer: null as TimerHandle | null };
    this.pending2xx = pending;
    const { t1, t2 } = this.core.timers;
    let elapsed = 0;
    const retransmit = (interval: number) => {
      if (elapsed + interval >= 64 * t1) return;
      pending.timer = this.core.schedule.schedule(interval, () => {
        elapsed += interval;
        this.core.send(ok, from);
        retransmit(Math.min(interval * 2, t2));
      });
    };
    retransmit(t1);
  }

  private stop2xxRetransmissions(): void {
    if (!this.pending2xx) return;
    this.core.schedule.cancel(this.pending2xx.timer);
    this.pending2xx = null;
  }

  /** Closing the agent: one BYE without waiting for its transaction, then everything resolves. */
  abandon(): void {
    if (this.state === 'confirmed') {
      this.localSeq += 1;
      const { request, to } = this.buildInDialogRequest('BYE', this.localSeq);
      this.core.send(request, to);
      this.resolveEnded({ by: 'local' });
    }
    this.terminate();
  }

  private terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.stop2xxRetransmissions();
    this.registry.remove(this);
    this.finishBye();
  }
}
