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
}
