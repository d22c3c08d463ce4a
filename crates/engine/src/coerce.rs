//! Files as the usual tools write them: every Arrow type that carries the values of a contract
//! column is accepted and converted once, at load, to the contract's type.
//!
//! | contract | accepted |
//! |---|---|
//! | `Utf8` | `Utf8`, `LargeUtf8`, `Utf8View`, `Dictionary(int, any of those)` (pandas categoricals, Polars) |
//! | `Int32` / `Int64` | any signed or unsigned integer whose values fit; `Float32`/`Float64` holding whole numbers (pandas writes an integer column with nulls as floats) |
//! | `Timestamp` (ms, Lima wall clock) | `Timestamp` in s, ms, µs or ns (INT96 arrives as ns); with a time zone the value is an instant, shown as Lima time (UTC−5, no daylight saving since 1994) |
//! | `Date` | `Date32`, `Date64`, a `Timestamp` at any time of the day (its day) |
//! | `DECIMAL(12,2)` | any `Decimal128` scale (rounded half away from zero to cents), integers (soles), floats (rounded to cents) |
//! | `Bool` | `Boolean` |
//!
//! A value that does not fit (an integer past the column's width, a fraction in an integer
//! column, NaN, a timestamp past the 64-bit range once in milliseconds) is refused with its row.

use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date64Type, Decimal128Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type,
    Int8Type, TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{
    Array, ArrayRef, Date32Array, Decimal128Array, Int32Array, Int64Array,
    TimestampMillisecondArray,
};
use arrow_schema::{DataType, TimeUnit};

use crate::calendar::MS_PER_DAY;
use crate::schema::ColumnKind;

/// Lima is UTC−5 all year: an instant's wall clock there.
const LIMA_OFFSET_MS: i64 = -5 * 3_600_000;

/// A value that cannot be converted: its index in the array and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Unfit {
    /// 0-based index in the array.
    pub index: usize,
    /// The value, as read.
    pub value: String,
    /// What the column can hold: a range (`lo … hi`), `whole numbers lo … hi` or `at most N
    /// bytes of text in one batch`.
    pub expected: String,
    /// The length of one text over the cap of one text, if that is the problem.
    pub text_bytes: Option<u64>,
}

/// Whether a column of type `found` can carry the values of a `kind` column.
pub fn accepts(kind: ColumnKind, found: &DataType) -> bool {
    use DataType as T;
    match kind {
        ColumnKind::Utf8 => is_text(found),
        ColumnKind::Int32 | ColumnKind::Int64 => found.is_integer() || is_float(found),
        ColumnKind::Bool => found == &T::Boolean,
        ColumnKind::Timestamp => matches!(found, T::Timestamp(_, _)),
        ColumnKind::Date => matches!(found, T::Date32 | T::Date64 | T::Timestamp(_, _)),
        ColumnKind::AmountPen => {
            matches!(found, T::Decimal128(_, _)) || found.is_integer() || is_float(found)
        }
    }
}

fn is_float(t: &DataType) -> bool {
    matches!(t, DataType::Float32 | DataType::Float64)
}

fn is_text(t: &DataType) -> bool {
    match t {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
        DataType::Dictionary(k, v) => {
            k.is_integer()
                && matches!(
                    **v,
                    DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
                )
        }
        _ => false,
    }
}

/// `array` as the contract's type for `kind` (the array itself when it already is).
///
/// # Errors
/// The first value that does not fit, or a text column whose values would not fit in one
/// 32-bit-offset string array (`max_text_bytes` is the cap on one text, checked before any
/// dictionary is expanded).
pub fn to_contract(
    kind: ColumnKind,
    array: &ArrayRef,
    max_text_bytes: u64,
) -> Result<ArrayRef, Unfit> {
    if array.data_type() == &kind.arrow_type() {
        return Ok(array.clone());
    }
    match kind {
        ColumnKind::Utf8 => text(array, max_text_bytes),
        ColumnKind::Int32 => {
            let v = integers(array, i64::from(i32::MIN), i64::from(i32::MAX))?;
            Ok(Arc::new(
                v.into_iter()
                    .map(|x| x.map(|x| x as i32))
                    .collect::<Int32Array>(),
            ))
        }
        ColumnKind::Int64 => {
            let v = integers(array, i64::MIN, i64::MAX)?;
            Ok(Arc::new(Int64Array::from(v)))
        }
        ColumnKind::Timestamp => {
            let ms = timestamp_ms(array)?;
            Ok(Arc::new(TimestampMillisecondArray::from(ms)))
        }
        ColumnKind::Date => date(array),
        ColumnKind::AmountPen => amount(array),
        // `accepts` lets only Boolean through.
        ColumnKind::Bool => Err(unfit(0, array.data_type(), "Boolean")),
    }
}

fn unfit(index: usize, value: impl ToString, expected: &str) -> Unfit {
    Unfit {
        index,
        value: value.to_string(),
        expected: expected.to_string(),
        text_bytes: None,
    }
}

/// Every value of a text column, through `f` (None for null).
fn each_text(array: &ArrayRef, mut f: impl FnMut(usize, Option<&str>)) -> bool {
    if let Some(a) = array.as_string_opt::<i64>() {
        a.iter().enumerate().for_each(|(i, v)| f(i, v));
    } else if let Some(a) = array.as_string_view_opt() {
        a.iter().enumerate().for_each(|(i, v)| f(i, v));
    } else if let Some(a) = array.as_string_opt::<i32>() {
        a.iter().enumerate().for_each(|(i, v)| f(i, v));
    } else {
        return false;
    }
    true
}

fn text(array: &ArrayRef, max_text_bytes: u64) -> Result<ArrayRef, Unfit> {
    const EXPECTED: &str = "at most 2147483647 bytes of text in one batch";
    if let Some(dict) = array.as_any_dictionary_opt() {
        let values = text(dict.values(), max_text_bytes)?;
        let values = values.as_string::<i32>();
        // Each distinct text's length, checked (and the expanded size bounded) before expanding.
        if let Some(v) = values
            .iter()
            .flatten()
            .find(|v| v.len() as u64 > max_text_bytes)
        {
            let at = dict
                .normalized_keys()
                .iter()
                .position(|&k| values.value(k) == v)
                .unwrap_or(0);
            return Err(Unfit {
                text_bytes: Some(v.len() as u64),
                ..unfit(at, v.len(), "")
            });
        }
        let keys = dict.normalized_keys();
        let mut total = 0u64;
        for (i, &k) in keys.iter().enumerate() {
            if !array.is_null(i) && values.is_valid(k) {
                total += values.value(k).len() as u64;
                if total > i32::MAX as u64 {
                    return Err(unfit(i, format!("{total} bytes of text"), EXPECTED));
                }
            }
        }
        let mut out = StringBuilder::with_capacity(keys.len(), total as usize);
        for (i, &k) in keys.iter().enumerate() {
            if array.is_null(i) || values.is_null(k) {
                out.append_null();
            } else {
                out.append_value(values.value(k));
            }
        }
        return Ok(Arc::new(out.finish()));
    }
    let mut total = 0u64;
    let mut over = None;
    each_text(array, |i, v| {
        total += v.map_or(0, |v| v.len() as u64);
        if total > i32::MAX as u64 && over.is_none() {
            over = Some(i);
        }
    });
    if let Some(i) = over {
        return Err(unfit(i, format!("{total} bytes of text"), EXPECTED));
    }
    let mut out = StringBuilder::with_capacity(array.len(), total as usize);
    let ok = each_text(array, |_, v| out.append_option(v));
    if !ok {
        return Err(unfit(0, array.data_type(), "text"));
    }
    Ok(Arc::new(out.finish()))
}

/// Every value as an `i64` in `lo..=hi`.
fn integers(array: &ArrayRef, lo: i64, hi: i64) -> Result<Vec<Option<i64>>, Unfit> {
    let expected = format!("whole numbers {lo} … {hi}");
    let check = |i: usize, v: i128| -> Result<i64, Unfit> {
        i64::try_from(v)
            .ok()
            .filter(|v| (lo..=hi).contains(v))
            .ok_or_else(|| unfit(i, v, &expected))
    };
    macro_rules! ints {
        ($t:ty) => {
            if let Some(a) = array.as_primitive_opt::<$t>() {
                return a
                    .iter()
                    .enumerate()
                    .map(|(i, v)| v.map(|v| check(i, i128::from(v))).transpose())
                    .collect();
            }
        };
    }
    ints!(Int8Type);
    ints!(Int16Type);
    ints!(Int32Type);
    ints!(Int64Type);
    ints!(UInt8Type);
    ints!(UInt16Type);
    ints!(UInt32Type);
    ints!(UInt64Type);
    let whole = |i: usize, v: f64| -> Result<i64, Unfit> {
        if v.is_finite() && v.fract() == 0.0 && v >= lo as f64 && v <= hi as f64 {
            Ok(v as i64)
        } else {
            Err(unfit(i, v, &expected))
        }
    };
    if let Some(a) = array.as_primitive_opt::<Float64Type>() {
        return a
            .iter()
            .enumerate()
            .map(|(i, v)| v.map(|v| whole(i, v)).transpose())
            .collect();
    }
    if let Some(a) = array.as_primitive_opt::<Float32Type>() {
        return a
            .iter()
            .enumerate()
            .map(|(i, v)| v.map(|v| whole(i, f64::from(v))).transpose())
            .collect();
    }
    Err(unfit(0, array.data_type(), &expected))
}

/// A timestamp column in milliseconds of Lima wall-clock time.
fn timestamp_ms(array: &ArrayRef) -> Result<Vec<Option<i64>>, Unfit> {
    let DataType::Timestamp(unit, zone) = array.data_type() else {
        return Err(unfit(0, array.data_type(), "a timestamp"));
    };
    let shift = if zone.is_some() { LIMA_OFFSET_MS } else { 0 };
    let expected = "2000-01-01 … 2099-12-31";
    let values: Vec<Option<i64>> = match unit {
        TimeUnit::Second => {
            let a = array.as_primitive::<TimestampSecondType>();
            let mut out = Vec::with_capacity(a.len());
            for (i, v) in a.iter().enumerate() {
                out.push(match v {
                    None => None,
                    Some(s) => Some(
                        s.checked_mul(1000)
                            .ok_or_else(|| unfit(i, format!("{s} s"), expected))?,
                    ),
                });
            }
            out
        }
        TimeUnit::Millisecond => array
            .as_primitive::<TimestampMillisecondType>()
            .iter()
            .collect(),
        TimeUnit::Microsecond => array
            .as_primitive::<TimestampMicrosecondType>()
            .iter()
            .map(|v| v.map(|v| v.div_euclid(1000)))
            .collect(),
        TimeUnit::Nanosecond => array
            .as_primitive::<TimestampNanosecondType>()
            .iter()
            .map(|v| v.map(|v| v.div_euclid(1_000_000)))
            .collect(),
    };
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            v.map(|v| {
                v.checked_add(shift)
                    .ok_or_else(|| unfit(i, format!("{v} ms"), expected))
            })
            .transpose()
        })
        .collect()
}

fn date(array: &ArrayRef) -> Result<ArrayRef, Unfit> {
    let expected = "2000-01-01 … 2099-12-31";
    let day = |i: usize, ms: i64| {
        i32::try_from(ms.div_euclid(MS_PER_DAY)).map_err(|_| unfit(i, format!("{ms} ms"), expected))
    };
    let days: Vec<Option<i32>> = if let Some(a) = array.as_primitive_opt::<Date64Type>() {
        a.iter()
            .enumerate()
            .map(|(i, v)| v.map(|v| day(i, v)).transpose())
            .collect::<Result<_, _>>()?
    } else {
        timestamp_ms(array)?
            .into_iter()
            .enumerate()
            .map(|(i, v)| v.map(|v| day(i, v)).transpose())
            .collect::<Result<_, _>>()?
    };
    Ok(Arc::new(Date32Array::from(days)))
}

/// Amounts in céntimos as `DECIMAL(12, 2)` (the range is checked with the other values).
fn amount(array: &ArrayRef) -> Result<ArrayRef, Unfit> {
    let expected = "0 … 99,999,999.99 PEN";
    let cents: Vec<Option<i128>> = match array.data_type() {
        DataType::Decimal128(_, scale) => {
            let scale = i32::from(*scale);
            let a = array.as_primitive::<Decimal128Type>();
            a.iter()
                .enumerate()
                .map(|(i, v)| {
                    v.map(|v| rescale(v, scale - 2).ok_or_else(|| unfit(i, v, expected)))
                        .transpose()
                })
                .collect::<Result<_, _>>()?
        }
        t if is_float(t) => {
            let f: Vec<Option<f64>> = match array.as_primitive_opt::<Float64Type>() {
                Some(a) => a.iter().collect(),
                None => array
                    .as_primitive::<Float32Type>()
                    .iter()
                    .map(|v| v.map(f64::from))
                    .collect(),
            };
            f.into_iter()
                .enumerate()
                .map(|(i, v)| {
                    v.map(|v| cents_of_float(v).ok_or_else(|| unfit(i, v, expected)))
                        .transpose()
                })
                .collect::<Result<_, _>>()?
        }
        _ => integers(array, i64::MIN, i64::MAX)?
            .into_iter()
            .map(|v| v.map(|v| i128::from(v) * 100))
            .collect(),
    };
    // Precision 12 is the contract's; the values' range is checked next, with its row.
    Decimal128Array::from(cents)
        .with_precision_and_scale(12, 2)
        .map(|a| Arc::new(a) as ArrayRef)
        .map_err(|e| unfit(0, e, expected))
}

/// A float amount in céntimos, rounded half away from zero on its shortest decimal form (so
/// 1.005 is 101 céntimos, as written, not 100 as `1.005 * 100` in binary gives).
fn cents_of_float(v: f64) -> Option<i128> {
    if !v.is_finite() || v.abs() >= 1e15 {
        return None;
    }
    let s = format!("{}", v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let whole: i128 = int.parse().ok()?;
    let mut digits = frac.chars().map(|c| c.to_digit(10).map(i128::from));
    let d1 = digits.next().flatten().unwrap_or(0);
    let d2 = digits.next().flatten().unwrap_or(0);
    let up = digits.next().flatten().unwrap_or(0) >= 5;
    let cents = whole * 100 + d1 * 10 + d2 + i128::from(up);
    Some(if v < 0.0 { -cents } else { cents })
}

/// `v` with `drop` fewer decimal places (more when negative), rounded half away from zero.
fn rescale(v: i128, drop: i32) -> Option<i128> {
    match drop {
        0 => Some(v),
        d if d < 0 => v.checked_mul(10i128.checked_pow(d.unsigned_abs())?),
        d => {
            let p = 10i128.checked_pow(d.unsigned_abs())?;
            let (q, r) = (v / p, v % p);
            Some(if r.abs() * 2 >= p { q + v.signum() } else { q })
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use arrow_array::{
        DictionaryArray, Float64Array, LargeStringArray, StringArray, StringViewArray,
        TimestampNanosecondArray, TimestampSecondArray, UInt64Array,
    };

    #[test]
    fn strings_of_every_layout_become_utf8() {
        let want: ArrayRef = Arc::new(StringArray::from(vec![Some("a"), None, Some("ñandú")]));
        let large: ArrayRef =
            Arc::new(LargeStringArray::from(vec![Some("a"), None, Some("ñandú")]));
        let view: ArrayRef = Arc::new(StringViewArray::from(vec![Some("a"), None, Some("ñandú")]));
        let dict: ArrayRef = Arc::new(
            vec![Some("a"), None, Some("ñandú")]
                .into_iter()
                .collect::<DictionaryArray<Int32Type>>(),
        );
        for a in [large, view, dict] {
            assert!(
                accepts(ColumnKind::Utf8, a.data_type()),
                "{}",
                a.data_type()
            );
            assert_eq!(&to_contract(ColumnKind::Utf8, &a, 100).unwrap(), &want);
        }
        let long: ArrayRef = Arc::new(
            vec![Some("x"), Some("yyyyyy")]
                .into_iter()
                .collect::<DictionaryArray<Int8Type>>(),
        );
        assert_eq!(
            to_contract(ColumnKind::Utf8, &long, 5).unwrap_err().index,
            1
        );
    }

    #[test]
    fn integers_that_fit_and_whole_floats_are_accepted_others_named_with_their_row() {
        let u: ArrayRef = Arc::new(UInt64Array::from(vec![Some(1), None, Some(u64::MAX)]));
        let err = to_contract(ColumnKind::Int64, &u, 0).unwrap_err();
        assert_eq!((err.index, err.value.as_str()), (2, "18446744073709551615"));
        let small: ArrayRef = Arc::new(Int64Array::from(vec![Some(3), None, Some(-7)]));
        let got = to_contract(ColumnKind::Int32, &small, 0).unwrap();
        assert_eq!(
            got.as_primitive::<Int32Type>(),
            &Int32Array::from(vec![Some(3), None, Some(-7)])
        );
        let wide: ArrayRef = Arc::new(Int64Array::from(vec![1, 1 << 40]));
        assert_eq!(
            to_contract(ColumnKind::Int32, &wide, 0).unwrap_err().index,
            1
        );
        let f: ArrayRef = Arc::new(Float64Array::from(vec![
            Some(4.0),
            None,
            Some(2.5),
            Some(f64::NAN),
        ]));
        let err = to_contract(ColumnKind::Int32, &f, 0).unwrap_err();
        assert_eq!((err.index, err.value.as_str()), (2, "2.5"));
        let nan: ArrayRef = Arc::new(Float64Array::from(vec![Some(f64::NAN)]));
        assert_eq!(
            to_contract(ColumnKind::Int32, &nan, 0).unwrap_err().value,
            "NaN"
        );
    }

    #[test]
    fn timestamps_of_every_unit_become_milliseconds_and_zoned_ones_lima_time() {
        let ms = 1_700_000_000_123i64;
        let ns: ArrayRef = Arc::new(TimestampNanosecondArray::from(vec![
            Some(ms * 1_000_000 + 999),
            None,
        ]));
        let got = to_contract(ColumnKind::Timestamp, &ns, 0).unwrap();
        assert_eq!(
            got.as_primitive::<TimestampMillisecondType>().values()[0],
            ms
        );
        assert!(got.is_null(1));
        let utc: ArrayRef =
            Arc::new(TimestampNanosecondArray::from(vec![ms * 1_000_000]).with_timezone("UTC"));
        let got = to_contract(ColumnKind::Timestamp, &utc, 0).unwrap();
        assert_eq!(
            got.as_primitive::<TimestampMillisecondType>().values()[0],
            ms - 5 * 3_600_000
        );
        let s: ArrayRef = Arc::new(TimestampSecondArray::from(vec![1, i64::MAX]));
        assert_eq!(
            to_contract(ColumnKind::Timestamp, &s, 0).unwrap_err().index,
            1
        );
        let day = to_contract(ColumnKind::Date, &ns, 0).unwrap();
        assert_eq!(
            day.as_primitive::<arrow_array::types::Date32Type>()
                .values()[0],
            (ms / MS_PER_DAY) as i32
        );
    }

    #[test]
    fn amounts_are_rounded_to_cents_from_any_scale_float_or_integer() {
        let d: ArrayRef = Arc::new(
            Decimal128Array::from(vec![Some(12_345i128), Some(-12_345), None])
                .with_precision_and_scale(38, 3)
                .unwrap(),
        );
        let got = to_contract(ColumnKind::AmountPen, &d, 0).unwrap();
        assert_eq!(got.data_type(), &DataType::Decimal128(12, 2));
        let got = got.as_primitive::<Decimal128Type>();
        assert_eq!(
            (got.value(0), got.value(1), got.is_null(2)),
            (1235, -1235, true)
        );
        let f: ArrayRef = Arc::new(Float64Array::from(vec![19.99, 0.1 + 0.2, 1.005, -2.5]));
        let got = to_contract(ColumnKind::AmountPen, &f, 0).unwrap();
        assert_eq!(
            got.as_primitive::<Decimal128Type>().values().to_vec(),
            vec![1999, 30, 101, -250]
        );
        let i: ArrayRef = Arc::new(Int32Array::from(vec![7]));
        let got = to_contract(ColumnKind::AmountPen, &i, 0).unwrap();
        assert_eq!(got.as_primitive::<Decimal128Type>().value(0), 700);
        assert_eq!(rescale(i128::MAX, -3), None);
    }
}
