//! Parquet bytes → Arrow record batches, checked against the data contract.
//!
//! The loader takes bytes, so the browser (bytes from `fetch`) and native code (bytes from disk)
//! share one path.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Decimal128Type, Int32Type, Int64Type, TimestampMillisecondType,
};
use arrow_array::{Array, RecordBatch};
use bytes::Bytes;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ProjectionMask;

use crate::calendar::{civil_from_days, day_of_ms, MS_PER_DAY};
use crate::limits::{self, Cap};
use crate::schema::{ColumnKind, ColumnSpec, DatasetSpec};
use crate::EngineError;

/// Decodes the columns `wanted` of one Parquet file of `dataset` (or of a CSV file, named
/// `*.csv`, read as [`crate::import`] reads the user's CSV files).
///
/// Columns are returned in the order of `wanted`. Only those columns are decoded.
///
/// # Errors
/// [`EngineError::Parquet`] if the bytes are not Parquet (the frame is checked first, see
/// [`check_frame`]), [`EngineError::MissingColumn`] if a
/// wanted column is absent, [`EngineError::WrongType`] if its type differs from the contract,
/// [`EngineError::OverCap`] if the file is over a cap of [`crate::limits`] (bytes, rows, one
/// text's length) and [`EngineError::OutOfRange`] for the first implausible value (with its row).
pub fn read_columns(
    dataset: &DatasetSpec,
    file: &str,
    bytes: Bytes,
    wanted: &[&str],
) -> Result<Vec<RecordBatch>, EngineError> {
    open_columns(dataset, file, bytes, wanted)?.collect()
}

/// [`read_columns`] a batch at a time (64 Ki rows), so a caller can let the browser paint
/// between batches: the checks of the whole file (frame, footer, caps, columns and their types)
/// are made here, each batch's values as it is decoded.
///
/// # Errors
/// As [`read_columns`], for what the footer tells.
pub fn open_columns<'a>(
    dataset: &'a DatasetSpec,
    file: &str,
    bytes: Bytes,
    wanted: &'a [&'a str],
) -> Result<Batches<'a>, EngineError> {
    let parquet_err = |e: &dyn std::fmt::Display| EngineError::Parquet {
        dataset: dataset.name.to_string(),
        file: file.to_string(),
        reason: explain(&e.to_string()),
    };
    let over = |what: Cap, found: u64, cap: u64| EngineError::OverCap {
        dataset: dataset.name.to_string(),
        file: file.to_string(),
        what,
        found,
        cap,
    };
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(over(
            Cap::FileBytes,
            bytes.len() as u64,
            limits::MAX_FILE_BYTES,
        ));
    }
    let mut batches = Batches {
        dataset,
        file: file.to_string(),
        wanted,
        source: Source::Done,
        first_row: 1,
        declared: u64::MAX,
    };
    if crate::import::is_csv(file, &bytes) {
        let batch = crate::import::csv_columns(dataset, file, &bytes, wanted)?;
        batches.source = Source::Csv(Some(batch));
        return Ok(batches);
    }
    check_frame(&bytes).map_err(|reason| parquet_err(&reason))?;
    let len = bytes.len() as u64;
    let builder = ParquetRecordBatchReaderBuilder::try_new(bytes).map_err(|e| parquet_err(&e))?;
    check_metadata(builder.metadata(), len).map_err(|reason| parquet_err(&reason))?;
    let declared = builder.metadata().file_metadata().num_rows();
    let declared = u64::try_from(declared)
        .map_err(|_| parquet_err(&format!("its footer declares {declared} rows")))?;
    if declared > limits::MAX_DATASET_ROWS {
        return Err(over(Cap::DatasetRows, declared, limits::MAX_DATASET_ROWS));
    }
    let schema = builder.schema().clone();
    let mut roots = Vec::with_capacity(wanted.len());
    for name in wanted {
        let Some((index, field)) = schema.column_with_name(name) else {
            return Err(EngineError::MissingColumn {
                dataset: dataset.name.to_string(),
                file: file.to_string(),
                column: (*name).to_string(),
            });
        };
        if let Some(spec) = dataset.column(name) {
            let expected = spec.kind.arrow_type();
            if !crate::coerce::accepts(spec.kind, field.data_type()) {
                return Err(EngineError::WrongType {
                    dataset: dataset.name.to_string(),
                    file: file.to_string(),
                    column: (*name).to_string(),
                    expected: expected.to_string(),
                    found: field.data_type().to_string(),
                });
            }
        }
        roots.push(index);
    }
    let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
    let reader = builder
        .with_projection(mask)
        .with_batch_size(64 * 1024)
        .build()
        .map_err(|e| parquet_err(&e))?;
    batches.source = Source::Parquet(reader);
    batches.declared = declared;
    Ok(batches)
}

/// The checked batches of one file ([`open_columns`]), in the caller's column order. After an
/// error it yields nothing more.
pub struct Batches<'a> {
    dataset: &'a DatasetSpec,
    file: String,
    wanted: &'a [&'a str],
    source: Source,
    /// Row of the file (1-based) the next batch starts at.
    first_row: u64,
    /// Rows the footer declares.
    declared: u64,
}

enum Source {
    Csv(Option<RecordBatch>),
    Parquet(parquet::arrow::arrow_reader::ParquetRecordBatchReader),
    Done,
}

impl Iterator for Batches<'_> {
    type Item = Result<RecordBatch, EngineError>;

    fn next(&mut self) -> Option<Self::Item> {
        let r = self.next_checked()?;
        if r.is_err() {
            self.source = Source::Done;
        }
        Some(r)
    }
}

impl Batches<'_> {
    fn next_checked(&mut self) -> Option<Result<RecordBatch, EngineError>> {
        let (dataset, file, wanted) = (self.dataset, self.file.as_str(), self.wanted);
        let parquet_err = |e: &dyn std::fmt::Display| EngineError::Parquet {
            dataset: dataset.name.to_string(),
            file: file.to_string(),
            reason: explain(&e.to_string()),
        };
        let check = |batch: &RecordBatch, first_row: u64| -> Result<(), EngineError> {
            for (k, name) in wanted.iter().enumerate() {
                if let (Some(spec), Some(array)) = (dataset.column(name), batch.columns().get(k)) {
                    check_values(dataset, file, spec, array.as_ref(), first_row)?;
                }
            }
            Ok(())
        };
        match &mut self.source {
            Source::Done => None,
            Source::Csv(batch) => {
                let batch = batch.take()?;
                self.source = Source::Done;
                Some(check(&batch, 1).map(|()| batch))
            }
            Source::Parquet(reader) => {
                let batch = match reader.next()? {
                    Ok(b) => b,
                    Err(e) => return Some(Err(parquet_err(&e))),
                };
                let first_row = self.first_row;
                let decoded = (|| {
                    // The projection keeps file order; put the columns in the caller's order.
                    let order: Vec<usize> = wanted
                        .iter()
                        .filter_map(|n| batch.schema().index_of(n).ok())
                        .collect();
                    let batch = batch.project(&order).map_err(|e| parquet_err(&e))?;
                    let batch = to_contract(dataset, file, batch, first_row)?;
                    check(&batch, first_row)?;
                    Ok(batch)
                })();
                let batch = match decoded {
                    Ok(b) => b,
                    Err(e) => return Some(Err(e)),
                };
                self.first_row += batch.num_rows() as u64;
                if self.first_row - 1 > self.declared {
                    return Some(Err(parquet_err(&format!(
                        "it decodes to more than the {} rows its footer declares",
                        self.declared
                    ))));
                }
                Some(Ok(batch))
            }
        }
    }
}

/// `batch` with every contract column in the contract's type (see [`crate::coerce`]).
fn to_contract(
    dataset: &DatasetSpec,
    file: &str,
    batch: RecordBatch,
    first_row: u64,
) -> Result<RecordBatch, EngineError> {
    let schema = batch.schema();
    if schema.fields().iter().all(|f| {
        dataset
            .column(f.name())
            .is_none_or(|s| f.data_type() == &s.kind.arrow_type())
    }) {
        return Ok(batch);
    }
    let mut fields = Vec::with_capacity(schema.fields().len());
    let mut columns = Vec::with_capacity(fields.capacity());
    for (field, array) in schema.fields().iter().zip(batch.columns()) {
        let Some(spec) = dataset.column(field.name()) else {
            fields.push(field.as_ref().clone());
            columns.push(array.clone());
            continue;
        };
        let converted = crate::coerce::to_contract(spec.kind, array, limits::MAX_TEXT_BYTES)
            .map_err(|u| match u.text_bytes {
                Some(found) => EngineError::OverCap {
                    dataset: dataset.name.to_string(),
                    file: file.to_string(),
                    what: Cap::TextBytes {
                        column: spec.name.to_string(),
                        row: first_row + u.index as u64,
                    },
                    found,
                    cap: limits::MAX_TEXT_BYTES,
                },
                None => EngineError::OutOfRange(Box::new(crate::error::OutOfRange {
                    dataset: dataset.name.to_string(),
                    file: file.to_string(),
                    column: spec.name.to_string(),
                    row: first_row + u.index as u64,
                    value: u.value,
                    expected: u.expected,
                })),
            })?;
        fields.push(
            field
                .as_ref()
                .clone()
                .with_data_type(spec.kind.arrow_type()),
        );
        columns.push(converted);
    }
    let schema = std::sync::Arc::new(arrow_schema::Schema::new(fields));
    RecordBatch::try_new(schema, columns).map_err(|e| EngineError::Parquet {
        dataset: dataset.name.to_string(),
        file: file.to_string(),
        reason: e.to_string(),
    })
}

/// The column chunks' places, checked before the `parquet` crate trusts them: it asserts (and so
/// panics, which aborts the app on wasm32) on a negative offset or size.
fn check_metadata(meta: &parquet::file::metadata::ParquetMetaData, len: u64) -> Result<(), String> {
    let declared = meta.file_metadata().num_rows();
    let groups: i64 = meta
        .row_groups()
        .iter()
        .map(|g| g.num_rows().max(0))
        .fold(0, i64::saturating_add);
    if groups != declared {
        return Err(format!(
            "its row groups hold {groups} rows, its footer declares {declared}"
        ));
    }
    for (g, group) in meta.row_groups().iter().enumerate() {
        if group.num_rows() < 0 {
            return Err(format!("row group {g} declares {} rows", group.num_rows()));
        }
        for c in group.columns() {
            let start = c.dictionary_page_offset().unwrap_or(c.data_page_offset());
            let size = c.compressed_size();
            let fits = u64::try_from(start)
                .ok()
                .zip(u64::try_from(size).ok())
                .is_some_and(|(s, n)| s.checked_add(n).is_some_and(|end| end <= len));
            if !fits || c.data_page_offset() < 0 || c.num_values() < 0 {
                return Err(format!(
                    "row group {g}, column {}: its pages at {start} (+{size} bytes) are not inside the file of {len} bytes",
                    c.column_path()
                ));
            }
        }
    }
    Ok(())
}

/// Decodes every column of a Parquet file, checks every array's structure and drops the result:
/// what the decoding worker runs (`src/vet.rs`) before the app decodes a file itself. A file that
/// passes decodes the same way in the app, for any subset of its columns, so a file that would
/// make the decoder panic (and abort the page, on wasm32) only ever does so in the worker.
/// Returns the rows decoded.
///
/// # Errors
/// Why the file cannot be decoded.
pub fn vet(bytes: Bytes) -> Result<u64, String> {
    vet_inner(bytes).map_err(|e| explain(&e))
}

/// A decoder message a person can act on: a compression this build does not read is named.
pub fn explain(message: &str) -> String {
    let Some((_, feature)) = message.split_once("Disabled feature at compile time: ") else {
        return message.to_string();
    };
    let codec = match feature.trim() {
        "flate2" => "GZIP",
        "zstd" => "ZSTD",
        "lz4" => "LZ4",
        "brotli" => "BROTLI",
        other => other,
    };
    format!(
        "it is compressed with {codec}, which this app does not read (it reads Snappy, ZSTD, GZIP, \
         LZ4 and uncompressed files): rewrite it with another codec, e.g. in Python \
         pq.write_table(pq.read_table(f), out, compression='zstd') or in DuckDB \
         COPY (SELECT * FROM 'f.parquet') TO 'out.parquet' (FORMAT parquet, COMPRESSION zstd)"
    )
}

fn vet_inner(bytes: Bytes) -> Result<u64, String> {
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(format!(
            "{} bytes is over the cap of {} bytes in one file",
            bytes.len(),
            limits::MAX_FILE_BYTES
        ));
    }
    check_frame(&bytes)?;
    let len = bytes.len() as u64;
    let builder = ParquetRecordBatchReaderBuilder::try_new(bytes).map_err(|e| e.to_string())?;
    check_metadata(builder.metadata(), len)?;
    let declared = builder.metadata().file_metadata().num_rows();
    let Some(declared) = u64::try_from(declared)
        .ok()
        .filter(|n| *n <= limits::MAX_DATASET_ROWS)
    else {
        return Err(format!("its footer declares {declared} rows"));
    };
    let reader = builder
        .with_batch_size(64 * 1024)
        .build()
        .map_err(|e| e.to_string())?;
    let mut rows = 0u64;
    for batch in reader {
        let batch = batch.map_err(|e| e.to_string())?;
        for column in batch.columns() {
            column
                .to_data()
                .validate_full()
                .map_err(|e| e.to_string())?;
        }
        rows += batch.num_rows() as u64;
        if rows > declared {
            return Err(format!(
                "it decodes to more than the {declared} rows its footer declares"
            ));
        }
    }
    if rows != declared {
        return Err(format!(
            "it decodes to {rows} rows, its footer declares {declared}"
        ));
    }
    Ok(rows)
}

/// Rows the footer of a Parquet file declares (the frame checked first, nothing decoded).
///
/// # Errors
/// Why the bytes are not Parquet.
pub fn parquet_rows(bytes: &Bytes) -> Result<u64, String> {
    check_frame(bytes)?;
    let builder =
        ParquetRecordBatchReaderBuilder::try_new(bytes.clone()).map_err(|e| e.to_string())?;
    let n = builder.metadata().file_metadata().num_rows();
    u64::try_from(n).map_err(|_| format!("its footer declares {n} rows"))
}

/// The first value of `array` outside the plausible range of its column, as an error naming the
/// row (`first_row` is the 1-based row of the array's first value in the file).
fn check_values(
    dataset: &DatasetSpec,
    file: &str,
    spec: &ColumnSpec,
    array: &dyn Array,
    first_row: u64,
) -> Result<(), EngineError> {
    let out = |i: usize, value: String, expected: String| {
        EngineError::OutOfRange(Box::new(crate::error::OutOfRange {
            dataset: dataset.name.to_string(),
            file: file.to_string(),
            column: spec.name.to_string(),
            row: first_row + i as u64,
            value,
            expected,
        }))
    };
    let first_bad = |values: &mut dyn Iterator<Item = Option<i64>>, lo: i64, hi: i64| {
        values
            .enumerate()
            .find_map(|(i, v)| v.filter(|v| !(lo..=hi).contains(v)).map(|v| (i, v)))
    };
    match spec.kind {
        ColumnKind::Timestamp => {
            let Some(a) = array.as_primitive_opt::<TimestampMillisecondType>() else {
                return Ok(());
            };
            let (lo, hi) = (limits::MIN_TIME_MS, limits::END_TIME_MS - 1);
            if let Some((i, v)) = first_bad(&mut a.iter(), lo, hi) {
                return Err(out(i, time_label(v), "2000-01-01 … 2099-12-31".into()));
            }
        }
        ColumnKind::Date => {
            let Some(a) = array.as_primitive_opt::<Date32Type>() else {
                return Ok(());
            };
            let (lo, hi) = (i64::from(limits::MIN_DAY), i64::from(limits::END_DAY) - 1);
            let mut days = a.iter().map(|v| v.map(i64::from));
            if let Some((i, v)) = first_bad(&mut days, lo, hi) {
                return Err(out(
                    i,
                    time_label(v.saturating_mul(MS_PER_DAY)),
                    "2000-01-01 … 2099-12-31".into(),
                ));
            }
        }
        ColumnKind::Int32 | ColumnKind::Int64 => {
            let Some((lo, hi)) = spec.unit.and_then(limits::unit_range) else {
                return Ok(());
            };
            let bad = if let Some(a) = array.as_primitive_opt::<Int32Type>() {
                first_bad(&mut a.iter().map(|v| v.map(i64::from)), lo, hi)
            } else if let Some(a) = array.as_primitive_opt::<Int64Type>() {
                first_bad(&mut a.iter(), lo, hi)
            } else {
                None
            };
            if let Some((i, v)) = bad {
                return Err(out(i, v.to_string(), format!("{lo}–{hi}")));
            }
        }
        ColumnKind::AmountPen => {
            let Some(a) = array.as_primitive_opt::<Decimal128Type>() else {
                return Ok(());
            };
            let bad = a.iter().enumerate().find_map(|(i, v)| {
                v.filter(|v| !(0..=limits::MAX_AMOUNT_CENTS).contains(v))
                    .map(|v| (i, v))
            });
            if let Some((i, v)) = bad {
                return Err(out(
                    i,
                    format!("{} céntimos", v),
                    "0 … 99,999,999.99 PEN".into(),
                ));
            }
        }
        ColumnKind::Utf8 => {
            let Some(a) = array.as_string_opt::<i32>() else {
                return Ok(());
            };
            let long = a
                .offsets()
                .windows(2)
                .position(|w| (w[1] - w[0]) as u64 > limits::MAX_TEXT_BYTES);
            if let Some(i) = long {
                let found = a.offsets()[i + 1] - a.offsets()[i];
                return Err(EngineError::OverCap {
                    dataset: dataset.name.to_string(),
                    file: file.to_string(),
                    what: Cap::TextBytes {
                        column: spec.name.to_string(),
                        row: first_row + i as u64,
                    },
                    found: found as u64,
                    cap: limits::MAX_TEXT_BYTES,
                });
            }
        }
        ColumnKind::Bool => {}
    }
    Ok(())
}

/// A timestamp as `YYYY-MM-DD HH:MM`, or only its year when it is too far for a date.
pub(crate) fn time_label(ms: i64) -> String {
    let days = ms.div_euclid(MS_PER_DAY);
    if let Ok(d) = i32::try_from(days).map(|_| day_of_ms(ms)) {
        if (-3_000_000..3_000_000).contains(&d) {
            let (y, m, day) = civil_from_days(d);
            let minute = ms.rem_euclid(MS_PER_DAY) / 60_000;
            return format!(
                "{y:04}-{m:02}-{day:02} {:02}:{:02}",
                minute / 60,
                minute % 60
            );
        }
    }
    format!("year {}", 1970 + ms / 31_556_952_000)
}

/// The Parquet frame, checked before the `parquet` crate trusts it: `PAR1` at both ends and a
/// footer length that fits the file. The crate computes `len - 8 - footer_len` with `usize`, which
/// is 32 bits on wasm32: a footer length of 0xFFFFFFFF wraps around there and panics inside the
/// crate instead of failing.
pub fn check_frame(bytes: &[u8]) -> Result<(), String> {
    const MAGIC: &[u8; 4] = b"PAR1";
    let len = bytes.len() as u64;
    if len < 12 {
        return Err(format!(
            "{len} bytes is too short for Parquet (at least 12)"
        ));
    }
    if &bytes[..4] != MAGIC {
        return Err("it does not start with the Parquet magic PAR1".into());
    }
    let tail = &bytes[bytes.len() - 8..];
    if &tail[4..] != MAGIC {
        return Err("it does not end with the Parquet magic PAR1 (truncated?)".into());
    }
    let footer = u64::from(u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]));
    if footer + 12 > len {
        return Err(format!(
            "its footer says the metadata takes {footer} bytes, but the file has {len}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_frame;

    #[test]
    fn the_frame_is_checked_before_the_crate_reads_it() {
        let mut ok = b"PAR1".to_vec();
        ok.extend_from_slice(&[0; 10]);
        ok.extend_from_slice(&10u32.to_le_bytes());
        ok.extend_from_slice(b"PAR1");
        assert_eq!(check_frame(&ok), Ok(()));
        let mut huge = ok.clone();
        let n = huge.len();
        huge[n - 8..n - 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(check_frame(&huge).is_err_and(|e| e.contains("4294967295")));
        assert!(check_frame(b"PAR1").is_err());
        assert!(check_frame(&ok[..ok.len() - 1]).is_err());
        assert!(check_frame(b"\x1f\x8b\x08\x00gzip renamed as parquet").is_err());
    }
}
