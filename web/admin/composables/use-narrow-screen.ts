/** True on phone-width screens, where the console's side menu becomes a bar across the top. */
import { getCurrentScope, onScopeDispose, ref } from 'vue';

export function useNarrowScreen(maxWidth = 768) {
  const query = typeof window === 'undefined' ? null : window.matchMedia(`(max-width: ${maxWidth - 1}px)`);
  const narrow = ref(query?.matches ?? false);
  const update = (event: MediaQueryListEvent) => { narrow.value = event.matches; };
  query?.addEventListener('change', update);
  if (getCurrentScope()) onScopeDispose(() => query?.removeEventListener('change', update));
  return narrow;
}
