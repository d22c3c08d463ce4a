// The Sentimiento view in a real browser: every text classified in the page, counts equal to the
// native classifier's over the same files, the page answering while it works, the examples and
// the live text box.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { serve, launch, ROOT, DATA, ARTIFACTS } from './util.mjs';

const PYTHON = process.env.PYTHON ?? path.join(ROOT, '.venv/bin/python');
const CLASSIFY = path.join(ROOT, 'target/release/classify');

let server;
let browser;
let expected;

before(async () => {
  expected = JSON.parse(execFileSync(PYTHON, [path.join(ROOT, 'tests/python/expected_sentiment.py'), DATA, CLASSIFY]).toString());
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

async function openSentiment(page) {
  await page.goto(`${server.url}#/sentimiento`);
  const progress = page.locator('[data-testid=sentiment-progress]');
  await progress.waitFor({ timeout: 60_000 });
  return progress;
}

test('classifies every text in the page, in steps, with the native classifier\'s counts', async () => {
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
  assert.match(await verdict.innerText(), /question/);
  await page.close();
});

test('the tabs switch between the overview and the sentiment view', async () => {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.locator('[data-testid=kpis]').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid=nav-sentiment]').click();
  await page.locator('[data-testid=sentiment-progress]').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('[data-testid=kpis]').count(), 0);
  await page.locator('[data-testid=nav-overview]').click();
  await page.locator('[data-testid=kpis]').waitFor({ timeout: 60_000 });
  await page.close();
});

test('a text dataset that fails is named, and the other sources are still classified', async () => {
  const page = await browser.newPage();
  await page.route('**/resenas_online/year=2026/month=01/*', (r) => r.fulfill({ status: 404, body: 'gone' }));
  const progress = await openSentiment(page);
  await page.locator('[data-testid=sentiment-progress][data-finished=true]').waitFor({ timeout: 120_000 });
  const errs = await page.locator('[data-testid=dataset-error]').evaluateAll((els) =>
    els.map((e) => ({ dataset: e.dataset.dataset, text: e.innerText })));
  assert.deepEqual(errs.map((e) => e.dataset), ['resenas_online']);
  assert.match(errs[0].text, /month=01\/part-00000\.parquet answered HTTP 404/);
  const reviews = expected.by_source.review;
  assert.equal(Number(await progress.getAttribute('data-total')), expected.texts - (reviews.neg + reviews.neu + reviews.pos));
  assert.equal(await page.locator('[data-testid=sentiment-by-source] tr[data-source=review]').count(), 0);
  assert.equal(await page.locator('[data-testid=sentiment-by-source] tr[data-source=whatsapp]').count(), 1);
  await page.close();
});
