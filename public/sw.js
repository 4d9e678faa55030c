// Keeps the app shell so a second visit opens when the gateway is slow or down.
// Hashed assets never change under one name: cache first. index.html, config.json and
// other unhashed files may change: network first (with a timeout), cache as fallback.
// Plain JS copied by Vite from public/; scripts/arweave/build.ts stamps VERSION and
// PRECACHE (every file of the build but the large ones, which are cached on first use).
const VERSION = 'dev';
const PRECACHE = [];
// Caches are per origin, but a gateway serves many sites under /<id>/: name by scope.
const PREFIX = `shell:${self.registration.scope}:`;
const CACHE = `${PREFIX}${VERSION}`;
const NETWORK_TIMEOUT_MS = 4000;
const scopeUrl = new URL(self.registration.scope);

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith(PREFIX) && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || request.headers.has('range')) return;
  if (url.origin !== scopeUrl.origin || !url.pathname.startsWith(scopeUrl.pathname)) return;
  const path = url.pathname.slice(scopeUrl.pathname.length);
  if (request.mode === 'navigate' || path === '' || path === 'index.html') {
    event.respondWith(networkFirst(request, scopeUrl.href));
  } else if (path.startsWith('assets/')) {
    event.respondWith(cacheFirst(request));
  } else {
    // config.json and unhashed public files: they may change under the same name.
    event.respondWith(networkFirst(request, request.url));
  }
});

/** Caches index.html, config.json and the files of the build. */
async function precache() {
  const cache = await caches.open(CACHE);
  const index = await fetch(scopeUrl.href, { cache: 'no-cache' });
  if (!index.ok) return;
  const html = await index.clone().text();
  await cache.put(scopeUrl.href, index);
  const config = await fetch(new URL('config.json', scopeUrl), { cache: 'no-cache' });
  if (config.ok) await cache.put(new URL('config.json', scopeUrl).href, config);
  // Unstamped (a plain `vite build`), fall back to what index.html names.
  const named = [...html.matchAll(/(?:src|href)="(\.?\/?assets\/[^"]+)"/g)].map((m) => m[1]);
  const assets = new Set([...PRECACHE, ...named].map((path) => new URL(path, scopeUrl).href));
  await cache.addAll([...assets]);
}

async function networkFirst(request, cacheKey) {
  const cache = await caches.open(CACHE);
  try {
    const response = await withTimeout(fetch(request, { cache: 'no-cache' }));
    if (response.ok) await cache.put(cacheKey, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(cacheKey, { ignoreVary: true });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  // Module preloads are CORS requests; a gateway's `Vary: Origin` must not hide the entry.
  const cached = await cache.match(request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

function withTimeout(promise) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('network timeout')), NETWORK_TIMEOUT_MS);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
