//! Every word the page shows, in Spanish (es-PE), in one place: pages, channels, teams, metrics,
//! filter fields, presets and notices. The English toggle (a later step) replaces this module's
//! functions with a table per language.

use cx_engine::kpis::insights::{Insight, InsightKind, Metric};

use crate::format;

/// A channel's display name (`teléfono` → `Teléfono`).
pub fn channel(name: &str) -> String {
    match name {
        "teléfono" => "Teléfono".into(),
        "chat" => "WhatsApp".into(),
        "email" => "Email".into(),
        "web" => "Web".into(),
        "presencial" => "Presencial".into(),
        other => other.to_string(),
    }
}

/// A team's display name from its id prefix.
pub fn team(prefix: &str) -> String {
    match prefix {
        "T" => "Teléfono (T)".into(),
        "W" => "WhatsApp (W)".into(),
        "S" => "Tickets (S)".into(),
        other => other.to_string(),
    }
}

/// Name of a metric of *Qué cambió*.
pub fn metric(m: Metric) -> &'static str {
    match m {
        Metric::Contacts => "contactos",
        Metric::Abandonment => "abandono de llamadas",
        Metric::Complaints => "entradas al libro de reclamaciones",
        Metric::Csat => "CSAT",
        Metric::Nps => "NPS",
        Metric::Aht => "AHT",
        Metric::Fcr => "resolución al primer contacto",
        Metric::FirstReply => "primera respuesta de WhatsApp",
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
        InsightKind::Spike => format!(
            "Semana del {}: {what} {value}, frente a {base} de mediana en las semanas previas",
            format::day(&i.subject)
        ),
        InsightKind::AgentBelowPeers => format!(
            "Agente {}: {what} {value}, frente a {base} de mediana en su equipo",
            i.subject
        ),
        InsightKind::ChannelBelowPeers => format!(
            "Canal {}: {what} {value}, frente a {base} en el resto de canales",
            channel(&i.subject)
        ),
        InsightKind::Trend => {
            let months = |span: &str| {
                let (f, l) = span.split_once('…').unwrap_or((span, span));
                format!("{} – {}", format::month(f), format::month(l))
            };
            let (a, b) = i.subject.split_once(" → ").unwrap_or((&i.subject, ""));
            let dir = if i.value > i.baseline { "sube" } else { "baja" };
            format!(
                "{what} {dir} de {base} ({}) a {value} ({})",
                months(a),
                months(b)
            )
        }
    }
}

/// Short tag of a finding's kind.
pub fn insight_kind(k: InsightKind) -> &'static str {
    match k {
        InsightKind::Spike => "Pico",
        InsightKind::AgentBelowPeers => "Agente",
        InsightKind::ChannelBelowPeers => "Canal",
        InsightKind::Trend => "Tendencia",
    }
}

/// Weekday names, Monday first.
pub const WEEKDAYS: [&str; 7] = ["Lun", "Mar", "Mié", "Jue", "Vie", "Sáb", "Dom"];

/// Shown in a chart with nothing to draw.
pub const NO_DATA: &str = "Sin datos para este filtro";
/// Appended where the complaint book ignores the active filter.
pub const COMPLAINTS_UNFILTERED: &str =
    " · sin filtro de canal, equipo, agente ni categoría (el libro no los registra)";

/// While datasets arrive.
pub const LOADING: &str = "Cargando datos…";

/// An engine error in plain Spanish, naming the file, the column and what was expected.
pub fn engine_error(e: &cx_engine::EngineError) -> String {
    use cx_engine::EngineError as E;
    match e {
        E::Manifest { reason } => format!("manifest.json no es válido: {reason}"),
        E::MissingDataset { dataset } => {
            format!("el manifiesto no incluye el conjunto de datos «{dataset}»")
        }
        E::Parquet { file, reason, .. } => {
            format!("{file} no es un archivo Parquet legible ({reason})")
        }
        E::MissingColumn { file, column, .. } => format!("{file} no tiene la columna «{column}»"),
        E::WrongType {
            file,
            column,
            expected,
            found,
            ..
        } => format!("{file}: la columna «{column}» es {found}, se esperaba {expected}"),
        E::BadValue {
            file,
            column,
            problem,
            ..
        } => format!("{file}: la columna «{column}» tiene un valor no válido ({problem})"),
        other => other.to_string(),
    }
}

/// A filter error in Spanish.
pub fn filter_error(e: &cx_engine::FilterError) -> String {
    use cx_engine::FilterError as F;
    match e {
        F::BadDate { field, value } => {
            let f = if *field == "from" { "desde" } else { "hasta" };
            format!("«{value}» en «{f}» no es una fecha AAAA-MM-DD")
        }
        F::Inverted { from, to } => {
            format!("el período empieza el {from} y termina antes, el {to}")
        }
        other => other.to_string(),
    }
}

/// A classifier note, rule or lexicon source in Spanish (the model's keys are English).
pub fn model_term(key: &str) -> &str {
    match key {
        "contrast" => "contraste",
        "question" => "pregunta",
        "request" => "pedido",
        "sarcasm" => "sarcasmo",
        "after contrast" => "tras el contraste",
        "before contrast" => "antes del contraste",
        "capitals" => "mayúsculas",
        "concession" => "concesión",
        "exclamation" => "exclamación",
        "intensified" => "intensificado",
        "negated" => "negado",
        "poco" => "«poco»",
        "softened" => "atenuado",
        "stretched" => "letras repetidas",
        "superlative" => "superlativo",
        "waiting time" => "tiempo de espera",
        "repeated" => "repetición",
        "nomás" => "«nomás»",
        "project" => "léxico del proyecto",
        "emoji" => "emoji",
        "senticon" => "ML-SentiCon",
        "afinn" => "AFINN",
        "stem" => "raíz",
        "rule" => "regla",
        other => other,
    }
}
