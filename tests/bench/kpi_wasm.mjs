// Recomputing every KPI after a filter change, in wasm in headless Chromium, at several scales.
//   node tests/bench/kpi_wasm.mjs 1 10 100
// Serves dist/ with target/bench-lake-<scale>/published (generate with
// `target/release/cx-generate --scale N --out target/bench-lake-N`), opens `/?bench=40`, and prints
// the app's own timing (performance.now() around filter → selection → report).
import { launch } from '../e2e/util.mjs';
import { eachLake } from './lakes.mjs';

const scales = process.argv.slice(2).map(Number).filter((n) => n > 0);
const browser = await launch();
console.log('| scale | rows | columnar model | per million rows | filter change + every KPI: median | p90 | median per filter (all, chat, one month, region+segments, two agents) | load until KPIs shown |');
console.log('|---:|---:|---:|---:|---:|---:|---|---:|');
try {
  await eachLake(scales.length ? scales : [1, 10], async (server, scale) => {
    const page = await browser.newPage();
    const t0 = Date.now();
    await page.goto(`${server.url}?bench=40`);
    const bench = page.locator('[data-testid=bench]');
    await bench.waitFor({ timeout: 900_000 });
    const loadS = (Date.now() - t0) / 1000;
    const r = JSON.parse(await bench.innerText());
    const mb = r.column_bytes / 1e6;
    console.log(`| ${scale} | ${r.rows.toLocaleString('en')} | ${mb.toFixed(1)} MB | ${(mb / (r.rows / 1e6)).toFixed(1)} MB | ` +
      `${r.median_ms.toFixed(2)} ms | ${r.p90_ms.toFixed(2)} ms | ${r.per_filter_median_ms.map((x) => x.toFixed(1)).join(' / ')} ms | ` +
      `${loadS.toFixed(1)} s (incl. ${r.iterations} bench runs) |`);
    await page.close();
  });
} finally {
  await browser.close();
}
