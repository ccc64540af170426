/**
 * A scripted SIP peer on a raw loopback UDP socket, for the cases SIPp cannot express (two-hop
 * Record-Route, duplicated 2xx, malformed datagrams). Test support only.
 */
import { createSocket } from 'node:dgram';
import { parseSipMessage, serializeSipMessage, type SipMessage, type SipRequest, type SipResponse } from './message.ts';
import { buildResponse } from './requests.ts';
import type { Endpoint } from './transport.ts';

export interface Received { message: SipMessage; from: Endpoint }

export interface TestPeer {
  readonly port: number;
  /** The next message matching `accept` (earlier non-matching ones stay queued). */
  next(accept?: (m: SipMessage) => boolean, timeoutMs?: number): Promise<Received>;
  /** Resolves true when nothing matching arrives within `ms`. */
  quiet(accept: (m: SipMessage) => boolean, ms: number): Promise<boolean>;
  send(message: SipMessage | Buffer, to: Endpoint): void;
  reply(to: Received, status: number, reason: string, o?: Parameters<typeof buildResponse>[3]): SipResponse;
  close(): Promise<void>;
}

export const isRequest = (method: string) => (m: SipMessage): m is SipRequest => m.kind === 'request' && m.method === method;
export const isResponse = (status: number, method?: string) => (m: SipMessage) =>
  m.kind === 'response' && m.status === status && (!method || (m.headers.get('cseq') ?? '').endsWith(` ${method}`));

export async function openTestPeer(): Promise<TestPeer> {
  const socket = createSocket('udp4');
  const queue: Received[] = [];
  const waiters = new Set<{ accept: (m: SipMessage) => boolean; resolve: (r: Received) => void }>();
  socket.on('message', (datagram, rinfo) => {
    const parsed = parseSipMessage(datagram);
    if (!parsed.ok) return;
    const received = { message: parsed.message, from: { host: rinfo.address, port: rinfo.port } };
    for (const waiter of waiters) {
      if (waiter.accept(received.message)) {
        waiters.delete(waiter);
        waiter.resolve(received);
        return;
      }
    }
    queue.push(received);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const take = (accept: (m: SipMessage) => boolean): Received | undefined => {
    const index = queue.findIndex((r) => accept(r.message));
    return index < 0 ? undefined : queue.splice(index, 1)[0];
  };
  const next = (accept: (m: SipMessage) => boolean = () => true, timeoutMs = 2000) => {
    const queued = take(accept);
    if (queued) return Promise.resolve(queued);
    return new Promise<Received>((resolve, reject) => {
      const waiter = {
        accept,
        resolve: (r: Received) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error('test peer: no matching message in time'));
      }, timeoutMs);
      waiters.add(waiter);
    });
  };
  const send = (message: SipMessage | Buffer, to: Endpoint) =>
    socket.send(Buffer.isBuffer(message) ? message : serializeSipMessage(message), to.port, to.host);
  return {
    port: socket.address().port,
    next,
    quiet: (accept, ms) => next(accept, ms).then(() => false, () => true),
    send,
    reply(to, status, reason, o) {
      const response = buildResponse(to.message as SipRequest, status, reason, o);
      send(response, to.from);
      return response;
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
