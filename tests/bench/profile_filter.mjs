// Where a filter change's time goes on Resumen: Chrome's sampling profiler (CDP) over the race's
// 22 filter changes at one scale, self time summed by where the code comes from (ECharts, the
// app's wasm, the browser's own work — "(program)" —, other functions).
//   node tests/bench/profile_filter.mjs [scale]      (default 1; uses target/bench-lake-<scale>)
import path from 'node:path';
import { launch, serve, ROOT } from '../e2e/util.mjs';
import { timed, filterCycle } from './redraw.mjs';

const scale = Number(process.argv[2] ?? 1);
const server = await serve({ data: path.join(ROOT, `target/bench-lake-${scale}/published`) });
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}?pagina=resumen&paso=mes`);
  await page.locator('[data-testid=chart-volume] canvas').first().waitFor({ timeout: 600_000 });
  await page.waitForTimeout(500);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const changes = await filterCycle(page);
  const times = [];
  for (const c of changes) times.push(await timed(page, c));
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const groups = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const f = byId.get(profile.samples[i]).callFrame;
    const key = f.url.includes('echarts') ? 'ECharts'
      : (f.url.endsWith('.wasm') || f.url.startsWith('wasm')) ? 'wasm (the app)'
        : `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}`.trim();
    groups.set(key, (groups.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const n = changes.length;
  console.log(`scale ${scale}, ${n} filter changes; redraw times: ${times.map((t) => (typeof t === 'number' ? t.toFixed(0) : '—')).join(' ')} ms`);
  console.log('| where | self time, all changes | per change |');
  console.log('|---|---:|---:|');
  for (const [k, v] of [...groups].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`| ${k} | ${v.toFixed(0)} ms | ${(v / n).toFixed(1)} ms |`);
  }
} finally {
  await browser.close();
  server.stop();
}
