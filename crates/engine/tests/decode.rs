//! The decode path — Parquet bytes → checked Arrow columns → columnar model → KPIs — run natively
//! and, compiled to wasm32, in headless Chromium (`cargo test --target wasm32-unknown-unknown`).

use std::sync::Arc;

use arrow_array::{ArrayRef, Int32Array, RecordBatch, StringArray, TimestampMillisecondArray};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use bytes::Bytes;
use cx_engine::calendar::{days_from_civil, MS_PER_DAY};
use cx_engine::schema::{LLAMADAS, TICKETS};
use cx_engine::{monthly_volume, read_contacts, read_surveys, summary, EngineError};
use parquet::arrow::ArrowWriter;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn ms(y: i32, m: u32, d: u32) -> i64 {
    i64::from(days_from_civil(y, m, d)) * MS_PER_DAY + 10 * 3_600_000
}

fn ts_field(name: &str) -> Field {
    Field::new(
        name,
        DataType::Timestamp(TimeUnit::Millisecond, None),
        false,
    )
}

fn parquet(columns: Vec<(Field, ArrayRef)>) -> Bytes {
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = columns.into_iter().unzip();
    let schema = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), arrays).expect("valid batch");
    let mut out = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut out, schema, None).expect("writer");
    writer.write(&batch).expect("write");
    writer.close().expect("close");
    Bytes::from(out)
}

fn surveys_file() -> Bytes {
    parquet(vec![
        (
            Field::new("encuesta_id", DataType::Int64, false),
            Arc::new(arrow_array::Int64Array::from(vec![1, 2, 3, 4])),
        ),
        (
            ts_field("fecha"),
            Arc::new(TimestampMillisecondArray::from(vec![ms(2025, 1, 2); 4])),
        ),
        (
            Field::new("nps", DataType::Int32, true),
            Arc::new(Int32Array::from(vec![Some(10), Some(9), Some(3), None])),
        ),
        (
            Field::new("csat", DataType::Int32, true),
            Arc::new(Int32Array::from(vec![Some(5), Some(4), Some(2), None])),
        ),
    ])
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn surveys_decode_to_csat_and_nps_with_nulls_kept() {
    let surveys = read_surveys("s.parquet", surveys_file()).expect("decodes");
    assert_eq!(surveys.csat, vec![Some(5), Some(4), Some(2), None]);
    let k = summary(&Default::default(), &surveys);
    assert_eq!(k.csat_n, 3);
    assert!((k.csat.expect("answers") - 200.0 / 3.0).abs() < 1e-12);
    let nps = k.nps.expect("answers");
    assert!((nps.score - 100.0 / 3.0).abs() < 1e-12);
    assert_eq!(k.interactions, 0);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn contacts_decode_by_month_and_channel() {
    let calls = parquet(vec![(
        ts_field("inicio"),
        Arc::new(TimestampMillisecondArray::from(vec![
            ms(2025, 1, 31),
            ms(2025, 2, 1),
        ])),
    )]);
    let tickets = parquet(vec![
        (
            Field::new("canal", DataType::Utf8, false),
            Arc::new(StringArray::from(vec!["email", "presencial"])),
        ),
        (
            ts_field("creado"),
            Arc::new(TimestampMillisecondArray::from(vec![
                ms(2025, 2, 3),
                ms(2025, 2, 4),
            ])),
        ),
    ]);
    let mut contacts = read_contacts(&LLAMADAS, "c.parquet", calls).expect("calls decode");
    contacts.extend(read_contacts(&TICKETS, "t.parquet", tickets).expect("tickets decode"));
    let v = monthly_volume(&contacts).expect("contacts");
    assert_eq!(v.months.len(), 2);
    assert_eq!(v.counts[0], vec![1, 1]); // teléfono
    assert_eq!(v.counts[2], vec![0, 1]); // email
    assert_eq!(v.counts[4], vec![0, 1]); // presencial
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_wrong_column_type_names_file_column_and_types() {
    let bad = parquet(vec![(
        Field::new("inicio", DataType::Utf8, false),
        Arc::new(StringArray::from(vec!["ayer"])),
    )]);
    let err = read_contacts(&LLAMADAS, "llamadas/x.parquet", bad).expect_err("wrong type");
    assert!(
        matches!(err, EngineError::WrongType { ref column, .. } if column == "inicio"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "llamadas/x.parquet (llamadas_call_center): column `inicio` is Utf8, expected Timestamp(ms)"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_missing_column_and_garbage_bytes_are_clear_errors() {
    let no_canal = parquet(vec![(
        ts_field("creado"),
        Arc::new(TimestampMillisecondArray::from(vec![ms(2025, 1, 1)])),
    )]);
    let err = read_contacts(&TICKETS, "t.parquet", no_canal).expect_err("missing canal");
    assert_eq!(
        err.to_string(),
        "t.parquet (tickets_soporte) has no column `canal`"
    );
    let err =
        read_surveys("s.parquet", Bytes::from_static(b"not parquet at all")).expect_err("garbage");
    assert!(
        err.to_string()
            .starts_with("s.parquet (encuestas_post_atencion) is not a readable Parquet file"),
        "{err}"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn an_out_of_scale_score_is_rejected() {
    let bad = parquet(vec![
        (
            ts_field("fecha"),
            Arc::new(TimestampMillisecondArray::from(vec![ms(2025, 1, 2)])),
        ),
        (
            Field::new("csat", DataType::Int32, true),
            Arc::new(Int32Array::from(vec![Some(6)])),
        ),
        (
            Field::new("nps", DataType::Int32, true),
            Arc::new(Int32Array::from(vec![Some(6)])),
        ),
    ]);
    let err = read_surveys("s.parquet", bad).expect_err("csat 6");
    assert_eq!(
        err.to_string(),
        "s.parquet (encuestas_post_atencion): column `csat` has 6, outside 1–5"
    );
}
