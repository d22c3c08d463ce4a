// Classifying every customer text in the browser (wasm, headless Chromium), at several scales.
//   node tests/bench/sentiment_wasm.mjs 1 10
// Serves dist/ with target/bench-lake-<scale>/published, opens `?pagina=sentimiento` and prints the
// page's own timing: texts, total time, texts per second, where the texts were scored (the
// classifying worker, or the page in chunks), the longest the page spent at once on it (storing a
// worker's scores, or scoring a chunk), and, measured by the bench itself, the longest gap
// between two animation frames while the texts were being classified and the long tasks (≥ 50
// ms, PerformanceObserver) in that time: a gap of one frame (16.7 ms at 60 Hz) means the page
// never stopped drawing.
import { launch } from '../e2e/util.mjs';
import { eachLake } from './lakes.mjs';

const scales = process.argv.slice(2).map(Number).filter((n) => n > 0);
const browser = await launch();
console.log('| scale | texts | classified in | classify all | texts per second | longest on the page at once | longest frame gap while classifying | frame gaps over two frames (at texts scored) | long tasks (≥ 50 ms) | texts downloaded + decoded until progress shows |');
console.log('|---:|---:|---|---:|---:|---:|---:|---|---:|---:|');
try {
  await eachLake(scales.length ? scales : [1], async (server, scale) => {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      // Frame gaps and long tasks while the progress line says it is classifying.
      const w = { gap: 0, long: 0, longest: 0, over: [] };
      window.__frames = w;
      const busy = () => document.querySelector('[data-testid=sentiment-progress][data-finished=false]');
      let last = null;
      const tick = (t) => {
        const b = busy();
        if (b) {
          if (last !== null) {
            w.gap = Math.max(w.gap, t - last);
            // Gaps over two frames, with how many texts were scored when the frame came.
            if (t - last > 33.4) w.over.push(`${Math.round(t - last)} ms at ${b.dataset.done}`);
          }
          last = t;
        } else last = null;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      new PerformanceObserver((l) => {
        if (!busy()) return;
        for (const e of l.getEntries()) { w.long += 1; w.longest = Math.max(w.longest, e.duration); }
      }).observe({ type: 'longtask', buffered: false });
    });
    const t0 = Date.now();
    await page.goto(`${server.url}?pagina=sentimiento`);
    const p = page.locator('[data-testid=sentiment-progress]');
    await p.waitFor({ timeout: 900_000 });
    const loadS = (Date.now() - t0) / 1000;
    await page.locator('[data-testid=sentiment-progress][data-finished=true]').waitFor({ timeout: 1_800_000 });
    const total = Number(await p.getAttribute('data-total'));
    const ms = Number(await p.getAttribute('data-elapsed-ms'));
    const longest = Number(await p.getAttribute('data-longest-chunk-ms'));
    const where = await p.getAttribute('data-classifier');
    const f = await page.evaluate(() => window.__frames);
    const tasks = f.long ? `${f.long} (longest ${f.longest.toFixed(0)} ms)` : '0';
    console.log(`| ${scale} | ${total.toLocaleString('en')} | ${where} | ${(ms / 1000).toFixed(2)} s | ${Math.round(total / (ms / 1000)).toLocaleString('en')} | ${longest.toFixed(1)} ms | ${f.gap.toFixed(1)} ms | ${f.over.join('; ') || 'none'} | ${tasks} | ${loadS.toFixed(1)} s |`);
    await page.close();
  });
} finally {
  await browser.close();
}
