//! `clientes` and its private companion with personal data.

use anyhow::Result;
use cx_engine::calendar::days_from_civil;
use fake::faker::name::raw::{FirstName, LastName};
use fake::faker::number::raw::NumberWithFormat;
use fake::locales::Data;
use fake::Fake;

use crate::lake::{DatasetWriter, Value};
use crate::rng::Stream;
use crate::world::{weights, AGE_BANDS, DEPARTMENTS, END, SEGMENTS, START};

/// A `fake` locale for Peru: common given names and surnames.
#[derive(Debug, Clone, Copy)]
pub struct EsPe;

impl Data for EsPe {
    const NAME_FIRST_NAME: &'static [&'static str] = &[
        "José",
        "Luis",
        "Juan",
        "Carlos",
        "Jorge",
        "Miguel",
        "César",
        "Víctor",
        "Jesús",
        "Manuel",
        "Pedro",
        "Alberto",
        "Ricardo",
        "Fernando",
        "Raúl",
        "Julio",
        "Óscar",
        "Martín",
        "Diego",
        "Renzo",
        "Piero",
        "Jhon",
        "Kevin",
        "Brayan",
        "Alexander",
        "Sebastián",
        "Mateo",
        "Santiago",
        "María",
        "Rosa",
        "Carmen",
        "Ana",
        "Juana",
        "Luz",
        "Elizabeth",
        "Milagros",
        "Julia",
        "Sofía",
        "Valeria",
        "Camila",
        "Lucía",
        "Fiorella",
        "Katherine",
        "Jazmín",
        "Gladys",
        "Yolanda",
        "Flor",
        "Rocío",
        "Pilar",
        "Nataly",
        "Andrea",
        "Gabriela",
        "Ximena",
        "Daniela",
    ];
    const NAME_LAST_NAME: &'static [&'static str] = &[
        "Quispe",
        "Flores",
        "Sánchez",
        "Rodríguez",
        "García",
        "Rojas",
        "Gonzales",
        "Huamán",
        "Ramírez",
        "Torres",
        "Mamani",
        "Chávez",
        "Vásquez",
        "Ramos",
        "Mendoza",
        "Díaz",
        "Castillo",
        "Espinoza",
        "Pérez",
        "López",
        "Vargas",
        "Gutiérrez",
        "Romero",
        "Cruz",
        "Condori",
        "Ticona",
        "Apaza",
        "Salazar",
        "Paredes",
        "Cárdenas",
        "Huanca",
        "Villanueva",
        "Aguilar",
        "Medina",
        "Cáceres",
        "Palomino",
        "Ccori",
        "Ñahui",
        "Yupanqui",
        "Alarcón",
        "Benavides",
        "Zegarra",
    ];
}

/// Customer signup days, ascending: three quarters before the period (since 2012), the rest
/// during it. Ascending order lets a day's signed-up customers be a prefix.
pub fn signup_days(count: usize) -> Vec<i32> {
    let before = (count as f64 * 0.75) as usize;
    let origin = days_from_civil(2012, 1, 1);
    (0..count)
        .map(|i| {
            if i < before {
                origin + ((START - 1 - origin) as f64 * i as f64 / before.max(1) as f64) as i32
            } else {
                let j = i - before;
                let n = (count - before).max(1);
                START + ((END - 30 - START) as f64 * j as f64 / n as f64) as i32
            }
        })
        .collect()
}

fn ascii_lower(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'Á' => 'a',
            'é' | 'É' => 'e',
            'í' | 'Í' => 'i',
            'ó' | 'Ó' => 'o',
            'ú' | 'Ú' => 'u',
            'ñ' | 'Ñ' => 'n',
            c => c.to_ascii_lowercase(),
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// Writes `clientes` (published) and `clientes_pii` (private).
pub fn write(
    seed: u64,
    signups: &[i32],
    public: &mut DatasetWriter,
    private: &mut DatasetWriter,
) -> Result<()> {
    let mut s = Stream::new(seed, "clientes", 0);
    let mut p = Stream::new(seed, "clientes-pii", 0);
    let seg_w = weights(&SEGMENTS);
    let dep_w: Vec<f64> = DEPARTMENTS.iter().map(|d| d.1).collect();
    let age_w = weights(&AGE_BANDS);
    let channels = ["teléfono", "chat", "email", "presencial", "web"];
    for (i, signup) in signups.iter().enumerate() {
        let id = i as i32 + 1;
        let segment = SEGMENTS[s.weighted(&seg_w)].0;
        let (dep, _, districts) = DEPARTMENTS[s.weighted(&dep_w)];
        let district = *s.pick(districts);
        let age = AGE_BANDS[s.weighted(&age_w)].0;
        let young = matches!(age, "18-24" | "25-34");
        let channel =
            channels[s.weighted(&[0.35, if young { 0.4 } else { 0.22 }, 0.15, 0.2, 0.08])];
        public.push(
            0,
            vec![
                Value::I32(Some(id)),
                Value::Str(Some(segment.into())),
                Value::Str(Some(dep.into())),
                Value::Str(Some(district.into())),
                Value::Date(Some(*signup)),
                Value::Str(Some(age.into())),
                Value::Str(Some(channel.into())),
            ],
        )?;

        let first: String = FirstName(EsPe).fake_with_rng(&mut p.0);
        let last1: String = LastName(EsPe).fake_with_rng(&mut p.0);
        let last2: String = LastName(EsPe).fake_with_rng(&mut p.0);
        // A bijection of the index onto 8 digits keeps documents unique.
        let dni = format!(
            "{:08}",
            (i as u64 * 48_271 + 13_579_113) % 90_000_000 + 10_000_000
        );
        let phone: String = NumberWithFormat(EsPe, "+51 9## ### ###").fake_with_rng(&mut p.0);
        let email = format!(
            "{}.{}{}@example.com",
            ascii_lower(&first),
            ascii_lower(&last1),
            p.int(1, 99)
        );
        private.push(
            0,
            vec![
                Value::I32(Some(id)),
                Value::Str(Some(first)),
                Value::Str(Some(format!("{last1} {last2}"))),
                Value::Str(Some(dni)),
                Value::Str(Some(phone)),
                Value::Str(Some(email)),
            ],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signups_ascend_and_end_before_the_period_ends() {
        let d = signup_days(1000);
        assert!(d.windows(2).all(|w| w[0] <= w[1]));
        assert!(*d.last().expect("days") < END);
        assert!(d[749] < START && d[750] >= START);
    }

    #[test]
    fn ascii_lower_drops_accents_and_symbols() {
        assert_eq!(ascii_lower("Ñahui-Cáceres"), "nahuicaceres");
    }
}
