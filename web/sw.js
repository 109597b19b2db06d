// Service worker: the app shell from this device's cache, so a returning
// phone starts with nothing on the wire but the sync (and the browser's own
// check of this file). Cache first: the build's version in CACHE is stamped in
// at build time (scripts/precompress.py) from the bytes of every shell file,
// so a new build is a new sw.js; the browser installs it, it fetches the new
// shell once, and the old cache is dropped on activation. The API is never
// cached: data reaches the page through sync.
//
// Registered by zhixing-loader.js after the first frame and the full font,
// so on a first visit its install finds every file already in the HTTP
// cache (a revalidation each, not a second download).
const CACHE = 'zhixing-shell-__ZX_BUILD__';
const SHELL = [
  '/', '/index.html', '/style.css', '/favicon.svg', '/zhixing-loader.js', '/zhixing-bridge.js', '/zhixing-db-worker.js',
  '/zhixing.js', '/zhixing.wasm', '/zhixing.data', '/zhixing-sc.otf', '/config.json',
  '/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png', '/icons/maskable-192.png', '/icons/maskable-512.png',
  '/vendor/leaflet/leaflet.js', '/vendor/leaflet/leaflet.css',
  '/vendor/leaflet.markercluster/MarkerCluster.Default.css', '/outlines.geojson',
  '/vendor/sqlite-wasm/index.mjs', '/vendor/sqlite-wasm/sqlite3.wasm',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('zhixing-shell-') && k !== CACHE)
        .map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // A page URL of the app (a path without a file extension, with or
    // without a query) is the shell's index.html.
    const page = event.request.mode === 'navigate' && !/\.[A-Za-z0-9]+$/.test(url.pathname);
    const key = page ? '/index.html' : event.request;
    const hit = await cache.match(key);
    if (hit) return hit;
    try {
      const res = await fetch(event.request);
      // Files outside the list (Leaflet's images) are kept once seen.
      if (res.ok && res.type === 'basic') cache.put(event.request, res.clone());
      return res;
    } catch (e) {
      return Response.error();
    }
  })());
});
