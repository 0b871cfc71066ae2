//! The memo (連絡用メモ): notes from the patient and from staff, newest first, and a form to
//! write one.

use karte_core::i18n::K;
use karte_core::record::{Author, Current, Memo};
use leptos::prelude::*;

use crate::components::demo_loader::DemoBanner;
use crate::components::page::{EmptyState, PageHeader};
use crate::components::record_form::{EntryForm, InputKind, Lens, TextField};
use crate::i18n::{tr, use_i18n};
use crate::present::dates;
use crate::present::forms::MemoForm;
use crate::routes::Page;
use crate::state::use_record;

/// The memo page.
#[component]
pub fn MemoPage() -> impl IntoView {
    let record = use_record();
    let list = move || {
        let memos: Vec<Current<Memo>> = record.with_view(|v| v.map(|v| v.memos.clone()).unwrap_or_default());
        if memos.is_empty() {
            return view! { <EmptyState text=K::memo_empty/> }.into_any();
        }
        let items = memos.into_iter().rev().map(|m| view! { <MemoItem memo=m/> }).collect_view();
        view! { <ol class="record-list memo-list" data-testid="memo-list">{items}</ol> }.into_any()
    };
    view! {
        <PageHeader page=Page::Memo/>
        <DemoBanner/>
        <Show when=move || record.is_open()>
            <AddMemo/>
        </Show>
        {list}
    }
}

#[component]
fn MemoItem(memo: Current<Memo>) -> impl IntoView {
    let i18n = use_i18n();
    let day = memo.at.date();
    let by = match &memo.author {
        Author::Patient => None,
        Author::Clinician { name, institution, .. } => Some(format!("{name} ({institution})")),
        Author::Institution { name, .. } => Some(name.clone()),
    };
    view! {
        <li class="card memo" data-testid="memo">
            <p class="memo-meta">
                <span>{move || dates::plain(i18n.locale(), day)}</span>
                <span class="memo-by">{move || by.clone().unwrap_or_else(|| i18n.t(K::rec_memo_by_patient).to_string())}</span>
            </p>
            <p class="prose">{memo.value.text}</p>
        </li>
    }
}

#[component]
fn AddMemo() -> impl IntoView {
    let form = RwSignal::new(MemoForm::default());
    let to_draft = Callback::new(move |()| form.with(MemoForm::to_draft));
    let on_saved = Callback::new(move |()| form.set(MemoForm::default()));
    view! {
        <section class="card" aria-label=tr(K::rec_memo_add)>
            <EntryForm summary=K::rec_memo_add to_draft=to_draft on_saved=on_saved open=true testid="memo-form">
                <TextField form=form lens=Lens::new(|f: &MemoForm| &f.text, |f| &mut f.text) label=K::rec_memo_text kind=InputKind::Multiline hint=K::rec_memo_hint/>
            </EntryForm>
        </section>
    }
}
