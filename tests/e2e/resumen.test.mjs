// Resumen in a real browser: the tiles equal DuckDB's twins under several filters, with their
// change against the previous period; the planted stories surface in "Qué cambió" and in the
// abandonment/complaints trend; loading, failures and another data origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, expectedKpis, manifest, addDays, Dashboard, assertResumenEquals, stopChecked } from './util.mjs';

let server;
let browser;
let last;

before(async () => {
  server = await serve();
  browser = await launch();
  last = manifest().date_to;
});
after(async () => {
  await browser?.close();
  await stopChecked(server);
});

const filters = () => [
  { name: 'sin filtro', query: '', filter: {} },
  { name: 'últimos 30 días', query: `?desde=${addDays(last, -29)}&hasta=${last}`, filter: { from: addDays(last, -29), to: last } },
  { name: 'un canal', query: '?canal=email', filter: { channels: ['email'] } },
  { name: 'región y segmento', query: '?region=Lima&segmento=Pyme', filter: { regions: ['Lima'], segments: ['Pyme'] } },
];

test('every tile equals the SQL twins in DuckDB under four filters', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const d = new Dashboard(page);
  for (const f of filters()) {
    await d.open(server.url + f.query);
    await assertResumenEquals(d, expectedKpis(f.filter));
    assert.equal(await page.locator('[data-testid=error-panel]').count(), 0, f.name);
  }
  assert.deepEqual(d.errors, []);
  await page.close();
});

test('each tile shows its change against the previous period of equal length', async () => {
  const page = await browser.newPage();
  const d = new Dashboard(page);
  const from = addDays(last, -29);
  await d.open(`${server.url}?desde=${from}&hasta=${last}`);
  const now = expectedKpis({ from, to: last });
  const prev = expectedKpis({ from: addDays(from, -30), to: addDays(from, -1) });
  assert.match(await page.locator('[data-testid=compare-period]').innerText(), new RegExp(addDays(from, -30).split('-').reverse().join('/')));
  const change = async (id) => Number(await page.locator(`[data-testid=kpi-${id}] [data-testid=delta]`).getAttribute('data-change'));
  const near = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
  near(await change('csat'), now.csat - prev.csat, 'CSAT delta');
  near(await change('nps'), now.nps - prev.nps, 'NPS delta');
  near(await change('interactions'), now.interactions - prev.interactions, 'interactions delta');
  // A rise in abandonment is bad news, in CSAT good news: the colour follows the KPI.
  const cls = async (id) => page.locator(`[data-testid=kpi-${id}] [data-testid=delta]`).getAttribute('class');
  const ab = await change('abandonment');
  assert.match(await cls('abandonment'), ab > 0 ? /bad/ : ab < 0 ? /good/ : /flat/);
  const cs = await change('csat');
  assert.match(await cls('csat'), cs > 0 ? /good/ : cs < 0 ? /bad/ : /flat/);
  // Switching the comparison off hides the deltas.
  await page.locator('[data-testid=filter-compare]').uncheck();
  await page.waitForFunction(() => !document.querySelector('[data-testid=kpi-csat] [data-testid=delta]'));
  assert.match(page.url(), /comparar=no/);
  await page.close();
});

test('"Qué cambió" finds the outage week and the weak agents, and a click applies the filter', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const d = new Dashboard(page);
  await d.open(server.url);
  const items = await page.locator('[data-testid=insight]').evaluateAll((els) =>
    els.map((e) => ({ kind: e.dataset.kind, metric: e.dataset.metric, subject: e.dataset.subject, text: e.innerText })));
  const outage = items.filter((i) => i.kind === 'Spike' && i.subject === '2025-08-18').map((i) => i.metric);
  assert.ok(outage.includes('Abandonment') && outage.includes('Complaints'), JSON.stringify(items));
  for (const agent of ['T-07', 'T-19', 'T-26', 'W-11']) {
    assert.ok(items.some((i) => i.kind === 'AgentBelowPeers' && i.subject === agent), `${agent} missing`);
  }
  assert.ok(items.some((i) => i.kind === 'ChannelBelowPeers' && i.subject === 'email'));
  assert.ok(items.some((i) => i.kind === 'Trend' && i.metric === 'Nps' && /sube/.test(i.text)));
  await page.locator('[data-testid=insight][data-kind=Spike][data-subject="2025-08-18"][data-metric=Abandonment] button').click();
  await page.waitForURL(/desde=2025-08-18&hasta=2025-08-24/);
  await d.ready();
  assert.ok((await d.chips()).some((c) => /18\/08\/2025 – 24\/08\/2025/.test(c)));
  await assertResumenEquals(d, expectedKpis({ from: '2025-08-18', to: '2025-08-24' }));
  await page.close();
});

test('the outage week is the peak of the weekly abandonment and complaints', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const d = new Dashboard(page);
  await d.open(`${server.url}?paso=semana`);
  const o = await d.option('chart-trouble');
  const labels = o.xAxis[0].data;
  const values = (s) => s.data.map((v) => (v && typeof v === 'object' ? v.value : v)).map((v) => (v === '-' ? -1 : Number(v)));
  for (const name of ['Abandono de llamadas (%)', 'Entradas al libro de reclamaciones']) {
    const v = values(o.series.find((s) => s.name === name));
    assert.equal(labels[v.indexOf(Math.max(...v))], '18/08/2025', name);
  }
  await page.close();
});

test('loads nothing from outside the site: ECharts is self-hosted', async () => {
  const page = await browser.newPage();
  const origins = new Set();
  page.on('request', (r) => origins.add(new URL(r.url()).origin));
  const d = new Dashboard(page);
  await d.open(server.url);
  await page.locator('[data-testid=chart-volume] canvas').first().waitFor();
  assert.deepEqual([...origins].filter((o) => o !== 'null'), [new URL(server.url).origin]);
  await page.close();
});

test('shows a loading indicator while the data arrives', async () => {
  // page.route does not see a service worker's requests: this test's pages go without it.
  const page = await browser.newPage({ serviceWorkers: 'block' });
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route('**/*.parquet', async (route) => { await gate; await route.continue(); });
  await page.goto(server.url);
  await page.locator('[data-testid=loading]').waitFor({ state: 'visible', timeout: 30_000 });
  release();
  // The published summary may paint the tiles first (tests/e2e/first_paint.test.mjs): the
  // indicator goes once the rows are in.
  await page.locator('[data-testid=loading]').waitFor({ state: 'detached', timeout: 60_000 });
  await page.locator('[data-testid=kpis]').waitFor({ timeout: 60_000 });
  await page.close();
});

test('names the dataset that failed and why, and still shows what loaded', async () => {
  // page.route does not see a service worker's requests: this test's pages go without it.
  const page = await browser.newPage({ serviceWorkers: 'block' });
  await page.route('**/tickets_soporte/year=2025/month=03/*', (r) => r.fulfill({ status: 404, body: 'gone' }));
  await page.route('**/encuestas_post_atencion/year=2026/**', (r) => r.fulfill({ status: 200, body: 'this is not parquet' }));
  const d = new Dashboard(page);
  await d.open(server.url, '[data-testid=kpis]');
  const errs = await d.datasetErrors();
  assert.deepEqual(errs.map((e) => e.dataset).sort(), ['encuestas_post_atencion', 'tickets_soporte']);
  assert.match(errs.find((e) => e.dataset === 'tickets_soporte').text, /year=2025\/month=03\/part-00000\.parquet respondió HTTP 404/);
  // A body that is not the manifest's file (here not even Parquet) is named before decoding.
  assert.match(errs.find((e) => e.dataset === 'encuestas_post_atencion').text,
    /part-\d+\.parquet no corresponde al manifiesto .*el manifiesto indica un tamaño de \d+, el archivo tiene 19/);
  const expected = expectedKpis();
  assert.equal(Number((await d.tile('interactions')).raw), expected.by_dataset.llamadas_call_center + expected.by_dataset.mensajes_whatsapp);
  assert.equal((await d.tile('csat')).shown, '—');
  await d.screenshot('resumen-errors.png');
  await page.close();
});

test('reads the data from another origin given by ?data= (one its policy lists), and says so', async () => {
  const dataServer = await serve({ cors: true });
  const dataOrigin = `http://127.0.0.1:${dataServer.port}`;
  const site = await serve({ connect: [dataOrigin] });
  try {
    const page = await browser.newPage();
    const d = new Dashboard(page);
    const dataUrl = `${dataOrigin}/data/`;
    await d.open(`${site.url}?data=${encodeURIComponent(dataUrl)}&canal=chat`);
    const banner = page.locator('[data-testid=foreign-data]');
    assert.equal(await banner.getAttribute('data-origin'), dataOrigin);
    assert.match(await banner.innerText(), new RegExp(`Datos de ${dataUrl.replace(/[.]/g, '\\.')}.*no provienen de este sitio`));
    assert.equal(Number((await d.tile('interactions')).raw), expectedKpis({ channels: ['chat'] }).interactions);
    assert.match(await page.locator('[data-testid=period]').innerText(), new RegExp(dataUrl.replace(/[.]/g, '\\.')));
    // Filter changes keep ?data= in the URL.
    await page.locator('[data-testid=filter-channel]').selectOption('email');
    await page.waitForURL(/canal=email/);
    assert.ok(new URL(page.url()).searchParams.get('data') === dataUrl);
    // The banner stays on every page.
    await d.nav('tickets');
    await page.locator('[data-testid=foreign-data]').waitFor();
    await page.close();
  } finally {
    dataServer.stop();
    await stopChecked(site);
  }
});

test('no banner when the data is the site\'s own', async () => {
  const page = await browser.newPage();
  const d = new Dashboard(page);
  await d.open(`${server.url}?data=${encodeURIComponent(`${server.url}data/`)}`);
  assert.equal(await page.locator('[data-testid=foreign-data]').count(), 0);
  await page.close();
});
