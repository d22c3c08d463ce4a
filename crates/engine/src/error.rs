//! The engine's error type.

/// What went wrong reading or checking a dataset, in terms a person can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EngineError {
    /// `manifest.json` could not be understood.
    #[error("manifest.json is not valid: {reason}")]
    Manifest {
        /// Why.
        reason: String,
    },
    /// The manifest has no entry for a dataset the app needs.
    #[error("the manifest lists no dataset `{dataset}`")]
    MissingDataset {
        /// Dataset name.
        dataset: String,
    },
    /// A file is not readable Parquet.
    #[error("{file} ({dataset}) is not a readable Parquet file: {reason}")]
    Parquet {
        /// Dataset name.
        dataset: String,
        /// File path.
        file: String,
        /// Decoder message.
        reason: String,
    },
    /// A column the engine needs is absent.
    #[error("{file} ({dataset}) has no column `{column}`")]
    MissingColumn {
        /// Dataset name.
        dataset: String,
        /// File path.
        file: String,
        /// Column name.
        column: String,
    },
    /// A column has another type than the data contract says.
    #[error("{file} ({dataset}): column `{column}` is {found}, expected {expected}")]
    WrongType {
        /// Dataset name.
        dataset: String,
        /// File path.
        file: String,
        /// Column name.
        column: String,
        /// Type of the contract.
        expected: String,
        /// Type in the file.
        found: String,
    },
    /// A value breaks the data contract (a null where none is allowed, an out-of-range code).
    #[error("{file} ({dataset}): column `{column}` {problem}")]
    BadValue {
        /// Dataset name.
        dataset: String,
        /// File path.
        file: String,
        /// Column name.
        column: String,
        /// What is wrong.
        problem: String,
    },
    /// A value outside what the column can plausibly hold (a date before 2000, a negative
    /// duration, a score off its scale).
    #[error("{0}")]
    OutOfRange(Box<OutOfRange>),
    /// A file or dataset exceeds one of the caps in [`crate::limits`].
    #[error("{file} ({dataset}): {found} {what} is over the cap of {cap}")]
    OverCap {
        /// Dataset name.
        dataset: String,
        /// File path.
        file: String,
        /// Which cap.
        what: crate::limits::Cap,
        /// What the file holds.
        found: u64,
        /// The cap.
        cap: u64,
    },
    /// A file differs from what the manifest says about it (length, SHA-256 or rows): it belongs
    /// to another publication, or was changed or cut in transit.
    #[error("{file} ({dataset}): the manifest says {what} {expected}, the file has {found}")]
    Mismatch {
        /// Dataset name.
        dataset: String,
        /// File path.
        file: String,
        /// `bytes`, `sha256` or `rows`.
        what: &'static str,
        /// The manifest's value.
        expected: String,
        /// The file's value.
        found: String,
    },
}

/// The details of [`EngineError::OutOfRange`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file} ({dataset}): column `{column}`, row {row}: {value} is outside {expected}")]
pub struct OutOfRange {
    /// Dataset name.
    pub dataset: String,
    /// File path.
    pub file: String,
    /// Column name.
    pub column: String,
    /// 1-based row within the file.
    pub row: u64,
    /// The value, as read.
    pub value: String,
    /// The range it should be in.
    pub expected: String,
}
