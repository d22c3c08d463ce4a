// Timing a filter change in the page until every chart and tile is redrawn: shared by
// filter_redraw.mjs and race.mjs.

/** In the page: apply `change`, wait until every chart redrew and the tiles changed, return ms. */
export async function timed(page, change) {
  return page.evaluate(async (change) => {
    const charts = [...document.querySelectorAll('.chart-card .chart')];
    const before = charts.map((c) => c.dataset.drawn ?? '0');
    const tiles = document.querySelector('[data-testid=kpis]')?.innerText ?? '';
    const t0 = performance.now();
    if (change.kind === 'select') {
      const s = document.querySelector(`[data-testid=${change.id}]`);
      s.value = change.value;
      s.dispatchEvent(new Event('change', { bubbles: true }));
    } else {
      // What ECharts calls on a click on element `index` of the chart.
      document.querySelector(`[data-testid=${change.id}]`).__cxClick(JSON.stringify({ name: null, series: change.series ?? null, index: change.index, value: [] }));
    }
    const kpis = () => document.querySelector('[data-testid=kpis]')?.innerText ?? '';
    const done = () => charts.every((c, i) => !c.isConnected || c.dataset.drawn !== before[i] || c.classList.contains('hidden'))
      && (!tiles || kpis() !== tiles);
    // "Qué cambió" is searched after the redraw: its time goes to window.__cxFound (ms from the
    // change, or null when the page has none), and the next change waits for it.
    window.__cxFound = null;
    const searching = () => document.querySelector('[data-testid=what-changed-pending]');
    for (let frames = 0; frames < 300; frames++) {
      await new Promise((r) => requestAnimationFrame(r));
      if (done()) {
        const drawn = performance.now() - t0;
        if (document.querySelector('[data-testid=what-changed]')) {
          for (let more = 0; more < 1200 && searching(); more++) await new Promise((r) => requestAnimationFrame(r));
          window.__cxFound = searching() ? null : performance.now() - t0;
        }
        return drawn;
      }
    }
    const stale = charts.filter((c, i) => c.dataset.drawn === before[i]).map((c) => c.dataset.testid);
    return `${JSON.stringify(change)}: not redrawn ${stale.join(',')}${tiles && kpis() === tiles ? ' tiles' : ''}`;
  }, change);
}

export const pct = (v, p) => { const s = [...v].sort((a, b) => a - b); return s[Math.max(0, Math.ceil(p * s.length) - 1)]; };

/** The varied filter changes of a page (each differs from the one before): each channel, six
 * regions, each segment, five date presets, and back to everything. */
export async function filterCycle(page) {
  const regions = await page.locator('[data-testid=filter-region] option').evaluateAll((o) => o.map((x) => x.value).filter(Boolean));
  return [
    ...['telefono', 'chat', 'email', 'web', 'presencial', ''].map((v) => ({ kind: 'select', id: 'filter-channel', value: v })),
    ...regions.slice(0, 6).map((v) => ({ kind: 'select', id: 'filter-region', value: v })),
    { kind: 'select', id: 'filter-region', value: '' },
    ...['Premium', 'Pyme', 'Masivo', ''].map((v) => ({ kind: 'select', id: 'filter-segment', value: v })),
    ...['90d', '30d', 'mes-anterior', 'trimestre', 'todo'].map((v) => ({ kind: 'select', id: 'filter-preset', value: v })),
  ];
}
