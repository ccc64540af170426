/**
 * One outgoing call attempt up to its final response: INVITE (RFC 3261 §13.2.1), one digest retry
 * on 401/407 (§22.2, CSeq + 1), provisional responses and early media (RFC 3261 §13.2.2.1, RFC
 * 3960), CANCEL on ring timeout or on request (§9.1), and the dialog of the 2xx (§13.2.2.4).
 */
import type { DialogRegistry, SipCore } from './core.ts';
import { Dialog, type SipDialog } from './dialog.ts';
import { answerChallenge } from './digest.ts';
import { SipHeaders, type SipRequest, type SipResponse } from './message.ts';
import { buildRequest, newBranch, newCallId, newTag } from './requests.ts';
import { transactionTimeout, type TimerHandle } from './timers.ts';

export interface InviteOptions {
  /** The dialled number (user part); Request-URI sip:<to>@<trunk.domain ?? trunk.host>. */
  to: string;
  sdpOffer: string;
  /** After this with no final response: CANCEL (§9.1). Counted from sending the first INVITE. */
  ringTimeoutMs: number;
  /** 180, 183 (with early-media SDP); not 100 Trying. */
  onProvisional?: (p: { status: number; reason: string; sdp?: string }) => void;
}

export type InviteResult =
  | { kind: 'answered'; sdpAnswer: string; dialog: SipDialog }
  | { kind: 'failed'; status: number; reason: string }
  | { kind: 'ring_timeout' }
  | { kind: 'cancelled' }
  | { kind: 'transport_timeout' };

export interface OutgoingInvite {
  readonly callId: string;
  readonly result: Promise<InviteResult>;
  cancel(): void;
}

export interface InviteAddressing {
  requestUri: string;
  /** From and To header values without tags. */
  from: string;
  to: string;
}

type CancelReason = 'ring_timeout' | 'cancelled';

export class OutgoingCall implements OutgoingInvite {
  readonly callId: string;
  readonly result: Promise<InviteResult>;
  private readonly core: SipCore;
  private readonly registry: DialogRegistry;
  private readonly options: InviteOptions;
  private readonly fromTag = newTag();
  private readonly addressing: InviteAddressing;
  private invite: SipRequest;
  private transaction: { terminate(): void } | null = null;
  private provisionalSeen = false;
  /** Remote tags of the 2xx we made dialogs of (§12.1.2). */
  private readonly answeredTags = new Set<string>();
  private authRetried = false;
  private cancelReason: CancelReason | null = null;
  private cancelSent = false;
  private settled = false;
  private ringTimer: TimerHandle | null = null;
  private cancelGiveUpTimer: TimerHandle | null = null;
  private resolveResult!: (result: InviteResult) => void;
  private readonly onSettled: (call: OutgoingCall) => void;

  constructor(core: SipCore, registry: DialogRegistry, addressing: InviteAddressing, options: InviteOptions, onSettled: (call: OutgoingCall) => void) {
    this.core = core;
    this.registry = registry;
    this.options = options;
    this.onSettled = onSettled;
    this.callId = newCallId(core.local.host);
    this.result = new Promise((resolve) => (this.resolveResult = resolve));
    this.addressing = addressing;
    this.invite = this.buildInvite(1, []);
    this.sendInvite();
    this.ringTimer = core.schedule.schedule(options.ringTimeoutMs, () => this.requestCancel('ring_timeout'));
  }

  cancel(): void {
    this.requestCancel('cancelled');
  }

  private buildInvite(cseq: number, credentials: ReadonlyArray<readonly [string, string]>): SipRequest {
    return buildRequest({
      method: 'INVITE', uri: this.addressing.requestUri, cseq, callId: this.callId,
      via: { ...this.core.local, branch: newBranch() },
      from: `${this.addressing.from};tag=${this.fromTag}`, to: this.addressing.to,
      contact: this.core.contact, userAgent: this.core.userAgentName,
      extra: [['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE'], ...credentials],
      body: { type: 'application/sdp', content: this.options.sdpOffer },
    });
  }

  private sendInvite(): void {
    this.transaction = this.core.clientTransactions.send(this.invite, this.core.trunk, {
      onResponse: (response) => this.receive(response),
      onTimeout: () => this.settle(this.cancelReason ? { kind: this.cancelReason } : { kind: 'transport_timeout' }),
    });
  }

  private receive(response: SipResponse): void {
    if (this.settled) return;
    if (response.status < 200) this.receiveProvisional(response);
    else if (response.status < 300) this.receiveAnswer(response);
    else if ((response.status === 401 || response.status === 407) && this.retryWithCredentials(response)) return;
    else if (response.status === 487 && this.cancelReason) this.settle({ kind: this.cancelReason });
    else this.settle({ kind: 'failed', status: response.status, reason: response.reason });
  }

  private receiveProvisional(response: SipResponse): void {
    this.provisionalSeen = true;
    // §9.1: a CANCEL may only follow a provisional response; one was waiting for it.
    if (this.cancelReason && !this.cancelSent) this.sendCancel();
    if (response.status === 100 || !this.options.onProvisional) return;
    try {
      this.options.onProvisional({ status: response.status, reason: response.reason, sdp: response.body ? response.body : undefined });
    } catch {
      // The listener's failure is its own; the call continues.
    }
  }

  private receiveAnswer(response: SipResponse): void {
    const dialog = new Dialog(this.core, this.registry, this.invite, response, this.options.sdpOffer);
    this.answeredTags.add(dialog.remoteTag);
    dialog.sendAck();
    if (this.cancelReason) {
      // §9.1: the 2xx crossed our CANCEL; the call is up, so end it with a BYE.
      void dialog.bye();
      this.settle({ kind: this.cancelReason });
    } else {
      this.settle({ kind: 'answered', sdpAnswer: response.body, dialog });
    }
  }

  /** §22.2: resend the INVITE once with credentials, a new branch and CSeq + 1 (§8.1.3.5). */
  private retryWithCredentials(response: SipResponse): boolean {
    if (this.authRetried || this.cancelReason) return false;
    const auth = answerChallenge(response, this.core.credentials, this.invite);
    if (!auth) return false;
    this.authRetried = true;
    this.invite = this.buildInvite(2, [[auth.name, auth.value]]);
    this.provisionalSeen = false;
    this.sendInvite();
    return true;
  }

  private requestCancel(reason: CancelReason): void {
    if (this.settled || this.cancelReason) return;
    this.cancelReason = reason;
    this.core.schedule.cancel(this.ringTimer);
    // Without a provisional yet, wait for one; Timer B ends the wait if none comes (§9.1).
    if (this.provisionalSeen) this.sendCancel();
  }

  /** §9.1: same Request-URI, Call-ID, From, To, CSeq number and top Via (branch) as the INVITE. */
  private sendCancel(): void {
    this.cancelSent = true;
    const source = this.invite.headers;
    const headers = new SipHeaders().add('Via', source.get('via') ?? '').add('Max-Forwards', '70');
    for (const route of source.getAll('route')) headers.add('Route', route);
    headers
      .add('From', source.get('from') ?? '').add('To', source.get('to') ?? '')
      .add('Call-ID', this.callId).add('CSeq', `${(source.get('cseq') ?? '').split(' ')[0]} CANCEL`)
      .add('User-Agent', this.core.userAgentName);
    const cancel: SipRequest = { kind: 'request', method: 'CANCEL', uri: this.invite.uri, headers, body: '' };
    this.core.clientTransactions.send(cancel, this.core.trunk, { onResponse: () => {}, onTimeout: () => {} });
    // §9.1: no final response for the INVITE within 64·T1 after the CANCEL: consider it cancelled.
    this.cancelGiveUpTimer = this.core.schedule.schedule(transactionTimeout(this.core.timers), () => {
      this.transaction?.terminate();
      if (this.cancelReason) this.settle({ kind: this.cancelReason });
    });
  }

  /**
   * A 2xx that found no dialog: it came after the call settled (our CANCEL gave up, §9.1) or from a
   * second fork (§13.2.2.4). Someone picked up and talks to nobody, so ACK it and hang up at once.
   */
  receiveLate2xx(response: SipResponse, remoteTag: string | undefined): void {
    // A dialog of ours that already ended: its 2xx retransmission needs nothing more.
    if (remoteTag === undefined || this.answeredTags.has(remoteTag)) return;
    this.answeredTags.add(remoteTag);
    const dialog = new Dialog(this.core, this.registry, this.invite, response, this.options.sdpOffer);
    dialog.sendAck();
    void dialog.bye();
  }

  /** Closing the agent: CANCEL what rings (once, no waiting) and report the call cancelled. */
  abandon(): void {
    if (this.settled) return;
    if (this.provisionalSeen && !this.cancelSent) {
      this.cancelReason = 'cancelled';
      this.sendCancel();
    }
    this.transaction?.terminate();
    this.settle({ kind: 'cancelled' });
  }

  private settle(result: InviteResult): void {
    if (this.settled) return;
    this.settled = true;
    this.core.schedule.cancel(this.ringTimer);
    this.core.schedule.cancel(this.cancelGiveUpTimer);
    this.onSettled(this);
    this.resolveResult(result);
  }
}
