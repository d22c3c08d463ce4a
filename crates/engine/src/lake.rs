//! The compact columnar model: every dataset decoded into integer columns with dictionary codes.
//!
//! Categories become `u16` codes into a shared [`Dict`]; dates become day numbers; durations
//! seconds. Nulls stay nulls: [`NULL`] in `i32`/`i64` columns, [`NULL_U8`] in score and flag columns
//! — the accessors and KPI functions treat them as missing, never as values.

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Decimal128Type, Int32Type, Int64Type, TimestampMillisecondType,
};
use arrow_array::{Array, RecordBatch};
use bytes::Bytes;

use crate::calendar::MS_PER_DAY;
use crate::dataset::Dataset;
use crate::schema::{DatasetSpec, CHANNELS};
use crate::EngineError;

/// Null marker of `i32` and `i64` columns.
pub const NULL: i32 = i32::MIN;
/// Null marker of `i64` columns.
pub const NULL_I64: i64 = i64::MIN;
/// Null marker of `u8` score and flag columns.
pub const NULL_U8: u8 = u8::MAX;
/// "No agent" / "no customer" marker of `u32` code columns.
pub const NONE: u32 = u32::MAX;
/// "No value" marker of `u16` code columns that may be null (a complaint's branch).
pub const NONE_U16: u16 = u16::MAX;

/// Strings ↔ dense codes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dict {
    values: Vec<String>,
    index: HashMap<String, u32>,
}

impl Dict {
    /// The code of `value`, adding it if new.
    pub fn code(&mut self, value: &str) -> u32 {
        if let Some(c) = self.index.get(value) {
            return *c;
        }
        let c = self.values.len() as u32;
        self.values.push(value.to_string());
        self.index.insert(value.to_string(), c);
        c
    }

    /// The code of `value`, if known.
    pub fn get(&self, value: &str) -> Option<u32> {
        self.index.get(value).copied()
    }

    /// The string of a code.
    pub fn name(&self, code: u32) -> Option<&str> {
        self.values.get(code as usize).map(String::as_str)
    }

    /// The values, in code order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.values.iter().map(String::as_str)
    }

    /// Number of distinct values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// Customers: the dimension region and segment filters go through.
#[derive(Debug, Clone, Default)]
pub struct Customers {
    /// `cliente_id` → row.
    pub row_of: HashMap<i32, u32>,
    /// Segment code per row ([`Lake::segments`]).
    pub segment: Vec<u16>,
    /// Region (department) code per row ([`Lake::regions`]).
    pub region: Vec<u16>,
    /// Customer id per row.
    pub id: Vec<i32>,
    /// Day the customer joined.
    pub joined_day: Vec<i32>,
}

/// Phone calls.
#[derive(Debug, Clone, Default)]
pub struct Calls {
    /// Call id.
    pub id: Vec<i64>,
    /// Customer id.
    pub customer: Vec<i32>,
    /// Queue entry, ms.
    pub start_ms: Vec<i64>,
    /// Agent code or [`NONE`] (abandoned).
    pub agent: Vec<u32>,
    /// Queue time, s.
    pub wait_s: Vec<i32>,
    /// Talk, s, or [`NULL`].
    pub talk_s: Vec<i32>,
    /// Hold, s, or [`NULL`].
    pub hold_s: Vec<i32>,
    /// After-call work, s, or [`NULL`].
    pub acw_s: Vec<i32>,
    /// Reason code ([`Lake::categories`]).
    pub reason: Vec<u16>,
    /// Hung up while queued.
    pub abandoned: Vec<bool>,
    /// Transferred.
    pub transferred: Vec<bool>,
    /// First-contact resolution: 1, 0 or [`NULL_U8`].
    pub fcr: Vec<u8>,
}

impl Calls {
    /// Handle time of call `i` in seconds: talk + hold + after-call work, a missing part counting
    /// as 0; `None` for a call never answered (no talk time).
    pub fn handle_s(&self, i: usize) -> Option<f64> {
        let talk = *self.talk_s.get(i)?;
        if talk == NULL {
            return None;
        }
        let part = |v: Option<&i32>| v.copied().filter(|x| *x != NULL).map_or(0.0, f64::from);
        Some(f64::from(talk) + part(self.hold_s.get(i)) + part(self.acw_s.get(i)))
    }
}

/// WhatsApp conversations.
#[derive(Debug, Clone, Default)]
pub struct Chats {
    /// Conversation id.
    pub id: Vec<i64>,
    /// Customer id.
    pub customer: Vec<i32>,
    /// First message, ms.
    pub start_ms: Vec<i64>,
    /// Agent code.
    pub agent: Vec<u32>,
    /// First reply, s.
    pub first_reply_s: Vec<i32>,
    /// Reason code.
    pub reason: Vec<u16>,
    /// Resolved in the conversation.
    pub resolved: Vec<bool>,
}

/// Support tickets.
#[derive(Debug, Clone, Default)]
pub struct Tickets {
    /// Ticket id.
    pub id: Vec<i64>,
    /// Customer id.
    pub customer: Vec<i32>,
    /// Created, ms.
    pub created_ms: Vec<i64>,
    /// First public reply, ms, or [`NULL_I64`].
    pub first_reply_ms: Vec<i64>,
    /// Solved, ms, or [`NULL_I64`].
    pub resolved_ms: Vec<i64>,
    /// Agent code.
    pub agent: Vec<u32>,
    /// Index into [`CHANNELS`].
    pub channel: Vec<u8>,
    /// Category code.
    pub category: Vec<u16>,
    /// Resolution target, h.
    pub sla_h: Vec<i32>,
    /// Reopened.
    pub reopened: Vec<bool>,
    /// Priority code ([`Lake::priorities`]).
    pub priority: Vec<u16>,
}

/// Survey answers.
#[derive(Debug, Clone, Default)]
pub struct Surveys {
    /// Customer id.
    pub customer: Vec<i32>,
    /// Answered, ms.
    pub at_ms: Vec<i64>,
    /// Agent code.
    pub agent: Vec<u32>,
    /// Index into [`CHANNELS`].
    pub channel: Vec<u8>,
    /// Rated dataset: 0 calls, 1 chats, 2 tickets.
    pub rated_dataset: Vec<u8>,
    /// Rated interaction id.
    pub rated_id: Vec<i64>,
    /// 0–10 or [`NULL_U8`].
    pub nps: Vec<u8>,
    /// 1–5 or [`NULL_U8`].
    pub csat: Vec<u8>,
    /// 1–7 or [`NULL_U8`].
    pub ces: Vec<u8>,
}

/// Public reviews.
#[derive(Debug, Clone, Default)]
pub struct Reviews {
    /// Published, ms.
    pub at_ms: Vec<i64>,
    /// Platform code ([`Lake::platforms`]).
    pub platform: Vec<u16>,
    /// 1–5.
    pub stars: Vec<u8>,
    /// Branch code ([`Lake::branches`]).
    pub branch: Vec<u16>,
}

/// Complaint-book entries.
#[derive(Debug, Clone, Default)]
pub struct Complaints {
    /// Customer id.
    pub customer: Vec<i32>,
    /// Filed, ms.
    pub filed_ms: Vec<i64>,
    /// `true` for queja, `false` for reclamo.
    pub queja: Vec<bool>,
    /// Due day.
    pub due_day: Vec<i32>,
    /// Answer day or [`NULL`].
    pub answered_day: Vec<i32>,
    /// Amount claimed in céntimos, or [`NULL_I64`].
    pub amount_cents: Vec<i64>,
    /// Entry id.
    pub id: Vec<i64>,
    /// Correlative code of the hoja.
    pub code: Vec<String>,
    /// Channel code ([`Lake::complaint_channels`]: `virtual`, `presencial`).
    pub channel: Vec<u16>,
    /// Branch code ([`Lake::branches`]) or [`NONE_U16`] for entries filed online.
    pub branch: Vec<u16>,
    /// Product or service code ([`Lake::items`], the `descripcion_bien`).
    pub item: Vec<u16>,
}

/// Everything loaded, with the shared dictionaries.
#[derive(Debug, Clone, Default)]
pub struct Lake {
    /// Customers.
    pub customers: Customers,
    /// Calls.
    pub calls: Calls,
    /// Conversations.
    pub chats: Chats,
    /// Tickets.
    pub tickets: Tickets,
    /// Survey answers.
    pub surveys: Surveys,
    /// Reviews.
    pub reviews: Reviews,
    /// Complaint book.
    pub complaints: Complaints,
    /// Agent ids.
    pub agents: Dict,
    /// Reasons and ticket categories.
    pub categories: Dict,
    /// Departments.
    pub regions: Dict,
    /// Segments.
    pub segments: Dict,
    /// Review platforms.
    pub platforms: Dict,
    /// Branches.
    pub branches: Dict,
    /// Ticket priorities.
    pub priorities: Dict,
    /// Complaint-book channels.
    pub complaint_channels: Dict,
    /// Products and services named in the complaint book.
    pub items: Dict,
    /// The period the manifest covers, ms `[from, to)`: every event (the timestamp a dataset is
    /// partitioned by) must fall inside it. `None` checks nothing (see [`Lake::set_period`]).
    pub period_ms: Option<(i64, i64)>,
}

/// One dataset being decoded apart from its lake ([`Lake::start_load`]).
#[derive(Debug)]
pub struct DatasetLoad {
    dataset: Dataset,
    staged: Lake,
    rows: u64,
}

/// One file of a [`DatasetLoad`] being decoded a batch at a time ([`DatasetLoad::open_file`]).
pub struct FileLoad {
    file: String,
    /// The dataset's rows before this file (its rows are checked against the period at its end).
    before: usize,
    batches: crate::decode::Batches<'static>,
}

impl DatasetLoad {
    /// Decodes one more file of the dataset. On error nothing of this load may be kept: drop it.
    ///
    /// # Errors
    /// As [`Lake::add_dataset`].
    pub fn add_file(&mut self, file: String, bytes: Bytes) -> Result<(), EngineError> {
        let mut f = self.open_file(file, bytes)?;
        while !self.add_batch(&mut f)? {}
        Ok(())
    }

    /// Begins decoding one more file a batch (64 Ki rows) at a time ([`DatasetLoad::add_batch`]):
    /// [`DatasetLoad::add_file`] in steps, so a caller can let the browser paint between them.
    ///
    /// # Errors
    /// What the file's frame and footer show ([`crate::open_columns`]); drop the load then.
    pub fn open_file(&self, file: String, bytes: Bytes) -> Result<FileLoad, EngineError> {
        let dataset = self.dataset;
        let batches =
            crate::decode::open_columns(dataset.spec(), &file, bytes, needed_columns(dataset))?;
        Ok(FileLoad {
            before: self.staged.rows(dataset),
            file,
            batches,
        })
    }

    /// Decodes and keeps the next batch of `f`; whether the file is done. A file with several
    /// faults reports the first in row order (a value a batch's rows break, or one its decoding
    /// refuses), as a batch is kept before the next is decoded.
    ///
    /// # Errors
    /// As [`Lake::add_dataset`]; on error nothing of this load may be kept: drop it.
    pub fn add_batch(&mut self, f: &mut FileLoad) -> Result<bool, EngineError> {
        let dataset = self.dataset;
        let spec = dataset.spec();
        if let Some(b) = f.batches.next() {
            let b = b?;
            let ctx = Ctx {
                dataset: spec,
                which: dataset,
                file: &f.file,
            };
            self.staged.append(&ctx, &b)?;
            self.rows += b.num_rows() as u64;
            return Ok(false);
        }
        self.staged.check_period(dataset, &f.file, f.before)?;
        if self.rows > crate::limits::MAX_DATASET_ROWS {
            return Err(EngineError::OverCap {
                dataset: spec.name.to_string(),
                file: f.file.clone(),
                what: crate::limits::Cap::DatasetRows,
                found: self.rows,
                cap: crate::limits::MAX_DATASET_ROWS,
            });
        }
        Ok(true)
    }

    /// The dataset.
    pub fn dataset(&self) -> Dataset {
        self.dataset
    }
}

/// Appends `src` to `dst`, moving it whole when `dst` is empty (no copy, no second buffer: the
/// first load of a table does not hold it twice).
fn append<T>(dst: &mut Vec<T>, src: Vec<T>) {
    if dst.is_empty() {
        *dst = src;
    } else {
        dst.extend(src);
    }
}

struct Ctx<'a> {
    dataset: &'a DatasetSpec,
    which: Dataset,
    file: &'a str,
}

impl Ctx<'_> {
    fn bad(&self, column: &str, problem: impl Into<String>) -> EngineError {
        EngineError::BadValue {
            dataset: self.dataset.name.to_string(),
            file: self.file.to_string(),
            column: column.to_string(),
            problem: problem.into(),
        }
    }

    fn col<'b>(&self, batch: &'b RecordBatch, name: &str) -> Result<&'b dyn Array, EngineError> {
        batch
            .column_by_name(name)
            .map(|a| a.as_ref())
            .ok_or_else(|| EngineError::MissingColumn {
                dataset: self.dataset.name.to_string(),
                file: self.file.to_string(),
                column: name.to_string(),
            })
    }

    fn i32s(
        &self,
        b: &RecordBatch,
        name: &str,
        null_ok: bool,
        out: &mut Vec<i32>,
    ) -> Result<(), EngineError> {
        let a = self
            .col(b, name)?
            .as_primitive_opt::<Int32Type>()
            .ok_or_else(|| self.bad(name, "is not a 32-bit integer"))?;
        for v in a.iter() {
            match v {
                Some(x) if x != NULL => out.push(x),
                Some(_) => return Err(self.bad(name, "holds the reserved value i32::MIN")),
                None if null_ok => out.push(NULL),
                None => return Err(self.bad(name, "has nulls")),
            }
        }
        Ok(())
    }

    fn i64s(&self, b: &RecordBatch, name: &str, out: &mut Vec<i64>) -> Result<(), EngineError> {
        let a = self
            .col(b, name)?
            .as_primitive_opt::<Int64Type>()
            .ok_or_else(|| self.bad(name, "is not a 64-bit integer"))?;
        if a.null_count() > 0 {
            return Err(self.bad(name, "has nulls"));
        }
        out.extend_from_slice(a.values());
        Ok(())
    }

    fn times(
        &self,
        b: &RecordBatch,
        name: &str,
        null_ok: bool,
        out: &mut Vec<i64>,
    ) -> Result<(), EngineError> {
        let a = self
            .col(b, name)?
            .as_primitive_opt::<TimestampMillisecondType>()
            .ok_or_else(|| self.bad(name, "is not a millisecond timestamp"))?;
        if !null_ok && a.null_count() > 0 {
            return Err(self.bad(name, "has nulls"));
        }
        out.extend(a.iter().map(|v| v.unwrap_or(NULL_I64)));
        Ok(())
    }

    fn dates(
        &self,
        b: &RecordBatch,
        name: &str,
        null_ok: bool,
        out: &mut Vec<i32>,
    ) -> Result<(), EngineError> {
        let a = self
            .col(b, name)?
            .as_primitive_opt::<Date32Type>()
            .ok_or_else(|| self.bad(name, "is not a date"))?;
        if !null_ok && a.null_count() > 0 {
            return Err(self.bad(name, "has nulls"));
        }
        out.extend(a.iter().map(|v| v.unwrap_or(NULL)));
        Ok(())
    }

    fn bools(&self, b: &RecordBatch, name: &str, out: &mut Vec<bool>) -> Result<(), EngineError> {
        let a = self
            .col(b, name)?
            .as_boolean_opt()
            .ok_or_else(|| self.bad(name, "is not a boolean"))?;
        if a.null_count() > 0 {
            return Err(self.bad(name, "has nulls"));
        }
        out.extend(a.iter().map(|v| v.unwrap_or(false)));
        Ok(())
    }

    fn flags(&self, b: &RecordBatch, name: &str, out: &mut Vec<u8>) -> Result<(), EngineError> {
        let a = self
            .col(b, name)?
            .as_boolean_opt()
            .ok_or_else(|| self.bad(name, "is not a boolean"))?;
        out.extend(a.iter().map(|v| v.map_or(NULL_U8, u8::from)));
        Ok(())
    }

    fn scores(
        &self,
        b: &RecordBatch,
        name: &str,
        max: i32,
        min: i32,
        out: &mut Vec<u8>,
    ) -> Result<(), EngineError> {
        let a = self
            .col(b, name)?
            .as_primitive_opt::<Int32Type>()
            .ok_or_else(|| self.bad(name, "is not an integer"))?;
        for v in a.iter() {
            match v {
                None => out.push(NULL_U8),
                Some(x) if (min..=max).contains(&x) => out.push(x as u8),
                Some(x) => return Err(self.bad(name, format!("has {x}, outside {min}–{max}"))),
            }
        }
        Ok(())
    }

    fn codes(
        &self,
        b: &RecordBatch,
        name: &str,
        dict: &mut Dict,
        null_ok: bool,
        out: &mut Vec<u32>,
    ) -> Result<(), EngineError> {
        let a = self
            .col(b, name)?
            .as_string_opt::<i32>()
            .ok_or_else(|| self.bad(name, "is not text"))?;
        for v in a.iter() {
            match v {
                Some(s) => out.push(dict.code(s)),
                None if null_ok => out.push(NONE),
                None => return Err(self.bad(name, "has nulls")),
            }
        }
        Ok(())
    }

    fn small_codes(
        &self,
        b: &RecordBatch,
        name: &str,
        dict: &mut Dict,
        out: &mut Vec<u16>,
    ) -> Result<(), EngineError> {
        self.small_codes_opt(b, name, dict, false, out)
    }

    /// As [`Ctx::small_codes`]; with `null_ok` a null becomes [`NONE_U16`].
    fn small_codes_opt(
        &self,
        b: &RecordBatch,
        name: &str,
        dict: &mut Dict,
        null_ok: bool,
        out: &mut Vec<u16>,
    ) -> Result<(), EngineError> {
        let mut tmp = Vec::new();
        self.codes(b, name, dict, null_ok, &mut tmp)?;
        for c in tmp {
            if c == NONE {
                out.push(NONE_U16);
                continue;
            }
            let c = u16::try_from(c)
                .ok()
                .filter(|c| *c != NONE_U16)
                .ok_or_else(|| self.bad(name, "has more than 65,534 distinct values"))?;
            out.push(c);
        }
        Ok(())
    }

    fn texts(&self, b: &RecordBatch, name: &str, out: &mut Vec<String>) -> Result<(), EngineError> {
        let a = self
            .col(b, name)?
            .as_string_opt::<i32>()
            .ok_or_else(|| self.bad(name, "is not text"))?;
        for v in a.iter() {
            out.push(v.ok_or_else(|| self.bad(name, "has nulls"))?.to_string());
        }
        Ok(())
    }

    fn channels(&self, b: &RecordBatch, name: &str, out: &mut Vec<u8>) -> Result<(), EngineError> {
        let a = self
            .col(b, name)?
            .as_string_opt::<i32>()
            .ok_or_else(|| self.bad(name, "is not text"))?;
        for v in a.iter() {
            let v = v.ok_or_else(|| self.bad(name, "has nulls"))?;
            let c = CHANNELS.iter().position(|c| *c == v).ok_or_else(|| {
                self.bad(
                    name,
                    format!("has unknown channel {v:?} (expected one of {CHANNELS:?})"),
                )
            })?;
            out.push(c as u8);
        }
        Ok(())
    }
}

/// Columns the engine reads from each dataset (a subset of the contract).
pub fn needed_columns(dataset: Dataset) -> &'static [&'static str] {
    match dataset {
        Dataset::Clientes => &["cliente_id", "segmento", "departamento", "fecha_alta"],
        Dataset::Llamadas => &[
            "llamada_id",
            "cliente_id",
            "agente_id",
            "inicio",
            "espera_seg",
            "conversacion_seg",
            "retencion_seg",
            "acw_seg",
            "motivo",
            "abandonada",
            "transferida",
            "resuelta_primer_contacto",
        ],
        Dataset::Whatsapp => &[
            "conversacion_id",
            "cliente_id",
            "agente_id",
            "inicio",
            "primera_respuesta_seg",
            "motivo",
            "resuelta",
        ],
        Dataset::Tickets => &[
            "ticket_id",
            "cliente_id",
            "agente_id",
            "canal",
            "categoria",
            "creado",
            "primera_respuesta",
            "resuelto",
            "sla_horas",
            "reabierto",
            "prioridad",
        ],
        Dataset::Encuestas => &[
            "cliente_id",
            "interaccion_dataset",
            "interaccion_id",
            "agente_id",
            "canal",
            "fecha",
            "nps",
            "csat",
            "ces",
        ],
        Dataset::Resenas => &["plataforma", "fecha", "estrellas", "sucursal"],
        Dataset::Reclamaciones => &[
            "cliente_id",
            "tipo",
            "fecha",
            "fecha_limite",
            "fecha_respuesta",
            "monto_reclamado_pen",
            "reclamo_id",
            "codigo",
            "canal",
            "sucursal",
            "descripcion_bien",
        ],
    }
}

impl Lake {
    /// Decodes one Parquet file of `dataset` and appends its rows. See [`Lake::add_dataset`].
    ///
    /// # Errors
    /// As [`Lake::add_dataset`].
    pub fn add_parquet(
        &mut self,
        dataset: Dataset,
        file: &str,
        bytes: Bytes,
    ) -> Result<u64, EngineError> {
        self.add_dataset(dataset, vec![(file.to_string(), bytes)])
    }

    /// Decodes the Parquet files of `dataset` and appends their rows, all or nothing: on error
    /// nothing of any of the files is kept, so a bad file never leaves a half-loaded table.
    /// Returns the rows added.
    ///
    /// # Errors
    /// Decoding errors of [`crate::read_columns`], and [`EngineError::BadValue`] for values that break the
    /// contract (nulls where none may be, scores off their scale, unknown channels).
    pub fn add_dataset(
        &mut self,
        dataset: Dataset,
        files: Vec<(String, Bytes)>,
    ) -> Result<u64, EngineError> {
        let mut load = self.start_load(dataset);
        for (file, bytes) in files {
            load.add_file(file, bytes)?;
        }
        Ok(self.finish_load(load))
    }

    /// Starts decoding `dataset` apart from this lake, one file at a time
    /// ([`DatasetLoad::add_file`]), to be added by [`Lake::finish_load`]: [`Lake::add_dataset`]
    /// in steps, so a caller can let the browser breathe between files.
    pub fn start_load(&self, dataset: Dataset) -> DatasetLoad {
        DatasetLoad {
            dataset,
            staged: self.clone_empty_dicts(),
            rows: 0,
        }
    }

    /// Adds a dataset decoded by [`Lake::start_load`]; returns its rows. The lake's dictionaries
    /// must not have changed since the load started (the loads of one lake run one at a time).
    pub fn finish_load(&mut self, load: DatasetLoad) -> u64 {
        self.merge(load.staged);
        load.rows
    }

    /// An empty lake sharing this lake's dictionaries, so codes stay consistent on merge.
    pub(crate) fn clone_empty_dicts(&self) -> Lake {
        Lake {
            agents: self.agents.clone(),
            categories: self.categories.clone(),
            regions: self.regions.clone(),
            segments: self.segments.clone(),
            platforms: self.platforms.clone(),
            branches: self.branches.clone(),
            priorities: self.priorities.clone(),
            complaint_channels: self.complaint_channels.clone(),
            items: self.items.clone(),
            period_ms: self.period_ms,
            ..Lake::default()
        }
    }

    /// From now on, refuses files with an event outside the days `first..=last` (the manifest's
    /// `date_from` and `date_to`).
    pub fn set_period(&mut self, first: i32, last: i32) {
        let start = i64::from(first).saturating_mul(crate::calendar::MS_PER_DAY);
        let end = (i64::from(last) + 1).saturating_mul(crate::calendar::MS_PER_DAY);
        self.period_ms = Some((start, end));
    }

    /// The event times of `dataset` (its partition column), if it has one.
    fn event_times(&self, dataset: Dataset) -> Option<&[i64]> {
        match dataset {
            Dataset::Clientes => None,
            Dataset::Llamadas => Some(&self.calls.start_ms),
            Dataset::Whatsapp => Some(&self.chats.start_ms),
            Dataset::Tickets => Some(&self.tickets.created_ms),
            Dataset::Encuestas => Some(&self.surveys.at_ms),
            Dataset::Resenas => Some(&self.reviews.at_ms),
            Dataset::Reclamaciones => Some(&self.complaints.filed_ms),
        }
    }

    /// The first event of rows `from..` of `dataset` outside the period, as an error.
    fn check_period(&self, dataset: Dataset, file: &str, from: usize) -> Result<(), EngineError> {
        let (Some((start, end)), Some(times), Some(column)) = (
            self.period_ms,
            self.event_times(dataset),
            dataset.spec().partition_by,
        ) else {
            return Ok(());
        };
        let outside = times
            .get(from..)
            .unwrap_or_default()
            .iter()
            .position(|t| !(start..end).contains(t));
        let Some(i) = outside else {
            return Ok(());
        };
        let label = |ms: i64| crate::decode::time_label(ms);
        Err(EngineError::OutOfRange(Box::new(
            crate::error::OutOfRange {
                dataset: dataset.name().to_string(),
                file: file.to_string(),
                column: column.to_string(),
                row: i as u64 + 1,
                value: label(times[from + i]),
                expected: format!(
                    "the manifest's period {} … {}",
                    label(start).chars().take(10).collect::<String>(),
                    label(end - 1).chars().take(10).collect::<String>()
                ),
            },
        )))
    }

    pub(crate) fn merge(&mut self, other: Lake) {
        let Lake {
            customers,
            calls,
            chats,
            tickets,
            surveys,
            reviews,
            complaints,
            agents,
            categories,
            regions,
            segments,
            platforms,
            branches,
            priorities,
            complaint_channels,
            items,
            period_ms: _,
        } = other;
        let base = self.customers.segment.len() as u32;
        if self.customers.row_of.is_empty() {
            self.customers.row_of = customers.row_of;
        } else {
            for (id, row) in customers.row_of {
                self.customers.row_of.insert(id, base + row);
            }
        }
        append(&mut self.customers.segment, customers.segment);
        append(&mut self.customers.region, customers.region);
        append(&mut self.customers.id, customers.id);
        append(&mut self.customers.joined_day, customers.joined_day);
        macro_rules! extend {
            ($dst:expr, $src:expr, $($f:ident),*) => { $( append(&mut $dst.$f, $src.$f); )* };
        }
        extend!(
            self.calls,
            calls,
            id,
            customer,
            start_ms,
            agent,
            wait_s,
            talk_s,
            hold_s,
            acw_s,
            reason,
            abandoned,
            transferred,
            fcr
        );
        extend!(
            self.chats,
            chats,
            id,
            customer,
            start_ms,
            agent,
            first_reply_s,
            reason,
            resolved
        );
        extend!(
            self.tickets,
            tickets,
            id,
            customer,
            created_ms,
            first_reply_ms,
            resolved_ms,
            agent,
            channel,
            category,
            sla_h,
            reopened,
            priority
        );
        extend!(
            self.surveys,
            surveys,
            customer,
            at_ms,
            agent,
            channel,
            rated_dataset,
            rated_id,
            nps,
            csat,
            ces
        );
        extend!(self.reviews, reviews, at_ms, platform, stars, branch);
        extend!(
            self.complaints,
            complaints,
            customer,
            filed_ms,
            queja,
            due_day,
            answered_day,
            amount_cents,
            id,
            code,
            channel,
            branch,
            item
        );
        self.agents = agents;
        self.categories = categories;
        self.regions = regions;
        self.segments = segments;
        self.platforms = platforms;
        self.branches = branches;
        self.priorities = priorities;
        self.complaint_channels = complaint_channels;
        self.items = items;
    }

    fn append(&mut self, c: &Ctx<'_>, b: &RecordBatch) -> Result<(), EngineError> {
        match c.which {
            Dataset::Clientes => {
                let mut ids = Vec::new();
                c.i32s(b, "cliente_id", false, &mut ids)?;
                let base = self.customers.segment.len() as u32;
                for (i, id) in ids.iter().enumerate() {
                    if self.customers.row_of.insert(*id, base + i as u32).is_some() {
                        return Err(c.bad("cliente_id", format!("repeats customer {id}")));
                    }
                }
                c.small_codes(
                    b,
                    "segmento",
                    &mut self.segments,
                    &mut self.customers.segment,
                )?;
                c.small_codes(
                    b,
                    "departamento",
                    &mut self.regions,
                    &mut self.customers.region,
                )?;
                c.dates(b, "fecha_alta", false, &mut self.customers.joined_day)?;
                self.customers.id.extend(ids);
            }
            Dataset::Llamadas => {
                let t = &mut self.calls;
                c.i64s(b, "llamada_id", &mut t.id)?;
                c.i32s(b, "cliente_id", false, &mut t.customer)?;
                c.codes(b, "agente_id", &mut self.agents, true, &mut t.agent)?;
                c.times(b, "inicio", false, &mut t.start_ms)?;
                c.i32s(b, "espera_seg", false, &mut t.wait_s)?;
                c.i32s(b, "conversacion_seg", true, &mut t.talk_s)?;
                c.i32s(b, "retencion_seg", true, &mut t.hold_s)?;
                c.i32s(b, "acw_seg", true, &mut t.acw_s)?;
                c.small_codes(b, "motivo", &mut self.categories, &mut t.reason)?;
                c.bools(b, "abandonada", &mut t.abandoned)?;
                c.bools(b, "transferida", &mut t.transferred)?;
                c.flags(b, "resuelta_primer_contacto", &mut t.fcr)?;
            }
            Dataset::Whatsapp => {
                let t = &mut self.chats;
                c.i64s(b, "conversacion_id", &mut t.id)?;
                c.i32s(b, "cliente_id", false, &mut t.customer)?;
                c.codes(b, "agente_id", &mut self.agents, false, &mut t.agent)?;
                c.times(b, "inicio", false, &mut t.start_ms)?;
                c.i32s(b, "primera_respuesta_seg", false, &mut t.first_reply_s)?;
                c.small_codes(b, "motivo", &mut self.categories, &mut t.reason)?;
                c.bools(b, "resuelta", &mut t.resolved)?;
            }
            Dataset::Tickets => {
                let t = &mut self.tickets;
                c.i64s(b, "ticket_id", &mut t.id)?;
                c.i32s(b, "cliente_id", false, &mut t.customer)?;
                c.codes(b, "agente_id", &mut self.agents, false, &mut t.agent)?;
                c.channels(b, "canal", &mut t.channel)?;
                c.small_codes(b, "categoria", &mut self.categories, &mut t.category)?;
                c.times(b, "creado", false, &mut t.created_ms)?;
                c.times(b, "primera_respuesta", true, &mut t.first_reply_ms)?;
                c.times(b, "resuelto", true, &mut t.resolved_ms)?;
                c.i32s(b, "sla_horas", false, &mut t.sla_h)?;
                c.bools(b, "reabierto", &mut t.reopened)?;
                c.small_codes(b, "prioridad", &mut self.priorities, &mut t.priority)?;
            }
            Dataset::Encuestas => {
                let t = &mut self.surveys;
                c.i32s(b, "cliente_id", false, &mut t.customer)?;
                let mut rated = Vec::new();
                let mut rated_dict = Dict::default();
                c.codes(b, "interaccion_dataset", &mut rated_dict, false, &mut rated)?;
                for code in rated {
                    let name = rated_dict.name(code).unwrap_or_default();
                    let k = [Dataset::Llamadas, Dataset::Whatsapp, Dataset::Tickets]
                        .iter()
                        .position(|d| d.name() == name)
                        .ok_or_else(|| {
                            c.bad(
                                "interaccion_dataset",
                                format!("names {name:?}, not a contact dataset"),
                            )
                        })?;
                    t.rated_dataset.push(k as u8);
                }
                c.i64s(b, "interaccion_id", &mut t.rated_id)?;
                c.codes(b, "agente_id", &mut self.agents, false, &mut t.agent)?;
                c.channels(b, "canal", &mut t.channel)?;
                c.times(b, "fecha", false, &mut t.at_ms)?;
                c.scores(b, "nps", 10, 0, &mut t.nps)?;
                c.scores(b, "csat", 5, 1, &mut t.csat)?;
                c.scores(b, "ces", 7, 1, &mut t.ces)?;
            }
            Dataset::Resenas => {
                let t = &mut self.reviews;
                c.small_codes(b, "plataforma", &mut self.platforms, &mut t.platform)?;
                c.times(b, "fecha", false, &mut t.at_ms)?;
                let mut stars = Vec::new();
                c.scores(b, "estrellas", 5, 1, &mut stars)?;
                if stars.contains(&NULL_U8) {
                    return Err(c.bad("estrellas", "has nulls"));
                }
                t.stars.extend(stars);
                c.small_codes(b, "sucursal", &mut self.branches, &mut t.branch)?;
            }
            Dataset::Reclamaciones => {
                let t = &mut self.complaints;
                c.i32s(b, "cliente_id", false, &mut t.customer)?;
                let mut tipos = Vec::new();
                let mut d = Dict::default();
                c.codes(b, "tipo", &mut d, false, &mut tipos)?;
                for code in tipos {
                    match d.name(code) {
                        Some("queja") => t.queja.push(true),
                        Some("reclamo") => t.queja.push(false),
                        other => {
                            return Err(
                                c.bad("tipo", format!("has {other:?}, expected reclamo or queja"))
                            )
                        }
                    }
                }
                c.times(b, "fecha", false, &mut t.filed_ms)?;
                c.dates(b, "fecha_limite", false, &mut t.due_day)?;
                c.dates(b, "fecha_respuesta", true, &mut t.answered_day)?;
                let a = c
                    .col(b, "monto_reclamado_pen")?
                    .as_primitive_opt::<Decimal128Type>()
                    .ok_or_else(|| c.bad("monto_reclamado_pen", "is not a decimal"))?;
                t.amount_cents
                    .extend(a.iter().map(|v| v.map_or(NULL_I64, |x| x as i64)));
                c.i64s(b, "reclamo_id", &mut t.id)?;
                c.texts(b, "codigo", &mut t.code)?;
                c.small_codes(b, "canal", &mut self.complaint_channels, &mut t.channel)?;
                c.small_codes_opt(b, "sucursal", &mut self.branches, true, &mut t.branch)?;
                c.small_codes(b, "descripcion_bien", &mut self.items, &mut t.item)?;
            }
        }
        Ok(())
    }

    /// Rows loaded per dataset, in [`schema::DATASETS`] order.
    pub fn row_counts(&self) -> [(Dataset, usize); 7] {
        Dataset::ALL.map(|d| (d, self.rows(d)))
    }

    /// Rows loaded of one dataset.
    pub fn rows(&self, dataset: Dataset) -> usize {
        match dataset {
            Dataset::Clientes => self.customers.segment.len(),
            Dataset::Llamadas => self.calls.id.len(),
            Dataset::Whatsapp => self.chats.id.len(),
            Dataset::Tickets => self.tickets.id.len(),
            Dataset::Encuestas => self.surveys.at_ms.len(),
            Dataset::Resenas => self.reviews.at_ms.len(),
            Dataset::Reclamaciones => self.complaints.filed_ms.len(),
        }
    }

    /// Approximate heap bytes of the columns (dictionaries and customer map excluded).
    pub fn column_bytes(&self) -> usize {
        let c = &self.calls;
        let calls = c.id.len() * (8 + 4 + 8 + 4 + 4 * 4 + 2 + 1 + 1 + 1);
        let chats = self.chats.id.len() * (8 + 4 + 8 + 4 + 4 + 2 + 1);
        let tickets = self.tickets.id.len() * (8 + 4 + 8 * 3 + 4 + 1 + 2 + 4 + 1);
        let surveys = self.surveys.at_ms.len() * (4 + 8 + 4 + 1 + 1 + 8 + 3);
        let reviews = self.reviews.at_ms.len() * (8 + 2 + 1 + 2);
        let complaints = self.complaints.filed_ms.len() * (4 + 8 + 1 + 4 + 4 + 8);
        let customers = self.customers.segment.len() * 4;
        calls + chats + tickets + surveys + reviews + complaints + customers
    }
}

/// Hour of day (0–23) of a millisecond timestamp.
pub fn hour(ms: i64) -> u8 {
    (ms.rem_euclid(MS_PER_DAY) / 3_600_000) as u8
}

pub use crate::index::Index;

impl Lake {
    /// Builds the [`Index`] in one go. Call once after loading (and again after loading more);
    /// [`crate::IndexBuild`] builds it in bounded steps.
    pub fn index(&self) -> Index {
        let mut build = crate::index::IndexBuild::new(0);
        let tables = self.tables();
        while !build.step(&tables) {}
        build.into_index()
    }

    /// The tables, for building the [`Index`].
    pub(crate) fn tables(&self) -> crate::index::Tables<'_> {
        crate::index::Tables {
            customers: &self.customers,
            calls: &self.calls,
            chats: &self.chats,
            tickets: &self.tickets,
            surveys: &self.surveys,
            reviews: &self.reviews,
            complaints: &self.complaints,
        }
    }
}
