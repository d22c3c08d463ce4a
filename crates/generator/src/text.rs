//! Customer texts in Peruvian Spanish: reviews, WhatsApp messages, survey comments and
//! complaint-book entries.
//!
//! A text is assembled from interchangeable pieces (an opener, one or two sentences about an
//! aspect, a closer) chosen for the row's tone, then written the way people type: sometimes
//! without accents, in lower case, with emojis, repeated letters or capitals. The pieces were
//! written for this generator; the sentiment model's development set is written separately.

use crate::rng::Stream;

/// The feeling a text must carry, derived from the row's scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Satisfied.
    Pos,
    /// Neither.
    Neu,
    /// Dissatisfied.
    Neg,
}

impl Tone {
    /// Tone of a 1–5 rating.
    pub fn of_five(score: i32) -> Tone {
        match score {
            4..=5 => Tone::Pos,
            3 => Tone::Neu,
            _ => Tone::Neg,
        }
    }
}

/// What a text is about: the sentiment model's aspects, so the dashboard reads back what the
/// generator wrote about.
pub use sentiment::Aspect;

/// All aspects, for drawing one.
pub const ASPECTS: [Aspect; 7] = Aspect::ALL;

fn aspect_sentences(aspect: Aspect, tone: Tone) -> &'static [&'static str] {
    use Aspect::*;
    use Tone::*;
    match (aspect, tone) {
        (Espera, Pos) => &[
            "me atendieron al toque, casi no esperé",
            "la espera fue cortita, en dos minutos ya estaba hablando con alguien",
            "no tuve que hacer cola, rapidísimo",
            "respondieron en menos de cinco minutos",
            "pensé que iba a demorar pero fue súper rápido",
        ],
        (Espera, Neu) => &[
            "esperé unos diez minutos, normal",
            "la espera fue la de siempre",
            "tuve que esperar un rato pero me atendieron",
            "demoraron un poco en contestar",
        ],
        (Espera, Neg) => &[
            "estuve más de 40 minutos en espera y nadie contestó",
            "me tuvieron colgado en la línea una eternidad",
            "la demora es terrible, una hora para que me atiendan",
            "llamé tres veces y las tres me cortaron",
            "te dejan esperando con la musiquita y luego se cae la llamada",
            "esperé todo el día una respuesta que nunca llegó",
        ],
        (Cobro, Pos) => &[
            "me explicaron bien mi recibo y quedó todo claro",
            "me corrigieron el cobro sin problemas",
            "me aplicaron el descuento que me correspondía",
            "el recibo llegó correcto y a tiempo",
        ],
        (Cobro, Neu) => &[
            "quería saber por qué mi recibo vino más alto este mes",
            "consulté el detalle de mi factura",
            "pedí el estado de cuenta de los últimos meses",
            "me dijeron que el ajuste sale en el próximo recibo",
        ],
        (Cobro, Neg) => &[
            "me hicieron un cobro indebido de un servicio que nunca pedí",
            "me siguen cobrando el plan aunque ya pedí la baja",
            "me cobraron doble este mes y nadie me da razón",
            "el recibo vino con cargos que no reconozco",
            "me subieron la tarifa sin avisar",
        ],
        (Senal, Pos) => &[
            "el internet anda bien rápido desde que cambiaron el módem",
            "ya tengo señal en toda la casa",
            "el técnico vino puntual y dejó todo funcionando",
            "la velocidad es la que contraté, bacán",
        ],
        (Senal, Neu) => &[
            "quería saber si hay cobertura en mi zona",
            "pregunté por la velocidad del plan de internet",
            "me indicaron que revisarían la señal en mi distrito",
            "consulté cuándo viene el técnico",
        ],
        (Senal, Neg) => &[
            "llevo tres días sin internet y nadie me soluciona",
            "no tengo señal en mi casa, ni para llamar",
            "el internet se cae a cada rato, así no se puede trabajar",
            "pago por 200 megas y me llegan 10",
            "desde la caída del servicio todo anda lentísimo",
            "se fue la señal en todo el barrio y nadie avisa nada",
        ],
        (Entrega, Pos) => &[
            "el equipo llegó antes de la fecha que me dijeron",
            "el delivery fue puntual y el repartidor muy amable",
            "me llegó todo completo y bien empaquetado",
        ],
        (Entrega, Neu) => &[
            "quería saber cuándo llega mi pedido",
            "pedí el número de seguimiento de mi compra",
            "me dijeron que el pedido llega entre tres y cinco días",
        ],
        (Entrega, Neg) => &[
            "compré en el cyber y hasta ahora no me llega el equipo",
            "el pedido llegó incompleto, faltaba el cargador",
            "me reprogramaron la entrega tres veces",
            "el repartidor nunca vino y marcaron como entregado",
        ],
        (Atencion, Pos) => &[
            "la señorita que me atendió fue muy amable y paciente",
            "el asesor se tomó su tiempo para explicarme todo",
            "me trataron súper bien, gente chévere",
            "el joven de la tienda me ayudó un montón",
            "muy buena atención, resolvieron mi problema en una sola llamada",
        ],
        (Atencion, Neu) => &[
            "me atendió un asesor y me tomó los datos",
            "me derivaron con otra área",
            "me dijeron que me llamarían en 48 horas",
            "la atención fue correcta",
        ],
        (Atencion, Neg) => &[
            "el asesor fue prepotente y me colgó",
            "nadie sabe nada, te pasan de un área a otra",
            "me trataron con desgano, como si les molestara",
            "qué roche, el de la tienda ni me miró",
            "te prometen que te llaman y nunca llaman",
        ],
        (Reembolso, Pos) => &[
            "me devolvieron el dinero en dos días",
            "el reembolso llegó a mi cuenta sin problemas",
            "me hicieron la nota de crédito al toque",
        ],
        (Reembolso, Neu) => &[
            "quería saber el estado de mi devolución",
            "pregunté cuánto demora el reembolso",
            "me dijeron que la devolución tarda hasta 30 días",
        ],
        (Reembolso, Neg) => &[
            "no me devuelven mi plata desde hace un mes",
            "pedí el reembolso hace semanas y nada",
            "me dicen que ya depositaron pero no hay nada en mi cuenta",
        ],
        (Equipo, Pos) => &[
            "el celular que compré está excelente",
            "me cambiaron el equipo por garantía sin complicaciones",
            "el módem nuevo funciona de maravilla",
        ],
        (Equipo, Neu) => &[
            "pregunté por los equipos en oferta",
            "quería saber si mi celular entra en garantía",
            "consulté el precio del equipo con el plan",
        ],
        (Equipo, Neg) => &[
            "el celular vino fallado y no me lo quieren cambiar",
            "el equipo se reinicia solo y la garantía no lo cubre",
            "me vendieron un módem que no funciona",
        ],
    }
}

const OPENERS_POS: &[&str] = &[
    "",
    "",
    "Excelente servicio.",
    "Muy contento.",
    "Todo bien.",
    "Buenazo.",
    "Gracias!",
    "Súper recomendado.",
    "Qué buena experiencia.",
    "La verdad, bien.",
];
const OPENERS_NEU: &[&str] = &[
    "",
    "",
    "Buenas tardes.",
    "Hola.",
    "Buen día.",
    "Consulta:",
    "Una pregunta.",
];
const OPENERS_NEG: &[&str] = &[
    "",
    "",
    "Pésimo servicio.",
    "Qué mala experiencia.",
    "Estoy harto.",
    "Indignada.",
    "Una vergüenza.",
    "Nunca más.",
    "Muy decepcionado.",
    "Qué tal abuso.",
];
const CLOSERS_POS: &[&str] = &[
    "",
    "",
    "Gracias!",
    "Los recomiendo.",
    "Sigan así.",
    "10 de 10.",
    "Muy agradecida.",
    "Bien ahí.",
];
const CLOSERS_NEU: &[&str] = &[
    "",
    "",
    "Gracias.",
    "Quedo atento.",
    "Saludos.",
    "Ok, espero.",
];
const CLOSERS_NEG: &[&str] = &[
    "",
    "",
    "Voy a ir a Indecopi.",
    "Ya me cansé.",
    "No lo recomiendo.",
    "Exijo una solución.",
    "Ya no sé a quién reclamar.",
    "Me voy a cambiar de operador.",
];
const EMOJI_POS: &[&str] = &["😊", "👍", "🙌", "👏", ":)", "💯"];
const EMOJI_NEU: &[&str] = &["🙏", "🤔", ""];
const EMOJI_NEG: &[&str] = &["😡", "👎", "😤", ":(", "🤬", "😞"];

fn by_tone<'a>(
    tone: Tone,
    pos: &'a [&'a str],
    neu: &'a [&'a str],
    neg: &'a [&'a str],
) -> &'a [&'a str] {
    match tone {
        Tone::Pos => pos,
        Tone::Neu => neu,
        Tone::Neg => neg,
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn strip_accents(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' => 'u',
            'Á' => 'A',
            'É' => 'E',
            'Í' => 'I',
            'Ó' => 'O',
            'Ú' => 'U',
            other => other,
        })
        .collect()
}

/// Writes `text` the way people type: accents dropped, lower case, emoji, shouting.
fn typed(s: &mut Stream, tone: Tone, text: String) -> String {
    let mut t = text;
    if s.chance(0.06) && tone == Tone::Neg {
        t = t.to_uppercase();
    } else if s.chance(0.25) {
        t = t.to_lowercase();
    }
    if s.chance(0.3) {
        t = strip_accents(&t);
    }
    if s.chance(0.2) {
        let e = s.pick(by_tone(tone, EMOJI_POS, EMOJI_NEU, EMOJI_NEG));
        if !e.is_empty() {
            t = format!("{t} {e}");
        }
    }
    t.trim().to_string()
}

fn sentence(parts: &[&str]) -> String {
    let joined: Vec<String> = parts
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| {
            let p = capitalize(p);
            if p.ends_with(['.', '!', '?', ':']) {
                p
            } else {
                format!("{p}.")
            }
        })
        .collect();
    joined.join(" ")
}

/// A short opinion about `aspect` with the given tone: survey comments and review bodies.
pub fn opinion(s: &mut Stream, tone: Tone, aspect: Aspect) -> String {
    let opener = *s.pick(by_tone(tone, OPENERS_POS, OPENERS_NEU, OPENERS_NEG));
    let main = *s.pick(aspect_sentences(aspect, tone));
    // A second aspect now and then; mixed feelings turn on "pero".
    let second = if s.chance(0.35) {
        let other = *s.pick(&ASPECTS);
        let other_tone = if tone == Tone::Neu && s.chance(0.5) {
            if s.chance(0.5) {
                Tone::Pos
            } else {
                Tone::Neg
            }
        } else {
            tone
        };
        let text = *s.pick(aspect_sentences(other, other_tone));
        if other_tone != tone {
            format!("{main}, pero {text}")
        } else {
            format!("{main}, además {text}")
        }
    } else {
        main.to_string()
    };
    let closer = *s.pick(by_tone(tone, CLOSERS_POS, CLOSERS_NEU, CLOSERS_NEG));
    typed(s, tone, sentence(&[opener, &second, closer]))
}

/// A review's title.
pub fn review_title(s: &mut Stream, tone: Tone) -> String {
    let titles: &[&str] = match tone {
        Tone::Pos => &[
            "Excelente atención",
            "Muy recomendable",
            "Rápido y amable",
            "Todo bien",
            "Buena experiencia",
            "Chévere",
        ],
        Tone::Neu => &[
            "Regular",
            "Normal",
            "Ni bien ni mal",
            "Cumple",
            "Puede mejorar",
        ],
        Tone::Neg => &[
            "Pésimo",
            "No vayan",
            "Mala atención",
            "Una vergüenza",
            "Demoran demasiado",
            "Horrible",
        ],
    };
    let title = (*s.pick(titles)).to_string();
    typed(s, tone, title)
}

/// A review of a branch.
pub fn review(s: &mut Stream, tone: Tone, branch: &str) -> String {
    let aspect = *s.pick(&[
        Aspect::Espera,
        Aspect::Atencion,
        Aspect::Atencion,
        Aspect::Equipo,
        Aspect::Cobro,
    ]);
    let body = opinion(s, tone, aspect);
    if s.chance(0.3) {
        let place = branch.trim_start_matches("Sede ");
        let lead = match tone {
            Tone::Pos => format!("Fui a la tienda de {place}."),
            Tone::Neu => format!("Estuve en la sede de {place}."),
            Tone::Neg => format!("No vayan a la tienda de {place}."),
        };
        format!("{lead} {body}")
    } else {
        body
    }
}

/// What a customer wrote in a WhatsApp conversation about `motivo`.
pub fn whatsapp(s: &mut Stream, tone: Tone, aspect: Aspect, slow_reply: bool) -> String {
    let greeting = *s.pick(&[
        "Hola",
        "Buenas",
        "Buenas tardes",
        "Hola, buen día",
        "Buenas noches",
        "Hola hola",
    ]);
    let ask = *s.pick(aspect_sentences(aspect, Tone::Neu));
    let middle = if slow_reply && s.chance(0.7) {
        (*s.pick(&[
            "hola??",
            "alguien que me atienda?",
            "siguen ahí?",
            "ya van 20 minutos y nada",
            "respondan por favor",
        ]))
        .to_string()
    } else {
        String::new()
    };
    let feeling = match tone {
        Tone::Neu => String::new(),
        _ => (*s.pick(aspect_sentences(aspect, tone))).to_string(),
    };
    let end = *s.pick(by_tone(
        tone,
        &[
            "gracias!",
            "listo, muchas gracias",
            "perfecto, gracias por la ayuda",
            "genial, gracias",
        ],
        &["ok", "ya, gracias", "entendido", "ok, espero entonces"],
        &[
            "ya no sé qué hacer",
            "así no se puede",
            "voy a poner mi reclamo",
            "qué mal servicio",
        ],
    ));
    let parts: Vec<String> = [
        greeting.to_string(),
        ask.to_string(),
        middle,
        feeling,
        end.to_string(),
    ]
    .into_iter()
    .filter(|p| !p.is_empty())
    .collect();
    typed(s, tone, parts.join(" | "))
}

/// The consumer's account in a complaint-book entry.
pub fn complaint_detail(s: &mut Stream, queja: bool, aspect: Aspect, outage: bool) -> String {
    let formal = *s.pick(&[
        "Por medio de la presente dejo constancia de que",
        "Presento mi reclamo porque",
        "Señores, les informo que",
        "Dejo mi queja debido a que",
        "Con fecha de hoy manifiesto que",
        "",
    ]);
    let fact = if outage {
        *s.pick(&[
            "me quedé sin servicio de internet y telefonía durante toda la semana de la caída",
            "la caída de la red me dejó sin poder trabajar varios días",
            "no tuve señal por días y nadie informó nada",
        ])
    } else if queja {
        *s.pick(aspect_sentences(Aspect::Atencion, Tone::Neg))
    } else {
        *s.pick(aspect_sentences(aspect, Tone::Neg))
    };
    let extra = *s.pick(&[
        "",
        "Ya llamé varias veces y no obtengo respuesta.",
        "Tengo los recibos que lo demuestran.",
        "Es la segunda vez que me pasa.",
        "Me dieron un código de atención pero no hubo solución.",
    ]);
    let text = if formal.is_empty() {
        sentence(&[fact, extra])
    } else {
        sentence(&[&format!("{formal} {fact}"), extra])
    };
    if s.chance(0.15) {
        strip_accents(&text)
    } else {
        text
    }
}

/// What the consumer asks for in a complaint-book entry.
pub fn complaint_request(s: &mut Stream, aspect: Aspect, has_amount: bool) -> String {
    let options: &[&str] = match (aspect, has_amount) {
        (_, true) => &[
            "Solicito la devolución del monto cobrado indebidamente.",
            "Pido que se anule el cobro y se me reembolse.",
            "Exijo la nota de crédito por el monto reclamado.",
        ],
        (Aspect::Senal, _) => &[
            "Solicito la reparación del servicio y el descuento por los días sin servicio.",
            "Pido una visita técnica a la brevedad.",
        ],
        (Aspect::Entrega | Aspect::Equipo, _) => &[
            "Solicito el cambio del equipo o la devolución de mi dinero.",
            "Pido que me entreguen el producto completo.",
        ],
        _ => &[
            "Solicito una respuesta formal y que no se repita.",
            "Pido que se tomen las medidas correctivas con el personal.",
            "Solicito que me den una solución definitiva.",
        ],
    };
    (*s.pick(options)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opinions_vary() {
        let mut s = Stream::new(7, "t", 0);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..500 {
            seen.insert(opinion(&mut s, Tone::Neg, Aspect::Espera));
        }
        assert!(seen.len() > 150, "only {} distinct texts", seen.len());
    }

    #[test]
    fn strip_accents_keeps_enie() {
        assert_eq!(strip_accents("señal rápida"), "señal rapida");
    }
}
