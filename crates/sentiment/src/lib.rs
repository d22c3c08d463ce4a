//! Sentiment of Spanish (Peruvian) customer texts: `pos`, `neu` or `neg`, a score, the words and
//! rules that decided it, and the aspects the text talks about with the sentiment of each.
//!
//! A lexicon-and-rules model, small enough for the browser and explainable:
//! - words and phrases from the project's Peruvian customer-service lexicon, emojis and emoticons,
//!   ML-SentiCon and AFINN (Spanish), and Snowball stems for inflected forms (see [`lexicon`]);
//! - negation with a scope of three words inside the clause; intensifiers, diminishers and
//!   "poco"; superlatives and diminutives; ALL CAPS and stretched letters ("buenooo");
//! - contrast: the clause after "pero" / "sin embargo" weighs more than the one before, a clause
//!   opened by "aunque" weighs less;
//! - durations of waiting ("llevo 3 días", "1 hora de cola") count as complaints;
//! - sarcasm: with a cue (🙄, ¬¬, "gracias por nada", "qué eficientes", 👏…) and complaints in the
//!   same text, its praise is read as mockery;
//! - questions and requests are damped towards neutral; a text with no opinion is neutral.

#![warn(missing_docs)]

pub mod eval;
pub mod lexicon;
pub mod tokens;

use lexicon::{Lexicon, Rule, Source};
use serde::Serialize;
use tokens::{tokenize, Kind, Token};

/// The three classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// Negative.
    Neg,
    /// Neutral: no opinion, a question, a request, or opinions that cancel out.
    Neu,
    /// Positive.
    Pos,
}

impl Label {
    /// `pos`, `neu` or `neg`.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Pos => "pos",
            Label::Neu => "neu",
            Label::Neg => "neg",
        }
    }
    /// Parses `pos`, `neu` or `neg`.
    pub fn parse(s: &str) -> Option<Label> {
        match s {
            "pos" => Some(Label::Pos),
            "neu" => Some(Label::Neu),
            "neg" => Some(Label::Neg),
            _ => None,
        }
    }
    /// The three labels in a fixed order.
    pub const ALL: [Label; 3] = [Label::Neg, Label::Neu, Label::Pos];
}

/// What customers talk about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Aspect {
    /// Waiting and speed.
    Espera,
    /// Bills, charges and prices.
    Cobro,
    /// Mobile signal and home internet.
    Senal,
    /// Deliveries, installations and technician visits.
    Entrega,
    /// Staff attitude.
    Atencion,
    /// Refunds.
    Reembolso,
    /// Phones, routers and SIM cards.
    Equipo,
}

impl Aspect {
    /// Every aspect, in display order.
    pub const ALL: [Aspect; 7] = [
        Aspect::Espera,
        Aspect::Cobro,
        Aspect::Senal,
        Aspect::Entrega,
        Aspect::Atencion,
        Aspect::Reembolso,
        Aspect::Equipo,
    ];
    /// Key used in `data/aspects_es.tsv`.
    pub fn key(self) -> &'static str {
        match self {
            Aspect::Espera => "espera",
            Aspect::Cobro => "cobro",
            Aspect::Senal => "senal",
            Aspect::Entrega => "entrega",
            Aspect::Atencion => "atencion",
            Aspect::Reembolso => "reembolso",
            Aspect::Equipo => "equipo",
        }
    }
    /// Spanish name for display.
    pub fn name_es(self) -> &'static str {
        match self {
            Aspect::Espera => "Espera",
            Aspect::Cobro => "Cobros y facturación",
            Aspect::Senal => "Señal e internet",
            Aspect::Entrega => "Entregas e instalaciones",
            Aspect::Atencion => "Trato del personal",
            Aspect::Reembolso => "Reembolsos",
            Aspect::Equipo => "Equipos",
        }
    }
    /// Index in [`Aspect::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One piece of evidence: a word, phrase, emoji or rule and what it added to the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// Byte offset in the text.
    pub start: usize,
    /// Byte offset just after.
    pub end: usize,
    /// The words as written.
    pub text: String,
    /// Weight before the rules.
    pub base: f32,
    /// What it added to the score.
    pub weight: f32,
    /// Where the base weight came from: `project`, `emoji`, `senticon`, `afinn`, `stem`, `rule`.
    pub source: &'static str,
    /// Rules that changed it, e.g. `negated`, `intensified`, `after contrast`, `sarcasm`.
    pub rules: Vec<&'static str>,
}

/// An aspect the text mentions and the sentiment of the clause that mentions it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AspectMention {
    /// The aspect.
    pub aspect: Aspect,
    /// Points of the clause (or of the text, when the clause has no opinion).
    pub score: f32,
}

/// The full result for one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// The class.
    pub label: Label,
    /// Score in −1..1 (the points squashed); its sign agrees with the label unless neutral.
    pub score: f32,
    /// Sum of the evidence, in points.
    pub points: f32,
    /// What decided it, strongest first.
    pub evidence: Vec<Evidence>,
    /// Text-level rules that applied: `question`, `request`, `sarcasm`, `contrast`.
    pub notes: Vec<&'static str>,
    /// Aspects mentioned.
    pub aspects: Vec<AspectMention>,
}

/// Points from which a text is positive. Courtesy inflates praise ("gracias"), so a positive
/// label needs more than a thank-you.
pub const THRESHOLD: f32 = 1.0;
/// Points from which a text is negative: complaints in customer texts are seldom accidental,
/// so less evidence is needed.
pub const NEG_THRESHOLD: f32 = 0.7;

/// Least weight of a negated positive word: "no" + something expected reads as a complaint.
const NEGATED_MIN: f32 = 1.2;

/// Complaints a text needs before a sarcasm cue turns its praise into mockery.
const SARCASM_MIN: f32 = 1.5;

/// Label of a number of points.
pub fn label_of(points: f32) -> Label {
    if points >= THRESHOLD {
        Label::Pos
    } else if points <= -NEG_THRESHOLD {
        Label::Neg
    } else {
        Label::Neu
    }
}

/// Points squashed into −1..1.
pub fn squash(points: f32) -> f32 {
    points / (points * points + 8.0).sqrt()
}

/// Classifies one text: label and score in −1..1.
pub fn classify(text: &str) -> (Label, f32) {
    let a = analyze(text);
    (a.label, a.score)
}

#[derive(Debug, Clone)]
struct Item {
    first: usize,
    last: usize,
    base: f32,
    weight: f32,
    source: &'static str,
    rules: Vec<&'static str>,
}

fn source_name(s: Source) -> &'static str {
    match s {
        Source::Project => "project",
        Source::Emoji => "emoji",
        Source::Senticon => "senticon",
        Source::Afinn => "afinn",
        Source::Stem => "stem",
    }
}

/// Rule roles of each token.
#[derive(Default, Clone)]
struct Roles {
    rules: Vec<(Rule, f32)>,
    /// Index of the first token of the rule phrase this token starts, or none.
    phrase_len: usize,
}

fn phrase_at(toks: &[Token], i: usize, n: usize) -> Option<String> {
    if i + n > toks.len() {
        return None;
    }
    let span = &toks[i..i + n];
    if span
        .iter()
        .any(|t| t.kind == Kind::Punct(',') || t.ends_clause())
    {
        return None;
    }
    if n > 1 && !span.iter().all(|t| t.is_word() || t.kind == Kind::Emoji) {
        return None;
    }
    let mut s = String::new();
    for (k, t) in span.iter().enumerate() {
        if k > 0 {
            s.push(' ');
        }
        s.push_str(&t.norm);
    }
    Some(s)
}

/// Praise between quotes ("la red "más rápida"") mocks it.
fn quoted_praise(toks: &[Token], items: &[Item]) -> bool {
    let quotes: Vec<usize> = (0..toks.len())
        .filter(|&k| toks[k].kind == Kind::Punct('"'))
        .collect();
    quotes.chunks_exact(2).any(|q| {
        q[1] - q[0] <= 6
            && items
                .iter()
                .any(|it| it.first > q[0] && it.last < q[1] && it.weight > 0.0)
    })
}

/// The value of a number written in digits or in words, when known.
fn number_value(s: &str) -> Option<u32> {
    if let Ok(v) = s.parse() {
        return Some(v);
    }
    Some(match s {
        "un" | "una" | "uno" => 1,
        "dos" => 2,
        "tres" => 3,
        "cuatro" => 4,
        "cinco" => 5,
        "seis" => 6,
        "siete" => 7,
        "ocho" => 8,
        "nueve" => 9,
        "diez" => 10,
        "quince" => 15,
        "veinte" => 20,
        "treinta" => 30,
        "cuarenta" => 40,
        _ => return None,
    })
}

fn is_number(t: &Token, lex: &Lexicon) -> bool {
    t.is_word()
        && (t.norm.chars().all(|c| c.is_ascii_digit())
            || lex.rule(&t.norm).iter().any(|(r, _)| *r == Rule::Number))
}

/// Analyses one text.
pub fn analyze(text: &str) -> Analysis {
    let lex = Lexicon::get();
    let mut toks = tokenize(text);
    for t in toks.iter_mut().filter(|t| t.is_word()) {
        if let Some(full) = lex.abbrev.get(&t.norm) {
            t.norm.clone_from(full);
        }
    }
    let n = toks.len();
    let mut consumed = vec![false; n];
    let mut items: Vec<Item> = Vec::new();

    // 1. Lexicon phrases of two words or more take their words first ("sin señal", "no funciona").
    let mut i = 0;
    while i < n {
        let mut matched = 0;
        for len in (2..=lex.max_phrase.min(n - i)).rev() {
            if let Some(p) = phrase_at(&toks, i, len) {
                if let Some(&(w, s)) = lex.terms.get(&p) {
                    if w != 0.0 || s == Source::Project {
                        items.push(Item {
                            first: i,
                            last: i + len - 1,
                            base: w,
                            weight: w,
                            source: source_name(s),
                            rules: Vec::new(),
                        });
                        matched = len;
                        break;
                    }
                }
            }
        }
        if matched > 0 {
            consumed[i..i + matched].iter_mut().for_each(|c| *c = true);
            i += matched;
        } else {
            i += 1;
        }
    }

    // 2. Rule words and phrases on what is left.
    let mut roles: Vec<Roles> = vec![Roles::default(); n];
    let mut i = 0;
    while i < n {
        if consumed[i] {
            i += 1;
            continue;
        }
        let mut step = 1;
        for len in (1..=lex.max_rule.min(n - i)).rev() {
            if consumed[i..i + len].iter().any(|&c| c) {
                continue;
            }
            if let Some(p) = phrase_at(&toks, i, len) {
                let r = lex.rule(&p);
                // Sarcasm cues are found later in the raw words; they take no words here.
                if r.iter().any(|(rule, _)| *rule != Rule::Sarcasm) {
                    roles[i].rules = r.to_vec();
                    roles[i].phrase_len = len;
                    step = len;
                    break;
                }
            }
        }
        i += step;
    }
    let has = |k: usize, rule: Rule| roles[k].rules.iter().any(|(r, _)| *r == rule);
    let structural = |k: usize| roles[k].rules.iter().any(|(r, _)| r.is_modifier());
    // Tokens covered by a multi-word rule phrase.
    let mut in_rule_phrase = vec![false; n];
    for (k, role) in roles.iter().enumerate() {
        for j in 1..role.phrase_len {
            if let Some(f) = in_rule_phrase.get_mut(k + j) {
                *f = true;
            }
        }
    }

    // 3. Single words and emojis.
    for k in 0..n {
        if consumed[k] || in_rule_phrase[k] || structural(k) || roles[k].phrase_len > 1 {
            continue;
        }
        let t = &toks[k];
        if !(t.is_word() || t.kind == Kind::Emoji) {
            continue;
        }
        let found = lex.word(&t.norm).filter(|(w, _, _)| *w != 0.0);
        if found.is_none() && has(k, Rule::Expected) {
            // Weightless unless negated.
            items.push(Item {
                first: k,
                last: k,
                base: 0.0,
                weight: 0.0,
                source: "rule",
                rules: Vec::new(),
            });
        }
        if let Some((w, s, factor)) = found {
            {
                let mut item = Item {
                    first: k,
                    last: k,
                    base: w,
                    weight: w * factor,
                    source: source_name(s),
                    rules: Vec::new(),
                };
                if factor > 1.0 {
                    item.rules.push("superlative");
                }
                items.push(item);
            }
        }
    }

    // 4. Durations of waiting ("llevo 3 días", "5 horas esperando", "1 hora de cola") and
    //    repetitions ("3 veces"). Hours and longer count even without a word of waiting.
    let words: Vec<usize> = (0..n).filter(|&k| toks[k].is_word()).collect();
    for u in 1..n {
        let repeat = has(u, Rule::Repeat);
        if !(has(u, Rule::Unit) || repeat) || !is_number(&toks[u - 1], lex) {
            continue;
        }
        let Some(pos) = words.iter().position(|&k| k == u) else {
            continue;
        };
        let before = &words[pos.saturating_sub(5)..pos.saturating_sub(1)];
        let wait_strong = |ks: &[usize]| {
            ks.iter().any(|&k| {
                matches!(
                    toks[k].norm.as_str(),
                    "llevo" | "lleva" | "llevamos" | "mas"
                )
            })
        };
        let after = &words[(pos + 1).min(words.len())..(pos + 3).min(words.len())];
        let wait = before.iter().chain(after).any(|&k| has(k, Rule::Wait));
        let fast = pos >= 2 && has(words[pos - 2], Rule::Fast);
        let wait_after = after.iter().any(|&k| has(k, Rule::Wait));
        // Minutes are a complaint from 20 on, or with "más de" / "llevo"; hours always; days
        // and longer only with a word of waiting ("entre tres y cinco días" is a promise).
        let unit = toks[u].norm.as_str();
        let minutes = unit.starts_with("min");
        let amount = number_value(&toks[u - 1].norm);
        let long = unit.starts_with("hora");
        if minutes && amount.is_some_and(|v| v < 20) && !wait_strong(before) {
            continue;
        }
        let once = matches!(toks[u - 1].norm.as_str(), "1" | "un" | "una");
        let (weight, rule) = if repeat {
            (-1.0, "repeated")
        } else if wait {
            (-1.5, "waiting time")
        } else {
            (-1.0, "waiting time")
        };
        if (repeat && !once && !fast) || (!repeat && (wait || long) && (!fast || wait_after)) {
            items.push(Item {
                first: u - 1,
                last: u,
                base: weight,
                weight,
                source: "rule",
                rules: vec![rule],
            });
        }
    }
    items.sort_by_key(|it| it.first);

    // 5. Modifiers before and after each item, inside its clause.
    let mut opinion = vec![false; n];
    for it in &items {
        opinion[it.first..=it.last]
            .iter_mut()
            .for_each(|o| *o = true);
    }
    for it in &mut items {
        let mut k = it.first;
        let mut words_back = 0;
        let mut negated = false;
        while k > 0 && words_back < 3 {
            k -= 1;
            let t = &toks[k];
            if t.ends_clause() || has(k, Rule::Contrast) {
                break;
            }
            if !t.is_word() {
                continue;
            }
            if in_rule_phrase[k] {
                continue;
            }
            words_back += 1;
            for &(r, v) in &roles[k].rules {
                match r {
                    Rule::Negator if !negated => {
                        negated = true;
                    }
                    Rule::Intensifier if words_back <= 2 => {
                        it.weight *= v;
                        it.rules.push("intensified");
                    }
                    Rule::Diminisher if words_back <= 2 => {
                        it.weight *= v;
                        it.rules.push("softened");
                    }
                    Rule::Scarce if words_back == 1 && it.base > 0.0 => {
                        it.weight *= v;
                        it.rules.push("poco");
                    }
                    _ => {}
                }
            }
            // An opinion word closer than the negator owns it.
            if opinion[k] && !negated {
                break;
            }
        }
        if negated && !it.rules.contains(&"poco") {
            // A negated expectation is a complaint ("no corresponde", "no sirven").
            it.weight = if it.weight >= 0.0 {
                -(0.8 * it.weight).max(NEGATED_MIN)
            } else {
                -0.5 * it.weight
            };
            it.rules.push("negated");
        }
        if let Some(next) = toks[it.last + 1..].iter().position(|t| t.is_word()) {
            let k = it.last + 1 + next;
            if roles[k].rules.iter().any(|(r, _)| *r == Rule::After)
                && !toks[it.last + 1..k].iter().any(Token::ends_clause)
            {
                let f = roles[k]
                    .rules
                    .iter()
                    .find(|(r, _)| *r == Rule::After)
                    .map_or(1.0, |(_, v)| *v);
                it.weight *= f;
                it.rules.push("nomás");
            }
        }
        let span = &toks[it.first..=it.last];
        if span.iter().any(|t| t.caps) {
            it.weight *= 1.3;
            it.rules.push("capitals");
        }
        if span.iter().any(|t| t.stretched) {
            it.weight *= 1.3;
            it.rules.push("stretched");
        }
    }

    // 6. Sentences: questions, requests, exclamations.
    let mut notes: Vec<&'static str> = Vec::new();
    let mut start = 0;
    while start < n {
        let mut end = start;
        while end < n && !(toks[end].ends_sentence() && toks[end].kind != Kind::Punct('¿')) {
            end += 1;
        }
        // Swallow a run of closing marks ("???", "!!").
        let mut close = end;
        while close < n && toks[close].ends_sentence() && toks[close].kind != Kind::Punct('¿') {
            close += 1;
        }
        let marks = &toks[end..close];
        let rhetorical = (start..end.min(n))
            .find(|&k| toks[k].is_word())
            .is_some_and(|k| has(k, Rule::Rhetorical));
        let question = !rhetorical
            && (marks.iter().any(|t| t.kind == Kind::Punct('?'))
                || toks[start..end.min(n)]
                    .first()
                    .is_some_and(|t| t.kind == Kind::Punct('¿')));
        let bangs = marks.iter().filter(|t| t.kind == Kind::Punct('!')).count();
        let request = (start..end).any(|k| has(k, Rule::Request));
        for it in items
            .iter_mut()
            .filter(|it| it.first >= start && it.first < close.max(start + 1))
        {
            if question {
                it.weight *= 0.4;
                it.rules.push("question");
            } else if request {
                it.weight *= 0.4;
                it.rules.push("request");
            }
            if bangs > 0 {
                it.weight *= if bangs > 1 { 1.3 } else { 1.15 };
                it.rules.push("exclamation");
            }
        }
        if question && !notes.contains(&"question") {
            notes.push("question");
        }
        if request && !question && !notes.contains(&"request") {
            notes.push("request");
        }
        start = close.max(start + 1);
    }

    // 7. Contrast: after the last "pero" counts more, before it less; "aunque …," counts less.
    if let Some(c) = (0..n).rev().find(|&k| has(k, Rule::Contrast)) {
        let before: f32 = items
            .iter()
            .filter(|it| it.first < c)
            .map(|it| it.weight)
            .sum();
        let after: f32 = items
            .iter()
            .filter(|it| it.first > c)
            .map(|it| it.weight)
            .sum();
        if after != 0.0 {
            for it in &mut items {
                if it.first < c {
                    it.weight *= 0.5;
                    it.rules.push("before contrast");
                } else if it.first > c {
                    it.weight *= 1.5;
                    it.rules.push("after contrast");
                }
            }
            notes.push("contrast");
        } else if before != 0.0 {
            // "bueno pero…" with nothing after: the doubt still takes something away.
            for it in items.iter_mut().filter(|it| it.first < c) {
                it.weight *= 0.7;
                it.rules.push("before contrast");
            }
        }
    }
    for c in (0..n).filter(|&k| has(k, Rule::Concessive)) {
        let end = (c + 1..n).find(|&k| toks[k].ends_clause()).unwrap_or(n);
        for it in items.iter_mut().filter(|it| it.first > c && it.first < end) {
            it.weight *= 0.5;
            it.rules.push("concession");
        }
    }

    // 8. Sarcasm: a cue plus complaints turn the praise into mockery.
    // Cues are looked for in the words as written, even inside phrases ("me encanta pagar").
    let cue = (0..n).any(|k| {
        (1..=lex.max_rule.min(n - k)).any(|len| {
            phrase_at(&toks, k, len)
                .is_some_and(|p| lex.rule(&p).iter().any(|(r, _)| *r == Rule::Sarcasm))
        })
    }) || quoted_praise(&toks, &items);
    let complaints: f32 = items
        .iter()
        .filter(|it| it.weight < 0.0)
        .map(|it| it.weight)
        .sum();
    if cue && complaints <= -SARCASM_MIN {
        let mut flipped = false;
        for it in items.iter_mut().filter(|it| it.weight > 0.0) {
            it.weight *= -0.6;
            it.rules.push("sarcasm");
            flipped = true;
        }
        if flipped {
            notes.push("sarcasm");
        }
    }

    let points: f32 = items.iter().map(|it| it.weight).sum();
    let label = label_of(points);

    // Aspects: the clause that mentions one gives its sentiment.
    let mut clause_of = vec![0usize; n];
    let mut clause = 0;
    for k in 0..n {
        if toks[k].ends_clause() || has(k, Rule::Contrast) {
            clause += 1;
        }
        clause_of[k] = clause;
    }
    let mut clause_points = vec![0f32; clause + 1];
    for it in &items {
        clause_points[clause_of[it.first]] += it.weight;
    }
    let mut aspect_points: [Option<f32>; 7] = [None; 7];
    let mut k = 0;
    while k < n {
        let mut step = 1;
        if toks[k].is_word() {
            for len in (1..=3.min(n - k)).rev() {
                if let Some(p) = phrase_at(&toks, k, len) {
                    if let Some(a) = lex.aspect(&p) {
                        let c = clause_points[clause_of[k]];
                        let s = if c.abs() >= 0.5 { c } else { points };
                        let slot = &mut aspect_points[a as usize];
                        // The strongest clause about the aspect speaks for it.
                        if slot.is_none_or(|old| s.abs() > old.abs()) {
                            *slot = Some(s);
                        }
                        step = len;
                        break;
                    }
                }
            }
        }
        k += step;
    }
    let aspects = Aspect::ALL
        .iter()
        .zip(aspect_points)
        .filter_map(|(&aspect, s)| s.map(|score| AspectMention { aspect, score }))
        .collect();

    let mut evidence: Vec<Evidence> = items
        .into_iter()
        .filter(|it| it.weight != 0.0)
        .map(|it| {
            let (s, e) = (toks[it.first].start, toks[it.last].end);
            Evidence {
                start: s,
                end: e,
                text: text[s..e].to_string(),
                base: it.base,
                weight: it.weight,
                source: it.source,
                rules: it.rules,
            }
        })
        .collect();
    evidence.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));

    Analysis {
        label,
        score: squash(points),
        points,
        evidence,
        notes,
        aspects,
    }
}

#[cfg(test)]
mod tests;
