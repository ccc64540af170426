/**
 * Registers the service worker (/m/sw.js, scope /m/) that keeps the app shell and the trust
 * store for offline use, and hands it the assets this page has already loaded (the lazily loaded
 * scan chunks and the QR decoder included), so they are cached even on the very first visit.
 */
export async function registerOfflineShell(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' });
    const ready = await navigator.serviceWorker.ready;
    const urls = performance.getEntriesByType('resource').map((e) => e.name)
      .filter((u) => u.startsWith(location.origin + '/assets/') || u === location.origin + '/favicon.svg');
    ready.active?.postMessage({ type: 'cache-urls', urls: [...new Set(urls)] });
  } catch (error) {
    console.warn('service worker not registered', error); // the page still works online
  }
}
