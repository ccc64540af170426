import { describe, expect, it } from 'vitest';
import { fixedClock } from './time.ts';
import { createTtlCache } from './ttl-cache.ts';

describe('ttl cache', () => {
  it('serves a value until it expires, then loads again', async () => {
    const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
    const cache = createTtlCache<number>(10_000, clock);
    let loads = 0;
    const load = async () => ++loads;
    expect((await cache.getOrLoad('a', load)).value).toBe(1);
    clock.advance(9_999);
    expect((await cache.getOrLoad('a', load)).value).toBe(1);
    clock.advance(1);
    expect((await cache.getOrLoad('a', load)).value).toBe(2);
  });

  it('shares one load between concurrent misses and keeps keys apart', async () => {
    const cache = createTtlCache<string>(1_000, fixedClock(new Date()));
    let loads = 0;
    const slow = (v: string) => async () => { loads++; await new Promise((r) => setTimeout(r, 20)); return v; };
    const results = await Promise.all([cache.getOrLoad('x', slow('x')), cache.getOrLoad('x', slow('x')), cache.getOrLoad('y', slow('y'))]);
    expect(results.map((r) => r.value)).toEqual(['x', 'x', 'y']);
    expect(loads).toBe(2);
  });

  it('does not keep a failed load', async () => {
    const cache = createTtlCache<string>(1_000, fixedClock(new Date()));
    await expect(cache.getOrLoad('k', async () => { throw new Error('db down'); })).rejects.toThrow('db down');
    expect((await cache.getOrLoad('k', async () => 'ok')).value).toBe('ok');
  });
});
