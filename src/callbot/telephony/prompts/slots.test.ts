import { describe, expect, it } from 'vitest';
import { Slots } from './slots.ts';

describe('Slots', () => {
  it('runs at most max jobs at once, urgent waiters first, in arrival order within each kind', async () => {
    const slots = new Slots(2);
    const order: string[] = [];
    let running = 0;
    let peak = 0;
    const job = (name: string, urgent: boolean) => slots.run(urgent, async () => {
      running++;
      peak = Math.max(peak, running);
      order.push(name);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
    });
    await Promise.all([job('a', false), job('b', false), job('c', false), job('d', false), job('u1', true), job('u2', true)]);
    expect(peak).toBe(2);
    expect(order).toEqual(['a', 'b', 'u1', 'u2', 'c', 'd']);
  });

  it('frees the slot when a job fails', async () => {
    const slots = new Slots(1);
    await expect(slots.run(false, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await slots.run(false, async () => 'next')).toBe('next');
  });
});
