import { describe, expect, it } from 'vitest';
import { useKeysetList, type KeysetPage } from './use-keyset-list.ts';

const pages: Record<string, KeysetPage<number>> = { first: { items: [1, 2], next: 'c2' }, c2: { items: [3], next: null } };

describe('useKeysetList', () => {
  it('loads the first page, appends the next by its cursor, and starts again on reload', async () => {
    const asked: (string | undefined)[] = [];
    const list = useKeysetList<number>(async (after) => { asked.push(after); return pages[after ?? 'first']!; });
    await list.load();
    expect(list.items.value).toEqual([1, 2]);
    expect(list.next.value).toBe('c2');
    await list.load(true);
    expect(list.items.value).toEqual([1, 2, 3]);
    expect(list.next.value).toBeNull();
    await list.load();
    expect(list.items.value).toEqual([1, 2]);
    expect(asked).toEqual([undefined, 'c2', undefined]);
    expect(list.loaded.value).toBe(true);
  });

  it('drops an answer overtaken by a newer load (filters changed quickly)', async () => {
    const waiting: ((page: KeysetPage<number>) => void)[] = [];
    const list = useKeysetList<number>(() => new Promise((resolve) => waiting.push(resolve)));
    const slow = list.load();
    const fast = list.load();
    waiting[1]!({ items: [9], next: null });
    await fast;
    waiting[0]!({ items: [1], next: 'x' });
    await slow;
    expect(list.items.value).toEqual([9]);
    expect(list.next.value).toBeNull();
    expect(list.loading.value).toBe(false);
  });

  it('throws a failure to the caller and keeps what it showed', async () => {
    let fail = false;
    const list = useKeysetList<number>(async () => { if (fail) throw new Error('down'); return { items: [1], next: null }; });
    await list.load();
    fail = true;
    await expect(list.load()).rejects.toThrow('down');
    expect(list.items.value).toEqual([1]);
    expect(list.loading.value).toBe(false);
    list.replace(5, (a, b) => a === 1 && b === 5);
    expect(list.items.value).toEqual([5]);
  });

  it('given the page\'s message, shows a failure there instead of throwing, and clears it on the next load', async () => {
    let fail = true;
    const shown: unknown[] = [];
    let cleared = 0;
    const list = useKeysetList<number>(async () => { if (fail) throw new Error('down'); return { items: [2], next: null }; }, { showError: (e) => shown.push(e), clearError: () => { cleared++; } });
    await expect(list.load()).resolves.toBeUndefined();
    expect(shown).toEqual([new Error('down')]);
    fail = false;
    await list.load();
    expect(cleared).toBe(2);
    expect(shown).toHaveLength(1);
    expect(list.items.value).toEqual([2]);
  });
});
