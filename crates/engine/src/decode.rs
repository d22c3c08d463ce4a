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
/// [`EngineError::Parquet`] if the bytes are not Parquet, [`EngineError::MissingColumn`] if a
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
