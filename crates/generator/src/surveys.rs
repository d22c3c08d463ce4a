//! `encuestas_post_atencion`: answers to the survey sent after a call, chat or solved ticket.
//!
//! Scores come from one latent satisfaction per answer: the channel's baseline, the agent's
//! skill, what happened in the interaction (wait, resolution, SLA) and the outage, plus noise.
//! NPS also drifts upwards over the period (planted story 4).

use crate::contacts::{Call, Chat, Ticket, CATEGORIAS, MOTIVOS, TICKET_CHANNELS};
use crate::rng::Stream;
use crate::text::{self, Aspect, Tone};
use crate::world::{is_outage, progress};

/// The interaction a survey rates, with what shapes its scores.
pub struct Rated {
    /// Dataset of the interaction.
    pub dataset: &'static str,
    /// Interaction id.
    pub id: i64,
    /// Customer id.
    pub cliente: i32,
    /// Agent id.
    pub agente: String,
    /// Channel name.
    pub canal: &'static str,
    /// When the customer could answer (end of the interaction), ms.
    pub ready_ms: i64,
    /// Latent satisfaction before noise.
    pub latent: f64,
    /// What the customer would talk about.
    pub aspect: Aspect,
}

fn channel_base(canal: &str) -> f64 {
    match canal {
        "teléfono" => 0.25,
        "chat" => 0.35,
        "email" => -0.5,
        "web" => 0.0,
        _ => 0.3,
    }
}

/// The rating context of an answered call.
pub fn rated_call(c: &Call, id: i64, agent: (&str, f64), day: i32) -> Rated {
    let wait_penalty = (f64::from(c.espera) / 240.0).min(1.5) * 0.5;
    let latent = channel_base("teléfono") + 0.55 * agent.1
        - wait_penalty
        - if c.fcr == Some(false) { 0.7 } else { 0.0 }
        - if c.transferida { 0.2 } else { 0.0 }
        - if is_outage(day) { 0.9 } else { 0.0 };
    let aspect = if c.espera > 600 {
        Aspect::Espera
    } else {
        MOTIVOS[c.motivo].1
    };
    Rated {
        dataset: "llamadas_call_center",
        id,
        cliente: c.cliente,
        agente: agent.0.to_string(),
        canal: "teléfono",
        ready_ms: c.end_ms(),
        latent,
        aspect,
    }
}

/// The rating context of a conversation.
pub fn rated_chat(c: &Chat, id: i64, agent: (&str, f64), day: i32) -> Rated {
    let latent = channel_base("chat") + 0.5 * agent.1
        - (f64::from(c.primera_respuesta) / 600.0).min(1.5) * 0.5
        - if c.resuelta { 0.0 } else { 0.8 }
        - if is_outage(day) { 0.9 } else { 0.0 };
    let aspect = if c.primera_respuesta > 900 {
        Aspect::Espera
    } else {
        MOTIVOS[c.motivo].1
    };
    Rated {
        dataset: "mensajes_whatsapp",
        id,
        cliente: c.cliente,
        agente: agent.0.to_string(),
        canal: "chat",
        ready_ms: c.inicio_ms
            + i64::from(c.primera_respuesta) * 1000
            + i64::from(c.mensajes) * 40_000,
        latent,
        aspect,
    }
}

/// The rating context of a solved ticket (`None` while unsolved).
pub fn rated_ticket(t: &Ticket, id: i64, agent: (&str, f64)) -> Option<Rated> {
    let solved = t.resuelto_ms?;
    let canal = TICKET_CHANNELS[t.canal].0;
    let latent = channel_base(canal) + 0.4 * agent.1
        - if t.met_sla() { 0.0 } else { 0.6 }
        - if t.reabierto { 0.6 } else { 0.0 };
    Some(Rated {
        dataset: "tickets_soporte",
        id,
        cliente: t.cliente,
        agente: agent.0.to_string(),
        canal,
        ready_ms: solved,
        latent,
        aspect: CATEGORIAS[t.categoria].1,
    })
}

/// One answer.
pub struct Answer {
    /// Answered at, ms.
    pub fecha_ms: i64,
    /// 0–10.
    pub nps: Option<i32>,
    /// 1–5.
    pub csat: Option<i32>,
    /// 1–7.
    pub ces: Option<i32>,
    /// Comment.
    pub comentario: Option<String>,
}

/// Delay between the end of an interaction and the answer, ms (at most two days).
pub fn answer_delay_ms(s: &mut Stream) -> i64 {
    (s.exp(3.0 * 3_600_000.0) as i64).min(2 * 86_400_000)
}

/// Draws the answer to a survey about `r`, answered at `fecha_ms`.
pub fn answer(s: &mut Stream, r: &Rated, fecha_ms: i64, day: i32) -> Answer {
    let u = r.latent + 0.8 * s.normal();
    let trend = progress(day);
    let csat = (4.05 + 0.95 * u + 0.25 * trend + 0.45 * s.normal())
        .round()
        .clamp(1.0, 5.0) as i32;
    let nps = (7.4 + 1.5 * u + 2.0 * trend + 1.1 * s.normal())
        .round()
        .clamp(0.0, 10.0) as i32;
    let ces = (5.0 + 1.0 * u + 0.6 * s.normal()).round().clamp(1.0, 7.0) as i32;
    let nps = (!s.chance(0.07)).then_some(nps);
    let csat_opt = (!s.chance(0.03)).then_some(csat);
    let ces = (!s.chance(0.18)).then_some(ces);
    let extreme = csat <= 2 || csat == 5;
    let comentario = s
        .chance(if extreme { 0.7 } else { 0.45 })
        .then(|| text::opinion(s, Tone::of_five(csat), r.aspect));
    Answer {
        fecha_ms,
        nps,
        csat: csat_opt,
        ces,
        comentario,
    }
}
