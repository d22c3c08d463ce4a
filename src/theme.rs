//! Light and dark themes: the system's choice at first, the user's once they pick one (kept in
//! `localStorage`). The page's colours come from CSS variables under `html[data-theme]`; charts
//! are drawn with ECharts' matching theme.

use leptos::prelude::*;

/// A colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Dark text on light.
    Light,
    /// Light text on dark.
    Dark,
}

const KEY: &str = "cx-theme";

impl Theme {
    fn key(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

fn system() -> Theme {
    let dark = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches());
    if dark {
        Theme::Dark
    } else {
        Theme::Light
    }
}

/// The theme signal in context: remembered, or the system's.
pub fn provide() -> RwSignal<Theme> {
    let remembered = crate::i18n::storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|v| match v.as_str() {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        });
    let theme = RwSignal::new(remembered.unwrap_or_else(system));
    Effect::new(move |first: Option<()>| {
        let t = theme.get();
        if first.is_some() {
            if let Some(s) = crate::i18n::storage() {
                let _ = s.set_item(KEY, t.key());
            }
        }
    });
    provide_context(theme);
    theme
}

/// The theme signal.
pub fn use_theme() -> RwSignal<Theme> {
    expect_context::<RwSignal<Theme>>()
}

/// Puts the theme on `<html data-theme>` (the CSS and the charts read it).
pub fn apply(t: Theme) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("data-theme", t.key());
    }
}
