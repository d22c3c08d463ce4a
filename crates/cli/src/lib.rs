//! Helpers of the `cx-kpi` command that other tools and tests reuse.

use std::path::Path;

use anyhow::{Context, Result};
use bytes::Bytes;
use cx_engine::schema::{self, DATASETS};
use cx_engine::{Dataset, Lake, Manifest};
use serde::Serialize;

/// Reads a published lake folder (its `manifest.json` and every Parquet file it lists) into a
/// [`Lake`], with the manifest.
///
/// # Errors
/// A file that cannot be read, an invalid manifest, a dataset it does not know, or a file the
/// engine refuses (naming the file).
pub fn load_lake(dir: &Path) -> Result<(Lake, Manifest)> {
    load_with(dir, |_, entry| {
        entry
            .files
            .iter()
            .map(|f| read(dir, &f.path))
            .collect::<Result<Vec<_>>>()
    })
}

/// The manifest under `dir` and a lake of every dataset it lists, each dataset's files given by
/// `files`.
fn load_with(
    dir: &Path,
    files: impl Fn(Dataset, &cx_engine::DatasetEntry) -> Result<Vec<(String, Bytes)>>,
) -> Result<(Lake, Manifest)> {
    let text = std::fs::read_to_string(dir.join("manifest.json"))
        .with_context(|| format!("cannot read {}", dir.join("manifest.json").display()))?;
    let manifest = Manifest::from_json(&text)?;
    let mut lake = Lake::default();
    for d in &manifest.datasets {
        let dataset = Dataset::from_name(&d.name)
            .with_context(|| format!("the manifest lists an unknown dataset {:?}", d.name))?;
        lake.add_dataset(dataset, files(dataset, d)?)?;
    }
    Ok((lake, manifest))
}

/// The file at `path` under `dir`, named by `path`.
fn read(dir: &Path, path: &str) -> Result<(String, Bytes)> {
    let full = dir.join(path);
    let bytes = std::fs::read(&full).with_context(|| format!("cannot read {}", full.display()))?;
    Ok((path.to_string(), Bytes::from(bytes)))
}

/// As [`load_lake`], from the CSV copies the manifest lists (one per dataset), read as the app
/// reads a user's CSV files ([`cx_engine::import`]): header, delimiter and encoding detected,
/// values parsed into the contract's types.
///
/// # Errors
/// As [`load_lake`], and every problem of a CSV file (line and column).
pub fn load_csv_lake(dir: &Path) -> Result<(Lake, Manifest)> {
    use cx_engine::import;
    load_with(dir, |dataset, entry| {
        let (path, bytes) = read(dir, &entry.csv.path)?;
        // Every problem listed first, as the app lists them; then the loader's own CSV path.
        let problems = |p: Vec<import::CsvProblem>| anyhow::anyhow!("{path}: {p:?}");
        let csv = import::read_csv(&bytes).map_err(problems)?;
        import::csv_batch(dataset, &csv).map_err(problems)?;
        Ok(vec![(path, bytes)])
    })
}

#[derive(Serialize)]
struct Column {
    name: &'static str,
    #[serde(rename = "type")]
    sql_type: &'static str,
    comment: &'static str,
}

#[derive(Serialize)]
struct Table {
    partitioned: bool,
    columns: Vec<Column>,
}

fn columns(specs: &[schema::ColumnSpec]) -> Vec<Column> {
    specs
        .iter()
        .map(|c| Column {
            name: c.name,
            sql_type: c.kind.sql_type(),
            comment: c.description,
        })
        .collect()
}

/// The lake's tables as Glue needs them (`infra/terraform/schema.json`), from the one schema of
/// `cx_engine::schema`: datasets and `calendario`, in a stable order.
///
/// # Errors
/// Only if JSON serialisation fails.
pub fn schema_json() -> serde_json::Result<String> {
    let mut tables = std::collections::BTreeMap::new();
    for d in DATASETS {
        tables.insert(
            d.name,
            Table {
                partitioned: d.partition_by.is_some(),
                columns: columns(d.columns),
            },
        );
    }
    tables.insert(
        "calendario",
        Table {
            partitioned: false,
            columns: columns(schema::CALENDARIO),
        },
    );
    serde_json::to_string_pretty(&tables)
}

#[cfg(test)]
mod tests {
    #[test]
    fn terraform_schema_file_is_up_to_date() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../infra/terraform/schema.json"
        );
        let on_disk = std::fs::read_to_string(path).expect("infra/terraform/schema.json exists");
        let now = super::schema_json().expect("serialises");
        assert!(
            on_disk.trim_end() == now.trim_end(),
            "infra/terraform/schema.json is stale: cargo run -p cx-cli -- --schema > infra/terraform/schema.json"
        );
    }
}
