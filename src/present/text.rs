//! Text assembled from parts: the locale decides the punctuation (Japanese takes full-width
//! brackets and colons, `、`-less lists joined by `・`), never a `format!` in a page.

use karte_core::i18n::{self, Locale, K};
use karte_core::record::Author;

/// `main` with a remark beside it: "main (aside)", "main（aside）".
pub fn aside(locale: Locale, main: &str, aside: &str) -> String {
    i18n::format(locale, K::rec_common_aside, &[("main", main), ("aside", aside)])
}

/// Items joined with the locale's list separator.
pub fn list<S: AsRef<str>>(locale: Locale, items: impl IntoIterator<Item = S>) -> String {
    let sep = i18n::text(locale, K::rec_common_list_sep);
    items.into_iter().map(|s| s.as_ref().to_owned()).collect::<Vec<_>>().join(sep)
}

/// Who wrote an entry, as a memo says it: the patient ("you"), a clinician with their
/// institution, or an institution.
pub fn author_line(locale: Locale, author: &Author) -> String {
    match author {
        Author::Patient => i18n::text(locale, K::rec_memo_by_patient).to_owned(),
        Author::Clinician { name, institution, .. } => aside(locale, name, institution),
        Author::Institution { name, .. } => name.clone(),
    }
}
