//! The memo (連絡用メモ): notes from the patient and from staff, newest first, and a form to
//! write one.

use karte_core::i18n::K;
use karte_core::record::{Current, Memo, RecordView};
use leptos::prelude::*;

use crate::components::page::RecordPage;
use crate::components::record_form::{EntryForm, InputKind, Lens, TextField};
use crate::i18n::{tr, use_i18n};
use crate::present::{dates, text};
use crate::present::forms::MemoForm;
use crate::routes::Page;
use crate::state::use_record;

/// The memo page.
#[component]
pub fn MemoPage() -> impl IntoView {
    let record = use_record();
    let list = |memos: Vec<Current<Memo>>| {
        let items = memos.into_iter().rev().map(|m| view! { <MemoItem memo=m/> }).collect_view();
        view! { <ol class="record-list memo-list" data-testid="memo-list">{items}</ol> }
    };
    view! {
        <RecordPage page=Page::Memo empty=K::memo_empty
            content=|v: &RecordView| (!v.memos.is_empty()).then(|| v.memos.clone())
            body=list
            before=move || view! { <Show when=move || record.is_open()><AddMemo/></Show> }/>
    }
}

#[component]
fn MemoItem(memo: Current<Memo>) -> impl IntoView {
    let i18n = use_i18n();
    let day = memo.at.date();
    let author = memo.author.clone();
    view! {
        <li class="card memo" data-testid="memo">
            <p class="memo-meta">
                <span>{move || dates::plain(i18n.locale(), day)}</span>
                <span class="memo-by">{move || text::author_line(i18n.locale(), &author)}</span>
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
