// Service worker: keeps the app shell available offline. Network first, so a
// new build is used as soon as the server is reachable; the cached copy when
// it is not. The API is never cached: data reaches the page through sync.
const CACHE = 'zhixing-shell-v3';
const SHELL = [
  '/', '/index.html', '/style.css', '/favicon.svg', '/zhixing-bridge.js', '/zhixing-db-worker.js',
  '/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png', '/icons/maskable-192.png', '/icons/maskable-512.png',
  '/zhixing.js', '/zhixing.wasm', '/zhixing.data',
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
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  event.respondWith(
    fetch(event.request)
      .then((res) => {
        if (res.ok && res.type === 'basic') {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(event.request, copy));
        }
        return res;
      })
      .catch(async () => {
        const hit = await caches.match(event.request, { ignoreSearch: true });
        if (hit) return hit;
        if (event.request.mode === 'navigate') return caches.match('/index.html');
        return Response.error();
      }),
  );
});
