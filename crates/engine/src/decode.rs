//! Parquet bytes → Arrow record batches, checked against the data contract.
//!
//! The loader takes bytes, so the browser (bytes from `fetch`) and native code (bytes from disk)
//! share one path.

use arrow_array::RecordBatch;
use bytes::Bytes;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ProjectionMask;

use crate::schema::DatasetSpec;
use crate::EngineError;

/// Decodes the columns `wanted` of one Parquet file of `dataset`.
///
/// Columns are returned in the order of `wanted`. Only those columns are decoded.
///
/// # Errors
/// [`EngineError::Parquet`] if the bytes are not Parquet (the frame is checked first, see
/// [`check_frame`]), [`EngineError::MissingColumn`] if a
/// wanted column is absent and [`EngineError::WrongType`] if its type differs from the contract.
pub fn read_columns(
    dataset: &DatasetSpec,
    file: &str,
    bytes: Bytes,
    wanted: &[&str],
) -> Result<Vec<RecordBatch>, EngineError> {
    let parquet_err = |e: &dyn std::fmt::Display| EngineError::Parquet {
        dataset: dataset.name.to_string(),
        file: file.to_string(),
        reason: e.to_string(),
    };
    check_frame(&bytes).map_err(|reason| parquet_err(&reason))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(bytes).map_err(|e| parquet_err(&e))?;
    let schema = builder.schema().clone();
    let mut roots = Vec::with_capacity(wanted.len());
    for name in wanted {
        let Some((index, field)) = schema.column_with_name(name) else {
            return Err(EngineError::MissingColumn {
                dataset: dataset.name.to_string(),
                file: file.to_string(),
                column: (*name).to_string(),
            });
        };
        if let Some(spec) = dataset.column(name) {
            let expected = spec.kind.arrow_type();
            if field.data_type() != &expected {
                return Err(EngineError::WrongType {
                    dataset: dataset.name.to_string(),
                    file: file.to_string(),
                    column: (*name).to_string(),
                    expected: expected.to_string(),
                    found: field.data_type().to_string(),
                });
            }
        }
        roots.push(index);
    }
    let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
    let reader = builder
        .with_projection(mask)
        .with_batch_size(64 * 1024)
        .build()
        .map_err(|e| parquet_err(&e))?;
    let mut batches = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| parquet_err(&e))?;
        // The projection keeps file order; put the columns in the caller's order.
        let order: Vec<usize> = wanted
            .iter()
            .filter_map(|n| batch.schema().index_of(n).ok())
            .collect();
        batches.push(batch.project(&order).map_err(|e| parquet_err(&e))?);
    }
    Ok(batches)
}

/// The Parquet frame, checked before the `parquet` crate trusts it: `PAR1` at both ends and a
/// footer length that fits the file. The crate computes `len - 8 - footer_len` with `usize`, which
/// is 32 bits on wasm32: a footer length of 0xFFFFFFFF wraps around there and panics inside the
/// crate instead of failing.
pub fn check_frame(bytes: &[u8]) -> Result<(), String> {
    const MAGIC: &[u8; 4] = b"PAR1";
    let len = bytes.len() as u64;
    if len < 12 {
        return Err(format!(
            "{len} bytes is too short for Parquet (at least 12)"
        ));
    }
    if &bytes[..4] != MAGIC {
        return Err("it does not start with the Parquet magic PAR1".into());
    }
    let tail = &bytes[bytes.len() - 8..];
    if &tail[4..] != MAGIC {
        return Err("it does not end with the Parquet magic PAR1 (truncated?)".into());
    }
    let footer = u64::from(u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]));
    if footer + 12 > len {
        return Err(format!(
            "its footer says the metadata takes {footer} bytes, but the file has {len}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_frame;

    #[test]
    fn the_frame_is_checked_before_the_crate_reads_it() {
        let mut ok = b"PAR1".to_vec();
        ok.extend_from_slice(&[0; 10]);
        ok.extend_from_slice(&10u32.to_le_bytes());
        ok.extend_from_slice(b"PAR1");
        assert_eq!(check_frame(&ok), Ok(()));
        let mut huge = ok.clone();
        let n = huge.len();
        huge[n - 8..n - 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(check_frame(&huge).is_err_and(|e| e.contains("4294967295")));
        assert!(check_frame(b"PAR1").is_err());
        assert!(check_frame(&ok[..ok.len() - 1]).is_err());
        assert!(check_frame(b"\x1f\x8b\x08\x00gzip renamed as parquet").is_err());
    }
}
