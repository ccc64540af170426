import { describe, expect, it } from 'vitest';
import { buildEntry, canonicalJson, checkChainBatch, GENESIS_HASH, type AuditEntry } from './model.ts';

function chain(n: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    const prev = entries[i - 1];
    entries.push(buildEntry({ action: `a${i}`, actorAccountId: null, actorLabel: 'system', detail: { i, nested: { b: 1, a: [2, 3] } } },
      prev ? { id: prev.id, hash: prev.hash } : undefined, new Date(Date.UTC(2026, 0, 1, 0, 0, i))));
  }
  return entries;
}

describe('audit hash chain', () => {
  it('links each entry to the previous one, starting from the genesis hash', () => {
    const [first, second] = chain(2);
    expect(first!.prevHash).toBe(GENESIS_HASH);
    expect(second!.prevHash).toBe(first!.hash);
    expect(second!.id).toBe(2);
  });

  it('accepts an intact chain', () => {
    expect(checkChainBatch({ last: undefined, checked: 0 }, chain(5))).toEqual({ last: { id: 5, hash: chain(5)[4]!.hash }, checked: 5 });
  });

  it('names the first changed entry', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, reason: 'edited afterwards' };
    expect(checkChainBatch({ last: undefined, checked: 0 }, rows).broken).toEqual({ id: 3, problem: 'hash_mismatch' });
  });

  it('detects a removed entry as a gap', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(checkChainBatch({ last: undefined, checked: 0 }, rows).broken).toEqual({ id: 2, problem: 'id_gap' });
  });

  it('detects an entry rewritten with a recomputed hash through its broken link', () => {
    const rows = chain(4);
    const forged = buildEntry({ action: 'forged', actorAccountId: null, actorLabel: 'x' }, { id: 1, hash: 'f'.repeat(64) }, rows[1]!.at);
    rows[1] = forged;
    expect(checkChainBatch({ last: undefined, checked: 0 }, rows).broken).toEqual({ id: 2, problem: 'prev_hash_mismatch' });
  });

  it('continues across batches', () => {
    const rows = chain(6);
    const half = checkChainBatch({ last: undefined, checked: 0 }, rows.slice(0, 3));
    const all = checkChainBatch(half, rows.slice(3));
    expect(all.checked).toBe(6);
    expect(all.broken).toBeUndefined();
  });

  it('hashes details independently of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [1, { z: 1, y: 2 }] } })).toBe('{"a":{"c":[1,{"y":2,"z":1}],"d":2},"b":1}');
  });

  it('writes times as ISO strings, not as empty objects', () => {
    expect(canonicalJson({ from: new Date('2026-11-28T00:00:00.000Z'), list: [new Date(0)] })).toBe('{"from":"2026-11-28T00:00:00.000Z","list":["1970-01-01T00:00:00.000Z"]}');
  });
});
