//! Names and messages the page shows, in the page's language ([`crate::i18n`]): channels, teams,
//! metrics, findings, errors and the classifier's terms. Values from the data (categories,
//! branches, agent ids) are shown as they are.

use cx_engine::kpis::insights::{Insight, InsightKind, Metric};

use crate::format;
use crate::i18n::{t, tr};

/// A channel's display name (`teléfono` → `Teléfono` / `Phone`).
pub fn channel(name: &str) -> String {
    match name {
        "teléfono" => t("Teléfono", "Phone").into(),
        "chat" => "WhatsApp".into(),
        "email" => "Email".into(),
        "web" => "Web".into(),
        "presencial" => t("Presencial", "In person").into(),
        "virtual" => t("Virtual", "Online").into(),
        other => other.to_string(),
    }
}

/// A team's display name from its id prefix.
pub fn team(prefix: &str) -> String {
    match prefix {
        "T" => t("Teléfono (T)", "Phone (T)").into(),
        "W" => "WhatsApp (W)".into(),
        "S" => "Tickets (S)".into(),
        other => other.to_string(),
    }
}

/// A ticket priority.
pub fn priority(p: &str) -> String {
    match p {
        "urgente" => t("Urgente", "Urgent").into(),
        "alta" => t("Alta", "High").into(),
        "media" => t("Media", "Medium").into(),
        "baja" => t("Baja", "Low").into(),
        other => other.to_string(),
    }
}

/// A complaint-book entry type.
pub fn tipo(queja: bool) -> &'static str {
    if queja {
        t("Queja", "Complaint about service")
    } else {
        t("Reclamo", "Claim about product or service")
    }
}

/// A complaint-book tipo key (`reclamo`, `queja`).
pub fn tipo_key(k: &str) -> String {
    match k {
        "queja" => tipo(true).into(),
        "reclamo" => tipo(false).into(),
        other => other.into(),
    }
}

/// Name of a metric of *Qué cambió*.
pub fn metric(m: Metric) -> &'static str {
    match m {
        Metric::Contacts => t("contactos", "contacts"),
        Metric::Abandonment => t("abandono de llamadas", "call abandonment"),
        Metric::Complaints => t(
            "entradas al libro de reclamaciones",
            "complaint-book entries",
        ),
        Metric::Csat => "CSAT",
        Metric::Nps => "NPS",
        Metric::Aht => "AHT",
        Metric::Fcr => t("resolución al primer contacto", "first-contact resolution"),
        Metric::FirstReply => t("primera respuesta de WhatsApp", "WhatsApp first reply"),
    }
}

/// A metric's value as shown.
pub fn metric_value(m: Metric, v: f64) -> String {
    match m {
        Metric::Contacts | Metric::Complaints => format::int(v.round().max(0.0) as u64),
        Metric::Abandonment | Metric::Csat | Metric::Fcr => format::pct(v),
        Metric::Nps => format::signed(v),
        Metric::Aht | Metric::FirstReply => format::duration(v),
    }
}

/// One sentence for a finding of *Qué cambió*.
pub fn insight(i: &Insight) -> String {
    let value = metric_value(i.metric, i.value);
    let base = metric_value(i.metric, i.baseline);
    let what = metric(i.metric);
    match i.kind {
        InsightKind::Spike => {
            let d = format::day(&i.subject);
            tr(
                format!("Semana del {d}: {what} {value}, frente a {base} de mediana en las semanas previas"),
                format!("Week of {d}: {what} {value}, against a median of {base} in the previous weeks"),
            )
        }
        InsightKind::AgentBelowPeers => {
            let a = &i.subject;
            tr(
                format!("Agente {a}: {what} {value}, frente a {base} de mediana en su equipo"),
                format!("Agent {a}: {what} {value}, against a team median of {base}"),
            )
        }
        InsightKind::ChannelBelowPeers => {
            let c = channel(&i.subject);
            tr(
                format!("Canal {c}: {what} {value}, frente a {base} en el resto de canales"),
                format!("Channel {c}: {what} {value}, against {base} in the other channels"),
            )
        }
        InsightKind::Trend => {
            let months = |span: &str| {
                let (f, l) = span.split_once('…').unwrap_or((span, span));
                format!("{} – {}", format::month(f), format::month(l))
            };
            let (a, b) = i.subject.split_once(" → ").unwrap_or((&i.subject, ""));
            let (ma, mb) = (months(a), months(b));
            let up = i.value > i.baseline;
            tr(
                format!(
                    "{what} {} de {base} ({ma}) a {value} ({mb})",
                    if up { "sube" } else { "baja" }
                ),
                format!(
                    "{what} {} from {base} ({ma}) to {value} ({mb})",
                    if up { "rises" } else { "falls" }
                ),
            )
        }
    }
}

/// Short tag of a finding's kind.
pub fn insight_kind(k: InsightKind) -> &'static str {
    match k {
        InsightKind::Spike => t("Pico", "Spike"),
        InsightKind::AgentBelowPeers => t("Agente", "Agent"),
        InsightKind::ChannelBelowPeers => t("Canal", "Channel"),
        InsightKind::Trend => t("Tendencia", "Trend"),
    }
}

/// Weekday names, Monday first.
pub fn weekdays() -> [&'static str; 7] {
    [
        t("Lun", "Mon"),
        t("Mar", "Tue"),
        t("Mié", "Wed"),
        t("Jue", "Thu"),
        t("Vie", "Fri"),
        t("Sáb", "Sat"),
        t("Dom", "Sun"),
    ]
}

/// Shown in a chart with nothing to draw.
pub fn no_data() -> &'static str {
    t("Sin datos para este filtro", "No data for this filter")
}

/// Appended where the complaint book ignores the active filter.
pub fn complaints_unfiltered() -> &'static str {
    t(
        " · sin filtro de canal, equipo, agente ni categoría (el libro no los registra)",
        " · not filtered by channel, team, agent or category (the book does not record them)",
    )
}

/// While datasets arrive.
pub fn loading() -> &'static str {
    t("Cargando datos…", "Loading data…")
}

/// An engine error naming the file, the column and what was expected.
pub fn engine_error(e: &cx_engine::EngineError) -> String {
    use cx_engine::EngineError as E;
    match e {
        E::Manifest { reason } => tr(
            format!("manifest.json no es válido: {}", manifest_reason_es(reason)),
            format!("manifest.json is not valid: {reason}"),
        ),
        E::MissingDataset { dataset } => tr(
            format!("el manifiesto no incluye el conjunto de datos «{dataset}»"),
            format!("the manifest does not list the dataset “{dataset}”"),
        ),
        E::Parquet { file, reason, .. } => tr(
            format!(
                "{file} no es un archivo Parquet legible ({})",
                parquet_reason_es(reason)
            ),
            format!("{file} is not a readable Parquet file ({reason})"),
        ),
        E::MissingColumn { file, column, .. } => tr(
            format!("{file} no tiene la columna «{column}»"),
            format!("{file} has no column “{column}”"),
        ),
        E::WrongType {
            file,
            column,
            expected,
            found,
            ..
        } => tr(
            format!("{file}: la columna «{column}» es {found}, se esperaba {expected}"),
            format!("{file}: column “{column}” is {found}, expected {expected}"),
        ),
        E::BadValue {
            file,
            column,
            problem,
            ..
        } => tr(
            format!(
                "{file}: la columna «{column}» tiene un valor no válido ({})",
                problem_es(problem)
            ),
            format!("{file}: column “{column}” has an invalid value ({problem})"),
        ),
        E::OutOfRange(o) => {
            let (file, column, row, value, expected) =
                (&o.file, &o.column, o.row, &o.value, &o.expected);
            let (es, en) = outside(expected);
            tr(
                format!(
                    "{file}: la columna «{column}», fila {row}, tiene {}, {es}",
                    value.replace("year ", "el año "),
                ),
                format!("{file}: column “{column}”, row {row}, has {value}, {en}"),
            )
        }
        E::OverCap {
            file,
            what,
            found,
            cap,
            ..
        } => {
            use cx_engine::limits::Cap;
            let (es, en) = match what {
                Cap::FileBytes => (
                    "bytes en un archivo".to_string(),
                    "bytes in one file".to_string(),
                ),
                Cap::DatasetRows => (
                    "filas en un conjunto de datos".to_string(),
                    "rows in one dataset".to_string(),
                ),
                Cap::TextBytes { column, row } => (
                    format!("bytes en un texto (columna «{column}», fila {row})"),
                    format!("bytes in one text (column “{column}”, row {row})"),
                ),
            };
            let (found, cap) = (crate::format::int(*found), crate::format::int(*cap));
            tr(
                format!("{file}: {found} {es} supera el límite de {cap}"),
                format!("{file}: {found} {en} is over the cap of {cap}"),
            )
        }
        E::Mismatch {
            file,
            what,
            expected,
            found,
            ..
        } => {
            let (es_what, en_what) = match *what {
                "bytes" => ("un tamaño de", "a size of"),
                "rows" => ("filas:", "rows:"),
                _ => ("un SHA-256", "a SHA-256"),
            };
            let short = |d: &str| {
                if *what == "sha256" {
                    d.chars().take(12).collect::<String>() + "…"
                } else {
                    d.to_string()
                }
            };
            let (expected, found) = (short(expected), short(found));
            tr(
                format!(
                    "{file} no corresponde al manifiesto (es de otra publicación o cambió en el \
                     camino): el manifiesto indica {es_what} {expected}, el archivo tiene {found}"
                ),
                format!(
                    "{file} does not match the manifest (it is from another publication or changed \
                     in transit): the manifest says {en_what} {expected}, the file has {found}"
                ),
            )
        }
        other => other.to_string(),
    }
}

/// Why a manifest is not valid, in Spanish (serde's own messages stay as they are, marked).
fn manifest_reason_es(r: &str) -> String {
    if let Some(rest) = r.strip_prefix("file path ") {
        if let Some((path, dataset)) = rest.split_once(" of ") {
            let dataset = dataset.trim_end_matches(" is not a relative path inside the lake");
            return format!("la ruta {path} de {dataset} no es una ruta relativa dentro del lago");
        }
    }
    if let Some(rest) = r.strip_prefix("manifest_version ") {
        let found = rest.split_whitespace().next().unwrap_or("");
        return format!("la versión {found} del manifiesto no es compatible");
    }
    format!("detalle técnico: {r}")
}

/// Why bytes are not Parquet, in Spanish: the frame checks' reasons translated, the decoder's own
/// (technical) message marked as such.
pub fn parquet_reason_es(r: &str) -> String {
    let number = |s: &str| s.split_whitespace().next().unwrap_or("").to_string();
    if let Some(rest) = r.strip_suffix(" bytes is too short for Parquet (at least 12)") {
        return format!("{rest} bytes es muy poco para un archivo Parquet (mínimo 12)");
    }
    if r == "it does not start with the Parquet magic PAR1" {
        return "no empieza con la marca PAR1 de Parquet".into();
    }
    if r == "it does not end with the Parquet magic PAR1 (truncated?)" {
        return "no termina con la marca PAR1 de Parquet (¿está cortado?)".into();
    }
    if let Some(rest) = r.strip_prefix("its footer says the metadata takes ") {
        if let Some((footer, len)) = rest.split_once(" bytes, but the file has ") {
            return format!(
                "su pie dice que los metadatos ocupan {footer} bytes, pero el archivo tiene {len}"
            );
        }
    }
    if let Some(rest) = r.strip_prefix("it is compressed with ") {
        let codec = rest
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_end_matches(',');
        return format!(
            "está comprimido con {codec}, que esta aplicación no lee (lee Snappy, ZSTD, GZIP, LZ4 y \
             archivos sin compresión): vuelve a escribirlo con otro códec, p. ej. en Python \
             pq.write_table(pq.read_table(f), salida, compression='zstd') o en DuckDB \
             COPY (SELECT * FROM 'f.parquet') TO 'salida.parquet' (FORMAT parquet, COMPRESSION zstd)"
        );
    }
    if let Some(rest) = r.strip_prefix("its footer declares ") {
        return format!("su pie declara {} filas", number(rest));
    }
    format!("mensaje del decodificador: {r}")
}

/// The engine's description of a bad value (English) in Spanish.
pub fn problem_es(p: &str) -> String {
    let fixed = match p {
        "has nulls" => Some("tiene valores nulos"),
        "is not a 32-bit integer" => Some("no es un entero de 32 bits"),
        "holds the reserved value i32::MIN" => Some("contiene el valor reservado i32::MIN"),
        "is not a 64-bit integer" => Some("no es un entero de 64 bits"),
        "is not a millisecond timestamp" => Some("no es una marca de tiempo en milisegundos"),
        "is not a date" => Some("no es una fecha"),
        "is not a boolean" => Some("no es booleana"),
        "is not an integer" => Some("no es un entero"),
        "is not text" => Some("no es texto"),
        "is not a decimal" => Some("no es decimal"),
        "has more than 65,534 distinct values" => Some("tiene más de 65,534 valores distintos"),
        "has a type the contract does not allow" => Some("tiene un tipo que el contrato no admite"),
        _ => None,
    };
    if let Some(f) = fixed {
        return f.to_string();
    }
    if let Some(rest) = p.strip_prefix("repeats customer ") {
        return format!("repite el cliente {rest}");
    }
    if let Some(rest) = p.strip_prefix("has unknown channel ") {
        let (value, list) = rest.split_once(" (expected one of ").unwrap_or((rest, ""));
        return format!(
            "tiene el canal desconocido {value} (se esperaba uno de {}",
            if list.is_empty() { ")" } else { list }
        );
    }
    if let Some(rest) = p.strip_prefix("names ") {
        if let Some(value) = rest.strip_suffix(", not a contact dataset") {
            return format!("nombra {value}, que no es un conjunto de contactos");
        }
    }
    if let Some(rest) = p.strip_prefix("has ") {
        if let Some(value) = rest.strip_suffix(", expected reclamo or queja") {
            return format!("tiene {value}, se esperaba reclamo o queja");
        }
        if let Some((value, range)) = rest.split_once(", outside ") {
            return format!("tiene {value}, fuera de {range}");
        }
    }
    p.to_string()
}

/// A filter error.
pub fn filter_error(e: &cx_engine::FilterError) -> String {
    use cx_engine::FilterError as F;
    match e {
        F::BadDate { field, value } => {
            let f = if *field == "from" {
                t("desde", "from")
            } else {
                t("hasta", "to")
            };
            tr(
                format!("«{value}» en «{f}» no es una fecha AAAA-MM-DD"),
                format!("“{value}” in “{f}” is not a YYYY-MM-DD date"),
            )
        }
        F::Inverted { from, to } => tr(
            format!("el período empieza el {from} y termina antes, el {to}"),
            format!("the period starts on {from} and ends earlier, on {to}"),
        ),
        other => other.to_string(),
    }
}

/// A classifier note, rule or lexicon source (the model's keys are English).
pub fn model_term(key: &str) -> &str {
    match key {
        "contrast" => t("contraste", "contrast"),
        "question" => t("pregunta", "question"),
        "request" => t("pedido", "request"),
        "sarcasm" => t("sarcasmo", "sarcasm"),
        "after contrast" => t("tras el contraste", "after contrast"),
        "before contrast" => t("antes del contraste", "before contrast"),
        "capitals" => t("mayúsculas", "capitals"),
        "concession" => t("concesión", "concession"),
        "exclamation" => t("exclamación", "exclamation"),
        "intensified" => t("intensificado", "intensified"),
        "negated" => t("negado", "negated"),
        "poco" => "«poco»",
        "softened" => t("atenuado", "softened"),
        "stretched" => t("letras repetidas", "stretched letters"),
        "superlative" => t("superlativo", "superlative"),
        "waiting time" => t("tiempo de espera", "waiting time"),
        "repeated" => t("repetición", "repetition"),
        "nomás" => "«nomás»",
        "project" => t("léxico del proyecto", "project lexicon"),
        "emoji" => "emoji",
        "senticon" => "ML-SentiCon",
        "afinn" => "AFINN",
        "stem" => t("raíz", "stem"),
        "rule" => t("regla", "rule"),
        other => other,
    }
}

/// A text source's name.
pub fn source(s: cx_engine::texts::TextSource) -> &'static str {
    use cx_engine::texts::TextSource as S;
    match s {
        S::Review => t("Reseñas", "Reviews"),
        S::Whatsapp => "WhatsApp",
        S::Survey => t("Encuestas", "Surveys"),
        S::Complaint => t("Libro de reclamaciones", "Complaint book"),
    }
}

/// An aspect's name.
pub fn aspect(a: sentiment::Aspect) -> &'static str {
    use sentiment::Aspect as A;
    match a {
        A::Espera => t("Espera", "Waiting"),
        A::Cobro => t("Cobros y facturación", "Charges and billing"),
        A::Senal => t("Señal e internet", "Signal and internet"),
        A::Entrega => t("Entregas e instalaciones", "Deliveries and installations"),
        A::Atencion => t("Trato del personal", "Staff manner"),
        A::Reembolso => t("Reembolsos", "Refunds"),
        A::Equipo => t("Equipos", "Devices"),
    }
}

/// Why a value is refused, from the engine's `expected` of an out-of-range value (a range, the
/// manifest's period, whole numbers in a range, or a size), in Spanish and English.
fn outside(expected: &str) -> (String, String) {
    if let Some(range) = expected.strip_prefix("the manifest's period ") {
        return (
            format!(
                "fuera del período del manifiesto ({})",
                range.replace(" … ", " a ")
            ),
            format!("outside the manifest's period ({range})"),
        );
    }
    if let Some(range) = expected.strip_prefix("whole numbers ") {
        return (
            format!(
                "que no es un número entero entre {}",
                range.replace(" … ", " y ")
            ),
            format!(
                "which is not a whole number between {}",
                range.replace(" … ", " and ")
            ),
        );
    }
    if let Some(n) = expected.strip_prefix("at most ") {
        return (
            format!(
                "más que el máximo de {}",
                n.replace("bytes of text in one batch", "bytes de texto por lote")
            ),
            format!("over the maximum of {n}"),
        );
    }
    (
        format!("fuera de {}", expected.replace(" … ", " a ")),
        format!("outside {expected}"),
    )
}

#[cfg(test)]
mod tests {
    use super::problem_es;

    #[test]
    fn engine_problems_read_in_spanish() {
        assert_eq!(problem_es("has nulls"), "tiene valores nulos");
        assert_eq!(problem_es("has 6, outside 1–5"), "tiene 6, fuera de 1–5");
        assert_eq!(
            problem_es("has \"fax\", expected reclamo or queja"),
            "tiene \"fax\", se esperaba reclamo o queja"
        );
        assert_eq!(
            problem_es("has unknown channel \"fax\" (expected one of [\"chat\"])"),
            "tiene el canal desconocido \"fax\" (se esperaba uno de [\"chat\"])"
        );
        assert_eq!(problem_es("repeats customer 7"), "repite el cliente 7");
        assert_eq!(problem_es("something new"), "something new");
    }
}
