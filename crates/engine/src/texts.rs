//! Customer texts and their sentiment: reviews, WhatsApp conversations, survey comments and
//! complaint-book details, loaded apart from the KPI columns (they are the bulk of the bytes),
//! scored by the `sentiment` crate in chunks the caller controls, and aggregated here so the
//! dashboard's filters apply to this view like to the others.

use std::collections::BTreeMap;
use std::ops::Range;

use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMillisecondType;
use arrow_array::Array;
use bytes::Bytes;
use sentiment::{Aspect, Label};
use serde::Serialize;

use crate::calendar::{day_of_ms, month_index, month_label};
use crate::dataset::Dataset;
use crate::filter::Selection;
use crate::EngineError;

/// Where a text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TextSource {
    /// `resenas_online`: title and text of a public review.
    Review,
    /// `mensajes_whatsapp`: what the customer wrote.
    Whatsapp,
    /// `encuestas_post_atencion`: the free comment of a survey answer.
    Survey,
    /// `libro_reclamaciones`: the consumer's account in the complaint book.
    Complaint,
}

impl TextSource {
    /// All sources, in display order.
    pub const ALL: [TextSource; 4] = [
        TextSource::Review,
        TextSource::Whatsapp,
        TextSource::Survey,
        TextSource::Complaint,
    ];
    /// The dataset holding the texts.
    pub fn dataset(self) -> Dataset {
        match self {
            TextSource::Review => Dataset::Resenas,
            TextSource::Whatsapp => Dataset::Whatsapp,
            TextSource::Survey => Dataset::Encuestas,
            TextSource::Complaint => Dataset::Reclamaciones,
        }
    }

    /// The rows of this source's dataset that a selection holds.
    fn selected(self, sel: &Selection) -> &[u32] {
        match self {
            TextSource::Review => &sel.reviews,
            TextSource::Whatsapp => &sel.chats,
            TextSource::Survey => &sel.surveys,
            TextSource::Complaint => &sel.complaints,
        }
    }

    /// The key used in URLs and test ids: `review`, `whatsapp`, `survey`, `complaint`.
    pub fn key(self) -> &'static str {
        match self {
            TextSource::Review => "review",
            TextSource::Whatsapp => "whatsapp",
            TextSource::Survey => "survey",
            TextSource::Complaint => "complaint",
        }
    }

    /// The source named by [`TextSource::key`].
    pub fn from_key(key: &str) -> Option<TextSource> {
        TextSource::ALL.into_iter().find(|s| s.key() == key)
    }
    /// Text columns, joined with ". " when there are several.
    pub fn text_columns(self) -> &'static [&'static str] {
        match self {
            TextSource::Review => &["titulo", "texto"],
            TextSource::Whatsapp => &["texto"],
            TextSource::Survey => &["comentario"],
            TextSource::Complaint => &["detalle"],
        }
    }
    /// The time column.
    pub fn time_column(self) -> &'static str {
        match self {
            TextSource::Whatsapp => "inicio",
            _ => "fecha",
        }
    }
    /// Spanish name for display.
    pub fn name_es(self) -> &'static str {
        match self {
            TextSource::Review => "Reseñas",
            TextSource::Whatsapp => "WhatsApp",
            TextSource::Survey => "Encuestas",
            TextSource::Complaint => "Libro de reclamaciones",
        }
    }
    /// The source of a dataset.
    pub fn of_dataset(dataset: Dataset) -> Option<TextSource> {
        TextSource::ALL.into_iter().find(|s| s.dataset() == dataset)
    }
}

/// Every text of the loaded data, one row each: source, time and the text.
#[derive(Debug, Default, Clone)]
pub struct Texts {
    /// Source of each text.
    pub source: Vec<TextSource>,
    /// Lima time of each text, ms.
    pub at_ms: Vec<i64>,
    /// Row of each text in its dataset (the same row the [`crate::Lake`] holds, both reading the
    /// manifest's files in order), which is how the dashboard's filter reaches the texts.
    pub row: Vec<u32>,
    /// Rows read per source (with or without text), to check the link to the lake.
    pub rows_read: [u64; 4],
    ends: Vec<usize>,
    buf: String,
}

impl Texts {
    /// Number of texts.
    pub fn len(&self) -> usize {
        self.source.len()
    }
    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.source.is_empty()
    }
    /// Text `i`.
    pub fn text(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.buf[start..self.ends[i]]
    }
    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.buf.capacity()
            + self.ends.capacity() * 8
            + self.at_ms.capacity() * 8
            + self.source.capacity()
    }

    /// Decodes the texts of `dataset` (one of [`TextSource::ALL`]'s) from its Parquet files and
    /// appends them, all or nothing. Rows with no text (a survey answered without a comment) are
    /// skipped. Returns the texts added.
    ///
    /// # Errors
    /// [`EngineError::MissingDataset`] for a dataset without texts; the decoding errors of
    /// [`crate::read_columns`]; [`EngineError::BadValue`] for a null time.
    pub fn add_dataset(
        &mut self,
        dataset: Dataset,
        files: Vec<(String, Bytes)>,
    ) -> Result<u64, EngineError> {
        let Some(source) = TextSource::of_dataset(dataset) else {
            return Err(EngineError::MissingDataset {
                dataset: dataset.to_string(),
            });
        };
        let spec = dataset.spec();
        let mut row = self.rows_read[source as usize];
        let mut staged = Texts::default();
        let mut wanted = vec![source.time_column()];
        wanted.extend_from_slice(source.text_columns());
        for (file, bytes) in files {
            for batch in crate::read_columns(spec, &file, bytes, &wanted)? {
                let bad = |column: &str, problem: &str| EngineError::BadValue {
                    dataset: dataset.to_string(),
                    file: file.clone(),
                    column: column.to_string(),
                    problem: problem.to_string(),
                };
                let time = batch
                    .column(0)
                    .as_primitive_opt::<TimestampMillisecondType>()
                    .ok_or_else(|| bad(source.time_column(), "is not a timestamp"))?;
                let cols = (1..batch.num_columns())
                    .map(|c| {
                        batch
                            .column(c)
                            .as_string_opt::<i32>()
                            .ok_or_else(|| bad(wanted[c], "is not text"))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                for r in 0..batch.num_rows() {
                    if time.is_null(r) {
                        return Err(bad(source.time_column(), "has a null where none may be"));
                    }
                    let start = staged.buf.len();
                    for col in &cols {
                        if col.is_null(r) || col.value(r).trim().is_empty() {
                            continue;
                        }
                        if staged.buf.len() > start {
                            staged.buf.push_str(". ");
                        }
                        staged.buf.push_str(col.value(r).trim());
                    }
                    if staged.buf.len() > start {
                        staged.source.push(source);
                        staged.at_ms.push(time.value(r));
                        staged.row.push(u32::try_from(row).unwrap_or(u32::MAX));
                        staged.ends.push(staged.buf.len());
                    }
                    row += 1;
                }
            }
        }
        let added = staged.len() as u64;
        let offset = self.buf.len();
        self.buf.push_str(&staged.buf);
        self.ends.extend(staged.ends.iter().map(|e| e + offset));
        self.source.extend(staged.source);
        self.at_ms.extend(staged.at_ms);
        self.row.extend(staged.row);
        self.rows_read[source as usize] = row;
        Ok(added)
    }
}

/// The sentiment of one text, compact.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scored {
    /// Class.
    pub label: Label,
    /// Score in −1..1.
    pub score: f32,
    /// Per aspect (index of [`Aspect::ALL`]): −1, 0 or +1 by the label of the clause that
    /// mentions it, or `i8::MIN` when not mentioned.
    pub aspects: [i8; 7],
}

/// Aspect slot value for "not mentioned".
pub const NOT_MENTIONED: i8 = i8::MIN;

/// Scores texts `range` (the caller splits the work into chunks to keep a page responsive).
pub fn score_range(texts: &Texts, range: Range<usize>) -> Vec<Scored> {
    range.map(|i| score_text(texts.text(i))).collect()
}

/// Scores one text.
pub fn score_text(text: &str) -> Scored {
    let a = sentiment::analyze(text);
    let mut aspects = [NOT_MENTIONED; 7];
    for m in &a.aspects {
        aspects[m.aspect.index()] = match sentiment::label_of(m.score) {
            Label::Pos => 1,
            Label::Neu => 0,
            Label::Neg => -1,
        };
    }
    Scored {
        label: a.label,
        score: a.score,
        aspects,
    }
}

/// Bytes of one [`Scored`] in [`Scored::pack`]'s form.
pub const PACKED: usize = 12;

impl Scored {
    /// 12 bytes: the label (0 negative, 1 neutral, 2 positive), the score (f32, little-endian)
    /// and the seven aspect slots. How the classifying worker sends scores to the page.
    pub fn pack(&self, out: &mut Vec<u8>) {
        out.push(match self.label {
            Label::Neg => 0,
            Label::Neu => 1,
            Label::Pos => 2,
        });
        out.extend_from_slice(&self.score.to_le_bytes());
        out.extend(self.aspects.iter().map(|&a| a as u8));
    }

    /// The inverse of [`Scored::pack`]; `None` for a slice of another length or a label or
    /// aspect byte out of range.
    pub fn unpack(b: &[u8]) -> Option<Scored> {
        if b.len() != PACKED {
            return None;
        }
        let label = match b[0] {
            0 => Label::Neg,
            1 => Label::Neu,
            2 => Label::Pos,
            _ => return None,
        };
        let score = f32::from_le_bytes([b[1], b[2], b[3], b[4]]);
        if !(-1.0..=1.0).contains(&score) {
            return None;
        }
        let mut aspects = [NOT_MENTIONED; 7];
        for (slot, &v) in aspects.iter_mut().zip(&b[5..]) {
            *slot = match v as i8 {
                a @ (-1..=1) => a,
                NOT_MENTIONED => NOT_MENTIONED,
                _ => return None,
            };
        }
        Some(Scored {
            label,
            score,
            aspects,
        })
    }
}

/// What the examples are narrowed to (a click on a source or an aspect); the aggregates keep
/// the whole filtered set so their charts show the full context.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Focus {
    /// Only texts of this source.
    pub source: Option<TextSource>,
    /// Only texts that mention this aspect.
    pub aspect: Option<Aspect>,
}

impl Focus {
    fn admits(&self, source: TextSource, s: &Scored) -> bool {
        self.source.is_none_or(|f| f == source)
            && self.aspect.is_none_or(|a| {
                s.aspects
                    .get(a.index())
                    .is_some_and(|v| *v != NOT_MENTIONED)
            })
    }
}

impl Texts {
    /// The texts whose rows `sel` holds, in text order. Memory follows the selection, not the
    /// row numbers' values.
    pub fn selected(&self, sel: &Selection) -> Vec<usize> {
        let maps: Vec<Vec<bool>> = TextSource::ALL
            .iter()
            .map(|s| {
                let rows = s.selected(sel);
                let len = rows.iter().max().map_or(0, |m| *m as usize + 1);
                let mut m = vec![false; len];
                for &r in rows {
                    m[r as usize] = true;
                }
                m
            })
            .collect();
        (0..self.len())
            .filter(|&i| {
                let row = self.row.get(i).copied().unwrap_or(u32::MAX) as usize;
                maps[self.source[i] as usize]
                    .get(row)
                    .copied()
                    .unwrap_or(false)
            })
            .collect()
    }
}

fn add_counts(to: &mut [Counts; 4], from: &[Counts; 4]) {
    for (t, f) in to.iter_mut().zip(from) {
        t.neg += f.neg;
        t.neu += f.neu;
        t.pos += f.pos;
    }
}

/// Counts of the three classes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Negative.
    pub neg: u32,
    /// Neutral.
    pub neu: u32,
    /// Positive.
    pub pos: u32,
}

impl Counts {
    fn add(&mut self, l: Label) {
        match l {
            Label::Neg => self.neg += 1,
            Label::Neu => self.neu += 1,
            Label::Pos => self.pos += 1,
        }
    }
    /// All texts.
    pub fn total(&self) -> u32 {
        self.neg + self.neu + self.pos
    }
    /// Net sentiment: (positive − negative) / total × 100, `None` when empty.
    pub fn net(&self) -> Option<f64> {
        let t = self.total();
        (t > 0).then(|| (f64::from(self.pos) - f64::from(self.neg)) / f64::from(t) * 100.0)
    }
}

/// One source's distribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRow {
    /// Source.
    pub source: TextSource,
    /// Its classes.
    pub counts: Counts,
}

/// One month of one source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthRow {
    /// `YYYY-MM`.
    pub month: String,
    /// Per source, in [`TextSource::ALL`] order.
    pub by_source: [Counts; 4],
}

/// One aspect.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AspectRow {
    /// The aspect.
    pub aspect: Aspect,
    /// The sentiment of the clauses that mention it.
    pub counts: Counts,
}

/// The sentiment view's numbers for a selection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentimentReport {
    /// Texts selected and scored.
    pub counts: Counts,
    /// Per source, in [`TextSource::ALL`] order.
    pub by_source: Vec<SourceRow>,
    /// Per month, oldest first.
    pub monthly: Vec<MonthRow>,
    /// Per aspect, most mentioned first.
    pub aspects: Vec<AspectRow>,
    /// Most negative texts of the last 30 days of the selection (indices into [`Texts`]).
    pub most_negative: Vec<usize>,
    /// Most positive texts of the same days.
    pub most_positive: Vec<usize>,
    /// First day of "recent", `YYYY-MM-DD`.
    pub recent_from: Option<String>,
}

/// Days counted as recent for the example texts.
pub const RECENT_DAYS: i32 = 30;

/// Aggregates the sentiment of the texts scored so far (`scored[i]` belongs to text `i`; texts
/// not yet scored are left out) over the filter's dates and, for channel filters, its sources
/// (`chat` keeps WhatsApp; surveys and complaints are kept by any channel filter, reviews only
/// without one). `top` examples of each polarity.
pub fn sentiment_report(
    texts: &Texts,
    scored: &[Option<Scored>],
    sel: &Selection,
    focus: &Focus,
    top: usize,
) -> SentimentReport {
    let selected = texts.selected(sel);
    let mut tally = Tally::default();
    tally.add(texts, scored, &selected);
    tally.report(texts, scored, &selected, focus, top)
}

/// The additive part of a [`SentimentReport`] (counts per class, source, aspect and month, and
/// the newest text), kept up to date as scores arrive: a new chunk of scores costs its own texts,
/// not a pass over every text of the selection.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    counts: Counts,
    by_source: [Counts; 4],
    aspects: [Counts; 7],
    monthly: BTreeMap<i32, [Counts; 4]>,
    latest: i64,
}

impl Default for Tally {
    fn default() -> Self {
        Tally {
            counts: Counts::default(),
            by_source: [Counts::default(); 4],
            aspects: [Counts::default(); 7],
            monthly: BTreeMap::new(),
            latest: i64::MIN,
        }
    }
}

impl Tally {
    /// Texts counted.
    pub fn total(&self) -> u32 {
        self.counts.total()
    }

    /// Counts the texts `which` that are scored (each once: the caller never passes a text
    /// twice).
    pub fn add(&mut self, texts: &Texts, scored: &[Option<Scored>], which: &[usize]) {
        // Texts come month after month within each source: the month's counts are kept aside
        // and added to the map when the month changes (one calendar conversion per day of
        // texts, not per text).
        let (mut day, mut month, mut here) = (i32::MIN, i32::MIN, [Counts::default(); 4]);
        for &i in which {
            let Some(s) = scored.get(i).copied().flatten() else {
                continue;
            };
            let (Some(&source), Some(&at)) = (texts.source.get(i), texts.at_ms.get(i)) else {
                continue;
            };
            let src = source as usize;
            self.counts.add(s.label);
            self.by_source[src].add(s.label);
            let d = day_of_ms(at);
            if d != day {
                day = d;
                let m = month_index(d);
                if m != month {
                    if month != i32::MIN {
                        add_counts(self.monthly.entry(month).or_default(), &here);
                    }
                    (month, here) = (m, [Counts::default(); 4]);
                }
            }
            here[src].add(s.label);
            for (a, &v) in s.aspects.iter().enumerate() {
                if v != NOT_MENTIONED {
                    self.aspects[a].add(match v {
                        1 => Label::Pos,
                        -1 => Label::Neg,
                        _ => Label::Neu,
                    });
                }
            }
            self.latest = self.latest.max(at);
        }
        if month != i32::MIN {
            add_counts(self.monthly.entry(month).or_default(), &here);
        }
    }

    /// The report: these counts, and the strongest recent examples among `selected` (the
    /// texts the counts are of; those not scored yet are passed over) that `focus` admits.
    pub fn report(
        &self,
        texts: &Texts,
        scored: &[Option<Scored>],
        selected: &[usize],
        focus: &Focus,
        top: usize,
    ) -> SentimentReport {
        let score = |i: usize| scored.get(i).copied().flatten();
        let latest = self.latest;
        let recent_from_day = (latest != i64::MIN).then(|| day_of_ms(latest) - RECENT_DAYS + 1);
        let recent: Vec<usize> = recent_from_day.map_or_else(Vec::new, |d| {
            selected
                .iter()
                .copied()
                .filter(|&i| {
                    score(i).is_some() && texts.at_ms.get(i).is_some_and(|&t| day_of_ms(t) >= d)
                })
                .collect()
        });
        let pick = |label: Label, sign: f32| {
            let mut v: Vec<usize> = recent
                .iter()
                .copied()
                .filter(|&i| {
                    score(i).is_some_and(|s| s.label == label && focus.admits(texts.source[i], &s))
                })
                .collect();
            // Strongest first; the newest breaks ties.
            v.sort_by(|&a, &b| {
                let of = |i: usize| score(i).map_or(0.0, |s| sign * s.score);
                of(b)
                    .total_cmp(&of(a))
                    .then(texts.at_ms[b].cmp(&texts.at_ms[a]))
            });
            v.truncate(top);
            v
        };
        let mut aspect_rows: Vec<AspectRow> = Aspect::ALL
            .iter()
            .zip(self.aspects)
            .map(|(&aspect, counts)| AspectRow { aspect, counts })
            .filter(|r| r.counts.total() > 0)
            .collect();
        aspect_rows.sort_by_key(|r| std::cmp::Reverse(r.counts.total()));
        SentimentReport {
            counts: self.counts,
            by_source: TextSource::ALL
                .iter()
                .zip(self.by_source)
                .map(|(&source, counts)| SourceRow { source, counts })
                .collect(),
            monthly: self
                .monthly
                .iter()
                .map(|(&m, &by_source)| MonthRow {
                    month: month_label(m),
                    by_source,
                })
                .collect(),
            aspects: aspect_rows,
            most_negative: pick(Label::Neg, -1.0),
            most_positive: pick(Label::Pos, 1.0),
            recent_from: recent_from_day.map(|d| {
                let (y, m, dd) = crate::calendar::civil_from_days(d);
                format!("{y:04}-{m:02}-{dd:02}")
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::MS_PER_DAY;
    use crate::filter::parse_day;

    /// Texts, each the next row of its source's dataset.
    fn texts(rows: &[(TextSource, &str, &str)]) -> Texts {
        let mut t = Texts::default();
        for (s, day, text) in rows {
            let d = parse_day(day).expect("day");
            t.source.push(*s);
            t.at_ms.push(i64::from(d) * MS_PER_DAY + 3_600_000);
            t.row.push(t.rows_read[*s as usize] as u32);
            t.rows_read[*s as usize] += 1;
            t.buf.push_str(text);
            t.ends.push(t.buf.len());
        }
        t
    }

    /// A selection of the given rows of each text dataset.
    fn sel(reviews: &[u32], chats: &[u32], surveys: &[u32]) -> Selection {
        Selection {
            reviews: reviews.to_vec(),
            chats: chats.to_vec(),
            surveys: surveys.to_vec(),
            ..Selection::default()
        }
    }

    #[test]
    fn aggregates_by_source_month_and_aspect_and_obeys_the_selection() {
        let t = texts(&[
            (
                TextSource::Review,
                "2026-09-10",
                "pésima atención, el asesor fue grosero",
            ),
            (
                TextSource::Whatsapp,
                "2026-10-02",
                "gracias, muy amable la señorita",
            ),
            (
                TextSource::Whatsapp,
                "2026-10-20",
                "llevo 3 días sin internet",
            ),
            (TextSource::Survey, "2026-10-21", "¿cuál es el horario?"),
        ]);
        let scored: Vec<_> = score_range(&t, 0..t.len()).into_iter().map(Some).collect();
        let all = sel(&[0], &[0, 1], &[0]);
        let r = sentiment_report(&t, &scored, &all, &Focus::default(), 5);
        assert_eq!((r.counts.neg, r.counts.neu, r.counts.pos), (2, 1, 1));
        assert_eq!(r.monthly.len(), 2);
        assert_eq!(r.monthly[1].by_source[1].total(), 2);
        assert_eq!(r.by_source[0].counts.neg, 1);
        let atencion = r
            .aspects
            .iter()
            .find(|a| a.aspect == Aspect::Atencion)
            .expect("mentioned");
        assert_eq!((atencion.counts.neg, atencion.counts.pos), (1, 1));
        // The review of September is older than 30 days before the last text.
        assert_eq!(r.most_negative, vec![2]);
        assert_eq!(r.most_positive, vec![1]);
        assert_eq!(r.recent_from.as_deref(), Some("2026-09-22"));

        // Only what the filter selected: the second conversation and the survey.
        let part = sel(&[], &[1], &[0]);
        let r = sentiment_report(&t, &scored, &part, &Focus::default(), 5);
        assert_eq!(r.counts.total(), 2);
        assert_eq!(r.by_source[0].counts.total(), 0);
        assert_eq!(r.most_positive, Vec::<usize>::new());
    }

    #[test]
    fn a_focus_narrows_the_examples_not_the_aggregates() {
        let t = texts(&[
            (TextSource::Review, "2026-10-10", "pésimo, nunca más"),
            (
                TextSource::Whatsapp,
                "2026-10-11",
                "pésimo servicio, horrible",
            ),
        ]);
        let scored: Vec<_> = score_range(&t, 0..t.len()).into_iter().map(Some).collect();
        let all = sel(&[0], &[0], &[]);
        let focus = Focus {
            source: Some(TextSource::Whatsapp),
            aspect: None,
        };
        let r = sentiment_report(&t, &scored, &all, &focus, 5);
        assert_eq!(r.counts.neg, 2);
        assert_eq!(r.most_negative, vec![1]);
    }

    #[test]
    fn texts_not_yet_scored_are_left_out() {
        let t = texts(&[
            (TextSource::Review, "2026-10-10", "excelente"),
            (TextSource::Review, "2026-10-11", "pésimo"),
        ]);
        let all = sel(&[0, 1], &[], &[]);
        let scored: Vec<_> = score_range(&t, 0..1).into_iter().map(Some).collect();
        let r = sentiment_report(&t, &scored, &all, &Focus::default(), 5);
        assert_eq!(r.counts.total(), 1);
        let none = sentiment_report(&t, &[], &all, &Focus::default(), 5);
        assert_eq!(none.counts.total(), 0);
        assert!(none.monthly.is_empty() && none.recent_from.is_none());
    }

    #[test]
    fn packed_scores_travel_whole() {
        let t = texts(&[
            (
                TextSource::Review,
                "2026-10-10",
                "excelente atención, muy rápido",
            ),
            (TextSource::Whatsapp, "2026-10-11", "pésimo, nadie responde"),
            (TextSource::Survey, "2026-10-12", "ñandú, señorita: regular"),
        ]);
        let mut packed = Vec::new();
        let scored = score_range(&t, 0..3);
        for s in &scored {
            s.pack(&mut packed);
        }
        assert_eq!(packed.len(), 3 * PACKED);
        let back: Vec<_> = packed.chunks(PACKED).map(Scored::unpack).collect();
        assert_eq!(back, scored.iter().copied().map(Some).collect::<Vec<_>>());
        assert_eq!(Scored::unpack(&packed[..11]), None);
        let mut bad = packed[..PACKED].to_vec();
        bad[0] = 3;
        assert_eq!(Scored::unpack(&bad), None);
        let mut bad = packed[..PACKED].to_vec();
        bad[5] = 7;
        assert_eq!(Scored::unpack(&bad), None);
        let mut bad = packed[..PACKED].to_vec();
        bad[1..5].copy_from_slice(&f32::NAN.to_le_bytes());
        assert_eq!(Scored::unpack(&bad), None);
    }

    #[test]
    fn a_tally_kept_up_chunk_by_chunk_reports_as_one_pass() {
        let t = texts(&[
            (
                TextSource::Review,
                "2026-08-30",
                "pésima atención, el asesor fue grosero",
            ),
            (
                TextSource::Whatsapp,
                "2026-09-02",
                "gracias, muy amable la señorita",
            ),
            (
                TextSource::Whatsapp,
                "2026-09-02",
                "nadie responde, pésimo servicio",
            ),
            (TextSource::Survey, "2026-10-01", "todo bien, rápido"),
            (
                TextSource::Complaint,
                "2026-10-20",
                "me cobraron dos veces, exijo devolución",
            ),
            (TextSource::Review, "2026-10-21", "excelente"),
        ]);
        let all = sel(&[0, 1], &[0, 1], &[0]);
        let all = Selection {
            complaints: vec![0],
            ..all
        };
        let selected = t.selected(&all);
        let every: Vec<Option<Scored>> =
            score_range(&t, 0..t.len()).into_iter().map(Some).collect();
        // Scores arrive in two chunks, out of order; the report after each equals one pass over
        // what is scored by then.
        let mut scored = vec![None; t.len()];
        let mut tally = Tally::default();
        for chunk in [&[4usize, 1, 5][..], &[0, 2, 3][..]] {
            for &i in chunk {
                scored[i] = every[i];
            }
            tally.add(&t, &scored, chunk);
            let want = sentiment_report(&t, &scored, &all, &Focus::default(), 2);
            assert_eq!(
                tally.report(&t, &scored, &selected, &Focus::default(), 2),
                want
            );
        }
        assert_eq!(tally.total(), 6);
        assert_eq!(
            sentiment_report(&t, &scored, &all, &Focus::default(), 2)
                .monthly
                .len(),
            3
        );
    }
}
