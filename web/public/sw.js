/*
 * 防疫 H5 service worker (served at /m/sw.js, scope /m/): the guard's scan page keeps working with
 * the network off. Pages are network-first with the cached app shell as fallback; hashed assets
 * are cache-first (their names change with their content); the trust store is network-first with
 * the last copy as fallback (the page itself refuses one older than 24 h). Nothing personal is
 * cached: API answers other than the public trust store always go to the network.
 */
const CACHE = 'fy-m-shell-v1';
const SHELL = ['/m/', '/favicon.svg'];
const TRUST_STORE = '/api/codes/trust-store';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

// The page names the assets it loaded before this worker controlled it.
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'cache-urls' || !Array.isArray(data.urls)) return;
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(data.urls
    .filter((u) => typeof u === 'string' && new URL(u).origin === self.location.origin)
    .map((u) => cache.match(u).then((hit) => hit || cache.add(u)).catch(() => undefined)))));
});

async function networkFirst(request, fallbackUrl) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(fallbackUrl || request, response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(fallbackUrl || request);
    if (hit) return hit;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && url.pathname.startsWith('/m/')) {
    event.respondWith(networkFirst(request, '/m/'));
  } else if (url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg') {
    event.respondWith(cacheFirst(request));
  } else if (url.pathname === TRUST_STORE) {
    event.respondWith(networkFirst(request, TRUST_STORE));
  }
});
