import { describe, expect, it } from 'vitest';
import { parsePcapUdp, readPcapUdp } from './pcap.ts';

describe('pcap reader', () => {
  it('reads the UDP packets of a SIPp capture with their ports and times', async () => {
    const packets = await readPcapUdp('/usr/share/sip-tester/dtmf_2833_1.pcap');
    expect(packets).toHaveLength(10);
    expect(packets.every((p) => p.sourcePort === 49176 && p.destinationPort === 10000 && p.payload.length === 16)).toBe(true);
    const times = packets.map((p) => p.timeMs);
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    expect(new Date(times[0]!).getUTCFullYear()).toBe(2005);
  });

  it('rejects what is not a libpcap file', () => {
    expect(() => parsePcapUdp(Buffer.from('0a0d0d0a0000000000000000000000000000000000000000', 'hex'))).toThrow(/pcap/);
    expect(() => parsePcapUdp(Buffer.alloc(10))).toThrow(/pcap/);
  });
});
