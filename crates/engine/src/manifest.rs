//! `manifest.json`: what the generator wrote, read by the app before any Parquet file.

use serde::{Deserialize, Serialize};

use crate::limits::{self, Cap};
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
    /// *Resumen*'s figures under no filter for the first paint ([`crate::Summary`]), when the
    /// writer computed them (`summary.json`; at most [`limits::MAX_SUMMARY_BYTES`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<FileEntry>,
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

impl ColumnEntry {
    /// The manifest's entry of a contract column.
    pub fn of(c: &crate::schema::ColumnSpec) -> ColumnEntry {
        ColumnEntry {
            name: c.name.to_string(),
            sql_type: c.kind.sql_type().to_string(),
            arrow_type: c.kind.arrow_type().to_string(),
            nullable: c.nullable,
            unit: c.unit.map(str::to_string),
            description: c.description.to_string(),
        }
    }
}

impl Manifest {
    /// Parses `manifest.json`.
    ///
    /// # Errors
    /// [`EngineError::Manifest`] when the text is not a manifest of this version.
    pub fn from_json(text: &str) -> Result<Self, EngineError> {
        let mut m: Manifest = serde_json::from_str(text).map_err(|e| EngineError::Manifest {
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
        // The summary only speeds up the first paint: one over its cap is not read, the rest is.
        if m.summary
            .as_ref()
            .is_some_and(|s| s.bytes > limits::MAX_SUMMARY_BYTES)
        {
            m.summary = None;
        }
        Ok(m)
    }

    /// The entry of dataset `name`.
    pub fn dataset(&self, name: &str) -> Option<&DatasetEntry> {
        self.datasets.iter().find(|d| d.name == name)
    }

    /// Estimated memory, bytes, of holding `datasets` in the engine: each file's bytes (held
    /// while decoded) plus [`Manifest::held_bytes`]. Saturates; an unlisted dataset counts 0.
    pub fn footprint(&self, datasets: &[crate::Dataset]) -> u64 {
        self.weigh(datasets, true)
    }

    /// Estimated memory, bytes, `datasets` hold once decoded: [`limits::row_bytes`] per row,
    /// without the files (freed after decoding).
    pub fn held_bytes(&self, datasets: &[crate::Dataset]) -> u64 {
        self.weigh(datasets, false)
    }

    fn weigh(&self, datasets: &[crate::Dataset], with_files: bool) -> u64 {
        let sum = |v: &mut dyn Iterator<Item = u64>| v.fold(0u64, u64::saturating_add);
        sum(&mut datasets
            .iter()
            .filter_map(|d| Some((*d, self.dataset(d.name())?)))
            .map(|(d, e)| {
                let rows = sum(&mut e.files.iter().map(|f| f.rows)).max(e.rows);
                let files = if with_files {
                    sum(&mut e.files.iter().map(|f| f.bytes))
                } else {
                    0
                };
                files.saturating_add(rows.saturating_mul(limits::row_bytes(d)))
            }))
    }

    /// The months (`year * 12 + month - 1`) that hold a month-partitioned file, ascending.
    pub fn months(&self) -> Vec<i32> {
        let mut m: Vec<i32> = self
            .datasets
            .iter()
            .flat_map(|d| d.files.iter().filter_map(FileEntry::month))
            .collect();
        m.sort_unstable();
        m.dedup();
        m
    }

    /// The publication narrowed to its last `n` months ([`Manifest::months`]): the files of
    /// earlier months are left out (unpartitioned files stay), the rows and the first day follow.
    /// `None` unless that leaves something out, or when a dataset that is partitioned by time
    /// has a file of no month (one file for the whole period: its earlier rows would fall
    /// outside the narrowed period).
    pub fn last_months(&self, n: usize) -> Option<Manifest> {
        let months = self.months();
        if n == 0 || n >= months.len() || !self.splits_by_month() {
            return None;
        }
        let first = months[months.len() - n];
        let mut m = self.clone();
        // The summary describes the whole period, not these months.
        m.summary = None;
        for d in &mut m.datasets {
            d.files.retain(|f| f.month().is_none_or(|k| k >= first));
            d.rows = d.files.iter().map(|f| f.rows).fold(0, u64::saturating_add);
        }
        m.total_rows = m
            .datasets
            .iter()
            .map(|d| d.rows)
            .fold(0, u64::saturating_add);
        let start = crate::calendar::days_from_civil(
            first.div_euclid(12),
            (first.rem_euclid(12) + 1) as u32,
            1,
        );
        let day = crate::calendar::day_label(start);
        if day > m.date_from {
            m.date_from = day;
        }
        Some(m)
    }

    /// Whether every dataset partitioned by time has each of its files in one month.
    pub fn splits_by_month(&self) -> bool {
        self.datasets.iter().all(|d| {
            let by_time =
                crate::Dataset::from_name(&d.name).is_some_and(|x| x.spec().partition_by.is_some());
            !by_time || d.files.iter().all(|f| f.month().is_some())
        })
    }

    /// The narrower periods that fit `budget` bytes for `datasets`, widest first: the last 12,
    /// 6, 3 and 1 months, each with its [`Manifest::footprint`] (only those shorter than the
    /// publication).
    pub fn narrower(&self, datasets: &[crate::Dataset], budget: u64) -> Vec<(usize, u64)> {
        [12, 6, 3, 1]
            .into_iter()
            .filter_map(|n| {
                let bytes = self.last_months(n)?.footprint(datasets);
                (bytes <= budget).then_some((n, bytes))
            })
            .collect()
    }
}

impl DatasetEntry {
    /// Refuses, before anything is downloaded, a dataset whose manifest entry is over a cap of
    /// [`crate::limits`] (rows of the dataset, bytes of one file) or whose paths leave the lake.
    ///
    /// # Errors
    /// [`EngineError::OverCap`] or [`EngineError::Manifest`].
    pub fn check_caps(&self) -> Result<(), EngineError> {
        let over = |file: &str, what: Cap, found: u64, cap: u64| EngineError::OverCap {
            dataset: self.name.clone(),
            file: file.to_string(),
            what,
            found,
            cap,
        };
        let rows: u64 = self
            .files
            .iter()
            .map(|f| f.rows)
            .fold(0, u64::saturating_add);
        let rows = rows.max(self.rows);
        if rows > limits::MAX_DATASET_ROWS {
            return Err(over(
                "manifest.json",
                Cap::DatasetRows,
                rows,
                limits::MAX_DATASET_ROWS,
            ));
        }
        for f in &self.files {
            if f.bytes > limits::MAX_FILE_BYTES {
                return Err(over(
                    &f.path,
                    Cap::FileBytes,
                    f.bytes,
                    limits::MAX_FILE_BYTES,
                ));
            }
            if !f.is_relative_path() {
                return Err(EngineError::Manifest {
                    reason: format!(
                        "file path {:?} of {} is not a relative path inside the lake",
                        f.path, self.name
                    ),
                });
            }
        }
        Ok(())
    }
}

impl FileEntry {
    /// The month of a Hive-partitioned file (`…/year=YYYY/month=MM/…`) as `year * 12 + month - 1`,
    /// `None` for a file without both keys (or with implausible ones).
    pub fn month(&self) -> Option<i32> {
        let key = |name: &str| {
            self.path
                .split('/')
                .find_map(|seg| seg.strip_prefix(name)?.strip_prefix('='))
                .and_then(|v| v.parse::<i32>().ok())
        };
        let (y, m) = (key("year")?, key("month")?);
        ((1000..=9999).contains(&y) && (1..=12).contains(&m)).then_some(y * 12 + m - 1)
    }

    /// Checks downloaded bytes against this entry: length, then SHA-256. A mismatch means the
    /// file belongs to another publication than the manifest, or was changed or cut in transit.
    ///
    /// # Errors
    /// [`EngineError::Mismatch`] naming `bytes` or `sha256`.
    pub fn verify(&self, dataset: &str, bytes: &[u8]) -> Result<(), EngineError> {
        let mismatch =
            |what: &'static str, expected: String, found: String| EngineError::Mismatch {
                dataset: dataset.to_string(),
                file: self.path.clone(),
                what,
                expected,
                found,
            };
        let n = bytes.len() as u64;
        if n != self.bytes {
            return Err(mismatch("bytes", self.bytes.to_string(), n.to_string()));
        }
        let found = sha256_hex(bytes);
        if !found.eq_ignore_ascii_case(&self.sha256) {
            return Err(mismatch("sha256", self.sha256.clone(), found));
        }
        Ok(())
    }

    /// Checks the rows a file's footer declares against this entry.
    ///
    /// # Errors
    /// [`EngineError::Mismatch`] naming `rows`.
    pub fn verify_rows(&self, dataset: &str, rows: u64) -> Result<(), EngineError> {
        if rows == self.rows {
            return Ok(());
        }
        Err(EngineError::Mismatch {
            dataset: dataset.to_string(),
            file: self.path.clone(),
            what: "rows",
            expected: self.rows.to_string(),
            found: rows.to_string(),
        })
    }

    /// Whether the path stays inside the lake: relative, no `..`, no scheme, no backslash.
    pub fn is_relative_path(&self) -> bool {
        let p = &self.path;
        !p.is_empty()
            && !p.starts_with('/')
            && !p.contains(':')
            && !p.contains('\\')
            && !p.contains('?')
            && !p.contains('#')
            && !p.contains('%')
            && p.split('/').all(|s| !s.is_empty() && s != "." && s != "..")
    }
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    out
}

/// The manifest format this build reads and writes.
pub const MANIFEST_VERSION: u32 = 1;

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, bytes: &[u8]) -> FileEntry {
        FileEntry {
            path: path.into(),
            rows: 3,
            bytes: bytes.len() as u64,
            sha256: sha256_hex(bytes),
        }
    }

    fn file(path: &str, rows: u64, bytes: u64) -> FileEntry {
        FileEntry {
            path: path.into(),
            rows,
            bytes,
            sha256: String::new(),
        }
    }

    fn dataset(name: &str, files: Vec<FileEntry>) -> DatasetEntry {
        DatasetEntry {
            name: name.into(),
            row: String::new(),
            partition_keys: vec![],
            partition_source: None,
            rows: files.iter().map(|f| f.rows).sum(),
            columns: vec![],
            files,
            csv: file("csv/x.csv", 0, 0),
        }
    }

    #[test]
    fn a_publication_narrows_to_its_last_months() {
        let calls = |y: i32, m: i32, rows: u64| {
            file(
                &format!("v/ab12/llamadas_call_center/year={y}/month={m:02}/part-00000.parquet"),
                rows,
                rows * 10,
            )
        };
        let m = Manifest {
            manifest_version: MANIFEST_VERSION,
            generator: String::new(),
            seed: 0,
            scale: 1,
            date_from: "2024-11-01".into(),
            date_to: "2025-01-31".into(),
            timezone: String::new(),
            total_rows: 0,
            datasets: vec![
                dataset(
                    "clientes",
                    vec![file("clientes/clientes.parquet", 100, 1000)],
                ),
                dataset(
                    "llamadas_call_center",
                    vec![calls(2024, 11, 10), calls(2024, 12, 20), calls(2025, 1, 30)],
                ),
            ],
            calendar: file("calendario/calendario.parquet", 0, 0),
            summary: Some(file("summary.json", 0, 20_000)),
        };
        // A summary is read back; one over its cap is left out (the rest is read); a narrowed
        // publication has none (it describes the whole period).
        let json = serde_json::to_string(&m).expect("serialises");
        assert_eq!(Manifest::from_json(&json).expect("parses"), m);
        let mut big = m.clone();
        big.summary = Some(file("summary.json", 0, limits::MAX_SUMMARY_BYTES + 1));
        let json = serde_json::to_string(&big).expect("serialises");
        assert_eq!(Manifest::from_json(&json).expect("parses").summary, None);
        assert_eq!(m.last_months(1).and_then(|n| n.summary), None);
        use crate::Dataset as D;
        assert_eq!(m.datasets[1].files[1].month(), Some(2024 * 12 + 11));
        assert_eq!(m.months(), vec![2024 * 12 + 10, 2024 * 12 + 11, 2025 * 12]);
        let both = [D::Clientes, D::Llamadas];
        let whole = 1000 + 100 * limits::row_bytes(D::Clientes) + 600 + 60 * 53;
        assert_eq!(m.footprint(&both), whole);
        let two = m.last_months(2).expect("narrower");
        assert_eq!(two.date_from, "2024-12-01");
        assert_eq!(two.date_to, "2025-01-31");
        assert_eq!(two.datasets[0].files.len(), 1, "unpartitioned files stay");
        assert_eq!(two.datasets[1].rows, 50);
        assert_eq!(two.total_rows, 150);
        assert_eq!(
            two.footprint(&both),
            1000 + 100 * limits::row_bytes(D::Clientes) + 500 + 50 * 53
        );
        assert!(m.last_months(3).is_none(), "not narrower");
        assert!(m.last_months(0).is_none());
        // Only what fits, widest first: 12 and 6 months are not narrower than three.
        let one = m.last_months(1).expect("one month").footprint(&both);
        assert_eq!(m.narrower(&both, one), vec![(1, one)]);
        assert_eq!(m.narrower(&both, whole), vec![(1, one)]);
        assert!(m.narrower(&both, one - 1).is_empty());
        assert_eq!(
            m.held_bytes(&both),
            100 * limits::row_bytes(D::Clientes) + 60 * 53
        );
        // A time-partitioned dataset in one file cannot be cut by month.
        let mut one = m.clone();
        one.datasets[1].files = vec![file("llamadas_call_center.parquet", 60, 600)];
        assert!(!one.splits_by_month());
        assert!(one.last_months(1).is_none());
        assert!(one.narrower(&both, u64::MAX).is_empty());
        assert_eq!(file("a/year=2025/month=13/x.parquet", 0, 0).month(), None);
        assert_eq!(
            file("a/month=02/year=2025/x.parquet", 0, 0).month(),
            Some(2025 * 12 + 1)
        );
    }

    #[test]
    fn sha256_is_the_standard_digest() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_file_from_another_publication_is_named() {
        let f = entry("tickets/a.parquet", b"new content");
        assert_eq!(f.verify("tickets_soporte", b"new content"), Ok(()));
        let e = f
            .verify("tickets_soporte", b"old content")
            .expect_err("sha");
        assert!(
            matches!(&e, EngineError::Mismatch { what: "sha256", file, .. } if file == "tickets/a.parquet"),
            "{e}"
        );
        let e = f.verify("tickets_soporte", b"new").expect_err("length");
        assert!(
            matches!(&e, EngineError::Mismatch { what: "bytes", .. }),
            "{e}"
        );
        assert!(matches!(
            f.verify_rows("tickets_soporte", 4),
            Err(EngineError::Mismatch { what: "rows", .. })
        ));
    }

    #[test]
    fn paths_must_stay_inside_the_lake() {
        for bad in [
            "",
            "/etc/passwd",
            "../x.parquet",
            "a/../../x",
            "https://evil.example/x",
            "a\\b",
            "a//b",
            "x?y",
            "%2e%2e/x.parquet",
        ] {
            assert!(!entry(bad, b"").is_relative_path(), "{bad}");
        }
        assert!(entry(
            "v/0123abcd/tickets_soporte/year=2025/month=01/part-0.parquet",
            b""
        )
        .is_relative_path());
    }

    #[test]
    fn caps_are_checked_before_downloading() {
        let mut d = DatasetEntry {
            name: "tickets_soporte".into(),
            row: String::new(),
            partition_keys: vec![],
            partition_source: None,
            rows: 3,
            columns: vec![],
            files: vec![entry("t/a.parquet", b"abc")],
            csv: entry("csv/t.csv", b""),
        };
        assert_eq!(d.check_caps(), Ok(()));
        d.files[0].bytes = limits::MAX_FILE_BYTES + 1;
        assert!(matches!(
            d.check_caps(),
            Err(EngineError::OverCap {
                what: Cap::FileBytes,
                ..
            })
        ));
        d.files[0].bytes = 3;
        d.rows = limits::MAX_DATASET_ROWS + 1;
        assert!(matches!(
            d.check_caps(),
            Err(EngineError::OverCap {
                what: Cap::DatasetRows,
                ..
            })
        ));
    }
}
