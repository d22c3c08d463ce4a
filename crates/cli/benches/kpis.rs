//! Recomputing every KPI after a filter change, natively, at scale 1, 10 and 100.
//!
//! `cargo bench -p cx-cli --bench kpis` (set `CX_BENCH_SCALES=1,10` to skip 100). Lakes are
//! generated once into `target/bench-lake-<scale>` and reused. One iteration = resolve a filter,
//! select the rows of every table, compute the whole catalogue (`report`) — what the app does when
//! the user changes a filter. The browser figures come from `tests/bench/kpi_wasm.mjs`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use cx_engine::{benchmark_filters, report, Lake, Options};

fn lake_for(scale: u32) -> Lake {
    let root =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../target/bench-lake-{scale}"));
    let published = root.join("published");
    if !published.join("manifest.json").exists() {
        cx_generator::generate(&cx_generator::Config {
            seed: 20_261_031,
            scale,
            out: root.clone(),
        })
        .expect("generate the bench lake");
    }
    cx_cli::load_lake(&published)
        .expect("the bench lake loads")
        .0
}

fn bench(c: &mut Criterion) {
    let scales: Vec<u32> = std::env::var("CX_BENCH_SCALES")
        .unwrap_or_else(|_| "1,10,100".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let opts = Options {
        service_level_s: 20,
        as_of_ms: 20_758 * 86_400_000,
    };
    for scale in scales {
        let lake = lake_for(scale);
        let index = lake.index();
        let rows: usize = lake.row_counts().iter().map(|(_, n)| n).sum();
        let mb = |b: usize| b as f64 / 1e6;
        let per_million = |b: usize| mb(b) / (rows as f64 / 1e6);
        eprintln!(
            "scale {scale}: {rows} rows, columns {:.1} MB ({:.1} MB per million rows), index {:.1} MB ({:.1} MB per million rows)",
            mb(lake.column_bytes()),
            per_million(lake.column_bytes()),
            mb(index.heap_bytes()),
            per_million(index.heap_bytes()),
        );
        let filters = benchmark_filters();
        let mut group = c.benchmark_group(format!("scale {scale}"));
        group.sample_size(if scale >= 100 { 10 } else { 30 });
        group.bench_function("filter change + every KPI", |b| {
            let mut k = 0;
            b.iter(|| {
                k = (k + 1) % filters.len();
                let sel = filters[k]
                    .resolve(&lake)
                    .expect("valid filter")
                    .select(&lake, &index);
                report(&lake, &index, &sel, &opts)
            });
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
