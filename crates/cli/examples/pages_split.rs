//! What a filter change computes on *Canales*, *NPS* and *Agentes*, call by call, natively: the
//! engine calls each page makes from the rows, per filter, and what *NPS* asks the cells instead.
//!
//! ```text
//! cargo run --release -p cx-cli --example pages_split -- 100   # uses target/bench-lake-100
//! ```
//! Figures in ms, one run per filter (a profile, not a benchmark: see `BENCHMARKS.md`).

use std::time::Instant;

use anyhow::{Context, Result};
use cx_engine::kpis::surveys::NpsBy;
use cx_engine::{Engine, Filter, Granularity};

fn main() -> Result<()> {
    let scale = std::env::args().nth(1).unwrap_or_else(|| "100".into());
    let dir = std::path::PathBuf::from(format!("target/bench-lake-{scale}/published"));
    let (lake, manifest) =
        cx_cli::load_lake(&dir).with_context(|| format!("load {}", dir.display()))?;
    let end = cx_engine::parse_day(&manifest.date_to).context("manifest date_to")?;
    let e = Engine::new(lake, Engine::options_for(end));
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
            "three months",
            Filter {
                from: Some("2025-08-01".into()),
                to: Some("2025-10-31".into()),
                ..f()
            },
        ),
    ];
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    e.prepare_quick().context("no cells could be built")?;
    eprintln!("cells built in {:.0} ms", ms(t));
    println!("| filter | select | channels | contacts_by_hour | surveys | nps_series | nps_by ×3 | drivers | agents | NPS page from the cells |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (name, filter) in &filters {
        let mut c = Vec::new();
        let t = Instant::now();
        let sel = e.select(filter)?;
        c.push(ms(t));
        let t = Instant::now();
        std::hint::black_box(e.channels(&sel));
        c.push(ms(t));
        let t = Instant::now();
        std::hint::black_box(e.contacts_by_hour(&sel));
        c.push(ms(t));
        let t = Instant::now();
        std::hint::black_box(e.surveys(&sel));
        c.push(ms(t));
        let t = Instant::now();
        std::hint::black_box(e.nps_series(&sel, Granularity::Month));
        c.push(ms(t));
        let t = Instant::now();
        for by in [NpsBy::Channel, NpsBy::Segment, NpsBy::Region] {
            std::hint::black_box(e.nps_by(&sel, by));
        }
        c.push(ms(t));
        let t = Instant::now();
        std::hint::black_box(e.drivers(&sel));
        c.push(ms(t));
        let t = Instant::now();
        std::hint::black_box(e.agents(&sel));
        c.push(ms(t));
        // What *NPS* asks the cells instead (the score and the previous period's, two series,
        // three breakdowns), when the filter allows; "—" otherwise.
        let t = Instant::now();
        let quick = e.quick(filter).map(|q| {
            std::hint::black_box(q.surveys());
            if let Some(p) = e.previous(filter).ok().flatten() {
                std::hint::black_box(e.quick(&p).map(|p| p.surveys()));
            }
            for g in [Granularity::Month, Granularity::Week] {
                std::hint::black_box(q.nps_series(g));
            }
            for by in [NpsBy::Channel, NpsBy::Segment, NpsBy::Region] {
                std::hint::black_box(q.nps_by(by));
            }
        });
        let cells = quick.map_or("—".to_string(), |()| format!("{:.1}", ms(t)));
        let shown: Vec<String> = c.iter().map(|v| format!("{v:.1}")).collect();
        println!("| {name} | {} | {cells} |", shown.join(" | "));
    }
    Ok(())
}
