//! The seven datasets as one enum: the only place their names are spelled.

use serde::{Deserialize, Serialize};

use crate::schema::{self, DatasetSpec};

/// A published dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Dataset {
    /// `clientes`: customers (segment, department).
    #[serde(rename = "clientes")]
    Clientes,
    /// `llamadas_call_center`: phone calls.
    #[serde(rename = "llamadas_call_center")]
    Llamadas,
    /// `mensajes_whatsapp`: WhatsApp conversations.
    #[serde(rename = "mensajes_whatsapp")]
    Whatsapp,
    /// `tickets_soporte`: support tickets (e-mail, web, branch).
    #[serde(rename = "tickets_soporte")]
    Tickets,
    /// `encuestas_post_atencion`: survey answers.
    #[serde(rename = "encuestas_post_atencion")]
    Encuestas,
    /// `resenas_online`: public reviews of branches.
    #[serde(rename = "resenas_online")]
    Resenas,
    /// `libro_reclamaciones`: the complaint book.
    #[serde(rename = "libro_reclamaciones")]
    Reclamaciones,
}

impl Dataset {
    /// All datasets, in [`schema::DATASETS`] order.
    pub const ALL: [Dataset; 7] = [
        Dataset::Clientes,
        Dataset::Llamadas,
        Dataset::Whatsapp,
        Dataset::Tickets,
        Dataset::Encuestas,
        Dataset::Resenas,
        Dataset::Reclamaciones,
    ];

    /// The dataset's name in the lake and the manifest.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// Its data contract.
    pub fn spec(self) -> &'static DatasetSpec {
        &schema::DATASETS[self as usize]
    }

    /// The dataset named `name`, if it is one of the seven.
    pub fn from_name(name: &str) -> Option<Dataset> {
        Dataset::ALL.into_iter().find(|d| d.name() == name)
    }
}

impl std::fmt::Display for Dataset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dataset_matches_its_contract_in_order() {
        for (d, spec) in Dataset::ALL.iter().zip(schema::DATASETS.iter()) {
            assert_eq!(d.name(), spec.name);
            assert_eq!(Dataset::from_name(spec.name), Some(*d));
        }
        assert_eq!(Dataset::from_name("calendario"), None);
    }
}
