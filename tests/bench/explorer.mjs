// The explorer on the biggest dataset: time to the first page of rows, to re-sort, to search, to
// turn a page and to build the CSV of the whole selection, in headless Chromium, at several scales.
//   node tests/bench/explorer.mjs 1 10
// Serves dist/ with target/bench-lake-<scale>/published (generate with
// `target/release/cx-generate --scale N --out target/bench-lake-N`). Each action is timed in the
// page from the event to the end of the first animation frame showing its result (the CSV: to the
// download event). Prints one row per scale.
import { launch } from '../e2e/util.mjs';
import { eachLake } from './lakes.mjs';

const scales = process.argv.slice(2).map(Number).filter((n) => n > 0);
const browser = await launch();

/** In the page: run `act` (a click on a test id, or a search), wait for the first row to change. */
function timed(page, act) {
  return page.evaluate(async (act) => {
    const first = () => document.querySelector('[data-testid=table-records] tbody tr')?.dataset.row ?? '';
    const count = () => document.querySelector('[data-testid=records-count]')?.innerText ?? '';
    const [r0, c0] = [first(), count()];
    const t0 = performance.now();
    if (act.click) document.querySelector(`[data-testid=${act.click}]`).click();
    if (act.search !== undefined) {
      const s = document.querySelector('[data-testid=records-search]');
      s.value = act.search;
      s.dispatchEvent(new Event('change', { bubbles: true }));
    }
    for (let f = 0; f < 6000; f++) {
      await new Promise((r) => requestAnimationFrame(r));
      if (first() !== r0 || count() !== c0) return performance.now() - t0;
    }
    return NaN;
  }, act);
}

console.log('| scale | dataset | rows | first page | sort | sort again | search | next page | CSV of the selection |');
console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|');
try {
  await eachLake(scales.length ? scales : [1, 10], async (server, scale) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const t0 = Date.now();
    await page.goto(`${server.url}?pagina=explorador&conjunto=llamadas_call_center`);
    await page.waitForSelector('[data-testid=table-records] tbody tr', { timeout: 600_000 });
    const open = Date.now() - t0;
    const rows = await page.locator('[data-testid=records-count]').innerText();
    const sort = await timed(page, { click: 'records-sort-espera_seg' });
    const again = await timed(page, { click: 'records-sort-espera_seg' });
    const search = await timed(page, { search: 'facturacion' });
    await timed(page, { search: '' });
    const nextPage = await page.evaluate(async () => {
      const t0 = performance.now();
      const before = document.querySelector('[data-testid=table-records] tbody tr')?.dataset.row;
      document.querySelectorAll('[data-testid=records-pager] button')[1].click();
      for (let f = 0; f < 600; f++) {
        await new Promise((r) => requestAnimationFrame(r));
        if (document.querySelector('[data-testid=table-records] tbody tr')?.dataset.row !== before) return performance.now() - t0;
      }
      return NaN;
    });
    const c0 = Date.now();
    await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.locator('[data-testid=records-csv]').click()]);
    const csv = Date.now() - c0;
    const ms = (x) => `${Math.round(x)} ms`;
    console.log(`| ${scale} | llamadas_call_center | ${rows.split(' ')[0]} | ${ms(open)} | ${ms(sort)} | ${ms(again)} | ${ms(search)} | ${ms(nextPage)} | ${ms(csv)} |`);
    await page.close();
  });
} finally {
  await browser.close();
}
