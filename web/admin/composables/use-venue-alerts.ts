/**
 * The venue's alert feed (异常码提醒): polls GET …/alerts with the cursor the last answer gave, so
 * each yellow or red check-in arrives exactly once; new ones raise a banner (and a beep when sound
 * is on). Polling pauses while the tab is hidden and catches up when it is shown again.
 */
import { getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue';
import { beep } from '../../common/beep.ts';
import { fetchVenueAlerts, type VenueCheckin } from '../api/checkins.ts';

export const ALERT_POLL_MS = 5_000;
/** How many alerts the feed keeps on screen. */
export const ALERT_FEED_MAX = 100;

/** New alerts before the ones shown, newest first, each once, at most `max`. */
export function mergeAlerts(shown: readonly VenueCheckin[], fresh: readonly VenueCheckin[], max = ALERT_FEED_MAX): VenueCheckin[] {
  const seen = new Set(shown.map((a) => a.id));
  const added = [...fresh].filter((a) => !seen.has(a.id)).sort((a, b) => Date.parse(b.checkedInAt) - Date.parse(a.checkedInAt) || b.id - a.id);
  return [...added, ...shown].slice(0, max);
}

export function useVenueAlerts(venueId: string, onNew?: (fresh: VenueCheckin[]) => void, intervalMs = ALERT_POLL_MS) {
  const items = shallowRef<VenueCheckin[]>([]);
  /** Alerts that arrived since the banner was last acknowledged (not the ones of the first load). */
  const unacknowledged = shallowRef<VenueCheckin[]>([]);
  const failing = ref(false);
  const lastPolledAt = ref<Date | null>(null);
  let cursor: string | undefined;
  let first = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  async function poll(): Promise<void> {
    clearTimeout(timer);
    try {
      const page = await fetchVenueAlerts(venueId, cursor);
      cursor = page.next;
      failing.value = false;
      lastPolledAt.value = new Date();
      if (page.items.length > 0) {
        items.value = mergeAlerts(items.value, page.items);
        if (!first) {
          unacknowledged.value = mergeAlerts(unacknowledged.value, page.items);
          beep(page.items.some((a) => a.colour === 'red') ? 2 : 1);
          onNew?.(page.items);
        }
      }
      first = false;
    } catch {
      failing.value = true; // keep the cursor: the next poll asks for the same alerts again
    }
    if (!stopped) timer = setTimeout(() => void poll(), intervalMs);
  }

  const onVisible = () => { if (document.visibilityState === 'visible' && !stopped) void poll(); };

  function start(): void {
    stopped = false;
    document.addEventListener('visibilitychange', onVisible);
    void poll();
  }

  function stop(): void {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisible);
  }

  if (getCurrentScope()) onScopeDispose(stop);
  return { items, unacknowledged, failing, lastPolledAt, start, stop, acknowledge: () => { unacknowledged.value = []; } };
}
