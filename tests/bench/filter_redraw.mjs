// Time from a filter change (and from a cross-filter click) to every chart and tile of the page
// redrawn, in headless Chromium, at several scales.
//   node tests/bench/filter_redraw.mjs 1 10
// Serves dist/ with target/bench-lake-<scale>/published (generate with
// `target/release/cx-generate --scale N --out target/bench-lake-N`). For each page it applies
// ≥ 20 varied changes; each is timed in the page from the change event to the end of the first
// animation frame in which every chart container has drawn again (its `data-drawn` counter moved)
// and the tiles show the new numbers. Prints median and p95 per page and kind of change.
import { launch } from '../e2e/util.mjs';
import { eachLake } from './lakes.mjs';
import { timed, pct, filterCycle } from './redraw.mjs';

const scales = process.argv.slice(2).map(Number).filter((n) => n > 0);
const browser = await launch();

console.log('| scale | page | change | n | median | p95 | max |');
console.log('|---:|---|---|---:|---:|---:|---:|');
try {
  await eachLake(scales.length ? scales : [1, 10], async (server, scale) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    for (const [pagina, ready, selects, cross] of [
      ['resumen', '[data-testid=chart-volume] canvas', true, { id: 'chart-volume', n: 24 }],
      ['canales', '[data-testid=chart-channel-csat] canvas', true, { id: 'chart-channel-share', n: 5 }],
      ['nps', '[data-testid=chart-nps-trend] canvas', true, { id: 'chart-nps-trend', n: 24, series: 'NPS' }],
      ['agentes', '[data-testid=chart-agents] canvas', true, null],
    ]) {
      await page.goto(`${server.url}?pagina=${pagina}&paso=mes`);
      await page.locator(ready).first().waitFor({ timeout: 600_000 });
      await page.waitForTimeout(300);
      const changes = [];
      const cycle = await filterCycle(page);
      if (selects) changes.push(...cycle);
      const times = [];
      for (const c of changes) times.push(await timed(page, c));
      for (const t of times) if (!Number.isFinite(t)) console.error(pagina, t);
      const ok = times.filter(Number.isFinite);
      console.log(`| ${scale} | ${pagina} | filter | ${ok.length}/${times.length} | ${pct(ok, 0.5).toFixed(1)} ms | ${pct(ok, 0.95).toFixed(1)} ms | ${Math.max(...ok).toFixed(1)} ms |`);
      if (cross) {
        const ctimes = [];
        for (let k = 0; k < 20; k++) {
          // Select element k, then the same again (which clears it): 20 clicks, all different states.
          ctimes.push(await timed(page, { kind: 'click', id: cross.id, series: cross.series, index: Math.floor(k / 2) % cross.n }));
        }
        for (const t of ctimes) if (!Number.isFinite(t)) console.error(pagina, t);
        const cok = ctimes.filter(Number.isFinite);
        console.log(`| ${scale} | ${pagina} | cross-filter click | ${cok.length}/${ctimes.length} | ${pct(cok, 0.5).toFixed(1)} ms | ${pct(cok, 0.95).toFixed(1)} ms | ${Math.max(...cok).toFixed(1)} ms |`);
      }
    }
    await page.close();
  });
} finally {
  await browser.close();
}
