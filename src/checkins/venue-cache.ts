/**
 * Resolved venue codes cached per process: a check-in then costs no venue lookup (a busy gate
 * scans the same code hundreds of times an hour).
 *
 * A change must take effect at once everywhere: the venues service announces every change to what
 * a code resolves to (rotation, approval, rejection, suspension, an edit) inside the writing
 * transaction (src/venues/changes.ts): NOTIFY VENUE_CHANGED_CHANNEL with the venue id, delivered at
 * commit to every process, and — on the writing platform — a local call before the commit, after
 * which its cache neither serves nor keeps that venue until the notification comes back (the writer
 * reads its own write). Entries are served only while the hub is listening. A load that was under
 * way when any change (or a reset) arrived may carry the old row: it is answered but not kept, and
 * later requests do not join it. Codes that fail to resolve are never kept, so a forged code is
 * checked every time. The time limit is a safety net for a lost notification, and bounds memory.
 * An entry still in use after REFRESH_AFTER_MS (plus a jitter) is read again in the background
 * while it goes on being served: a busy gate never waits for the database, and the venues loaded
 * in a server's first seconds do not all fall due — and stall check-ins — in the same second.
 */
import type { NotificationHub } from '../db/notifications.ts';
import { VENUE_CHANGED_CHANNEL, watchLocalVenueChanges, type ResolvedVenue } from '../venues/service.ts';

/** Safety net: an entry is served at most this long after it was loaded (decision 0007). */
export const VENUE_CACHE_MS = 30_000;
const REFRESH_AFTER_MS = 20_000;
const REFRESH_JITTER_MS = 8_000;
const MAX_ENTRIES = 20_000;
/** A change whose transaction rolled back never notifies; its venue is cached again after this. */
const WRITE_PENDING_MS = 10_000;

export interface VenueCache {
  /** The venue of a code: from memory, or from `load` (whose failures are passed on, not kept). */
  get(token: string, load: () => Promise<ResolvedVenue>): Promise<ResolvedVenue>;
}

interface Entry {
  venue: ResolvedVenue;
  cachedAt: number;
  /** From then on, a request that is served this entry also starts reading it again. */
  refreshAt: number;
}

interface Load {
  promise: Promise<ResolvedVenue>;
  /** The change sequence when the load started: only loads of the current one are shared. */
  startedAt: number;
}

interface Made {
  cache: VenueCache;
  subscribed: Promise<void>;
  unwatch: () => void;
}

function createVenueCache(hub: NotificationHub): Made {
  const entries = new Map<string, Entry>();
  const loading = new Map<string, Load>();
  /** Venues this process changed and whose notification has not come back yet: since when. */
  const pending = new Map<string, number>();
  /** Counts changes and resets: a load that saw the count move while it ran is not kept. */
  let sequence = 0;

  const isPending = (venueId: string, now: number) => {
    const since = pending.get(venueId);
    if (since === undefined) return false;
    if (now - since < WRITE_PENDING_MS) return true;
    pending.delete(venueId);
    return false;
  };
  const forget = (venueId: string) => {
    sequence += 1;
    // Venue changes are rare (a rotation, a decision, an edit): a scan of the entries is cheaper than an index kept on every load.
    for (const [token, entry] of entries) if (entry.venue.id === venueId) entries.delete(token);
  };

  const unwatch = watchLocalVenueChanges(hub, (venueId) => {
    pending.set(venueId, Date.now());
    forget(venueId);
  });
  const subscribed = hub.subscribe(VENUE_CHANGED_CHANNEL, {
    onMessage(venueId) {
      pending.delete(venueId);
      forget(venueId);
    },
    onReset() {
      sequence += 1;
      entries.clear();
      pending.clear();
    },
  });

  async function loadAndKeep(token: string, load: () => Promise<ResolvedVenue>, startedAt: number): Promise<ResolvedVenue> {
    const listeningAtStart = hub.listening;
    const loadedAt = Date.now();
    const venue = await load();
    if (listeningAtStart && hub.listening && sequence === startedAt && !isPending(venue.id, Date.now())) {
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(token, { venue, cachedAt: loadedAt, refreshAt: loadedAt + REFRESH_AFTER_MS + Math.random() * REFRESH_JITTER_MS });
    }
    return venue;
  }

  function startLoad(token: string, load: () => Promise<ResolvedVenue>): Promise<ResolvedVenue> {
    const started = { startedAt: sequence } as Load;
    started.promise = loadAndKeep(token, load, started.startedAt).finally(() => {
      if (loading.get(token) === started) loading.delete(token);
    });
    loading.set(token, started);
    return started.promise;
  }

  const cache: VenueCache = {
    get(token, load) {
      const now = Date.now();
      const hit = entries.get(token);
      if (hit && hub.listening && now - hit.cachedAt < VENUE_CACHE_MS && !isPending(hit.venue.id, now)) {
        if (now >= hit.refreshAt && !loading.has(token)) {
          // A code that no longer resolves drops its entry: the next scan gets the refusal itself.
          startLoad(token, load).catch(() => { if (entries.get(token) === hit) entries.delete(token); });
        }
        return Promise.resolve(hit.venue);
      }
      // Concurrent misses of one code share one load, unless something changed since it started.
      const shared = loading.get(token);
      if (shared && shared.startedAt === sequence) return shared.promise;
      return startLoad(token, load);
    },
  };
  return { cache, subscribed, unwatch };
}

const caches = new WeakMap<NotificationHub, Made>();

/** The cache of this process (one per hub); resolves once it listens. */
export async function venueCacheFor(hub: NotificationHub): Promise<VenueCache> {
  let made = caches.get(hub);
  if (!made) {
    const fresh = createVenueCache(hub);
    // A failed LISTEN is tried again by the next request, which meanwhile reads the database.
    fresh.subscribed.catch(() => {
      fresh.unwatch();
      if (caches.get(hub) === fresh) caches.delete(hub);
    });
    caches.set(hub, fresh);
    made = fresh;
  }
  await made.subscribed;
  return made.cache;
}
