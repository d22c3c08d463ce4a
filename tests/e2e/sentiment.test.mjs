// The Sentimiento page in a real browser: the texts of the filter classified in the page, counts
// equal to the native classifier's over the same files, the page answering while it works,
// leaving mid-classification, the examples and the live text box.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { serve, launch, ROOT, DATA, ARTIFACTS, Dashboard, stopChecked } from './util.mjs';

const PYTHON = process.env.PYTHON ?? path.join(ROOT, '.venv/bin/python');
const CLASSIFY = path.join(ROOT, 'target/release/classify');

let server;
let browser;
let expected;
const sentimentOf = (...range) =>
  JSON.parse(execFileSync(PYTHON, [path.join(ROOT, 'tests/python/expected_sentiment.py'), DATA, CLASSIFY, ...range]).toString());

before(async () => {
  expected = sentimentOf();
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await stopChecked(server);
});

async function openSentiment(page, query = '') {
  await page.goto(`${server.url}?pagina=sentimiento${query}`);
  const progress = page.locator('[data-testid=sentiment-progress]');
  await progress.waitFor({ timeout: 60_000 });
  return progress;
}

test('classifies every text in the classifying worker, in steps, with the native classifier\'s counts', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const progress = await openSentiment(page);
  // Sample the progress while it runs: the page renders intermediate states, so it is not frozen.
  const seen = new Set();
  for (let i = 0; i < 600; i++) {
    const done = await progress.getAttribute('data-done');
    seen.add(done);
    if ((await progress.getAttribute('data-finished')) === 'true') break;
    await page.waitForTimeout(50);
  }
  assert.equal(await progress.getAttribute('data-finished'), 'true');
  assert.equal(await progress.getAttribute('data-classifier'), 'worker');
  assert.equal(Number(await progress.getAttribute('data-total')), expected.texts);
  assert.ok(seen.size >= 3, `the page showed only ${[...seen]} while classifying`);
  for (const [source, want] of Object.entries(expected.by_source)) {
    const row = page.locator(`[data-testid=sentiment-by-source] tr[data-source=${source}]`);
    const got = { neg: Number(await row.getAttribute('data-neg')), neu: Number(await row.getAttribute('data-neu')), pos: Number(await row.getAttribute('data-pos')) };
    assert.deepEqual(got, want, source);
  }
  const total = (k) => Object.values(expected.by_source).reduce((a, c) => a + c[k], 0);
  assert.equal(Number(await page.locator('[data-testid=sent-neg]').getAttribute('data-value')), total('neg'));
  // Aspects and the trend chart.
  const aspects = await page.locator('[data-testid=sentiment-aspects] tr[data-aspect]').count();
  assert.ok(aspects >= 5, `${aspects} aspects`);
  await page.locator('[data-testid=chart-sentiment-trend] canvas').first().waitFor({ timeout: 10_000 });
  // Recent examples, each with a marked deciding word.
  const neg = page.locator('[data-testid=most-negative] li.example');
  assert.equal(await neg.count(), 5);
  for (const label of await neg.evaluateAll((els) => els.map((e) => e.dataset.label))) assert.equal(label, 'neg');
  assert.ok(await page.locator('[data-testid=most-negative] mark.neg').count() >= 5);
  assert.equal(await page.locator('[data-testid=most-positive] li.example[data-label=pos]').count(), 5);
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(ARTIFACTS, 'sentiment.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('where the classifying worker cannot start, the page classifies every text itself, the same', async () => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/classify-worker-*', (r) => r.abort());
  const progress = await openSentiment(page);
  await page.locator('[data-testid=sentiment-progress][data-finished=true]').waitFor({ timeout: 120_000 });
  assert.equal(await progress.getAttribute('data-classifier'), 'page');
  assert.equal(Number(await progress.getAttribute('data-total')), expected.texts);
  for (const [source, want] of Object.entries(expected.by_source)) {
    const row = page.locator(`[data-testid=sentiment-by-source] tr[data-source=${source}]`);
    const got = { neg: Number(await row.getAttribute('data-neg')), neu: Number(await row.getAttribute('data-neu')), pos: Number(await row.getAttribute('data-pos')) };
    assert.deepEqual(got, want, source);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the text box classifies as the user types and marks the deciding words', async () => {
  const page = await browser.newPage();
  await openSentiment(page);
  const input = page.locator('[data-testid=try-input]');
  const verdict = page.locator('[data-testid=try-label]');
  await input.fill('Pésimo servicio, me cobraron dos veces y nadie responde 😡');
  await page.waitForFunction(() => document.querySelector('[data-testid=try-label]')?.dataset.label === 'neg');
  assert.match(await page.locator('[data-testid=try-highlighted] mark.neg').first().innerText(), /Pésimo|nadie responde|😡/);
  await input.fill('Chévere, me atendieron al toque, muy amable la señorita');
  await page.waitForFunction(() => document.querySelector('[data-testid=try-label]')?.dataset.label === 'pos');
  await input.fill('¿A qué hora abre la tienda de Surco?');
  await page.waitForFunction(() => document.querySelector('[data-testid=try-label]')?.dataset.label === 'neu');
  assert.match(await verdict.innerText(), /pregunta/);
  await page.close();
});

test('leaving mid-classification stops it; coming back resumes without downloading again', async () => {
  const page = await browser.newPage();
  const d = new Dashboard(page);
  const progress = await openSentiment(page);
  await page.waitForFunction(() => {
    const p = document.querySelector('[data-testid=sentiment-progress]');
    return p && Number(p.dataset.done) > 0 && p.dataset.finished === 'false';
  }, null, { timeout: 60_000 });
  await d.nav('resumen');
  await d.ready();
  // The classification no longer runs: nothing changes while the overview is shown.
  const parquet = [];
  page.on('request', (r) => { if (r.url().endsWith('.parquet')) parquet.push(r.url()); });
  await page.locator('[data-testid=filter-channel]').selectOption('chat');
  await page.waitForURL(/canal=chat/);
  await d.nav('sentimiento');
  await page.locator('[data-testid=sentiment-progress][data-finished=true]').waitFor({ timeout: 120_000 });
  assert.deepEqual(parquet, [], 'returning downloaded files again');
  assert.ok(Number(await progress.getAttribute('data-total')) > 0);
  // The run left behind had a chunk in the worker: the new run queues behind it, in the worker.
  assert.equal(await progress.getAttribute('data-classifier'), 'worker');
  assert.deepEqual(d.errors, []);
  await page.close();
});

test('the texts obey the dashboard filter: one month, per source, as the native classifier counts', async () => {
  const page = await browser.newPage();
  const want = sentimentOf('2026-01-01', '2026-01-31');
  const progress = await openSentiment(page, '&desde=2026-01-01&hasta=2026-01-31');
  await page.locator('[data-testid=sentiment-progress][data-finished=true]').waitFor({ timeout: 120_000 });
  assert.equal(Number(await progress.getAttribute('data-total')), want.texts);
  for (const [source, counts] of Object.entries(want.by_source)) {
    const row = page.locator(`[data-testid=sentiment-by-source] tr[data-source=${source}]`);
    const got = { neg: Number(await row.getAttribute('data-neg')), neu: Number(await row.getAttribute('data-neu')), pos: Number(await row.getAttribute('data-pos')) };
    assert.deepEqual(got, counts, source);
  }
  // A click on a source narrows the examples to it.
  await page.locator('[data-testid=sentiment-by-source] tr[data-source=whatsapp]').click();
  await page.locator('[data-testid=chip-focus]').waitFor();
  const sources = await page.locator('[data-testid=most-negative] li.example').evaluateAll((els) => els.map((e) => e.dataset.source));
  assert.ok(sources.length > 0 && sources.every((s) => s === 'whatsapp'), sources.join(','));
  await page.close();
});

test('a text dataset that fails is named, and the other sources are still classified', async () => {
  // page.route does not see a service worker's requests: this test's pages go without it.
  const page = await browser.newPage({ serviceWorkers: 'block' });
  await page.route('**/resenas_online/year=2026/month=01/*', (r) => r.fulfill({ status: 404, body: 'gone' }));
  const progress = await openSentiment(page);
  await page.locator('[data-testid=sentiment-progress][data-finished=true]').waitFor({ timeout: 120_000 });
  const errs = await page.locator('[data-testid=dataset-error]').evaluateAll((els) =>
    els.map((e) => ({ dataset: e.dataset.dataset, text: e.innerText })));
  // Named once for the review figures and once for the review texts.
  assert.deepEqual([...new Set(errs.map((e) => e.dataset))], ['resenas_online']);
  assert.match(errs[0].text, /month=01\/part-00000\.parquet respondió HTTP 404/);
  const reviews = expected.by_source.review;
  assert.equal(Number(await progress.getAttribute('data-total')), expected.texts - (reviews.neg + reviews.neu + reviews.pos));
  assert.equal(await page.locator('[data-testid=sentiment-by-source] tr[data-source=review]').count(), 0);
  assert.equal(await page.locator('[data-testid=sentiment-by-source] tr[data-source=whatsapp]').count(), 1);
  await page.close();
});
