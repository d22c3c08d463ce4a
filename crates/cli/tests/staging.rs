//! Loading in steps (`Engine::staging`, a file at a time, then `Engine::commit`) gives the same
//! engine as loading at once, whatever the order of the datasets and batches; a staging begun
//! before other rows were added is refused; a bad file fails its dataset only.

use bytes::Bytes;
use cx_engine::{benchmark_filters, report, Dataset, Engine, Manifest};

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

fn stage(e: &Engine, batch: &[(Dataset, Vec<(String, Bytes)>)]) -> cx_engine::Staging {
    let mut s = e.staging();
    for (d, fs) in batch {
        let mut load = Ok(s.begin(*d));
        for (f, b) in fs.clone() {
            load = load.and_then(|mut l| l.add_file(f, b).map(|()| l));
        }
        s.end(*d, load);
    }
    s
}

#[test]
fn staged_loads_equal_a_load_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("lake");
    cx_generator::generate(&cx_generator::Config {
        seed: 20_261_031,
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

    let mut once = Engine::empty(Engine::options_for(last));
    for (_, r) in once.add_datasets(all.clone()) {
        r.expect("loads");
    }

    // Two batches, the second in reverse order, the customers last.
    let mut steps = Engine::empty(Engine::options_for(last));
    let (first, second): (Vec<_>, Vec<_>) = all
        .iter()
        .cloned()
        .partition(|(d, _)| matches!(d, Dataset::Llamadas | Dataset::Encuestas));
    let mut second = second;
    second.reverse();
    for batch in [first, second] {
        let s = stage(&steps, &batch);
        for (d, r) in steps.commit(s).expect("not stale") {
            assert!(r.is_ok(), "{d:?}: {r:?}");
        }
    }
    assert_eq!(steps.loaded().len(), Dataset::ALL.len());
    for f in benchmark_filters() {
        let a = report(
            once.lake(),
            once.index(),
            &once.select(&f).expect("filter"),
            once.options(),
        );
        let b = report(
            steps.lake(),
            steps.index(),
            &steps.select(&f).expect("filter"),
            steps.options(),
        );
        assert_eq!(
            serde_json::to_string(&a).expect("json"),
            serde_json::to_string(&b).expect("json"),
            "{f:?}"
        );
    }
    assert_eq!(
        once.insights(&once.select(&Default::default()).expect("all")),
        steps.insights(&steps.select(&Default::default()).expect("all"))
    );

    // Begun before other rows were added: refused, untouched.
    let mut e = Engine::empty(Engine::options_for(last));
    let early = stage(&e, &all[..1]);
    let other = stage(&e, &all[1..2]);
    e.commit(other).expect("first commit");
    assert!(e.commit(early).is_err(), "a stale staging is refused");

    // A bad file fails its own dataset; the others of the batch load.
    let mut e = Engine::empty(Engine::options_for(last));
    let mut batch = all.clone();
    if let Some((_, fs)) = batch.iter_mut().find(|(d, _)| *d == Dataset::Tickets) {
        fs[0].1 = Bytes::from_static(b"PAR1 not parquet PAR1");
    }
    let outcomes = e.commit(stage(&e, &batch)).expect("not stale");
    for (d, r) in outcomes {
        assert_eq!(r.is_err(), d == Dataset::Tickets, "{d:?}: {r:?}");
    }
    assert!(!e.has(Dataset::Tickets));
    assert_eq!(e.lake().rows(Dataset::Tickets), 0);
    assert!(e.lake().rows(Dataset::Llamadas) > 0);
}
