//! `manifest.json`: what the generator wrote, read by the app before any Parquet file.

use serde::{Deserialize, Serialize};

use crate::EngineError;

/// The lake's table of contents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format version of this file.
    pub manifest_version: u32,
    /// Program that wrote the lake.
    pub generator: String,
    /// RNG seed of the run.
    pub seed: u64,
    /// Volume multiplier of the run.
    pub scale: u32,
    /// First day covered, `YYYY-MM-DD`.
    pub date_from: String,
    /// Last day covered, `YYYY-MM-DD`.
    pub date_to: String,
    /// Time zone of the timestamps.
    pub timezone: String,
    /// Rows over all datasets.
    pub total_rows: u64,
    /// One entry per dataset.
    pub datasets: Vec<DatasetEntry>,
    /// The business-day calendar (`calendario/calendario.parquet`), a helper table, not a dataset.
    pub calendar: FileEntry,
}

/// One dataset in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetEntry {
    /// Dataset name.
    pub name: String,
    /// What one row is.
    pub row: String,
    /// Hive partition keys, outermost first (empty when unpartitioned).
    pub partition_keys: Vec<String>,
    /// Timestamp column the partitions derive from.
    pub partition_source: Option<String>,
    /// Rows in the dataset.
    pub rows: u64,
    /// Columns of the Parquet files (partition keys excluded).
    pub columns: Vec<ColumnEntry>,
    /// Parquet files, relative to the manifest.
    pub files: Vec<FileEntry>,
    /// CSV copy, relative to the manifest.
    pub csv: FileEntry,
}

/// One column in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnEntry {
    /// Column name.
    pub name: String,
    /// SQL type shared by Athena and DuckDB.
    #[serde(rename = "type")]
    pub sql_type: String,
    /// Arrow type, as Arrow prints it.
    pub arrow_type: String,
    /// Whether nulls may occur.
    pub nullable: bool,
    /// Unit, if any.
    pub unit: Option<String>,
    /// Meaning.
    pub description: String,
}

/// One file in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to the manifest, `/`-separated.
    pub path: String,
    /// Data rows in the file.
    pub rows: u64,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
}

impl Manifest {
    /// Parses `manifest.json`.
    ///
    /// # Errors
    /// [`EngineError::Manifest`] when the text is not a manifest of this version.
    pub fn from_json(text: &str) -> Result<Self, EngineError> {
        let m: Manifest = serde_json::from_str(text).map_err(|e| EngineError::Manifest {
            reason: e.to_string(),
        })?;
        if m.manifest_version != MANIFEST_VERSION {
            return Err(EngineError::Manifest {
                reason: format!(
                    "manifest_version {} is not supported (expected {MANIFEST_VERSION})",
                    m.manifest_version
                ),
            });
        }
        Ok(m)
    }

    /// The entry of dataset `name`.
    pub fn dataset(&self, name: &str) -> Option<&DatasetEntry> {
        self.datasets.iter().find(|d| d.name == name)
    }
}

/// The manifest format this build reads and writes.
pub const MANIFEST_VERSION: u32 = 1;
