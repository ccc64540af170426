import { describe, expect, it } from 'vitest';
import { parseRtpPacket } from './packet.ts';
import { readPcapUdp } from './pcap.ts';
import {
  decodeTelephoneEvent, digitToEvent, encodeTelephoneEvent, eventToDigit, planDigitPackets, TelephoneEventReceiver,
} from './telephone-event.ts';

const SIPP = '/usr/share/sip-tester';

describe('telephone-event payload (RFC 4733 §2.3)', () => {
  it('round-trips event, E bit, volume and duration', () => {
    const event = { event: 11, end: true, volume: 63, duration: 0xffff };
    const bytes = encodeTelephoneEvent(event);
    expect(Array.from(bytes)).toEqual([11, 0xbf, 0xff, 0xff]);
    expect(decodeTelephoneEvent(bytes)).toEqual(event);
    expect(decodeTelephoneEvent(Uint8Array.of(1, 2, 3))).toBeNull();
  });

  it('maps the sixteen keypad events (§3.2)', () => {
    expect([...'0123456789*#ABCD'].map(digitToEvent)).toEqual([...Array(16).keys()]);
    expect(digitToEvent('a')).toBe(12);
    expect(digitToEvent('E')).toBeNull();
    expect(digitToEvent('12')).toBeNull();
    expect(eventToDigit(16)).toBeNull();
  });
});

describe('sending a key press (§2.5.1)', () => {
  it('grows the duration, marks the first packet only and sends the end packet three times', () => {
    const packets = planDigitPackets(100);
    expect(packets.map((p) => p.duration)).toEqual([160, 320, 480, 640, 800, 800, 800]);
    expect(packets.map((p) => p.marker)).toEqual([true, false, false, false, false, false, false]);
    expect(packets.map((p) => p.end)).toEqual([false, false, false, false, true, true, true]);
  });

  it('still sends a start marker and three end packets for a press shorter than a frame', () => {
    const packets = planDigitPackets(5);
    expect(packets).toEqual([
      { marker: true, end: true, duration: 160 },
      { marker: false, end: true, duration: 160 },
      { marker: false, end: true, duration: 160 },
    ]);
  });
});

describe('receiving key presses', () => {
  it('reports each press once, retransmitted end packets included', () => {
    const receiver = new TelephoneEventReceiver();
    const seen: (string | null)[] = [];
    for (const timestamp of [1000, 1000, 1000, 2000, 2000]) {
      seen.push(receiver.accept(7, timestamp, encodeTelephoneEvent({ event: timestamp / 1000, end: false, volume: 10, duration: 160 })));
    }
    expect(seen).toEqual(['1', null, null, '2', null]);
  });

  it('reports a press whose start packets were all lost, at its first end packet', () => {
    const receiver = new TelephoneEventReceiver();
    const end = encodeTelephoneEvent({ event: 10, end: true, volume: 10, duration: 800 });
    expect([receiver.accept(1, 5, end), receiver.accept(1, 5, end), receiver.accept(1, 5, end)]).toEqual(['*', null, null]);
  });

  it('tells apart two presses of the same key by their timestamps', () => {
    const receiver = new TelephoneEventReceiver();
    const five = encodeTelephoneEvent({ event: 5, end: true, volume: 10, duration: 800 });
    expect([receiver.accept(1, 100, five), receiver.accept(1, 1700, five), receiver.accept(1, 100, five)]).toEqual(['5', '5', null]);
  });

  it('takes the same timestamp after a quarter second of silence as a new press (a replayed capture)', () => {
    const receiver = new TelephoneEventReceiver();
    const one = encodeTelephoneEvent({ event: 1, end: true, volume: 10, duration: 800 });
    const seen = [0, 20, 40, 300, 320, 340].map((at) => receiver.accept(3, 777, one, at));
    expect(seen).toEqual(['1', null, null, '1', null, null]);
  });

  it.each([
    ['1', '1'], ['9', '9'], ['star', '*'], ['pound', '#'],
  ])('reads SIPp\'s capture dtmf_2833_%s.pcap as one press of %s', async (name, digit) => {
    const captured = await readPcapUdp(`${SIPP}/dtmf_2833_${name}.pcap`);
    const packets = captured.map(({ payload }) => parseRtpPacket(payload)!);
    expect(packets.length).toBeGreaterThan(3);
    expect(new Set(packets.map((p) => p.timestamp)).size).toBe(1); // §2.5.1.2: one timestamp
    expect(packets[0]!.marker).toBe(true);
    const receiver = new TelephoneEventReceiver();
    const presses = packets.map((p) => receiver.accept(p.ssrc, p.timestamp, p.payload)).filter((d) => d !== null);
    expect(presses).toEqual([digit]);
    const events = packets.map((p) => decodeTelephoneEvent(p.payload)!);
    expect(events.filter((e) => e.end).length).toBe(3);
    // Lose the start packets: the press is still reported once.
    const late = new TelephoneEventReceiver();
    expect(packets.slice(-3).map((p) => late.accept(p.ssrc, p.timestamp, p.payload)).filter((d) => d !== null)).toEqual([digit]);
  });
});
