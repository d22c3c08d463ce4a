// The global filter and the URL: applying and removing filters and chips, presets, back and
// forward, a copied link in a fresh page, a malformed parameter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { site, expectedKpis, manifest, addDays, Dashboard, assertResumenEquals } from './util.mjs';

const s = site();

const interactions = async (d) => Number((await d.tile('interactions')).raw);

test('a filter applies to the whole page, shows as a chip and a chip removes it', async () => {
  const page = await s.browser.newPage();
  const d = new Dashboard(page);
  await d.open(s.server.url);
  await page.locator('[data-testid=filter-channel]').selectOption('email');
  await page.waitForURL(/\?canal=email$/);
  await page.locator('[data-testid=chip-canal]').waitFor();
  assert.deepEqual(await d.chips(), ['Canal: Email']);
  await assertResumenEquals(d, expectedKpis({ channels: ['email'] }));
  await page.locator('[data-testid=filter-region]').selectOption('Cusco');
  await page.waitForURL(/canal=email&region=Cusco/);
  assert.equal(await interactions(d), expectedKpis({ channels: ['email'], regions: ['Cusco'] }).interactions);
  // Remove one chip, then clear all.
  await page.locator('[data-testid=chip-canal] button').click();
  await page.waitForURL(/\?region=Cusco$/);
  assert.equal(await interactions(d), expectedKpis({ regions: ['Cusco'] }).interactions);
  await page.locator('[data-testid=clear-all]').click();
  await page.waitForFunction(() => location.search === '');
  assert.equal(await page.locator('[data-testid=chips] .chip').count(), 0);
  assert.equal(await interactions(d), expectedKpis().interactions);
  assert.deepEqual(d.errors, []);
  await page.close();
});

test('date presets count back from the last day of the data', async () => {
  const page = await s.browser.newPage();
  const d = new Dashboard(page);
  await d.open(s.server.url);
  const last = manifest().date_to;
  await page.locator('[data-testid=filter-preset]').selectOption('7d');
  await page.waitForURL(new RegExp(`desde=${addDays(last, -6)}&hasta=${last}`));
  assert.equal(await page.locator('[data-testid=filter-preset]').inputValue(), '7d');
  assert.equal(await interactions(d), expectedKpis({ from: addDays(last, -6), to: last }).interactions);
  await page.locator('[data-testid=filter-preset]').selectOption('mes-anterior');
  const [y, m] = last.split('-').map(Number);
  const pm = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  await page.waitForURL(new RegExp(`desde=${pm}-01&hasta=${pm}-`));
  await page.locator('[data-testid=filter-preset]').selectOption('todo');
  await page.waitForFunction(() => location.search === '');
  await page.close();
});

test('back and forward step through filter changes, and reload restores the view', async () => {
  const page = await s.browser.newPage();
  const d = new Dashboard(page);
  await d.open(s.server.url);
  await page.locator('[data-testid=filter-channel]').selectOption('chat');
  await page.waitForURL(/canal=chat/);
  await page.locator('[data-testid=filter-segment]').selectOption('Premium');
  await page.waitForURL(/canal=chat&segmento=Premium/);
  const both = expectedKpis({ channels: ['chat'], segments: ['Premium'] }).interactions;
  assert.equal(await interactions(d), both);
  await page.goBack();
  await page.waitForURL(/\?canal=chat$/);
  await page.waitForFunction((n) => document.querySelector('[data-testid=kpi-interactions]')?.dataset.value === String(n),
    expectedKpis({ channels: ['chat'] }).interactions);
  assert.equal(await page.locator('[data-testid=filter-segment]').inputValue(), '');
  await page.goForward();
  await page.waitForURL(/segmento=Premium/);
  await page.waitForFunction((n) => document.querySelector('[data-testid=kpi-interactions]')?.dataset.value === String(n), both);
  await page.reload();
  await d.ready();
  assert.equal(await interactions(d), both);
  assert.equal(await page.locator('[data-testid=filter-channel]').inputValue(), 'chat');
  await page.close();
});

test('a copied link opened in a fresh page shows the same view and numbers', async () => {
  const page = await s.browser.newPage();
  const d = new Dashboard(page);
  await d.open(`${s.server.url}?pagina=canales`, '[data-testid=table-channels]');
  await page.locator('[data-testid=filter-preset]').selectOption('90d');
  await page.locator('[data-testid=filter-team]').selectOption('T');
  await page.locator('[data-testid=table-channels] tr[data-channel=telefono]').click();
  await page.waitForURL(/sel=canal:telefono/);
  const link = page.url();
  const cells = await page.locator('[data-testid=table-channels] tbody').innerText();
  const context = await s.browser.newContext();
  const fresh = await context.newPage();
  const d2 = new Dashboard(fresh);
  await d2.open(link, '[data-testid=table-channels]');
  assert.equal(fresh.url(), link);
  assert.equal(await fresh.locator('[data-testid=table-channels] tbody').innerText(), cells);
  assert.deepEqual(await d2.chips(), await d.chips());
  await context.close();
  await page.close();
});

test('a malformed URL parameter is ignored with a visible notice, never a crash', async () => {
  const page = await s.browser.newPage();
  const d = new Dashboard(page);
  await d.open(`${s.server.url}?desde=2025-02-30&canal=fax&pagina=nada&sel=mes:2025-13&region=Lima`);
  const notice = await page.locator('[data-testid=url-notice]').innerText();
  for (const p of ['desde', 'canal', 'pagina', 'sel']) assert.match(notice, new RegExp(p));
  // What was valid still applies; the rest of the app works.
  assert.equal(await interactions(d), expectedKpis({ regions: ['Lima'] }).interactions);
  assert.equal(new URL(page.url()).search, '?region=Lima');
  await d.nav('canales');
  await page.locator('[data-testid=table-channels]').waitFor();
  assert.deepEqual(d.errors, []);
  await page.close();
});

test('hostile values render as text, unknown ones are named, and nothing runs', async () => {
  const page = await s.browser.newPage({ viewport: { width: 390, height: 844 } });
  const d = new Dashboard(page);
  let dialogs = 0;
  page.on('dialog', async (dlg) => { dialogs += 1; await dlg.dismiss(); });
  const evil = '<img src=x onerror=alert(1)>';
  await d.open(`${s.server.url}?region=${encodeURIComponent(evil)}&agente=${encodeURIComponent('<script>alert(2)</script>')}&sel=canal:fax&segmento=${'x'.repeat(3000)}`);
  assert.ok((await d.chips()).some((c) => c.includes(evil)));
  assert.equal(await page.locator('img[src=x]').count(), 0);
  await page.locator('[data-testid=unknown-values]').waitFor();
  assert.match(await page.locator('[data-testid=unknown-values]').innerText(), /no es una región/);
  assert.match(await page.locator('[data-testid=url-notice]').innerText(), /sel/);
  // Long values wrap: the page is never wider than the phone.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390 + 1));
  assert.equal(dialogs, 0);
  assert.deepEqual(d.errors, []);
  await page.close();
});
