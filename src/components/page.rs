//! The parts every page shares: its heading and an empty state.

use crate::i18n::tr;
use crate::routes::Page;
use karte_core::i18n::K;
use leptos::prelude::*;

/// The page's `<h1>` and one line saying what the page is for.
#[component]
pub fn PageHeader(
    /// The page this header belongs to.
    page: Page,
) -> impl IntoView {
    view! {
        <header class="page-header">
            <h1>{tr(page.title())}</h1>
            <p class="page-summary">{tr(page.summary())}</p>
        </header>
    }
}

/// What a section shows while it holds nothing yet.
#[component]
pub fn EmptyState(
    /// The message.
    text: K,
) -> impl IntoView {
    view! { <p class="empty">{tr(text)}</p> }
}

/// One option of a [`RadioGroup`].
#[derive(Clone, Copy)]
pub struct Choice<T> {
    /// The typed value chosen.
    pub value: T,
    /// Its stable code (the input's `value`, for forms and tests).
    pub code: &'static str,
    /// What the patient reads.
    pub label: K,
    /// The language of the label when it differs from the page's (e.g. "English").
    pub lang: Option<&'static str>,
}

/// Radio buttons choosing one typed value; each row is a >= 48 px touch target.
#[component]
pub fn RadioGroup<T>(
    /// The inputs' shared `name`.
    name: &'static str,
    /// The options, in order.
    choices: Vec<Choice<T>>,
    /// The value now chosen.
    #[prop(into)]
    selected: Signal<T>,
    /// Called with the value the patient picks.
    on_select: Callback<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    choices
        .into_iter()
        .map(|c| {
            view! {
                <label class="choice">
                    <input
                        type="radio"
                        name=name
                        value=c.code
                        prop:checked=move || selected.get() == c.value
                        on:change=move |_| on_select.run(c.value)
                    />
                    <span lang=c.lang>{tr(c.label)}</span>
                </label>
            }
        })
        .collect_view()
}
