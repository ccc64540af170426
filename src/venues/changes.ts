/**
 * Venue changes announced to the per-process caches of resolved venue codes
 * (src/checkins/venue-cache.ts), so that a rotated code, a suspended or rejected venue and an
 * edited venue take effect at once in every server process.
 *
 * Every write that changes what resolveVenueToken answers — the token version (rotation), the
 * status (approval, rejection, suspension, an edit that sends the venue back to pending) and the
 * fields a check-in uses (name, kind, address, region, stay, geofence, check-in and code mode) —
 * calls announceVenueChange inside its transaction: a NOTIFY on VENUE_CHANGED_CHANNEL with the
 * venue id, delivered to every process when the transaction commits (never if it rolls back).
 * The writing platform's own caches (those on the same notification hub) are told at once, before
 * the commit, through watchLocalVenueChanges: they stop serving that venue until the notification
 * comes back, so the writer reads its own write. Other platforms in the same process (tests run
 * several, standing for several processes) hear of it only through the notification.
 */
import type { NotificationHub } from '../db/notifications.ts';
import type { DbOrTrx } from '../db/transaction.ts';
import { notifyVenueChanged } from './store.ts';

export const VENUE_CHANGED_CHANNEL = 'fangyi_venue_changed';

export type LocalVenueWatcher = (venueId: string) => void;

/** The caches of each platform of this process, by the platform's hub. */
const localWatchers = new WeakMap<NotificationHub, Set<LocalVenueWatcher>>();

/** Called with the venue id whenever the platform of this hub announces a change; returns the way to stop. */
export function watchLocalVenueChanges(hub: NotificationHub, watcher: LocalVenueWatcher): () => void {
  let watchers = localWatchers.get(hub);
  if (!watchers) localWatchers.set(hub, watchers = new Set());
  watchers.add(watcher);
  return () => { watchers.delete(watcher); };
}

/**
 * Call inside the transaction that changes the venue: every process hears of it at commit, the
 * caller's platform (deps.notifications) at once.
 */
export async function announceVenueChange(deps: { notifications?: NotificationHub }, trx: DbOrTrx, venueId: string): Promise<void> {
  if (deps.notifications) for (const watcher of localWatchers.get(deps.notifications) ?? []) watcher(venueId);
  await notifyVenueChanged(trx, VENUE_CHANGED_CHANNEL, venueId);
}
