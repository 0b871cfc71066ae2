// Service worker of 私のカルテ. xtask fills in BUILD and PRECACHE for each build.
//
// - install (registered by index.html once the first screen is interactive): fetch every file
//   of this build into a cache named by the build's hash (hashed files may come from the HTTP
//   cache, the others bypass it); the install fails, and is retried later, if index.html is
//   not this build.
// - activate: delete every other karte cache, then control open pages at once.
// - fetch: answer from this build's cache only, so files of two builds are never mixed;
//   navigations get this build's index.html (the app routes on the client).
const BUILD = '__BUILD_ID__';
const CACHE = 'karte-' + BUILD;
const PRECACHE = __PRECACHE__;
const INDEX = '/index.html';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const responses = await Promise.all(PRECACHE.map(async (url) => {
      // Hashed names never change content, so the copies the first screen just downloaded
      // (HTTP cache) are used as they are; the rest is fetched afresh.
      const hashed = /^\/app-[0-9a-f]+\//.test(url);
      const res = await fetch(new Request(url, { cache: hashed ? 'default' : 'reload' }));
      if (!res.ok) throw new Error('precache ' + url + ': ' + res.status);
      return [url, res];
    }));
    for (const [url, res] of responses) {
      if (url === INDEX) {
        const html = await res.clone().text();
        if (!html.includes('content="' + BUILD + '"')) throw new Error('index.html is not build ' + BUILD);
      }
    }
    await Promise.all(responses.map(([url, res]) => cache.put(url, res)));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith('karte-') && n !== CACHE).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const key = req.mode === 'navigate' ? INDEX : url.pathname;
    const hit = await cache.match(key);
    if (hit) return hit;
    return fetch(req);
  })());
});
