//! The one form helper of the record pages: a disclosure holding a form whose fields edit a
//! plain form struct (`present::forms`), and which appends the entry it builds. A refused entry
//! shows why, and the fields keep what the patient typed.

use karte_core::i18n::K;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::i18n::{tr, use_i18n};
use crate::labels;
use crate::platform;
use crate::present::forms::{Draft, FormError};
use crate::state::{use_record, AppendError, RecordCtx};

/// Appends a draft the patient wrote: a fresh id from this device, the current time.
pub fn save(record: RecordCtx, draft: Draft) -> Result<(), AppendError> {
    let id = record.next_entry_id().ok_or(AppendError::NoRecord)?;
    record.append(draft.into_entry(id, platform::now()))
}

/// A text field of a form struct `F`: how to read it and how to write it.
pub struct Lens<F> {
    get: fn(&F) -> &String,
    set: fn(&mut F) -> &mut String,
}

impl<F> Lens<F> {
    /// A lens from two accessors, e.g. `Lens::new(|f| &f.name, |f| &mut f.name)`.
    pub const fn new(get: fn(&F) -> &String, set: fn(&mut F) -> &mut String) -> Lens<F> {
        Lens { get, set }
    }
}

impl<F> Clone for Lens<F> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<F> Copy for Lens<F> {}

/// The kind of a text input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// One line of text.
    Text,
    /// A date picker (`YYYY-MM-DD`).
    Date,
    /// A phone number.
    Tel,
    /// Several lines.
    Multiline,
}

/// A labelled text input bound to one field of the form.
#[component]
pub fn TextField<F: Clone + Send + Sync + 'static>(
    /// The form's state.
    form: RwSignal<F>,
    /// Which field.
    lens: Lens<F>,
    /// The label.
    label: K,
    /// The kind of input.
    #[prop(default = InputKind::Text)]
    kind: InputKind,
    /// A hint under the label.
    #[prop(optional)]
    hint: Option<K>,
    /// The browser's autocomplete token.
    #[prop(optional)]
    autocomplete: Option<&'static str>,
) -> impl IntoView {
    let get = lens.get;
    let set = lens.set;
    let value = move || form.with(|f| get(f).clone());
    let on_input = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        form.update(|f| *set(f) = v);
    };
    let id = format!("field-{}", label.name().replace('.', "-"));
    let hint_id = hint.map(|_| format!("{id}-hint"));
    let input = match kind {
        InputKind::Multiline => view! {
            <textarea
                id=id.clone()
                class="field-input"
                rows="3"
                aria-describedby=hint_id.clone()
                prop:value=value
                on:input=on_input
            ></textarea>
        }
        .into_any(),
        _ => {
            let ty = match kind {
                InputKind::Date => "date",
                InputKind::Tel => "tel",
                _ => "text",
            };
            view! {
                <input
                    id=id.clone()
                    class="field-input"
                    type=ty
                    autocomplete=autocomplete
                    aria-describedby=hint_id.clone()
                    prop:value=value
                    on:input=on_input
                />
            }
            .into_any()
        }
    };
    view! {
        <div class="field">
            <label class="field-label" for=id>{tr(label)}</label>
            {hint.zip(hint_id).map(|(h, hid)| view! { <span class="field-hint" id=hid>{tr(h)}</span> })}
            {input}
        </div>
    }
}

/// A labelled choice among typed values, bound to one field of the form.
#[component]
pub fn SelectField<F, T>(
    /// The form's state.
    form: RwSignal<F>,
    /// Reads the field.
    get: fn(&F) -> T,
    /// Writes the field.
    set: fn(&mut F, T),
    /// The choices and their labels.
    options: Vec<(T, K)>,
    /// The label.
    label: K,
) -> impl IntoView
where
    F: Clone + Send + Sync + 'static,
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let values: Vec<T> = options.iter().map(|(v, _)| *v).collect();
    let opts = options
        .into_iter()
        .enumerate()
        .map(|(i, (v, k))| {
            view! { <option value=i.to_string() selected=move || form.with(|f| get(f) == v)>{tr(k)}</option> }
        })
        .collect_view();
    let on_change = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev).parse::<usize>().ok().and_then(|i| values.get(i).copied());
        if let Some(v) = chosen {
            form.update(|f| set(f, v));
        }
    };
    view! {
        <label class="field">
            <span class="field-label">{tr(label)}</span>
            <select class="field-input" on:change=on_change>{opts}</select>
        </label>
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Outcome {
    Saved,
    Invalid(FormError),
    Refused(K),
}

/// A disclosure with a form that appends one entry. The fields are its children; `to_draft` turns
/// them into a draft (or names the field to fix); after a save, `on_saved` runs (e.g. to clear
/// the fields). Nothing typed is lost on an error.
#[component]
pub fn EntryForm(
    /// The disclosure's label (what the form does).
    summary: K,
    /// Builds the entry from the fields.
    to_draft: Callback<(), Result<Draft, FormError>>,
    /// Runs after the entry was appended.
    #[prop(optional)]
    on_saved: Option<Callback<()>>,
    /// Open from the start.
    #[prop(optional)]
    open: bool,
    /// A test id for the form.
    #[prop(optional)]
    testid: &'static str,
    /// The fields.
    children: Children,
) -> impl IntoView {
    let record = use_record();
    let i18n = use_i18n();
    let outcome = RwSignal::new(None::<Outcome>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let result = to_draft
            .run(())
            .map_err(Outcome::Invalid)
            .and_then(|draft| save(record, draft).map_err(|e| Outcome::Refused(labels::append_error(&e))));
        match result {
            Ok(()) => {
                outcome.set(Some(Outcome::Saved));
                if let Some(cb) = on_saved {
                    cb.run(());
                }
            }
            Err(o) => outcome.set(Some(o)),
        }
    };
    // Two live regions, present from the start (one added with its text is often not read):
    // "saved" politely, a refusal at once.
    let saved = move || {
        matches!(outcome.get(), Some(Outcome::Saved))
            .then(|| view! { <p class="form-message form-saved">{tr(K::rec_form_saved)}</p> })
    };
    let refused = move || {
        outcome.get().and_then(|o| match o {
            Outcome::Saved => None,
            Outcome::Invalid(e) => Some(view! {
                <p class="form-message form-error">{move || e.message(i18n.locale())}</p>
            }
            .into_any()),
            Outcome::Refused(k) => Some(view! {
                <p class="form-message form-error">
                    {tr(k)}" "{tr(K::rec_form_kept)}
                </p>
            }
            .into_any()),
        })
    };
    let message = view! {
        <div class="live-slot" role="status" aria-live="polite" aria-atomic="true" data-testid="form-status">{saved}</div>
        <div class="live-slot" role="alert" aria-atomic="true" data-testid="form-alert">{refused}</div>
    };
    view! {
        <details class="form-disclosure" open=open data-testid=testid>
            <summary class="form-summary">{tr(summary)}</summary>
            <form class="entry-form" novalidate=true on:submit=on_submit>
                {children()}
                {message}
                <button type="submit" class="button">{tr(K::rec_form_save)}</button>
            </form>
        </details>
    }
}
