//! Helpers of the `cx-kpi` command that other tools and tests reuse.

use cx_engine::schema::{self, DATASETS};
use serde::Serialize;

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
