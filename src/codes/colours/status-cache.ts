/**
 * Residents' code views cached per process. GET /api/codes/me is the platform's hottest read (every
 * open code page asks every couple of minutes, and again on each gate), and a database round trip
 * costs more than the signature it carries.
 *
 * A colour must never be shown stale: every write of code_status goes through announceStatusWrites,
 * which notifies CODE_STATUS_CHANNEL with each person id inside the writing transaction (delivered
 * at commit, to every process) and, for the writing process itself, stops its caches from serving
 * or keeping that person until the notification comes back (so a resident reads their own new
 * colour at once, not a few milliseconds later). The cache serves entries only while the hub is
 * listening. A load that was under way when a notification for its person (or a reset) arrived
 * may carry the old row, so it is answered but not kept. The time limit only bounds memory and
 * the cost of a bug.
 * What the view reads from persons (masked name, home region) never changes after registration;
 * code that changes them must notify the channel too.
 */
import { sql } from 'kysely';
import type { NotificationHub } from '../../db/notifications.ts';
import type { DbOrTrx } from '../../db/transaction.ts';
import type { CodeStatusView } from './store.ts';

export const CODE_STATUS_CHANNEL = 'fangyi_code_status_changed';
const TTL_MS = 60_000;
const MAX_ENTRIES = 100_000;
/** A write whose transaction rolled back never notifies; its person is cached again after this. */
const WRITE_PENDING_MS = 10_000;

export interface CodeStatusCache {
  get(personId: string, load: () => Promise<CodeStatusView | undefined>): Promise<CodeStatusView | undefined>;
  /** Several at once: the cached ones, and the rest loaded by one `load` (persons without a code are absent from the answer). */
  getMany(personIds: readonly string[], load: (missing: string[]) => Promise<Map<string, CodeStatusView>>): Promise<Map<string, CodeStatusView>>;
}

interface Entry {
  view: CodeStatusView;
  cachedAt: number;
}

/** Every cache of this process (one per platform; tests run several): a local write concerns them all. */
const writesPending = new Set<Map<string, number>>();

/**
 * Call inside the transaction that writes persons' code_status: tells every process at commit
 * (one notification per person, its id the payload, all sent by one statement), and keeps this
 * process's caches off those persons until the notifications arrive.
 */
export async function announceStatusWrites(db: DbOrTrx, personIds: readonly string[]): Promise<void> {
  if (personIds.length === 0) return;
  const now = Date.now();
  for (const pending of writesPending) for (const personId of personIds) pending.set(personId, now);
  await sql`select pg_notify(${CODE_STATUS_CHANNEL}, p) from unnest(${[...personIds]}::text[]) as p`.execute(db);
}

/** One person's (announceStatusWrites). */
export async function announceStatusWrite(db: DbOrTrx, personId: string): Promise<void> {
  await announceStatusWrites(db, [personId]);
}

function createCodeStatusCache(hub: NotificationHub): { cache: CodeStatusCache; subscribed: Promise<void> } {
  const entries = new Map<string, Entry>();
  const pending = new Map<string, number>();
  writesPending.add(pending);
  const isPending = (personId: string, now: number) => {
    const since = pending.get(personId);
    if (since === undefined) return false;
    if (now - since < WRITE_PENDING_MS) return true;
    pending.delete(personId);
    return false;
  };
  /** Invalidation sequence: loads that started before a later invalidation of their key are not kept. */
  let sequence = 0;
  let resetAt = 0;
  const invalidatedAt = new Map<string, number>();
  const subscribed = hub.subscribe(CODE_STATUS_CHANNEL, {
    onMessage(personId) {
      sequence += 1;
      entries.delete(personId);
      pending.delete(personId);
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
      pending.clear();
    },
  });
  const cache: CodeStatusCache = {
    async getMany(personIds, load) {
      const now = Date.now();
      const found = new Map<string, CodeStatusView>();
      const missing: string[] = [];
      for (const personId of personIds) {
        if (isPending(personId, now)) {
          entries.delete(personId);
          missing.push(personId);
          continue;
        }
        const hit = entries.get(personId);
        if (hit && hub.listening && now - hit.cachedAt < TTL_MS) found.set(personId, hit.view);
        else missing.push(personId);
      }
      if (missing.length === 0) return found;
      const startedAt = sequence;
      const listeningAtStart = hub.listening;
      const loaded = await load(missing);
      for (const [personId, view] of loaded) {
        found.set(personId, view);
        const stale = resetAt > startedAt || (invalidatedAt.get(personId) ?? 0) > startedAt || pending.has(personId);
        if (!listeningAtStart || !hub.listening || stale) continue;
        if (entries.size >= MAX_ENTRIES) entries.clear();
        entries.set(personId, { view, cachedAt: now });
      }
      return found;
    },
    async get(personId, load) {
      const found = await cache.getMany([personId], async () => {
        const view = await load();
        return view ? new Map([[personId, view]]) : new Map();
      });
      return found.get(personId);
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
