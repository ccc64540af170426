/**
 * Residents' code views cached per process. GET /api/codes/me is the platform's hottest read (every
 * open code page asks every couple of minutes, and again on each gate), and a database round trip
 * costs more than the signature it carries.
 *
 * A colour must never be shown stale: every write of code_status notifies CODE_STATUS_CHANNEL with
 * the person id inside the writing transaction (delivered at commit, to every process), and the
 * cache serves entries only while the notification hub is listening. A load that was under way
 * when a notification for its person (or a reset) arrived may carry the old row, so it is
 * answered but not kept. The time limit only bounds memory and the cost of a bug.
 * What the view reads from persons (masked name, home region) never changes after registration;
 * code that changes them must notify the channel too.
 */
import type { NotificationHub } from '../../db/notifications.ts';
import type { CodeStatusView } from './store.ts';

export const CODE_STATUS_CHANNEL = 'fangyi_code_status_changed';
const TTL_MS = 60_000;
const MAX_ENTRIES = 100_000;

export interface CodeStatusCache {
  get(personId: string, load: () => Promise<CodeStatusView | undefined>): Promise<CodeStatusView | undefined>;
}

interface Entry {
  view: CodeStatusView;
  cachedAt: number;
}

function createCodeStatusCache(hub: NotificationHub): { cache: CodeStatusCache; subscribed: Promise<void> } {
  const entries = new Map<string, Entry>();
  /** Invalidation sequence: loads that started before a later invalidation of their key are not kept. */
  let sequence = 0;
  let resetAt = 0;
  const invalidatedAt = new Map<string, number>();
  const subscribed = hub.subscribe(CODE_STATUS_CHANNEL, {
    onMessage(personId) {
      sequence += 1;
      entries.delete(personId);
      if (invalidatedAt.size >= MAX_ENTRIES) {
        invalidatedAt.clear();
        resetAt = sequence;
      }
      invalidatedAt.set(personId, sequence);
    },
    onReset() {
      sequence += 1;
      resetAt = sequence;
      entries.clear();
      invalidatedAt.clear();
    },
  });
  const cache: CodeStatusCache = {
    async get(personId, load) {
      const now = Date.now();
      const hit = entries.get(personId);
      if (hit && hub.listening && now - hit.cachedAt < TTL_MS) return hit.view;
      const startedAt = sequence;
      const listeningAtStart = hub.listening;
      const view = await load();
      const stale = resetAt > startedAt || (invalidatedAt.get(personId) ?? 0) > startedAt;
      if (view && listeningAtStart && hub.listening && !stale) {
        if (entries.size >= MAX_ENTRIES) entries.clear();
        entries.set(personId, { view, cachedAt: now });
      }
      return view;
    },
  };
  return { cache, subscribed };
}

const caches = new WeakMap<NotificationHub, { cache: CodeStatusCache; subscribed: Promise<void> }>();

/** The cache of this process (one per hub); resolves once it listens. */
export async function codeStatusCacheFor(hub: NotificationHub): Promise<CodeStatusCache> {
  let made = caches.get(hub);
  if (!made) {
    const fresh = createCodeStatusCache(hub);
    // A failed LISTEN is tried again by the next request, which meanwhile reads the database.
    fresh.subscribed.catch(() => { if (caches.get(hub) === fresh) caches.delete(hub); });
    caches.set(hub, fresh);
    made = fresh;
  }
  await made.subscribed;
  return made.cache;
}
