// Offline use and the single-file report, timed (scale 1, the lake and dist/ as built):
// - first KPI on screen, cold (a fresh browser profile) and warm (the same profile again, once the
//   service worker has kept the app and the data), with where the warm visit's files came from;
// - the single-file report: its size, and the time from opening it (file://, no network) to the
//   KPIs on screen.
//   node tests/bench/offline.mjs [runs]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, serve, launch, Dashboard } from '../e2e/util.mjs';

const runs = Number(process.argv[2] ?? 3);
const firstKpi = async (page) => Math.round(await (await page.waitForFunction(() => {
  const el = document.querySelector('[data-testid=kpi-interactions][data-value]');
  return el && el.dataset.value !== '' ? performance.now() : null;
}, null, { timeout: 60_000, polling: 'raf' })).jsonValue());
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

const server = await serve();
const browser = await launch();
const cold = [];
const warm = [];
let fromSw = 0;
let fromNet = 0;
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    cold.push(await firstKpi(page));
    await page.waitForSelector('[data-testid=offline-status][data-state=ready]', { timeout: 60_000 });
    await page.close();
    const again = await context.newPage();
    again.on('response', (r) => { if (r.fromServiceWorker()) fromSw += 1; else fromNet += 1; });
    await again.goto(server.url);
    warm.push(await firstKpi(again));
    await new Dashboard(again).ready();
    await context.close();
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cx-bench-report-'));
  const file = path.join(dir, 'informe.html');
  execFileSync('node', [path.join(ROOT, 'scripts/report.mjs'), '--out', file], { cwd: ROOT });
  const size = statSync(file).size;
  const open = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    await context.route('**/*', (r) => (r.request().url().startsWith('file:') ? r.continue() : r.abort()));
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    open.push(await firstKpi(page));
    await context.close();
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(`| first KPI, cold (empty profile) | ${cold.join(', ')} ms | median ${median(cold)} ms |`);
  console.log(`| first KPI, warm (service worker) | ${warm.join(', ')} ms | median ${median(warm)} ms |`);
  console.log(`| warm visits: responses from the service worker / the network | ${fromSw} / ${fromNet} | |`);
  console.log(`| single-file report: size | ${(size / 1048576).toFixed(2)} MB | |`);
  console.log(`| single-file report: file:// to first KPI | ${open.join(', ')} ms | median ${median(open)} ms |`);
} finally {
  await browser.close();
  server.stop();
}
