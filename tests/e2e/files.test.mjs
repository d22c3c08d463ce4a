// The user's own files: picked or dropped Parquet/CSV files and folders are read in the browser
// only (no request leaves the page), matched to datasets by name or columns, checked with a
// list of what is wrong, kept in the browser across reloads; the published data is one click
// away. Also another address typed in the Data panel, with plain errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, DATA, site, serve, expectedKpis, assertResumenEquals, Dashboard, manifest } from './util.mjs';

const s = site();
const PYTHON = process.env.PYTHON ?? path.join(ROOT, '.venv/bin/python');
const M = manifest();
const csvOf = (name) => path.join(DATA, M.datasets.find((d) => d.name === name).csv.path);

/** Requests to http(s) URLs while `fn` runs. */
async function requestsDuring(page, fn) {
  const seen = [];
  // The browser's own favicon request is not the page's.
  const on = (r) => { if (/^https?:/.test(r.url()) && !/\/icon-192\.png$/.test(r.url())) seen.push(r.url()); };
  page.on('request', on);
  try { await fn(); } finally { page.off('request', on); }
  return seen;
}

async function openPanel(page) {
  if (!(await page.locator('[data-testid=data-panel]').count())) await page.locator('[data-testid=data-panel-toggle]').click();
}

async function notes(page) {
  await page.waitForFunction(() => !document.querySelector('[data-testid=local-reading]'), null, { timeout: 120_000 });
  return page.locator('[data-testid=local-note]').evaluateAll((rows) => rows.map((r) => ({
    file: r.dataset.file, dataset: r.dataset.dataset, ok: r.dataset.ok === 'true', text: r.innerText,
  })));
}

test('the lake\'s seven CSV files, picked: read in the browser only, the same figures, kept across a reload', async () => {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const d = new Dashboard(page);
  await d.open(s.server.url);
  await openPanel(page);
  const files = M.datasets.map((ds) => csvOf(ds.name));
  const requests = await requestsDuring(page, async () => {
    await page.locator('[data-testid=local-files]').setInputFiles(files);
    const n = await notes(page);
    assert.equal(n.length, 7, JSON.stringify(n));
    assert.ok(n.every((x) => x.ok), JSON.stringify(n.filter((x) => !x.ok)));
    assert.ok(n.every((x) => /su nombre/.test(x.text)));
    await page.locator('[data-testid=local-kept]').waitFor();
    await d.ready();
  });
  assert.deepEqual(requests, [], 'no request leaves the page while the files load');
  assert.match(page.url(), /datos=locales/);
  assert.match(await page.locator('[data-testid=data-source]').innerText(), /tus archivos \(7 archivos, [\d.,]+ MB\)/);
  assert.match(await page.locator('[data-testid=period-local]').innerText(), /origen: tus archivos \(7\)/);
  await assertResumenEquals(d, expectedKpis());
  // One file chosen again (a corrected copy) replaces its dataset only; the others stay.
  await page.locator('[data-testid=local-files]').setInputFiles([csvOf('clientes')]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=local-note]').length === 1);
  await page.locator('[data-testid=data-source]').filter({ hasText: '7 archivos' }).waitFor();
  await d.ready();
  await assertResumenEquals(d, expectedKpis());
  // Kept in this browser: a reload reads them from IndexedDB, not from the site.
  const again = await requestsDuring(page, async () => {
    await page.reload();
    await d.ready();
  });
  assert.ok(!again.some((u) => /\/data\//.test(u)), again.join('\n'));
  await assertResumenEquals(d, expectedKpis());
  await openPanel(page);
  const used = Number(await page.locator('[data-testid=storage-used]').getAttribute('data-bytes'));
  assert.ok(used > 1_000_000, `storage used ${used}`);
  // The published data is one click away; the files stay kept until removed.
  await page.locator('[data-testid=use-published]').click();
  await page.waitForURL((u) => !/datos=/.test(u.search));
  await d.ready();
  await assertResumenEquals(d, expectedKpis());
  await page.goto(`${s.server.url}?datos=locales`);
  await d.ready();
  await openPanel(page);
  await page.locator('[data-testid=forget-local]').click();
  await page.waitForURL((u) => !/datos=/.test(u.search));
  await page.goto(`${s.server.url}?datos=locales`);
  await d.ready();
  const errs = await d.datasetErrors();
  assert.match(errs[0].text, /no hay archivos tuyos guardados en este navegador/);
  assert.deepEqual(d.errors, []);
  await page.close();
});

test('a folder of exports: matched by name, folder or columns; a Latin-1 CSV, a bad row, a missing column, a corrupt file and an unknown file each named', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cx-files-'));
  const folder = path.join(dir, 'exportes');
  try {
    mkdirSync(folder);
    // Customers as a Spanish spreadsheet saves them: Windows-1252, semicolons, CRLF.
    const excel = path.join(dir, 'excel');
    execFileSync(PYTHON, [path.join(ROOT, 'scripts/foreign_lake.py'), DATA, excel, 'excel-es']);
    copyFileSync(path.join(excel, M.datasets.find((x) => x.name === 'clientes').csv.path), path.join(folder, 'clientes.csv'));
    const latin1 = readFileSync(path.join(folder, 'clientes.csv'));
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(latin1));
    // Calls in the lake's layout (matched by their folder's name).
    const calls = M.datasets.find((x) => x.name === 'llamadas_call_center');
    for (const f of calls.files) {
      mkdirSync(path.dirname(path.join(folder, f.path)), { recursive: true });
      copyFileSync(path.join(DATA, f.path), path.join(folder, f.path));
    }
    // Surveys under a name that says nothing (matched by its columns).
    const surveys = M.datasets.find((x) => x.name === 'encuestas_post_atencion');
    copyFileSync(path.join(DATA, surveys.files[0].path), path.join(folder, 'export (3).parquet'));
    // Tickets with a bad row; reviews without a column the app needs.
    const tickets = readFileSync(csvOf('tickets_soporte'), 'utf8').split('\n');
    const header = tickets[0].split(',');
    const col = header.indexOf('sla_horas');
    const row = tickets[4].split(',');
    row[col] = 'abc';
    tickets[4] = row.join(',');
    writeFileSync(path.join(folder, 'tickets_soporte.csv'), tickets.join('\n'));
    const reviews = readFileSync(csvOf('resenas_online'), 'utf8').split('\n');
    const drop = reviews[0].split(',').indexOf('plataforma');
    writeFileSync(path.join(folder, 'resenas_online.csv'), `${reviews[0].split(',').filter((_, i) => i !== drop).join(',')}\n`);
    // A corrupt Parquet file of the complaint book, and a file of nothing.
    const book = M.datasets.find((x) => x.name === 'libro_reclamaciones');
    const raw = readFileSync(path.join(DATA, book.files[0].path));
    writeFileSync(path.join(folder, 'libro_reclamaciones.parquet'), raw.subarray(0, raw.length >> 1));
    writeFileSync(path.join(folder, 'notas.txt'), 'hola');

    const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const d = new Dashboard(page);
    await d.open(s.server.url);
    await openPanel(page);
    let n;
    const requests = await requestsDuring(page, async () => {
      await page.locator('[data-testid=local-folder]').setInputFiles(folder);
      n = await notes(page);
      await d.ready();
    });
    assert.deepEqual(requests, []);
    const of = (re) => n.filter((x) => re.test(x.file));
    assert.ok(of(/clientes\.csv$/)[0].ok, JSON.stringify(n));
    assert.equal(of(/llamadas_call_center\//).length, calls.files.length);
    assert.ok(of(/llamadas_call_center\//).every((x) => x.ok && x.dataset === 'llamadas_call_center'));
    const survey = of(/export \(3\)\.parquet$/)[0];
    assert.equal(survey.dataset, 'encuestas_post_atencion');
    assert.match(survey.text, /sus columnas/);
    assert.match(of(/tickets_soporte\.csv$/)[0].text, /línea 5, columna «sla_horas»: «abc» no es un número entero/);
    assert.match(of(/resenas_online\.csv$/)[0].text, /falta la columna «plataforma» en el encabezado/);
    assert.match(of(/libro_reclamaciones\.parquet$/)[0].text, /no es un archivo Parquet legible/);
    assert.match(of(/notas\.txt$/)[0].text, /archivo desconocido/);
    // What loaded is shown; a page needing an absent dataset says which and how to add it.
    await d.nav('tickets');
    await d.ready('main [data-testid=error-panel]');
    const errs = await d.datasetErrors();
    assert.ok(errs.some((e) => e.dataset === 'tickets_soporte' && /falta «tickets_soporte» entre tus archivos: añade tickets_soporte\.parquet o tickets_soporte\.csv/.test(e.text)), JSON.stringify(errs));
    // Accents of the Latin-1 file shown as they are.
    await d.nav('clientes');
    await d.ready();
    const text = await page.locator('main').innerText();
    assert.match(text, /Junín|Apurímac|Huánuco|San Martín/);
    assert.ok(!text.includes('\uFFFD'), 'no replacement characters');
    assert.deepEqual(d.errors, []);
    await page.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file dropped on the page: the panel opens and the file is read; a Parquet file of the wrong type is named with its column', async () => {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const d = new Dashboard(page);
  await d.open(s.server.url);
  const csv = readFileSync(csvOf('clientes'), 'utf8');
  // A surveys file whose "nps" column holds text.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cx-drop-'));
  const bad = path.join(dir, 'encuestas_post_atencion.parquet');
  const surveys = path.join(DATA, M.datasets.find((x) => x.name === 'encuestas_post_atencion').files[0].path);
  execFileSync(PYTHON, ['-c', `import pyarrow as pa, pyarrow.parquet as pq, sys
t = pq.read_table(sys.argv[1]); i = t.schema.get_field_index('nps')
t = t.set_column(i, 'nps', pa.array([None if v is None else str(v) for v in t.column('nps').to_pylist()], pa.string()))
pq.write_table(t, sys.argv[2])`, surveys, bad]);
  const parquet = readFileSync(bad).toString('base64');
  rmSync(dir, { recursive: true, force: true });
  const requests = await requestsDuring(page, async () => {
    await page.evaluate(({ csv, parquet }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([csv], 'clientes.csv', { type: 'text/csv' }));
      dt.items.add(new File([Uint8Array.from(atob(parquet), (c) => c.charCodeAt(0))], 'encuestas_post_atencion.parquet'));
      document.querySelector('main').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, { csv, parquet });
    await page.locator('[data-testid=data-panel]').waitFor();
    const n = await notes(page);
    assert.equal(n.length, 2, JSON.stringify(n));
    assert.ok(n.find((x) => x.file === 'clientes.csv').ok);
    assert.match(n.find((x) => x.file === 'encuestas_post_atencion.parquet').text, /la columna «nps» es Utf8, se esperaba Int32/);
  });
  assert.deepEqual(requests, []);
  assert.deepEqual(d.errors, []);
  await page.close();
});

test('the published lake\'s folder, dropped whole: read through its manifest, the same figures', async () => {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const d = new Dashboard(page);
  await d.open(s.server.url);
  await openPanel(page);
  const requests = await requestsDuring(page, async () => {
    await page.locator('[data-testid=local-folder]').setInputFiles(DATA);
    const n = await notes(page);
    assert.ok(n.some((x) => /manifest\.json$/.test(x.file) && x.ok), JSON.stringify(n.slice(0, 5)));
    assert.deepEqual(n.filter((x) => !x.ok), []);
    await d.ready();
  });
  assert.deepEqual(requests, []);
  await assertResumenEquals(d, expectedKpis());
  assert.deepEqual(d.errors, []);
  await page.close();
});

test('another address in the Data panel: s3:// becomes the bucket\'s HTTPS address; a wrong one is explained', async () => {
  // Its own server: the policy's refusal of the bucket is reported there, on purpose.
  const own = await serve();
  const page = await s.browser.newPage();
  const d = new Dashboard(page);
  await d.open(own.url);
  await openPanel(page);
  await page.locator('[data-testid=data-address]').fill('ftp://x');
  await page.locator('[data-testid=address-form] button[type=submit]').click();
  assert.match(await page.locator('[data-testid=address-error]').innerText(), /debe empezar con https:\/\/, http:\/\/ o s3:\/\//);
  await page.locator('[data-testid=data-address]').fill('s3://mi-bucket/datos');
  await Promise.all([page.waitForURL(/data=/), page.locator('[data-testid=address-form] button[type=submit]').click()]);
  assert.equal(new URL(page.url()).searchParams.get('data'), 'https://mi-bucket.s3.amazonaws.com/datos/');
  await d.ready();
  const errs = await d.datasetErrors();
  assert.match(errs[0].text, /mi-bucket\.s3\.amazonaws\.com\/datos\/manifest\.json.*CORS/);
  // The same origin, a folder without a manifest: HTTP 404 in plain words.
  await page.goto(`${own.url}?data=${encodeURIComponent(`${own.url}nada/`)}`);
  await d.ready();
  assert.match((await d.datasetErrors())[0].text, /respondió HTTP 404.*no existe: la dirección debe ser la carpeta que contiene manifest\.json/);
  await page.close();
  const reports = await own.cspReports();
  own.stop();
  assert.ok(reports.length > 0 && reports.every((r) => /connect-src/.test(JSON.stringify(r)) && /mi-bucket/.test(JSON.stringify(r))), JSON.stringify(reports));
});
