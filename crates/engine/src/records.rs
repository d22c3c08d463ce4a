//! The records behind a number: every published column of one dataset, decoded from the same
//! files in the same order as the [`Lake`](crate::Lake), so the rows of a
//! [`Selection`](crate::Selection) index them directly. Paging, sorting, full-text search and
//! CSV export work on row numbers, never on copies of the rows.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Decimal128Type, Int32Type, Int64Type, TimestampMillisecondType,
};
use arrow_array::Array;
use bytes::Bytes;

use crate::calendar::{civil_from_days, day_of_ms, MS_PER_DAY};
use crate::dataset::Dataset;
use crate::decode::read_columns;
use crate::schema::ColumnKind;
use crate::EngineError;

/// One column's values.
#[derive(Debug, Clone)]
enum Values {
    Int(Vec<Option<i64>>),
    Text(Vec<Option<String>>),
    Bool(Vec<Option<bool>>),
    Time(Vec<Option<i64>>),
    Date(Vec<Option<i32>>),
    Amount(Vec<Option<i128>>),
}

/// The decoded rows of one dataset.
#[derive(Debug, Clone)]
pub struct Records {
    dataset: Dataset,
    names: Vec<&'static str>,
    kinds: Vec<ColumnKind>,
    columns: Vec<Values>,
    rows: usize,
}

/// Characters of a search query that are read (the rest is ignored).
pub const SEARCH_CHARS: usize = 200;
/// Words of a search query that are read.
pub const SEARCH_WORDS: usize = 10;

/// Characters a spreadsheet reads as the start of a formula (OWASP CSV injection).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

impl Records {
    /// Decodes every published column of `dataset` from its files, in order.
    ///
    /// # Errors
    /// As [`read_columns`]; a value the contract does not allow is an [`EngineError::BadValue`].
    pub fn decode(dataset: Dataset, files: &[(String, Bytes)]) -> Result<Records, EngineError> {
        let spec = dataset.spec();
        let names: Vec<&'static str> = spec.columns.iter().map(|c| c.name).collect();
        let kinds: Vec<ColumnKind> = spec.columns.iter().map(|c| c.kind).collect();
        let mut columns: Vec<Values> = kinds
            .iter()
            .map(|k| match k {
                ColumnKind::Int32 | ColumnKind::Int64 => Values::Int(Vec::new()),
                ColumnKind::Utf8 => Values::Text(Vec::new()),
                ColumnKind::Bool => Values::Bool(Vec::new()),
                ColumnKind::Timestamp => Values::Time(Vec::new()),
                ColumnKind::Date => Values::Date(Vec::new()),
                ColumnKind::AmountPen => Values::Amount(Vec::new()),
            })
            .collect();
        let mut rows = 0;
        for (file, bytes) in files {
            let batches = read_columns(spec, file, bytes.clone(), &names)?;
            for b in &batches {
                for (k, col) in columns.iter_mut().enumerate() {
                    append(col, b.column(k).as_ref(), dataset, file, names[k])?;
                }
                rows += b.num_rows();
            }
        }
        Ok(Records {
            dataset,
            names,
            kinds,
            columns,
            rows,
        })
    }

    /// The dataset.
    pub fn dataset(&self) -> Dataset {
        self.dataset
    }

    /// Rows decoded.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Column names, in contract order.
    pub fn names(&self) -> &[&'static str] {
        &self.names
    }

    /// Whether column `col` holds numbers (right-aligned in a table).
    pub fn is_numeric(&self, col: usize) -> bool {
        matches!(
            self.kinds.get(col),
            Some(ColumnKind::Int32 | ColumnKind::Int64 | ColumnKind::AmountPen)
        )
    }

    /// The text of one cell as the files hold it: integers, `YYYY-MM-DD HH:MM:SS` timestamps
    /// (Lima time), `YYYY-MM-DD` dates, amounts with two decimals, `true`/`false`; `""` for null
    /// or out of range.
    pub fn cell(&self, row: usize, col: usize) -> String {
        let Some(c) = self.columns.get(col) else {
            return String::new();
        };
        match c {
            Values::Int(v) => v.get(row).copied().flatten().map(|x| x.to_string()),
            Values::Text(v) => v.get(row).cloned().flatten(),
            Values::Bool(v) => v.get(row).copied().flatten().map(|b| b.to_string()),
            Values::Time(v) => v.get(row).copied().flatten().map(timestamp),
            Values::Date(v) => v.get(row).copied().flatten().map(date),
            Values::Amount(v) => v.get(row).copied().flatten().map(amount),
        }
        .unwrap_or_default()
    }

    /// Sorts `rows` by column `col` (nulls last in either direction; ties keep row order).
    pub fn sort(&self, rows: &mut [u32], col: usize, ascending: bool) {
        use std::cmp::Ordering;
        fn by<T: Ord>(v: &[Option<T>], a: u32, b: u32, asc: bool) -> Ordering {
            let (x, y) = (v.get(a as usize), v.get(b as usize));
            match (x.and_then(Option::as_ref), y.and_then(Option::as_ref)) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(p), Some(q)) => {
                    let o = p.cmp(q);
                    if asc {
                        o
                    } else {
                        o.reverse()
                    }
                }
            }
        }
        let Some(c) = self.columns.get(col) else {
            return;
        };
        match c {
            Values::Int(v) | Values::Time(v) => rows.sort_by(|a, b| by(v, *a, *b, ascending)),
            Values::Text(v) => rows.sort_by(|a, b| by(v, *a, *b, ascending)),
            Values::Bool(v) => rows.sort_by(|a, b| by(v, *a, *b, ascending)),
            Values::Date(v) => rows.sort_by(|a, b| by(v, *a, *b, ascending)),
            Values::Amount(v) => rows.sort_by(|a, b| by(v, *a, *b, ascending)),
        }
    }

    /// The rows of `rows` whose text columns contain every word of `query`, ignoring case and
    /// accents (`atencion` finds «Atención»). An empty query keeps all.
    pub fn search(&self, rows: &[u32], query: &str) -> Vec<u32> {
        // A query from a link is bounded: its first SEARCH_WORDS words of SEARCH_CHARS characters.
        let query: String = query.chars().take(SEARCH_CHARS).collect();
        let words: Vec<String> = fold(&query)
            .split_whitespace()
            .take(SEARCH_WORDS)
            .map(str::to_string)
            .collect();
        if words.is_empty() {
            return rows.to_vec();
        }
        let texts: Vec<&Vec<Option<String>>> = self
            .columns
            .iter()
            .filter_map(|c| match c {
                Values::Text(v) => Some(v),
                _ => None,
            })
            .collect();
        rows.iter()
            .copied()
            .filter(|&r| {
                let mut hay = String::new();
                for t in &texts {
                    if let Some(Some(s)) = t.get(r as usize) {
                        hay.push_str(s);
                        hay.push('\u{1f}');
                    }
                }
                let hay = fold(&hay);
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect()
    }

    /// The rows as CSV for a spreadsheet: UTF-8 with a byte-order mark, a header of column
    /// names, CRLF line ends, fields quoted when they hold a comma, quote or line break, and
    /// text cells starting with `=`, `+`, `-`, `@`, tab or CR prefixed with `'` so no
    /// spreadsheet runs them as formulas.
    pub fn csv(&self, rows: &[u32]) -> String {
        let mut out = String::from('\u{feff}');
        let header: Vec<String> = self.names.iter().map(|n| csv_field(n, true)).collect();
        out.push_str(&header.join(","));
        out.push_str("\r\n");
        for &r in rows {
            for col in 0..self.columns.len() {
                if col > 0 {
                    out.push(',');
                }
                let text = matches!(self.columns[col], Values::Text(_));
                out.push_str(&csv_field(&self.cell(r as usize, col), text));
            }
            out.push_str("\r\n");
        }
        out
    }
}

/// One CSV field, quoted as needed; `text` cells are neutralised against formula injection.
pub fn csv_field(value: &str, text: bool) -> String {
    let mut v = String::with_capacity(value.len() + 2);
    if text && value.starts_with(FORMULA_START) {
        v.push('\'');
    }
    v.push_str(value);
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// Lower case without accents, for search.
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

fn date(days: i32) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn timestamp(ms: i64) -> String {
    let day = day_of_ms(ms);
    let in_day = ms - i64::from(day) * MS_PER_DAY;
    let s = in_day / 1000;
    format!(
        "{} {:02}:{:02}:{:02}",
        date(day),
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

fn amount(cents: i128) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let a = cents.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

fn append(
    out: &mut Values,
    a: &dyn Array,
    dataset: Dataset,
    file: &str,
    column: &str,
) -> Result<(), EngineError> {
    let bad = || EngineError::BadValue {
        dataset: dataset.name().to_string(),
        file: file.to_string(),
        column: column.to_string(),
        problem: "has a type the contract does not allow".into(),
    };
    match out {
        Values::Int(v) => {
            if let Some(x) = a.as_primitive_opt::<Int32Type>() {
                v.extend(x.iter().map(|o| o.map(i64::from)));
            } else {
                v.extend(a.as_primitive_opt::<Int64Type>().ok_or_else(bad)?.iter());
            }
        }
        Values::Text(v) => v.extend(
            a.as_string_opt::<i32>()
                .ok_or_else(bad)?
                .iter()
                .map(|o| o.map(str::to_string)),
        ),
        Values::Bool(v) => v.extend(a.as_boolean_opt().ok_or_else(bad)?.iter()),
        Values::Time(v) => v.extend(
            a.as_primitive_opt::<TimestampMillisecondType>()
                .ok_or_else(bad)?
                .iter(),
        ),
        Values::Date(v) => v.extend(a.as_primitive_opt::<Date32Type>().ok_or_else(bad)?.iter()),
        Values::Amount(v) => v.extend(
            a.as_primitive_opt::<Decimal128Type>()
                .ok_or_else(bad)?
                .iter(),
        ),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_neutralised() {
        assert_eq!(csv_field("hola", true), "hola");
        assert_eq!(csv_field("a,b", true), "\"a,b\"");
        assert_eq!(csv_field("dijo \"no\"", true), "\"dijo \"\"no\"\"\"");
        assert_eq!(csv_field("=1+1", true), "'=1+1");
        assert_eq!(csv_field("+51 999", true), "'+51 999");
        assert_eq!(csv_field("@SUM(A1)", true), "'@SUM(A1)");
        assert_eq!(csv_field("-2+3,4", true), "\"'-2+3,4\"");
        // Numbers are not text: a negative amount stays a number.
        assert_eq!(csv_field("-12.50", false), "-12.50");
        assert_eq!(csv_field("línea\nnueva", true), "\"línea\nnueva\"");
    }

    #[test]
    fn cells_print_as_the_files_hold_them() {
        assert_eq!(amount(12_345), "123.45");
        assert_eq!(amount(-5), "-0.05");
        let day = crate::calendar::days_from_civil(2025, 8, 18);
        assert_eq!(
            timestamp(i64::from(day) * MS_PER_DAY + 3_723_000),
            "2025-08-18 01:02:03"
        );
        assert_eq!(date(day), "2025-08-18");
        assert_eq!(fold("Atención ÑANDÚ"), "atencion nandu");
    }
}
