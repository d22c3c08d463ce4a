//! What a run writes: counts, layout, determinism, atomicity, and the engine reading it back.

use bytes::Bytes;
use cx_engine::schema::DATASETS;
use cx_engine::{Lake, Manifest};
use cx_generator::{generate, Config};

use crate::util::{default_lake, files_under, lake};

#[test]
fn default_volume_is_the_original_171031_rows() {
    let (_, summary) = default_lake();
    let m = &summary.manifest;
    assert_eq!(m.total_rows, 171_031);
    assert_eq!(m.datasets.len(), 7);
    for (d, spec) in m.datasets.iter().zip(DATASETS) {
        assert_eq!(d.name, spec.name);
        assert_eq!(
            d.rows,
            d.files.iter().map(|f| f.rows).sum::<u64>(),
            "{}",
            d.name
        );
        assert_eq!(d.csv.rows, d.rows, "{}", d.name);
    }
}

#[test]
fn scale_multiplies_every_dataset() {
    let (_, one) = default_lake();
    let (_, three) = lake(7, 3);
    for (a, b) in one.manifest.datasets.iter().zip(&three.manifest.datasets) {
        assert_eq!(a.rows * 3, b.rows, "{}", a.name);
    }
}

#[test]
fn partitions_follow_the_hive_layout_over_24_months() {
    let (_, summary) = default_lake();
    for d in &summary.manifest.datasets {
        if d.name == "clientes" {
            assert_eq!(d.files.len(), 1);
            assert_eq!(d.files[0].path, "clientes/clientes.parquet");
            continue;
        }
        assert_eq!(d.files.len(), 24, "{}", d.name);
        assert_eq!(
            d.files[0].path,
            format!("{}/year=2024/month=11/part-00000.parquet", d.name)
        );
        assert_eq!(
            d.files[23].path,
            format!("{}/year=2026/month=10/part-00000.parquet", d.name)
        );
    }
}

#[test]
fn manifest_on_disk_matches_the_run_and_lists_every_published_file() {
    let (dir, summary) = default_lake();
    let published = dir.path().join("lake/published");
    let text = std::fs::read_to_string(published.join("manifest.json")).expect("manifest");
    let m = Manifest::from_json(&text).expect("valid manifest");
    assert_eq!(m, summary.manifest);
    let mut listed: Vec<String> = m
        .datasets
        .iter()
        .flat_map(|d| d.files.iter().chain(std::iter::once(&d.csv)))
        .map(|f| f.path.clone())
        .collect();
    listed.push("manifest.json".into());
    listed.push(m.calendar.path.clone());
    // The first paint's figures, listed with their length and SHA-256.
    listed.extend(m.summary.iter().map(|s| s.path.clone()));
    assert!(m.summary.is_some(), "the default lake carries summary.json");
    listed.sort();
    let on_disk: Vec<String> = files_under(&published)
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    assert_eq!(listed, on_disk);
}

#[test]
fn same_seed_and_scale_give_byte_identical_files() {
    let (a, _) = lake(11, 1);
    let (b, _) = lake(11, 1);
    let files = files_under(a.path());
    assert_eq!(files, files_under(b.path()));
    for f in files {
        let x = std::fs::read(a.path().join(&f)).expect("read a");
        let y = std::fs::read(b.path().join(&f)).expect("read b");
        assert!(x == y, "{} differs between two runs", f.display());
    }
}

#[test]
fn another_seed_gives_other_data() {
    let (_, a) = default_lake();
    let (_, b) = lake(8, 1);
    let hashes = |m: &Manifest| -> Vec<String> {
        m.datasets
            .iter()
            .flat_map(|d| d.files.iter().map(|f| f.sha256.clone()))
            .collect()
    };
    let (ha, hb) = (hashes(&a.manifest), hashes(&b.manifest));
    assert!(ha.iter().zip(&hb).all(|(x, y)| x != y));
}

#[test]
fn personal_data_stays_in_the_private_copy() {
    let (dir, _) = default_lake();
    let private = files_under(&dir.path().join("lake/private"));
    assert_eq!(
        private,
        vec![std::path::PathBuf::from(
            "clientes_pii/clientes_pii.parquet"
        )]
    );
    let csv =
        std::fs::read_to_string(dir.path().join("lake/published/csv/clientes.csv")).expect("csv");
    let header = csv.lines().next().expect("header");
    assert_eq!(
        header,
        "cliente_id,segmento,departamento,distrito,fecha_alta,rango_edad,canal_preferido"
    );
    assert!(!csv.contains('@'));
}

#[test]
fn the_engine_reads_back_every_dataset() {
    let (dir, summary) = default_lake();
    let published = dir.path().join("lake/published");
    let mut lake = Lake::default();
    for d in &summary.manifest.datasets {
        let files = d
            .files
            .iter()
            .map(|f| {
                let bytes = std::fs::read(published.join(&f.path)).expect("file");
                (f.path.clone(), Bytes::from(bytes))
            })
            .collect();
        let rows = lake
            .add_dataset(
                cx_engine::Dataset::from_name(&d.name).expect("one of the seven datasets"),
                files,
            )
            .expect("decodes");
        assert_eq!(rows, d.rows, "{}", d.name);
    }
    let counts = lake.row_counts();
    for (d, (name, n)) in summary.manifest.datasets.iter().zip(counts) {
        assert_eq!((d.name.as_str(), d.rows), (name.name(), n as u64));
    }
}

#[test]
fn a_failed_run_leaves_the_previous_lake_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("lake");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("previous.txt"), "old lake").expect("write");
    let err = generate(&Config {
        seed: 1,
        scale: 0,
        out: out.clone(),
    })
    .expect_err("scale 0 is refused");
    assert!(err.to_string().contains("--scale"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("previous.txt")).expect("kept"),
        "old lake"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("e").file_name())
        .collect();
    assert_eq!(
        names,
        vec![std::ffi::OsString::from("lake")],
        "no temporary folder left behind"
    );
}

#[test]
fn a_successful_run_replaces_the_whole_previous_lake() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("lake");
    // A previous lake (recognised by its manifest) with a stale file in it.
    std::fs::create_dir_all(out.join("published")).expect("mkdir");
    std::fs::write(out.join("published/manifest.json"), "{}").expect("write");
    std::fs::write(out.join("stale.txt"), "stale").expect("write");
    generate(&Config {
        seed: 1,
        scale: 1,
        out: out.clone(),
    })
    .expect("generates");
    assert!(!out.join("stale.txt").exists());
    assert!(out.join("published/manifest.json").exists());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("e").file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("lake")]);
}

#[test]
fn an_unwritable_destination_is_a_clear_error() {
    let err = generate(&Config {
        seed: 1,
        scale: 1,
        out: "/proc/cx-lake/lake".into(),
    })
    .expect_err("cannot write under /proc");
    assert!(err.to_string().contains("/proc/cx-lake"), "{err}");
}
