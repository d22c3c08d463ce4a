// The hostile corpus in the browser: every variant of tests/corpus/make_corpus.py served in place
// of one file of one dataset (the manifest rewritten to match, unless the variant is about the
// manifest), in the built app (wasm32, panic = abort). For each: no page error, no recovery panel,
// no spinner past the deadline; the failing dataset named with the reason; every other dataset
// loaded; hostile strings shown as text and never run; unusual-but-valid files giving the same
// figures as their source.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, DATA, serve, launch, manifest as readManifest, queryFor, stopChecked } from './util.mjs';

const OUT = path.join(ROOT, 'target/corpus');
const DEADLINE_MS = 30_000;
const WORKERS = 2;
let server; let browser; let variants; let base;

before(async () => {
  mkdirSync(OUT, { recursive: true });
  execFileSync(path.join(ROOT, '.venv/bin/python'), [path.join(ROOT, 'tests/corpus/make_corpus.py'), DATA, OUT], { stdio: 'inherit' });
  variants = JSON.parse(readFileSync(path.join(OUT, 'index.json'), 'utf8')).variants;
  base = readManifest();
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stopChecked(server);
});

/** The manifest a variant is served with. */
function manifestFor(v) {
  const m = structuredClone(base);
  const d = m.datasets.find((x) => x.name === v.dataset);
  const f = d.files[0];
  if (v.entry) {
    d.rows += v.entry.rows - f.rows;
    Object.assign(f, v.entry);
  }
  const c = v.manifest ?? {};
  if ('file_rows' in c) f.rows = c.file_rows;
  if ('path' in c) f.path = c.path;
  if ('rows' in c) d.rows = c.rows;
  if ('bytes' in c) f.bytes = c.bytes;
  return JSON.stringify(m);
}

const period = () => ({ from: base.date_from, to: base.date_to });

/** Opens `query` with variant `v` in place of its file; returns what the page showed. */
async function visit(v, query, context) {
  const page = context ? await context.newPage() : await browser.newPage({ serviceWorkers: 'block' });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('crash', () => problems.push('the page crashed'));
  page.on('dialog', (d) => { problems.push(`a dialog opened: ${d.message()}`); d.dismiss().catch(() => {}); });
  if (v) {
    const body = readFileSync(path.join(OUT, `${v.name}.bin`));
    const manifestText = manifestFor(v);
    await page.route('**/data/manifest.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: manifestText }));
    await page.route(`**/data/${v.path}`, (r) => r.fulfill({ status: 200, contentType: 'application/octet-stream', body }));
  }
  try {
    await page.goto(`${server.url}${query}`);
    try {
      await page.waitForFunction(() => {
        if (document.querySelector('[data-testid=failure-panel]')) return true;
        const busy = document.querySelector('[data-testid=loading], [data-testid=records-loading]');
        return !busy && !!document.querySelector('main [data-testid=kpis], main #records-title, [data-testid=error-panel]');
      }, null, { timeout: DEADLINE_MS, polling: 100 });
    } catch {
      const state = await page.evaluate(() => document.querySelector('main')?.innerText.slice(0, 300) ?? document.body.innerText.slice(0, 300));
      problems.push(`still loading after ${DEADLINE_MS} ms: ${query}: ${state}`);
    }
    const seen = await page.evaluate(() => ({
      failure: document.querySelector('[data-testid=failure-panel]')?.innerText ?? null,
      errors: [...document.querySelectorAll('[data-testid=dataset-error], [data-testid=records-error]')]
        .map((e) => ({ dataset: e.dataset.dataset, kind: e.dataset.testid, text: e.innerText })),
      pwned: window.__corpus_pwned ?? null,
      injected: document.querySelectorAll('main img[src="x"], main svg[onload], main script').length,
      table: document.querySelector('[data-testid=table-records]')?.innerText ?? '',
      count: document.querySelector('[data-testid=records-count]')?.innerText ?? '',
      tiles: Object.fromEntries([...document.querySelectorAll('[data-testid^=kpi-]')].map((e) => [e.dataset.testid, e.dataset.value])),
    }));
    return { ...seen, problems };
  } finally {
    await page.close();
  }
}

function check(v, seen, baseline) {
  const where = `${v.name} (${v.dataset})`;
  assert.deepEqual(seen.problems, [], `${where}: ${seen.problems.join('; ')}`);
  assert.equal(seen.failure, null, `${where}: the recovery panel showed: ${seen.failure}`);
  assert.equal(seen.pwned, null, `${where}: a hostile string ran as script`);
  assert.equal(seen.injected, 0, `${where}: a hostile string became markup`);
  const others = seen.errors.filter((e) => e.dataset !== v.dataset);
  assert.deepEqual(others, [], `${where}: another dataset failed`);
  const mine = seen.errors.filter((e) => e.dataset === v.dataset);
  if (v.expect === 'error') {
    assert.ok(mine.length > 0, `${where}: expected an error naming ${v.dataset}, the page showed none`);
    const re = new RegExp(v.match, 'si');
    assert.ok(mine.some((e) => re.test(e.text)), `${where}: no error matches /${v.match}/:\n${mine.map((e) => e.text).join('\n')}`);
    const file = v.manifest?.path ?? v.path;
    assert.ok(mine.some((e) => e.text.includes(file) || e.text.includes('manifest.json')), `${where}: the error does not name ${file}`);
  } else if (v.expect === 'load' || v.expect === 'same') {
    assert.deepEqual(mine, [], `${where}: expected to load:\n${mine.map((e) => e.text).join('\n')}`);
    for (const m of v.marker ?? []) {
      assert.ok(seen.table.includes(m), `${where}: ${JSON.stringify(m)} is not shown as text in the records table`);
    }
  }
  if (v.expect === 'same') {
    assert.deepEqual(seen.tiles, baseline.tiles, `${where}: the figures differ from the source file's`);
    assert.equal(seen.count, baseline.count, `${where}: the explorer's count differs`);
  }
}

async function pool(items, n, fn) {
  const failures = [];
  let next = 0;
  // One browser context per worker: its HTTP cache keeps the unchanged files between visits.
  await Promise.all(Array.from({ length: n }, async () => {
    // page.route does not see a service worker's requests: the corpus goes without it.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    try {
      while (next < items.length) {
        const item = items[next++];
        try { await fn(item, context); } catch (e) { failures.push(e.message); }
      }
    } finally {
      await context.close();
    }
  }));
  return failures;
}

test('the hostile corpus never crashes the app, names each bad file, loads the rest', async () => {
  assert.ok(variants.length >= 100, `the corpus has ${variants.length} variants, fewer than 100`);
  // Baselines: each page and the explorer on the unchanged lake.
  const baselines = {};
  for (const v of variants.filter((x) => x.expect === 'same')) {
    if (baselines[v.dataset]) continue;
    const kpis = await visit(null, queryFor(v.page, period()));
    const records = await visit(null, queryFor('explorador', period(), { conjunto: v.dataset }));
    assert.deepEqual(kpis.problems.concat(records.problems), []);
    assert.ok(Object.keys(kpis.tiles).length > 0, `${v.page} shows no tiles`);
    baselines[v.dataset] = { tiles: kpis.tiles, count: records.count };
  }
  const started = Date.now();
  const failures = await pool(variants, WORKERS, async (v, context) => {
    const extra = { conjunto: v.dataset };
    if (v.search) extra.buscar = v.search;
    const seen = await visit(v, queryFor('explorador', period(), extra), context);
    if (v.expect === 'same') {
      const kpis = await visit(v, queryFor(v.page, period()), context);
      check(v, { ...seen, tiles: kpis.tiles, problems: seen.problems.concat(kpis.problems) }, baselines[v.dataset]);
    } else {
      check(v, seen);
    }
  });
  const kinds = variants.reduce((k, v) => ({ ...k, [v.expect]: (k[v.expect] ?? 0) + 1 }), {});
  console.log(`corpus: ${variants.length} variants ${JSON.stringify(kinds)} in ${Math.round((Date.now() - started) / 1000)} s, ${failures.length} failed`);
  assert.deepEqual(failures, [], `${failures.length} of ${variants.length} variants failed:\n${failures.join('\n\n')}`);
});
