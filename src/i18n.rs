//! The page's language: Spanish (es-PE) unless the user picks English. The choice lives in the
//! view (`lang=en` in the URL) and in `localStorage`, so a link keeps it and a new visit remembers
//! it. Every word on the page comes through [`t`] (or a function of [`crate::labels`]), so one
//! switch changes all of them; the app redraws its pages when it changes.

use std::cell::Cell;

/// A language of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// Español (Perú).
    #[default]
    Es,
    /// English.
    En,
}

impl Lang {
    /// The URL and storage value.
    pub fn key(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    /// The language of a URL or storage value.
    pub fn from_key(key: &str) -> Option<Lang> {
        match key {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The BCP 47 tag of `<html lang>` and of number formatting.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Es => "es-PE",
            Lang::En => "en",
        }
    }
}

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::Es) };
}

/// The language being drawn.
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// Sets the language every label reads, and the document's `lang`.
pub fn set(l: Lang) {
    LANG.with(|c| c.set(l));
    #[cfg(target_arch = "wasm32")]
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Some(html) = doc.document_element() {
            let _ = html.set_attribute("lang", l.tag());
        }
    }
}

/// The Spanish or the English text, by the current language.
pub fn t(es: &'static str, en: &'static str) -> &'static str {
    match lang() {
        Lang::Es => es,
        Lang::En => en,
    }
}

/// As [`t`], for formatted text.
pub fn tr(es: String, en: String) -> String {
    match lang() {
        Lang::Es => es,
        Lang::En => en,
    }
}

const KEY: &str = "cx-lang";

/// The language remembered from an earlier visit.
pub fn remembered() -> Option<Lang> {
    let v = storage()?.get_item(KEY).ok()??;
    Lang::from_key(&v)
}

/// Remembers the language for later visits.
pub fn remember(l: Lang) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, l.key());
    }
}

/// `localStorage`, when the browser allows it.
pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// A message kept in both languages (an error stored when it happens), shown in the language of
/// the moment it is drawn.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    es: String,
    en: String,
}

impl Text {
    /// A message from its two versions.
    pub fn new(es: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            es: es.into(),
            en: en.into(),
        }
    }

    /// A message written by `f` (which reads the current language) once in each language.
    pub fn both(f: impl Fn() -> String) -> Text {
        let now = lang();
        LANG.with(|c| c.set(Lang::Es));
        let es = f();
        LANG.with(|c| c.set(Lang::En));
        let en = f();
        LANG.with(|c| c.set(now));
        Text { es, en }
    }

    /// The message in the current language.
    pub fn get(&self) -> &str {
        match lang() {
            Lang::Es => &self.es,
            Lang::En => &self.en,
        }
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.get())
    }
}
