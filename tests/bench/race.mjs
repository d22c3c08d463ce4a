// The side-by-side race: this app against DuckDB-Wasm on the same lake, in headless Chromium, on
// one machine, in one run, at several scales.
//   node tests/bench/race.mjs [scale ...]          (default: 1 10 100)
//
// For each scale it uses target/bench-lake-<scale>/published (generated with cx-generate when
// missing) and, for each side, a fresh browser with an empty profile of its own (on disk, so its
// HTTP cache is a browser's, not an incognito window's few megabytes), served by
// scripts/serve.py (byte ranges, pre-compressed files, a count of the bytes it sends):
// - ours: dist/ (build it first: `trunk build --release`), `?pagina=resumen&paso=mes`. A cold open
//   (empty profile) and a warm one (the same profile again): bytes sent, navigation → first KPI,
//   → every Resumen chart drawn. Then the varied filter changes of tests/bench/redraw.mjs and 20
//   cross-filter clicks, each timed from the change to every chart and tile redrawn; the engine
//   alone per filter change (`?bench=20`: every KPI of the catalogue); JS heap, wasm memory and
//   the renderer's peak resident memory.
// - DuckDB-Wasm (npm, self-hosted, eh bundle; tests/bench/race/duckdb-page.js): the same files
//   read over HTTP, the SQL twins of the Resumen tiles and volume chart (infra/athena/queries/):
//   load, first result, all twins, then the same filter states, each timed from the query sent
//   to the last result; bytes; memory.
// Prints a table per scale with ours ÷ DuckDB-Wasm, and writes everything measured to
// target/race/race-<date>.json.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { serve, ROOT, SITE } from '../e2e/util.mjs';
import { timed, pct, filterCycle } from './redraw.mjs';

const scales = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SCALES = scales.length ? scales : [1, 10, 100];
const LONG = 30 * 60_000;
const log = (...a) => console.error('race:', ...a);

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--enable-precise-memory-info'];

/** A fresh browser with an empty profile on disk; `close()` ends it and removes the profile.
 * With `incognito`, a fresh browser's incognito context instead (its HTTP cache in memory). */
async function launch({ incognito = false } = {}) {
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  const viewport = { width: 1280, height: 900 };
  if (incognito) {
    const browser = await chromium.launch({ executablePath, args: ARGS });
    return { context: await browser.newContext({ viewport }), close: () => browser.close() };
  }
  const profile = mkdtempSync(path.join(os.tmpdir(), 'cx-race-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, viewport, args: ARGS });
  return { context, close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); } };
}

/** The published lake of `scale`, generated when missing. */
function lake(scale) {
  const out = path.join(ROOT, `target/bench-lake-${scale}`);
  const published = path.join(out, 'published');
  if (!existsSync(path.join(published, 'manifest.json'))) {
    const gen = path.join(ROOT, 'target/release/cx-generate');
    if (!existsSync(gen)) {
      log('building cx-generate (release)');
      execFileSync('cargo', ['build', '--quiet', '--release', '-p', 'cx-generator'], { cwd: ROOT, stdio: 'inherit' });
    }
    log(`generating the lake of scale ${scale} into ${out}`);
    execFileSync(gen, ['--scale', String(scale), '--out', out], { cwd: ROOT, stdio: 'inherit' });
  }
  return published;
}

/** The DuckDB-Wasm page's folder: the page bundled by esbuild, DuckDB's worker and wasm (with
 * brotli and gzip copies, as our build has), and the SQL twins. */
function duckSite() {
  const pkg = path.join(ROOT, 'node_modules/@duckdb/duckdb-wasm');
  const version = JSON.parse(readFileSync(path.join(pkg, 'package.json'), 'utf-8')).version;
  // One folder per DuckDB-Wasm version: its worker and wasm are compressed once.
  const dir = path.join(ROOT, `target/race/duckdb-site-${version}`);
  mkdirSync(dir, { recursive: true });
  execFileSync(path.join(ROOT, 'node_modules/.bin/esbuild'), [path.join(ROOT, 'tests/bench/race/duckdb-page.js'),
    '--bundle', '--format=esm', '--minify', '--log-level=warning', `--outfile=${path.join(dir, 'duckdb-page.js')}`], { cwd: ROOT });
  copyFileSync(path.join(ROOT, 'tests/bench/race/duckdb.html'), path.join(dir, 'duckdb.html'));
  for (const f of ['duckdb-browser-eh.worker.js', 'duckdb-eh.wasm']) {
    const from = path.join(pkg, 'dist', f);
    const to = path.join(dir, f);
    if (!existsSync(`${to}.br`)) {
      log(`compressing ${f} (once)`);
      const raw = readFileSync(from);
      copyFileSync(from, to);
      writeFileSync(`${to}.gz`, zlib.gzipSync(raw, { level: 9 }));
      writeFileSync(`${to}.br`, zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
    }
  }
  for (const f of ['duckdb-page.js']) {
    const raw = readFileSync(path.join(dir, f));
    writeFileSync(path.join(dir, `${f}.br`), zlib.brotliCompressSync(raw));
    writeFileSync(path.join(dir, `${f}.gz`), zlib.gzipSync(raw, { level: 9 }));
  }
  const qdir = path.join(ROOT, 'infra/athena/queries');
  const queries = Object.fromEntries(readdirSync(qdir).filter((f) => f.endsWith('.sql'))
    .map((f) => [f.replace(/\.sql$/, ''), readFileSync(path.join(qdir, f), 'utf-8')]));
  writeFileSync(path.join(dir, 'queries.json'), JSON.stringify(queries));
  return { dir, version };
}

/** Bytes and requests the server sent since the last call (which resets them). */
async function sent(server) {
  return (await fetch(`${server.url}__stats?reset=1`)).json();
}

/** The highest peak resident memory (VmHWM) of Chromium's renderer processes, in bytes (one
 * browser runs at a time, so they are this side's). */
async function rendererPeak() {
  let peak = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf-8');
      if (!cmd.includes('chromium') || !cmd.includes('--type=renderer')) continue;
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf-8'));
      if (m) peak = Math.max(peak, Number(m[1]) * 1024);
    } catch { /* the process ended */ }
  }
  return peak;
}

/** In the page, from its first script: every main-thread task over 50 ms ("long task"), kept as
 * [start, duration] — how long the page could neither paint nor answer. */
function watchLongTasks() {
  window.__cxLong = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__cxLong.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch { /* no long-task timing here */ }
}

/** The longest main-thread task of a page so far, started after `since` ms (0 when none). */
async function longest(page, since = -1) {
  return page.evaluate((since) => Math.max(0, ...(window.__cxLong ?? []).filter(([t]) => t > since).map(([, d]) => d)), since);
}

/** Navigation → first KPI and → every Resumen chart and tile drawn (ms, page clock). */
async function drawn(page) {
  const firstKpi = await (await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid=kpi-interactions][data-value]');
    return el && el.dataset.value !== '' ? performance.now() : null;
  }, null, { timeout: LONG, polling: 'raf' })).jsonValue();
  // Every chart drawn, from the published summary or from the rows, whichever comes first.
  const painted = await (await page.waitForFunction(() => {
    const cs = [...document.querySelectorAll('.chart-card .chart')];
    const ok = cs.length >= 2 && cs.every((c) => Number(c.dataset.drawn ?? 0) > 0 || c.classList.contains('hidden'))
      && document.querySelector('[data-testid=insight], [data-testid=what-changed-empty]');
    return ok ? performance.now() : null;
  }, null, { timeout: LONG, polling: 'raf' })).jsonValue();
  const charts = await (await page.waitForFunction(() => {
    const cs = [...document.querySelectorAll('.chart-card .chart')];
    const ok = cs.length >= 2 && cs.every((c) => Number(c.dataset.drawn ?? 0) > 0 || c.classList.contains('hidden'))
      && document.querySelector('[data-testid=what-changed]') && !document.querySelector('[data-testid=what-changed-pending]')
      && !document.querySelector('[data-testid=loading]');
    return ok ? performance.now() : null;
  }, null, { timeout: LONG, polling: 'raf' })).jsonValue();
  return { firstKpi, painted, charts };
}

const stat = (v) => (v.length ? { n: v.length, median: pct(v, 0.5), p95: pct(v, 0.95), max: Math.max(...v) } : null);

async function ours(data, scale) {
  const server = await serve({ data });
  const browser = await launch();
  try {
    const { context } = browser;
    await context.addInitScript(() => {
      addEventListener('TrunkApplicationStarted', (e) => { window.__cxMemory = e.detail.wasm.memory; });
    });
    await context.addInitScript(watchLongTasks);
    const url = `${server.url}?pagina=resumen&paso=mes`;
    await sent(server);
    const page = await context.newPage();
    await page.goto(url);
    const cold = await drawn(page);
    cold.sent = await sent(server);
    cold.rendererPeak = await rendererPeak();
    cold.interactions = Number(await page.locator('[data-testid=kpi-interactions]').getAttribute('data-value'));
    cold.longest = await longest(page);
    log(`ours ×${scale}: cold first KPI ${cold.firstKpi.toFixed(0)} ms, charts ${cold.charts.toFixed(0)} ms, ${cold.sent.bytes} bytes`);
    await page.waitForTimeout(300);
    const changes = await filterCycle(page);
    // Each change: every chart and tile redrawn; then "Qué cambió" found (searched after).
    const found = [];
    const change = async (c) => {
      const t = await timed(page, c);
      const f = await page.evaluate(() => window.__cxFound);
      if (Number.isFinite(f)) found.push(f);
      return t;
    };
    const filter = [];
    for (const c of changes) filter.push(await change(c));
    const cross = [];
    for (let k = 0; k < 20; k++) cross.push(await change({ kind: 'click', id: 'chart-volume', index: Math.floor(k / 2) % 24 }));
    for (const t of [...filter, ...cross]) if (!Number.isFinite(t)) log(`ours ×${scale}:`, t);
    const memory = await page.evaluate(() => ({ heap: performance.memory.usedJSHeapSize, wasm: window.__cxMemory?.buffer.byteLength ?? null }));
    const longestFilter = await longest(page, cold.charts);
    log(`ours ×${scale}: filter median ${pct(filter.filter(Number.isFinite), 0.5)?.toFixed(1)} ms`);
    // A renderer's peak is read while its page is open (a closed page's process is gone).
    let peak = Math.max(cold.rendererPeak, await rendererPeak());
    await page.close();
    await sent(server);
    const again = await context.newPage();
    await again.goto(url);
    const warm = await drawn(again);
    warm.sent = await sent(server);
    peak = Math.max(peak, await rendererPeak());
    await again.close();
    // The engine alone: the catalogue over the benchmark filters, and the DuckDB twins' figures
    // (selection, tiles, contacts by channel and month) over the race's filter states.
    const manifest = JSON.parse(readFileSync(path.join(data, 'manifest.json'), 'utf-8'));
    const twins = encodeURIComponent(JSON.stringify(filterStates(changes, manifest)));
    const benchPage = await context.newPage();
    await benchPage.goto(`${server.url}?bench=20&twins=${twins}`);
    const bench = JSON.parse(await benchPage.locator('[data-testid=bench]').innerText({ timeout: LONG }));
    peak = Math.max(peak, await rendererPeak());
    await benchPage.close();
    memory.rendererPeak = peak;
    return {
      cold, warm, memory,
      bench: { median: bench.median_ms, p90: bench.p90_ms, rows: bench.rows, twins: stat(bench.twins_ms.filter(Number.isFinite)) },
      filter: stat(filter.filter(Number.isFinite)), filterChanges: changes.length, longestFilter,
      cross: stat(cross.filter(Number.isFinite)), changes, found: stat(found),
    };
  } finally {
    await browser.close();
    server.stop();
  }
}

/** The engine filter of the race's changes, applied one after another (the filter bar's state). */
function filterStates(changes, manifest) {
  const today = new Date(`${manifest.date_to}T00:00:00Z`);
  const day = (d) => d.toISOString().slice(0, 10);
  const plus = (d, n) => { const x = new Date(d); x.setUTCDate(x.getUTCDate() + n); return x; };
  const y = today.getUTCFullYear(); const m = today.getUTCMonth();
  const presets = {
    todo: {},
    '90d': { from: day(plus(today, -89)), to: day(today) },
    '30d': { from: day(plus(today, -29)), to: day(today) },
    'mes-anterior': { from: day(new Date(Date.UTC(y, m - 1, 1))), to: day(plus(new Date(Date.UTC(y, m, 1)), -1)) },
    trimestre: { from: day(new Date(Date.UTC(y, Math.floor(m / 3) * 3, 1))), to: day(today) },
  };
  const channel = { telefono: 'teléfono' };
  let f = {};
  return changes.map((c) => {
    const v = c.value ? [channel[c.value] ?? c.value] : [];
    if (c.id === 'filter-channel') f = { ...f, channels: v };
    else if (c.id === 'filter-region') f = { ...f, regions: v };
    else if (c.id === 'filter-segment') f = { ...f, segments: v };
    else if (c.id === 'filter-preset') { const { from, to, ...rest } = f; f = { ...rest, ...presets[c.value] }; }
    return f;
  });
}

async function duck(data, scale, site, changes) {
  const server = await serve({ site: site.dir, data });
  // Incognito (its HTTP cache in memory): DuckDB-Wasm re-reads the files over HTTP on a warm
  // open either way. At scale 100 its load into memory fails in most runs, near its 4 GB of
  // wasm memory ("too small to be a Parquet file" on one of the last files read): reported.
  const browser = await launch({ incognito: true });
  try {
    const { context } = browser;
    await context.addInitScript(watchLongTasks);
    const open = async () => {
      const page = await context.newPage();
      await page.goto(`${server.url}duckdb.html`);
      await page.waitForFunction(() => window.race?.ready || window.race?.failed, null, { timeout: LONG });
      const r = await page.evaluate(() => ({ marks: window.race.marks, errors: window.race.errors, first: window.race.first }));
      if (r.errors.length) throw new Error(`DuckDB-Wasm: ${r.errors.join('\n')}`);
      return { page, ...r };
    };
    await sent(server);
    const cold = await open();
    cold.sent = await sent(server);
    cold.rendererPeak = await rendererPeak();
    cold.longest = await longest(cold.page);
    log(`DuckDB ×${scale}: first result ${cold.marks.first.toFixed(0)} ms, all ${cold.marks.all.toFixed(0)} ms, ${cold.sent.bytes} bytes`);
    const manifest = JSON.parse(readFileSync(path.join(data, 'manifest.json'), 'utf-8'));
    const filter = [];
    for (const f of filterStates(changes, manifest)) filter.push(await cold.page.evaluate((f) => window.race.run(f).then((r) => r.ms), f));
    const cross = [];
    // The cross-filter twin: a month of the volume chart, as a date range (then cleared).
    for (let k = 0; k < 20; k++) {
      const from = new Date(`${manifest.date_from}T00:00:00Z`);
      from.setUTCMonth(from.getUTCMonth() + (Math.floor(k / 2) % 24));
      const to = new Date(from); to.setUTCMonth(to.getUTCMonth() + 1); to.setUTCDate(0);
      const f = k % 2 === 0 ? { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) } : {};
      cross.push(await cold.page.evaluate((f) => window.race.run(f).then((r) => r.ms), f));
    }
    log(`DuckDB ×${scale}: per filter median ${pct(filter, 0.5).toFixed(1)} ms`);
    const memory = await cold.page.evaluate(async () => ({ heap: performance.memory.usedJSHeapSize, duckdb: await window.race.memory() }));
    const longestFilter = await longest(cold.page, cold.marks.all);
    const peak = Math.max(cold.rendererPeak, await rendererPeak());
    await cold.page.close();
    await sent(server);
    const warm = await open();
    warm.sent = await sent(server);
    memory.rendererPeak = Math.max(peak, await rendererPeak());
    await warm.page.close();
    delete cold.page; delete warm.page;
    return { cold, warm, memory, filter: stat(filter), cross: stat(cross), first: cold.first, longestFilter };
  } finally {
    await browser.close();
    server.stop();
  }
}

const MB = (b) => `${(b / 1e6).toFixed(2)} MB`;
const MS = (v) => (v == null ? '—' : `${v < 100 ? v.toFixed(1) : v.toFixed(0)} ms`);
const ratio = (a, b) => (a == null || b == null || b === 0 ? '—' : `${(a / b).toFixed(3)}`);

function table(scale, o, d, version) {
  const rows = [
    ['bytes sent, cold open', o.cold.sent.bytes, d.cold.sent.bytes, MB],
    ['requests, cold open', o.cold.sent.requests, d.cold.sent.requests, String],
    ['bytes sent, warm open', o.warm.sent.bytes, d.warm.sent.bytes, MB],
    ['cold: navigation → first KPI / first result', o.cold.firstKpi, d.cold.marks.first, MS],
    ['cold: → every Resumen chart and "Qué cambió" painted (the published summary or the rows)', o.cold.painted, null, MS],
    ['cold: → every Resumen chart from the rows / every twin', o.cold.charts, d.cold.marks.all, MS],
    ['warm: navigation → first KPI / first result', o.warm.firstKpi, d.warm.marks.first, MS],
    ['warm: → every Resumen chart from the rows / every twin', o.warm.charts, d.warm.marks.all, MS],
    [`filter → all redrawn / twins answered, median (n = ${o.filter?.n} / ${d.filter?.n ?? "—"})`, o.filter?.median, d.filter?.median, MS],
    ['filter, p95', o.filter?.p95, d.filter?.p95, MS],
    [`cross-filter click, median (n = ${o.cross?.n} / ${d.cross?.n ?? "—"})`, o.cross?.median, d.cross?.median, MS],
    ['cross-filter click, p95', o.cross?.p95, d.cross?.p95, MS],
    [`filter or cross-filter → "Qué cambió" found (ours; searched after the redraw), median (n = ${o.found?.n ?? "—"})`, o.found?.median, null, MS],
    ['"Qué cambió" found, p95', o.found?.p95, null, MS],
    [`engine alone: the twins' figures (selection, tiles, contacts by channel and month), median (n = ${o.bench.twins?.n} / ${d.filter?.n ?? "—"})`, o.bench.twins?.median, d.filter?.median, MS],
    ['engine alone: the twins\' figures, p95', o.bench.twins?.p95, d.filter?.p95, MS],
    ['engine alone: every KPI of the catalogue (benchmark filters), median', o.bench.median, d.filter?.median, MS],
    ['longest main-thread task, cold open (the page can neither paint nor answer)', o.cold.longest, d.cold?.longest, MS],
    ['longest main-thread task, filter and cross-filter changes', o.longestFilter, d.longestFilter, MS],
    ['JS heap after the filters', o.memory.heap, d.memory.heap, MB],
    ['wasm memory (ours) / DuckDB buffer memory', o.memory.wasm, d.memory.duckdb, MB],
    ['renderer peak resident memory, after the cold open', o.cold.rendererPeak, d.cold.rendererPeak, MB],
    ['renderer peak resident memory, whole run (filters, warm open, engine alone)', o.memory.rendererPeak, d.memory.rendererPeak, MB],
  ];
  const out = [`\n### Scale ${scale} (${o.bench.rows.toLocaleString('en')} rows in the app's model; DuckDB-Wasm ${version})\n`,
    '| figure | ours | DuckDB-Wasm | ours ÷ DuckDB |', '|---|---:|---:|---:|'];
  for (const [label, a, b, f] of rows) out.push(`| ${label} | ${a == null ? '—' : f(a)} | ${b == null ? '—' : f(b)} | ${ratio(a, b)} |`);
  return out.join('\n');
}

const site = duckSite();
const results = { date: new Date().toISOString(), dist: SITE, duckdb: site.version, scales: {} };
mkdirSync(path.join(ROOT, 'target/race'), { recursive: true });
const file = path.join(ROOT, `target/race/race-${results.date.slice(0, 19).replace(/:/g, '')}.json`);
for (const scale of SCALES) {
  const data = lake(scale);
  log(`scale ${scale}: ours`);
  const o = await ours(data, scale);
  log(`scale ${scale}: DuckDB-Wasm ${site.version}`);
  let d;
  try {
    d = await duck(data, scale, site, o.changes);
  } catch (e) {
    // DuckDB-Wasm failing (out of memory, a timeout) is a result too: ours is still printed.
    d = { failed: String(e?.message ?? e).split('\n').slice(0, 3).join(' ') };
    log(`DuckDB ×${scale} failed: ${d.failed}`);
  }
  results.scales[scale] = { ours: o, duckdb: d };
  writeFileSync(file, JSON.stringify(results, null, 1));
  if (d.failed) {
    console.log(table(scale, o, { cold: { sent: {}, marks: {} }, warm: { sent: {}, marks: {} }, memory: {} }, site.version));
    console.log(`\nDuckDB-Wasm failed at this scale: ${d.failed}`);
  } else {
    // The same figures on both sides (no filter): interactions.
    const same = d.first.interactions[0].interactions;
    console.log(table(scale, o, d, site.version));
    console.log(`\nThe same figure on both sides, no filter: interactions ${o.cold.interactions.toLocaleString('en')} (ours) and ${same.toLocaleString('en')} (DuckDB-Wasm)${o.cold.interactions === same ? '' : ' — DIFFERENT'}.`);
  }
}
// How each figure grows from the smallest scale run to the largest.
const done = Object.keys(results.scales).map(Number).sort((a, b) => a - b);
if (done.length > 1) {
  const lo = results.scales[done[0]];
  const hi = results.scales[done[done.length - 1]];
  const figures = [
    ['bytes sent, cold open', (s) => s.cold.sent.bytes, MB],
    ['navigation → first KPI / first result', (s) => s.cold.firstKpi ?? s.cold.marks?.first, MS],
    ['→ every chart / every twin', (s) => s.cold.charts ?? s.cold.marks?.all, MS],
    ['filter, median', (s) => s.filter?.median, MS],
    ['engine alone: the twins\' figures, median', (s) => s.bench?.twins?.median ?? s.filter?.median, MS],
    ['renderer peak resident memory', (s) => s.memory.rendererPeak, MB],
  ];
  const out = [`\n### Growth from scale ${done[0]} to scale ${done[done.length - 1]}\n`,
    `| figure | ours ×${done[0]} | ours ×${done[done.length - 1]} | growth | DuckDB ×${done[0]} | DuckDB ×${done[done.length - 1]} | growth |`,
    '|---|---:|---:|---:|---:|---:|---:|'];
  for (const [label, get, f] of figures) {
    const cell = (side) => {
      if (side.failed) return ['—', '—'];
      const v = get(side);
      return [v == null ? '—' : f(v), v];
    };
    const [a, av] = cell(lo.ours); const [b, bv] = cell(hi.ours);
    const [c, cv] = lo.duckdb.failed ? ['—'] : cell(lo.duckdb); const [d, dv] = hi.duckdb.failed ? ['—'] : cell(hi.duckdb);
    const g = (x, y) => (x && y ? `×${(y / x).toFixed(1)}` : '—');
    out.push(`| ${label} | ${a} | ${b} | ${g(av, bv)} | ${c} | ${d} | ${g(cv, dv)} |`);
  }
  console.log(out.join('\n'));
}
console.log(`\n(everything measured: ${path.relative(ROOT, file)})`);
