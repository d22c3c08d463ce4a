// Past the memory budget (`?memoria=<MB>` stands in for a small device): the page says what it
// cannot hold, loads nothing, and offers the last months that fit; the chosen months alone are
// read, every other page keeps to them, and the tiles equal DuckDB's twins over those months.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, expectedKpis, manifest, Dashboard, assertResumenEquals, stopChecked } from './util.mjs';

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

/** The months (YYYY-MM) of the lake's month-partitioned files, ascending. */
function months() {
  const all = new Set();
  for (const d of manifest().datasets) {
    for (const f of d.files) {
      const m = f.path.match(/year=(\d{4})\/month=(\d{2})\//);
      if (m) all.add(`${m[1]}-${m[2]}`);
    }
  }
  return [...all].sort();
}

test('a lake over the budget is not loaded; a narrower period loads only its months and equals DuckDB', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const d = new Dashboard(page);
  const parquet = [];
  page.on('request', (r) => { if (r.url().includes('.parquet')) parquet.push(r.url()); });
  await d.open(`${server.url}?memoria=4`, '[data-testid=too-big]');
  const panel = page.locator('[data-testid=too-big]');
  const needed = Number(await panel.getAttribute('data-needed'));
  const budget = Number(await panel.getAttribute('data-budget'));
  assert.equal(budget, 4_000_000);
  assert.ok(needed > budget, `needed ${needed} ≤ budget ${budget}`);
  assert.match(await panel.innerText(), /no caben en la memoria de esta pestaña/);
  assert.deepEqual(parquet, [], 'nothing is downloaded past the budget');
  const offered = await page.locator('[data-testid=too-big-option]').evaluateAll((els) => els.map((e) => Number(e.dataset.months)));
  assert.ok(offered.length > 0, 'a narrower period is offered');
  assert.deepEqual(offered, [...offered].sort((a, b) => b - a), 'widest first');
  const n = offered[0];
  const all = months();
  assert.ok(n < all.length);
  const first = all[all.length - n];
  await page.locator(`[data-testid=too-big-option][data-months="${n}"]`).click();
  await d.ready();
  assert.equal(await page.locator('[data-testid=too-big]').count(), 0);
  // Only the chosen months' files (and the unpartitioned customers) were read.
  assert.ok(parquet.length > 0);
  for (const url of parquet) {
    const m = url.match(/year=(\d{4})\/month=(\d{2})\//);
    if (m) assert.ok(`${m[1]}-${m[2]}` >= first, `${url} is before ${first}`);
  }
  assert.match(await page.locator('[data-testid=period-window]').innerText(), new RegExp(`últimos ${n} de ${all.length} meses`));
  assert.match(await page.locator('[data-testid=period]').innerText(), new RegExp(`Datos del 01/${first.slice(5)}/${first.slice(0, 4)}`));
  await assertResumenEquals(d, expectedKpis({ from: `${first}-01`, to: manifest().date_to }));
  assert.equal(await page.locator('[data-testid=period-outside]').count(), 0);
  // A filter reaching before the months held says that the figures cover only what is held.
  await page.locator('[data-testid=filter-from]').fill(`${all[0]}-01`);
  await page.locator('[data-testid=filter-from]').dispatchEvent('change');
  await page.waitForFunction(() => document.querySelector('[data-testid=period-outside]'), null, { timeout: 10_000 });
  assert.match(await page.locator('[data-testid=period-outside]').innerText(),
    new RegExp(`el filtro empieza el 01/${all[0].slice(5)}/${all[0].slice(0, 4)}, antes de los meses cargados: las cifras cubren solo desde el 01/${first.slice(5)}/${first.slice(0, 4)}`));
  assert.equal(await d.tile('interactions').then((t) => Number(t.raw)), expectedKpis({ from: `${first}-01`, to: manifest().date_to }).interactions);
  await page.locator('[data-testid=filter-preset]').selectOption('todo');
  await page.waitForFunction(() => !document.querySelector('[data-testid=period-outside]'), null, { timeout: 10_000 });
  // Another page keeps to the months held: no panel, no file of an earlier month.
  await d.nav('canales');
  await d.ready('[data-testid=chart-channel-csat], [data-testid=error-panel], [data-testid=too-big]');
  assert.equal(await page.locator('[data-testid=too-big]').count(), 0);
  for (const url of parquet) {
    const m = url.match(/year=(\d{4})\/month=(\d{2})\//);
    if (m) assert.ok(`${m[1]}-${m[2]}` >= first, `${url} is before ${first}`);
  }
  assert.deepEqual(d.errors, []);
  await page.close();
});

test('when not even a month fits, the page says so in the language chosen and stays usable', async () => {
  const page = await browser.newPage();
  const d = new Dashboard(page);
  const parquet = [];
  page.on('request', (r) => { if (r.url().includes('.parquet')) parquet.push(r.url()); });
  await d.open(`${server.url}?memoria=1&lang=en`, '[data-testid=too-big]');
  assert.equal(await page.locator('[data-testid=too-big-option]').count(), 0);
  assert.match(await page.locator('[data-testid=too-big-none]').innerText(), /Not even the last month fits/);
  assert.match(await page.locator('[data-testid=too-big]').innerText(), /does not fit in this tab's memory/);
  assert.deepEqual(parquet, []);
  // The navigation still answers.
  await d.nav('agentes');
  await page.locator('[data-testid=too-big]').waitFor();
  assert.deepEqual(d.errors, []);
  await page.close();
});
