import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, type CborValue } from './cbor.ts';

const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

describe('CBOR subset', () => {
  it('encodes the RFC 8949 appendix A examples it supports', () => {
    const cases: [CborValue, string][] = [
      [0, '00'], [23, '17'], [24, '1818'], [255, '18ff'], [256, '190100'], [65536, '1a00010000'], [330100, '1a00050974'],
      [-1, '20'], [-24, '37'], [-25, '3818'], [-65537, '3a00010000'],
      ['', '60'], ['a', '6161'], ['水', '63e6b0b4'], [new Uint8Array([1, 2]), '420102'], [[1, [2, 3]], '8201820203'],
      [{ tag: 18, value: [] }, 'd280'],
    ];
    for (const [value, expected] of cases) {
      expect(toHex(encodeCbor(value))).toBe(expected);
      expect(decodeCbor(hex(expected))).toEqual(value);
    }
  });

  it('writes map keys in deterministic order and reads them back', () => {
    const map = new Map<number, CborValue>([[-1, 'x'], [7, 1], [1, 2]]);
    expect(toHex(encodeCbor(map))).toBe('a301020701206178');
    expect(decodeCbor(encodeCbor(map))).toEqual(new Map<number, CborValue>([[1, 2], [7, 1], [-1, 'x']]));
  });

  it.each([
    ['trailing bytes', '0000', /trailing/],
    ['truncated', '1a0001', /end of input/],
    ['truncated string', '43aabb', /end of input/],
    ['indefinite length', '9fff', /indefinite/],
    ['non-shortest int', '1817', /non-shortest/],
    ['non-shortest length', '5801aa', /non-shortest/],
    ['duplicate key', 'a201000100', /duplicate/],
    ['keys out of order', 'a202000100', /order/],
    ['text key', 'a1616100', /integers/],
    ['float', 'f93c00', /floats/],
    ['64-bit', '1b0000000100000000', /64-bit/],
    ['invalid UTF-8', '62c328', /UTF-8/],
    ['empty', '', /end of input/],
  ])('refuses %s', (_name, input, error) => {
    expect(() => decodeCbor(hex(input))).toThrow(error);
  });
});
