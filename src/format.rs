//! Number formatting for es-PE: `171,031`, `70.5 %`, `+14.0`.

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
    format!("{x:.1} %")
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

/// A `YYYY-MM-DD` day as `DD/MM/YYYY` (es-PE); anything else unchanged.
pub fn day(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => iso.to_string(),
    }
}

/// A `YYYY-MM` month as `ago 2025` (es-PE); anything else unchanged.
pub fn month(iso: &str) -> String {
    const NAMES: [&str; 12] = [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "set", "oct", "nov", "dic",
    ];
    let mut it = iso.split('-');
    match (
        it.next(),
        it.next().and_then(|m| m.parse::<usize>().ok()),
        it.next(),
    ) {
        (Some(y), Some(m), None) if (1..=12).contains(&m) => format!("{} {y}", NAMES[m - 1]),
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
}
