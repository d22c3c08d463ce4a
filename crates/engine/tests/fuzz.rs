//! A mutational fuzzer over the decode path, on stable Rust: valid Parquet files of the lake
//! (from `data/lake/published` when it has been generated, else small files written here) are
//! mutated — bit flips, interesting bytes, cut, duplicated and spliced spans, footer lengths — and
//! each result goes through everything the app does with a file: the footer's row count, the
//! columnar lake and the KPI report over it, the explorer's records and the customer texts. Any
//! panic fails the test (in the browser a panic aborts the page); the inputs that panicked are
//! written to `target/fuzz-crashes/` to replay.
//!
//! It runs for `FUZZ_SECONDS` (default 3; the test command gives it longer, see
//! `scripts/test.sh`) from the seed `FUZZ_SEED` (default: the clock), printing both.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use arrow_array::{ArrayRef, Int32Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{Field, Schema};
use bytes::Bytes;
use cx_engine::{report, Dataset, Filter, Lake, Manifest, Options, Records};

/// xorshift64*: small, fast and reproducible from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Seeds: the first file of every dataset of the generated lake, or a small file of each kind.
fn seeds() -> Vec<(Dataset, Bytes)> {
    let lake = root().join("data/lake/published");
    if let Ok(text) = std::fs::read_to_string(lake.join("manifest.json")) {
        if let Ok(m) = Manifest::from_json(&text) {
            let found: Vec<(Dataset, Bytes)> = m
                .datasets
                .iter()
                .filter_map(|d| {
                    let dataset = Dataset::from_name(&d.name)?;
                    let file = d.files.iter().min_by_key(|f| f.bytes)?;
                    let bytes = std::fs::read(lake.join(&file.path)).ok()?;
                    Some((dataset, Bytes::from(bytes)))
                })
                .collect();
            if !found.is_empty() {
                return found;
            }
        }
    }
    vec![(Dataset::Resenas, small_reviews())]
}

fn small_reviews() -> Bytes {
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("resena_id", Arc::new(Int64Array::from(vec![1, 2, 3]))),
        (
            "plataforma",
            Arc::new(StringArray::from(vec!["Google", "Facebook", "Google"])),
        ),
        (
            "fecha",
            Arc::new(arrow_array::TimestampMillisecondArray::from(vec![
                1_735_725_600_000,
                1_735_812_000_000,
                1_735_898_400_000,
            ])),
        ),
        ("estrellas", Arc::new(Int32Array::from(vec![5, 1, 3]))),
        (
            "titulo",
            Arc::new(StringArray::from(vec!["Bien", "Mal", "Regular"])),
        ),
        (
            "texto",
            Arc::new(StringArray::from(vec![
                "muy buena atención",
                "pésimo",
                "normal",
            ])),
        ),
        (
            "sucursal",
            Arc::new(StringArray::from(vec!["Sede A", "Sede B", "Sede A"])),
        ),
    ];
    let fields: Vec<Field> = columns
        .iter()
        .map(|(n, a)| Field::new(*n, a.data_type().clone(), false))
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(
        schema.clone(),
        columns.into_iter().map(|(_, a)| a).collect(),
    )
    .expect("a valid batch");
    let mut out = Vec::new();
    let mut w = parquet::arrow::ArrowWriter::try_new(&mut out, schema, None).expect("writer");
    w.write(&batch).expect("write");
    w.close().expect("close");
    Bytes::from(out)
}

const INTERESTING: [u8; 8] = [0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE, 0x15, 0x19];

/// One mutation of `input` (several stacked at times).
fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut b = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let n = b.len();
        if n < 16 {
            break;
        }
        // Half the mutations land in the footer (the metadata the decoder trusts most).
        let footer = u32::from_le_bytes([b[n - 8], b[n - 7], b[n - 6], b[n - 5]]) as usize;
        let in_footer = footer + 8 < n && rng.below(2) == 0;
        let at = if in_footer {
            n - 8 - footer + rng.below(footer.max(1))
        } else {
            rng.below(n)
        };
        match rng.below(9) {
            0 => b[at] ^= 1 << rng.below(8),
            1 => b[at] = INTERESTING[rng.below(INTERESTING.len())],
            2 => {
                let v = [0u32, 1, 0x7FFF_FFFF, 0xFFFF_FFFF, 0x8000_0000][rng.below(5)];
                let end = (at + 4).min(n);
                b[at..end].copy_from_slice(&v.to_le_bytes()[..end - at]);
            }
            3 => {
                let len = rng.below(64).min(n - at);
                b.drain(at..at + len);
            }
            4 => {
                let len = rng.below(64).min(n - at);
                let span: Vec<u8> = b[at..at + len].to_vec();
                b.splice(at..at, span);
            }
            5 => b.truncate(at.max(1)),
            6 => {
                // The footer length: past the file, zero, or just off.
                let v = [
                    u32::MAX,
                    0,
                    (n as u32).wrapping_sub(4),
                    (footer as u32).wrapping_add(1),
                ][rng.below(4)];
                b[n - 8..n - 4].copy_from_slice(&v.to_le_bytes());
            }
            7 if !other.is_empty() => {
                // A span of another file spliced in.
                let from = rng.below(other.len());
                let len = rng.below(256).min(other.len() - from).min(n - at);
                b[at..at + len].copy_from_slice(&other[from..from + len]);
            }
            _ => {
                let len = rng.below(32).min(n - at);
                for x in &mut b[at..at + len] {
                    *x = rng.next() as u8;
                }
            }
        }
    }
    b
}

/// Everything the app does with one file; a panic anywhere is the failure.
fn exercise(dataset: Dataset, bytes: Bytes) {
    let _ = cx_engine::parquet_rows(&bytes);
    let files = vec![("fuzz.parquet".to_string(), bytes.clone())];
    let mut lake = Lake::default();
    if lake.add_dataset(dataset, files.clone()).is_ok() {
        let index = lake.index();
        if let Ok(resolved) = Filter::default().resolve(&lake) {
            let sel = resolved.select(&lake, &index);
            let opts = Options {
                service_level_s: 20,
                as_of_ms: 1_790_000_000_000,
            };
            let _ = report(&lake, &index, &sel, &opts);
        }
    }
    if let Ok(records) = Records::decode(dataset, &files) {
        let rows: Vec<u32> = (0..records.len().min(1000) as u32).collect();
        let _ = records.csv(&rows);
    }
    let mut texts = cx_engine::texts::Texts::default();
    let _ = texts.add_dataset(dataset, files);
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// `FUZZ_ALL=1`: also run the app's decoding on inputs the check refused (to see what the
    /// check saves the app from).
    static FULL: std::cell::Cell<bool> = std::cell::Cell::new(std::env::var("FUZZ_ALL").is_ok());
}

#[test]
fn the_decode_path_never_panics_on_mutated_files() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        })
        | 1;
    // FUZZ_REPLAY=<saved file>: run one saved input with the panic message shown.
    if let Ok(path) = std::env::var("FUZZ_REPLAY") {
        let name = Path::new(&path)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let dataset = Dataset::ALL
            .into_iter()
            .find(|d| name.starts_with(d.name()))
            .expect("a saved input is named after its dataset");
        let bytes = Bytes::from(std::fs::read(&path).expect("the saved input"));
        let vetted = catch_unwind(AssertUnwindSafe(|| cx_engine::vet(bytes.clone())));
        println!("the worker's check: {vetted:?}");
        if matches!(vetted, Ok(Ok(_))) || FULL.with(std::cell::Cell::get) {
            exercise(dataset, bytes);
        }
        return;
    }
    let seeds = seeds();
    let mut rng = Rng(seed);
    let crashes_dir = root().join("target/fuzz-crashes");
    let (start, budget) = (Instant::now(), Duration::from_secs(seconds));
    let (mut runs, mut crashes) = (0u64, Vec::new());
    let (mut caught, mut refused, mut passed) = (0u64, 0u64, 0u64);
    // The seeds themselves first.
    for (dataset, bytes) in &seeds {
        exercise(*dataset, bytes.clone());
    }
    // Panics inside the decode path are counted and saved, not printed one by one.
    let default_hook = std::sync::Arc::new(std::panic::take_hook());
    let hook = default_hook.clone();
    std::panic::set_hook(Box::new(move |info| {
        if !QUIET.with(std::cell::Cell::get) {
            hook(info);
        }
    }));
    while start.elapsed() < budget {
        let (dataset, input) = &seeds[rng.below(seeds.len())];
        let other = &seeds[rng.below(seeds.len())].1;
        let mutated = Bytes::from(mutate(&mut rng, input, other));
        runs += 1;
        // The worker's check first: a panic there is caught (the worker dies, the app names the
        // file); only what passes it reaches the app's own decoding, which must never panic.
        QUIET.with(|q| q.set(true));
        let vetted = catch_unwind(AssertUnwindSafe(|| cx_engine::vet(mutated.clone())));
        QUIET.with(|q| q.set(false));
        match &vetted {
            Err(_) => {
                caught += 1;
                // Kept to replay in the browser (tests/corpus has one as a fixture).
                let dir = crashes_dir.join("caught-by-the-worker");
                let _ = std::fs::create_dir_all(&dir);
                let _ = std::fs::write(
                    dir.join(format!("{dataset}-{seed}-{runs}.parquet")),
                    &mutated,
                );
            }
            Ok(Err(_)) => refused += 1,
            Ok(Ok(_)) => passed += 1,
        }
        if !matches!(vetted, Ok(Ok(_))) && !FULL.with(std::cell::Cell::get) {
            continue;
        }
        QUIET.with(|q| q.set(true));
        let r = catch_unwind(AssertUnwindSafe(|| exercise(*dataset, mutated.clone())));
        QUIET.with(|q| q.set(false));
        if r.is_err() {
            let _ = std::fs::create_dir_all(&crashes_dir);
            let path = crashes_dir.join(format!("{dataset}-{seed}-{runs}.parquet"));
            let _ = std::fs::write(&path, &mutated);
            crashes.push(path.display().to_string());
        }
    }
    let _ = std::panic::take_hook();
    println!(
        "fuzz: {runs} mutated files of {} seeds in {} s (FUZZ_SEED={seed}): the worker's check \
         refused {refused}, caught {caught} panics, passed {passed}; {} panics past it",
        seeds.len(),
        start.elapsed().as_secs(),
        crashes.len()
    );
    assert!(
        crashes.is_empty(),
        "{} of {runs} inputs panicked (FUZZ_SEED={seed}); saved:\n{}",
        crashes.len(),
        crashes.join("\n")
    );
}
