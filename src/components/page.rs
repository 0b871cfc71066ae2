//! The parts every page shares: its heading, an empty state, and the scaffold of the record
//! pages (heading, demo banner, then what the record holds or the empty state).

use crate::components::demo_loader::DemoBanner;
use crate::i18n::tr;
use crate::routes::Page;
use crate::state::use_record;
use karte_core::i18n::K;
use karte_core::record::RecordView;
use leptos::prelude::*;

/// A record page: its heading, the demo banner, then `body` of what `content` finds in the
/// open record, or the page's empty state while there is nothing (no record, or nothing of
/// this kind yet).
#[component]
pub fn RecordPage<T, F, B, V>(
    /// The page.
    page: Page,
    /// What the page says while there is nothing to show.
    empty: K,
    /// What the page shows, taken from the open record's view; `None` when there is nothing.
    content: F,
    /// How it is shown.
    body: B,
    /// Shown between the banner and the content (e.g. a form to add an entry).
    #[prop(optional, into)]
    before: Option<ViewFn>,
    /// Shown after the content.
    #[prop(optional, into)]
    after: Option<ViewFn>,
) -> impl IntoView
where
    T: 'static,
    F: Fn(&RecordView) -> Option<T> + Send + Sync + 'static,
    B: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let record = use_record();
    view! {
        <PageHeader page=page/>
        <DemoBanner/>
        {before.map(|b| b.run())}
        {move || match record.with_view(|v| v.and_then(&content)) {
            Some(t) => body(t).into_any(),
            None => view! { <EmptyState text=empty/> }.into_any(),
        }}
        {after.map(|a| a.run())}
    }
}

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
