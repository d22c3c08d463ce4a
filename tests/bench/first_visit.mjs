// Bytes a first visit transfers: serve dist/ and the default lake, load the page in headless
// Chromium with an empty cache, wait for the KPIs and the chart, and add up every response.
// Superseded by tests/bench/race.mjs, whose server counts every byte it sends: since issue #13
// the server sends the build's brotli copies, so the page's figures here are compressed sizes
// while the worker's files (below) are counted raw from dist/.
// The decoding worker's files are fetched by the worker, which the page's CDP session does not
// see: they are counted from dist/ when the worker started.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { serve, launch, Dashboard, SITE } from '../e2e/util.mjs';

const server = await serve();
const browser = await launch();
try {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urls = new Map();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  const sizes = { app: 0, data: 0 };
  let requests = 0;
  cdp.on('Network.loadingFinished', (e) => {
    const url = urls.get(e.requestId) ?? '';
    sizes[url.includes('/data/') ? 'data' : 'app'] += e.encodedDataLength;
    requests += 1;
  });
  let worker = false;
  page.on('worker', () => { worker = true; });
  const t0 = Date.now();
  await new Dashboard(page).open(server.url);
  await page.locator('[data-testid=chart-volume] canvas').first().waitFor();
  const ms = Date.now() - t0;
  await page.waitForTimeout(500);
  const mb = (b) => `${(b / 1024 / 1024).toFixed(2)} MiB`;
  console.log('| what | bytes transferred (uncompressed server) |');
  console.log('|---|---:|');
  const workerBytes = worker
    ? readdirSync(SITE).filter((f) => f.startsWith('vet-worker-') && !/\.(br|gz)$/.test(f)).reduce((n, f) => n + statSync(path.join(SITE, f)).size, 0)
    : 0;
  sizes.app += workerBytes;
  console.log(`| app (HTML, JS, wasm, CSS, ECharts, and ${mb(workerBytes)} of the decoding worker) | ${mb(sizes.app)} |`);
  console.log(`| data (manifest + Parquet of the 5 datasets the overview reads) | ${mb(sizes.data)} |`);
  console.log(`| **total**, ${requests} requests | **${mb(sizes.app + sizes.data)}** |`);
  console.log(`\nKPIs and chart on screen ${ms} ms after navigation (one run, loopback server).`);
} finally {
  await browser.close();
  server.stop();
}
