// The overview in a real browser: the numbers shown equal DuckDB's over the same Parquet files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, expectedKpis, OverviewPage, assertOverviewEquals } from './util.mjs';

let server;
let browser;
let expected;

before(async () => {
  expected = expectedKpis();
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

test('shows total interactions, CSAT and NPS equal to DuckDB over the same files', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const o = new OverviewPage(page);
  await o.open(server.url);
  await assertOverviewEquals(o, expected);
  assert.equal(await page.locator('[data-testid=error-panel]').count(), 0);
  // ECharts drew into the container.
  await page.locator('[data-testid=chart-monthly-volume] canvas').first().waitFor({ timeout: 10_000 });
  await page.waitForTimeout(800); // let the bars' entry animation finish before the screenshot
  await o.screenshot('overview.png');
  assert.deepEqual(errors, []);
  await page.close();
});

test('loads nothing from outside the site: ECharts is self-hosted', async () => {
  const page = await browser.newPage();
  const origins = new Set();
  page.on('request', (r) => origins.add(new URL(r.url()).origin));
  await new OverviewPage(page).open(server.url);
  await page.locator('[data-testid=chart-monthly-volume] canvas').first().waitFor();
  assert.deepEqual([...origins].filter((o) => o !== 'null'), [new URL(server.url).origin]);
  await page.close();
});

test('shows a loading indicator while the data arrives', async () => {
  const page = await browser.newPage();
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route('**/*.parquet', async (route) => { await gate; await route.continue(); });
  await page.goto(server.url);
  await page.locator('[data-testid=loading]').waitFor({ state: 'visible', timeout: 30_000 });
  release();
  await page.locator('[data-testid=kpis]').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('[data-testid=loading]').count(), 0);
  await page.close();
});

test('names the dataset that failed and why, and still shows what loaded', async () => {
  const page = await browser.newPage();
  await page.route('**/tickets_soporte/year=2025/month=03/*', (r) => r.fulfill({ status: 404, body: 'gone' }));
  await page.route('**/encuestas_post_atencion/year=2026/**', (r) => r.fulfill({ status: 200, body: 'this is not parquet' }));
  const o = new OverviewPage(page);
  await o.open(server.url);
  const errs = await o.datasetErrors();
  assert.deepEqual(errs.map((e) => e.dataset).sort(), ['encuestas_post_atencion', 'tickets_soporte']);
  const tickets = errs.find((e) => e.dataset === 'tickets_soporte');
  assert.match(tickets.text, /year=2025\/month=03\/part-00000\.parquet answered HTTP 404/);
  const surveys = errs.find((e) => e.dataset === 'encuestas_post_atencion');
  assert.match(surveys.text, /is not a readable Parquet file/);
  // Calls and chats still count; the survey KPIs say there is nothing to show.
  const interactions = await o.tile('interactions');
  assert.equal(Number(interactions.raw), expected.by_dataset.llamadas_call_center + expected.by_dataset.mensajes_whatsapp);
  assert.match(await page.locator('[data-testid=kpi-interactions] .kpi-detail').innerText(), /calls \+ WhatsApp \(without tickets\)/);
  assert.equal((await o.tile('csat')).shown, '—');
  await o.screenshot('overview-errors.png');
  await page.close();
});

test('reads the data from another origin given by ?data=', async () => {
  const dataServer = await serve({ cors: true });
  try {
    const page = await browser.newPage();
    const dataUrl = `http://127.0.0.1:${dataServer.port}/data/`;
    const o = new OverviewPage(page);
    await o.open(`${server.url}?data=${encodeURIComponent(dataUrl)}`);
    assert.equal(Number((await o.tile('interactions')).raw), expected.interactions);
    assert.match(await page.locator('[data-testid=period]').innerText(), new RegExp(dataUrl.replace(/[.]/g, '\\.')));
    await page.close();
  } finally {
    dataServer.stop();
  }
});
