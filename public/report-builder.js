// The single-file report: one .html with the app (its JavaScript, its wasm, ECharts, the CSS)
// and the data embedded, which opens by double-click from the disk with no server and no
// network and shows the whole dashboard with working filters.
//
// Used by the app's "Descargar informe" button (in the browser) and by `node scripts/report.mjs`
// (the same code, with files read from the disk). The wasm and the data are gzip-compressed
// and base64-encoded; the page decompresses them with DecompressionStream before the app starts.
// The report's own Content-Security-Policy allows no network at all (connect-src 'none').

const CSP = "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'unsafe-inline'; " +
  "img-src data: blob:; connect-src 'none'; worker-src 'none'; base-uri 'none'; form-action 'none'; object-src 'none'";

const text = (bytes) => new TextDecoder().decode(bytes);

async function gzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function base64(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(out);
}

// JavaScript inside an inline <script>: a literal "</script" would end it.
const inlineJs = (js) => js.replace(/<\/script/gi, '<\\/script');

/** A wasm-bindgen module and its snippets as one script: each snippet becomes an object of its
 * exported functions, each `import` a constant, and the module's own exports plain names. */
async function bundle(read, glueName) {
  let glue = text(await read(glueName));
  const snippets = new Map();
  const re = /^import\s+(\{[^}]*\}|\*\s+as\s+\w+)\s+from\s+["'](\.\/snippets\/[^"']+)["'];?\s*$/gm;
  for (const m of glue.matchAll(re)) {
    if (!snippets.has(m[2])) snippets.set(m[2], `__cxSnippet${snippets.size}`);
  }
  let out = '';
  for (const [file, name] of snippets) {
    let code = text(await read(file.slice(2)));
    const names = [];
    code = code.replace(/^export\s+(async\s+function|function|const|let|class)\s+(\w+)/gm, (_, kind, n) => {
      names.push(n);
      return `${kind} ${n}`;
    });
    out += `const ${name} = (() => {\n${code}\nreturn { ${names.join(', ')} };\n})();\n`;
  }
  glue = glue.replace(re, (_, what, file) => {
    const name = snippets.get(file);
    return what.startsWith('{') ? `const ${what.replace(/\s+as\s+/g, ': ')} = ${name};` : `const ${what.replace(/^\*\s+as\s+/, '')} = ${name};`;
  });
  glue = glue.replace(/^export\s+default\s+\w+;?\s*$/gm, '')
    .replace(/^export\s*\{[^}]*\};?\s*$/gm, '')
    .replace(/^export\s+(async\s+function|function|class|const|let)\s/gm, '$1 ');
  return out + glue;
}

/** The files of the months that overlap `range`, and the manifest listing only them. */
export function withinRange(manifest, files, range) {
  if (!range) return { manifest, files };
  const [from, to] = range;
  const overlaps = (path) => {
    const m = /year=(\d{4})\/month=(\d{2})\//.exec(path);
    if (!m) return true;
    const first = `${m[1]}-${m[2]}-01`;
    const last = `${m[1]}-${m[2]}-31`;
    return first <= to && last >= from;
  };
  const m = JSON.parse(manifest);
  for (const d of m.datasets) {
    d.files = d.files.filter((f) => overlaps(f.path));
    d.rows = d.files.reduce((n, f) => n + f.rows, 0);
  }
  m.total_rows = m.datasets.reduce((n, d) => n + d.rows, 0);
  return { manifest: JSON.stringify(m), files: files.filter(([p]) => overlaps(p)) };
}

/**
 * Builds the report.
 * @param {object} o
 * @param {(path: string) => Promise<Uint8Array>} o.read  a file of the built site
 * @param {string} o.manifest  the data's manifest.json
 * @param {Array<[string, Uint8Array]>} o.files  every Parquet file the manifest lists
 * @param {string} o.query  the view to open (the app's URL query, e.g. "pagina=nps&canal=email")
 * @param {string} o.created  when it was made (shown in the report)
 * @param {[string, string] | null} o.range  the days the view covers ("YYYY-MM-DD", with the
 *   comparison period): only the monthly files that overlap them are embedded (others, such as
 *   the customers, always are)
 * @returns {Promise<string>} the HTML
 */
export async function buildReport({ read, manifest, files, query, created, range = null }) {
  ({ manifest, files } = withinRange(manifest, files, range));
  const index = text(await read('index.html'));
  const loaderName = /src="\.\/(loader-[0-9a-f]+\.js)"/.exec(index)?.[1];
  if (!loaderName) throw new Error('index.html names no loader-<hash>.js: build the app with trunk first');
  const loader = text(await read(loaderName));
  const glueName = /from\s+'\.\/([\w-]+\.js)'/.exec(loader)?.[1];
  const wasmName = /'\.\/([\w-]+_bg\.wasm)'/.exec(loader)?.[1];
  const cssName = /href="\.\/(style-[0-9a-f]+\.css)"/.exec(index)?.[1];
  if (!glueName || !wasmName || !cssName) throw new Error('the built site lacks the app\'s script, wasm or CSS');
  const [css, echarts, wasm, app] = await Promise.all([
    read(cssName).then(text), read('echarts.min.js').then(text), read(wasmName), bundle(read, glueName),
  ]);
  let size = 0;
  for (const [, b] of files) size += b.length;
  const data = new Uint8Array(size);
  let at = 0;
  for (const [, b] of files) { data.set(b, at); at += b.length; }
  const meta = { manifest, query, created, files: files.map(([p, b]) => [p, b.length]) };
  const [wasmZ, dataZ] = await Promise.all([gzip(wasm), gzip(data)]);
  const json = JSON.stringify(meta).replace(/</g, '\\u003c');
  const start = `
const b64 = (id) => {
  const s = atob(document.getElementById(id).textContent.trim());
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
};
const gunzip = async (bytes) => new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
const meta = JSON.parse(document.getElementById('cx-report-meta').textContent);
const [wasmBytes, data] = await Promise.all([gunzip(b64('cx-report-wasm')), gunzip(b64('cx-report-data'))]);
let at = 0;
window.__cxReport = { manifest: meta.manifest, query: meta.query, created: meta.created, files: meta.files.map(([p, n]) => { const b = data.subarray(at, at + n); at += n; return [p, b]; }) };
await __wbg_init({ module_or_path: wasmBytes });
`;
  return `<!DOCTYPE html>
<html lang="es-PE">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="${CSP}" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="cx-report" content="${created}" />
    <title>Informe · Satisfacción del cliente</title>
    <style>${css.replace(/<\/style/gi, '<\\/style')}</style>
    <script>${inlineJs(echarts)}</script>
    <script type="application/json" id="cx-report-meta">${json}</script>
    <script type="application/octet-stream" id="cx-report-wasm">${base64(wasmZ)}</script>
    <script type="application/octet-stream" id="cx-report-data">${base64(dataZ)}</script>
    <script type="module">${inlineJs(app)}
${start}</script>
  </head>
  <body></body>
</html>
`;
}
