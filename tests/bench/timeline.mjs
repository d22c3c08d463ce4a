// Where a cold open's time goes, before the first KPI: every request (when it started, when its
// last byte arrived, bytes on the wire), the app's start (Trunk's `TrunkApplicationStarted`), the
// first KPI, the first paint of every Resumen chart, every chart and "Qué cambió" from the rows,
// and the long tasks (> 50 ms) on the way.
//   node tests/bench/timeline.mjs [scale]        (default 1; build dist/ first)
// Uses target/bench-lake-<scale>/published (node tests/bench/race.mjs <scale> makes it), a fresh
// browser with an empty profile, and scripts/serve.py, as the race does. Prints one line per
// event in page-clock ms.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve, stopChecked, ROOT } from '../e2e/util.mjs';

const scale = Number(process.argv[2] ?? 1);
const data = path.join(ROOT, `target/bench-lake-${scale}/published`);
if (!existsSync(path.join(data, 'manifest.json'))) {
  console.error(`timeline: no lake at ${data}; run node tests/bench/race.mjs ${scale} once to make it`);
  process.exit(2);
}
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const server = await serve({ data });
const profile = mkdtempSync(path.join(os.tmpdir(), 'cx-timeline-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  viewport: { width: 1280, height: 900 },
  args: ARGS,
});
try {
  await context.addInitScript(() => {
    window.__t = [];
    addEventListener('TrunkApplicationStarted', () => window.__t.push(['app started (wasm instantiated)', performance.now()]));
    addEventListener('DOMContentLoaded', () => window.__t.push(['DOMContentLoaded', performance.now()]));
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__t.push([`long task ${e.duration.toFixed(0)} ms`, e.startTime]);
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  await page.goto(`${server.url}?pagina=resumen&paso=mes`);
  const kpi = await (await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid=kpi-interactions][data-value]');
    return el && el.dataset.value !== '' ? performance.now() : null;
  }, null, { timeout: 600_000, polling: 'raf' })).jsonValue();
  const painted = await (await page.waitForFunction(() => {
    const cs = [...document.querySelectorAll('.chart-card .chart')];
    return cs.length >= 2 && cs.every((c) => Number(c.dataset.drawn ?? 0) > 0 || c.classList.contains('hidden'))
      ? performance.now() : null;
  }, null, { timeout: 600_000, polling: 'raf' })).jsonValue();
  const rows = await (await page.waitForFunction(() => {
    const cs = [...document.querySelectorAll('.chart-card .chart')];
    return cs.length >= 2 && cs.every((c) => Number(c.dataset.drawn ?? 0) > 0 || c.classList.contains('hidden'))
      && document.querySelector('[data-testid=what-changed]') && !document.querySelector('[data-testid=what-changed-pending]')
      && !document.querySelector('[data-testid=loading]') ? performance.now() : null;
  }, null, { timeout: 600_000, polling: 'raf' })).jsonValue();
  await page.waitForTimeout(1500);
  const { marks, resources, paints } = await page.evaluate(() => ({
    marks: window.__t,
    resources: performance.getEntriesByType('resource').map((r) => ({
      name: r.name.replace(location.origin, ''), start: r.startTime, end: r.responseEnd, bytes: r.transferSize,
    })),
    paints: performance.getEntriesByType('paint').map((p) => [p.name, p.startTime]),
  }));
  const events = [
    ...marks, ...paints,
    ['first KPI shown', kpi], ['every chart painted', painted],
    ['every chart and "Qué cambió" from the rows', rows],
    ...resources.flatMap((r) => [
      [`→ request ${r.name}`, r.start],
      [`← ${r.name} complete (${(r.bytes / 1024).toFixed(1)} KiB on the wire)`, r.end],
    ]),
  ].sort((a, b) => a[1] - b[1]);
  console.log(`cold open ×${scale}, ${server.url}`);
  for (const [what, t] of events) console.log(`${t.toFixed(0).padStart(7)} ms  ${what}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  await stopChecked(server);
}
