// The first paint from `summary.json` (the published figures of Resumen under no filter, listed
// with its SHA-256 in the manifest): before any Parquet file has arrived, Resumen shows them under
// a note, equal to DuckDB's twins; once the rows are in, the engine's own figures are the same; a
// filter changed meanwhile waits for the rows; a summary that does not match the manifest is not
// shown, and the page loads as before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, expectedKpis, Dashboard, assertResumenEquals, stopChecked } from './util.mjs';

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await stopChecked(server);
});

/** Holds every Parquet request of `page` until `release()` (the pages go without the service
 * worker, whose requests page.route does not see). */
async function holdParquet(page) {
  const held = [];
  let open = false;
  await page.route('**/*.parquet', (route) => (open ? route.continue() : held.push(route)));
  return {
    held,
    release: async () => {
      open = true;
      for (const r of held.splice(0)) await r.continue();
    },
  };
}

test('before any Parquet file arrives, Resumen shows the published figures; the rows then give the same', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const d = new Dashboard(page);
  const gate = await holdParquet(page);
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=kpi-interactions][data-value]', { timeout: 60_000 });
  assert.ok(gate.held.length > 0, 'the data was asked for and is still held');
  assert.match(await page.locator('[data-testid=loading]').innerText(), /Cifras publicadas/);
  // The published figures are DuckDB's over the same files.
  await assertResumenEquals(d, expectedKpis({}));
  const tiles = await d.tiles();
  const volume = await d.option('chart-volume');
  const trouble = await d.option('chart-trouble');
  const insights = await page.locator('[data-testid=insight]').evaluateAll((els) => els.map((e) => e.innerText));
  assert.ok(insights.length > 0, '"Qué cambió" is published too');

  await gate.release();
  await d.ready();
  assert.deepEqual(await d.tiles(), tiles, 'the engine gives the published tiles');
  assert.deepEqual(await d.option('chart-volume'), volume);
  assert.deepEqual(await d.option('chart-trouble'), trouble);
  assert.deepEqual(await page.locator('[data-testid=insight]').evaluateAll((els) => els.map((e) => e.innerText)), insights);
  assert.deepEqual(d.errors, []);
  await page.close();
});

test('a filter chosen during the first paint waits for the rows; another step or a narrowed view is not painted from the summary', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const d = new Dashboard(page);
  const gate = await holdParquet(page);
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=kpi-interactions][data-value]', { timeout: 60_000 });
  await page.locator('[data-testid=filter-channel]').selectOption('email');
  await page.waitForURL(/canal=email/);
  // Figures of the whole period must not stand for the filtered ones: the page waits.
  await page.waitForFunction(() => !document.querySelector('[data-testid=kpis]'));
  assert.equal(await page.locator('.loading [data-testid=loading], [data-testid=loading].loading').count(), 1);
  await gate.release();
  await d.ready();
  await assertResumenEquals(d, expectedKpis({ channels: ['email'] }));
  await page.close();

  // Days as the step: the summary holds months, so nothing is painted before the rows.
  const daily = await browser.newPage({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const g2 = await holdParquet(daily);
  await daily.goto(`${server.url}?paso=dia`);
  await daily.waitForSelector('[data-testid=loading].loading');
  await daily.waitForTimeout(500);
  assert.equal(await daily.locator('[data-testid=kpis]').count(), 0);
  await g2.release();
  await new Dashboard(daily).ready();
  await daily.close();
});

test('a summary that does not match its manifest is not shown; the page loads from the rows', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const d = new Dashboard(page);
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.route('**/summary.json', async (route) => {
    const r = await route.fetch();
    const body = (await r.text()).replace(/"interactions":(\d+)/, (_, n) => `"interactions":${Number(n) + 1}`);
    await route.fulfill({ response: r, body });
  });
  const gate = await holdParquet(page);
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=loading].loading');
  await page.waitForFunction(() => false, null, { timeout: 1500 }).catch(() => {});
  assert.equal(await page.locator('[data-testid=kpis]').count(), 0, 'a tampered summary is not painted');
  assert.ok(warnings.some((w) => /summary/.test(w)), warnings.join('\n'));
  await gate.release();
  await d.ready();
  await assertResumenEquals(d, expectedKpis({}));
  assert.deepEqual(d.errors, []);
  await page.close();
});
