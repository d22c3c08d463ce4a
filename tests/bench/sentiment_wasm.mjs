// Classifying every customer text in the browser (wasm, headless Chromium), at several scales.
//   node tests/bench/sentiment_wasm.mjs 1 10
// Serves dist/ with target/bench-lake-<scale>/published, opens `?pagina=sentimiento` and prints the
// page's own timing: texts, total time, texts per second, and the longest chunk of work between
// two yields to the browser (the longest the page cannot answer input).
import { launch } from '../e2e/util.mjs';
import { eachLake } from './lakes.mjs';

const scales = process.argv.slice(2).map(Number).filter((n) => n > 0);
const browser = await launch();
console.log('| scale | texts | classify all | texts per second | longest pause between yields | texts downloaded + decoded until progress shows |');
console.log('|---:|---:|---:|---:|---:|---:|');
try {
  await eachLake(scales.length ? scales : [1], async (server, scale) => {
    const page = await browser.newPage();
    const t0 = Date.now();
    await page.goto(`${server.url}?pagina=sentimiento`);
    const p = page.locator('[data-testid=sentiment-progress]');
    await p.waitFor({ timeout: 900_000 });
    const loadS = (Date.now() - t0) / 1000;
    await page.locator('[data-testid=sentiment-progress][data-finished=true]').waitFor({ timeout: 1_800_000 });
    const total = Number(await p.getAttribute('data-total'));
    const ms = Number(await p.getAttribute('data-elapsed-ms'));
    const longest = Number(await p.getAttribute('data-longest-chunk-ms'));
    console.log(`| ${scale} | ${total.toLocaleString('en')} | ${(ms / 1000).toFixed(2)} s | ${Math.round(total / (ms / 1000)).toLocaleString('en')} | ${longest.toFixed(0)} ms | ${loadS.toFixed(1)} s |`);
    await page.close();
  });
} finally {
  await browser.close();
}
