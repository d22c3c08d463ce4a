// The site's Content-Security-Policy and links from strangers: the built app under the headers the
// deployment sends (scripts/serve.py, from infra/terraform/csp.json). The policy is live (an
// injected inline script is refused and reported), the <meta> says the same as the header, and a
// ?data= link to an origin the policy does not list cannot make the site show that origin's
// numbers: the fetch is refused, the page says where it tried to read from and stays usable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { serve, launch, Dashboard, ROOT, stopChecked } from './util.mjs';

let server; let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

async function reportsOf(s, n, ms = 5000) {
  const until = Date.now() + ms;
  for (;;) {
    const r = await s.cspReports();
    if (r.length >= n || Date.now() > until) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
}

test('the policy is sent as a header and as the same <meta>, with no inline script to allow', async () => {
  const res = await fetch(server.url);
  const header = res.headers.get('content-security-policy');
  const expected = execFileSync('python3', [path.join(ROOT, 'scripts/csp.py'), 'header']).toString().trim();
  assert.equal(header, `${expected}; report-uri /__csp`);
  assert.match(header, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.doesNotMatch(header, /[ ]'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
  const html = await res.text();
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)[1];
  assert.equal(meta, expected.replace("; frame-ancestors 'none'", ''));
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'index.html has an inline script');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
});

test('the policy is enforced: an injected inline script does not run and is reported', async () => {
  const own = await serve();
  const page = await browser.newPage();
  const d = new Dashboard(page);
  await d.open(own.url);
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = 1';
    document.body.append(s);
  });
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__injected ?? null), null);
  const reports = await reportsOf(own, 1);
  own.stop();
  assert.ok(reports.some((r) => /script-src/.test(r['csp-report']?.['violated-directive'] ?? r['csp-report']?.['effective-directive'] ?? '')),
    JSON.stringify(reports));
  assert.deepEqual(d.errors, []);
  await page.close();
});

test('a ?data= link to an origin the policy does not list is refused, named, and the site stays usable', async () => {
  const stranger = await serve({ cors: true });
  const own = await serve();
  try {
    const page = await browser.newPage();
    const d = new Dashboard(page);
    const dataUrl = `http://127.0.0.1:${stranger.port}/data/`;
    await d.open(`${own.url}?data=${encodeURIComponent(dataUrl)}`, '[data-testid=error-panel]');
    const banner = await page.locator('[data-testid=foreign-data]').innerText();
    assert.match(banner, new RegExp(`Datos de ${dataUrl.replace(/[.]/g, '\\.')}`));
    const errors = await d.datasetErrors();
    assert.equal(errors.length, 1);
    assert.equal(errors[0].dataset, 'manifest.json');
    // Named, with what the owners of both sites must set (CORS there, connect-src here).
    assert.match(errors[0].text, /no se pudo leer http:\/\/127\.0\.0\.1:\d+\/data\/manifest\.json: el navegador no recibió respuesta o la bloqueó/);
    assert.match(errors[0].text, /CORS: AllowedOrigins http:\/\/localhost:\d+.*connect-src/);
    assert.equal(await page.locator('[data-testid=kpi-interactions]').count(), 0, 'no figures from the stranger');
    const reports = await reportsOf(own, 1);
    assert.ok(reports.some((r) => /connect-src/.test(JSON.stringify(r))), JSON.stringify(reports));
    // The page still works: its own data is one click away.
    await page.goto(own.url);
    await d.ready();
    assert.ok(Number((await d.tile('interactions')).raw) > 0);
    assert.deepEqual(d.errors, []);
    await page.close();
  } finally {
    stranger.stop();
    own.stop();
  }
});

test('the pages, charts, tables and exports run under the policy without a violation', async () => {
  const own = await serve();
  const page = await browser.newPage();
  const d = new Dashboard(page);
  for (const p of ['resumen', 'canales', 'nps', 'agentes', 'sentimiento', 'tickets', 'reclamaciones', 'resenas', 'clientes', 'explorador']) {
    await d.open(`${own.url}?pagina=${p}`, 'main [data-testid=kpis], main #records-title, main [data-testid=table-channels], main [data-testid=table-agents], main [data-testid=sentiment-progress]');
    const canvas = page.locator('canvas').first();
    if (await canvas.count()) {
      const box = await canvas.boundingBox();
      if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    }
  }
  const table = page.locator('[data-testid$=-table-toggle], button:has-text("Ver como tabla")').first();
  if (await table.count()) await table.click();
  await page.locator('[data-testid=theme-toggle]').click();
  await page.waitForTimeout(500);
  assert.deepEqual(d.errors, []);
  await page.close();
  await stopChecked(own);
});
