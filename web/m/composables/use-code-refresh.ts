/**
 * Keeps the resident's signed code fresh. A token lives three minutes; the page asks for a new
 * one ~20 s before it expires, and again when the page becomes visible (phones freeze timers in
 * the background, so a code shown after unlocking could otherwise already be stale).
 */
import { getCurrentScope, onScopeDispose } from 'vue';

export const REFRESH_LEAD_MS = 20_000;
/** Never hammer the server, even if the clock or the token says "now". */
export const MIN_REFRESH_DELAY_MS = 5_000;
/** Without a token (the city cannot sign yet) the colour is still re-read now and then. */
export const NO_TOKEN_REFRESH_MS = 60_000;

/** How long to wait before the next refresh, given the token's expiry (ISO text or null). */
export function refreshDelayMs(tokenExpiresAt: string | null, nowMs: number): number {
  if (!tokenExpiresAt) return NO_TOKEN_REFRESH_MS;
  const expires = new Date(tokenExpiresAt).getTime();
  if (Number.isNaN(expires)) return MIN_REFRESH_DELAY_MS;
  return Math.max(MIN_REFRESH_DELAY_MS, expires - REFRESH_LEAD_MS - nowMs);
}

/**
 * `refresh` loads the code and returns its tokenExpiresAt (or null); a failed refresh retries
 * after the minimum delay. Call `start()` once the first code is shown.
 */
export function useCodeRefresh(refresh: () => Promise<string | null>) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let stopped = true;

  function schedule(delay: number): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = stopped ? undefined : setTimeout(() => void runNow(), delay);
  }

  async function runNow(): Promise<void> {
    if (running || stopped) return;
    running = true;
    try {
      schedule(refreshDelayMs(await refresh(), Date.now()));
    } catch {
      schedule(MIN_REFRESH_DELAY_MS);
    } finally {
      running = false;
    }
  }

  function onVisibility(): void {
    if (document.visibilityState === 'visible') void runNow();
  }

  function start(tokenExpiresAt: string | null): void {
    stopped = false;
    schedule(refreshDelayMs(tokenExpiresAt, Date.now()));
  }

  function stop(): void {
    stopped = true;
    schedule(0);
  }

  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);
  if (getCurrentScope()) {
    onScopeDispose(() => {
      stop();
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility);
    });
  }

  return { start, stop, runNow };
}
