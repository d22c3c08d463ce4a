//! Caps on what the engine accepts, and the plausible range of each kind of value.
//!
//! Work is bounded by row counts and these caps, never by a value: a file over a cap, or a value
//! outside its plausible range, is refused with an error that names the file, the column, the row
//! and the cap (see [`crate::EngineError::OverCap`] and [`crate::EngineError::OutOfRange`]).

use std::fmt;

/// Largest file the app downloads or decodes: 512 MiB (the ×100 lake's largest file is about
/// 40 MiB; a wasm32 page has 4 GiB of memory in all).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Most rows one dataset may hold: 25 million (the ×100 lake's largest dataset has about 6
/// million). Row indices are `u32` inside the engine.
pub const MAX_DATASET_ROWS: u64 = 25_000_000;

/// Longest text in one cell, bytes of UTF-8: 16 KiB (the generated texts are under 1 KiB; the
/// sentiment model's work grows with a text's length).
pub const MAX_TEXT_BYTES: u64 = 16 * 1024;

/// First plausible timestamp: 2000-01-01 00:00, ms since 1970 (Lima wall-clock time).
pub const MIN_TIME_MS: i64 = 946_684_800_000;
/// First implausible timestamp: 2100-01-01 00:00.
pub const END_TIME_MS: i64 = 4_102_444_800_000;
/// First plausible date, days since 1970-01-01 (2000-01-01).
pub const MIN_DAY: i32 = 10_957;
/// First implausible date (2100-01-01).
pub const END_DAY: i32 = 47_482;
/// Longest plausible duration in seconds (366 days).
pub const MAX_SECONDS: i64 = 366 * 86_400;
/// Longest plausible duration in hours (366 days).
pub const MAX_HOURS: i64 = 366 * 24;
/// Most messages in one conversation.
pub const MAX_MESSAGES: i64 = 100_000;
/// Largest amount in céntimos (S/ 99,999,999.99, what `DECIMAL(12,2)` holds).
pub const MAX_AMOUNT_CENTS: i128 = 9_999_999_999;

/// Largest `summary.json` a manifest may list (the one written at scale 100 is a few tens of
/// kilobytes).
pub const MAX_SUMMARY_BYTES: u64 = 1024 * 1024;

/// Engine memory a page may fill by default: 1.6 GB (10^9) over what the app itself uses, so a
/// tab stays within about 2 GB. The ×100 lake's every dataset comes to about 1.4 GB by
/// [`row_bytes`]; the app lowers the budget on devices with little memory.
pub const MEMORY_BUDGET_BYTES: u64 = 1_600_000_000;

/// Memory one row of a dataset takes in the engine, bytes: its columns and index entries
/// (`Lake::column_bytes`, `Index::heap_bytes`) plus the slack of growing vectors and the
/// customer map. With the files' own bytes (held while they are decoded) this estimates what
/// loading costs before anything is downloaded.
pub fn row_bytes(dataset: crate::Dataset) -> u64 {
    use crate::Dataset as D;
    match dataset {
        D::Clientes => 48,
        D::Llamadas => 53,
        D::Whatsapp => 39,
        D::Tickets => 72,
        D::Encuestas => 58,
        D::Resenas => 13,
        D::Reclamaciones => 33,
    }
}

/// Which cap a file hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cap {
    /// [`MAX_FILE_BYTES`].
    FileBytes,
    /// [`MAX_DATASET_ROWS`].
    DatasetRows,
    /// [`MAX_TEXT_BYTES`], in this column and 1-based row.
    TextBytes {
        /// Column name.
        column: String,
        /// 1-based row within the file.
        row: u64,
    },
}

impl fmt::Display for Cap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cap::FileBytes => f.write_str("bytes in one file"),
            Cap::DatasetRows => f.write_str("rows in one dataset"),
            Cap::TextBytes { column, row } => {
                write!(f, "bytes in one text (column `{column}`, row {row})")
            }
        }
    }
}

/// The plausible range of a column with this unit, if it has one: `(min, max)` inclusive.
pub fn unit_range(unit: &str) -> Option<(i64, i64)> {
    match unit {
        "s" => Some((0, MAX_SECONDS)),
        "h" => Some((0, MAX_HOURS)),
        "messages" => Some((0, MAX_MESSAGES)),
        scale => {
            let (lo, hi) = scale.split_once('-')?;
            Some((lo.parse().ok()?, hi.parse().ok()?))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{day_of_ms, days_from_civil};

    #[test]
    fn the_bounds_are_the_days_they_name() {
        assert_eq!(days_from_civil(2000, 1, 1), MIN_DAY);
        assert_eq!(days_from_civil(2100, 1, 1), END_DAY);
        assert_eq!(day_of_ms(MIN_TIME_MS), MIN_DAY);
        assert_eq!(day_of_ms(END_TIME_MS), END_DAY);
    }

    #[test]
    fn units_give_their_ranges() {
        assert_eq!(unit_range("0-10"), Some((0, 10)));
        assert_eq!(unit_range("1-7"), Some((1, 7)));
        assert_eq!(unit_range("s"), Some((0, 31_622_400)));
        assert_eq!(unit_range("Lima time"), None);
        assert_eq!(unit_range("PEN"), None);
    }
}
