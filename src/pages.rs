//! The dashboard's pages: one file each, chosen by [`Page`] (the `pagina` URL parameter).

pub mod agentes;
pub mod canales;
pub mod clientes;
mod common;
pub mod explorador;
pub mod nps;
pub mod reclamaciones;
pub mod resenas;
pub mod resumen;
pub mod sentimiento;
pub mod tickets;

/// A page of the dashboard.
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
    /// Tickets and SLA.
    Tickets,
    /// Complaint book.
    Reclamaciones,
    /// Reviews.
    Resenas,
    /// Customers.
    Clientes,
    /// Records explorer.
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
        use crate::i18n::t;
        match self {
            Page::Resumen => t("Resumen", "Overview"),
            Page::Canales => t("Canales", "Channels"),
            Page::Nps => "NPS",
            Page::Agentes => t("Agentes", "Agents"),
            Page::Sentimiento => t("Sentimiento", "Sentiment"),
            Page::Tickets => t("Tickets y SLA", "Tickets & SLA"),
            Page::Reclamaciones => t("Reclamaciones", "Complaint book"),
            Page::Resenas => t("Reseñas", "Reviews"),
            Page::Clientes => t("Clientes", "Customers"),
            Page::Explorador => t("Explorador", "Explorer"),
        }
    }
}
