/**
 * Binding a call's media socket: the OS's choice (port 0) or an even port from a configured range,
 * as firewalls and carriers' trunk agreements usually demand. RTP takes even ports and leaves the
 * odd one above for RTCP (RFC 3550 §11). Ports in use (another process, a call still closing)
 * are skipped; the search starts after the last port handed out, so calls rotate through the
 * range instead of all racing for its first ports.
 */
import type { Socket } from 'node:dgram';

export interface PortRange {
  min: number;
  max: number;
}

export class MediaPortsExhaustedError extends Error {
  readonly code = 'MEDIA_PORTS_EXHAUSTED';
  constructor(range: PortRange) {
    super(`no free even UDP port in ${range.min}-${range.max}`);
    this.name = 'MediaPortsExhaustedError';
  }
}

let cursor = 0;

export function evenPortsOf(range: PortRange): number[] {
  const ports: number[] = [];
  for (let port = range.min + (range.min % 2); port <= range.max; port += 2) ports.push(port);
  return ports;
}

export async function bindMediaSocket(createSocket: () => Socket, host: string, range?: PortRange): Promise<Socket> {
  if (!range) return bindOnce(createSocket(), host, 0);
  const ports = evenPortsOf(range);
  for (let tried = 0; tried < ports.length; tried += 1) {
    const port = ports[(cursor + tried) % ports.length] as number;
    try {
      const socket = await bindOnce(createSocket(), host, port);
      cursor = (cursor + tried + 1) % ports.length;
      return socket;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
  throw new MediaPortsExhaustedError(range);
}

function bindOnce(socket: Socket, host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      try {
        socket.close();
      } catch {
        // already closed by the failed bind
      }
      reject(error);
    };
    socket.once('error', onError);
    socket.bind({ address: host, port, exclusive: true }, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}
