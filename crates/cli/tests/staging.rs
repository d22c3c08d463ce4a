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

/// Every dataset's files.
type Files = Vec<(Dataset, Vec<(String, Bytes)>)>;

/// A generated lake of scale 1: its last day and every dataset's files.
fn lake(seed: u64) -> (i32, Files) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("lake");
    cx_generator::generate(&cx_generator::Config {
        seed,
        scale: 1,
        out: out.clone(),
    })
    .expect("generate");
    let published = out.join("published");
    let text = std::fs::read_to_string(published.join("manifest.json")).expect("manifest");
    let m = Manifest::from_json(&text).expect("manifest parses");
    let last = cx_engine::parse_day(&m.date_to).expect("date_to");
    let all = Dataset::ALL
        .iter()
        .map(|d| (*d, files(&published, &m, *d)))
        .collect();
    (last, all)
}

#[test]
fn staged_loads_equal_a_load_at_once() {
    let (last, all) = lake(20_261_031);

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

/// The index built ahead in steps over the engine's tables and the staged ones is the index the
/// merged lake would get in one go, for every way the datasets arrive; when it cannot be built
/// ahead (a table on both sides) or is stale, committing says so or builds it.
#[test]
fn indexes_built_ahead_equal_one_built_after() {
    let (last, all) = lake(7);
    let pick = |ds: &[Dataset]| -> Vec<(Dataset, Vec<(String, Bytes)>)> {
        all.iter()
            .filter(|(d, _)| ds.contains(d))
            .cloned()
            .collect()
    };
    use Dataset::*;
    let rest = |ds: &[Dataset]| -> Vec<Dataset> {
        Dataset::ALL
            .into_iter()
            .filter(|d| !ds.contains(d))
            .collect()
    };
    let orders: Vec<Vec<Vec<Dataset>>> = vec![
        vec![Dataset::ALL.to_vec()],
        // The customers after the rows that name them; the rated tables after the surveys.
        vec![vec![Llamadas, Encuestas], rest(&[Llamadas, Encuestas])],
        vec![
            vec![Encuestas],
            vec![Whatsapp, Tickets],
            rest(&[Encuestas, Whatsapp, Tickets]),
        ],
        vec![vec![Clientes, Resenas], rest(&[Clientes, Resenas])],
        // Calls twice: the second batch's calls table is on both sides.
        vec![vec![Llamadas, Clientes], vec![Llamadas, Encuestas]],
    ];
    for order in orders {
        let mut e = Engine::empty(Engine::options_for(last));
        for batch in &order {
            let s = stage(&e, &pick(batch));
            let mut build = e.index_build(&s).step_rows(1_000);
            let mut steps = 0;
            while !e.index_step(&s, &mut build) {
                steps += 1;
                assert!(steps < 10_000, "the build ends");
            }
            let twice = batch.contains(&Llamadas) && e.has(Llamadas);
            assert_eq!(
                build.done(),
                !twice,
                "{order:?}: built ahead unless a table is on both sides"
            );
            if !twice {
                assert!(steps > 5, "{order:?}: built in several steps ({steps})");
            }
            for (d, r) in e.commit_indexed(s, build).expect("not stale") {
                assert!(r.is_ok(), "{order:?} {d:?}: {r:?}");
            }
            assert_eq!(
                format!("{:?}", e.index()),
                format!("{:?}", e.lake().index()),
                "{order:?}: batch {batch:?}"
            );
        }
    }

    // A build completed before more was staged is not taken: committing builds the index.
    let mut e = Engine::empty(Engine::options_for(last));
    let mut s = stage(&e, &pick(&[Llamadas, Clientes]));
    let mut build = e.index_build(&s);
    while !e.index_step(&s, &mut build) {}
    assert!(build.done());
    for (d, fs) in pick(&[Encuestas]) {
        let mut load = Ok(s.begin(d));
        for (f, b) in fs {
            load = load.and_then(|mut l| l.add_file(f, b).map(|()| l));
        }
        s.end(d, load);
    }
    e.commit_indexed(s, build).expect("not stale");
    assert_eq!(
        format!("{:?}", e.index()),
        format!("{:?}", e.lake().index()),
        "an index built before the surveys were staged is not kept"
    );
    assert_eq!(e.index().survey_customer.len(), e.lake().rows(Encuestas));

    // A build begun before another commit is refused with its staging.
    let mut e = Engine::empty(Engine::options_for(last));
    let early = stage(&e, &pick(&[Llamadas]));
    let mut build = e.index_build(&early);
    e.commit(stage(&e, &pick(&[Encuestas])))
        .expect("first commit");
    assert!(e.index_step(&early, &mut build), "a stale build stops");
    assert!(e.commit_indexed(early, build).is_err());
}
