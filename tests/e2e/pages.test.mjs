// Canales, NPS and Agentes in a real browser: their numbers equal DuckDB's, the planted stories
// are visible (e-mail's low CSAT, rising NPS, the weak agents in their team's bottom quartile),
// switching pages mid-load never breaks the app, and a screenshot of every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { site, expectedKpis, Dashboard } from './util.mjs';

const s = site();

const near = (a, b, what) => assert.ok(Math.abs(Number(a) - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('Canales: CSAT per channel equals DuckDB under three filters; e-mail is the lowest', async () => {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const d = new Dashboard(page);
  for (const [query, filter] of [['', {}], ['&desde=2026-01-01&hasta=2026-03-31', { from: '2026-01-01', to: '2026-03-31' }],
    ['&region=Arequipa&segmento=Masivo', { regions: ['Arequipa'], segments: ['Masivo'] }]]) {
    await d.open(`${s.server.url}?pagina=canales${query}`, '[data-testid=table-channels]');
    const want = expectedKpis(filter).channel_csat;
    const rows = await page.locator('[data-testid=table-channels] tbody tr').evaluateAll((els) =>
      els.map((e) => ({ channel: e.dataset.channel, csat: e.dataset.csat })));
    for (const r of rows) {
      const key = r.channel === 'telefono' ? 'teléfono' : r.channel;
      near(r.csat, want[key], `${query} ${key}`);
    }
    const lowest = rows.reduce((a, b) => (Number(a.csat) < Number(b.csat) ? a : b));
    assert.equal(lowest.channel, 'email', query);
  }
  await d.open(`${s.server.url}?pagina=canales`, '[data-testid=table-channels]');
  await page.locator('[data-testid=chart-hour-weekday] canvas').first().waitFor();
  await page.waitForTimeout(800);
  await d.screenshot('canales.png');
  assert.deepEqual(d.errors, []);
  await page.close();
});

const THREE = [
  ['&desde=2026-08-02&hasta=2026-10-31', { from: '2026-08-02', to: '2026-10-31' }],
  ['&canal=telefono', { channels: ['teléfono'] }],
  ['&region=Lima&segmento=Pyme', { regions: ['Lima'], segments: ['Pyme'] }],
];

test('NPS: the score and its n equal DuckDB under three filters, and NPS rises over the period', async () => {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const d = new Dashboard(page);
  for (const [query, filter] of THREE) {
    await d.open(`${s.server.url}?pagina=nps${query}`);
    const want = expectedKpis(filter);
    near((await d.tile('nps')).raw, want.nps, `NPS ${query}`);
    assert.match(await page.locator('[data-testid=kpi-nps] .kpi-detail').innerText(), new RegExp(`n = ${want.nps_n.toLocaleString('en-US')}`));
  }
  await d.open(`${s.server.url}?pagina=nps&paso=mes`);
  const o = await d.option('chart-nps-trend');
  const nps = o.series.find((s) => s.name === 'NPS').data.map((p) => Number(p.value));
  const half = Math.floor(nps.length / 2);
  const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
  assert.ok(mean(nps.slice(-6)) >= mean(nps.slice(0, 6)) + 20, nps.join(','));
  assert.ok(nps[nps.length - 1] > nps[0] && half > 0);
  const n = o.series.find((s) => s.name === 'Respuestas (n)').data.map(Number);
  assert.equal(n.length, nps.length);
  // One week of one region: few answers per point, greyed and labelled.
  await d.open(`${s.server.url}?pagina=nps&paso=semana&region=Tacna&desde=2025-06-01&hasta=2025-08-31`);
  const small = await d.option('chart-nps-trend');
  assert.ok(small.series[0].data.some((p) => p.itemStyle?.color === '#98a2b3'));
  await d.open(`${s.server.url}?pagina=nps`);
  await page.locator('[data-testid=chart-drivers] canvas').first().waitFor();
  await page.waitForTimeout(800);
  await d.screenshot('nps.png');
  assert.deepEqual(d.errors, []);
  await page.close();
});

test('Agentes: the weak agents rank in their team\'s bottom quartile; CSAT equals DuckDB; sorting and search', async () => {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const d = new Dashboard(page);
  await d.open(`${s.server.url}?pagina=agentes`, '[data-testid=table-agents]');
  const want = expectedKpis().agent_csat;
  const search = page.locator('[data-testid=agents-search]');
  for (const agent of ['T-07', 'T-19', 'T-26', 'W-11']) {
    await search.fill(agent);
    const row = page.locator(`[data-testid=table-agents] tr[data-agent="${agent}"]`);
    assert.equal(await row.getAttribute('data-quartile'), '4', agent);
    near(await row.getAttribute('data-csat'), want[agent], agent);
  }
  await search.fill('');
  // Under three filters, every agent's CSAT equals the SQL twin's.
  for (const [query, filter] of THREE) {
    await d.open(`${s.server.url}?pagina=agentes${query}`, '[data-testid=table-agents]');
    const twin = expectedKpis(filter).agent_csat;
    const rows = await page.locator('[data-testid=table-agents] tbody tr').evaluateAll((els) =>
      els.map((e) => [e.dataset.agent, e.dataset.csat]));
    assert.ok(rows.length > 0, query);
    for (const [agent, csat] of rows) {
      if (twin[agent] === null || twin[agent] === undefined) assert.equal(csat, '', `${query} ${agent}`);
      else near(csat, twin[agent], `${query} ${agent}`);
    }
  }
  await d.open(`${s.server.url}?pagina=agentes`, '[data-testid=table-agents]');
  // Sort by CSAT, ascending: the lowest first.
  await page.locator('[data-testid=sort-csat]').click();
  const first = await page.locator('[data-testid=table-agents] tbody tr').first().getAttribute('data-agent');
  const lowest = Object.entries(want).filter(([, v]) => v !== null).sort((a, b) => a[1] - b[1])[0][0];
  assert.equal(first, lowest);
  assert.equal(await page.locator('[data-testid=table-agents] tbody tr').count(), 25);
  assert.match(await page.locator('[data-testid=agents-pager]').innerText(), /Página 1 de 3/);
  await page.locator('[data-testid=chart-agents] canvas').first().waitFor();
  await page.waitForTimeout(800);
  await d.screenshot('agentes.png');
  await page.close();
});

test('switching pages while the data is still loading never breaks the app', async () => {
  // page.route does not see a service worker's requests: this test's pages go without it.
  const page = await s.browser.newPage({ serviceWorkers: 'block' });
  const d = new Dashboard(page);
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route('**/*.parquet', async (route) => { await gate; await route.continue(); });
  await page.goto(s.server.url);
  await page.locator('[data-testid=loading]').waitFor();
  for (const p of ['canales', 'nps', 'agentes', 'sentimiento', 'resumen', 'canales']) {
    await d.nav(p);
    await page.waitForTimeout(50);
  }
  release();
  await d.ready('[data-testid=table-channels]');
  await d.nav('resumen');
  await d.ready();
  assert.ok(Number((await d.tile('interactions')).raw) > 0);
  assert.deepEqual(d.errors, []);
  await page.close();
});

test('every page at 1280×900 (screenshots)', async () => {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const d = new Dashboard(page);
  await d.open(s.server.url);
  await page.locator('[data-testid=chart-volume] canvas').first().waitFor();
  await page.waitForTimeout(800);
  await d.screenshot('resumen.png');
  await page.screenshot({ path: 'tests/e2e/artifacts/resumen-viewport.png' });
  assert.deepEqual(d.errors, []);
  await page.close();
});
