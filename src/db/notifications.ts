/**
 * One LISTEN connection per process for PostgreSQL notifications, shared by the per-process caches
 * (sessions, health-code statuses) so that a change committed by any process reaches all of them.
 *
 * A cache may trust its entries only while the hub is `listening`: a notification sent while the
 * connection was down is lost for good, so on any connection loss every subscriber is told to
 * reset, and the hub reconnects (after a pause) and listens again before it reports listening.
 */
import pg from 'pg';

export interface NotificationSubscriber {
  /** A notification on the channel, with its payload (may be empty). */
  onMessage(payload: string): void;
  /** Notifications may have been missed: drop everything cached. */
  onReset(): void;
}

export interface NotificationHub {
  /** True while every notification sent is being received. */
  readonly listening: boolean;
  subscribe(channel: string, subscriber: NotificationSubscriber): Promise<void>;
  close(): Promise<void>;
}

const RECONNECT_MS = 1_000;
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function createNotificationHub(databaseUrl: string): NotificationHub {
  const subscribers = new Map<string, NotificationSubscriber[]>();
  let client: pg.Client | undefined;
  /** Channels LISTENed on the current client. */
  let listened = new Set<string>();
  let syncing: Promise<void> | undefined;
  let listening = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const lost = (dead: pg.Client) => {
    if (client !== dead) return;
    client = undefined;
    listened = new Set();
    listening = false;
    for (const list of subscribers.values()) for (const s of list) s.onReset();
    void dead.end().catch(() => undefined);
    if (!closed) retry = setTimeout(() => { void sync().catch(() => undefined); }, RECONNECT_MS);
  };

  /** Connects if needed and LISTENs on every subscribed channel; one run at a time. */
  async function syncOnce(): Promise<void> {
    if (closed) return;
    let current = client;
    if (!current) {
      const fresh = new pg.Client({ connectionString: databaseUrl });
      fresh.on('error', () => lost(fresh));
      fresh.on('end', () => lost(fresh));
      fresh.on('notification', (message) => {
        for (const s of subscribers.get(message.channel) ?? []) s.onMessage(message.payload ?? '');
      });
      client = current = fresh;
      try {
        await fresh.connect();
      } catch (error) {
        lost(fresh);
        throw error;
      }
    }
    for (const channel of subscribers.keys()) {
      if (listened.has(channel)) continue;
      // Until LISTEN is confirmed on a channel, its subscribers must not trust a cache.
      listening = false;
      await current.query(`listen ${channel}`);
      listened.add(channel);
    }
    listening = client === current;
  }

  async function sync(): Promise<void> {
    while (syncing) await syncing.catch(() => undefined);
    syncing = syncOnce().finally(() => { syncing = undefined; });
    return syncing;
  }

  return {
    get listening() {
      return listening;
    },
    async subscribe(channel, subscriber) {
      if (!CHANNEL_NAME.test(channel)) throw new Error(`bad channel name ${channel}`);
      subscribers.set(channel, [...(subscribers.get(channel) ?? []), subscriber]);
      await sync();
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      listening = false;
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
