// The service worker: the app works offline after one visit.
//
// - The app shell (index.html, the loader, the wasm of the app and of the decoding worker, the
//   CSS, ECharts, the icons) is pre-cached in `cx-shell-<build>`; the build's hash and the list
//   of files are written here by scripts/trunk_post_build.py. A new build installs a new cache
//   and deletes the old one once it is active.
// - Data: `manifest.json` is always asked of the network first (so a new publication is seen at
//   once) and kept for when the network is gone. Every data file is kept in `cx-data-<digest of
//   the manifest>`, so files of two publications never mix: a new manifest starts a new cache,
//   and caches of manifests older than the previous one are deleted. The app also checks every
//   file's length and SHA-256 against its manifest.
// - Plain-HTTP hosts (the S3 website endpoint) cannot register a service worker; the app works
//   there without it.
'use strict';

const BUILD = '__CX_BUILD__';
const SHELL = __CX_SHELL__;
const SHELL_CACHE = `cx-shell-${BUILD}`;
const META_CACHE = 'cx-meta';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    // `cache: 'reload'` skips the HTTP cache: the files are those of this build.
    await cache.addAll(SHELL.map((u) => new Request(u, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('cx-shell-') && name !== SHELL_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

const scope = () => new URL(self.registration.scope);
const isManifest = (url) => url.pathname.endsWith('/manifest.json');
const isData = (url) => isManifest(url) || url.pathname.endsWith('.parquet');

async function hex(buffer) {
  const d = await crypto.subtle.digest('SHA-256', buffer);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('').slice(0, 16);
}

// The data caches, newest last: [{ key: manifest URL, cache: name }].
async function history() {
  const meta = await caches.open(META_CACHE);
  const r = await meta.match('history');
  return r ? r.json() : [];
}

async function remember(manifestUrl, name) {
  const meta = await caches.open(META_CACHE);
  let h = (await history()).filter((e) => e.cache !== name);
  h.push({ key: manifestUrl, cache: name });
  // This manifest's data and the previous one's (a page opened before the change still reads
  // it); older publications are deleted.
  const keep = new Set(h.slice(-2).map((e) => e.cache));
  for (const e of h) if (!keep.has(e.cache)) await caches.delete(e.cache);
  h = h.filter((e) => keep.has(e.cache));
  await meta.put('history', new Response(JSON.stringify(h), { headers: { 'content-type': 'application/json' } }));
}

// The data cache of the newest manifest read under `base` (the folder of the manifest).
async function dataCacheFor(url) {
  const h = await history();
  for (let i = h.length - 1; i >= 0; i--) {
    const base = h[i].key.replace(/manifest\.json$/, '');
    if (url.href.startsWith(base)) return h[i].cache;
  }
  return null;
}

async function manifestFetch(request) {
  try {
    const response = await fetch(request);
    if (response.ok && response.status === 200) {
      const body = await response.clone().arrayBuffer();
      const name = `cx-data-${await hex(body)}`;
      const cache = await caches.open(name);
      await cache.put(request.url, response.clone());
      await remember(request.url, name);
    }
    return response;
  } catch (err) {
    // Offline: the newest manifest kept for this URL.
    const h = await history();
    for (let i = h.length - 1; i >= 0; i--) {
      if (h[i].key === request.url) {
        const hit = await (await caches.open(h[i].cache)).match(request.url);
        if (hit) return hit;
      }
    }
    throw err;
  }
}

async function dataFetch(request) {
  const url = new URL(request.url);
  const name = await dataCacheFor(url);
  if (name) {
    const hit = await (await caches.open(name)).match(request.url);
    if (hit) return hit;
  }
  const response = await fetch(request);
  if (name && response.ok && response.status === 200) {
    const cache = await caches.open(name);
    await cache.put(request.url, response.clone());
  }
  return response;
}

async function shellFetch(request, event) {
  const cache = await caches.open(SHELL_CACHE);
  const url = new URL(request.url);
  if (request.mode === 'navigate') {
    // The page first from the network (a new build is seen at once), the cached one offline.
    try {
      return await fetch(request);
    } catch (err) {
      const hit = await cache.match(new URL('./', scope()).href) ?? await cache.match(new URL('./index.html', scope()).href);
      if (hit) return hit;
      throw err;
    }
  }
  const hit = await cache.match(url.href, { ignoreSearch: true });
  if (hit) return hit;
  return fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || request.headers.has('range')) return;
  const url = new URL(request.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
  if (isManifest(url)) {
    event.respondWith(manifestFetch(request));
  } else if (isData(url)) {
    event.respondWith(dataFetch(request));
  } else if (url.origin === self.location.origin && (request.mode === 'navigate' || SHELL.includes(url.pathname.slice(scope().pathname.length)))) {
    event.respondWith(shellFetch(request, event));
  }
});

// Messages from the page:
//   {type: 'keep', urls}   files the page read before this worker controlled it: kept now
//   {type: 'status'}       answers {type: 'status', shell, data: {files, bytes}}
self.addEventListener('message', (event) => {
  const msg = event.data || {};
  const reply = (m) => event.source && event.source.postMessage(m);
  if (msg.type === 'keep' && Array.isArray(msg.urls)) {
    event.waitUntil((async () => {
      let kept = 0;
      for (const u of msg.urls) {
        try {
          const url = new URL(u);
          const r = isManifest(url) ? await manifestFetch(new Request(u)) : await dataFetch(new Request(u));
          if (r.ok) kept += 1;
        } catch (_) { /* offline: kept next time */ }
      }
      reply({ type: 'kept', id: msg.id, kept, asked: msg.urls.length });
    })());
  } else if (msg.type === 'status') {
    event.waitUntil((async () => {
      const shell = (await (await caches.open(SHELL_CACHE)).keys()).length === SHELL.length;
      let files = 0;
      for (const e of await history()) files += (await (await caches.open(e.cache)).keys()).length;
      reply({ type: 'status', id: msg.id, build: BUILD, shell, files });
    })());
  }
});
