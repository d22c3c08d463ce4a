//! The lexicons and rule words, compiled into the crate from `data/` and indexed on first use.
//!
//! Sources, in the order a word is looked up:
//! 1. `lexicon_pe.tsv` — the project's own list of Peruvian and customer-service words and phrases;
//! 2. `emoji.tsv` — emojis and emoticons (the project's), then AFINN's emojis;
//! 3. `senticon_es.tsv` — ML-SentiCon, Spanish (Cruz, Troyano, Pontes, Ortega, 2014), as shipped in
//!    the npm package `natural` (MIT);
//! 4. `afinn_es.tsv` — AFINN's Spanish short list (after Nielsen, 2011), also from `natural`;
//! 5. the Snowball Spanish stem of the word against the stems of all the above (`rust-stemmers`).

use std::collections::HashMap;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::tokens::normalize;

const LEXICON_PE: &str = include_str!("../data/lexicon_pe.tsv");
const EMOJI: &str = include_str!("../data/emoji.tsv");
const SENTICON: &str = include_str!("../data/senticon_es.tsv");
const AFINN: &str = include_str!("../data/afinn_es.tsv");
const RULES: &str = include_str!("../data/rules_es.tsv");
const ASPECTS: &str = include_str!("../data/aspects_es.tsv");

/// Bytes of lexicon data compiled into the crate.
pub const DATA_BYTES: usize =
    LEXICON_PE.len() + EMOJI.len() + SENTICON.len() + AFINN.len() + RULES.len() + ASPECTS.len();

/// Where a word's weight came from (shown in explanations).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The project's lexicon.
    Project,
    /// Emoji or emoticon.
    Emoji,
    /// ML-SentiCon.
    Senticon,
    /// AFINN.
    Afinn,
    /// A stem match against any of them.
    Stem,
}

/// Senticon polarity (−1..1) to the model's points.
const SENTICON_SCALE: f32 = 4.0;
/// Senticon adjectives and adverbs weaker than this are noise for customer texts.
const SENTICON_MIN: f32 = 0.3;
/// Nouns and verbs carry connotation more than opinion ("representante", "confirmar"): only
/// strong ones count.
const SENTICON_MIN_NOUN_VERB: f32 = 0.5;
/// Shortest stem looked up (shorter stems match unrelated words).
const MIN_STEM: usize = 5;
/// AFINN score (−5..5) to points.
const AFINN_SCALE: f32 = 0.8;

/// Rule-word classes of `rules_es.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// Flips what follows.
    Negator,
    /// Multiplies what follows.
    Intensifier,
    /// Softens what follows.
    Diminisher,
    /// "poco": nearly negates what follows.
    Scarce,
    /// Softens what precedes.
    After,
    /// Weighs the next clause over the previous one.
    Contrast,
    /// Opens a clause that weighs less.
    Concessive,
    /// Marks a request.
    Request,
    /// Marks mockery.
    Sarcasm,
    /// Makes a duration a wait.
    Wait,
    /// Makes a duration a quick service.
    Fast,
    /// A time unit.
    Unit,
    /// A spelled number.
    Number,
    /// Opens a question that is a complaint ("¿por qué…?").
    Rhetorical,
    /// A unit that makes a count a complaint about repetition ("3 veces").
    Repeat,
    /// Something customers expect: negated, a complaint ("no corresponde", "sin internet").
    Expected,
}

impl Rule {
    /// Function words that change other words and are not opinions themselves.
    pub fn is_modifier(self) -> bool {
        matches!(
            self,
            Rule::Negator
                | Rule::Intensifier
                | Rule::Diminisher
                | Rule::Scarce
                | Rule::After
                | Rule::Contrast
                | Rule::Concessive
        )
    }
}

/// Everything the model looks up.
pub struct Lexicon {
    /// Single words and phrases (normalised, space-separated) → points.
    pub terms: HashMap<String, (f32, Source)>,
    /// Prefix entries (`demor*`) → points, by prefix.
    pub prefixes: HashMap<String, f32>,
    /// Stem → mean points of the words with that stem.
    pub stems: HashMap<String, f32>,
    /// Longest phrase in words.
    pub max_phrase: usize,
    /// Rule words and phrases → (class, value).
    pub rules: HashMap<String, Vec<(Rule, f32)>>,
    /// Longest rule phrase in words.
    pub max_rule: usize,
    /// Chat spellings → the words they stand for ("xq" → "porque").
    pub abbrev: HashMap<String, String>,
    /// Aspect terms → aspect index (see `crate::Aspect::ALL`), and prefixes.
    pub aspect_terms: HashMap<String, u8>,
    /// Aspect prefixes.
    pub aspect_prefixes: Vec<(String, u8)>,
    stemmer: Stemmer,
}

fn rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

impl Lexicon {
    /// The lexicon, built once.
    pub fn get() -> &'static Lexicon {
        static L: OnceLock<Lexicon> = OnceLock::new();
        L.get_or_init(Lexicon::build)
    }

    fn build() -> Lexicon {
        let stemmer = Stemmer::create(Algorithm::Spanish);
        let mut terms: HashMap<String, (f32, Source)> = HashMap::new();
        let mut prefixes = HashMap::new();
        let mut stem_sum: HashMap<String, (f32, f32)> = HashMap::new();
        let add_stem = |stems: &mut HashMap<String, (f32, f32)>, word: &str, w: f32| {
            let stem = stemmer.stem(word);
            if !word.contains(' ') && stem.chars().count() >= MIN_STEM {
                let e = stems.entry(stem.into_owned()).or_default();
                e.0 += w;
                e.1 += 1.0;
            }
        };
        // Later sources never override earlier ones.
        for r in rows(LEXICON_PE) {
            let (Some(term), Some(Ok(w))) = (r.first(), r.get(1).map(|w| w.trim().parse::<f32>()))
            else {
                continue;
            };
            let t = normalize(term);
            if let Some(p) = t.strip_suffix('*') {
                prefixes.insert(p.to_string(), w);
            } else {
                terms.entry(t).or_insert((w, Source::Project));
            }
        }
        for r in rows(EMOJI) {
            if let (Some(term), Some(Ok(w))) = (r.first(), r.get(1).map(|w| w.trim().parse())) {
                terms.entry(normalize(term)).or_insert((w, Source::Emoji));
            }
        }
        for r in rows(SENTICON) {
            if let (Some(term), Some(Ok(p))) =
                (r.first(), r.get(1).map(|w| w.trim().parse::<f32>()))
            {
                let min = match r.get(2).map(|s| s.trim()) {
                    Some("a" | "r") => SENTICON_MIN,
                    _ => SENTICON_MIN_NOUN_VERB,
                };
                if p.abs() >= min {
                    terms
                        .entry(normalize(term))
                        .or_insert((p * SENTICON_SCALE, Source::Senticon));
                }
            }
        }
        for r in rows(AFINN) {
            if let (Some(term), Some(Ok(s))) =
                (r.first(), r.get(1).map(|w| w.trim().parse::<f32>()))
            {
                let t = normalize(term.trim_start_matches('*'));
                let emoji = t.chars().next().is_some_and(|c| !c.is_alphanumeric());
                // AFINN's ±1 words are mostly machine-translation noise ("acciones", "ajuste").
                if s.abs() >= 2.0 || emoji {
                    let source = if emoji { Source::Emoji } else { Source::Afinn };
                    terms.entry(t).or_insert((s * AFINN_SCALE, source));
                }
            }
        }
        for (t, (w, source)) in &terms {
            // Stems come from opinion words only; the project's neutral words (weight 0) join so
            // their inflections stay neutral too.
            let strong = match source {
                Source::Project => true,
                Source::Senticon => w.abs() >= SENTICON_MIN_NOUN_VERB * SENTICON_SCALE,
                Source::Afinn => w.abs() >= 3.0 * AFINN_SCALE,
                _ => false,
            };
            if strong {
                add_stem(&mut stem_sum, t, *w);
            }
        }
        let stems = stem_sum
            .into_iter()
            .map(|(k, (s, n))| (k, s / n))
            .filter(|(_, w)| w.abs() >= 0.5)
            .collect();
        let max_phrase = terms
            .keys()
            .map(|k| k.split(' ').count())
            .max()
            .unwrap_or(1);

        let mut rules: HashMap<String, Vec<(Rule, f32)>> = HashMap::new();
        let mut abbrev = HashMap::new();
        for r in rows(RULES) {
            let (Some(kind), Some(term)) = (r.first(), r.get(1)) else {
                continue;
            };
            let rule = match *kind {
                "negator" => Rule::Negator,
                "intensifier" => Rule::Intensifier,
                "diminisher" => Rule::Diminisher,
                "scarce" => Rule::Scarce,
                "after" => Rule::After,
                "contrast" => Rule::Contrast,
                "concessive" => Rule::Concessive,
                "request" => Rule::Request,
                "sarcasm" => Rule::Sarcasm,
                "wait" => Rule::Wait,
                "fast" => Rule::Fast,
                "unit" => Rule::Unit,
                "number" => Rule::Number,
                "rhetorical" => Rule::Rhetorical,
                "repeat" => Rule::Repeat,
                "expected" => Rule::Expected,
                "abbrev" => {
                    if let Some(full) = r.get(2) {
                        abbrev.insert(normalize(term), normalize(full));
                    }
                    continue;
                }
                _ => continue,
            };
            let value = r.get(2).and_then(|v| v.trim().parse().ok()).unwrap_or(1.0);
            rules
                .entry(normalize(term))
                .or_default()
                .push((rule, value));
        }
        let max_rule = rules
            .keys()
            .map(|k| k.split(' ').count())
            .max()
            .unwrap_or(1);

        let mut aspect_terms = HashMap::new();
        let mut aspect_prefixes = Vec::new();
        for r in rows(ASPECTS) {
            let (Some(a), Some(term)) = (r.first(), r.get(1)) else {
                continue;
            };
            let Some(idx) = crate::Aspect::ALL.iter().position(|x| x.key() == *a) else {
                continue;
            };
            let t = normalize(term);
            match t.strip_suffix('*') {
                Some(p) => aspect_prefixes.push((p.to_string(), idx as u8)),
                None => {
                    aspect_terms.insert(t, idx as u8);
                }
            }
        }
        // Longest prefixes first, so the most specific one wins.
        aspect_prefixes.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));

        Lexicon {
            terms,
            prefixes,
            stems,
            max_phrase,
            rules,
            max_rule,
            abbrev,
            aspect_terms,
            aspect_prefixes,
            stemmer,
        }
    }

    /// Weight of one normalised word: exact entry, prefix entry, diminutive or superlative of an
    /// entry, then its stem. Returns the weight, where it came from, and an intensity factor
    /// (superlatives count more).
    pub fn word(&self, w: &str) -> Option<(f32, Source, f32)> {
        if let Some(&(x, s)) = self.terms.get(w) {
            return Some((x, s, 1.0));
        }
        if let Some(x) = self.prefix(w) {
            return Some((x, Source::Project, 1.0));
        }
        if w.chars().count() < MIN_STEM || w.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        // Superlatives and diminutives: rapidísimo → rápido, amabilísima → amable, cortita → corta.
        for (suffix, repl, factor) in [
            ("bilisimo", "ble", 1.5),
            ("bilisima", "ble", 1.5),
            ("isimos", "os", 1.5),
            ("isimas", "as", 1.5),
            ("isimo", "o", 1.5),
            ("isima", "a", 1.5),
            ("citos", "", 1.0),
            ("citas", "", 1.0),
            ("cito", "", 1.0),
            ("cita", "", 1.0),
            ("itos", "os", 1.0),
            ("itas", "as", 1.0),
            ("ito", "o", 1.0),
            ("ita", "a", 1.0),
        ] {
            if let Some(base) = w.strip_suffix(suffix) {
                if base.chars().count() >= 2 {
                    let b = format!("{base}{repl}");
                    if let Some(&(x, s)) = self.terms.get(&b) {
                        return Some((x, s, factor));
                    }
                    if let Some(x) = self.prefix(&b) {
                        return Some((x, Source::Project, factor));
                    }
                }
            }
        }
        let stem = self.stemmer.stem(w);
        if stem.chars().count() < MIN_STEM {
            return None;
        }
        self.stems
            .get(stem.as_ref())
            .map(|&x| (x, Source::Stem, 1.0))
    }

    fn prefix(&self, w: &str) -> Option<f32> {
        // Longest matching prefix of at least three characters.
        let shortest = w.char_indices().nth(3).map_or(w.len(), |(i, _)| i);
        std::iter::once(w.len())
            .chain(
                w.char_indices()
                    .rev()
                    .map(|(i, _)| i)
                    .take_while(|&i| i >= shortest),
            )
            .find_map(|end| self.prefixes.get(&w[..end]).copied())
    }

    /// Rule classes of a normalised word or phrase.
    pub fn rule(&self, term: &str) -> &[(Rule, f32)] {
        self.rules.get(term).map_or(&[], Vec::as_slice)
    }

    /// Aspect index of a normalised word or phrase.
    pub fn aspect(&self, term: &str) -> Option<u8> {
        self.aspect_terms.get(term).copied().or_else(|| {
            self.aspect_prefixes
                .iter()
                .find(|(p, _)| term.starts_with(p.as_str()))
                .map(|&(_, a)| a)
        })
    }
}
