// Cross-filtering: a click on a chart element or a table row filters the whole dashboard, shows
// as a chip that removes it, and the chart clicked keeps its full context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { site, expectedKpis, Dashboard, assertResumenEquals } from './util.mjs';

const s = site();

test('a click on a month bar filters every tile to that month; the chart keeps all months', async () => {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const d = new Dashboard(page);
  // No step given: the whole period is drawn by month, and stays so after the click.
  await d.open(s.server.url);
  const before = await d.option('chart-volume');
  const months = before.xAxis[0].data;
  const k = months.indexOf('ago 2025');
  assert.ok(k >= 0, months.join(','));
  await d.clickPoint('chart-volume', 0, k);
  await page.waitForURL(/sel=mes:2025-08&sel_de=chart-volume/);
  await d.ready();
  assert.ok((await d.chips()).some((c) => /Selección · Mes: ago 2025/.test(c)));
  await assertResumenEquals(d, expectedKpis({ from: '2025-08-01', to: '2025-08-31' }));
  const after = await d.option('chart-volume');
  assert.deepEqual(after.xAxis[0].data, months);
  // The other months are dimmed, the selected one is not.
  const item = (i) => after.series[0].data[i];
  assert.equal(item(k).itemStyle, undefined);
  assert.equal(item(k === 0 ? 1 : 0).itemStyle.opacity, 0.3);
  // Another chart (abandonment and complaints) shows only the selection.
  const trouble = await d.option('chart-trouble');
  const days = trouble.xAxis[0].data;
  assert.ok(days.length > 0 && days.every((l) => l.endsWith('/08/2025')), days.join(','));
  // A second click on the same bar clears the selection; the chip does too.
  await d.clickPoint('chart-volume', 0, k);
  await page.waitForURL((u) => !u.search.includes('sel='));
  await d.clickPoint('chart-volume', 0, k);
  await page.waitForURL(/sel=mes:2025-08/);
  await page.locator('[data-testid=chip-seleccion] button').click();
  await page.waitForURL((u) => !u.search.includes('sel='));
  await assertResumenEquals(d, expectedKpis({}));
  assert.deepEqual(d.errors, []);
  await page.close();
});

test('a click on a channel row filters the dashboard to that channel', async () => {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const d = new Dashboard(page);
  await d.open(`${s.server.url}?pagina=canales`, '[data-testid=table-channels]');
  await page.locator('[data-testid=table-channels] tr[data-channel=email]').click();
  await page.waitForURL(/sel=canal:email&sel_de=table-channels/);
  // The table clicked keeps every channel, the email row marked.
  assert.equal(await page.locator('[data-testid=table-channels] tbody tr').count(), 5);
  assert.match(await page.locator('[data-testid=table-channels] tr[data-channel=email]').getAttribute('class'), /selected/);
  // The CSAT chart follows the selection.
  await page.waitForFunction(() => {
    const c = echarts.getInstanceByDom(document.querySelector('[data-testid=chart-channel-csat]'));
    return c && c.getOption().xAxis[0].data.length === 1;
  });
  await d.nav('resumen');
  await d.ready();
  await assertResumenEquals(d, expectedKpis({ channels: ['email'] }));
  await page.close();
});

test('a click on a heatmap cell filters to that weekday and hour', async () => {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const d = new Dashboard(page);
  await d.open(`${s.server.url}?pagina=canales`, '[data-testid=table-channels]');
  await d.option('chart-hour-weekday');
  await d.clickPoint('chart-hour-weekday', 0, 10); // Monday, 10:00–10:59
  await page.waitForURL(/sel=franja:1-10&sel_de=chart-hour-weekday/);
  assert.ok((await d.chips()).some((c) => /Franja: Lun 10:00–10:59/.test(c)));
  const o = await d.option('chart-hour-weekday');
  assert.equal(o.series[0].data.length, 7 * 24); // the whole week still drawn
  assert.equal(o.series[0].data[10].itemStyle.borderWidth, 3);
  await d.nav('resumen');
  await d.ready();
  await assertResumenEquals(d, expectedKpis({ weekdays: [1], hours: [10] }));
  assert.deepEqual(d.errors, []);
  await page.close();
});

test('a click on an agent row filters to the agent; a click on a point of the scatter too', async () => {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const d = new Dashboard(page);
  await d.open(`${s.server.url}?pagina=agentes`, '[data-testid=table-agents]');
  await page.locator('[data-testid=agents-search]').fill('T-07');
  await page.locator('[data-testid=table-agents] tr[data-agent=T-07]').click();
  await page.waitForURL(/sel=agente:T-07/);
  await d.nav('resumen');
  await d.ready();
  assert.equal(Number((await d.tile('interactions')).raw), expectedKpis({ agents: ['T-07'] }).interactions);
  await d.nav('agentes');
  await d.ready('[data-testid=table-agents]');
  await page.locator('[data-testid=chip-seleccion] button').click();
  await page.waitForURL((u) => !u.search.includes('sel='));
  // The scatter: click a point of the "Agentes" series (points may overlap: any agent will do).
  await page.waitForFunction(() => {
    const c = echarts.getInstanceByDom(document.querySelector('[data-testid=chart-agents]'));
    return c && c.getOption().series[0].data.length > 10;
  });
  const o = await d.option('chart-agents');
  const names = o.series.flatMap((s) => (s.data ?? []).map((p) => p.name));
  await d.clickPoint('chart-agents', 0, 0);
  await page.waitForURL(/sel=agente:[A-Z]-\d+&sel_de=chart-agents/);
  const picked = new URL(page.url()).searchParams.get('sel').split(':')[1];
  assert.ok(names.includes(picked), `${picked} is not a point of the chart`);
  assert.deepEqual(d.errors, []);
  await page.close();
});
