// Tickets y SLA, Reclamaciones, Reseñas, Clientes and the explorer against the SQL twins in
// DuckDB under several filters; the complaint book's deadline list against DuckDB with the
// project's holiday calendar; the explorer's CSV against DuckDB; a chart's PNG is a valid PNG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  site, serve, Dashboard, expectedPages, checkRecordsCsv, queryFor, download, parseCsv, near, manifest,
  ROOT, DATA,
} from './util.mjs';

const s = site();
const m = manifest();
// The whole period; one month; a region and two segments; a channel (tickets only).
const FILTERS = [
  {},
  { from: '2025-08-01', to: '2025-08-31' },
  { regions: ['Lima'], segments: ['Premium', 'Pyme'] },
  { channels: ['email'], from: '2025-06-01' },
];

async function open(pagina, f, extra = {}, base = s.server.url) {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const d = new Dashboard(page);
  await d.open(base + queryFor(pagina, f, extra),
    pagina === 'explorador' ? '[data-testid=table-records] tbody tr, [data-testid=error-panel]' : undefined);
  return d;
}

const rowsOf = (page, id) => page.locator(`[data-testid=${id}] tbody tr`).evaluateAll((els) => els.map((e) => ({ ...e.dataset })));

for (const f of FILTERS) {
  const label = JSON.stringify(f);
  const want = expectedPages(f);

  test(`Tickets y SLA by priority equal DuckDB under ${label}`, async () => {
    const d = await open('tickets', f);
    assert.equal(Number((await d.tile('tickets')).raw), want.tiles.tickets);
    near((await d.tile('sla')).raw, want.tiles.sla, 'SLA tile');
    near((await d.tile('reopen')).raw, want.tiles.reopen, 'reopen tile');
    // By priority (the default), category and channel.
    for (const [button, grouping] of [['by-priority', 'prioridad'], ['by-category', 'categoria'], ['by-channel', 'canal']]) {
      await d.page.locator(`[data-testid=${button}]`).click();
      const groups = want.ticket_groups[grouping] ?? [];
      await d.page.waitForFunction(([n, first]) => {
        const trs = [...document.querySelectorAll('[data-testid=table-ticket-groups] tbody tr[data-key]')];
        return trs.length === n && (n === 0 || trs[0].dataset.key === first);
      }, [groups.length, groups[0]?.grp]);
      const rows = await rowsOf(d.page, 'table-ticket-groups');
      assert.deepEqual(rows.map((r) => r.key), groups.map((g) => g.grp), grouping);
      rows.forEach((r, i) => {
        const g = groups[i];
        assert.equal(Number(r.tickets), g.tickets, `${r.key} tickets`);
        near(r.sla, g.sla_compliance, `${r.key} SLA`);
        near(r.reopen, g.reopen_rate, `${r.key} reopen`);
        near(r.frMedian, g.first_reply_median_h, `${r.key} first reply median`);
        near(r.resP90, g.resolution_p90_h, `${r.key} resolution p90`);
        near(r.resBhMedian, g.resolution_bh_median_h, `${r.key} resolution median in business hours`);
      });
    }
    assert.deepEqual(d.errors, []);
    await d.page.close();
  });

  test(`Reclamaciones by tipo and the deadline list equal DuckDB under ${label}`, async () => {
    const d = await open('reclamaciones', f);
    assert.equal(Number((await d.tile('entries')).raw), want.tiles.entries);
    near((await d.tile('on-time')).raw, want.tiles['on-time'], 'on-time tile');
    for (const [button, grouping] of [['by-tipo', 'tipo'], ['by-item', 'bien'], ['by-channel', 'canal'], ['by-branch', 'sucursal']]) {
      await d.page.locator(`[data-testid=${button}]`).click();
      const groups = want.complaint_groups[grouping] ?? [];
      await d.page.waitForFunction(([n, first]) => {
        const trs = [...document.querySelectorAll('[data-testid=table-complaint-groups] tbody tr[data-key]')];
        return trs.length === n && (n === 0 || trs[0].dataset.key === first);
      }, [groups.length, groups[0]?.grp]);
      const rows = await rowsOf(d.page, 'table-complaint-groups');
      assert.deepEqual(rows.map((r) => r.key), groups.map((g) => g.grp), grouping);
      rows.forEach((r, i) => {
        const g = groups[i];
        assert.equal(Number(r.entries), g.entries, `${r.key} entries`);
        near(r.onTime, g.on_time, `${r.key} on time`);
        near(r.amount, g.amount_pen, `${r.key} amount`);
      });
    }
    // The whole list (every page of it) through its CSV: codes in order and business days left.
    const { file, name } = await download(d.page, '[data-testid=table-deadlines-csv]');
    assert.match(name, /^reclamaciones_table-deadlines_.*\.csv$/);
    const csv = parseCsv(readFileSync(file, 'utf-8'));
    const body = csv.slice(1);
    assert.deepEqual(body.map((r) => r[0]), want.deadlines.map((x) => x.code));
    assert.deepEqual(body.map((r) => Number(r[4])), want.deadlines.map((x) => x.left));
    // The first page of the table shows the same, with its state.
    const shown = await rowsOf(d.page, 'table-deadlines');
    assert.deepEqual(shown.map((r) => [r.code, Number(r.left)]),
      want.deadlines.slice(0, shown.length).map((x) => [x.code, x.left]));
    assert.deepEqual(d.errors, []);
    await d.page.close();
  });

  test(`Reseñas by branch equal DuckDB under ${label}`, async () => {
    const d = await open('resenas', f);
    assert.equal(Number((await d.tile('reviews')).raw), want.tiles.reviews);
    near((await d.tile('stars')).raw, want.tiles.stars, 'mean stars tile');
    const rows = await rowsOf(d.page, 'table-review-branches');
    assert.deepEqual(rows.map((r) => r.branch), want.branches.map((b) => b.sucursal));
    rows.forEach((r, i) => {
      assert.equal(Number(r.n), want.branches[i].n);
      near(r.mean, want.branches[i].mean_stars, `${r.branch} mean stars`);
    });
    assert.deepEqual(d.errors, []);
    await d.page.close();
  });

  test(`Clientes by segment and repeat contacters equal DuckDB under ${label}`, async () => {
    const d = await open('clientes', f);
    for (const [table, grouping] of [['table-customer-segments', 'segmento'], ['table-customer-regions', 'departamento']]) {
      const groups = want.customer_groups[grouping] ?? [];
      const rows = (await rowsOf(d.page, table)).filter((r) => r.key !== undefined);
      assert.deepEqual(rows.map((r) => r.key), groups.map((g) => g.grp), grouping);
      rows.forEach((r, i) => {
        const g = groups[i];
        assert.equal(Number(r.customers), g.customers, `${r.key} customers`);
        assert.equal(Number(r.contacts), g.contacts, `${r.key} contacts`);
        near(r.csat, g.csat, `${r.key} CSAT`);
        near(r.nps, g.nps, `${r.key} NPS`);
      });
    }
    // Tenure bands, from the chart's numbers.
    const tenure = await d.option('chart-customer-tenure').catch(() => null);
    if (want.tenure.some((n) => n > 0)) {
      assert.deepEqual(tenure.series[0].data.map((p) => (typeof p === 'object' ? p.value : p)), want.tenure);
    }
    assert.equal(Number((await d.tile('repeaters')).raw), want.repeaters);
    assert.equal(Number((await d.tile('customers')).raw), want.customers);
    assert.deepEqual(d.errors, []);
    await d.page.close();
  });
}

test('Sede Los Olivos is the lowest-rated branch and the outage week answered late', async () => {
  const d = await open('resenas', {});
  const first = await d.page.locator('[data-testid=table-review-branches] tbody tr').first().getAttribute('data-branch');
  assert.equal(first, 'Sede Los Olivos');
  const worst = await d.page.locator('[data-testid=worst-branches] article').first().getAttribute('data-branch');
  assert.equal(worst, 'Sede Los Olivos');
  await d.page.close();
  // Weekly on-time answers: the week of 18 August 2025 far below the others.
  const r = await open('reclamaciones', { from: '2025-07-01', to: '2025-09-30' });
  await r.page.goto(s.server.url + queryFor('reclamaciones', { from: '2025-07-01', to: '2025-09-30' }, { paso: 'semana' }));
  await r.ready();
  const o = await r.option('chart-complaint-on-time');
  const onTime = o.series.find((x) => x.type === 'line').data.map((p) => (typeof p === 'object' ? p.value : p));
  const names = o.series[0].data.map((p) => p.name);
  const outage = onTime[names.indexOf('2025-08-18')];
  const others = onTime.filter((_, i) => names[i] !== '2025-08-18').sort((a, b) => a - b);
  const median = others[Math.floor(others.length / 2)];
  assert.ok(outage + 20 < median, `outage week ${outage} % against a median week of ${median} %`);
  await r.page.close();
});

test('the explorer pages, sorts, searches and exports the selection as CSV equal to DuckDB', async () => {
  const f = { channels: ['email'], from: '2025-08-01', to: '2025-09-30' };
  const d = await open('explorador', f, { conjunto: 'tickets_soporte' });
  const count = await d.page.locator('[data-testid=records-count]').innerText();
  const rows = await d.page.locator('[data-testid=table-records] tbody tr').count();
  assert.equal(rows, 50);
  // Sorting by creation descending puts the latest ticket first.
  await d.page.locator('[data-testid=records-sort-creado]').click();
  await d.page.locator('[data-testid=records-sort-creado]').click();
  const firstCreated = await d.page.locator('[data-testid=table-records] tbody tr').first().locator('td').nth(6).innerText();
  assert.ok(firstCreated.startsWith('2025-09-'), firstCreated);
  const { file, name } = await download(d.page, '[data-testid=records-csv]');
  assert.match(name, /^explorador_tickets_soporte_2025-08-01_2025-09-30_canal-email\.csv$/);
  const checked = checkRecordsCsv(f, 'tickets_soporte', file);
  assert.match(count, new RegExp(`^${checked.rows.toLocaleString('en-US')} `));
  // Full-text search over the texts: every complaint-book entry shown mentions the word.
  await d.page.goto(s.server.url + queryFor('explorador', {}, { conjunto: 'libro_reclamaciones', buscar: 'reembolso' }));
  await d.page.waitForSelector('[data-testid=table-records] tbody tr');
  const texts = await d.page.locator('[data-testid=table-records] tbody tr').evaluateAll((els) => els.map((e) => e.innerText.toLowerCase()));
  assert.ok(texts.length > 0 && texts.every((t) => t.includes('reembolso')));
  // Typing applies the search after a pause, without Enter; accents and case do not matter.
  const reembolso = await d.page.locator('[data-testid=records-count]').innerText();
  await d.page.locator('[data-testid=records-search]').fill('indecopi');
  await d.page.waitForFunction((b) => document.querySelector('[data-testid=records-count]').innerText !== b, reembolso);
  assert.match(d.page.url(), /buscar=indecopi/);
  await d.page.locator('[data-testid=records-search]').fill('REEMBOLSÓ');
  await d.page.waitForFunction((b) => document.querySelector('[data-testid=records-count]').innerText === b, reembolso);
  // Nothing found: the table says so.
  await d.page.locator('[data-testid=records-search]').fill('zzzz-nada');
  await d.page.waitForSelector('[data-testid=table-records] tbody tr.none');
  assert.deepEqual(d.errors, []);
  await d.page.close();
});

test('text cells that start like a formula are neutralised in the CSV (a hostile lake)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cx-hostile-'));
  const lake = path.join(dir, 'lake');
  execFileSync(path.join(ROOT, '.venv/bin/python'), [path.join(ROOT, 'tests/python/hostile_lake.py'), DATA, lake]);
  const server = await serve({ data: lake });
  try {
    const d = await open('explorador', {}, { conjunto: 'libro_reclamaciones' }, server.url);
    const { file } = await download(d.page, '[data-testid=records-csv]');
    const text = readFileSync(file, 'utf-8');
    const csv = parseCsv(text);
    const header = csv[0];
    const first = csv.find((r) => r[header.indexOf('codigo')] === "'-2+3");
    assert.ok(first, 'the hostile entry is in the CSV with its code neutralised');
    assert.equal(first[header.indexOf('detalle')], `'=HYPERLINK("http://example.invalid","clic")`);
    assert.equal(first[header.indexOf('pedido')], "'+51 999 888 777");
    assert.equal(first[header.indexOf('descripcion_bien')], "'@SUM(A1:A9)");
    // No cell of the file starts a formula; the rest equals DuckDB cell for cell.
    assert.ok(csv.slice(1).every((r) => r.every((c) => !/^[=+@]/.test(c))));
    checkRecordsCsv({}, 'libro_reclamaciones', file, lake);
    assert.deepEqual(d.errors, []);
    await d.page.close();
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a chart's numbers download as CSV with a byte-order mark, CRLF and the chart's labels", async () => {
  const d = await open('tickets', {});
  const { file } = await download(d.page, '[data-testid=chart-ticket-groups-csv]');
  const raw = readFileSync(file);
  assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const csv = parseCsv(raw.toString('utf-8'));
  assert.equal(csv[0][0], 'Elemento');
  assert.deepEqual(csv.slice(1).map((r) => r[0]), ['Urgente', 'Alta', 'Media', 'Baja']);
  await d.page.close();
});

test('a chart downloads as a valid PNG named after the page, the chart and the filter', async () => {
  const d = await open('tickets', { from: '2025-08-01', to: '2025-08-31' });
  await d.page.locator('[data-testid=chart-ticket-groups] canvas').waitFor();
  const { file, name } = await download(d.page, '[data-testid=chart-ticket-groups-png]');
  assert.equal(name, 'tickets_chart-ticket-groups_2025-08-01_2025-08-31.png');
  const png = readFileSync(file);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');
  const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  assert.ok(w > 200 && h > 200, `${w}×${h}`);
  await d.page.close();
  void m;
});
