//! What one *Resumen* filter change computes, piece by piece, natively: the index build once,
//! then per filter the selection, the previous period, the tiles, their series, the contacts
//! chart and *Qué cambió* (each of its four detectors separately is not public: the total); then
//! the tiles, the previous period's tiles, the series and the contacts chart from the cube
//! (`Engine::quick`).
//!
//! ```text
//! cargo run --release -p cx-cli --example resumen_split -- 100   # uses target/bench-lake-100
//! ```
//! Figures in ms, one run per filter (a profile, not a benchmark: see `BENCHMARKS.md`).

use std::time::Instant;

use anyhow::{Context, Result};
use cx_engine::{Engine, Filter, Granularity};

fn main() -> Result<()> {
    let scale = std::env::args().nth(1).unwrap_or_else(|| "100".into());
    let dir = std::path::PathBuf::from(format!("target/bench-lake-{scale}/published"));
    let t = Instant::now();
    let (lake, manifest) =
        cx_cli::load_lake(&dir).with_context(|| format!("load {}", dir.display()))?;
    let load = t.elapsed();
    let end = cx_engine::parse_day(&manifest.date_to).context("manifest date_to")?;
    let t = Instant::now();
    let e = Engine::new(lake, Engine::options_for(end));
    println!(
        "scale {scale}: decode {:.0} ms, index {:.0} ms",
        load.as_secs_f64() * 1e3,
        t.elapsed().as_secs_f64() * 1e3
    );
    let f = Filter::default;
    let filters = [
        ("everything", f()),
        (
            "channel teléfono",
            Filter {
                channels: vec!["teléfono".into()],
                ..f()
            },
        ),
        (
            "region Lima",
            Filter {
                regions: vec!["Lima".into()],
                ..f()
            },
        ),
        (
            "segment Premium",
            Filter {
                segments: vec!["Premium".into()],
                ..f()
            },
        ),
        (
            "three months",
            Filter {
                from: Some("2025-08-01".into()),
                to: Some("2025-10-31".into()),
                ..f()
            },
        ),
    ];
    let t = Instant::now();
    let cells = e.prepare_quick();
    println!(
        "cube: {:?} cells in {:.0} ms",
        cells,
        t.elapsed().as_secs_f64() * 1e3
    );
    println!("| filter | select | previous period | tiles | series (month) | volume | Qué cambió | total | from the cube (tiles + previous + series + volume) |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (name, filter) in &filters {
        let mut cells = Vec::new();
        let mut time = |t: Instant| cells.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let sel = e.select(filter)?;
        time(t);
        let t = Instant::now();
        let prev = e.previous(filter)?.map(|p| e.select(&p)).transpose()?;
        let before = prev.map(|p| e.headline(&p));
        time(t);
        let t = Instant::now();
        let now = e.headline(&sel);
        time(t);
        let t = Instant::now();
        let series = e.headline_series(&sel, Granularity::Month);
        time(t);
        let t = Instant::now();
        let volume = e.volume(&sel, Granularity::Month);
        time(t);
        let t = Instant::now();
        let found = e.insights(&sel);
        time(t);
        std::hint::black_box((before, now, series, volume, found));
        let total: f64 = cells.iter().sum();
        // From the cube: tiles, previous period's tiles, series, volume (ms each).
        let mut parts = [0.0f64; 4];
        if let Some(q) = e.quick(filter) {
            let t = Instant::now();
            std::hint::black_box(q.headline());
            parts[0] = t.elapsed().as_secs_f64() * 1e3;
            let t = Instant::now();
            let prev = e.previous(filter).ok().flatten();
            std::hint::black_box(prev.and_then(|p| e.quick(&p)).map(|p| p.headline()));
            parts[1] = t.elapsed().as_secs_f64() * 1e3;
            let t = Instant::now();
            std::hint::black_box(q.headline_series(Granularity::Month));
            parts[2] = t.elapsed().as_secs_f64() * 1e3;
            let t = Instant::now();
            std::hint::black_box(q.volume(Granularity::Month));
            parts[3] = t.elapsed().as_secs_f64() * 1e3;
        }
        let q: f64 = parts.iter().sum();
        let shown: Vec<String> = cells.iter().map(|c| format!("{c:.1}")).collect();
        let split: Vec<String> = parts.iter().map(|c| format!("{c:.1}")).collect();
        println!(
            "| {name} | {} | {total:.1} | {q:.1} ({}) |",
            shown.join(" | "),
            split.join(" + ")
        );
    }
    Ok(())
}
