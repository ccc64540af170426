import { describe, expect, it } from 'vitest';
import { JitterBuffer, signedDistance } from './jitter-buffer.ts';

function bufferOf(depth = 4) {
  const out: number[] = [];
  const buffer = new JitterBuffer<number>({ depth, deliver: (sequence) => out.push(sequence) });
  const push = (...sequences: number[]) => sequences.forEach((s) => buffer.push(s, s));
  return { buffer, out, push };
}

describe('JitterBuffer', () => {
  it('passes packets in order straight through', () => {
    const { out, push, buffer } = bufferOf();
    push(10, 11, 12);
    expect(out).toEqual([10, 11, 12]);
    expect(buffer.stats).toEqual({ delivered: 3, lost: 0, late: 0, duplicates: 0 });
  });

  it('restores the order of reordered packets', () => {
    const { out, push } = bufferOf();
    push(1, 3, 2, 5, 4, 6);
    expect(out).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('waits `depth` packets for a missing one, then counts it lost', () => {
    const { out, push, buffer } = bufferOf(4);
    push(1, 3, 4, 5);
    expect(out).toEqual([1]);
    push(6);
    expect(out).toEqual([1, 3, 4, 5, 6]);
    expect(buffer.stats.lost).toBe(1);
    push(2); // too late now
    expect(buffer.stats.late).toBe(1);
    expect(out).toEqual([1, 3, 4, 5, 6]);
  });

  it('drops duplicates, held or already delivered', () => {
    const { out, push, buffer } = bufferOf();
    push(1, 1, 3, 3, 2);
    expect(out).toEqual([1, 2, 3]);
    expect(buffer.stats.duplicates + buffer.stats.late).toBe(2);
  });

  it('counts loss and order across the 65535 → 0 wrap-around', () => {
    const { out, push, buffer } = bufferOf(3);
    push(65533, 65534, 0, 65535, 2, 3, 4);
    expect(out).toEqual([65533, 65534, 65535, 0, 2, 3, 4]);
    expect(buffer.stats.lost).toBe(1); // sequence 1
    expect(signedDistance(2, 65534)).toBe(4);
    expect(signedDistance(65534, 2)).toBe(-4);
  });

  it('counts a burst of loss once per missing packet', () => {
    const { out, push, buffer } = bufferOf(2);
    push(100, 110, 111);
    expect(out).toEqual([100, 110, 111]);
    expect(buffer.stats.lost).toBe(9);
  });

  it('treats a huge jump as a restarted source, not thousands of losses (RFC 3550 A.1)', () => {
    const { out, push, buffer } = bufferOf();
    push(5, 6, 40000, 40001);
    expect(out).toEqual([5, 6, 40000, 40001]);
    expect(buffer.stats.lost).toBe(0);
  });

  it('flush delivers what is held and counts the gaps', () => {
    const { out, push, buffer } = bufferOf(4);
    push(1, 3, 5);
    buffer.flush();
    expect(out).toEqual([1, 3, 5]);
    expect(buffer.stats.lost).toBe(2);
    push(6);
    expect(out).toEqual([1, 3, 5, 6]);
  });
});
