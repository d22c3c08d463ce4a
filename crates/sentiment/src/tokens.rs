//! Splitting a text into words, emojis, emoticons and punctuation, with their byte spans in the
//! original text and the shape cues the model uses (ALL CAPS, repeated letters).

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters and digits.
    Word,
    /// A pictograph or an ASCII emoticon.
    Emoji,
    /// A punctuation mark.
    Punct(char),
}

/// One token.
#[derive(Debug, Clone)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// Lower case, accents folded (ñ kept), letters repeated three or more times squeezed.
    pub norm: String,
    /// Byte offset of the first character in the original text.
    pub start: usize,
    /// Byte offset just after the last character.
    pub end: usize,
    /// Written in capitals (two letters or more, all upper case).
    pub caps: bool,
    /// Had a letter repeated three or more times ("buenooo").
    pub stretched: bool,
}

impl Token {
    /// True for a word.
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    /// True for a mark that ends a clause: `. , ; : ! ?` and the opening `¿ ¡`.
    pub fn ends_clause(&self) -> bool {
        matches!(self.kind, Kind::Punct(c) if ".,;:!?¿¡\n".contains(c))
    }
    /// True for a mark that ends a sentence.
    pub fn ends_sentence(&self) -> bool {
        matches!(self.kind, Kind::Punct(c) if ".!?¿¡\n".contains(c))
    }
}

/// Folds a lower-case character: accents off, `ñ` kept.
pub fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'ä' | 'â' => 'a',
        'é' | 'è' | 'ë' | 'ê' => 'e',
        'í' | 'ì' | 'ï' | 'î' => 'i',
        'ó' | 'ò' | 'ö' | 'ô' => 'o',
        'ú' | 'ù' | 'ü' | 'û' => 'u',
        other => other,
    }
}

/// The normal form of a term as the lexicons store it: lower case, accents folded, single spaces.
pub fn normalize(term: &str) -> String {
    let mut out = String::with_capacity(term.len());
    for w in term.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase).map(fold));
    }
    out
}

/// ASCII emoticons recognised as one token, longest first.
const EMOTICONS: [&str; 17] = [
    ":'(", ":-)", ":-(", "-_-", ":)", ":(", ":d", ":D", "=)", ";)", "<3", ":/", "¬¬", "xD", "XD",
    ":p", ":P",
];

fn is_pictograph(c: char) -> bool {
    let u = c as u32;
    (0x1F300..=0x1FAFF).contains(&u)
        || (0x2600..=0x27BF).contains(&u)
        || (0x2B00..=0x2BFF).contains(&u)
        || c == '♥'
        || c == '♡'
}

fn is_joiner(c: char) -> bool {
    matches!(c as u32, 0xFE0F | 0x200D | 0x1F3FB..=0x1F3FF)
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        if c.is_alphanumeric() {
            // xD / XD is an emoticon only standing alone.
            let emoticon_word = (rest.starts_with("xD") || rest.starts_with("XD"))
                && rest[2..]
                    .chars()
                    .next()
                    .is_none_or(|n| !n.is_alphanumeric());
            if !emoticon_word {
                let len = rest
                    .char_indices()
                    .find(|&(_, ch)| !(ch.is_alphanumeric() || ch == '\'' || ch == '/'))
                    .map_or(rest.len(), |(k, _)| k);
                let raw = rest[..len].trim_end_matches(['\'', '/']);
                let len = raw.len().max(c.len_utf8());
                out.push(word(&text[i..i + len], i));
                i += len;
                continue;
            }
        }
        if let Some(e) = EMOTICONS.iter().find(|e| rest.starts_with(*e)) {
            out.push(Token {
                kind: Kind::Emoji,
                norm: e.to_lowercase(),
                start: i,
                end: i + e.len(),
                caps: false,
                stretched: false,
            });
            i += e.len();
            continue;
        }
        let len = c.len_utf8();
        if is_pictograph(c) {
            // Skip variation selectors and skin tones that follow.
            let mut end = i + len;
            while let Some(n) = text[end..].chars().next().filter(|&n| is_joiner(n)) {
                end += n.len_utf8();
            }
            out.push(Token {
                kind: Kind::Emoji,
                norm: c.to_string(),
                start: i,
                end,
                caps: false,
                stretched: false,
            });
            i = end;
            continue;
        }
        if !c.is_whitespace() && !is_joiner(c) || c == '\n' {
            let p = match c {
                '“' | '”' | '«' | '»' => '"',
                '…' => '.',
                other => other,
            };
            out.push(Token {
                kind: Kind::Punct(p),
                norm: p.to_string(),
                start: i,
                end: i + len,
                caps: false,
                stretched: false,
            });
        }
        i += len;
    }
    out
}

fn word(raw: &str, start: usize) -> Token {
    let letters = raw.chars().filter(|c| c.is_alphabetic()).count();
    let caps = letters >= 2 && raw.chars().all(|c| !c.is_lowercase());
    let (norm, stretched) = squeeze_runs(raw);
    Token {
        kind: Kind::Word,
        norm,
        start,
        end: start + raw.len(),
        caps,
        stretched,
    }
}

/// Lower case, folded, every run of three or more equal letters reduced to one; true when there
/// was such a run.
fn squeeze_runs(raw: &str) -> (String, bool) {
    let chars: Vec<char> = raw.chars().flat_map(char::to_lowercase).map(fold).collect();
    let mut out = String::with_capacity(raw.len());
    let mut squeezed = false;
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        let mut n = 1;
        while k + n < chars.len() && chars[k + n] == c {
            n += 1;
        }
        let squeeze = n >= 3 && c.is_alphabetic();
        squeezed |= squeeze;
        out.extend(std::iter::repeat_n(c, if squeeze { 1 } else { n }));
        k += n;
    }
    (out, squeezed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(t: &str) -> Vec<String> {
        tokenize(t).into_iter().map(|t| t.norm).collect()
    }

    #[test]
    fn words_emojis_emoticons_and_marks() {
        assert_eq!(
            norms("¡Buenooo! 😡😡 :( xD ¬¬ ❤️"),
            ["¡", "bueno", "!", "😡", "😡", ":(", "xd", "¬¬", "❤"]
        );
        assert_eq!(norms("10/10 la atención"), ["10/10", "la", "atencion"]);
    }

    #[test]
    fn spans_point_into_the_original_text() {
        let text = "PÉSIMO servicio, señorita";
        let toks = tokenize(text);
        assert_eq!(&text[toks[0].start..toks[0].end], "PÉSIMO");
        assert!(toks[0].caps);
        assert_eq!(toks[0].norm, "pesimo");
        assert_eq!(toks[3].norm, "señorita");
    }

    #[test]
    fn stretched_letters_are_squeezed_but_double_letters_stay() {
        let t = tokenize("graciasss llegó");
        assert_eq!(t[0].norm, "gracias");
        assert!(t[0].stretched);
        assert_eq!(tokenize("llamada")[0].norm, "llamada");
    }
}
