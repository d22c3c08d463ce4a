// The service worker: the app works offline after one visit.
//
// - The app shell (index.html, the loader, the wasm of the app and of the decoding worker, the
//   CSS, ECharts, the icons) is pre-cached in `cx-shell-<build>`; the build's hash and the list
//   of files are written here by scripts/trunk_post_build.py. A new build installs a new cache
//   and deletes the old one once it is active.
// - Data: `manifest.json` is always asked of the network first (so a new publication is seen at
//   once) and kept for when the network is gone. Every data file is kept in `cx-data-<digest of
//   the manifest>`, and only when its length and SHA-256 are those its manifest lists, so files
//   of two publications never mix: a new manifest starts a new cache, and for each data address
//   the caches older than the previous publication's are deleted. Offline, the manifest served
//   is the one whose files are kept most completely. The app checks every file again.
// - Files whose names carry a content hash are served from the cache first; the others
//   (`snippets/`, ECharts, the icons) from the network first, so a new build never runs with an
//   old build's snippet.
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
    // `cache: 'no-cache'`: the server confirms the browser's copy (304) or sends the file, so
    // the files are this build's without downloading again what the page just loaded.
    await cache.addAll(SHELL.map((u) => new Request(u, { cache: 'no-cache' })));
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
// Data: the manifest, the Parquet files and the first paint's figures (summary.json).
const isData = (url) => isManifest(url) || url.pathname.endsWith('.parquet') || url.pathname.endsWith('/summary.json');

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

// Changes to the history run one after another (several tabs revalidate at once).
let chain = Promise.resolve();
const serial = (fn) => (chain = chain.then(fn, fn));

function remember(manifestUrl, name) {
  return serial(async () => {
    const meta = await caches.open(META_CACHE);
    let h = (await history()).filter((e) => !(e.cache === name && e.key === manifestUrl));
    h.push({ key: manifestUrl, cache: name });
    // Per data address, this manifest's data and the previous one's (a page opened before the
    // change still reads it); older publications are deleted.
    const keep = new Set();
    for (const key of new Set(h.map((e) => e.key))) {
      for (const e of h.filter((x) => x.key === key).slice(-2)) keep.add(e.cache);
    }
    h = h.filter((e) => keep.has(e.cache));
    await meta.put('history', new Response(JSON.stringify(h), { headers: { 'content-type': 'application/json' } }));
    for (const c of await caches.keys()) {
      if (c.startsWith('cx-data-') && !keep.has(c)) await caches.delete(c);
    }
  });
}

// The manifest entry of the data file at `url` in cache `name`: { bytes, sha256 } or null.
async function entryFor(name, url) {
  const h = await history();
  const e = h.find((x) => x.cache === name && url.startsWith(x.key.replace(/manifest\.json$/, '')));
  if (!e) return null;
  const m = await (await caches.open(name)).match(e.key);
  if (!m) return null;
  const path = url.slice(e.key.length - 'manifest.json'.length);
  try {
    const manifest = await m.json();
    // The first paint's figures (summary.json) are kept like a data file.
    if (manifest.summary && manifest.summary.path === path) return manifest.summary;
    for (const d of manifest.datasets || []) {
      for (const f of d.files || []) if (f.path === path) return f;
    }
  } catch (_) { /* not a manifest */ }
  return null;
}

// The data caches of the manifests read under the file's folder, newest first.
async function dataCachesFor(url) {
  return (await history()).filter((e) => url.href.startsWith(e.key.replace(/manifest\.json$/, '')))
    .map((e) => e.cache).reverse();
}

async function sha256(buffer) {
  const d = await crypto.subtle.digest('SHA-256', buffer);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
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
    // Offline: of the manifests kept for this URL, the one whose files are kept most
    // completely (a check may have seen a newer publication whose files were never read).
    let best = null;
    let bestKept = -1;
    for (const e of (await history()).filter((x) => x.key === request.url).reverse()) {
      const cache = await caches.open(e.cache);
      const hit = await cache.match(request.url);
      if (!hit) continue;
      const keys = new Set((await cache.keys()).map((r) => r.url));
      let kept = 0;
      try {
        const base = request.url.replace(/manifest\.json$/, '');
        for (const d of (await hit.clone().json()).datasets || []) {
          for (const f of d.files || []) if (keys.has(base + f.path)) kept += 1;
        }
      } catch (_) { /* not JSON */ }
      if (kept > bestKept) { best = hit; bestKept = kept; }
    }
    if (best) return best;
    throw err;
  }
}

async function dataFetch(request) {
  const url = new URL(request.url);
  const names = await dataCachesFor(url);
  const name = names[0];
  if (name) {
    const hit = await (await caches.open(name)).match(request.url);
    if (hit) return hit;
  }
  let response;
  try {
    response = await fetch(request);
  } catch (err) {
    // Offline: an older publication's copy (the same address may hold another publication's
    // file: the app checks its length and SHA-256 against the manifest it reads).
    for (const older of names.slice(1)) {
      const hit = await (await caches.open(older)).match(request.url);
      if (hit) return hit;
    }
    throw err;
  }
  if (name && response.ok && response.status === 200) {
    // Kept only if it is the file the newest manifest lists (length and SHA-256).
    const entry = await entryFor(name, request.url);
    if (entry) {
      const body = await response.clone().arrayBuffer();
      if (body.byteLength === entry.bytes && (await sha256(body)) === entry.sha256) {
        await (await caches.open(name)).put(request.url, response.clone());
      }
    }
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
  // Content-hashed names are this build's for good; the others are asked of the network first.
  if (/-[0-9a-f]{8,}[._]/.test(url.pathname)) {
    const hit = await cache.match(url.href, { ignoreSearch: true });
    if (hit) return hit;
    return fetch(request);
  }
  try {
    const response = await fetch(request);
    if (response.ok && response.status === 200) await cache.put(url.href, response.clone());
    return response;
  } catch (err) {
    const hit = await cache.match(url.href, { ignoreSearch: true });
    if (hit) return hit;
    throw err;
  }
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
  } else if (url.origin === self.location.origin && (request.mode === 'navigate' || SHELL.includes(url.pathname.slice(scope().pathname.length) || './'))) {
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
