import { describe, expect, it } from 'vitest';
import { encodeCbor, type CborValue } from './cbor.ts';
import { decodeCoseSign1, encodeCoseSign1, encodeProtectedHeader, sigStructure } from './cose.ts';

describe('COSE_Sign1 layout', () => {
  const protectedBytes = encodeProtectedHeader('Ed25519', new Uint8Array(8).fill(1));
  it.each([0, 23, 24, 255, 256, 300])('writes the same bytes as the generic encoder for a %i-byte payload', (size) => {
    const payload = new Uint8Array(size).fill(9);
    const signature = new Uint8Array(64).fill(3);
    expect(sigStructure(protectedBytes, payload)).toEqual(encodeCbor(['Signature1', protectedBytes, new Uint8Array(0), payload]));
    const envelope = encodeCoseSign1(protectedBytes, payload, signature);
    expect(envelope).toEqual(encodeCbor([protectedBytes, new Map(), payload, signature]));
    expect(decodeCoseSign1(envelope)).toMatchObject({ algorithm: 'Ed25519', payload, signature });
  });

  it('refuses a tagged envelope, extra header fields and short signatures', () => {
    const payload = new Uint8Array(4);
    const signature = new Uint8Array(64);
    expect(() => decodeCoseSign1(encodeCbor({ tag: 18, value: [protectedBytes, new Map(), payload, signature] }))).toThrow(/COSE_Sign1/);
    expect(() => decodeCoseSign1(encodeCbor([protectedBytes, new Map([[4, new Uint8Array(8)]]), payload, signature]))).toThrow(/unprotected/);
    expect(() => decodeCoseSign1(encodeCbor([protectedBytes, new Map(), payload, new Uint8Array(63)]))).toThrow(/64 bytes/);
    const withCrit = encodeCbor(new Map<number, CborValue>([[1, -8], [2, [1]], [4, new Uint8Array(8)]]));
    expect(() => decodeCoseSign1(encodeCbor([withCrit, new Map(), payload, signature]))).toThrow(/exactly alg and kid/);
    const es384 = encodeCbor(new Map<number, CborValue>([[1, -35], [4, new Uint8Array(8)]]));
    expect(() => decodeCoseSign1(encodeCbor([es384, new Map(), payload, signature]))).toThrow(/unsupported algorithm/);
  });
});
