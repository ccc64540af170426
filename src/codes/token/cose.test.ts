import { describe, expect, it } from 'vitest';
import { encodeCbor, type CborValue } from './cbor.ts';
import { decodeCoseSign1, encodeCoseSign1, encodeProtectedHeader, sigStructure } from './cose.ts';

describe('COSE_Sign1 layout', () => {
  const protectedBytes = encodeProtectedHeader(new Uint8Array(8).fill(1));
  it.each([0, 23, 24, 255, 256, 300])('writes the same bytes as the generic encoder for a %i-byte payload', (size) => {
    const payload = new Uint8Array(size).fill(9);
    const signature = new Uint8Array(64).fill(3);
    expect(sigStructure(protectedBytes, payload)).toEqual(encodeCbor(['Signature1', protectedBytes, new Uint8Array(0), payload]));
    const envelope = encodeCoseSign1(protectedBytes, payload, signature);
    expect(envelope).toEqual(encodeCbor([protectedBytes, new Map(), payload, signature]));
    expect(decodeCoseSign1(envelope)).toMatchObject({ kid: new Uint8Array(8).fill(1), payload, signature });
  });

  it('refuses a tagged envelope, extra header fields and short signatures', () => {
    const payload = new Uint8Array(4);
    const signature = new Uint8Array(64);
    expect(() => decodeCoseSign1(encodeCbor({ tag: 18, value: [protectedBytes, new Map(), payload, signature] }))).toThrow(/COSE_Sign1/);
    expect(() => decodeCoseSign1(encodeCbor([protectedBytes, new Map([[4, new Uint8Array(8)]]), payload, signature]))).toThrow(/unprotected/);
    expect(() => decodeCoseSign1(encodeCbor([protectedBytes, new Map(), payload, new Uint8Array(63)]))).toThrow(/64 bytes/);
    const withCrit = encodeCbor(new Map<number, CborValue>([[2, [1]], [4, new Uint8Array(8)]]));
    expect(() => decodeCoseSign1(encodeCbor([withCrit, new Map(), payload, signature]))).toThrow(/exactly the kid/);
    // An alg header would let the token choose its algorithm: the trust list's entry decides.
    const withAlg = encodeCbor(new Map<number, CborValue>([[1, -8], [4, new Uint8Array(8)]]));
    expect(() => decodeCoseSign1(encodeCbor([withAlg, new Map(), payload, signature]))).toThrow(/exactly the kid/);
    const shortKid = encodeCbor(new Map<number, CborValue>([[4, new Uint8Array(4)]]));
    expect(() => decodeCoseSign1(encodeCbor([shortKid, new Map(), payload, signature]))).toThrow(/kid must be 8 bytes/);
  });
});
