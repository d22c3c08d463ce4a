//! A day of contacts: phone calls, WhatsApp conversations and support tickets.
//!
//! A day is a pure function of (seed, day, count): generating it twice gives the same rows, so
//! the survey pass can first count what is eligible and then pick exact quotas.

use cx_engine::calendar::MS_PER_DAY;

use crate::rng::Stream;
use crate::text::{self, Aspect, Tone};
use crate::world::{is_after_cyber, is_cyber, is_outage, END};

/// What the generator knows of the world when it makes a day.
pub struct World {
    /// Run seed.
    pub seed: u64,
    /// Customer signup days, ascending (customer id = index + 1).
    pub signups: Vec<i32>,
    /// Phone agents `(id, skill)`.
    pub phone_agents: Vec<(String, f64)>,
    /// WhatsApp agents.
    pub chat_agents: Vec<(String, f64)>,
    /// Back-office agents (tickets).
    pub ticket_agents: Vec<(String, f64)>,
}

impl World {
    /// A customer who had signed up by `day`.
    pub fn customer(&self, s: &mut Stream, day: i32) -> i32 {
        let known = self.signups.partition_point(|d| *d <= day).max(1);
        s.index(known) as i32 + 1
    }
}

/// Reasons for calls and chats, with the aspect they concern and their usual weight.
pub const MOTIVOS: [(&str, Aspect, f64); 10] = [
    ("Consulta de recibo", Aspect::Cobro, 0.18),
    ("Cobro no reconocido", Aspect::Cobro, 0.08),
    ("Falla de internet", Aspect::Senal, 0.14),
    ("Sin señal móvil", Aspect::Senal, 0.07),
    ("Estado de pedido", Aspect::Entrega, 0.09),
    ("Garantía de equipo", Aspect::Equipo, 0.08),
    ("Devolución de dinero", Aspect::Reembolso, 0.06),
    ("Cambio de plan", Aspect::Atencion, 0.14),
    ("Portabilidad", Aspect::Atencion, 0.09),
    ("Baja del servicio", Aspect::Atencion, 0.07),
];

fn motivo(s: &mut Stream, day: i32, chat: bool) -> usize {
    let w: Vec<f64> = MOTIVOS
        .iter()
        .map(|(_, a, w)| match a {
            Aspect::Senal if is_outage(day) => w * 9.0,
            Aspect::Entrega if chat && (is_cyber(day) || is_after_cyber(day)) => w * 5.0,
            _ => *w,
        })
        .collect();
    s.weighted(&w)
}

/// Minute of the day a contact starts, following business hours (peaks late morning and
/// afternoon); `open`/`close` in hours.
fn start_ms(s: &mut Stream, day: i32, open: f64, close: f64) -> i64 {
    let hours = [
        0.2, 0.1, 0.05, 0.05, 0.1, 0.3, 0.8, 2.0, 4.0, 6.5, 7.5, 7.0, 5.5, 5.0, 6.0, 6.5, 6.0, 5.0,
        4.0, 3.2, 2.5, 1.6, 0.9, 0.4,
    ];
    let w: Vec<f64> = hours
        .iter()
        .enumerate()
        .map(|(h, w)| {
            if (h as f64) >= open && (h as f64) < close {
                *w
            } else {
                0.0
            }
        })
        .collect();
    let hour = s.weighted(&w) as i64;
    let second = s.int(0, 3599);
    i64::from(day) * MS_PER_DAY + (hour * 3600 + second) * 1000
}

/// The end of the simulated period, in ms.
pub fn end_ms() -> i64 {
    i64::from(END + 1) * MS_PER_DAY - 1
}

/// A phone call.
#[derive(Debug, Clone)]
pub struct Call {
    /// Customer id.
    pub cliente: i32,
    /// Index into the phone agents; `None` when abandoned.
    pub agent: Option<usize>,
    /// Queue entry, ms.
    pub inicio_ms: i64,
    /// Queue time, s.
    pub espera: i32,
    /// Talk, hold, after-call work (s), when answered.
    pub handled: Option<(i32, i32, i32)>,
    /// Index into [`MOTIVOS`].
    pub motivo: usize,
    /// Hung up while queued.
    pub abandonada: bool,
    /// Transferred.
    pub transferida: bool,
    /// Resolved at first contact, when answered.
    pub fcr: Option<bool>,
}

impl Call {
    /// When the call ended, ms.
    pub fn end_ms(&self) -> i64 {
        let (t, h, a) = self.handled.unwrap_or((0, 0, 0));
        self.inicio_ms + i64::from(self.espera + t + h + a) * 1000
    }
}

/// The calls of one day.
pub fn calls(w: &World, day: i32, count: u64, load: f64) -> Vec<Call> {
    let mut s = Stream::new(w.seed, "llamadas", i64::from(day));
    let mut out: Vec<Call> = (0..count)
        .map(|_| {
            let cliente = w.customer(&mut s, day);
            let inicio_ms = start_ms(&mut s, day, 8.0, 22.0);
            let motivo = motivo(&mut s, day, false);
            // Queue time grows steeply with the day's load; patience is exponential.
            let mean_wait = 28.0 * load.powf(2.2);
            let wait = s.exp(mean_wait).min(3600.0);
            let patience = s.exp(if is_outage(day) { 260.0 } else { 420.0 });
            if wait > patience && s.chance(0.92) {
                return Call {
                    cliente,
                    agent: None,
                    inicio_ms,
                    espera: patience.max(3.0) as i32,
                    handled: None,
                    motivo,
                    abandonada: true,
                    transferida: false,
                    fcr: None,
                };
            }
            let agent = s.index(w.phone_agents.len());
            let skill = w.phone_agents[agent].1;
            let talk = s
                .lognormal(290.0 * (1.0 - 0.22 * skill), 0.45)
                .clamp(30.0, 3600.0);
            let hold = if s.chance(0.35 - 0.1 * skill) {
                s.exp(50.0)
            } else {
                0.0
            };
            let acw = s
                .lognormal(45.0 * (1.0 - 0.15 * skill), 0.4)
                .clamp(5.0, 600.0);
            let p_fcr =
                (0.74 + 0.1 * skill - if is_outage(day) { 0.25 } else { 0.0 }).clamp(0.05, 0.97);
            Call {
                cliente,
                agent: Some(agent),
                inicio_ms,
                espera: wait as i32,
                handled: Some((talk as i32, hold as i32, acw as i32)),
                motivo,
                abandonada: false,
                transferida: s.chance(0.08 - 0.05 * skill),
                fcr: Some(s.chance(p_fcr)),
            }
        })
        .collect();
    out.sort_by_key(|c| c.inicio_ms);
    out
}

/// A WhatsApp conversation.
#[derive(Debug, Clone)]
pub struct Chat {
    /// Customer id.
    pub cliente: i32,
    /// Index into the chat agents.
    pub agent: usize,
    /// First customer message, ms.
    pub inicio_ms: i64,
    /// First reply, s.
    pub primera_respuesta: i32,
    /// Messages exchanged.
    pub mensajes: i32,
    /// Index into [`MOTIVOS`].
    pub motivo: usize,
    /// Resolved in the conversation.
    pub resuelta: bool,
}

/// The conversations of one day (without their text, see [`chat_text`]).
pub fn chats(w: &World, day: i32, count: u64, load: f64) -> Vec<Chat> {
    let mut s = Stream::new(w.seed, "whatsapp", i64::from(day));
    let mut out: Vec<Chat> = (0..count)
        .map(|_| {
            let cliente = w.customer(&mut s, day);
            let inicio_ms = start_ms(&mut s, day, 7.0, 23.0);
            let motivo = motivo(&mut s, day, true);
            let agent = s.index(w.chat_agents.len());
            let skill = w.chat_agents[agent].1;
            let mean = 75.0
                * load.powf(1.6)
                * (1.0 - 0.5 * skill.min(0.9)).max(0.3)
                * if skill < -1.0 { 2.6 } else { 1.0 };
            let primera_respuesta = s.exp(mean).clamp(5.0, 4.0 * 3600.0) as i32;
            Chat {
                cliente,
                agent,
                inicio_ms,
                primera_respuesta,
                mensajes: (4.0 + s.exp(8.0)).min(60.0) as i32,
                motivo,
                resuelta: s.chance(0.8 + 0.08 * skill - if is_outage(day) { 0.3 } else { 0.0 }),
            }
        })
        .collect();
    out.sort_by_key(|c| c.inicio_ms);
    out
}

/// What the customer wrote in a conversation.
pub fn chat_text(seed: u64, day: i32, index: usize, c: &Chat) -> String {
    let mut s = Stream::new(
        seed,
        "whatsapp-texto",
        i64::from(day) * 1_000_003 + index as i64,
    );
    let slow = c.primera_respuesta > 600;
    let tone = if !c.resuelta || slow && s.chance(0.6) {
        Tone::Neg
    } else if s.chance(0.55) {
        Tone::Pos
    } else {
        Tone::Neu
    };
    text::whatsapp(&mut s, tone, MOTIVOS[c.motivo].1, slow)
}

/// Ticket categories with their aspect and weight.
pub const CATEGORIAS: [(&str, Aspect, f64); 6] = [
    ("Facturación", Aspect::Cobro, 0.26),
    ("Soporte técnico", Aspect::Senal, 0.24),
    ("Entrega de equipo", Aspect::Entrega, 0.14),
    ("Devolución / reembolso", Aspect::Reembolso, 0.1),
    ("Garantía", Aspect::Equipo, 0.12),
    ("Cambio de plan", Aspect::Atencion, 0.14),
];

/// Ticket channels with their weight.
pub const TICKET_CHANNELS: [(&str, f64); 3] =
    [("email", 0.55), ("web", 0.15), ("presencial", 0.30)];

/// Priorities with weight and resolution target (hours).
pub const PRIORIDADES: [(&str, f64, i32); 4] = [
    ("baja", 0.3, 72),
    ("media", 0.4, 48),
    ("alta", 0.22, 24),
    ("urgente", 0.08, 8),
];

/// A support ticket.
#[derive(Debug, Clone)]
pub struct Ticket {
    /// Customer id.
    pub cliente: i32,
    /// Index into the ticket agents.
    pub agent: usize,
    /// Index into [`TICKET_CHANNELS`].
    pub canal: usize,
    /// Index into [`CATEGORIAS`].
    pub categoria: usize,
    /// Index into [`PRIORIDADES`].
    pub prioridad: usize,
    /// Created, ms.
    pub creado_ms: i64,
    /// First public reply, ms, if before the period's end.
    pub primera_respuesta_ms: Option<i64>,
    /// Solved, ms, if before the period's end.
    pub resuelto_ms: Option<i64>,
    /// Reopened.
    pub reabierto: bool,
}

impl Ticket {
    /// Resolution target, hours.
    pub fn sla_horas(&self) -> i32 {
        PRIORIDADES[self.prioridad].2
    }

    /// Whether it was solved within its target.
    pub fn met_sla(&self) -> bool {
        self.resuelto_ms
            .is_some_and(|r| r - self.creado_ms <= i64::from(self.sla_horas()) * 3_600_000)
    }
}

/// The tickets of one day.
pub fn tickets(w: &World, day: i32, count: u64) -> Vec<Ticket> {
    let mut s = Stream::new(w.seed, "tickets", i64::from(day));
    let cat_w: Vec<f64> = CATEGORIAS
        .iter()
        .map(|(_, a, wt)| match a {
            Aspect::Entrega if is_after_cyber(day) => wt * 4.0,
            Aspect::Senal if is_outage(day) => wt * 5.0,
            _ => *wt,
        })
        .collect();
    let ch_w: Vec<f64> = TICKET_CHANNELS.iter().map(|c| c.1).collect();
    let pr_w: Vec<f64> = PRIORIDADES.iter().map(|p| p.1).collect();
    let end = end_ms();
    let mut out: Vec<Ticket> = (0..count)
        .map(|_| {
            let cliente = w.customer(&mut s, day);
            let canal = s.weighted(&ch_w);
            let creado_ms = match TICKET_CHANNELS[canal].0 {
                "presencial" => start_ms(&mut s, day, 9.0, 20.0),
                _ => start_ms(&mut s, day, 0.0, 24.0),
            };
            let categoria = s.weighted(&cat_w);
            let prioridad = s.weighted(&pr_w);
            let agent = s.index(w.ticket_agents.len());
            let skill = w.ticket_agents[agent].1;
            let email = TICKET_CHANNELS[canal].0 == "email";
            let reply_h = match TICKET_CHANNELS[canal].0 {
                "presencial" => s.exp(0.3),
                "web" => s.exp(5.0),
                _ => s.exp(14.0),
            };
            let target = f64::from(PRIORIDADES[prioridad].2);
            // Email cases drag: slower, more often past their target.
            let resolve_h = (reply_h
                + s.lognormal(
                    target * if email { 1.05 } else { 0.55 } * (1.0 - 0.2 * skill),
                    0.7,
                ))
            .min(45.0 * 24.0);
            let reply = creado_ms + (reply_h * 3_600_000.0) as i64;
            let resolved = creado_ms + (resolve_h * 3_600_000.0) as i64;
            Ticket {
                cliente,
                agent,
                canal,
                categoria,
                prioridad,
                creado_ms,
                primera_respuesta_ms: (reply <= end).then_some(reply),
                resuelto_ms: (resolved <= end).then_some(resolved),
                reabierto: resolved <= end && s.chance(if email { 0.12 } else { 0.06 }),
            }
        })
        .collect();
    out.sort_by_key(|t| t.creado_ms);
    out
}
