import { describe, expect, it } from 'vitest';
import { decodeBase45, encodeBase45 } from './base45.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('Base45 (RFC 9285)', () => {
  it('matches the RFC examples', () => {
    expect(encodeBase45(utf8('AB'))).toBe('BB8');
    expect(encodeBase45(utf8('Hello!!'))).toBe('%69 VD92EX0');
    expect(encodeBase45(utf8('base-45'))).toBe('UJCLQE7W581');
    expect(new TextDecoder().decode(decodeBase45('QED8WEX0'))).toBe('ietf!');
  });

  it('round-trips every byte value at every position parity', () => {
    const all = Uint8Array.from({ length: 257 }, (_, i) => (i * 37) % 256);
    expect(decodeBase45(encodeBase45(all))).toEqual(all);
    expect(decodeBase45(encodeBase45(all.subarray(1)))).toEqual(all.subarray(1));
  });

  it.each([
    ['a lower-case letter', 'bb8', /alphabet/],
    ['a dangling character', 'BB8A', /dangling/],
    ['a group above 65535', 'GGW', /exceeds two bytes/],
    ['a final pair above 255', ':6', /exceeds one byte/],
  ])('refuses %s', (_name, input, error) => {
    expect(() => decodeBase45(input)).toThrow(error);
  });
});
