//! The whole run: every dataset, day by day, into a temporary folder renamed into place at the end.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use cx_engine::calendar::{
    civil_from_days, days_from_civil, is_business_day, is_peru_holiday, month_index, weekday,
};
use cx_engine::schema::{self, DatasetSpec};
use cx_engine::{DatasetEntry, FileEntry, Manifest, MANIFEST_VERSION};

use crate::contacts::{self, Call, Chat, Ticket, World, PRIORIDADES, TICKET_CHANNELS};
use crate::customers;
use crate::lake::{DatasetWriter, Value};
use crate::public;
use crate::rng::{apportion, Stream};
use crate::surveys::{self, Rated};
use crate::world::{
    agents, base_rows, day_weight, Profile, DAYS, END, START, WEAK_CHAT_AGENTS, WEAK_PHONE_AGENTS,
};

/// What to generate and where.
#[derive(Debug, Clone)]
pub struct Config {
    /// RNG seed.
    pub seed: u64,
    /// Volume multiplier, 1…1000.
    pub scale: u32,
    /// Output folder; it gets `published/` and `private/` and is replaced as a whole.
    pub out: PathBuf,
}

/// Largest accepted `--scale`.
pub const MAX_SCALE: u32 = 1000;

/// What a run wrote.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The published manifest.
    pub manifest: Manifest,
    /// Where the lake is.
    pub out: PathBuf,
}

fn ts(ms: i64) -> Value {
    Value::Ts(Some(ms))
}
fn text(s: &str) -> Value {
    Value::Str(Some(s.to_string()))
}

/// Daily row counts of a dataset, summing exactly to its total.
fn daily_counts(dataset: &str, scale: u32, profile: Profile) -> Vec<u64> {
    let w: Vec<f64> = (0..DAYS as i32)
        .map(|i| day_weight(profile, START + i))
        .collect();
    apportion(base_rows(dataset) * u64::from(scale), &w)
}

/// Runs the generator.
///
/// # Errors
/// Bad configuration, an unwritable output folder or an I/O failure; nothing is left behind.
pub fn generate(cfg: &Config) -> Result<Summary> {
    if cfg.scale == 0 || cfg.scale > MAX_SCALE {
        bail!(
            "--scale must be between 1 and {MAX_SCALE}, got {}",
            cfg.scale
        );
    }
    let out = cfg.out.clone();
    refuse_foreign(&out)?;
    let name = out
        .file_name()
        .ok_or_else(|| anyhow!("output folder {} has no name", out.display()))?
        .to_string_lossy()
        .to_string();
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).with_context(|| {
        format!(
            "cannot create the output's parent folder {}",
            parent.display()
        )
    })?;
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)?;
    }
    std::fs::create_dir(&tmp).with_context(|| format!("cannot write in {}", parent.display()))?;
    match write_lake(cfg, &tmp) {
        Ok(manifest) => {
            install(&tmp, &out)?;
            Ok(Summary { manifest, out })
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}

/// `--out` is replaced whole at the end of a run, so it must be a folder this generator made (or
/// absent, or empty): a lake is recognised by its `published/manifest.json`. Anything else — a
/// home folder, a project, a file — is refused before anything is written or deleted.
fn refuse_foreign(out: &Path) -> Result<()> {
    let meta = match std::fs::symlink_metadata(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("cannot inspect {}", out.display())),
        Ok(m) => m,
    };
    if !meta.is_dir() {
        bail!(
            "--out {} exists and is not a folder; refusing to replace it",
            out.display()
        );
    }
    let empty = std::fs::read_dir(out)
        .with_context(|| format!("cannot read {}", out.display()))?
        .next()
        .is_none();
    if empty || out.join("published").join("manifest.json").is_file() {
        return Ok(());
    }
    bail!(
        "--out {} is a non-empty folder that is not a lake written by cx-generate (no \
         published/manifest.json); refusing to replace it — choose another folder",
        out.display()
    )
}

/// Replaces `out` by `tmp`: the old lake stays in place until the new one is complete.
fn install(tmp: &Path, out: &Path) -> Result<()> {
    let old = out.with_file_name(format!(
        ".{}.old-{}",
        out.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    if out.exists() {
        std::fs::rename(out, &old)
            .with_context(|| format!("cannot move aside {}", out.display()))?;
    }
    std::fs::rename(tmp, out).with_context(|| format!("cannot rename into {}", out.display()))?;
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
}

fn writer(published: &Path, spec: &'static DatasetSpec) -> Result<DatasetWriter> {
    DatasetWriter::new(
        published,
        spec.name,
        spec.columns,
        spec.partition_by.is_some(),
        Some(&published.join("csv")),
    )
}

struct Writers {
    llamadas: DatasetWriter,
    whatsapp: DatasetWriter,
    tickets: DatasetWriter,
    encuestas: DatasetWriter,
    resenas: DatasetWriter,
    libro: DatasetWriter,
}

fn write_lake(cfg: &Config, root: &Path) -> Result<Manifest> {
    let published = root.join("published");
    let private = root.join("private");
    std::fs::create_dir_all(published.join("csv"))?;
    std::fs::create_dir_all(&private)?;
    let scale = cfg.scale as usize;
    let seed = cfg.seed;

    let signups = customers::signup_days((base_rows("clientes") * u64::from(cfg.scale)) as usize);
    let mut clientes = writer(&published, &schema::CLIENTES)?;
    let mut pii = DatasetWriter::new(&private, "clientes_pii", schema::CLIENTES_PII, false, None)?;
    customers::write(seed, &signups, &mut clientes, &mut pii)?;
    let mut entries = vec![(schema::CLIENTES, clientes.finish()?)];
    pii.finish()?;

    let world = World {
        seed,
        signups,
        phone_agents: agents('T', 30 * scale, &WEAK_PHONE_AGENTS, seed),
        chat_agents: agents('W', 20 * scale, &WEAK_CHAT_AGENTS, seed),
        ticket_agents: agents('S', 15 * scale, &[], seed),
    };
    let counts = Counts::new(cfg.scale);

    // Pass 1: how many interactions of each day can be surveyed, so quotas are exact.
    let mut eligible = [vec![0u64; DAYS], vec![0u64; DAYS], vec![0u64; DAYS]];
    for i in 0..DAYS {
        let (calls, chats, tickets) = counts.contacts(&world, i);
        let day_eligible = [
            calls.iter().filter(|c| !c.abandonada).count(),
            chats.len(),
            tickets.iter().filter(|t| t.resuelto_ms.is_some()).count(),
        ];
        for (per_day, n) in eligible.iter_mut().zip(day_eligible) {
            per_day[i] = n as u64;
        }
    }
    let total_surveys = base_rows("encuestas_post_atencion") * u64::from(cfg.scale);
    let split = apportion(total_surveys, &[0.5, 0.3, 0.2]);
    let quotas: Vec<Vec<u64>> = (0..3)
        .map(|k| {
            let w: Vec<f64> = eligible[k].iter().map(|e| *e as f64).collect();
            apportion(split[k], &w)
        })
        .collect();

    // Pass 2: write everything.
    let mut w = Writers {
        llamadas: writer(&published, &schema::LLAMADAS)?,
        whatsapp: writer(&published, &schema::WHATSAPP)?,
        tickets: writer(&published, &schema::TICKETS)?,
        encuestas: writer(&published, &schema::ENCUESTAS)?,
        resenas: writer(&published, &schema::RESENAS)?,
        libro: writer(&published, &schema::LIBRO)?,
    };
    let mut ids = Ids::default();
    for i in 0..DAYS {
        let day = START + i as i32;
        let (calls, chats, tickets) = counts.contacts(&world, i);
        let mut rated = Vec::new();
        let mut picker = [
            Picker::new(seed, "pick-llamadas", day, eligible[0][i], quotas[0][i]),
            Picker::new(seed, "pick-whatsapp", day, eligible[1][i], quotas[1][i]),
            Picker::new(seed, "pick-tickets", day, eligible[2][i], quotas[2][i]),
        ];
        for c in &calls {
            ids.llamada += 1;
            write_call(&mut w.llamadas, &world, ids.llamada, c)?;
            if let Some(a) = c.agent {
                if picker[0].take() {
                    let ag = &world.phone_agents[a];
                    rated.push(surveys::rated_call(c, ids.llamada, (&ag.0, ag.1), day));
                }
            }
        }
        for (k, c) in chats.iter().enumerate() {
            ids.conversacion += 1;
            write_chat(&mut w.whatsapp, &world, ids.conversacion, day, k, c)?;
            if picker[1].take() {
                let ag = &world.chat_agents[c.agent];
                rated.push(surveys::rated_chat(c, ids.conversacion, (&ag.0, ag.1), day));
            }
        }
        for t in &tickets {
            ids.ticket += 1;
            write_ticket(&mut w.tickets, &world, ids.ticket, t)?;
            let ag = &world.ticket_agents[t.agent];
            if let Some(r) = surveys::rated_ticket(t, ids.ticket, (&ag.0, ag.1)) {
                if picker[2].take() {
                    rated.push(r);
                }
            }
        }
        if picker.iter().any(|p| p.left() != 0) {
            bail!(
                "survey quota of {} not met (generator bug)",
                civil_label(day)
            );
        }
        write_surveys(&mut w.encuestas, seed, day, &rated, &mut ids.encuesta)?;
        for r in public::reviews(seed, day, counts.resenas[i]) {
            ids.resena += 1;
            w.resenas.push(
                r.fecha_ms,
                vec![
                    Value::I64(ids.resena),
                    text(r.plataforma),
                    ts(r.fecha_ms),
                    Value::I32(Some(r.estrellas)),
                    Value::Str(Some(r.titulo)),
                    Value::Str(Some(r.texto)),
                    text(r.sucursal),
                ],
            )?;
        }
        for c in public::complaints(&world, day, counts.libro[i]) {
            ids.reclamo += 1;
            write_complaint(&mut w.libro, &mut ids, day, c)?;
        }
        // Contacts arrive in day order; surveys up to ~47 days later (ticket resolution + delay).
        let this_month = month_index(day);
        for dw in [
            &mut w.llamadas,
            &mut w.whatsapp,
            &mut w.tickets,
            &mut w.resenas,
            &mut w.libro,
        ] {
            dw.close_before(this_month)?;
        }
        w.encuestas.close_before(month_index(day - 50))?;
    }
    entries.push((schema::LLAMADAS, w.llamadas.finish()?));
    entries.push((schema::WHATSAPP, w.whatsapp.finish()?));
    entries.push((schema::TICKETS, w.tickets.finish()?));
    entries.push((schema::ENCUESTAS, w.encuestas.finish()?));
    entries.push((schema::RESENAS, w.resenas.finish()?));
    entries.push((schema::LIBRO, w.libro.finish()?));

    let calendar = write_calendar(&published)?;
    let mut manifest = manifest(cfg, entries, calendar)?;
    manifest.summary = write_summary(&published, &manifest)?;
    let json = serde_json::to_string_pretty(&manifest)?;
    std::fs::write(published.join("manifest.json"), json + "\n")?;
    Ok(manifest)
}

/// Reads the files just written with the engine and writes `summary.json`: *Resumen* under no
/// filter, for the app's first paint ([`cx_engine::Summary`]). Skipped (the app then waits for
/// the rows) when a dataset is over the engine's row cap or the whole lake would take more than
/// four times the app's memory budget to hold: past scale ≈ 400.
fn write_summary(published: &Path, manifest: &Manifest) -> Result<Option<FileEntry>> {
    let over_cap = manifest
        .datasets
        .iter()
        .any(|d| d.rows > cx_engine::limits::MAX_DATASET_ROWS);
    if over_cap
        || manifest.footprint(&cx_engine::Dataset::ALL) > 4 * cx_engine::limits::MEMORY_BUDGET_BYTES
    {
        eprintln!("summary.json not written: the lake is too large for one engine to hold");
        return Ok(None);
    }
    let last = cx_engine::parse_day(&manifest.date_to).context("date_to")?;
    let mut engine = cx_engine::Engine::empty(cx_engine::Engine::options_for(last));
    let mut batch = Vec::new();
    for d in cx_engine::Dataset::ALL {
        let entry = manifest
            .dataset(d.name())
            .ok_or_else(|| anyhow!("{}: not in the manifest", d.name()))?;
        let mut files = Vec::new();
        for f in &entry.files {
            let bytes = std::fs::read(published.join(&f.path))
                .with_context(|| format!("read {}", f.path))?;
            files.push((f.path.clone(), bytes::Bytes::from(bytes)));
        }
        batch.push((d, files));
    }
    for (d, r) in engine.add_datasets(batch) {
        r.with_context(|| format!("{}: the engine refused what was written", d.name()))?;
    }
    let json = serde_json::to_string(&engine.summary())?;
    let path = published.join("summary.json");
    std::fs::write(&path, json)?;
    crate::lake::file_entry(&path, "summary.json".into(), 0).map(Some)
}

fn civil_label(day: i32) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

type Written = (
    Vec<FileEntry>,
    Option<FileEntry>,
    Vec<cx_engine::ColumnEntry>,
);

/// Writes `calendario`: every day of [`schema::CALENDAR_YEARS`] with its weekday and whether it
/// is a holiday or a business day.
fn write_calendar(published: &Path) -> Result<FileEntry> {
    let mut w = DatasetWriter::new(published, "calendario", schema::CALENDARIO, false, None)?;
    let (first, last) = schema::CALENDAR_YEARS;
    for day in days_from_civil(first, 1, 1)..=days_from_civil(last, 12, 31) {
        w.push(
            0,
            vec![
                Value::Date(Some(day)),
                Value::I32(Some(weekday(day) as i32 + 1)),
                Value::Bool(Some(is_peru_holiday(day))),
                Value::Bool(Some(is_business_day(day))),
            ],
        )?;
    }
    let (mut files, _, _) = w.finish()?;
    files
        .pop()
        .ok_or_else(|| anyhow!("calendario was not written"))
}

fn manifest(
    cfg: &Config,
    entries: Vec<(DatasetSpec, Written)>,
    calendar: FileEntry,
) -> Result<Manifest> {
    let mut datasets = Vec::new();
    for (spec, (files, csv, columns)) in entries {
        let rows: u64 = files.iter().map(|f| f.rows).sum();
        let expected = base_rows(spec.name) * u64::from(cfg.scale);
        if rows != expected {
            bail!(
                "{}: wrote {rows} rows, expected {expected} (generator bug)",
                spec.name
            );
        }
        datasets.push(DatasetEntry {
            name: spec.name.to_string(),
            row: spec.row.to_string(),
            partition_keys: if spec.partition_by.is_some() {
                vec!["year".into(), "month".into()]
            } else {
                vec![]
            },
            partition_source: spec.partition_by.map(str::to_string),
            rows,
            columns,
            files,
            csv: csv.ok_or_else(|| anyhow!("{}: no CSV copy", spec.name))?,
        });
    }
    Ok(Manifest {
        manifest_version: MANIFEST_VERSION,
        generator: format!("cx-generator {}", env!("CARGO_PKG_VERSION")),
        seed: cfg.seed,
        scale: cfg.scale,
        date_from: civil_label(START),
        date_to: civil_label(END),
        timezone: "America/Lima (UTC-05:00), stored without zone".into(),
        total_rows: datasets.iter().map(|d| d.rows).sum(),
        datasets,
        calendar,
        summary: None,
    })
}

/// Daily counts of every dated dataset.
struct Counts {
    llamadas: Vec<u64>,
    whatsapp: Vec<u64>,
    tickets: Vec<u64>,
    resenas: Vec<u64>,
    libro: Vec<u64>,
    mean_calls: f64,
    mean_chats: f64,
}

impl Counts {
    fn new(scale: u32) -> Self {
        let llamadas = daily_counts("llamadas_call_center", scale, Profile::Calls);
        let whatsapp = daily_counts("mensajes_whatsapp", scale, Profile::Chats);
        let mean = |v: &[u64]| v.iter().sum::<u64>() as f64 / v.len() as f64;
        Self {
            mean_calls: mean(&llamadas),
            mean_chats: mean(&whatsapp),
            llamadas,
            whatsapp,
            tickets: daily_counts("tickets_soporte", scale, Profile::Tickets),
            resenas: daily_counts("resenas_online", scale, Profile::Reviews),
            libro: daily_counts("libro_reclamaciones", scale, Profile::Complaints),
        }
    }

    fn contacts(&self, w: &World, i: usize) -> (Vec<Call>, Vec<Chat>, Vec<Ticket>) {
        let day = START + i as i32;
        // Load: the day's volume against the average, so busy days queue longer.
        let call_load = self.llamadas[i] as f64 / self.mean_calls;
        let chat_load = self.whatsapp[i] as f64 / self.mean_chats;
        (
            contacts::calls(w, day, self.llamadas[i], call_load),
            contacts::chats(w, day, self.whatsapp[i], chat_load),
            contacts::tickets(w, day, self.tickets[i]),
        )
    }
}

#[derive(Default)]
struct Ids {
    llamada: i64,
    conversacion: i64,
    ticket: i64,
    encuesta: i64,
    resena: i64,
    reclamo: i64,
    year: i32,
    in_year: u64,
}

/// Selection sampling (Knuth's algorithm S): exactly `quota` of `eligible`, uniformly.
struct Picker {
    s: Stream,
    seen_left: u64,
    quota_left: u64,
}

impl Picker {
    fn new(seed: u64, tag: &str, day: i32, eligible: u64, quota: u64) -> Self {
        Self {
            s: Stream::new(seed, tag, i64::from(day)),
            seen_left: eligible,
            quota_left: quota,
        }
    }

    fn take(&mut self) -> bool {
        if self.seen_left == 0 {
            return false;
        }
        let pick = (self.s.unit() * self.seen_left as f64) < self.quota_left as f64;
        self.seen_left -= 1;
        if pick {
            self.quota_left -= 1;
        }
        pick
    }

    fn left(&self) -> u64 {
        self.quota_left
    }
}

fn write_call(w: &mut DatasetWriter, world: &World, id: i64, c: &Call) -> Result<()> {
    let (talk, hold, acw) = match c.handled {
        Some((t, h, a)) => (Some(t), Some(h), Some(a)),
        None => (None, None, None),
    };
    w.push(
        c.inicio_ms,
        vec![
            Value::I64(id),
            Value::I32(Some(c.cliente)),
            Value::Str(c.agent.map(|a| world.phone_agents[a].0.clone())),
            ts(c.inicio_ms),
            Value::I32(Some(c.espera)),
            Value::I32(talk),
            Value::I32(hold),
            Value::I32(acw),
            text(contacts::MOTIVOS[c.motivo].0),
            Value::Bool(Some(c.abandonada)),
            Value::Bool(Some(c.transferida)),
            Value::Bool(c.fcr),
        ],
    )
}

fn write_chat(
    w: &mut DatasetWriter,
    world: &World,
    id: i64,
    day: i32,
    k: usize,
    c: &Chat,
) -> Result<()> {
    w.push(
        c.inicio_ms,
        vec![
            Value::I64(id),
            Value::I32(Some(c.cliente)),
            text(&world.chat_agents[c.agent].0),
            ts(c.inicio_ms),
            Value::I32(Some(c.primera_respuesta)),
            Value::I32(Some(c.mensajes)),
            text(contacts::MOTIVOS[c.motivo].0),
            Value::Str(Some(contacts::chat_text(world.seed, day, k, c))),
            Value::Bool(Some(c.resuelta)),
        ],
    )
}

fn write_ticket(w: &mut DatasetWriter, world: &World, id: i64, t: &Ticket) -> Result<()> {
    w.push(
        t.creado_ms,
        vec![
            Value::I64(id),
            Value::I32(Some(t.cliente)),
            text(&world.ticket_agents[t.agent].0),
            text(TICKET_CHANNELS[t.canal].0),
            text(contacts::CATEGORIAS[t.categoria].0),
            text(PRIORIDADES[t.prioridad].0),
            ts(t.creado_ms),
            Value::Ts(t.primera_respuesta_ms),
            Value::Ts(t.resuelto_ms),
            Value::I32(Some(t.sla_horas())),
            Value::Bool(Some(t.reabierto)),
        ],
    )
}

fn write_surveys(
    w: &mut DatasetWriter,
    seed: u64,
    day: i32,
    rated: &[Rated],
    next_id: &mut i64,
) -> Result<()> {
    let mut s = Stream::new(seed, "encuestas", i64::from(day));
    let end = contacts::end_ms();
    let mut answers: Vec<(i64, &Rated)> = rated
        .iter()
        .map(|r| (r.ready_ms + surveys::answer_delay_ms(&mut s), r))
        .collect();
    answers.sort_by_key(|(t, _)| *t);
    for (fecha_ms, r) in answers {
        // A survey answered after the period's end is dated at its last second: the row count
        // is fixed, and the answer still follows the interaction.
        let fecha_ms = fecha_ms.min(end).max(r.ready_ms.min(end));
        let a = surveys::answer(&mut s, r, fecha_ms, day);
        *next_id += 1;
        w.push(
            a.fecha_ms,
            vec![
                Value::I64(*next_id),
                Value::I32(Some(r.cliente)),
                text(r.dataset),
                Value::I64(r.id),
                text(&r.agente),
                text(r.canal),
                ts(a.fecha_ms),
                Value::I32(a.nps),
                Value::I32(a.csat),
                Value::I32(a.ces),
                Value::Str(a.comentario),
            ],
        )?;
    }
    Ok(())
}

fn write_complaint(
    w: &mut DatasetWriter,
    ids: &mut Ids,
    day: i32,
    c: public::Complaint,
) -> Result<()> {
    let year = civil_from_days(day).0;
    if year != ids.year {
        ids.year = year;
        ids.in_year = 0;
    }
    ids.in_year += 1;
    let estado = if c.fecha_respuesta.is_some() {
        "respondido"
    } else {
        "abierto"
    };
    w.push(
        c.fecha_ms,
        vec![
            Value::I64(ids.reclamo),
            Value::Str(Some(public::code(day, ids.in_year))),
            Value::I32(Some(c.cliente)),
            text(c.tipo),
            ts(c.fecha_ms),
            text(c.canal),
            Value::Str(c.sucursal.map(str::to_string)),
            text(c.bien),
            text(c.descripcion_bien),
            Value::Pen(c.monto_centimos),
            Value::Str(Some(c.detalle)),
            Value::Str(Some(c.pedido)),
            Value::Date(Some(c.fecha_limite)),
            Value::Date(c.fecha_respuesta),
            text(estado),
        ],
    )
}
