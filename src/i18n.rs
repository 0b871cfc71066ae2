//! The UI's language: a context holding the current `Locale`, persisted across reloads, and
//! reflected in `<html lang>` and the document title. Texts come from `karte_core::i18n`.

use crate::platform;
use karte_core::i18n::{self, Locale, K};
use leptos::prelude::*;

/// The narrow handle pages get: read the locale, translate a key, switch language.
#[derive(Clone, Copy)]
pub struct I18n(RwSignal<Locale>);

impl I18n {
    /// The current locale (tracked).
    pub fn locale(self) -> Locale {
        self.0.get()
    }

    /// The text of `key` in the current locale (tracked).
    pub fn t(self, key: K) -> &'static str {
        i18n::text(self.0.get(), key)
    }

    /// The text of `key` with `{name}` placeholders filled (tracked).
    pub fn f(self, key: K, args: &[(&str, &str)]) -> String {
        i18n::format(self.0.get(), key, args)
    }

    /// Switches the language; the choice is saved.
    pub fn set(self, locale: Locale) {
        self.0.set(locale);
    }
}

/// Creates the locale context: saved choice, else Japanese (the default).
pub fn provide_i18n() -> I18n {
    let initial = platform::load_locale().unwrap_or_default();
    let handle = I18n(RwSignal::new(initial));
    Effect::new(move |_| {
        let locale = handle.locale();
        platform::save_locale(locale);
        platform::set_document_language(locale.code(), i18n::text(locale, K::app_title));
    });
    provide_context(handle);
    handle
}

/// The locale handle of the current app.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A reactive text for `key`, for use directly in `view!`.
pub fn tr(key: K) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i = use_i18n();
    move || i.t(key)
}
