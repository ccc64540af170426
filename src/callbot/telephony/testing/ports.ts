/** Loopback UDP ports for SIPp: picked free by the OS, and checked bound without racing SIPp for them. */
import dgram from 'node:dgram';
import { readFile } from 'node:fs/promises';

/** A UDP port the OS calls free right now (bound to 0, then released). */
export async function freeUdpPort(host = '127.0.0.1'): Promise<number> {
  const [port] = await holdPorts(host, [0]);
  return port!;
}

/**
 * A free media port for SIPp's -mp: SIPp binds the audio RTP port and the video port two above
 * it, and RTCP (RFC 3550 §11) would take the odd ones, so all four from an even base must be free.
 */
export async function freeMediaPort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const probe = await freeUdpPort(host);
    const base = probe - (probe % 4);
    if (base < 1024 || base + 3 > 65535) continue;
    try {
      await holdPorts(host, [base, base + 1, base + 2, base + 3]);
      return base;
    } catch {
      // one of the four is taken: try elsewhere
    }
  }
  throw new Error('no four consecutive free UDP ports found for SIPp media');
}

/** Binds each port (0 = any), then releases them all; rejects when one cannot be bound. */
async function holdPorts(host: string, ports: number[]): Promise<number[]> {
  const sockets: dgram.Socket[] = [];
  try {
    const bound: number[] = [];
    for (const port of ports) {
      const socket = dgram.createSocket('udp4');
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(port, host, () => resolve());
      });
      bound.push(socket.address().port);
    }
    return bound;
  } finally {
    await Promise.all(sockets.map((s) => new Promise<void>((resolve) => { try { s.close(() => resolve()); } catch { resolve(); } })));
  }
}

/**
 * Whether some process has bound a UDP/IPv4 port, read from /proc/net/udp (Linux) so the check
 * never holds the port itself: a probe bind could take it from SIPp in the instant it starts.
 */
export async function udpPortBound(port: number): Promise<boolean> {
  const table = await readFile('/proc/net/udp', 'utf8');
  const suffix = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return table.split('\n').slice(1).some((line) => line.trim().split(/\s+/)[1]?.endsWith(suffix) ?? false);
}
