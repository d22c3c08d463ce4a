//! The data contract: every dataset's columns, types, units and nullability, defined once.
//!
//! The generator writes with these definitions, the engine checks decoded files against them,
//! the manifest publishes them and `docs/data.md` describes them. Timestamps are Lima wall-clock
//! time (UTC−5, no daylight saving) stored without a time zone, in milliseconds.

use arrow_schema::{DataType, Field, Schema, TimeUnit};

/// Physical and logical type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// 32-bit signed integer.
    Int32,
    /// 64-bit signed integer.
    Int64,
    /// UTF-8 text.
    Utf8,
    /// true / false.
    Bool,
    /// Lima local date-time, millisecond precision, no time zone.
    Timestamp,
    /// Calendar date.
    Date,
    /// Amount in Peruvian soles with two decimals: `DECIMAL(12, 2)`.
    AmountPen,
}

impl ColumnKind {
    /// The Arrow type the files carry for this kind.
    pub fn arrow_type(self) -> DataType {
        match self {
            ColumnKind::Int32 => DataType::Int32,
            ColumnKind::Int64 => DataType::Int64,
            ColumnKind::Utf8 => DataType::Utf8,
            ColumnKind::Bool => DataType::Boolean,
            ColumnKind::Timestamp => DataType::Timestamp(TimeUnit::Millisecond, None),
            ColumnKind::Date => DataType::Date32,
            ColumnKind::AmountPen => DataType::Decimal128(12, 2),
        }
    }

    /// The SQL type name shared by Athena (Trino/Hive DDL) and DuckDB.
    pub fn sql_type(self) -> &'static str {
        match self {
            ColumnKind::Int32 => "int",
            ColumnKind::Int64 => "bigint",
            ColumnKind::Utf8 => "string",
            ColumnKind::Bool => "boolean",
            ColumnKind::Timestamp => "timestamp",
            ColumnKind::Date => "date",
            ColumnKind::AmountPen => "decimal(12,2)",
        }
    }
}

/// One column of a dataset.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    /// Column name in the files.
    pub name: &'static str,
    /// Its type.
    pub kind: ColumnKind,
    /// Whether nulls may occur.
    pub nullable: bool,
    /// Unit of the values, if any (`s`, `h`, `PEN`, `0-10`, …).
    pub unit: Option<&'static str>,
    /// What the column means.
    pub description: &'static str,
}

/// One dataset of the lake.
#[derive(Debug, Clone, Copy)]
pub struct DatasetSpec {
    /// Dataset name: the folder in the lake and the Glue table name.
    pub name: &'static str,
    /// What one row is.
    pub row: &'static str,
    /// The timestamp column whose year and month give the Hive partition, if partitioned.
    pub partition_by: Option<&'static str>,
    /// Published columns (no personal data).
    pub columns: &'static [ColumnSpec],
}

impl DatasetSpec {
    /// The column named `name`, if the dataset has it.
    pub fn column(&self, name: &str) -> Option<&ColumnSpec> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The Arrow schema of the published files.
    pub fn arrow_schema(&self) -> Schema {
        fields_schema(self.columns)
    }
}

/// The Arrow schema of a list of columns.
pub fn fields_schema(columns: &[ColumnSpec]) -> Schema {
    Schema::new(
        columns
            .iter()
            .map(|c| Field::new(c.name, c.kind.arrow_type(), c.nullable))
            .collect::<Vec<_>>(),
    )
}

const fn col(
    name: &'static str,
    kind: ColumnKind,
    nullable: bool,
    unit: Option<&'static str>,
    description: &'static str,
) -> ColumnSpec {
    ColumnSpec {
        name,
        kind,
        nullable,
        unit,
        description,
    }
}

use ColumnKind::{AmountPen, Bool, Date, Int32, Int64, Timestamp, Utf8};

/// `clientes`: one row per customer (pseudonymous; the personal data lives in the private copy).
pub const CLIENTES: DatasetSpec = DatasetSpec {
    name: "clientes",
    row: "a customer",
    partition_by: None,
    columns: &[
        col("cliente_id", Int32, false, None, "pseudonymous customer id"),
        col(
            "segmento",
            Utf8,
            false,
            None,
            "Masivo, Pyme, Premium or Corporativo",
        ),
        col(
            "departamento",
            Utf8,
            false,
            None,
            "Peruvian department (region)",
        ),
        col(
            "distrito",
            Utf8,
            false,
            None,
            "district (Lima districts for Lima)",
        ),
        col(
            "fecha_alta",
            Date,
            false,
            None,
            "date the customer signed up",
        ),
        col("rango_edad", Utf8, false, None, "age band"),
        col(
            "canal_preferido",
            Utf8,
            false,
            None,
            "channel the customer uses most",
        ),
    ],
};

/// Private companion of `clientes`: personal data, never published.
pub const CLIENTES_PII: &[ColumnSpec] = &[
    col("cliente_id", Int32, false, None, "pseudonymous customer id"),
    col("nombres", Utf8, false, None, "given names"),
    col("apellidos", Utf8, false, None, "surnames"),
    col(
        "dni",
        Utf8,
        false,
        None,
        "8-digit national identity document",
    ),
    col("telefono", Utf8, false, None, "+51 mobile number"),
    col("email", Utf8, false, None, "e-mail address"),
];

/// `llamadas_call_center`: one row per inbound phone call.
pub const LLAMADAS: DatasetSpec = DatasetSpec {
    name: "llamadas_call_center",
    row: "an inbound phone call",
    partition_by: Some("inicio"),
    columns: &[
        col("llamada_id", Int64, false, None, "call id"),
        col("cliente_id", Int32, false, None, "customer who called"),
        col(
            "agente_id",
            Utf8,
            true,
            None,
            "agent who answered; null when abandoned",
        ),
        col(
            "inicio",
            Timestamp,
            false,
            Some("Lima time"),
            "time the call entered the queue",
        ),
        col(
            "espera_seg",
            Int32,
            false,
            Some("s"),
            "time in queue until answered or abandoned",
        ),
        col(
            "conversacion_seg",
            Int32,
            true,
            Some("s"),
            "talk time; null when abandoned",
        ),
        col(
            "retencion_seg",
            Int32,
            true,
            Some("s"),
            "hold time; null when abandoned",
        ),
        col(
            "acw_seg",
            Int32,
            true,
            Some("s"),
            "after-call work; null when abandoned",
        ),
        col("motivo", Utf8, false, None, "reason for the call"),
        col(
            "abandonada",
            Bool,
            false,
            None,
            "the caller hung up while queued",
        ),
        col("transferida", Bool, false, None, "the call was transferred"),
        col(
            "resuelta_primer_contacto",
            Bool,
            true,
            None,
            "resolved with no repeat contact within 7 days; null when abandoned",
        ),
    ],
};

/// `mensajes_whatsapp`: one row per WhatsApp conversation.
pub const WHATSAPP: DatasetSpec = DatasetSpec {
    name: "mensajes_whatsapp",
    row: "a WhatsApp conversation",
    partition_by: Some("inicio"),
    columns: &[
        col("conversacion_id", Int64, false, None, "conversation id"),
        col("cliente_id", Int32, false, None, "customer"),
        col("agente_id", Utf8, false, None, "agent who handled it"),
        col(
            "inicio",
            Timestamp,
            false,
            Some("Lima time"),
            "first customer message",
        ),
        col(
            "primera_respuesta_seg",
            Int32,
            false,
            Some("s"),
            "first customer message to first agent reply",
        ),
        col(
            "mensajes",
            Int32,
            false,
            Some("messages"),
            "messages exchanged",
        ),
        col("motivo", Utf8, false, None, "reason for the contact"),
        col("texto", Utf8, false, None, "what the customer wrote"),
        col(
            "resuelta",
            Bool,
            false,
            None,
            "resolved in this conversation",
        ),
    ],
};

/// `tickets_soporte`: one row per support case.
pub const TICKETS: DatasetSpec = DatasetSpec {
    name: "tickets_soporte",
    row: "a support case",
    partition_by: Some("creado"),
    columns: &[
        col("ticket_id", Int64, false, None, "ticket id"),
        col("cliente_id", Int32, false, None, "customer"),
        col("agente_id", Utf8, false, None, "agent who owns it"),
        col("canal", Utf8, false, None, "email, web or presencial"),
        col("categoria", Utf8, false, None, "topic of the case"),
        col(
            "prioridad",
            Utf8,
            false,
            None,
            "baja, media, alta or urgente",
        ),
        col("creado", Timestamp, false, Some("Lima time"), "creation"),
        col(
            "primera_respuesta",
            Timestamp,
            true,
            Some("Lima time"),
            "first public agent reply; null if none yet",
        ),
        col(
            "resuelto",
            Timestamp,
            true,
            Some("Lima time"),
            "solved; null while open",
        ),
        col(
            "sla_horas",
            Int32,
            false,
            Some("h"),
            "resolution target, calendar hours",
        ),
        col(
            "reabierto",
            Bool,
            false,
            None,
            "reopened after being solved",
        ),
    ],
};

/// `encuestas_post_atencion`: one row per answered post-contact survey.
pub const ENCUESTAS: DatasetSpec = DatasetSpec {
    name: "encuestas_post_atencion",
    row: "a survey answer about one interaction",
    partition_by: Some("fecha"),
    columns: &[
        col("encuesta_id", Int64, false, None, "survey answer id"),
        col("cliente_id", Int32, false, None, "customer who answered"),
        col(
            "interaccion_dataset",
            Utf8,
            false,
            None,
            "dataset of the rated interaction",
        ),
        col(
            "interaccion_id",
            Int64,
            false,
            None,
            "id of the rated interaction in that dataset",
        ),
        col(
            "agente_id",
            Utf8,
            false,
            None,
            "agent of the rated interaction",
        ),
        col(
            "canal",
            Utf8,
            false,
            None,
            "channel of the rated interaction",
        ),
        col(
            "fecha",
            Timestamp,
            false,
            Some("Lima time"),
            "time the survey was answered",
        ),
        col(
            "nps",
            Int32,
            true,
            Some("0-10"),
            "likelihood to recommend; null if skipped",
        ),
        col(
            "csat",
            Int32,
            true,
            Some("1-5"),
            "satisfaction; null if skipped",
        ),
        col(
            "ces",
            Int32,
            true,
            Some("1-7"),
            "ease (CES 2.0 agreement); null if skipped",
        ),
        col(
            "comentario",
            Utf8,
            true,
            None,
            "free-text comment; null if none",
        ),
    ],
};

/// `resenas_online`: one row per public review of a branch.
pub const RESENAS: DatasetSpec = DatasetSpec {
    name: "resenas_online",
    row: "a public online review",
    partition_by: Some("fecha"),
    columns: &[
        col("resena_id", Int64, false, None, "review id"),
        col(
            "plataforma",
            Utf8,
            false,
            None,
            "Google, Facebook or Instagram",
        ),
        col(
            "fecha",
            Timestamp,
            false,
            Some("Lima time"),
            "publication time",
        ),
        col("estrellas", Int32, false, Some("1-5"), "star rating"),
        col("titulo", Utf8, false, None, "review title"),
        col("texto", Utf8, false, None, "review text"),
        col("sucursal", Utf8, false, None, "branch reviewed"),
    ],
};

/// `libro_reclamaciones`: one row per complaint-book entry (Ley 29571, D.S. 011-2011-PCM).
pub const LIBRO: DatasetSpec = DatasetSpec {
    name: "libro_reclamaciones",
    row: "a complaint-book entry (hoja de reclamación)",
    partition_by: Some("fecha"),
    columns: &[
        col("reclamo_id", Int64, false, None, "entry id"),
        col("codigo", Utf8, false, None, "correlative code of the hoja"),
        col("cliente_id", Int32, false, None, "consumer"),
        col(
            "tipo",
            Utf8,
            false,
            None,
            "reclamo (product or service) or queja (attention)",
        ),
        col(
            "fecha",
            Timestamp,
            false,
            Some("Lima time"),
            "time the entry was filed",
        ),
        col("canal", Utf8, false, None, "virtual or presencial"),
        col(
            "sucursal",
            Utf8,
            true,
            None,
            "branch, for entries filed in person",
        ),
        col("bien", Utf8, false, None, "producto or servicio"),
        col(
            "descripcion_bien",
            Utf8,
            false,
            None,
            "product or service concerned",
        ),
        col(
            "monto_reclamado_pen",
            AmountPen,
            true,
            Some("PEN"),
            "amount claimed; null if none",
        ),
        col("detalle", Utf8, false, None, "the consumer's account"),
        col("pedido", Utf8, false, None, "what the consumer asks for"),
        col(
            "fecha_limite",
            Date,
            false,
            None,
            "due date: 15 business days after filing",
        ),
        col(
            "fecha_respuesta",
            Date,
            true,
            None,
            "date the provider answered; null while open",
        ),
        col("estado", Utf8, false, None, "abierto or respondido"),
    ],
};

/// `calendario`: one row per day, the business-day calendar the SQL twins join for business hours.
pub const CALENDARIO: &[ColumnSpec] = &[
    col("dia", Date, false, None, "calendar day"),
    col(
        "dia_semana",
        Int32,
        false,
        None,
        "ISO weekday, 1 = Monday … 7 = Sunday",
    ),
    col(
        "feriado",
        Bool,
        false,
        None,
        "national public holiday in Peru",
    ),
    col(
        "habil",
        Bool,
        false,
        None,
        "business day: Monday–Friday and not a holiday",
    ),
];

/// First and last day of `calendario` (covers the period with margins for due dates).
pub const CALENDAR_YEARS: (i32, i32) = (2024, 2027);

/// The seven published datasets, in the order the generator writes them.
pub const DATASETS: [DatasetSpec; 7] = [
    CLIENTES, LLAMADAS, WHATSAPP, TICKETS, ENCUESTAS, RESENAS, LIBRO,
];

/// The dataset named `name`.
pub fn dataset(name: &str) -> Option<&'static DatasetSpec> {
    DATASETS.iter().find(|d| d.name == name)
}

/// Channels of the contact datasets, in display order.
pub const CHANNELS: [&str; 5] = ["teléfono", "chat", "email", "web", "presencial"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_partition_column_is_a_non_null_timestamp() {
        for d in DATASETS {
            if let Some(p) = d.partition_by {
                let c = d.column(p).expect("partition column exists");
                assert_eq!(c.kind, ColumnKind::Timestamp, "{}", d.name);
                assert!(!c.nullable, "{}", d.name);
            }
        }
    }

    #[test]
    fn column_names_are_unique_per_dataset() {
        for d in DATASETS {
            let mut names: Vec<_> = d.columns.iter().map(|c| c.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), d.columns.len(), "{}", d.name);
        }
    }

    #[test]
    fn published_customers_carry_no_personal_columns() {
        for pii in ["nombres", "apellidos", "dni", "telefono", "email"] {
            for d in DATASETS {
                assert!(d.column(pii).is_none(), "{} has {pii}", d.name);
            }
        }
    }
}
