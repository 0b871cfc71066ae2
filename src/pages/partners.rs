//! The list of partners (連携医療機関の一覧): who they are and how to reach them, with a form to
//! add one.

use karte_core::i18n::K;
use karte_core::record::Partner;
use leptos::prelude::*;

use crate::components::demo_loader::DemoBanner;
use crate::components::page::{EmptyState, PageHeader};
use crate::components::record_form::{EntryForm, InputKind, Lens, SelectField, TextField};
use crate::components::record_guidance::CallButton;
use crate::i18n::tr;
use crate::labels;
use crate::present::forms::PartnerForm;
use crate::routes::Page;
use crate::state::use_record;

/// The partners page.
#[component]
pub fn PartnersPage() -> impl IntoView {
    let record = use_record();
    let list = move || {
        let partners: Vec<Partner> =
            record.with_view(|v| v.map(|v| v.partners.iter().map(|p| p.value.clone()).collect()).unwrap_or_default());
        if partners.is_empty() {
            return view! { <EmptyState text=K::partners_empty/> }.into_any();
        }
        let cards = partners.into_iter().map(|p| view! { <PartnerCard partner=p/> }).collect_view();
        view! { <ul class="record-list" data-testid="partner-list">{cards}</ul> }.into_any()
    };
    view! {
        <PageHeader page=Page::Partners/>
        <DemoBanner/>
        {list}
        <Show when=move || record.is_open()>
            <AddPartner/>
        </Show>
    }
}

#[component]
fn PartnerCard(partner: Partner) -> impl IntoView {
    let p = partner;
    view! {
        <li class="card partner" data-testid="partner">
            <p class="partner-role">{tr(labels::role(p.role))}</p>
            <h2 class="partner-name">{p.name.clone()}</h2>
            <dl class="facts-list">
                {p.contact.clone().map(|c| view! { <dt>{tr(K::rec_partners_contact)}</dt><dd>{c}</dd> })}
                {p.fax.clone().map(|f| view! { <dt>{tr(K::rec_partners_fax)}</dt><dd>{f.to_string()}</dd> })}
            </dl>
            <div class="call-row">
                <CallButton phone=p.phone.clone() label=K::rec_home_call/>
                <CallButton phone=p.after_hours_phone.clone() label=K::rec_partners_call_after_hours class="button-secondary"/>
            </div>
        </li>
    }
}

#[component]
fn AddPartner() -> impl IntoView {
    let form = RwSignal::new(PartnerForm::default());
    let to_draft = Callback::new(move |()| form.with(PartnerForm::to_draft));
    let on_saved = Callback::new(move |()| form.set(PartnerForm::default()));
    let roles = labels::ROLES.iter().map(|r| (*r, labels::role(*r))).collect::<Vec<_>>();
    view! {
        <section class="card" aria-label=tr(K::rec_partners_add)>
            <EntryForm summary=K::rec_partners_add to_draft=to_draft on_saved=on_saved testid="partner-form">
                <SelectField form=form get=|f: &PartnerForm| f.role set=|f: &mut PartnerForm, v| f.role = v options=roles label=K::rec_partners_role/>
                <TextField form=form lens=Lens::new(|f: &PartnerForm| &f.name, |f| &mut f.name) label=K::rec_partners_name autocomplete="organization"/>
                <TextField form=form lens=Lens::new(|f: &PartnerForm| &f.contact, |f| &mut f.contact) label=K::rec_partners_contact/>
                <TextField form=form lens=Lens::new(|f: &PartnerForm| &f.phone, |f| &mut f.phone) label=K::rec_partners_phone kind=InputKind::Tel/>
                <TextField form=form lens=Lens::new(|f: &PartnerForm| &f.fax, |f| &mut f.fax) label=K::rec_partners_fax kind=InputKind::Tel/>
                <TextField form=form lens=Lens::new(|f: &PartnerForm| &f.after_hours, |f| &mut f.after_hours) label=K::rec_partners_after_hours kind=InputKind::Tel/>
            </EntryForm>
        </section>
    }
}
