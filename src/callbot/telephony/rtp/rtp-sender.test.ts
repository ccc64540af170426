import { describe, expect, it } from 'vitest';
import { parseRtpPacket, type RtpPacket } from './packet.ts';
import { RtpSender } from './rtp-sender.ts';
import { decodeTelephoneEvent } from './telephone-event.ts';

/** A sender whose packets are copied out as they are sent (its buffers are reused). */
function senderWithLog() {
  const sent: RtpPacket[] = [];
  const sender = new RtpSender((packet) => sent.push(parseRtpPacket(Uint8Array.from(packet))!));
  sender.configure('PCMU', 101);
  return { sender, sent };
}

describe('RtpSender', () => {
  it('plays pieces back to back without a gap, a frame straddling two pieces, marker on the first only', async () => {
    const { sender, sent } = senderWithLog();
    const loud = (n: number, value: number) => Int16Array.from({ length: n }, () => value);
    const playing = sender.play([loud(100, 8000), loud(150, -8000), loud(70, 8000)], false);
    for (let frame = 0; frame < 3; frame += 1) sender.sendFrame(frame);
    await expect(playing).resolves.toBe('completed');
    const bytes = sent.map((p) => Array.from(p.payload));
    // μ-law of +8000 is 0x9e, of -8000 0x1e: the 320 samples arrive in order across the three frames.
    const played = bytes.flat().slice(0, 320);
    expect(played.slice(0, 100).every((b) => b === bytes[0]![0])).toBe(true);
    expect(played.slice(100, 250).every((b) => b === played[100])).toBe(true);
    expect(played[100]).not.toBe(played[0]);
    expect(played.slice(250, 320).every((b) => b === played[0])).toBe(true);
    expect(sent.map((p) => p.marker)).toEqual([true, false, false]);
    // The prompt is over: silence after it.
    sender.sendFrame(3);
    expect(new Set(sent[3]!.payload).size).toBe(1);
    expect(sent[3]!.payload[0]).toBe(0xff);
  });

  it('derives the timestamp from the frame index, so skipped frames keep it on time', () => {
    const { sender, sent } = senderWithLog();
    for (const frame of [0, 1, 2, 7, 8]) sender.sendFrame(frame);
    const [first, ...rest] = sent;
    expect(rest.map((p) => (p.timestamp - first!.timestamp) >>> 0)).toEqual([160, 320, 1120, 1280]);
    // The sequence counts packets sent: a receiver sees no loss for frames never sent.
    expect(rest.map((p) => (p.sequence - first!.sequence) & 0xffff)).toEqual([1, 2, 3, 4]);
  });

  it('sends a key press in place of audio, one timestamp, growing duration, end three times', async () => {
    const { sender, sent } = senderWithLog();
    const playing = sender.play(Int16Array.from({ length: 320 }, () => 1000), false);
    sender.sendFrame(0); // audio
    let done = false;
    const digit = sender.sendDigit('7', 60).then(() => (done = true));
    for (let frame = 1; frame <= 5; frame += 1) sender.sendFrame(frame);
    await Promise.resolve();
    expect(done).toBe(true);
    const events = sent.slice(1, 6);
    expect(events.every((p) => p.payloadType === 101 && p.timestamp === events[0]!.timestamp)).toBe(true);
    expect(events.map((p) => p.marker)).toEqual([true, false, false, false, false]);
    expect(events.map((p) => decodeTelephoneEvent(p.payload))).toEqual([
      { event: 7, end: false, volume: 10, duration: 160 },
      { event: 7, end: false, volume: 10, duration: 320 },
      { event: 7, end: true, volume: 10, duration: 480 },
      { event: 7, end: true, volume: 10, duration: 480 },
      { event: 7, end: true, volume: 10, duration: 480 },
    ]);
    sender.sendFrame(6); // the prompt resumes where it stopped
    await expect(playing).resolves.toBe('completed');
    expect(sent[6]!.payloadType).toBe(0);
    await digit;
  });

  it('a new play interrupts the one in progress; close ends everything pending', async () => {
    const { sender } = senderWithLog();
    const first = sender.play(new Int16Array(1600), true);
    const second = sender.play(new Int16Array(1600), false);
    await expect(first).resolves.toBe('interrupted');
    expect(sender.playIsInterruptible).toBe(false);
    const digit = sender.sendDigit('1', 100);
    sender.close();
    await expect(second).resolves.toBe('closed');
    await expect(digit).resolves.toBeUndefined();
    await expect(sender.play(new Int16Array(160), false)).resolves.toBe('closed');
  });

  it('refuses digits it cannot send', async () => {
    const { sender } = senderWithLog();
    await expect(sender.sendDigit('x', 100)).rejects.toThrow(RangeError);
    sender.configure('PCMA', null);
    await expect(sender.sendDigit('1', 100)).rejects.toThrow(/telephone-event/);
  });
});
