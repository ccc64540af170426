/**
 * One UDP socket per user agent (RFC 3261 §18): every call's signalling shares it. Incoming
 * datagrams are parsed here; a malformed one is dropped with a reason (§18.3) and never throws
 * out of the socket handler, nor does an exception of the message handler.
 */
import { createSocket, type Socket } from 'node:dgram';
import { parseSipMessage, serializeSipMessage, type SipMessage } from './message.ts';

const SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

export interface Endpoint { host: string; port: number }

export interface SipTransport {
  readonly localAddress: Endpoint;
  send(message: SipMessage, to: Endpoint): void;
  readonly droppedMessages: number;
  close(): Promise<void>;
}

export interface UdpTransportOptions {
  bindHost: string;
  bindPort?: number;
  onMessage(message: SipMessage, from: Endpoint): void;
  onDrop?(reason: string, from: Endpoint): void;
}

export async function openUdpTransport(o: UdpTransportOptions): Promise<SipTransport> {
  // Hundreds of calls answer and hang up in bursts; the default ~200 KB buffer drops some of them
  // (Linux caps the request at net.core.rmem_max/wmem_max).
  const socket: Socket = createSocket({ type: o.bindHost.includes(':') ? 'udp6' : 'udp4', recvBufferSize: SOCKET_BUFFER_BYTES, sendBufferSize: SOCKET_BUFFER_BYTES });
  let dropped = 0;
  let closed = false;
  let inFlight = 0;
  let flushed: (() => void) | null = null;
  const drop = (reason: string, from: Endpoint) => {
    dropped++;
    o.onDrop?.(reason, from);
  };
  socket.on('message', (datagram, rinfo) => {
    const from = { host: rinfo.address, port: rinfo.port };
    const parsed = parseSipMessage(datagram);
    if (!parsed.ok) {
      drop(parsed.reason, from);
      return;
    }
    try {
      o.onMessage(parsed.message, from);
    } catch (error) {
      drop(`handler failed: ${(error as Error).message}`, from);
    }
  });
  // ICMP port-unreachable and the like surface here; a lost datagram is what timers are for.
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(o.bindPort ?? 0, o.bindHost, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const address = socket.address();
  return {
    localAddress: { host: address.address, port: address.port },
    get droppedMessages() {
      return dropped;
    },
    send(message, to) {
      if (closed) return;
      inFlight++;
      socket.send(serializeSipMessage(message), to.port, to.host, () => {
        inFlight--;
        if (inFlight === 0) flushed?.();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      // The last BYEs and CANCELs of a closing agent are still queued: let them leave first.
      if (inFlight > 0) await new Promise<void>((resolve) => (flushed = resolve));
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
