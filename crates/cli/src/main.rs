//! `cx-kpi`: loads a published lake with the engine and prints the KPI catalogue as JSON.
//!
//! ```text
//! cx-kpi data/lake/published                       # every KPI, no filter
//! cx-kpi data/lake/published --queries q.json      # one report per query
//! cx-kpi data/lake/published --csv                # the same, from the lake's CSV copies
//! cx-kpi --schema                                 # the lake's tables for Glue (JSON)
//! ```
//! A query file holds `[{"filter": {...}, "groups": [["month", "csat"], ...]}, ...]`
//! (see `cx_engine::Filter`, `cx_engine::group`). The differential tests drive the engine
//! through this command and compare with DuckDB running the SQL twins.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use cx_engine::calendar::MS_PER_DAY;
use cx_engine::group::{group, Dimension, Measure};
use cx_engine::{parse_day, report, Filter, Options};
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Query {
    #[serde(default)]
    filter: Filter,
    #[serde(default)]
    groups: Vec<(Dimension, Measure)>,
    #[serde(default)]
    service_level_s: Option<i32>,
}

#[derive(Serialize)]
struct Answer {
    report: cx_engine::Report,
    groups: Vec<Vec<cx_engine::group::Group>>,
}

fn run(args: &[String]) -> Result<()> {
    let mut dir: Option<PathBuf> = None;
    let mut queries: Option<PathBuf> = None;
    let mut csv = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--schema" => {
                println!("{}", cx_cli::schema_json()?);
                return Ok(());
            }
            "--csv" => csv = true,
            "--queries" => queries = Some(it.next().context("--queries needs a file")?.into()),
            s if s.starts_with('-') => {
                bail!("unknown option {s:?}; usage: cx-kpi LAKE_DIR [--queries FILE]")
            }
            s => dir = Some(s.into()),
        }
    }
    let dir = dir.context("usage: cx-kpi LAKE_DIR [--queries FILE]")?;
    let queries: Vec<Query> = match queries {
        Some(q) => {
            let text = std::fs::read_to_string(&q)
                .with_context(|| format!("cannot read {}", q.display()))?;
            serde_json::from_str(&text)
                .with_context(|| format!("{} is not a list of queries", q.display()))?
        }
        None => vec![Query::default()],
    };
    let (lake, manifest) = if csv {
        cx_cli::load_csv_lake(&dir)?
    } else {
        cx_cli::load_lake(&dir)?
    };
    let end = parse_day(&manifest.date_to).context("manifest date_to is not a date")?;
    let index = lake.index();
    let mut answers = Vec::new();
    for q in &queries {
        let opts = Options {
            service_level_s: q.service_level_s.unwrap_or(20),
            as_of_ms: i64::from(end + 1) * MS_PER_DAY,
        };
        let sel = q.filter.resolve(&lake)?.select(&lake, &index);
        answers.push(Answer {
            report: report(&lake, &index, &sel, &opts),
            groups: q
                .groups
                .iter()
                .map(|(d, m)| group(&lake, &index, &sel, *d, *m))
                .collect(),
        });
    }
    println!("{}", serde_json::to_string(&answers)?);
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cx-kpi: {e:#}");
            ExitCode::FAILURE
        }
    }
}
