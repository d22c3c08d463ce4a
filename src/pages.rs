//! The dashboard's pages: one file each, chosen by [`Page`] (the `pagina` URL parameter).

pub mod agentes;
pub mod canales;
mod common;
pub mod nps;
pub mod resumen;
pub mod sentimiento;

/// A page of the dashboard. The last five come with the next step; the navigation keeps their
/// places and shows them as not yet available.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Page {
    /// Headline tiles, volume, what changed.
    #[default]
    Resumen,
    /// Channels side by side.
    Canales,
    /// NPS in depth.
    Nps,
    /// Agent scorecards.
    Agentes,
    /// Customer sentiment.
    Sentimiento,
    /// Tickets and SLA (next step).
    Tickets,
    /// Complaint book (next step).
    Reclamaciones,
    /// Reviews (next step).
    Resenas,
    /// Customers (next step).
    Clientes,
    /// Records explorer (next step).
    Explorador,
}

impl Page {
    /// Every page in navigation order.
    pub const ALL: [Page; 10] = [
        Page::Resumen,
        Page::Canales,
        Page::Nps,
        Page::Agentes,
        Page::Sentimiento,
        Page::Tickets,
        Page::Reclamaciones,
        Page::Resenas,
        Page::Clientes,
        Page::Explorador,
    ];

    /// The `pagina` URL value.
    pub fn key(self) -> &'static str {
        match self {
            Page::Resumen => "resumen",
            Page::Canales => "canales",
            Page::Nps => "nps",
            Page::Agentes => "agentes",
            Page::Sentimiento => "sentimiento",
            Page::Tickets => "tickets",
            Page::Reclamaciones => "reclamaciones",
            Page::Resenas => "resenas",
            Page::Clientes => "clientes",
            Page::Explorador => "explorador",
        }
    }

    /// The page of a `pagina` value.
    pub fn from_key(key: &str) -> Option<Page> {
        Page::ALL.into_iter().find(|p| p.key() == key)
    }

    /// Its title in the navigation.
    pub fn title(self) -> &'static str {
        match self {
            Page::Resumen => "Resumen",
            Page::Canales => "Canales",
            Page::Nps => "NPS",
            Page::Agentes => "Agentes",
            Page::Sentimiento => "Sentimiento",
            Page::Tickets => "Tickets y SLA",
            Page::Reclamaciones => "Reclamaciones",
            Page::Resenas => "Reseñas",
            Page::Clientes => "Clientes",
            Page::Explorador => "Explorador",
        }
    }

    /// Whether the page exists yet.
    pub fn available(self) -> bool {
        matches!(
            self,
            Page::Resumen | Page::Canales | Page::Nps | Page::Agentes | Page::Sentimiento
        )
    }
}
