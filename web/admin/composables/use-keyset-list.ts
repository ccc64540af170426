/**
 * A list read page by page with the server's keyset cursor ("load more"): `load()` starts again
 * from the first page (new filters), `load(true)` appends the page after the cursor. An answer
 * overtaken by a newer `load` is dropped, so quick filter changes never mix two lists. Failures
 * are thrown to the caller, or, given the page's error message, shown there (and cleared on the
 * next load).
 */
import { ref, shallowRef } from 'vue';

export interface KeysetPage<T> { items: T[]; next: string | null }

export interface ShownErrors { showError(error: unknown): void; clearError(): void }

export function useKeysetList<T>(fetchPage: (after: string | undefined) => Promise<KeysetPage<T>>, errors?: ShownErrors) {
  const items = shallowRef<T[]>([]);
  const next = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  let generation = 0;

  async function load(more = false): Promise<void> {
    if (!errors) return loadPage(more);
    errors.clearError();
    try {
      await loadPage(more);
    } catch (error) {
      errors.showError(error);
    }
  }

  async function loadPage(more: boolean): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const page = await fetchPage(more ? next.value ?? undefined : undefined);
      if (mine !== generation) return;
      items.value = more ? [...items.value, ...page.items] : page.items;
      next.value = page.next;
      loaded.value = true;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /** Replaces the items matching `same` (an item changed elsewhere on the page). */
  function replace(item: T, same: (a: T, b: T) => boolean): void {
    items.value = items.value.map((existing) => (same(existing, item) ? item : existing));
  }

  return { items, next, loading, loaded, load, replace };
}
