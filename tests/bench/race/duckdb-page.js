// The DuckDB-Wasm side of the race (tests/bench/race.mjs): DuckDB-Wasm (npm, self-hosted, its
// Parquet reader built in) reads the published lake over HTTP (range requests) into tables in
// its memory once, as a dashboard would (re-reading the files over HTTP for every filter costs
// it about a second a filter at scale 1), then runs the SQL twins of the Resumen tiles and the
// volume chart (infra/athena/queries/) under a filter.
// Bundled by esbuild at the start of each race; driven through `window.race`.
import * as duckdb from '@duckdb/duckdb-wasm';

const CONTACT_TIME = {
  llamadas_call_center: 'inicio', mensajes_whatsapp: 'inicio', tickets_soporte: 'creado',
  encuestas_post_atencion: 'fecha', resenas_online: 'fecha', libro_reclamaciones: 'fecha',
};
const lit = (v) => `'${String(v).replace(/'/g, "''")}'`;
const list = (vs) => `(${vs.map(lit).join(', ')})`;

/** The filter as a SQL condition on one dataset: tests/python/twins.py's `where`, for the
 * fields the race changes (dates, channels, regions, segments). */
function where(name, f) {
  const cond = ['true'];
  const time = CONTACT_TIME[name];
  if (time && f.from) cond.push(`cast(${time} as date) >= date ${lit(f.from)}`);
  if (time && f.to) cond.push(`cast(${time} as date) <= date ${lit(f.to)}`);
  if (f.channels?.length) {
    if (name === 'llamadas_call_center') cond.push(f.channels.includes('teléfono') ? 'true' : 'false');
    else if (name === 'mensajes_whatsapp') cond.push(f.channels.includes('chat') ? 'true' : 'false');
    else if (name === 'tickets_soporte' || name === 'encuestas_post_atencion') cond.push(`canal in ${list(f.channels)}`);
  }
  if ((f.regions?.length || f.segments?.length) && name !== 'clientes' && name !== 'resenas_online') {
    const c = ['true'];
    if (f.regions?.length) c.push(`departamento in ${list(f.regions)}`);
    if (f.segments?.length) c.push(`segmento in ${list(f.segments)}`);
    cond.push(`cliente_id in (select cliente_id from base_clientes where ${c.join(' and ')})`);
  }
  return cond.join(' and ');
}

/** `sql` with its `?` parameters replaced by the literals of `params`, in order. */
function bind(sql, params) {
  let i = 0;
  return sql.replace(/\?/g, () => {
    if (i >= params.length) throw new Error('more ? than parameters');
    return params[i++];
  });
}

const state = { marks: {}, errors: [] };
window.race = state;

async function main() {
  const manifest = await (await fetch('data/manifest.json', { cache: 'no-cache' })).json();
  const queries = await (await fetch('queries.json')).json();
  const worker = new Worker('duckdb-browser-eh.worker.js');
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate('duckdb-eh.wasm');
  const conn = await db.connect();
  state.marks.instantiated = performance.now();
  const base = new URL('data/', location.href).href;
  for (const d of manifest.datasets) {
    const urls = d.files.map((f) => base + f.path);
    for (const u of urls) await db.registerFileURL(u, u, duckdb.DuckDBDataProtocol.HTTP, false);
    await conn.query(`create table base_${d.name} as select * from read_parquet([${urls.map(lit).join(', ')}], hive_partitioning = false)`);
  }
  state.marks.registered = performance.now();
  const end = new Date(`${manifest.date_to}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  const asOfDay = end.toISOString().slice(0, 10);
  const params = {
    call_center: ['20'],
    ticket_sla: [lit(`${asOfDay} 00:00:00`)],
    complaint_book: [lit(asOfDay), lit(asOfDay), lit(asOfDay)],
  };
  const order = ['interactions', 'survey_scores', 'call_center', 'whatsapp_first_response', 'ticket_sla', 'complaint_book', 'volume_by_channel_month'];

  /** Every twin of the Resumen page under `f`: { ms, results }. */
  state.run = async (f) => {
    const t0 = performance.now();
    for (const name of Object.keys(CONTACT_TIME)) {
      await conn.query(`create or replace view ${name} as select * from base_${name} where ${where(name, f)}`);
    }
    await conn.query('create or replace view clientes as select * from base_clientes');
    const results = {};
    for (const q of order) {
      const table = await conn.query(bind(queries[q], params[q] ?? []));
      results[q] = JSON.parse(JSON.stringify(table.toArray().map((r) => r.toJSON()),
        (_, v) => (typeof v === 'bigint' ? Number(v) : v)));
      if (q === 'interactions' && state.marks.first === undefined) state.marks.first = performance.now();
    }
    return { ms: performance.now() - t0, results };
  };
  /** DuckDB's own count of the memory its buffer manager holds, in bytes (`pragma
   * database_size`'s memory_usage, such as "12.5MB" or "512 bytes"), or null. */
  state.memory = async () => {
    const t = await conn.query('pragma database_size');
    const text = String(t.toArray()[0]?.toJSON().memory_usage ?? '');
    const m = /([0-9.]+)\s*(bytes|[KMGT]i?B)/.exec(text);
    if (!m) return null;
    const unit = { bytes: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 }[m[2]];
    return Number(m[1]) * unit;
  };
  const first = await state.run({});
  state.marks.all = performance.now();
  state.first = first.results;
  state.ready = true;
}

main().catch((e) => { state.errors.push(String(e?.stack ?? e)); state.failed = true; });
