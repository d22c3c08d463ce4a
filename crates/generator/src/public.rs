//! A day of public reviews and complaint-book entries.

use cx_engine::calendar::{add_business_days, civil_from_days, day_of_ms, MS_PER_DAY};

use crate::contacts::{end_ms, World};
use crate::rng::Stream;
use crate::text::{self, Aspect, Tone, ASPECTS};
use crate::world::{
    is_after_cyber, is_outage, progress, BRANCHES, BRANCH_WEIGHTS, END, WEAK_BRANCH,
};

/// A public review.
pub struct Review {
    /// Platform.
    pub plataforma: &'static str,
    /// Published, ms.
    pub fecha_ms: i64,
    /// 1–5.
    pub estrellas: i32,
    /// Title.
    pub titulo: String,
    /// Body.
    pub texto: String,
    /// Branch.
    pub sucursal: &'static str,
}

/// The reviews of one day.
pub fn reviews(seed: u64, day: i32, count: u64) -> Vec<Review> {
    let mut s = Stream::new(seed, "resenas", i64::from(day));
    let mut out: Vec<Review> = (0..count)
        .map(|_| {
            let branch = BRANCHES[s.weighted(&BRANCH_WEIGHTS)].0;
            let plataforma = ["Google", "Facebook", "Instagram"][s.weighted(&[0.65, 0.25, 0.10])];
            let fecha_ms = i64::from(day) * MS_PER_DAY + s.int(7 * 3600, 23 * 3600) * 1000;
            let mut latent = 0.45 + 0.35 * progress(day) + s.normal();
            if branch == WEAK_BRANCH {
                latent -= 1.4;
            }
            if is_outage(day) {
                latent -= 1.1;
            }
            let estrellas = (3.7 + 1.15 * latent).round().clamp(1.0, 5.0) as i32;
            let tone = Tone::of_five(estrellas);
            Review {
                plataforma,
                fecha_ms,
                estrellas,
                titulo: text::review_title(&mut s, tone),
                texto: text::review(&mut s, tone, branch),
                sucursal: branch,
            }
        })
        .collect();
    out.sort_by_key(|r| r.fecha_ms);
    out
}

/// A complaint-book entry.
pub struct Complaint {
    /// Consumer.
    pub cliente: i32,
    /// `reclamo` or `queja`.
    pub tipo: &'static str,
    /// Filed, ms.
    pub fecha_ms: i64,
    /// `virtual` or `presencial`.
    pub canal: &'static str,
    /// Branch when filed in person.
    pub sucursal: Option<&'static str>,
    /// `producto` or `servicio`.
    pub bien: &'static str,
    /// Product or service concerned.
    pub descripcion_bien: &'static str,
    /// Amount claimed, céntimos.
    pub monto_centimos: Option<i128>,
    /// Consumer's account.
    pub detalle: String,
    /// Consumer's request.
    pub pedido: String,
    /// Due date (day number): 15 business days after filing.
    pub fecha_limite: i32,
    /// Answer date, if answered by the period's end.
    pub fecha_respuesta: Option<i32>,
}

fn item(aspect: Aspect, s: &mut Stream) -> (&'static str, &'static str) {
    match aspect {
        Aspect::Equipo => ("producto", *s.pick(&["Equipo celular", "Módem / router"])),
        Aspect::Entrega => ("producto", *s.pick(&["Equipo celular", "Accesorios"])),
        Aspect::Senal => (
            "servicio",
            *s.pick(&["Internet hogar", "Plan postpago", "Plan prepago"]),
        ),
        Aspect::Cobro | Aspect::Reembolso => (
            "servicio",
            *s.pick(&["Plan postpago", "Internet hogar", "TV cable"]),
        ),
        _ => (
            "servicio",
            *s.pick(&["Atención en tienda", "Atención telefónica", "Plan postpago"]),
        ),
    }
}

/// The complaint-book entries of one day.
pub fn complaints(w: &World, day: i32, count: u64) -> Vec<Complaint> {
    let mut s = Stream::new(w.seed, "libro", i64::from(day));
    let end = end_ms();
    let mut out: Vec<Complaint> = (0..count)
        .map(|_| {
            let cliente = w.customer(&mut s, day);
            let queja = s.chance(0.3);
            let outage = is_outage(day) && s.chance(0.8);
            let aspect = if outage {
                Aspect::Senal
            } else if is_after_cyber(day) && s.chance(0.5) {
                Aspect::Entrega
            } else {
                *s.pick(&ASPECTS)
            };
            let canal = if s.chance(0.65) {
                "virtual"
            } else {
                "presencial"
            };
            let fecha_ms = i64::from(day) * MS_PER_DAY
                + if canal == "virtual" {
                    s.int(0, 86_399)
                } else {
                    s.int(9 * 3600, 20 * 3600)
                } * 1000;
            let sucursal = (canal == "presencial").then(|| {
                let mut w = BRANCH_WEIGHTS.to_vec();
                w[0] *= 2.5; // the weak branch also collects more complaints
                BRANCHES[s.weighted(&w)].0
            });
            let (bien, descripcion_bien) = item(aspect, &mut s);
            let money = !queja
                && matches!(
                    aspect,
                    Aspect::Cobro | Aspect::Reembolso | Aspect::Equipo | Aspect::Entrega
                );
            let monto_centimos = money
                .then(|| (s.lognormal(150.0, 0.8).clamp(10.0, 6000.0) * 100.0).round() as i128);
            let detalle = text::complaint_detail(&mut s, queja, aspect, outage);
            let asked_about = if queja { Aspect::Atencion } else { aspect };
            let pedido = text::complaint_request(&mut s, asked_about, monto_centimos.is_some());
            let filed = day_of_ms(fecha_ms);
            let fecha_limite = add_business_days(filed, 15);
            // Most answers come within the legal term; the outage backlog and a tail run late;
            // a few are never answered.
            let late = s.chance(if is_outage(day) { 0.45 } else { 0.09 });
            let never = s.chance(0.025);
            let business = if late { s.int(16, 35) } else { s.int(2, 15) } as u32;
            let answered = add_business_days(filed, business);
            let fecha_respuesta =
                (!never && i64::from(answered) * MS_PER_DAY <= end && answered <= END)
                    .then_some(answered);
            Complaint {
                cliente,
                tipo: if queja { "queja" } else { "reclamo" },
                fecha_ms,
                canal,
                sucursal,
                bien,
                descripcion_bien,
                monto_centimos,
                detalle,
                pedido,
                fecha_limite,
                fecha_respuesta,
            }
        })
        .collect();
    out.sort_by_key(|c| c.fecha_ms);
    out
}

/// The correlative code of an entry: `LR-<year>-<number within the year>`.
pub fn code(day: i32, number: u64) -> String {
    format!("LR-{}-{number:06}", civil_from_days(day).0)
}
