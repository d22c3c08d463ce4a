//! The compact columnar model the KPIs run over, built from decoded batches.

use arrow_array::cast::AsArray;
use arrow_array::types::{Int32Type, TimestampMillisecondType};
use arrow_array::{Array, RecordBatch};
use bytes::Bytes;

use crate::calendar::day_of_ms;
use crate::decode::read_columns;
use crate::schema::{self, DatasetSpec, CHANNELS};
use crate::EngineError;

/// Contacts of the three contact datasets: one entry per call, conversation or ticket.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contacts {
    /// Day number (days since 1970-01-01, Lima time) the contact started.
    pub day: Vec<i32>,
    /// Index into [`CHANNELS`].
    pub channel: Vec<u8>,
}

impl Contacts {
    /// Number of contacts.
    pub fn len(&self) -> usize {
        self.day.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.day.is_empty()
    }

    /// Appends another set.
    pub fn extend(&mut self, other: Contacts) {
        self.day.extend(other.day);
        self.channel.extend(other.channel);
    }
}

/// Survey answers: the scores, nulls kept as `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Surveys {
    /// Day number the survey was answered.
    pub day: Vec<i32>,
    /// CSAT 1–5.
    pub csat: Vec<Option<u8>>,
    /// NPS 0–10.
    pub nps: Vec<Option<u8>>,
}

impl Surveys {
    /// Appends another set.
    pub fn extend(&mut self, other: Surveys) {
        self.day.extend(other.day);
        self.csat.extend(other.csat);
        self.nps.extend(other.nps);
    }
}

fn bad_value(dataset: &DatasetSpec, file: &str, column: &str, problem: String) -> EngineError {
    EngineError::BadValue {
        dataset: dataset.name.to_string(),
        file: file.to_string(),
        column: column.to_string(),
        problem,
    }
}

fn push_days(
    dataset: &DatasetSpec,
    file: &str,
    column: &str,
    array: &dyn Array,
    out: &mut Vec<i32>,
) -> Result<(), EngineError> {
    let Some(ts) = array.as_primitive_opt::<TimestampMillisecondType>() else {
        return Err(bad_value(
            dataset,
            file,
            column,
            "is not a timestamp".into(),
        ));
    };
    if ts.null_count() > 0 {
        return Err(bad_value(dataset, file, column, "has nulls".into()));
    }
    out.extend(ts.values().iter().map(|&ms| day_of_ms(ms)));
    Ok(())
}

/// Reads the contacts of one file of `llamadas_call_center`, `mensajes_whatsapp` or
/// `tickets_soporte`.
///
/// Calls are channel `teléfono`, conversations `chat`; tickets carry their own `canal`.
///
/// # Errors
/// Any decoding error of [`read_columns`]; [`EngineError::BadValue`] for a null time or an
/// unknown channel; [`EngineError::MissingDataset`] for another dataset.
pub fn read_contacts(
    dataset: &DatasetSpec,
    file: &str,
    bytes: Bytes,
) -> Result<Contacts, EngineError> {
    let fixed = match dataset.name {
        n if n == schema::LLAMADAS.name => Some(0u8),
        n if n == schema::WHATSAPP.name => Some(1u8),
        n if n == schema::TICKETS.name => None,
        other => {
            return Err(EngineError::MissingDataset {
                dataset: format!("{other} (not a contact dataset)"),
            })
        }
    };
    let Some(time_col) = dataset.partition_by else {
        return Err(EngineError::MissingDataset {
            dataset: dataset.name.to_string(),
        });
    };
    let wanted: &[&str] = if fixed.is_some() {
        &[time_col]
    } else {
        &[time_col, "canal"]
    };
    let mut out = Contacts::default();
    for batch in read_columns(dataset, file, bytes, wanted)? {
        push_days(dataset, file, time_col, batch.column(0), &mut out.day)?;
        match fixed {
            Some(code) => out.channel.resize(out.day.len(), code),
            None => push_channels(dataset, file, &batch, &mut out.channel)?,
        }
    }
    Ok(out)
}

fn push_channels(
    dataset: &DatasetSpec,
    file: &str,
    batch: &RecordBatch,
    out: &mut Vec<u8>,
) -> Result<(), EngineError> {
    let Some(canal) = batch.column(1).as_string_opt::<i32>() else {
        return Err(bad_value(dataset, file, "canal", "is not text".into()));
    };
    for value in canal.iter() {
        let Some(value) = value else {
            return Err(bad_value(dataset, file, "canal", "has nulls".into()));
        };
        let Some(code) = CHANNELS.iter().position(|c| *c == value) else {
            return Err(bad_value(
                dataset,
                file,
                "canal",
                format!("has unknown channel {value:?} (expected one of {CHANNELS:?})"),
            ));
        };
        out.push(code as u8);
    }
    Ok(())
}

fn scores(
    dataset: &DatasetSpec,
    file: &str,
    column: &str,
    array: &dyn Array,
    range: std::ops::RangeInclusive<i32>,
    out: &mut Vec<Option<u8>>,
) -> Result<(), EngineError> {
    let Some(values) = array.as_primitive_opt::<Int32Type>() else {
        return Err(bad_value(dataset, file, column, "is not an integer".into()));
    };
    for v in values.iter() {
        match v {
            None => out.push(None),
            Some(v) if range.contains(&v) => out.push(Some(v as u8)),
            Some(v) => {
                return Err(bad_value(
                    dataset,
                    file,
                    column,
                    format!("has {v}, outside {}–{}", range.start(), range.end()),
                ))
            }
        }
    }
    Ok(())
}

/// Reads the scores of one file of `encuestas_post_atencion`.
///
/// # Errors
/// Any decoding error of [`read_columns`]; [`EngineError::BadValue`] for a score out of its scale.
pub fn read_surveys(file: &str, bytes: Bytes) -> Result<Surveys, EngineError> {
    let dataset = &schema::ENCUESTAS;
    let mut out = Surveys::default();
    for batch in read_columns(dataset, file, bytes, &["fecha", "csat", "nps"])? {
        push_days(dataset, file, "fecha", batch.column(0), &mut out.day)?;
        scores(dataset, file, "csat", batch.column(1), 1..=5, &mut out.csat)?;
        scores(dataset, file, "nps", batch.column(2), 0..=10, &mut out.nps)?;
    }
    Ok(out)
}
