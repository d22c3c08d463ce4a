//! Writing a dataset: Hive-partitioned Parquet, a CSV copy, and the manifest entries.
//!
//! Rows arrive one at a time as [`Value`]s, are buffered per month in Arrow builders and written
//! in batches; each month's Parquet file stays open only while rows can still arrive for it, so
//! memory stays bounded whatever the scale.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{anyhow, Context, Result};
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Decimal128Builder, Int32Builder, Int64Builder, StringBuilder,
    TimestampMillisecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::SchemaRef;
use cx_engine::calendar::{civil_from_days, day_of_ms};
use cx_engine::schema::{fields_schema, ColumnKind, ColumnSpec};
use cx_engine::{ColumnEntry, FileEntry};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use sha2::{Digest, Sha256};

/// One cell of a row, in the order of the dataset's columns.
#[derive(Debug, Clone)]
pub enum Value {
    /// `Int32` (or null).
    I32(Option<i32>),
    /// `Int64`.
    I64(i64),
    /// Text (or null).
    Str(Option<String>),
    /// Boolean (or null).
    Bool(Option<bool>),
    /// Timestamp in ms (or null).
    Ts(Option<i64>),
    /// Day number (or null).
    Date(Option<i32>),
    /// Amount in céntimos (or null).
    Pen(Option<i128>),
}

enum Builder {
    I32(Int32Builder),
    I64(Int64Builder),
    Str(StringBuilder),
    Bool(BooleanBuilder),
    Ts(TimestampMillisecondBuilder),
    Date(Date32Builder),
    Pen(Decimal128Builder),
}

impl Builder {
    fn new(kind: ColumnKind) -> Self {
        match kind {
            ColumnKind::Int32 => Builder::I32(Int32Builder::new()),
            ColumnKind::Int64 => Builder::I64(Int64Builder::new()),
            ColumnKind::Utf8 => Builder::Str(StringBuilder::new()),
            ColumnKind::Bool => Builder::Bool(BooleanBuilder::new()),
            ColumnKind::Timestamp => Builder::Ts(TimestampMillisecondBuilder::new()),
            ColumnKind::Date => Builder::Date(Date32Builder::new()),
            ColumnKind::AmountPen => {
                Builder::Pen(Decimal128Builder::new().with_data_type(kind.arrow_type()))
            }
        }
    }

    fn push(&mut self, v: Value) -> Result<()> {
        match (self, v) {
            (Builder::I32(b), Value::I32(x)) => b.append_option(x),
            (Builder::I64(b), Value::I64(x)) => b.append_value(x),
            (Builder::Str(b), Value::Str(x)) => b.append_option(x),
            (Builder::Bool(b), Value::Bool(x)) => b.append_option(x),
            (Builder::Ts(b), Value::Ts(x)) => b.append_option(x),
            (Builder::Date(b), Value::Date(x)) => b.append_option(x),
            (Builder::Pen(b), Value::Pen(x)) => b.append_option(x),
            (_, v) => return Err(anyhow!("value {v:?} does not match its column type")),
        }
        Ok(())
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::I32(b) => Arc::new(b.finish()),
            Builder::I64(b) => Arc::new(b.finish()),
            Builder::Str(b) => Arc::new(b.finish()),
            Builder::Bool(b) => Arc::new(b.finish()),
            Builder::Ts(b) => Arc::new(b.finish()),
            Builder::Date(b) => Arc::new(b.finish()),
            Builder::Pen(b) => Arc::new(b.finish()),
        }
    }
}

/// Rows buffered before they are handed to the Parquet writer.
const BATCH_ROWS: usize = 8_192;
/// Rows per Parquet row group.
pub const ROW_GROUP_ROWS: usize = 128 * 1024;

struct Part {
    builders: Vec<Builder>,
    buffered: usize,
    rows: u64,
    writer: ArrowWriter<File>,
    path: PathBuf,
}

fn writer_properties() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        .set_created_by("cx-generator".to_string())
        .build()
}

/// The CSV copy of a dataset: every batch written to Parquet goes here too.
struct CsvCopy {
    writer: arrow_csv::Writer<BufWriter<File>>,
    path: PathBuf,
}

/// Writes one dataset: a Parquet file per month (or a single one), and a CSV copy.
pub struct DatasetWriter {
    name: &'static str,
    columns: &'static [ColumnSpec],
    schema: SchemaRef,
    root: PathBuf,
    partitioned: bool,
    parts: BTreeMap<i32, Part>,
    closed: Vec<(i32, FileEntry)>,
    last_closed_month: i32,
    csv: Option<CsvCopy>,
}

impl DatasetWriter {
    /// A writer for `name` under `root` (the lake folder). `csv_dir`: where the CSV copy goes.
    pub fn new(
        root: &Path,
        name: &'static str,
        columns: &'static [ColumnSpec],
        partitioned: bool,
        csv_dir: Option<&Path>,
    ) -> Result<Self> {
        let csv = match csv_dir {
            Some(dir) => {
                let path = dir.join(format!("{name}.csv"));
                let file = File::create(&path)
                    .with_context(|| format!("cannot create {}", path.display()))?;
                Some(CsvCopy {
                    writer: arrow_csv::Writer::new(BufWriter::new(file)),
                    path,
                })
            }
            None => None,
        };
        Ok(Self {
            name,
            columns,
            schema: Arc::new(fields_schema(columns)),
            root: root.to_path_buf(),
            partitioned,
            parts: BTreeMap::new(),
            closed: Vec::new(),
            last_closed_month: i32::MIN,
            csv,
        })
    }

    fn relative_path(&self, month: i32) -> String {
        if self.partitioned {
            format!(
                "{}/year={:04}/month={:02}/part-00000.parquet",
                self.name,
                month.div_euclid(12),
                month.rem_euclid(12) + 1
            )
        } else {
            format!("{}/{}.parquet", self.name, self.name)
        }
    }

    /// Adds a row whose partition time is `partition_ms` (ignored when unpartitioned).
    pub fn push(&mut self, partition_ms: i64, row: Vec<Value>) -> Result<()> {
        let month = if self.partitioned {
            let (y, m, _) = civil_from_days(day_of_ms(partition_ms));
            y * 12 + m as i32 - 1
        } else {
            0
        };
        if month <= self.last_closed_month {
            return Err(anyhow!(
                "{}: a row for an already closed month {month} arrived (generator bug)",
                self.name
            ));
        }
        if !self.parts.contains_key(&month) {
            let rel = self.relative_path(month);
            let path = self.root.join(&rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            let file =
                File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
            let writer =
                ArrowWriter::try_new(file, self.schema.clone(), Some(writer_properties()))?;
            let builders = self.columns.iter().map(|c| Builder::new(c.kind)).collect();
            self.parts.insert(
                month,
                Part {
                    builders,
                    buffered: 0,
                    rows: 0,
                    writer,
                    path,
                },
            );
        }
        let Some(part) = self.parts.get_mut(&month) else {
            return Err(anyhow!("{}: partition {month} vanished", self.name));
        };
        if row.len() != self.columns.len() {
            return Err(anyhow!(
                "{}: row has {} values for {} columns",
                self.name,
                row.len(),
                self.columns.len()
            ));
        }
        for (b, v) in part.builders.iter_mut().zip(row) {
            b.push(v)?;
        }
        part.buffered += 1;
        part.rows += 1;
        if part.buffered >= BATCH_ROWS {
            flush(part, &self.schema, &mut self.csv)?;
        }
        Ok(())
    }

    /// Closes every month before `month` (no more rows will arrive for them).
    pub fn close_before(&mut self, month: i32) -> Result<()> {
        let done: Vec<i32> = self.parts.range(..month).map(|(m, _)| *m).collect();
        for m in done {
            if let Some(part) = self.parts.remove(&m) {
                let entry = self.finish_part(part)?;
                self.closed.push((m, entry));
                self.last_closed_month = self.last_closed_month.max(m);
            }
        }
        Ok(())
    }

    fn finish_part(&mut self, mut part: Part) -> Result<FileEntry> {
        flush(&mut part, &self.schema, &mut self.csv)?;
        part.writer.close()?;
        let rel = part
            .path
            .strip_prefix(&self.root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        file_entry(&part.path, rel, part.rows)
    }

    /// Closes everything; returns the Parquet files (in month order), the CSV file and the columns.
    pub fn finish(mut self) -> Result<(Vec<FileEntry>, Option<FileEntry>, Vec<ColumnEntry>)> {
        self.close_before(i32::MAX)?;
        let mut files = std::mem::take(&mut self.closed);
        files.sort_by_key(|(m, _)| *m);
        let files: Vec<FileEntry> = files.into_iter().map(|(_, f)| f).collect();
        let total: u64 = files.iter().map(|f| f.rows).sum();
        let csv = match self.csv.take() {
            Some(CsvCopy { writer, path }) => {
                let mut inner = writer.into_inner();
                std::io::Write::flush(&mut inner)?;
                drop(inner);
                let rel = path
                    .strip_prefix(&self.root)
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                Some(file_entry(&path, rel, total)?)
            }
            None => None,
        };
        Ok((files, csv, column_entries(self.columns)))
    }
}

fn flush(part: &mut Part, schema: &SchemaRef, csv: &mut Option<CsvCopy>) -> Result<()> {
    if part.buffered == 0 {
        return Ok(());
    }
    let arrays: Vec<ArrayRef> = part.builders.iter_mut().map(Builder::finish).collect();
    let batch = RecordBatch::try_new(schema.clone(), arrays)?;
    part.writer.write(&batch)?;
    if let Some(copy) = csv {
        copy.writer.write(&batch)?;
    }
    part.buffered = 0;
    Ok(())
}

/// Size and SHA-256 of a written file.
pub fn file_entry(path: &Path, rel: String, rows: u64) -> Result<FileEntry> {
    let mut file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        hasher.update(&buf[..n]);
    }
    let sha256 = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(FileEntry {
        path: rel,
        rows,
        bytes,
        sha256,
    })
}

/// Manifest entries of a list of columns.
pub fn column_entries(columns: &[ColumnSpec]) -> Vec<ColumnEntry> {
    columns.iter().map(ColumnEntry::of).collect()
}
