//! The decode path — Parquet bytes → checked Arrow columns → columnar lake → filter → KPIs — run
//! natively and, compiled to wasm32, in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown --test decode`).

use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Int32Array, Int64Array, RecordBatch, StringArray,
    TimestampMillisecondArray,
};
use arrow_schema::{Field, Schema};
use bytes::Bytes;
use cx_engine::calendar::{days_from_civil, MS_PER_DAY};
use cx_engine::{report, Dataset, EngineError, Filter, Lake, Options};
use parquet::arrow::ArrowWriter;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn ms(y: i32, m: u32, d: u32) -> i64 {
    i64::from(days_from_civil(y, m, d)) * MS_PER_DAY + 10 * 3_600_000
}

fn parquet(columns: Vec<(&str, ArrayRef)>) -> Bytes {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let arrays = columns.into_iter().map(|(_, a)| a).collect();
    let batch = RecordBatch::try_new(schema.clone(), arrays).expect("valid batch");
    let mut out = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut out, schema, None).expect("writer");
    writer.write(&batch).expect("write");
    writer.close().expect("close");
    Bytes::from(out)
}

fn ts(v: Vec<Option<i64>>) -> ArrayRef {
    Arc::new(TimestampMillisecondArray::from(v))
}
fn i32s(v: Vec<Option<i32>>) -> ArrayRef {
    Arc::new(Int32Array::from(v))
}
fn strs(v: Vec<Option<&str>>) -> ArrayRef {
    Arc::new(StringArray::from(v))
}

fn calls_file() -> Bytes {
    parquet(vec![
        ("llamada_id", Arc::new(Int64Array::from(vec![1, 2, 3]))),
        ("cliente_id", i32s(vec![Some(1), Some(1), Some(2)])),
        ("agente_id", strs(vec![Some("T-01"), None, Some("T-02")])),
        (
            "inicio",
            ts(vec![
                Some(ms(2025, 1, 31)),
                Some(ms(2025, 2, 1)),
                Some(ms(2025, 2, 3)),
            ]),
        ),
        ("espera_seg", i32s(vec![Some(10), Some(300), Some(30)])),
        ("conversacion_seg", i32s(vec![Some(200), None, Some(400)])),
        ("retencion_seg", i32s(vec![Some(0), None, Some(50)])),
        ("acw_seg", i32s(vec![Some(40), None, Some(10)])),
        (
            "motivo",
            strs(vec![
                Some("Consulta de recibo"),
                Some("Falla de internet"),
                Some("Falla de internet"),
            ]),
        ),
        (
            "abandonada",
            Arc::new(BooleanArray::from(vec![false, true, false])),
        ),
        (
            "transferida",
            Arc::new(BooleanArray::from(vec![false, false, true])),
        ),
        (
            "resuelta_primer_contacto",
            Arc::new(BooleanArray::from(vec![Some(true), None, Some(false)])),
        ),
    ])
}

fn surveys_file() -> Bytes {
    parquet(vec![
        ("cliente_id", i32s(vec![Some(1), Some(1), Some(2), Some(2)])),
        (
            "interaccion_dataset",
            strs(vec![Some("llamadas_call_center"); 4]),
        ),
        (
            "interaccion_id",
            Arc::new(Int64Array::from(vec![1, 1, 3, 3])),
        ),
        (
            "agente_id",
            strs(vec![Some("T-01"), Some("T-01"), Some("T-02"), Some("T-02")]),
        ),
        ("canal", strs(vec![Some("teléfono"); 4])),
        ("fecha", ts(vec![Some(ms(2025, 2, 1)); 4])),
        ("nps", i32s(vec![Some(10), Some(9), Some(3), None])),
        ("csat", i32s(vec![Some(5), Some(4), Some(2), None])),
        ("ces", i32s(vec![Some(7), None, Some(2), Some(5)])),
    ])
}

fn clientes_file() -> Bytes {
    parquet(vec![
        ("cliente_id", i32s(vec![Some(1), Some(2)])),
        ("segmento", strs(vec![Some("Masivo"), Some("Premium")])),
        ("departamento", strs(vec![Some("Lima"), Some("Cusco")])),
        (
            "fecha_alta",
            Arc::new(Date32Array::from(vec![Some(19_000), Some(20_000)])),
        ),
    ])
}

fn loaded() -> Lake {
    let mut lake = Lake::default();
    lake.add_parquet(Dataset::Clientes, "c.parquet", clientes_file())
        .expect("customers");
    lake.add_parquet(Dataset::Llamadas, "l.parquet", calls_file())
        .expect("calls");
    lake.add_parquet(Dataset::Encuestas, "e.parquet", surveys_file())
        .expect("surveys");
    lake
}

const OPTS: Options = Options {
    service_level_s: 20,
    as_of_ms: 0,
};

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn files_decode_into_the_kpis() {
    let lake = loaded();
    let index = lake.index();
    let sel = Filter::default()
        .resolve(&lake)
        .expect("filter")
        .select(&lake, &index);
    let r = report(&lake, &index, &sel, &OPTS);
    assert_eq!(r.interactions, 3);
    assert_eq!(r.surveys.csat_n, 3);
    assert!((r.surveys.csat.expect("answers") - 200.0 / 3.0).abs() < 1e-12);
    assert!((r.surveys.nps.expect("answers").score - 100.0 / 3.0).abs() < 1e-12);
    assert_eq!(r.calls.answered, 2);
    assert!((r.calls.aht_s.expect("answered") - 350.0).abs() < 1e-12);
    assert!((r.calls.abandonment.expect("offered") - 100.0 / 3.0).abs() < 1e-12);
    assert!((r.calls.service_level.expect("offered") - 100.0 / 3.0).abs() < 1e-12);
    assert_eq!(r.calls.fcr, Some(50.0));
    let months: Vec<(&str, u64)> = r.volume.iter().map(|v| (v.period.as_str(), v.n)).collect();
    assert_eq!(months, vec![("2025-01", 1), ("2025-02", 2)]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn filters_go_through_the_customer() {
    let lake = loaded();
    let index = lake.index();
    let filter = Filter {
        regions: vec!["Cusco".into()],
        ..Filter::default()
    };
    let sel = filter.resolve(&lake).expect("filter").select(&lake, &index);
    let r = report(&lake, &index, &sel, &OPTS);
    assert_eq!(r.interactions, 1);
    assert_eq!(r.surveys.csat, Some(0.0));
    let nobody = Filter {
        regions: vec!["Tacna".into()],
        ..Filter::default()
    };
    let sel = nobody.resolve(&lake).expect("filter").select(&lake, &index);
    let r = report(&lake, &index, &sel, &OPTS);
    assert_eq!(
        (r.interactions, r.surveys.csat, r.calls.aht_s),
        (0, None, None)
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_wrong_column_type_names_file_column_and_types() {
    let bad = parquet(vec![("cliente_id", strs(vec![Some("uno")]))]);
    let err = Lake::default()
        .add_parquet(Dataset::Clientes, "clientes/x.parquet", bad)
        .expect_err("wrong type");
    assert!(
        matches!(err, EngineError::WrongType { ref column, .. } if column == "cliente_id"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "clientes/x.parquet (clientes): column `cliente_id` is Utf8, expected Int32"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_missing_column_and_garbage_bytes_are_clear_errors() {
    let no_region = parquet(vec![
        ("cliente_id", i32s(vec![Some(1)])),
        ("segmento", strs(vec![Some("Pyme")])),
    ]);
    let err = Lake::default()
        .add_parquet(Dataset::Clientes, "c.parquet", no_region)
        .expect_err("missing");
    assert_eq!(
        err.to_string(),
        "c.parquet (clientes) has no column `departamento`"
    );
    let err = Lake::default()
        .add_parquet(
            Dataset::Encuestas,
            "s.parquet",
            Bytes::from_static(b"not parquet"),
        )
        .expect_err("garbage");
    assert!(
        err.to_string()
            .starts_with("s.parquet (encuestas_post_atencion) is not a readable Parquet file"),
        "{err}"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_bad_file_leaves_the_lake_as_it_was() {
    let mut lake = loaded();
    let bad = parquet(vec![
        ("cliente_id", i32s(vec![Some(1)])),
        (
            "interaccion_dataset",
            strs(vec![Some("llamadas_call_center")]),
        ),
        ("interaccion_id", Arc::new(Int64Array::from(vec![1]))),
        ("agente_id", strs(vec![Some("T-01")])),
        ("canal", strs(vec![Some("teléfono")])),
        ("fecha", ts(vec![Some(ms(2025, 2, 1))])),
        ("nps", i32s(vec![Some(6)])),
        ("csat", i32s(vec![Some(6)])),
        ("ces", i32s(vec![None])),
    ]);
    let err = lake
        .add_parquet(Dataset::Encuestas, "s.parquet", bad)
        .expect_err("csat 6");
    assert_eq!(
        err.to_string(),
        "s.parquet (encuestas_post_atencion): column `csat`, row 1: 6 is outside 1–5"
    );
    assert_eq!(
        lake.surveys.csat.len(),
        4,
        "nothing of the bad file was kept"
    );
    assert_eq!(lake.surveys.nps.len(), 4);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_footer_length_past_the_file_is_an_error_not_a_panic() {
    // 0xFFFFFFFF wraps a 32-bit usize in the parquet crate on wasm32; it must be caught before.
    let good = clientes_file();
    let mut bad = good.to_vec();
    let n = bad.len();
    bad[n - 8..n - 4].copy_from_slice(&u32::MAX.to_le_bytes());
    let err = Lake::default()
        .add_parquet(Dataset::Clientes, "c.parquet", Bytes::from(bad))
        .expect_err("a footer longer than the file");
    assert!(err.to_string().contains("4294967295"), "{err}");
    // Truncated: the end magic is gone.
    let cut = good.slice(..good.len() / 2);
    let err = Lake::default()
        .add_parquet(Dataset::Clientes, "c.parquet", cut)
        .expect_err("truncated");
    assert!(err.to_string().contains("PAR1"), "{err}");
}

fn one_call(start_ms: i64, wait_s: i32, reason: &str) -> Bytes {
    parquet(vec![
        ("llamada_id", Arc::new(Int64Array::from(vec![1, 2]))),
        ("cliente_id", i32s(vec![Some(1), Some(2)])),
        ("agente_id", strs(vec![Some("T-01"), Some("T-02")])),
        ("inicio", ts(vec![Some(ms(2025, 1, 2)), Some(start_ms)])),
        ("espera_seg", i32s(vec![Some(10), Some(wait_s)])),
        ("conversacion_seg", i32s(vec![Some(100), Some(100)])),
        ("retencion_seg", i32s(vec![Some(0), Some(0)])),
        ("acw_seg", i32s(vec![Some(5), Some(5)])),
        ("motivo", strs(vec![Some("Facturación"), Some(reason)])),
        (
            "abandonada",
            Arc::new(BooleanArray::from(vec![false, false])),
        ),
        (
            "transferida",
            Arc::new(BooleanArray::from(vec![false, false])),
        ),
        (
            "resuelta_primer_contacto",
            Arc::new(BooleanArray::from(vec![Some(true), Some(true)])),
        ),
    ])
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn implausible_values_are_refused_with_file_column_and_row() {
    let mut lake = Lake::default();
    let ok = one_call(ms(2025, 1, 3), 20, "Reclamo");
    assert_eq!(lake.add_parquet(Dataset::Llamadas, "ok.parquet", ok), Ok(2));
    // The year 500,000: refused, never a grid of months.
    let far = ms(2025, 1, 1) + 498_000 * 31_556_952_000;
    let cases = [
        (
            one_call(far, 20, "x"),
            "f.parquet (llamadas_call_center): column `inicio`, row 2: year 500025 is outside 2000-01-01 … 2099-12-31",
        ),
        (
            one_call(ms(1970, 1, 1), 20, "x"),
            "f.parquet (llamadas_call_center): column `inicio`, row 2: 1970-01-01 10:00 is outside 2000-01-01 … 2099-12-31",
        ),
        (
            one_call(ms(2200, 1, 1), 20, "x"),
            "f.parquet (llamadas_call_center): column `inicio`, row 2: 2200-01-01 10:00 is outside 2000-01-01 … 2099-12-31",
        ),
        (
            one_call(i64::MIN, 20, "x"),
            "f.parquet (llamadas_call_center): column `inicio`, row 2: year -292275054 is outside 2000-01-01 … 2099-12-31",
        ),
        (
            one_call(ms(2025, 1, 3), -5, "x"),
            "f.parquet (llamadas_call_center): column `espera_seg`, row 2: -5 is outside 0–31622400",
        ),
        (
            one_call(ms(2025, 1, 3), 20, &"ñ".repeat(9_000)),
            "f.parquet (llamadas_call_center): 18000 bytes in one text (column `motivo`, row 2) is over the cap of 16384",
        ),
    ];
    for (bytes, message) in cases {
        let err = lake
            .add_parquet(Dataset::Llamadas, "f.parquet", bytes)
            .expect_err(message);
        assert_eq!(err.to_string(), message);
    }
    assert_eq!(
        lake.calls.start_ms.len(),
        2,
        "nothing of the bad files was kept"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn percentile_ranks_do_not_overflow_a_32_bit_usize() {
    // 900 × 5,000,000 is over u32::MAX: the rank is computed in u64.
    let n = 5_000_000u32;
    let mut values: Vec<u32> = (0..n).rev().collect();
    assert_eq!(
        cx_engine::stats::percentile(&mut values, 0.9),
        Some(4_499_999)
    );
    assert_eq!(cx_engine::stats::nearest_rank(0.9, 5_000_000), 4_500_000);
    assert_eq!(
        cx_engine::stats::nearest_rank(1.0, u64::from(u32::MAX) + 10),
        u64::from(u32::MAX) + 10
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn events_outside_the_manifests_period_are_refused() {
    let mut lake = Lake::default();
    lake.set_period(days_from_civil(2025, 1, 1), days_from_civil(2025, 12, 31));
    let inside = one_call(ms(2025, 12, 31), 20, "x");
    assert_eq!(
        lake.add_parquet(Dataset::Llamadas, "a.parquet", inside),
        Ok(2)
    );
    let after = one_call(ms(2026, 1, 1), 20, "x");
    let err = lake
        .add_parquet(Dataset::Llamadas, "b.parquet", after)
        .expect_err("2026 is after the period");
    assert_eq!(
        err.to_string(),
        "b.parquet (llamadas_call_center): column `inicio`, row 2: 2026-01-01 10:00 is outside the manifest's period 2025-01-01 … 2025-12-31"
    );
    assert_eq!(
        lake.calls.start_ms.len(),
        2,
        "nothing of the bad file was kept"
    );
}
