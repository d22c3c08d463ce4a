//! The simulated business: its period, people, places, calendar of events and planted stories.
//!
//! The company is a fictional Peruvian telecom and device retailer ("Andina Conecta"): mobile
//! and home-internet plans, phones sold in branches and delivered at home. Every planted story
//! is documented in `docs/data.md` and checked by the generator's tests.

use cx_engine::calendar::{days_from_civil, is_peru_holiday, month_index, weekday};

/// First day of the simulated period (24 months).
pub const START: i32 = days_from_civil(2024, 11, 1);
/// Last day of the simulated period.
pub const END: i32 = days_from_civil(2026, 10, 31);
/// Days in the period.
pub const DAYS: usize = (END - START + 1) as usize;

/// Rows of each dataset at scale 1; they add up to 171,031, the original system's volume.
pub const BASE_ROWS: [(&str, u64); 7] = [
    ("clientes", 15_000),
    ("llamadas_call_center", 60_000),
    ("mensajes_whatsapp", 30_000),
    ("tickets_soporte", 20_000),
    ("encuestas_post_atencion", 35_000),
    ("resenas_online", 6_000),
    ("libro_reclamaciones", 5_031),
];

/// Rows of a dataset at scale 1.
pub fn base_rows(dataset: &str) -> u64 {
    BASE_ROWS
        .iter()
        .find(|(n, _)| *n == dataset)
        .map_or(0, |(_, r)| *r)
}

// ---------------------------------------------------------------------------------------------
// Planted stories
// ---------------------------------------------------------------------------------------------

/// Story 1: a network outage week in Lima (Monday 18 to Sunday 24 August 2025).
pub const OUTAGE_FIRST: i32 = days_from_civil(2025, 8, 18);
/// Last day of the outage week.
pub const OUTAGE_LAST: i32 = days_from_civil(2025, 8, 24);

/// Whether a day is in the outage week.
pub fn is_outage(day: i32) -> bool {
    (OUTAGE_FIRST..=OUTAGE_LAST).contains(&day)
}

/// Story 2: phone agents clearly worse than their peers (longer calls, less FCR, lower CSAT).
pub const WEAK_PHONE_AGENTS: [&str; 3] = ["T-07", "T-19", "T-26"];
/// Story 2, chat: one WhatsApp agent who answers slowly.
pub const WEAK_CHAT_AGENTS: [&str; 1] = ["W-11"];
/// Story 3: the channel with clearly lower CSAT.
pub const WEAK_CHANNEL: &str = "email";
/// Story 5: the branch with bad reviews.
pub const WEAK_BRANCH: &str = "Sede Los Olivos";

/// Story 4: NPS improves over the period. Returns 0 at the start and 1 at the end.
pub fn progress(day: i32) -> f64 {
    f64::from(day - START) / f64::from(END - START)
}

/// Online shopping campaigns (Cyber days): (first, last) day. Chats and delivery tickets spike.
pub const CYBER: [(i32, i32); 5] = [
    (days_from_civil(2024, 11, 4), days_from_civil(2024, 11, 7)),
    (days_from_civil(2025, 4, 7), days_from_civil(2025, 4, 10)),
    (days_from_civil(2025, 7, 14), days_from_civil(2025, 7, 17)),
    (days_from_civil(2025, 11, 3), days_from_civil(2025, 11, 6)),
    (days_from_civil(2026, 7, 13), days_from_civil(2026, 7, 16)),
];

/// Whether a day is a Cyber day.
pub fn is_cyber(day: i32) -> bool {
    CYBER.iter().any(|(a, b)| (*a..=*b).contains(&day))
}

/// Whether a day is in the ten days after a Cyber campaign (deliveries arrive, and so do problems).
pub fn is_after_cyber(day: i32) -> bool {
    CYBER.iter().any(|(_, b)| (*b + 1..=*b + 10).contains(&day))
}

/// Seasonal factor of a month: December is the peak, January–February the valley.
fn month_factor(day: i32) -> f64 {
    match month_index(day).rem_euclid(12) + 1 {
        12 => 1.30,
        1 | 2 => 0.88,
        3 => 0.95,
        7 => 1.08,
        11 => 1.05,
        _ => 1.0,
    }
}

/// Which traffic profile a dataset follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Phone calls: weekday-heavy, outage ×2.8.
    Calls,
    /// WhatsApp: flatter week, Cyber ×1.7, outage ×2.
    Chats,
    /// Tickets: weekday-heavy, after-Cyber delivery problems.
    Tickets,
    /// Public reviews: weekend-heavier, outage ×2.
    Reviews,
    /// Complaint book: outage ×4, after-Cyber ×1.6.
    Complaints,
}

/// Relative volume of a day for a profile (its absolute value only matters relative to others).
pub fn day_weight(profile: Profile, day: i32) -> f64 {
    let wd = weekday(day) as usize;
    let week = match profile {
        Profile::Calls => [1.25, 1.12, 1.05, 1.0, 1.0, 0.62, 0.30],
        Profile::Chats => [1.10, 1.05, 1.0, 1.0, 1.0, 0.85, 0.65],
        Profile::Tickets => [1.2, 1.1, 1.05, 1.0, 1.0, 0.55, 0.25],
        Profile::Reviews => [0.9, 0.9, 0.9, 0.95, 1.05, 1.25, 1.2],
        Profile::Complaints => [1.15, 1.1, 1.05, 1.0, 1.0, 0.7, 0.45],
    }[wd];
    let holiday = if is_peru_holiday(day) { 0.45 } else { 1.0 };
    let growth = 1.0 + 0.15 * progress(day);
    let outage = if is_outage(day) {
        match profile {
            Profile::Calls => 2.8,
            Profile::Chats | Profile::Reviews => 2.0,
            Profile::Tickets => 1.6,
            Profile::Complaints => 4.0,
        }
    } else {
        1.0
    };
    let cyber = match profile {
        Profile::Chats if is_cyber(day) => 1.7,
        Profile::Tickets | Profile::Complaints if is_after_cyber(day) => 1.6,
        Profile::Calls if is_cyber(day) => 1.2,
        _ => 1.0,
    };
    week * holiday * growth * outage * cyber * month_factor(day)
}

// ---------------------------------------------------------------------------------------------
// People and places
// ---------------------------------------------------------------------------------------------

/// Agent roster of a team: ids like `T-07`, with a skill in standard deviations (weak agents −1.6).
pub fn agents(prefix: char, count: usize, weak: &[&str], seed: u64) -> Vec<(String, f64)> {
    let mut s = crate::rng::Stream::new(seed, "agents", prefix as i64);
    (1..=count)
        .map(|i| {
            let id = format!("{prefix}-{i:02}");
            let skill = if weak.contains(&id.as_str()) {
                -1.6
            } else {
                (0.45 * s.normal()).clamp(-0.8, 0.9)
            };
            (id, skill)
        })
        .collect()
}

/// Branches (sedes) with their department; the first is the weak one.
pub const BRANCHES: [(&str, &str); 12] = [
    (WEAK_BRANCH, "Lima"),
    ("Sede Miraflores", "Lima"),
    ("Sede San Isidro", "Lima"),
    ("Sede Lima Centro", "Lima"),
    ("Sede San Juan de Lurigancho", "Lima"),
    ("Sede Santiago de Surco", "Lima"),
    ("Sede Callao", "Callao"),
    ("Sede Arequipa", "Arequipa"),
    ("Sede Trujillo", "La Libertad"),
    ("Sede Chiclayo", "Lambayeque"),
    ("Sede Piura", "Piura"),
    ("Sede Cusco", "Cusco"),
];

/// Relative review volume per branch (same order as [`BRANCHES`]).
pub const BRANCH_WEIGHTS: [f64; 12] = [1.2, 1.3, 1.0, 1.3, 1.2, 1.1, 0.8, 0.9, 0.8, 0.7, 0.6, 0.7];

/// Peruvian departments with their share of customers and some of their districts.
pub const DEPARTMENTS: [(&str, f64, &[&str]); 14] = [
    (
        "Lima",
        0.48,
        &[
            "Miraflores",
            "San Isidro",
            "Santiago de Surco",
            "La Molina",
            "San Borja",
            "Jesús María",
            "Lince",
            "Pueblo Libre",
            "Magdalena del Mar",
            "San Miguel",
            "Barranco",
            "Chorrillos",
            "San Juan de Miraflores",
            "Villa El Salvador",
            "Villa María del Triunfo",
            "Ate",
            "Santa Anita",
            "El Agustino",
            "San Juan de Lurigancho",
            "Comas",
            "Los Olivos",
            "Independencia",
            "San Martín de Porres",
            "Puente Piedra",
            "Carabayllo",
            "Cercado de Lima",
            "Breña",
            "La Victoria",
            "Rímac",
            "Surquillo",
        ],
    ),
    (
        "Callao",
        0.05,
        &[
            "Callao",
            "Bellavista",
            "La Perla",
            "Ventanilla",
            "Carmen de la Legua",
        ],
    ),
    (
        "Arequipa",
        0.08,
        &[
            "Arequipa",
            "Cayma",
            "Yanahuara",
            "Cerro Colorado",
            "José Luis Bustamante y Rivero",
            "Paucarpata",
        ],
    ),
    (
        "La Libertad",
        0.07,
        &[
            "Trujillo",
            "Víctor Larco Herrera",
            "La Esperanza",
            "El Porvenir",
        ],
    ),
    (
        "Piura",
        0.06,
        &["Piura", "Castilla", "Veintiséis de Octubre", "Sullana"],
    ),
    (
        "Lambayeque",
        0.05,
        &[
            "Chiclayo",
            "José Leonardo Ortiz",
            "La Victoria",
            "Lambayeque",
        ],
    ),
    (
        "Cusco",
        0.04,
        &[
            "Cusco",
            "Wanchaq",
            "Santiago",
            "San Sebastián",
            "San Jerónimo",
        ],
    ),
    ("Junín", 0.04, &["Huancayo", "El Tambo", "Chilca"]),
    ("Áncash", 0.03, &["Chimbote", "Nuevo Chimbote", "Huaraz"]),
    ("Ica", 0.03, &["Ica", "Chincha Alta", "Pisco"]),
    ("Loreto", 0.02, &["Iquitos", "Punchana", "Belén"]),
    ("Puno", 0.02, &["Puno", "Juliaca"]),
    ("Cajamarca", 0.02, &["Cajamarca", "Baños del Inca"]),
    ("Tacna", 0.01, &["Tacna", "Gregorio Albarracín Lanchipa"]),
];

/// Customer segments with their shares.
pub const SEGMENTS: [(&str, f64); 4] = [
    ("Masivo", 0.70),
    ("Pyme", 0.15),
    ("Premium", 0.12),
    ("Corporativo", 0.03),
];

/// Age bands with their shares.
pub const AGE_BANDS: [(&str, f64); 6] = [
    ("18-24", 0.14),
    ("25-34", 0.27),
    ("35-44", 0.24),
    ("45-54", 0.17),
    ("55-64", 0.11),
    ("65+", 0.07),
];

/// Weights of a `(name, weight)` table.
pub fn weights<T>(table: &[(T, f64)]) -> Vec<f64> {
    table.iter().map(|(_, w)| *w).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_rows_add_up_to_the_original_volume() {
        assert_eq!(BASE_ROWS.iter().map(|(_, r)| r).sum::<u64>(), 171_031);
        assert_eq!(DAYS, 730);
    }

    #[test]
    fn outage_week_is_a_monday_to_sunday() {
        assert_eq!(weekday(OUTAGE_FIRST), 0);
        assert_eq!(OUTAGE_LAST - OUTAGE_FIRST, 6);
    }

    #[test]
    fn department_shares_add_up_to_one() {
        let total: f64 = DEPARTMENTS.iter().map(|d| d.1).sum();
        assert!((total - 1.0).abs() < 1e-9);
    }
}
