//! *Resumen*'s pre-aggregated cells (`Engine::quick`) give exactly the figures of the rows
//! (`Engine::select` then `headline`, `headline_series`, `volume`) under every filter they answer
//! — dates (inside, across and outside the data), channels, regions, segments, unknown values —
//! with every dataset loaded and with some missing; filters they cannot answer are refused.

use bytes::Bytes;
use cx_engine::kpis::surveys::NpsBy;
use cx_engine::{Dataset, Engine, Filter, Granularity, Manifest};

fn files(dir: &std::path::Path, m: &Manifest, d: Dataset) -> Vec<(String, Bytes)> {
    let entry = m.dataset(d.name()).expect("listed");
    entry
        .files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f.path)).expect("read");
            (f.path.clone(), Bytes::from(bytes))
        })
        .collect()
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn some<T: Clone>(&mut self, from: &[T]) -> Vec<T> {
        from.iter()
            .filter(|_| self.next().is_multiple_of(3))
            .cloned()
            .collect()
    }
}

fn day_label(d: i32) -> String {
    cx_engine::calendar::day_label(d)
}

/// Filters on the cube's dimensions: random dates around the data, channels, regions, segments.
fn filters(e: &Engine, n: usize) -> Vec<Filter> {
    let (first, last) = e.data_days().expect("rows");
    let regions: Vec<String> = (0..e.lake().regions.len() as u32)
        .filter_map(|c| e.lake().regions.name(c).map(str::to_string))
        .chain(["Atlántida".to_string()])
        .collect();
    let segments: Vec<String> = (0..e.lake().segments.len() as u32)
        .filter_map(|c| e.lake().segments.name(c).map(str::to_string))
        .collect();
    let channels: Vec<String> = cx_engine::schema::CHANNELS
        .iter()
        .map(|c| c.to_string())
        .chain(["fax".to_string()])
        .collect();
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out = vec![
        Filter::default(),
        Filter {
            from: Some(day_label(last + 10)),
            ..Filter::default()
        },
        Filter {
            to: Some(day_label(first - 1)),
            ..Filter::default()
        },
        Filter {
            from: Some(day_label(first)),
            to: Some(day_label(first)),
            ..Filter::default()
        },
    ];
    while out.len() < n {
        let span = (last - first + 40) as usize;
        let a = first - 20 + r.below(span) as i32;
        let b = a + r.below(120) as i32;
        let dates = r.below(4);
        out.push(Filter {
            from: (dates & 1 == 1).then(|| day_label(a)),
            to: (dates & 2 == 2).then(|| day_label(b)),
            channels: r.some(&channels),
            regions: if r.below(2) == 0 {
                r.some(&regions)
            } else {
                Vec::new()
            },
            segments: if r.below(2) == 0 {
                r.some(&segments)
            } else {
                Vec::new()
            },
            ..Filter::default()
        });
    }
    out
}

fn check(e: &Engine, fs: &[Filter]) {
    assert!(e.prepare_quick().is_some(), "a cube is built");
    for f in fs {
        let q = e
            .quick(f)
            .unwrap_or_else(|| panic!("the cube answers {f:?}"));
        let sel = e.select(f).expect("filter");
        assert_eq!(q.headline(), e.headline(&sel), "tiles of {f:?}");
        for g in [Granularity::Day, Granularity::Week, Granularity::Month] {
            assert_eq!(
                q.headline_series(g),
                e.headline_series(&sel, g),
                "series by {g:?} of {f:?}"
            );
            assert_eq!(q.volume(g), e.volume(&sel, g), "volume by {g:?} of {f:?}");
            assert_eq!(
                q.nps_series(g),
                e.nps_series(&sel, g),
                "NPS by {g:?} of {f:?}"
            );
        }
        assert_eq!(q.surveys(), e.surveys(&sel), "surveys of {f:?}");
        for by in [NpsBy::Channel, NpsBy::Segment, NpsBy::Region] {
            assert_eq!(q.nps_by(by), e.nps_by(&sel, by), "NPS by {by:?} of {f:?}");
        }
        nps_as_counted(e, &sel, f);
    }
}

/// NPS by channel, segment, region and month equal a plain count of the selected answers.
fn nps_as_counted(e: &Engine, sel: &cx_engine::Selection, f: &Filter) {
    use std::collections::BTreeMap;
    let (lake, index) = (e.lake(), e.index());
    let s = &lake.surveys;
    let class = |v: u8| match v {
        9..=10 => Some(0),
        7..=8 => Some(1),
        0..=6 => Some(2),
        _ => None,
    };
    for by in [NpsBy::Channel, NpsBy::Segment, NpsBy::Region] {
        let mut want: BTreeMap<String, [u64; 3]> = BTreeMap::new();
        for &i in &sel.surveys {
            let i = i as usize;
            let Some(k) = class(s.nps[i]) else { continue };
            let c = index.survey_customer[i] as usize;
            let key = match by {
                NpsBy::Channel => cx_engine::schema::CHANNELS
                    .get(usize::from(s.channel[i]))
                    .map(|c| c.to_string()),
                NpsBy::Segment => lake
                    .customers
                    .segment
                    .get(c)
                    .and_then(|&x| lake.segments.name(u32::from(x)))
                    .map(str::to_string),
                NpsBy::Region => lake
                    .customers
                    .region
                    .get(c)
                    .and_then(|&x| lake.regions.name(u32::from(x)))
                    .map(str::to_string),
            };
            if let Some(key) = key {
                want.entry(key).or_default()[k] += 1;
            }
        }
        let got: BTreeMap<String, [u64; 3]> = e
            .nps_by(sel, by)
            .into_iter()
            .filter_map(|g| {
                g.nps
                    .map(|n| (g.key, [n.promoters, n.passives, n.detractors]))
            })
            .collect();
        assert_eq!(got, want, "NPS by {by:?} of {f:?}");
    }
    for g in [Granularity::Day, Granularity::Week, Granularity::Month] {
        let mut want: BTreeMap<i32, [u64; 3]> = BTreeMap::new();
        for &i in &sel.surveys {
            let i = i as usize;
            let Some(k) = class(s.nps[i]) else { continue };
            let day = cx_engine::calendar::day_of_ms(s.at_ms[i]);
            want.entry(g.start(day)).or_default()[k] += 1;
        }
        let got: BTreeMap<i32, [u64; 3]> = e
            .nps_series(sel, g)
            .into_iter()
            .filter_map(|p| {
                p.value
                    .map(|n| (p.start, [n.promoters, n.passives, n.detractors]))
            })
            .collect();
        assert_eq!(got, want, "NPS by {g:?} of {f:?}");
    }
}

#[test]
fn the_cells_give_the_figures_of_the_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("lake");
    cx_generator::generate(&cx_generator::Config {
        seed: 20_261_130,
        scale: 1,
        out: out.clone(),
    })
    .expect("generate");
    let published = out.join("published");
    let text = std::fs::read_to_string(published.join("manifest.json")).expect("manifest");
    let m = Manifest::from_json(&text).expect("manifest parses");
    let last = cx_engine::parse_day(&m.date_to).expect("date_to");
    let all: Vec<(Dataset, Vec<(String, Bytes)>)> = Dataset::ALL
        .iter()
        .map(|d| (*d, files(&published, &m, *d)))
        .collect();

    let mut e = Engine::empty(Engine::options_for(last));
    for (d, r) in e.add_datasets(all.clone()) {
        r.unwrap_or_else(|err| panic!("{d:?}: {err}"));
    }
    // The summary published with the lake is this engine's Resumen under no filter, listed with
    // its length and SHA-256, and its numbers survive the JSON exactly.
    let listed = m.summary.as_ref().expect("the manifest lists summary.json");
    let bytes = std::fs::read(published.join(&listed.path)).expect("summary.json");
    assert_eq!(bytes.len() as u64, listed.bytes);
    assert_eq!(cx_engine::sha256_hex(&bytes), listed.sha256);
    let summary =
        cx_engine::Summary::from_json(std::str::from_utf8(&bytes).expect("UTF-8")).expect("parses");
    assert_eq!(summary, e.summary());
    assert!(!summary.insights.is_empty() && !summary.series.is_empty());
    assert!(cx_engine::Summary::from_json(r#"{"summary_version": 2}"#).is_err());

    let fs = filters(&e, 160);
    // Not every filter may select nothing, or the test would prove little.
    let nonempty = fs
        .iter()
        .filter(|f| !e.select(f).expect("filter").is_empty())
        .count();
    assert!(nonempty > 100, "only {nonempty} filters select rows");
    check(&e, &fs);

    // Conditions the cells have no dimension for are left to the rows.
    for f in [
        Filter {
            agents: vec!["T-07".into()],
            ..Filter::default()
        },
        Filter {
            teams: vec!["W".into()],
            ..Filter::default()
        },
        Filter {
            categories: vec!["facturación".into()],
            ..Filter::default()
        },
        Filter {
            platforms: vec!["Google".into()],
            ..Filter::default()
        },
        Filter {
            weekdays: vec![1],
            ..Filter::default()
        },
        Filter {
            hours: vec![9],
            ..Filter::default()
        },
        Filter {
            from: Some("2025-13-01".into()),
            ..Filter::default()
        },
    ] {
        assert!(e.quick(&f).is_none(), "{f:?} needs the rows");
    }

    // Without the customers every row has an unknown customer: a region matches nothing, and
    // the cells must say so too. Without the calls and surveys, steps come from the others.
    let mut partial = Engine::empty(Engine::options_for(last));
    let some: Vec<_> = all
        .iter()
        .filter(|(d, _)| {
            !matches!(
                d,
                Dataset::Clientes | Dataset::Llamadas | Dataset::Encuestas
            )
        })
        .cloned()
        .collect();
    for (d, r) in partial.add_datasets(some.clone()) {
        r.unwrap_or_else(|err| panic!("{d:?}: {err}"));
    }
    check(&partial, &filters(&e, 40));

    // Built in steps of a few rows (as the page does, in bigger ones): the same cells.
    let staged = Engine::empty(Engine::options_for(last));
    let mut staged = staged;
    for (d, r) in staged.add_datasets(all.clone()) {
        r.unwrap_or_else(|err| panic!("{d:?}: {err}"));
    }
    let mut b = staged.quick_build().step_rows(997);
    let mut steps = 1;
    while !staged.quick_step(&mut b) {
        steps += 1;
    }
    staged.quick_finish(b);
    let rows: usize = Dataset::ALL
        .iter()
        .filter(|d| **d != Dataset::Clientes)
        .map(|d| staged.lake().rows(*d))
        .sum();
    assert_eq!(steps, rows.div_ceil(997), "steps of 997 rows");
    for f in &fs[..40] {
        let (q, sel) = (
            staged.quick(f).expect("answers"),
            staged.select(f).expect("filter"),
        );
        assert_eq!(q.headline(), staged.headline(&sel));
        assert_eq!(
            q.headline_series(Granularity::Week),
            staged.headline_series(&sel, Granularity::Week)
        );
    }
    // A build begun before rows were added is dropped, not kept.
    let mut early = Engine::empty(Engine::options_for(last));
    for (d, r) in early.add_datasets(some) {
        r.unwrap_or_else(|err| panic!("{d:?}: {err}"));
    }
    let mut b = early.quick_build().step_rows(997);
    assert!(!early.quick_step(&mut b));
    let rest: Vec<_> = all
        .iter()
        .filter(|(d, _)| matches!(d, Dataset::Llamadas))
        .cloned()
        .collect();
    for (d, r) in early.add_datasets(rest) {
        r.unwrap_or_else(|err| panic!("{d:?}: {err}"));
    }
    assert!(early.quick_step(&mut b), "stale: nothing left to do");
    early.quick_finish(b);
    let f = Filter::default();
    let sel = early.select(&f).expect("filter");
    assert_eq!(
        early.quick(&f).expect("built anew").headline(),
        early.headline(&sel)
    );

    // Rows added after a query: the cells are built again.
    let mut grown = partial.clone();
    assert!(grown.quick(&Filter::default()).is_some());
    let rest: Vec<_> = all
        .iter()
        .filter(|(d, _)| {
            matches!(
                d,
                Dataset::Clientes | Dataset::Llamadas | Dataset::Encuestas
            )
        })
        .cloned()
        .collect();
    for (d, r) in grown.add_datasets(rest) {
        r.unwrap_or_else(|err| panic!("{d:?}: {err}"));
    }
    check(&grown, &fs[..40]);
}
