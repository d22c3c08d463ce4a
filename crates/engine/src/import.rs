//! Local files: which dataset a file is, and CSV read into the contract's types.
//!
//! A file is matched to a dataset by its name (the dataset's name in the file name, or a folder
//! of that name as in the lake's layout) or, failing that, by its columns (the dataset whose
//! columns the engine needs are all there). CSV files (UTF-8 with or without BOM, or
//! Latin-1/Windows-1252; `,`, `;` or tab delimited; CRLF or LF; quoted fields; a header row)
//! are kept as they are and read by the loader's CSV path ([`csv_columns`], called by
//! [`crate::read_columns`] for a file named `*.csv`): every later step (the checks, the engine,
//! the explorer, the texts) is the one published files take. (A Parquet writer in the app would
//! cost 1.2 MB of wasm.)

use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Decimal128Array, Int32Array, Int64Array, RecordBatch,
    StringArray, TimestampMillisecondArray,
};
use bytes::Bytes;

use crate::calendar::{days_from_civil, MS_PER_DAY};
use crate::lake::needed_columns;
use crate::schema::{fields_schema, ColumnKind, ColumnSpec};
use crate::Dataset;

/// How a file was matched to a dataset.
#[derive(Debug, Clone, PartialEq)]
pub enum Matched {
    /// Its name (or folder) names the dataset.
    ByName(Dataset),
    /// Its columns are those of the dataset.
    ByColumns(Dataset),
    /// No dataset: the closest one and the columns it lacks, if any dataset comes close.
    Unknown(Option<(Dataset, Vec<String>)>),
}

impl Matched {
    /// The dataset, if matched.
    pub fn dataset(&self) -> Option<Dataset> {
        match self {
            Matched::ByName(d) | Matched::ByColumns(d) => Some(*d),
            Matched::Unknown(_) => None,
        }
    }
}

/// Matches a file (its path, as picked or dropped, and its column names) to a dataset.
pub fn match_file(path: &str, columns: &[String]) -> Matched {
    let lower = path.to_lowercase();
    // The file's own name first, then its folders from the nearest out.
    let by_name = lower.rsplit(['/', '\\']).find_map(|p| {
        let p = p
            .strip_suffix(".parquet")
            .or_else(|| p.strip_suffix(".csv"))
            .unwrap_or(p);
        Dataset::ALL.into_iter().find(|d| p.contains(d.name()))
    });
    if let Some(d) = by_name {
        return Matched::ByName(d);
    }
    let mut best: Option<(Dataset, Vec<String>, usize)> = None;
    for d in Dataset::ALL {
        let need = needed_columns(d);
        let missing: Vec<String> = need
            .iter()
            .filter(|c| !columns.iter().any(|x| x == *c))
            .map(|c| (*c).to_string())
            .collect();
        if missing.is_empty() {
            return Matched::ByColumns(d);
        }
        let have = need.len() - missing.len();
        if have * 2 >= need.len() && best.as_ref().is_none_or(|b| have > b.2) {
            best = Some((d, missing, have));
        }
    }
    Matched::Unknown(best.map(|(d, m, _)| (d, m)))
}

/// The column names of a Parquet file (from its footer; nothing decoded).
///
/// # Errors
/// Why the bytes are not Parquet.
pub fn parquet_columns(bytes: &Bytes) -> Result<Vec<String>, String> {
    crate::decode::check_frame(bytes)?;
    let builder =
        parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(bytes.clone())
            .map_err(|e| crate::decode::explain(&e.to_string()))?;
    Ok(builder
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect())
}

/// A CSV file's text: UTF-8 (a BOM dropped) or, when not valid UTF-8, Windows-1252 (which
/// includes Latin-1's letters). Returns the text and the encoding's name.
pub fn decode_text(bytes: &[u8]) -> (String, &'static str) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), "UTF-8"),
        Err(_) => (
            bytes.iter().map(|&b| windows_1252(b)).collect(),
            "Windows-1252",
        ),
    }
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// One problem in a CSV file: its line (1 is the header) and what is wrong, in English; the app
/// words it in the page's language from [`CsvProblem::kind`].
#[derive(Debug, Clone, PartialEq)]
pub struct CsvProblem {
    /// 1-based line in the file (a quoted field may span lines: the line where the row starts).
    pub line: u64,
    /// What is wrong.
    pub kind: CsvProblemKind,
}

/// What is wrong with a CSV line.
#[derive(Debug, Clone, PartialEq)]
pub enum CsvProblemKind {
    /// The file has no header row.
    Empty,
    /// A column the dataset needs is not in the header.
    MissingColumn(String),
    /// A row with another number of fields than the header.
    FieldCount {
        /// Fields in the row.
        found: usize,
        /// Fields in the header.
        expected: usize,
    },
    /// A value that is not of its column's type.
    BadValue {
        /// The column.
        column: String,
        /// The value (at most 60 characters).
        value: String,
        /// The type wanted: `whole number`, `true/false`, `date`, `date and time`, `amount`.
        expected: &'static str,
    },
    /// A quote opened and never closed.
    OpenQuote,
    /// More problems than are listed.
    More(u64),
}

/// At most this many problems are listed per file.
pub const MAX_PROBLEMS: usize = 20;

/// A CSV file read.
#[derive(Debug, Clone)]
pub struct CsvFile {
    /// The delimiter found.
    pub delimiter: char,
    /// The encoding found.
    pub encoding: &'static str,
    /// The header's column names.
    pub columns: Vec<String>,
    /// The rows, as text.
    rows: Vec<(u64, Vec<String>)>,
}

impl CsvFile {
    /// Records after the header.
    pub fn row_count(&self) -> usize {
        self.rows.len()
    }
}

/// Splits a CSV text into its header and rows.
///
/// # Errors
/// No header, or a quote never closed.
pub fn read_csv(bytes: &[u8]) -> Result<CsvFile, Vec<CsvProblem>> {
    let (text, encoding) = decode_text(bytes);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = [',', ';', '\t']
        .into_iter()
        .max_by_key(|d| first_line.matches(*d).count())
        .unwrap_or(',');
    let mut records = split_records(&text, delimiter)?;
    if records.is_empty() || records[0].1.iter().all(|f| f.trim().is_empty()) {
        return Err(vec![CsvProblem {
            line: 1,
            kind: CsvProblemKind::Empty,
        }]);
    }
    let (_, header) = records.remove(0);
    let columns = header.iter().map(|h| h.trim().to_string()).collect();
    Ok(CsvFile {
        delimiter,
        encoding,
        columns,
        rows: records,
    })
}

/// RFC 4180 records with their first line numbers; blank lines are skipped.
fn split_records(text: &str, delimiter: char) -> Result<Vec<(u64, Vec<String>)>, Vec<CsvProblem>> {
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let (mut line, mut start) = (1u64, 1u64);
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                quoted = true;
                any = true;
            }
            c if c == delimiter => {
                fields.push(std::mem::take(&mut field));
                any = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                if any || !field.is_empty() {
                    fields.push(std::mem::take(&mut field));
                    // A spreadsheet's empty row (`;;;;`) is no record.
                    if fields.iter().any(|f| !f.is_empty()) {
                        out.push((start, std::mem::take(&mut fields)));
                    }
                    fields.clear();
                }
                any = false;
                line += 1;
                start = line;
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(vec![CsvProblem {
            line: start,
            kind: CsvProblemKind::OpenQuote,
        }]);
    }
    if any || !field.is_empty() {
        fields.push(field);
        if fields.iter().any(|f| !f.is_empty()) {
            out.push((start, fields));
        }
    }
    Ok(out)
}

/// The rows of `csv` as a record batch in the contract's types (columns of `dataset` that the
/// file has; other columns are ignored). Empty fields are nulls.
///
/// # Errors
/// Every problem found, up to [`MAX_PROBLEMS`] (then [`CsvProblemKind::More`]): columns the
/// engine needs that are absent, rows with another number of fields, values not of their type.
pub fn csv_batch(dataset: Dataset, csv: &CsvFile) -> Result<RecordBatch, Vec<CsvProblem>> {
    let spec = dataset.spec();
    let mut problems = Vec::new();
    for need in needed_columns(dataset) {
        if !csv.columns.iter().any(|c| c == need) {
            problems.push(CsvProblem {
                line: 1,
                kind: CsvProblemKind::MissingColumn((*need).to_string()),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let present: Vec<(usize, &ColumnSpec)> = spec
        .columns
        .iter()
        .filter_map(|c| csv.columns.iter().position(|h| h == c.name).map(|i| (i, c)))
        .collect();
    let mut extra = 0u64;
    let mut note = |p: CsvProblem, problems: &mut Vec<CsvProblem>| {
        if problems.len() < MAX_PROBLEMS {
            problems.push(p);
        } else {
            extra += 1;
        }
    };
    for (line, fields) in &csv.rows {
        if fields.len() != csv.columns.len() {
            note(
                CsvProblem {
                    line: *line,
                    kind: CsvProblemKind::FieldCount {
                        found: fields.len(),
                        expected: csv.columns.len(),
                    },
                },
                &mut problems,
            );
        }
    }
    let decimal_comma = csv.delimiter != ',';
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(present.len());
    for (i, spec) in &present {
        let values = csv
            .rows
            .iter()
            .map(|(line, f)| (*line, f.get(*i).map(|s| s.trim())));
        let array = column(spec, values, decimal_comma, &mut |p| note(p, &mut problems));
        arrays.push(array);
    }
    if extra > 0 {
        problems.push(CsvProblem {
            line: 0,
            kind: CsvProblemKind::More(extra),
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let columns: Vec<ColumnSpec> = present.iter().map(|(_, c)| **c).collect();
    let mut schema = fields_schema(&columns);
    // Nullability is the engine's check (with its own message), not the writer's.
    schema = arrow_schema::Schema::new(
        schema
            .fields()
            .iter()
            .map(|f| f.as_ref().clone().with_nullable(true))
            .collect::<Vec<_>>(),
    );
    RecordBatch::try_new(Arc::new(schema), arrays).map_err(|e| {
        vec![CsvProblem {
            line: 0,
            kind: CsvProblemKind::BadValue {
                column: String::new(),
                value: e.to_string(),
                expected: "table",
            },
        }]
    })
}

fn column<'a>(
    spec: &ColumnSpec,
    values: impl Iterator<Item = (u64, Option<&'a str>)>,
    decimal_comma: bool,
    note: &mut dyn FnMut(CsvProblem),
) -> ArrayRef {
    let mut bad = |line: u64, v: &str, expected: &'static str| {
        note(CsvProblem {
            line,
            kind: CsvProblemKind::BadValue {
                column: spec.name.to_string(),
                value: v.chars().take(60).collect(),
                expected,
            },
        });
    };
    macro_rules! typed {
        ($parse:expr, $what:expr) => {
            values
                .map(|(line, v)| match v {
                    None | Some("") => None,
                    Some(v) => {
                        let parsed = $parse(v);
                        if parsed.is_none() {
                            bad(line, v, $what);
                        }
                        parsed
                    }
                })
                .collect::<Vec<_>>()
        };
    }
    match spec.kind {
        ColumnKind::Utf8 => Arc::new(
            values
                .map(|(_, v)| v.filter(|v| !v.is_empty()))
                .collect::<StringArray>(),
        ),
        ColumnKind::Int32 => Arc::new(Int32Array::from(typed!(
            |v: &str| v.parse::<i32>().ok(),
            "whole number"
        ))),
        ColumnKind::Int64 => Arc::new(Int64Array::from(typed!(
            |v: &str| v.parse::<i64>().ok(),
            "whole number"
        ))),
        ColumnKind::Bool => Arc::new(BooleanArray::from(typed!(parse_bool, "true/false"))),
        ColumnKind::Timestamp => Arc::new(TimestampMillisecondArray::from(typed!(
            parse_timestamp,
            "date and time"
        ))),
        ColumnKind::Date => Arc::new(Date32Array::from(typed!(parse_date, "date"))),
        ColumnKind::AmountPen => {
            let cents = typed!(|v: &str| parse_amount(v, decimal_comma), "amount");
            Arc::new(
                Decimal128Array::from(cents)
                    .with_precision_and_scale(12, 2)
                    .unwrap_or_else(|_| Decimal128Array::from(Vec::<Option<i128>>::new())),
            )
        }
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_lowercase().as_str() {
        "true" | "t" | "1" | "sí" | "si" | "s" | "yes" | "y" | "verdadero" => Some(true),
        "false" | "f" | "0" | "no" | "n" | "falso" => Some(false),
        _ => None,
    }
}

/// `YYYY-MM-DD` or `DD/MM/YYYY` (as spreadsheets in Peru write it).
pub fn parse_date(v: &str) -> Option<i32> {
    if let Some(d) = crate::parse_day(v) {
        return Some(d);
    }
    let mut it = v.split('/');
    let d: u32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let y_text = it.next()?;
    if it.next().is_some() || y_text.len() != 4 {
        return None;
    }
    let y: i32 = y_text.parse().ok()?;
    let days = days_from_civil(y, m, d);
    (crate::calendar::civil_from_days(days) == (y, m, d)).then_some(days)
}

/// `YYYY-MM-DD HH:MM[:SS[.fff]]` (or `T` between), or a date alone (midnight); also
/// `DD/MM/YYYY HH:MM[:SS]`. Lima wall-clock time, milliseconds.
pub fn parse_timestamp(v: &str) -> Option<i64> {
    let (date, time) = match v.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (v, None),
    };
    let day = i64::from(parse_date(date)?);
    let mut ms = 0i64;
    if let Some(t) = time.filter(|t| !t.is_empty()) {
        let (hms, frac) = t.split_once('.').unwrap_or((t, ""));
        let mut it = hms.split(':');
        let h: i64 = it.next()?.parse().ok()?;
        let m: i64 = it.next()?.parse().ok()?;
        let s: i64 = it.next().map_or(Some(0), |s| s.parse().ok())?;
        if it.next().is_some() || h > 23 || m > 59 || s > 60 {
            return None;
        }
        if !frac.chars().all(|c| c.is_ascii_digit()) || frac.len() > 9 {
            return None;
        }
        let frac_ms = format!("{frac:0<3}")[..3].parse::<i64>().ok()?;
        ms = ((h * 60 + m) * 60 + s) * 1000 + frac_ms;
    }
    day.checked_mul(MS_PER_DAY)?.checked_add(ms)
}

/// An amount in soles as céntimos: `1234.5`, `1234,50` (with `;` delimiters), `S/ 12.30`.
fn parse_amount(v: &str, decimal_comma: bool) -> Option<i128> {
    let v = v.trim_start_matches("S/.").trim_start_matches("S/").trim();
    let v = if decimal_comma && !v.contains('.') {
        v.replace(',', ".")
    } else {
        v.to_string()
    };
    let (int, frac) = v.split_once('.').unwrap_or((&v, ""));
    let negative = int.starts_with('-');
    let int = int.trim_start_matches('-');
    if int.is_empty() || !int.chars().all(|c| c.is_ascii_digit()) || frac.len() > 2 {
        return None;
    }
    if !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole: i128 = int.parse().ok()?;
    let cents: i128 = format!("{frac:0<2}").parse().ok()?;
    let total = whole.checked_mul(100)?.checked_add(cents)?;
    // DECIMAL(12, 2): past its ten integer digits a value is refused, not wrapped.
    (total < 1_000_000_000_000).then_some(if negative { -total } else { total })
}

/// Whether a file is CSV: named `*.csv` and not Parquet.
pub fn is_csv(file: &str, bytes: &[u8]) -> bool {
    !bytes.starts_with(b"PAR1") && file.to_ascii_lowercase().ends_with(".csv")
}

/// The columns `wanted` of a CSV file of `dataset`, in that order, in the contract's types (the
/// loader's path for CSV files: they are kept as the user gave them, never rewritten).
///
/// # Errors
/// [`crate::EngineError::MissingColumn`] for a wanted column absent from the header, and
/// [`crate::EngineError::BadValue`] for the first problem of the file (line and column).
pub fn csv_columns(
    dataset: &crate::schema::DatasetSpec,
    file: &str,
    bytes: &[u8],
    wanted: &[&str],
) -> Result<RecordBatch, crate::EngineError> {
    let bad = |p: &CsvProblem| {
        let (column, problem) = match &p.kind {
            CsvProblemKind::BadValue {
                column,
                value,
                expected,
            } => (
                column.clone(),
                format!("line {}: {value:?} is not a {expected}", p.line),
            ),
            other => (String::new(), format!("line {}: {other:?}", p.line)),
        };
        crate::EngineError::BadValue {
            dataset: dataset.name.to_string(),
            file: file.to_string(),
            column,
            problem,
        }
    };
    let Some(d) = Dataset::from_name(dataset.name) else {
        return Err(crate::EngineError::BadValue {
            dataset: dataset.name.to_string(),
            file: file.to_string(),
            column: String::new(),
            problem: "not a dataset of the contract".into(),
        });
    };
    let csv = read_csv(bytes).map_err(|p| bad(&p[0]))?;
    for name in wanted {
        if !csv.columns.iter().any(|c| c == name) {
            return Err(crate::EngineError::MissingColumn {
                dataset: dataset.name.to_string(),
                file: file.to_string(),
                column: (*name).to_string(),
            });
        }
    }
    let batch = csv_batch(d, &csv).map_err(|p| bad(&p[0]))?;
    let order: Vec<usize> = wanted
        .iter()
        .filter_map(|n| batch.schema().index_of(n).ok())
        .collect();
    batch
        .project(&order)
        .map_err(|e| crate::EngineError::BadValue {
            dataset: dataset.name.to_string(),
            file: file.to_string(),
            column: String::new(),
            problem: e.to_string(),
        })
}

/// Rows of a CSV file (its records after the header).
///
/// # Errors
/// Its first problem, if it cannot be split into records.
pub fn csv_rows(bytes: &[u8]) -> Result<u64, Vec<CsvProblem>> {
    read_csv(bytes).map(|c| c.rows.len() as u64)
}

/// The first and last day of the events in a Parquet file of `dataset` (its partition
/// timestamp), or `None` for a dataset without one or a file without events.
///
/// # Errors
/// As [`crate::read_columns`].
pub fn event_days(
    dataset: Dataset,
    file: &str,
    bytes: Bytes,
) -> Result<Option<(i32, i32)>, crate::EngineError> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::TimestampMillisecondType;
    let spec = dataset.spec();
    let Some(column) = spec.partition_by else {
        return Ok(None);
    };
    let mut span: Option<(i32, i32)> = None;
    for batch in crate::read_columns(spec, file, bytes, &[column])? {
        if let Some(a) = batch
            .column(0)
            .as_primitive_opt::<TimestampMillisecondType>()
        {
            for ms in a.iter().flatten() {
                let d = crate::calendar::day_of_ms(ms);
                span = Some(span.map_or((d, d), |(lo, hi)| (lo.min(d), hi.max(d))));
            }
        }
    }
    Ok(span)
}

/// A manifest for files the user opened: each dataset with its files (path, rows, bytes,
/// SHA-256), its columns from the contract, and the period from the first to the last event
/// found (`first_day`, `last_day`).
pub fn local_manifest(
    datasets: Vec<(Dataset, Vec<crate::FileEntry>)>,
    first_day: i32,
    last_day: i32,
) -> crate::Manifest {
    let none = || crate::FileEntry {
        path: String::new(),
        rows: 0,
        bytes: 0,
        sha256: String::new(),
    };
    let entries: Vec<crate::DatasetEntry> = datasets
        .into_iter()
        .map(|(d, files)| {
            let spec = d.spec();
            crate::DatasetEntry {
                name: spec.name.to_string(),
                row: spec.row.to_string(),
                partition_keys: Vec::new(),
                partition_source: spec.partition_by.map(str::to_string),
                rows: files.iter().map(|f| f.rows).sum(),
                columns: spec.columns.iter().map(crate::ColumnEntry::of).collect(),
                files,
                csv: none(),
            }
        })
        .collect();
    crate::Manifest {
        manifest_version: crate::MANIFEST_VERSION,
        generator: "local files".into(),
        seed: 0,
        scale: 1,
        date_from: crate::calendar::day_label(first_day),
        date_to: crate::calendar::day_label(last_day),
        timezone: "America/Lima".into(),
        total_rows: entries.iter().map(|d| d.rows).sum(),
        datasets: entries,
        calendar: none(),
        summary: None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn files_are_matched_by_name_then_by_columns() {
        assert_eq!(
            match_file("export/tickets_soporte.csv", &[]),
            Matched::ByName(Dataset::Tickets)
        );
        assert_eq!(
            match_file(
                "lake/llamadas_call_center/year=2025/month=01/part-00000.parquet",
                &[]
            ),
            Matched::ByName(Dataset::Llamadas)
        );
        let cols: Vec<String> = needed_columns(Dataset::Encuestas)
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(
            match_file("datos (3).parquet", &cols),
            Matched::ByColumns(Dataset::Encuestas)
        );
        let Matched::Unknown(Some((d, missing))) = match_file("x.csv", &cols[1..]) else {
            panic!("close but not enough");
        };
        assert_eq!((d, missing), (Dataset::Encuestas, vec![cols[0].clone()]));
        assert_eq!(
            match_file("notas.txt", &["a".into()]),
            Matched::Unknown(None)
        );
    }

    #[test]
    fn latin1_semicolons_crlf_quotes_and_a_bom_are_read() {
        let latin1 = b"\xEF\xBB\xBFa;b\r\n\"S\xC3\xAD; \"\"dijo\"\"\";2\r\n".to_vec();
        let csv = read_csv(&latin1).unwrap();
        assert_eq!((csv.delimiter, csv.encoding), (';', "UTF-8"));
        assert_eq!(
            csv.rows,
            vec![(2, vec!["Sí; \"dijo\"".to_string(), "2".to_string()])]
        );
        let cp = b"distrito,n\nAncash \xd1u\xf1oa \x80,1\n";
        let csv = read_csv(cp).unwrap();
        assert_eq!(csv.encoding, "Windows-1252");
        assert_eq!(csv.rows[0].1[0], "Ancash Ñuñoa €");
        assert!(read_csv(b"a,b\n\"open,1\n").is_err());
        let blank = read_csv(b"a;b\r\n1;2\r\n;\r\n\r\n").unwrap();
        assert_eq!(blank.rows.len(), 1);
        assert_eq!(
            match_file("clientes/tickets_soporte.csv", &[]),
            Matched::ByName(Dataset::Tickets)
        );
    }

    #[test]
    fn values_are_parsed_as_spreadsheets_write_them() {
        assert_eq!(
            parse_timestamp("2025-03-01T08:10:14.687"),
            parse_timestamp("01/03/2025 08:10:14.687")
        );
        assert_eq!(
            parse_timestamp("2025-03-01 08:10").map(|v| v % MS_PER_DAY),
            Some(8 * 3_600_000 + 600_000)
        );
        assert_eq!(parse_timestamp("2025-02-30 08:00"), None);
        assert_eq!(parse_amount("1234,5", true), Some(123_450));
        assert_eq!(parse_amount("S/ 19.99", false), Some(1999));
        assert_eq!(parse_amount("S/. 12.30", false), Some(1230));
        assert_eq!(parse_amount("99999999999999", false), None);
        assert_eq!(parse_amount("19.999", false), None);
        assert_eq!(parse_bool("Sí"), Some(true));
    }

    #[test]
    fn a_bad_row_is_named_by_line_and_column() {
        let mut text = String::from("encuesta_id,cliente_id,interaccion_dataset,interaccion_id,agente_id,canal,fecha,nps,csat,ces\n");
        text += "1,5,llamadas_call_center,1,T-01,teléfono,2025-01-02 10:00:00,9,5,6\n";
        text += "2,6,llamadas_call_center,2,T-01,teléfono,2025-01-02 11:00:00,nueve,5,6\n";
        text += "3,7,llamadas_call_center,3,T-01,teléfono,2025-01-02\n";
        let csv = read_csv(text.as_bytes()).unwrap();
        let problems = csv_batch(Dataset::Encuestas, &csv).unwrap_err();
        assert!(
            problems.contains(&CsvProblem {
                line: 3,
                kind: CsvProblemKind::BadValue {
                    column: "nps".into(),
                    value: "nueve".into(),
                    expected: "whole number"
                },
            }),
            "{problems:?}"
        );
        assert!(problems.contains(&CsvProblem {
            line: 4,
            kind: CsvProblemKind::FieldCount {
                found: 7,
                expected: 10
            }
        }));
    }
}
