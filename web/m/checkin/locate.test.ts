import { describe, expect, it } from 'vitest';
import { locate } from './locate.ts';

type Success = (p: { coords: { latitude: number; longitude: number; accuracy: number } }) => void;
const geolocation = (behave: (ok: Success, fail: () => void) => void) => ({ getCurrentPosition: ((ok: Success, fail: () => void) => behave(ok, fail)) as never });

describe('locate', () => {
  it('gives the position with its accuracy (capped at 100 km)', async () => {
    expect(await locate(geolocation((ok) => ok({ coords: { latitude: 30.26, longitude: 120.15, accuracy: 35 } })))).toEqual({ latitude: 30.26, longitude: 120.15, accuracyM: 35 });
    expect((await locate(geolocation((ok) => ok({ coords: { latitude: 1, longitude: 2, accuracy: 5e6 } }))))?.accuracyM).toBe(100_000);
  });

  it('gives null when refused, unsupported or throwing', async () => {
    expect(await locate(geolocation((_ok, fail) => fail()))).toBeNull();
    expect(await locate(undefined)).toBeNull();
    expect(await locate(geolocation(() => { throw new Error('insecure'); }))).toBeNull();
  });

  it('gives null after the timeout when the browser never answers (a prompt left open)', async () => {
    const started = Date.now();
    expect(await locate(geolocation(() => undefined), 50)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
