#!/usr/bin/env node
// The single-file report from the command line: one .html with the app, ECharts and the data,
// which opens from the disk with no server and no network (public/report-builder.js, the code
// the app's "Descargar informe" button runs).
//
//   node scripts/report.mjs [--site dist] [--data data/lake/published] [--query "pagina=nps&canal=email"] [--out informe.html]
//
// The site must be built first (scripts/run.sh or `trunk build --release`). With `desde` and
// `hasta` in the query, only the months they cover (and the comparison period before them,
// unless `comparar=no`) are embedded; otherwise the whole period.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = { site: 'dist', data: 'data/lake/published', query: '', out: 'informe.html' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, '');
  if (!(key in args) || argv[i + 1] === undefined) {
    console.error('usage: node scripts/report.mjs [--site DIR] [--data DIR] [--query Q] [--out FILE]');
    process.exit(2);
  }
  args[key] = argv[i + 1];
}
const site = path.resolve(ROOT, args.site);
const data = path.resolve(ROOT, args.data);
// Imported from its text: the package has no "type", and the file is the browser's as well.
const builder = await readFile(path.join(ROOT, 'public/report-builder.js'));
const { buildReport } = await import(`data:text/javascript;base64,${builder.toString('base64')}`);
const manifest = await readFile(path.join(data, 'manifest.json'), 'utf8');
const files = [];
for (const d of JSON.parse(manifest).datasets) {
  for (const f of d.files) files.push([f.path, new Uint8Array(await readFile(path.join(data, f.path)))]);
}
const q = new URLSearchParams(args.query.replace(/^\?/, ''));
let range = null;
if (q.get('desde') && q.get('hasta')) {
  const day = (s) => Date.parse(`${s}T00:00:00Z`) / 86400000;
  const iso = (d) => new Date(d * 86400000).toISOString().slice(0, 10);
  const [from, to] = [day(q.get('desde')), day(q.get('hasta'))];
  range = [iso(q.get('comparar') === 'no' ? from : from - (to - from + 1)), iso(to)];
}
const t0 = Date.now();
const html = await buildReport({
  read: async (p) => new Uint8Array(await readFile(path.join(site, p))),
  manifest,
  files,
  query: args.query.replace(/^\?/, ''),
  created: new Date().toISOString().slice(0, 16).replace('T', ' '),
  range,
});
await writeFile(path.resolve(args.out), html);
console.log(`report: ${path.resolve(args.out)} (${(html.length / 1048576).toFixed(2)} MB, ${files.length} data files, ${Date.now() - t0} ms)`);
