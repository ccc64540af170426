/**
 * The SIP user agent of the call robot: the UAC side of outbound calls through one trunk, over one
 * UDP socket shared by every call. It routes each incoming message to a client transaction (§17.1.3),
 * a server transaction's stored answer (§17.2.3) or a dialog (§12.2.2), and answers the rest itself.
 */
import { ClientTransactionTable } from './client-transactions.ts';
import { dialogId, type SipCore } from './core.ts';
import type { Dialog } from './dialog.ts';
import type { SipMessage, SipRequest, SipResponse } from './message.ts';
import { OutgoingCall, type InviteOptions, type OutgoingInvite } from './outgoing-invite.ts';
import { buildResponse, formatHostPort, newTag, readMessageKeys, type MessageKeys } from './requests.ts';
import { ServerTransactionTable } from './server-transactions.ts';
import { resolveTimerValues, TimerSet, transactionTimeout } from './timers.ts';
import { openUdpTransport, type Endpoint, type SipTransport } from './transport.ts';

export type { InviteOptions, InviteResult, OutgoingInvite } from './outgoing-invite.ts';
export type { SipDialog } from './dialog.ts';

export interface TrunkConfig { host: string; port: number; username?: string; password?: string; domain?: string; callerId?: string }

export interface SipUserAgentOptions {
  bindHost: string;
  bindPort?: number;
  trunk: TrunkConfig;
  timers?: { t1Ms?: number; t2Ms?: number; t4Ms?: number };
  userAgentName?: string;
  /** Address written in Via and Contact when bindHost is a wildcard (0.0.0.0) or behind NAT. */
  advertisedHost?: string;
  /** Called for every dropped datagram (malformed, or its handler failed); for logs and tests. */
  onDropped?: (reason: string, from: Endpoint) => void;
}

export interface SipUserAgent {
  readonly localAddress: { host: string; port: number };
  invite(o: InviteOptions): OutgoingInvite;
  readonly activeDialogs: number;
  /** Timers the agent still has pending (transactions, retransmissions); 0 once everything settled. */
  readonly pendingTimers: number;
  readonly droppedMessages: number;
  close(): Promise<void>;
}

const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE';

export async function startSipUserAgent(o: SipUserAgentOptions): Promise<SipUserAgent> {
  const schedule = new TimerSet();
  const timers = resolveTimerValues(o.timers);
  const dialogs = new Map<string, Dialog>();
  const calls = new Set<OutgoingCall>();
  /** Calls by Call-ID until 64·T1 after they settled, for 2xx that arrive late or from another fork. */
  const recentCalls = new Map<string, OutgoingCall>();
  const userAgentName = o.userAgentName ?? 'fangyi';
  let core: SipCore | null = null;
  let closing = false;
  let unreadable = 0;

  const transport: SipTransport = await openUdpTransport({
    bindHost: o.bindHost,
    bindPort: o.bindPort,
    onDrop: o.onDropped,
    onMessage: (message, from) => {
      if (core && !closing) route(core, message, from);
    },
  });

  const local = { host: o.advertisedHost ?? transport.localAddress.host, port: transport.localAddress.port };
  const user = o.trunk.callerId ?? 'fangyi';
  const env = { timers, schedule, send: (message: SipMessage, to: Endpoint) => transport.send(message, to) };
  const clientTransactions = new ClientTransactionTable(env);
  const serverTransactions = new ServerTransactionTable(env);
  core = {
    ...env,
    local,
    contact: `<sip:${user}@${formatHostPort(local.host, local.port)}>`,
    userAgentName,
    credentials: o.trunk.username !== undefined && o.trunk.password !== undefined
      ? { username: o.trunk.username, password: o.trunk.password } : null,
    trunk: { host: o.trunk.host, port: o.trunk.port },
    clientTransactions,
    serverTransactions,
  };
  const registry = {
    add: (dialog: { id: string }) => dialogs.set(dialog.id, dialog as Dialog),
    remove: (dialog: { id: string }) => {
      if (dialogs.get(dialog.id) === dialog) dialogs.delete(dialog.id);
    },
  };

  function route(c: SipCore, message: SipMessage, from: Endpoint): void {
    const keys = readMessageKeys(message);
    if (!keys) {
      unreadable++;
      o.onDropped?.('unreadable Via or CSeq', from);
      return;
    }
    if (message.kind === 'response') routeResponse(c, message, keys);
    else routeRequest(c, message, keys, from);
  }

  function routeResponse(c: SipCore, response: SipResponse, keys: MessageKeys): void {
    if (c.clientTransactions.dispatch(response, keys)) return;
    // §13.2.2.4: 2xx retransmissions outlive the INVITE transaction and reach the dialog, which ACKs again.
    if (response.status >= 200 && response.status < 300 && keys.cseq.method === 'INVITE') {
      const dialog = dialogs.get(dialogId(keys.callId, keys.fromTag, keys.toTag));
      if (dialog) dialog.receiveRetransmitted2xx(keys);
      else recentCalls.get(keys.callId)?.receiveLate2xx(response, keys.toTag);
    }
  }

  function routeRequest(c: SipCore, request: SipRequest, keys: MessageKeys, from: Endpoint): void {
    if (c.serverTransactions.absorbRetransmission(request, keys)) return;
    const dialog = dialogs.get(dialogId(keys.callId, keys.toTag, keys.fromTag));
    if (request.method === 'ACK') {
      if (dialog) dialog.receiveRequest(request, keys, from);
      return; // §17: an ACK is never answered.
    }
    const respond = (status: number, reason: string, extra: ReadonlyArray<readonly [string, string]> = []) =>
      c.serverTransactions.respond(request, keys, from, buildResponse(request, status, reason, { toTag: newTag(), extra }));
    if (request.method === 'CANCEL') {
      // §9.2: we answer every re-INVITE at once, so a CANCEL finds a finished transaction (200, no
      // effect) or none (481).
      if (c.serverTransactions.hasInvite(keys)) respond(200, 'OK');
      else respond(481, 'Call/Transaction Does Not Exist');
    } else if (dialog) dialog.receiveRequest(request, keys, from);
    else if (keys.toTag !== undefined) respond(481, 'Call/Transaction Does Not Exist'); // §12.2.2
    else if (request.method === 'OPTIONS') respond(200, 'OK', [['Allow', ALLOW], ['Accept', 'application/sdp']]); // §11.2
    else if (request.method === 'INVITE') respond(603, 'Decline'); // the robot only calls out
    else respond(405, 'Method Not Allowed', [['Allow', ALLOW]]);
  }

  return {
    localAddress: local,
    invite(options) {
      if (closing || !core) throw new Error('the SIP user agent is closed');
      const domain = o.trunk.domain ?? o.trunk.host;
      const call = new OutgoingCall(core, registry, {
        requestUri: `sip:${options.to}@${domain}`,
        from: `<sip:${user}@${domain}>`,
        to: `<sip:${options.to}@${domain}>`,
      }, options, (settled) => {
        calls.delete(settled);
        schedule.schedule(transactionTimeout(timers), () => recentCalls.delete(settled.callId));
      });
      calls.add(call);
      recentCalls.set(call.callId, call);
      return call;
    },
    get activeDialogs() {
      return dialogs.size;
    },
    get pendingTimers() {
      return schedule.size;
    },
    get droppedMessages() {
      return transport.droppedMessages + unreadable;
    },
    async close() {
      if (closing) return;
      closing = true;
      for (const call of [...calls]) call.abandon();
      for (const dialog of [...dialogs.values()]) dialog.abandon();
      clientTransactions.clear();
      serverTransactions.clear();
      recentCalls.clear();
      schedule.clear();
      await transport.close();
    },
  };
}
