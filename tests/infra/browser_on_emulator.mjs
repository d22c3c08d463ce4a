// The deployed app in headless Chromium, served by the emulated S3 bucket: run by
// tests/infra/test_terraform_moto.py after `terraform apply` and `scripts/deploy.sh`.
//
//   SITE_URL    the app in the bucket, path-style (http://127.0.0.1:<port>/<bucket>/index.html)
//   DATA_URL    the same bucket's data from another origin (http://localhost:<port>/<bucket>/data/)
//   DATA_DIR    the local copy of the published data, for DuckDB's expected KPIs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, expectedKpis, Dashboard, assertResumenEquals } from '../e2e/util.mjs';

const { SITE_URL, DATA_URL, DATA_DIR } = process.env;
for (const [k, v] of Object.entries({ SITE_URL, DATA_URL, DATA_DIR })) {
  if (!v) throw new Error(`${k} is not set: this script is run by tests/infra/test_terraform_moto.py`);
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const withData = (site) => `${site}?data=${encodeURIComponent(DATA_URL)}`;

test('the app from the bucket reads the publication next to it and shows DuckDB\'s KPIs', async () => {
  const expected = expectedKpis({}, DATA_DIR);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const fromData = [];
  const dataBase = new URL('data/', SITE_URL).href;
  page.on('response', (r) => { if (r.url().startsWith(dataBase)) fromData.push([r.url(), r.status()]); });
  const o = new Dashboard(page);
  await o.open(SITE_URL);
  assert.equal(await page.locator('[data-testid=error-panel]').count(), 0,
    await page.locator('body').innerText());
  await assertResumenEquals(o, expected);
  assert.ok(fromData.length > 10, `only ${fromData.length} responses came from the data folder`);
  assert.ok(fromData.every(([, s]) => s === 200), `the bucket answered ${[...new Set(fromData.map(([, s]) => s))]}`);
  assert.ok(fromData.filter(([u]) => u.endsWith('.parquet')).every(([u]) => /\/data\/v\/[0-9a-f]{16}\//.test(u)),
    'every file comes from the publication folder the manifest names');
  assert.equal(await page.locator('[data-testid=foreign-data]').count(), 0);
  await page.locator('[data-testid=chart-volume] canvas').first().waitFor({ timeout: 10_000 });
  await page.waitForTimeout(800); // the bars' entry animation
  await o.screenshot('emulator-s3.png');
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test('the deployed policy refuses a ?data= link to another origin, and the page says where it tried', async () => {
  const page = await browser.newPage();
  const o = new Dashboard(page);
  await o.open(withData(SITE_URL), '[data-testid=error-panel]');
  assert.match(await page.locator('[data-testid=foreign-data]').innerText(), /Datos de http:\/\/localhost:/);
  const errs = await o.datasetErrors();
  assert.equal(errs.length, 1, JSON.stringify(errs));
  assert.match(errs[0].text, /manifest\.json/);
  assert.equal(await page.locator('[data-testid=kpis]').count(), 0);
  await page.close();
});

test('a page from an origin the CORS rules do not allow cannot read the data', async () => {
  // The same built app, served on another port whose policy allows the data's origin: an origin
  // the bucket's CORS rules do not name, so the browser refuses the answers.
  const other = await serve({ connect: [new URL(DATA_URL).origin] });
  try {
    assert.notEqual(new URL(other.url).origin, new URL(SITE_URL).origin);
    const page = await browser.newPage();
    const o = new Dashboard(page);
    await o.open(withData(other.url));
    const errs = await o.datasetErrors();
    assert.equal(errs.length, 1, JSON.stringify(errs));
    assert.match(errs[0].text, /manifest\.json/);
    assert.equal(await page.locator('[data-testid=kpis]').count(), 0);
    // The browser refused the answer, the server did not: read without a page, the file is there.
    const direct = await fetch(`${DATA_URL}manifest.json`);
    assert.equal(direct.status, 200);
    await page.close();
  } finally {
    other.stop();
  }
});
