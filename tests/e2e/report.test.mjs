// The single-file report: made by the command and by the app's button, opened from file://
// with every network request refused, it shows the dashboard on the view it was made with,
// and its filters and pages work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, site, expectedKpis, assertResumenEquals, Dashboard } from './util.mjs';

const s = site();
const dir = mkdtempSync(path.join(os.tmpdir(), 'cx-report-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** A context with no network at all: offline, and any request but file:// refused and noted. */
async function airGapped(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  await context.route('**/*', (r) => {
    if (r.request().url().startsWith('file:')) return r.continue();
    requests.push(r.request().url());
    return r.abort();
  });
  await context.setOffline(true);
  return { context, requests };
}

test('the command\'s report opens from file:// with no network: the view it was made with, working filters and pages', async () => {
  const out = path.join(dir, 'informe.html');
  execFileSync('node', [path.join(ROOT, 'scripts/report.mjs'), '--out', out, '--query', 'pagina=resumen&canal=email'], { cwd: ROOT });
  const mb = statSync(out).size / 1048576;
  assert.ok(mb > 1 && mb < 30, `${mb} MB`);
  const { context, requests } = await airGapped(s.browser);
  const page = await context.newPage();
  const d = new Dashboard(page);
  const t0 = Date.now();
  await d.open(pathToFileURL(out).href);
  console.log(`# report ${mb.toFixed(2)} MB, dashboard shown ${Date.now() - t0} ms after opening`);
  assert.match(await page.locator('[data-testid=report-banner]').innerText(), /Informe de un solo archivo, creado el \d{4}-\d\d-\d\d/);
  await assertResumenEquals(d, expectedKpis({ channels: ['email'] }));
  // The filter bar: removing the channel chip shows everything.
  await page.locator('[data-testid=chip-canal] .chip-x').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=chip-canal]'));
  await d.ready();
  await assertResumenEquals(d, expectedKpis());
  // Another filter through the address, and every page.
  await d.open(`${pathToFileURL(out).href}?region=Cusco`);
  await assertResumenEquals(d, expectedKpis({ regions: ['Cusco'] }));
  for (const [p, sel] of [['canales', '[data-testid=table-channels]'], ['tickets', '[data-testid=kpis]'], ['reclamaciones', '[data-testid=kpis]'], ['explorador', '#records-title']]) {
    await d.nav(p);
    await page.waitForSelector(`main ${sel}`, { timeout: 60_000 });
    await d.ready(`main ${sel}`);
    assert.equal(await page.locator('[data-testid=error-panel]').count(), 0, p);
  }
  assert.deepEqual(requests, [], 'the report asked the network for nothing');
  assert.deepEqual(d.errors, []);
  await context.close();
});

test('"Descargar informe" in the app downloads the report of the current view, which opens from disk offline', async () => {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const d = new Dashboard(page);
  await d.open(`${s.server.url}?pagina=nps&region=Lima&desde=2026-03-01&hasta=2026-04-30`);
  await page.locator('[data-testid=data-panel-toggle]').click();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.locator('[data-testid=download-report]').click(),
  ]);
  assert.match(download.suggestedFilename(), /^informe-satisfaccion-\d{4}-\d\d-\d\d\.html$/);
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  await page.locator('[data-testid=report-done]').waitFor();
  assert.deepEqual(d.errors, []);
  await page.close();

  const { context, requests } = await airGapped(s.browser);
  const report = await context.newPage();
  const r = new Dashboard(report);
  await r.open(pathToFileURL(file).href);
  assert.equal(await report.locator('[data-testid=nav-nps][aria-current=page]').count(), 1);
  const want = expectedKpis({ regions: ['Lima'], from: '2026-03-01', to: '2026-04-30' });
  assert.ok(Math.abs(Number((await r.tile('nps')).raw) - want.nps) < 1e-9);
  // Only the months of the view and of its comparison period are inside.
  const embedded = await report.evaluate(() => JSON.parse(document.getElementById('cx-report-meta').textContent).files.map(([p]) => p));
  const months = new Set(embedded.map((p) => /year=(\d{4})\/month=(\d{2})/.exec(p)).filter(Boolean).map((m) => `${m[1]}-${m[2]}`));
  assert.deepEqual([...months].sort(), ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04']);
  assert.ok(embedded.some((p) => p.startsWith('clientes/')), 'the customers, not monthly, are inside');
  // The comparison with the previous period works inside the report.
  assert.match(await report.locator('[data-testid=compare-period]').innerText(), /comparado con/);
  assert.deepEqual(requests, []);
  assert.deepEqual(r.errors, []);
  await context.close();
});

test('the command embeds only the months of desde–hasta and the comparison period before them', async () => {
  const out = path.join(dir, 'marzo.html');
  execFileSync('node', [path.join(ROOT, 'scripts/report.mjs'), '--out', out, '--query', 'desde=2026-03-01&hasta=2026-03-31'], { cwd: ROOT });
  const full = statSync(path.join(dir, 'informe.html')).size;
  assert.ok(statSync(out).size < full * 0.5, `${statSync(out).size} vs ${full}`);
  const { context, requests } = await airGapped(s.browser);
  const page = await context.newPage();
  const d = new Dashboard(page);
  await d.open(pathToFileURL(out).href);
  await assertResumenEquals(d, expectedKpis({ from: '2026-03-01', to: '2026-03-31' }));
  assert.deepEqual(requests, []);
  assert.deepEqual(d.errors, []);
  await context.close();
});
