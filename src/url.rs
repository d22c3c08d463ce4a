//! The view in the URL's query string, readable and shareable:
//! `?pagina=canales&desde=2025-08-18&hasta=2025-08-24&canal=telefono`.
//!
//! Parsing never fails: a malformed parameter is dropped with a [`Notice`] the page shows. Lists
//! are comma-separated. `data` (another origin for the lake) and `bench` pass through untouched.

use cx_engine::schema::CHANNELS;
use cx_engine::{parse_day, Filter, Granularity};

use crate::pages::Page;
use crate::state::{Cross, CrossKind, View};

/// A URL parameter that was ignored, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Parameter name.
    pub param: String,
    /// Its value.
    pub value: String,
    /// What was expected.
    pub expected: crate::i18n::Text,
}

/// The URL key of a channel: `teléfono` is written `telefono`.
pub fn channel_key(channel: &str) -> &str {
    if channel == "teléfono" {
        "telefono"
    } else {
        channel
    }
}

fn channel_of_key(key: &str) -> Option<&'static str> {
    let key = if key == "telefono" { "teléfono" } else { key };
    CHANNELS.iter().copied().find(|c| *c == key)
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit() =>
            {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("0");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' | b':' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The `(key, value)` pairs of a query string (with or without its `?`), decoded.
pub fn pairs(query: &str) -> Vec<(String, String)> {
    raw_pairs(query)
        .into_iter()
        .map(|(k, v)| (decode(&k), decode(&v)))
        .collect()
}

/// The pairs with their values still percent-encoded (a list splits on its raw commas).
fn raw_pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), v.to_string())
        })
        .collect()
}

/// A comma-separated list; each item decoded (a comma inside an item arrives as `%2C`).
fn list(raw: &str) -> Vec<String> {
    raw.split(',')
        .map(decode)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Reads a view from a query string. Unknown parameters are left alone; known ones with a value
/// that cannot be used are dropped and reported.
pub fn parse(query: &str) -> (View, Vec<Notice>) {
    let mut view = View::default();
    let mut notices = Vec::new();
    let mut cross_origin = String::new();
    let mut cross: Option<(CrossKind, String)> = None;
    let mut bad = |param: &str, value: &str, expected: (&str, &str)| {
        notices.push(Notice {
            param: param.to_string(),
            value: value.to_string(),
            expected: crate::i18n::Text::new(expected.0, expected.1),
        })
    };
    for (k, raw) in raw_pairs(query) {
        let v = decode(&raw);
        let f = &mut view.filter;
        match k.as_str() {
            "pagina" => match Page::from_key(&v) {
                Some(p) => view.page = p,
                None => bad(
                    &k,
                    &v, ("una página del panel (resumen, canales, nps, agentes, sentimiento, tickets, reclamaciones, resenas, clientes, explorador)", "a page of the dashboard (resumen, canales, nps, agentes, sentimiento, tickets, reclamaciones, resenas, clientes, explorador)")),
            },
            "desde" | "hasta" => {
                if let Some(d) = parse_day(&v) {
                    // Kept as written by the app: 2025-8-1 becomes 2025-08-01.
                    let v = Some(cx_engine::calendar::day_label(d));
                    if k == "desde" {
                        f.from = v;
                    } else {
                        f.to = v;
                    }
                } else {
                    bad(&k, &v, ("una fecha AAAA-MM-DD", "a YYYY-MM-DD date"));
                }
            }
            "canal" => {
                for c in list(&raw) {
                    match channel_of_key(&c) {
                        Some(ch) => f.channels.push(ch.to_string()),
                        None => bad(&k, &c, ("telefono, chat, email, web o presencial", "telefono, chat, email, web or presencial")),
                    }
                }
            }
            "region" => f.regions.extend(list(&raw)),
            "segmento" => f.segments.extend(list(&raw)),
            "equipo" => {
                for t in list(&raw) {
                    if matches!(t.as_str(), "T" | "W" | "S") {
                        f.teams.push(t);
                    } else {
                        bad(&k, &t, ("T, W o S", "T, W or S"));
                    }
                }
            }
            "agente" => f.agents.extend(list(&raw)),
            "categoria" => f.categories.extend(list(&raw)),
            "paso" => match Granularity::from_key(&v) {
                Some(g) => view.step = Some(g),
                None => bad(&k, &v, ("dia, semana o mes", "dia, semana or mes")),
            },
            "comparar" => match v.as_str() {
                "si" => view.compare = true,
                "no" => view.compare = false,
                _ => bad(&k, &v, ("si o no", "si or no")),
            },
            "sel" => {
                let parsed = v
                    .split_once(':')
                    .and_then(|(kind, value)| Some((CrossKind::from_key(kind)?, value.to_string())))
                    .filter(|(kind, value)| kind.valid(value));
                match parsed {
                    Some((kind, value)) => {
                        let value = match kind {
                            CrossKind::Canal => channel_of_key(&value).unwrap_or("").to_string(),
                            _ => value,
                        };
                        cross = Some((kind, value));
                    }
                    None => bad(&k, &v, ("tipo:valor, p. ej. canal:email o mes:2025-08", "kind:value, e.g. canal:email or mes:2025-08")),
                }
            }
            "sel_de" => cross_origin = v,
            "lang" => match crate::i18n::Lang::from_key(&v) {
                Some(l) => view.lang = l,
                None => bad(&k, &v, ("es o en", "es or en")),
            },
            "conjunto" => match cx_engine::Dataset::from_name(&v) {
                Some(d) => view.records = Some(d),
                None => bad(&k, &v, ("el nombre de un conjunto de datos (p. ej. tickets_soporte)", "a dataset name (e.g. tickets_soporte)")),
            },
            "buscar" => view.search = v,
            // Read by `crate::memory::budget` (kept in the address as it is); checked here so a
            // bad value is named rather than ignored.
            "memoria" => {
                let ok = v.trim().parse::<u64>().ok();
                if !ok.is_some_and(|mb| (1..=crate::memory::MAX_ASKED_MB).contains(&mb)) {
                    bad(&k, &v, ("un número entero de megabytes, de 1 a 3500", "a whole number of megabytes, from 1 to 3500"));
                }
            }
            _ => {}
        }
    }
    if let (Some(a), Some(b)) = (&view.filter.from, &view.filter.to) {
        if parse_day(b) < parse_day(a) {
            bad(
                "hasta",
                b,
                ("una fecha posterior a «desde»", "a date after “desde”"),
            );
            view.filter.to = None;
        }
    }
    view.cross = cross.map(|(kind, value)| Cross {
        kind,
        value,
        origin: cross_origin,
    });
    (view, notices)
}

/// Writes a view as a query string (with its `?`, or empty), keeping `keep` pairs (such as
/// `data`) at the end.
pub fn to_query(view: &View, keep: &[(String, String)]) -> String {
    let mut out: Vec<(String, String)> = Vec::new();
    let f = &view.filter;
    if view.page != Page::default() {
        out.push(("pagina".into(), view.page.key().into()));
    }
    if let Some(d) = &f.from {
        out.push(("desde".into(), d.clone()));
    }
    if let Some(d) = &f.to {
        out.push(("hasta".into(), d.clone()));
    }
    // Lists: each item encoded on its own (a comma inside one becomes %2C), joined by commas.
    let mut join = |k: &str, v: &[String]| {
        if !v.is_empty() {
            let items: Vec<String> = v.iter().map(|x| encode(x).replace(',', "%2C")).collect();
            out.push((k.into(), format!("\u{1}{}", items.join(","))));
        }
    };
    let channels: Vec<String> = f
        .channels
        .iter()
        .map(|c| channel_key(c).to_string())
        .collect();
    join("canal", &channels);
    join("region", &f.regions);
    join("segmento", &f.segments);
    join("equipo", &f.teams);
    join("agente", &f.agents);
    join("categoria", &f.categories);
    if let Some(g) = view.step {
        out.push(("paso".into(), g.key().into()));
    }
    if !view.compare {
        out.push(("comparar".into(), "no".into()));
    }
    if let Some(c) = &view.cross {
        let value = match c.kind {
            CrossKind::Canal => channel_key(&c.value).to_string(),
            _ => c.value.clone(),
        };
        out.push(("sel".into(), format!("{}:{value}", c.kind.key())));
        if !c.origin.is_empty() {
            out.push(("sel_de".into(), c.origin.clone()));
        }
    }
    if let Some(d) = view.records {
        out.push(("conjunto".into(), d.name().into()));
    }
    if !view.search.is_empty() {
        out.push(("buscar".into(), view.search.clone()));
    }
    if view.lang != crate::i18n::Lang::Es {
        out.push(("lang".into(), view.lang.key().into()));
    }
    out.extend(keep.iter().cloned());
    if out.is_empty() {
        return String::new();
    }
    // Values marked \u{1} are already encoded lists.
    let body: Vec<String> = out
        .iter()
        .map(|(k, v)| match v.strip_prefix('\u{1}') {
            Some(list) => format!("{}={list}", encode(k)),
            None => format!("{}={}", encode(k), encode(v)),
        })
        .collect();
    format!("?{}", body.join("&"))
}

/// The pairs of the current query that the view does not own (`data`, `bench`, …).
pub fn foreign(query: &str) -> Vec<(String, String)> {
    const OWN: [&str; 16] = [
        "lang",
        "conjunto",
        "buscar",
        "pagina",
        "desde",
        "hasta",
        "canal",
        "region",
        "segmento",
        "equipo",
        "agente",
        "categoria",
        "paso",
        "comparar",
        "sel",
        "sel_de",
    ];
    pairs(query)
        .into_iter()
        .filter(|(k, _)| !OWN.contains(&k.as_str()))
        .collect()
}

/// An empty filter with only these dates (for the presets and the cross-filter).
pub fn dates(from: &str, to: &str) -> Filter {
    Filter {
        from: Some(from.into()),
        to: Some(to.into()),
        ..Filter::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_survives_the_round_trip_through_the_url() {
        let (view, notices) = parse(
            "?pagina=canales&desde=2025-08-18&hasta=2025-08-24&canal=telefono,email&region=Lima&segmento=Pyme&equipo=T&agente=T-07&categoria=Falla+de+internet&paso=semana&comparar=no&sel=mes:2025-08&sel_de=volumen&data=http%3A%2F%2Fx%2F",
        );
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(view.page, Page::Canales);
        assert_eq!(view.filter.channels, vec!["teléfono", "email"]);
        assert_eq!(view.filter.categories, vec!["Falla de internet"]);
        assert_eq!(view.step, Some(Granularity::Week));
        assert!(!view.compare);
        let c = view.cross.clone().expect("cross");
        assert_eq!(
            (c.kind, c.value.as_str(), c.origin.as_str()),
            (CrossKind::Mes, "2025-08", "volumen")
        );
        let keep = foreign("?pagina=x&data=http%3A%2F%2Fx%2F");
        assert_eq!(keep, vec![("data".to_string(), "http://x/".to_string())]);
        let q = to_query(&view, &keep);
        assert!(
            q.starts_with("?pagina=canales&desde=2025-08-18&hasta=2025-08-24&canal=telefono,email"),
            "{q}"
        );
        assert_eq!(parse(&q).0, view);
    }

    #[test]
    fn malformed_parameters_are_dropped_with_a_notice() {
        let (view, notices) = parse(
            "?desde=2025-02-30&canal=fax,chat&paso=anio&pagina=nada&sel=canal&comparar=tal vez",
        );
        assert_eq!(view.filter.from, None);
        assert_eq!(view.filter.channels, vec!["chat"]);
        assert_eq!(view.page, Page::Resumen);
        assert_eq!(view.cross, None);
        assert_eq!(parse("?sel=franja:9-99").0.cross, None);
        assert!(parse("?sel=franja:7-23").0.cross.is_some());
        let params: Vec<&str> = notices.iter().map(|n| n.param.as_str()).collect();
        assert_eq!(
            params,
            vec!["desde", "canal", "paso", "pagina", "sel", "comparar"]
        );
        assert_eq!(to_query(&View::default(), &[]), "");
    }

    #[test]
    fn list_items_may_hold_commas_and_dates_are_written_in_full() {
        let view = View {
            filter: Filter {
                regions: vec!["Lima, Callao".into(), "Cusco".into()],
                ..Filter::default()
            },
            ..View::default()
        };
        let q = to_query(&view, &[]);
        assert_eq!(q, "?region=Lima%2C+Callao,Cusco");
        assert_eq!(parse(&q).0, view);
        assert_eq!(
            parse("?desde=2025-8-1").0.filter.from.as_deref(),
            Some("2025-08-01")
        );
    }

    #[test]
    fn percent_decoding_is_lenient() {
        assert_eq!(decode("a%20b%zz%"), "a b%zz%");
        assert_eq!(decode("tel%C3%A9fono"), "teléfono");
        assert_eq!(encode("teléfono de Lima"), "tel%C3%A9fono+de+Lima");
    }
}
