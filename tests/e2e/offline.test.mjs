// Exploring offline: the app installs (web app manifest, icons, service worker), works with the
// network gone after one visit (every page, filters), opens from its cache on a repeat visit,
// and shows a publication that changes while the page is open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, DATA, serve, launch, stopChecked, expectedKpis, assertResumenEquals, Dashboard } from './util.mjs';

const PAGES = {
  resumen: '[data-testid=kpis]',
  canales: '[data-testid=table-channels]',
  nps: '[data-testid=kpis]',
  agentes: '[data-testid=table-agents]',
  sentimiento: '[data-testid=sentiment-progress]',
  tickets: '[data-testid=kpis]',
  reclamaciones: '[data-testid=kpis]',
  resenas: '[data-testid=kpis]',
  clientes: '[data-testid=kpis]',
  explorador: '#records-title',
};

/** ms from navigation start to the first KPI tile with a value. */
async function firstKpiMs(page) {
  const handle = await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid=kpi-interactions][data-value]');
    return el && el.dataset.value !== '' ? performance.now() : null;
  }, null, { timeout: 60_000, polling: 'raf' });
  return Math.round(await handle.jsonValue());
}

async function offlineReady(page) {
  await page.waitForSelector('[data-testid=offline-status][data-state=ready]', { timeout: 60_000 });
}

test('installable: a web app manifest with a relative start_url, PNG icons and a service worker', async () => {
  const server = await serve();
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const d = new Dashboard(page);
    await d.open(server.url);
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    assert.equal(href, 'manifest.webmanifest');
    const m = await page.evaluate(async (h) => (await fetch(h)).json(), href);
    assert.equal(m.start_url, './');
    assert.equal(m.scope, './');
    assert.equal(m.display, 'standalone');
    assert.match(m.name, /Satisfacción del cliente/);
    for (const size of [192, 512]) {
      const icon = m.icons.find((i) => i.sizes === `${size}x${size}`);
      const dims = await page.evaluate(async (src) => {
        const b = new Uint8Array(await (await fetch(src)).arrayBuffer());
        const sig = [...b.slice(1, 4)].map((c) => String.fromCharCode(c)).join('');
        const be = (o) => (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
        return { sig, w: be(16), h: be(20) };
      }, icon.src);
      assert.deepEqual(dims, { sig: 'PNG', w: size, h: size });
    }
    await offlineReady(page);
    const sw = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return { scope: r.scope, script: r.active.scriptURL, controlled: !!navigator.serviceWorker.controller };
    });
    assert.equal(sw.scope, server.url);
    assert.equal(sw.script, `${server.url}sw.js`);
    assert.ok(sw.controlled);
    // The shell cache holds this build's files, nothing else of another build.
    const caches = await page.evaluate(async () => caches.keys());
    assert.equal(caches.filter((c) => c.startsWith('cx-shell-')).length, 1, caches.join());
    assert.equal(caches.filter((c) => c.startsWith('cx-data-')).length, 1, caches.join());
    assert.deepEqual(d.errors, []);
  } finally {
    await browser.close();
    await stopChecked(server);
  }
});

test('with the network cut after one visit, every page works and filters apply; a repeat visit opens from the cache', async () => {
  const server = await serve();
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const d = new Dashboard(page);
    await page.goto(server.url);
    const cold = await firstKpiMs(page);
    await d.ready();
    await offlineReady(page);
    // A small publication (scale 1: 6 MB) is kept whole without being asked: the first visit
    // read only Resumen's datasets, yet every page works offline after it.
    await page.waitForSelector('[data-testid=offline-status][data-kept=all]', { timeout: 120_000 });
    assert.match(await page.locator('[data-testid=offline-status]').innerText(), /Disponible sin conexión: la aplicación y todos los datos/);
    await page.locator('[data-testid=data-panel-toggle]').click();
    assert.match(await page.locator('[data-testid=storage-used]').innerText(), /Este sitio ocupa [\d.,]+ MB/);

    // A repeat visit with the network on: the app's files come from the service worker.
    const warmPage = await context.newPage();
    const fromSw = [];
    warmPage.on('response', (r) => { if (r.fromServiceWorker()) fromSw.push(r.url()); });
    await warmPage.goto(server.url);
    const warm = await firstKpiMs(warmPage);
    assert.ok(fromSw.some((u) => u.endsWith('_bg.wasm')), fromSw.join('\n'));
    assert.ok(fromSw.some((u) => u.endsWith('.parquet')), 'data from the cache');
    console.log(`# first KPI: cold ${cold} ms, warm (service worker) ${warm} ms`);
    await warmPage.close();

    // The network gone: the server stopped and the browser offline.
    await stopChecked(server);
    await context.setOffline(true);
    await page.reload();
    await d.ready();
    await assertResumenEquals(d, expectedKpis());
    for (const [p, sel] of Object.entries(PAGES)) {
      await d.nav(p);
      await page.waitForSelector(`main ${sel}`, { timeout: 60_000 });
      await d.ready(`main ${sel}`);
      assert.equal(await page.locator('[data-testid=error-panel]').count(), 0, `${p}: an error panel offline`);
    }
    // Filters, through the URL (a navigation offline too) and the filter bar.
    await page.goto(`${server.url}?pagina=resumen&canal=email&region=Lima`);
    await d.ready();
    await assertResumenEquals(d, expectedKpis({ channels: ['email'], regions: ['Lima'] }));
    assert.deepEqual(d.errors, []);
  } finally {
    await context.close();
    await browser.close();
  }
});

/** A copy of the lake in a temporary folder, served: { dir, lake, server }. */
async function servedCopy() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cx-publish-'));
  const lake = path.join(dir, 'lake');
  cpSync(path.dirname(DATA), lake, { recursive: true });
  return { dir, lake, server: await serve({ data: path.join(lake, 'published') }) };
}

/** Publishes another lake (another seed: other figures) in place of `lake`. */
function publishAnother(dir, lake) {
  const next = path.join(dir, 'next');
  execFileSync(path.join(ROOT, 'target/release/cx-generate'), ['--seed', '7', '--out', next], { stdio: 'ignore' });
  rmSync(lake, { recursive: true });
  renameSync(next, lake);
}

test('a publication that changes while the page is open: "hay datos nuevos", applied on click keeping page, filters and scroll', async () => {
  const { dir, lake, server } = await servedCopy();
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 700 } });
    const d = new Dashboard(page);
    const filter = { channels: ['chat'] };
    await d.open(`${server.url}?pagina=resumen&canal=chat`);
    const before = expectedKpis(filter, path.join(lake, 'published'));
    await assertResumenEquals(d, before);
    await page.evaluate(() => window.scrollTo(0, 600));
    // Nothing new yet: a check finds the same manifest.
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.waitForTimeout(1000);
    assert.equal(await page.locator('[data-testid=new-data]').count(), 0);

    publishAnother(dir, lake);
    const after = expectedKpis(filter, path.join(lake, 'published'));
    assert.notEqual(after.csat, before.csat);

    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    const banner = page.locator('[data-testid=new-data]');
    await banner.waitFor({ timeout: 30_000 });
    assert.match(await banner.innerText(), /Hay datos nuevos \(publicados el .+\d{4}.+\)/);
    // The banner stays in view (fixed) wherever the reader is.
    const y = await page.evaluate(() => window.scrollY);
    assert.ok(y > 300, `scrolled to ${y}`);
    const box = await page.locator('[data-testid=apply-new-data]').boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 700, `the button is in view: ${JSON.stringify(box)}`);
    // Clicked where it is, as the reader would, without scrolling.
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await banner.waitFor({ state: 'detached', timeout: 60_000 });
    await d.ready();
    await assertResumenEquals(d, after);
    assert.match(page.url(), /canal=chat/);
    assert.equal(await page.locator('[data-testid=nav-resumen][aria-current=page]').count(), 1);
    assert.ok(Math.abs((await page.evaluate(() => window.scrollY)) - y) < 50, 'the scroll position stays');
    assert.deepEqual(d.errors, []);
  } finally {
    await browser.close();
    await stopChecked(server);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('offline after a check saw a newer publication never read: the publication whose files are kept opens', async () => {
  const { dir, lake, server } = await servedCopy();
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const d = new Dashboard(page);
    await d.open(server.url);
    const before = expectedKpis({}, path.join(lake, 'published'));
    await offlineReady(page);
    await page.locator('[data-testid=data-panel-toggle]').click();
    await page.locator('[data-testid=keep-all]').click();
    await page.locator('[data-testid=keep-all-done]').waitFor({ timeout: 120_000 });
    publishAnother(dir, lake);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.locator('[data-testid=new-data]').waitFor({ timeout: 30_000 });
    // The network gone before the new publication was applied: the kept one opens, whole.
    await stopChecked(server);
    await context.setOffline(true);
    await page.reload();
    await d.ready();
    assert.equal(await page.locator('[data-testid=error-panel]').count(), 0);
    await assertResumenEquals(d, before);
    assert.deepEqual(d.errors, []);
    await context.close();
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
