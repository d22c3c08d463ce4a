// The dashboard in two languages, accessible, on a phone and in two themes: a walk over every page
// in Spanish and in English that fails on words of the other language; axe-core on every page in
// both languages and themes; keyboard use; "ver como tabla"; 390 × 844 without horizontal scroll
// and with the filters in a drawer; screenshots of every page at desktop and phone sizes in both
// themes (tests/e2e/artifacts/pages/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { site, Dashboard, ARTIFACTS, ROOT } from './util.mjs';

const s = site();
const PAGES = ['resumen', 'canales', 'nps', 'agentes', 'sentimiento', 'tickets', 'reclamaciones', 'resenas', 'clientes', 'explorador'];
const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');
const AXE_SOURCE = readFileSync(AXE, 'utf8');
const SHOTS = path.join(ARTIFACTS, 'pages');

// Words of the interface that only one language uses (never values of the data, which stay as
// the data has them: categories, branches, customers' texts marked lang="es").
const MARKERS = {
  es: ['Cargando', 'Sin datos', 'Página', 'Anterior', 'Siguiente', 'Descargar', 'Buscar', 'Filtros', 'Período',
    'Desde', 'Hasta', 'Región', 'días', 'hábiles', 'Ver como tabla', 'Ver registros', 'Semana', 'mediana',
    'respuestas', 'llamadas', 'Agente', 'Canal', 'Contactos', 'Quitar', 'Comparar', 'Todos', 'Todas',
    'Tendencia', 'Reseñas', 'Clientes', 'Entradas', 'Abiertas', 'Prioridad', 'Categoría', 'Resumen',
    'Sentimiento', 'Desempeño', 'Promotores', 'Detractores', 'Impulsores', 'Abandono', 'conversaciones',
    'Tema oscuro', 'Tema claro', 'Conjunto de datos', 'Registros', 'Antigüedad', 'Montos', 'Vencen', 'vencidas'],
  en: ['Loading', 'No data', 'Page', 'Previous', 'Next', 'Download', 'Search', 'Filters', 'Period', 'From',
    'Region', 'days', 'business', 'Show as table', 'See records', 'Week', 'median', 'answers', 'calls', 'Agent',
    'Channel', 'Contacts', 'Remove', 'Compare', 'All', 'Trend', 'Reviews', 'Customers', 'Entries', 'Open',
    'Priority', 'Category', 'Overview', 'Sentiment', 'Performance', 'Promoters', 'Detractors', 'Drivers',
    'Abandonment', 'conversations', 'Dark theme', 'Light theme', 'Dataset', 'Records', 'Tenure', 'Amounts',
    'Due soon', 'overdue', 'the', 'of', 'with'],
};

const READY = '[data-testid=kpis], [data-testid=table-channels], [data-testid=table-agents], [data-testid=sentiment-progress], [data-testid=table-records] tbody tr, [data-testid=error-panel]';

async function visit(page, pagina, extra = '') {
  await page.goto(`${s.server.url}?pagina=${pagina}${extra}`);
  const d = new Dashboard(page);
  await d.ready(READY);
  // Charts draw after the data: wait until every chart card has drawn or shows its empty state.
  await page.waitForFunction(() => [...document.querySelectorAll('.chart')].every((c) => c.dataset.empty === 'true' || Number(c.dataset.drawn || 0) > 0), null, { timeout: 30_000 });
  assert.equal(await page.locator('[data-testid=failure-panel]').count(), 0, `${pagina}: the recovery panel is showing`);
}

/** Visible text and labels of the page in its own language (elements marked with another lang skipped). */
function pageWords(page) {
  return page.evaluate(() => {
    const own = document.documentElement.lang.slice(0, 2);
    const out = [];
    const keep = (el) => {
      const l = el.closest('[lang]');
      return !l || l.lang.slice(0, 2) === own;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || ['SCRIPT', 'STYLE'].includes(el.tagName) || !keep(el)) continue;
      if (el.closest('.chart')) continue; // ECharts' own DOM (tooltips)
      out.push(n.textContent);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
      if (!keep(el) || el.closest('.chart')) continue;
      for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
    }
    return out.join('\n');
  });
}

for (const lang of ['es', 'en']) {
  test(`every page speaks ${lang === 'es' ? 'Spanish' : 'English'} only`, async () => {
    const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const other = lang === 'es' ? MARKERS.en : MARKERS.es;
    for (const p of PAGES) {
      await visit(page, p, `&lang=${lang}`);
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang === 'es' ? 'es-PE' : 'en');
      // "Ver como tabla" on the first chart, so its table's words are checked too.
      const toggle = page.locator('[data-testid$=-as-table]').first();
      if (await toggle.count()) await toggle.click();
      const words = await pageWords(page);
      const found = other.filter((w) => new RegExp(`(^|[^\\p{L}])${w}([^\\p{L}]|$)`, 'u').test(words));
      assert.deepEqual(found, [], `${p} (${lang}) shows words of the other language: ${found.join(', ')}`);
    }
    await page.close();
  });
}

test('the language toggle changes every label, is kept in the URL and remembered', async () => {
  const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await visit(page, 'tickets');
  assert.equal(await page.locator('[data-testid=nav-tickets]').innerText(), 'Tickets y SLA');
  const before = await page.locator('[data-testid=kpi-sla] .kpi-value').innerText();
  await page.locator('[data-testid=lang-en]').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(page.url(), /[?&]lang=en/);
  assert.equal(await page.locator('[data-testid=nav-tickets]').innerText(), 'Tickets & SLA');
  // The same number, in the English format (no space before %).
  const after = await page.locator('[data-testid=kpi-sla] .kpi-value').innerText();
  assert.equal(after, before.replace(' %', '%'));
  // A new visit without the parameter remembers English; the Spanish toggle brings Spanish back.
  const again = await ctx.newPage();
  await visit(again, 'resumen');
  assert.equal(await again.evaluate(() => document.documentElement.lang), 'en');
  await again.locator('[data-testid=lang-es]').click();
  await again.waitForFunction(() => document.documentElement.lang === 'es-PE');
  assert.doesNotMatch(again.url(), /lang=/);
  await ctx.close();
});

for (const theme of ['light', 'dark']) {
  for (const lang of ['es', 'en']) {
    test(`axe-core finds no serious or critical violation on any page (${lang}, ${theme})`, async () => {
      const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 900 } });
      await ctx.addInitScript((t) => localStorage.setItem('cx-theme', t), theme);
      const page = await ctx.newPage();
      const problems = [];
      for (const p of PAGES) {
        await visit(page, p, `&lang=${lang}`);
        // Evaluated through the DevTools protocol: a <script> tag would be (rightly) refused by
        // the page's Content-Security-Policy.
        await page.evaluate(AXE_SOURCE);
        const v = await page.evaluate(async () => (await axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
          resultTypes: ['violations'],
        })).violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')
          .map((x) => `${x.id} (${x.impact}) at ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`));
        problems.push(...v.map((x) => `${p}: ${x}`));
      }
      assert.deepEqual(problems, []);
      await ctx.close();
    });
  }
}

test('every chart has an ARIA description, decal patterns and a table with the same numbers', async () => {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await visit(page, 'tickets');
  const aria = await page.evaluate(() => {
    const el = document.querySelector('[data-testid=chart-ticket-groups]');
    const o = echarts.getInstanceByDom(el).getOption();
    return { label: el.getAttribute('aria-label'), aria: o.aria[0] ?? o.aria };
  });
  assert.ok(aria.label && aria.label.length > 20, aria.label);
  assert.equal(aria.aria.enabled, true);
  assert.equal(aria.aria.decal.show, true);
  const series = await page.evaluate(() => echarts.getInstanceByDom(document.querySelector('[data-testid=chart-ticket-groups]'))
    .getOption().series.map((x) => x.data.map((p) => (typeof p === 'object' && p !== null ? p.value : p))));
  await page.locator('[data-testid=chart-ticket-groups-as-table]').click();
  const table = await page.locator('[data-testid=chart-ticket-groups-table] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText)));
  assert.equal(table.length, series[0].length);
  // Column k of the table is series k, rounded to two decimals as shown; a missing value is empty.
  series.forEach((values, k) => values.forEach((v, i) => {
    const cell = table[i][k];
    if (v === '-' || v === null || v === undefined) {
      assert.equal(cell, '', `series ${k}, row ${i}: chart has no value, table ${cell}`);
    } else {
      assert.ok(Math.abs(Number(cell.replace(/,/g, '')) - v) < 0.006, `series ${k}, row ${i}: table ${cell}, chart ${v}`);
    }
  }));
  assert.equal(await page.locator('[data-testid=chart-ticket-groups] canvas').isVisible(), false);
  await page.close();
});

test('navigation, filters, chips and tables work from the keyboard with a visible focus', async () => {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await visit(page, 'resumen');
  // The skip link comes first and takes the focus to the content.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  // Tab to the "Reclamaciones" tab and open it with Enter.
  await page.locator('[data-testid=nav-canales]').focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'nav-reclamaciones');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=table-deadlines]');
  assert.match(page.url(), /pagina=reclamaciones/);
  // A filter from the keyboard: focus the segment select and pick with the arrows.
  await page.locator('[data-testid=filter-segment]').focus();
  await page.keyboard.press('ArrowDown');
  await page.waitForSelector('[data-testid=chip-segmento]');
  // The chip's remove button from the keyboard.
  await page.locator('[data-testid=chip-segmento] button').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.querySelector('[data-testid=chip-segmento]'));
  // A table row from the keyboard sets the cross-filter (Clientes: a segment row).
  await visit(page, 'clientes');
  await page.locator('[data-testid=table-customer-segments] tbody tr').first().focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=chip-seleccion]');
  // Sorting the explorer from the keyboard.
  await visit(page, 'explorador', '&conjunto=resenas_online');
  await page.locator('[data-testid=records-sort-estrellas]').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('th[aria-sort=ascending]').count(), 1);
  await page.close();
});

test('on a 390 × 844 phone: no horizontal scroll, filters in a drawer, tiles two a row', async () => {
  const ctx = await s.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await ctx.newPage();
  for (const p of PAGES) {
    await visit(page, p);
    // Against the screen's 390 px (a phone widens its layout viewport to what overflows).
    const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: window.innerWidth }));
    assert.ok(w.scroll <= 390 && w.body <= 390 && w.view <= 390, `${p}: page ${w.scroll}/${w.body} px wide, viewport ${w.view} px, on a 390 px screen`);
  }
  await visit(page, 'resumen');
  assert.equal(await page.locator('[data-testid=filter-bar]').isVisible(), false);
  await page.locator('[data-testid=drawer-toggle]').click();
  assert.equal(await page.locator('[data-testid=filter-bar]').isVisible(), true);
  await page.locator('[data-testid=filter-channel]').selectOption('email');
  await page.locator('[data-testid=drawer-close]').click();
  assert.equal(await page.locator('[data-testid=filter-bar]').isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'drawer-toggle');
  // Escape closes it too.
  await page.locator('[data-testid=drawer-toggle]').click();
  await page.locator('[data-testid=filter-region]').focus();
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('[data-testid=filter-bar]').isVisible(), false);
  assert.match(await page.locator('[data-testid=drawer-toggle]').innerText(), /Filtros \(1\)/);
  const tiles = await page.locator('[data-testid=kpis] .kpi').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
  assert.ok(tiles.every((x) => x <= 390 / 2), `tiles ${tiles.join(', ')} px wide`);
  // Charts fit the screen.
  const charts = await page.locator('.chart:not(.hidden)').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
  assert.ok(charts.every((r) => r <= 390), `charts end at ${charts.join(', ')}`);
  await ctx.close();
});

test('the theme follows the system, toggles and is remembered', async () => {
  const ctx = await s.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
  const page = await ctx.newPage();
  await visit(page, 'resumen');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const darkBg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.locator('[data-testid=theme-toggle]').click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  const lightBg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.notEqual(darkBg, lightBg);
  const again = await ctx.newPage();
  await visit(again, 'tickets');
  assert.equal(await again.evaluate(() => document.documentElement.dataset.theme), 'light');
  await ctx.close();
});

test('screenshots of every page at desktop and phone sizes in both themes', async () => {
  mkdirSync(SHOTS, { recursive: true });
  for (const theme of ['light', 'dark']) {
    for (const [size, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
      const ctx = await s.browser.newContext({ viewport, deviceScaleFactor: 1 });
      await ctx.addInitScript((t) => localStorage.setItem('cx-theme', t), theme);
      const page = await ctx.newPage();
      for (const p of PAGES) {
        await visit(page, p);
        await page.screenshot({ path: path.join(SHOTS, `${p}-${size}-${theme}.png`), fullPage: true });
      }
      await ctx.close();
    }
  }
});

test('an unhandled failure shows the recovery panel with its message and a reload button', async () => {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await visit(page, 'resumen');
  assert.equal(await page.locator('[data-testid=failure-panel]').count(), 0, 'no panel on a healthy page');
  await page.evaluate(() => { Promise.reject(new Error('prueba: una promesa sin manejar')); });
  const panel = page.locator('[data-testid=failure-panel]');
  await panel.waitFor();
  assert.match(await panel.innerText(), /Algo salió mal[\s\S]*prueba: una promesa sin manejar[\s\S]*Recargar la página/);
  assert.equal(await panel.getAttribute('role'), 'alert');
  await Promise.all([page.waitForEvent('load'), panel.locator('button').click()]);
  await visit(page, 'resumen');
  assert.equal(await page.locator('[data-testid=failure-panel]').count(), 0);
  await page.close();
});

test('a panic (the release build aborts after it) shows the recovery panel, not a frozen page', async () => {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await visit(page, 'resumen');
  // A Rust panic inside the wasm: the hook writes the panel, then the module traps.
  await page.evaluate(() => { try { window.wasmBindings.recovery_selftest(); } catch { /* the trap */ } });
  const panel = page.locator('[data-testid=failure-panel]');
  await panel.waitFor();
  assert.match(await panel.innerText(), /Algo salió mal[\s\S]*recovery_selftest: a deliberate panic[\s\S]*Recargar la página/);
  await Promise.all([page.waitForEvent('load'), panel.locator('button').click()]);
  await visit(page, 'resumen');
  assert.equal(await page.locator('[data-testid=failure-panel]').count(), 0);
  await page.close();
});
