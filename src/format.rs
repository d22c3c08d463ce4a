//! Numbers and dates for the page's language. es-PE: `171,031`, `70.5 %`, `+14.0`, `18/08/2025`,
//! `ago 2025`, `S/ 1,234.50`; English: `171,031`, `70.5%`, `Aug 18, 2025`, `Aug 2025`.

use crate::i18n::{lang, Lang};

/// An integer with thousands separators.
pub fn int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A percentage with one decimal.
pub fn pct(x: f64) -> String {
    match lang() {
        Lang::Es => format!("{x:.1} %"),
        Lang::En => format!("{x:.1}%"),
    }
}

/// A number with `decimals` decimals and thousands separators (`1,234.5`).
pub fn num(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    let grouped = whole
        .parse::<u64>()
        .map(int)
        .unwrap_or_else(|_| whole.to_string());
    let sign = if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// Soles from céntimos: `S/ 1,234.50`.
pub fn soles(cents: i64) -> String {
    format!("S/ {}", num(cents as f64 / 100.0, 2))
}

/// A cell of a chart's table: numbers grouped with at most two decimals, text as it is.
pub fn cell(text: &str) -> String {
    match text.parse::<f64>() {
        Ok(x) if x.fract() == 0.0 => num(x, 0),
        Ok(x) => num(x, 2),
        Err(_) => text.to_string(),
    }
}

/// Hours with one decimal and the unit: `12.5 h`.
pub fn hours(h: f64) -> String {
    format!("{} h", num(h, 1))
}

/// A signed score with one decimal (NPS).
pub fn signed(x: f64) -> String {
    // Avoid "-0.0" for tiny negatives that round to zero.
    let rounded = (x * 10.0).round() / 10.0;
    if rounded > 0.0 {
        format!("+{rounded:.1}")
    } else if rounded == 0.0 {
        "0.0".to_string()
    } else {
        format!("{rounded:.1}")
    }
}

/// A duration in seconds as `m:ss` (or `h:mm:ss` from an hour), rounded to the second.
pub fn duration(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

const MONTHS_ES: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "set", "oct", "nov", "dic",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A `YYYY-MM-DD` day as `DD/MM/YYYY` (es-PE) or `Aug 18, 2025` (English); anything else
/// unchanged.
pub fn day(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match (parts.as_slice(), lang()) {
        ([y, m, d], Lang::Es) => format!("{d}/{m}/{y}"),
        ([y, m, d], Lang::En) => match (m.parse::<usize>(), d.parse::<u32>()) {
            (Ok(mm @ 1..=12), Ok(dd)) => format!("{} {dd}, {y}", MONTHS_EN[mm - 1]),
            _ => iso.to_string(),
        },
        _ => iso.to_string(),
    }
}

/// A day number as [`day`].
pub fn day_n(days: i32) -> String {
    day(&cx_engine::calendar::day_label(days))
}

/// A `YYYY-MM` month as `ago 2025` (es-PE); anything else unchanged.
pub fn month(iso: &str) -> String {
    let names = match lang() {
        Lang::Es => MONTHS_ES,
        Lang::En => MONTHS_EN,
    };
    let mut it = iso.split('-');
    match (
        it.next(),
        it.next().and_then(|m| m.parse::<usize>().ok()),
        it.next(),
    ) {
        (Some(y), Some(m), None) if (1..=12).contains(&m) => format!("{} {y}", names[m - 1]),
        _ => iso.to_string(),
    }
}

/// A period label of a series: months as [`month`], days and weeks as [`day`].
pub fn period(label: &str) -> String {
    if label.len() == 7 {
        month(label)
    } else {
        day(label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(1_000), "1,000");
        assert_eq!(int(171_031), "171,031");
        assert_eq!(int(17_103_100), "17,103,100");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(394.71), "6:35");
        assert_eq!(duration(54.0), "0:54");
        assert_eq!(duration(3_725.4), "1:02:05");
        assert_eq!(duration(-3.0), "0:00");
    }

    #[test]
    fn days_and_months_in_es_pe() {
        assert_eq!(day("2025-08-18"), "18/08/2025");
        assert_eq!(month("2025-09"), "set 2025");
        assert_eq!(period("2025-01"), "ene 2025");
        assert_eq!(period("2025-01-06"), "06/01/2025");
        assert_eq!(month("2025-13"), "2025-13");
    }

    #[test]
    fn signed_scores() {
        assert_eq!(signed(14.04), "+14.0");
        assert_eq!(signed(-0.01), "0.0");
        assert_eq!(signed(-8.46), "-8.5");
        assert_eq!(pct(70.549), "70.5 %");
    }

    #[test]
    fn english_dates_and_numbers() {
        crate::i18n::set(Lang::En);
        assert_eq!(day("2025-08-18"), "Aug 18, 2025");
        assert_eq!(month("2025-09"), "Sep 2025");
        assert_eq!(pct(70.549), "70.5%");
        crate::i18n::set(Lang::Es);
        assert_eq!(num(-1234.5, 2), "-1,234.50");
        assert_eq!(num(-0.001, 1), "0.0");
        assert_eq!(soles(123_456), "S/ 1,234.56");
        assert_eq!(cell("12.3456"), "12.35");
        assert_eq!(cell("T-07"), "T-07");
    }
}
