//! `cx-generate`: writes the simulated data lake.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use cx_generator::{generate, Config, MAX_SCALE};

const USAGE: &str = "usage: cx-generate [--seed N] [--scale N] [--out DIR]

Writes the seven datasets as a Hive-partitioned Parquet lake with CSV copies and a manifest
into DIR/published, and the customers' personal data into DIR/private. DIR is replaced only
once the new lake is complete.

  --seed N    RNG seed (default 20261031)
  --scale N   multiply every dataset by N, 1..=1000 (default 1: 171,031 rows)
  --out DIR   output folder (default data/lake)";

fn parse(args: &[String]) -> Result<Option<Config>> {
    let mut cfg = Config {
        seed: 20_261_031,
        scale: 1,
        out: PathBuf::from("data/lake"),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| anyhow!("{flag} needs a value"))
        };
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--seed" => {
                let v = value("--seed")?;
                cfg.seed = v
                    .parse()
                    .with_context(|| format!("--seed expects a non-negative integer, got {v:?}"))?;
            }
            "--scale" => {
                let v = value("--scale")?;
                cfg.scale = v.parse().with_context(|| {
                    format!("--scale expects an integer from 1 to {MAX_SCALE}, got {v:?}")
                })?;
            }
            "--out" => cfg.out = PathBuf::from(value("--out")?),
            other => bail!("unknown argument {other:?}\n\n{USAGE}"),
        }
    }
    Ok(Some(cfg))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cfg = match parse(&args) {
        Ok(Some(cfg)) => cfg,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("cx-generate: {e:#}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    match generate(&cfg) {
        Ok(summary) => {
            let m = &summary.manifest;
            let bytes: u64 = m
                .datasets
                .iter()
                .flat_map(|d| d.files.iter())
                .map(|f| f.bytes)
                .sum();
            for d in &m.datasets {
                println!(
                    "{:<26} {:>12} rows in {:>3} Parquet files",
                    d.name,
                    d.rows,
                    d.files.len()
                );
            }
            println!(
                "wrote {} rows ({:.1} MB of Parquet) to {} in {:.1} s (seed {}, scale {})",
                m.total_rows,
                bytes as f64 / 1e6,
                summary.out.display(),
                started.elapsed().as_secs_f64(),
                m.seed,
                m.scale
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cx-generate: {e:#}");
            ExitCode::FAILURE
        }
    }
}
