//! Share: pair with an institution (scan its card), show the record to its doctor as QR codes,
//! receive the doctor's signed record back, and the history of both.

use crate::components::fhir::FhirExport;
use crate::components::page::{EmptyState, PageHeader};
use crate::components::qr::{QrFrames, QrWhat};
use crate::components::scanner::{Message, Scanner};
use crate::i18n::{tr, use_i18n};
use crate::labels;
use crate::platform;
use crate::present::dates;
use crate::present::doctor::doctor_view;
use crate::present::sharing::{self, Paired};
use crate::pages::provider::DoctorPanel;
use crate::routes::Page;
use crate::state::use_record;
use karte_core::i18n::K;
use karte_core::record::{Author, Consent, ConsentEvent, Consenter, Entry, EntryBody};
use karte_core::share::exchange::{self, OpenedShare, Paired as PairOutcome, PairError, ShareOptions};
use karte_core::share::{Bundle, Mode, MessageKind, Part, Preview, ProviderCard, Sender, Trust};
use karte_core::vault::os_entropy;
use leptos::prelude::*;

/// The share page.
#[component]
pub fn SharePage() -> impl IntoView {
    let record = use_record();
    // A record opened before the share protocol (or a demo) gets its key here.
    record.change(|r| {
        let _ = r.sharing.ensure_key(&mut os_entropy);
    });
    view! {
        <PageHeader page=Page::Share/>
        <Show when=move || record.is_open() fallback=|| view! { <EmptyState text=K::share_empty/> }>
            <ShowRecord/>
            <ReceiveAnswer/>
            <ShowOnPhone/>
            <FhirExport/>
            <PairInstitution/>
            <History/>
        </Show>
    }
}

/// Scan an institution's card, check it, pin its keys.
#[component]
fn PairInstitution() -> impl IntoView {
    let i18n = use_i18n();
    let record = use_record();
    let card = RwSignal::new(None::<ProviderCard>);
    let result = RwSignal::new(None::<(bool, String)>);
    let changed = RwSignal::new(false);
    let scanning = RwSignal::new(0u32);
    let on_message = Callback::new(move |(_, _, m): Message| match ProviderCard::from_message(&m) {
        Ok(c) => {
            result.set(None);
            changed.set(false);
            card.set(Some(c));
        }
        Err(_) => result.set(Some((false, i18n.t(K::pair_card_error).to_string()))),
    });
    let confirm = move |replace: bool| {
        let Some(c) = card.get_untracked() else { return };
        let name = c.identity.institution.clone();
        let id = record.next_entry_id();
        let outcome = record.change(|r| {
            let id = id.unwrap_or_else(|| r.next_entry_id(&platform::device_id()));
            exchange::pair(r, &c, platform::now(), id, replace)
        });
        match outcome {
            Some(Ok(PairOutcome::AlreadyPaired)) => result.set(Some((true, i18n.f(K::pair_already, &[("name", &name)])))),
            Some(Ok(_)) => result.set(Some((true, i18n.f(K::pair_added, &[("name", &name)])))),
            Some(Err(e @ (PairError::KeysChanged { .. } | PairError::RoleChanged { .. }))) => {
                changed.set(true);
                result.set(Some((false, i18n.f(sharing::pair_error(&e), &[("name", &name)]))));
                return;
            }
            Some(Err(e)) => result.set(Some((false, i18n.t(sharing::pair_error(&e)).to_string()))),
            None => {}
        }
        card.set(None);
        scanning.update(|n| *n += 1);
    };
    view! {
        <section class="card" aria-labelledby="pair-title" data-testid="pair">
            <h2 id="pair-title">{tr(K::pair_title)}</h2>
            <p>{tr(K::pair_how)}</p>
            {move || {
                let names = sharing::to_reconfirm(record.record().as_ref());
                (!names.is_empty()).then(|| view! {
                    <p class="notice notice-warn" role="status" data-testid="pair-reconfirm">{i18n.f(K::sharing_err_reconfirm, &[("names", &names)])}</p>
                })
            }}
            <Outcome result=result testid="pair-result"/>
            {move || match card.get() {
                Some(c) => view! {
                    <div class="card-preview" data-testid="pair-preview">
                        <h3>{tr(K::pair_check)}</h3>
                        <dl>
                            <dt>{tr(K::prov_institution)}</dt><dd data-testid="pair-institution">{c.identity.institution.clone()}</dd>
                            <dt>{tr(K::prov_role)}</dt><dd>{tr(labels::role(c.identity.role))}</dd>
                            <dt>{tr(K::prov_name)}</dt><dd>{c.identity.name.clone()}</dd>
                            <dt>{tr(K::pair_fingerprint)}</dt><dd class="fingerprint" data-testid="pair-fingerprint">{c.fingerprint()}</dd>
                        </dl>
                        <p class="hint">{tr(K::pair_fingerprint_hint)}</p>
                        <div class="actions">
                            <Show when=move || !changed.get() fallback=move || view! {
                                <button type="button" class="button button-danger" on:click=move |_| confirm(true)>{tr(K::pair_replace)}</button>
                            }>
                                <button type="button" class="button" data-testid="pair-confirm" on:click=move |_| confirm(false)>{tr(K::pair_confirm)}</button>
                            </Show>
                            <button type="button" class="button button-secondary" on:click=move |_| { card.set(None); changed.set(false); }>{tr(K::pair_cancel)}</button>
                        </div>
                    </div>
                }.into_any(),
                None => view! { {move || { scanning.get(); view! { <Scanner expect=MessageKind::Card on_message=on_message id="pair-scan"/> } }} }.into_any(),
            }}
        </section>
    }
}

/// Choose whom to show the record to, which parts to leave out, then show the frames.
#[component]
fn ShowRecord() -> impl IntoView {
    let i18n = use_i18n();
    let record = use_record();
    let partners = Memo::new(move |_| record.record().map(|r| sharing::paired(&r)).unwrap_or_default());
    let chosen = RwSignal::new(0usize);
    let omit = RwSignal::new(Vec::<Part>::new());
    let frames = RwSignal::new(None::<(String, Vec<String>)>);
    let pages = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // Seals the record to `card` and shows the frames (a paired institution, or a card read on
    // the spot: then its answer will show as from an institution not added yet).
    let show_to = move |card: ProviderCard| {
        let p = Paired { name: card.identity.institution.clone(), role: card.identity.role, card };
        let options = ShareOptions { omit: omit.get_untracked() };
        let out = record.change(|r| exchange::share(r, &p.card, platform::today(), platform::now(), &options, &mut os_entropy));
        match out {
            Some(Ok(o)) => {
                let mode = if pages.get_untracked() { Mode::Pages } else { Mode::Camera };
                match Sender::new(o.kind, o.transfer, &o.message, mode) {
                    Ok(s) => {
                        error.set(None);
                        let texts = if pages.get_untracked() { s.texts(0, s.source_frames() as u32 + 2) } else { s.animation() };
                        frames.set(Some((p.name.clone(), texts)));
                    }
                    Err(_) => error.set(Some(i18n.t(K::sharing_err_seal).to_string())),
                }
            }
            Some(Err(e)) => error.set(Some(i18n.f(sharing::share_error(&e), &[("name", &p.name)]))),
            None => {}
        }
    };
    let show = move |_| {
        if let Some(p) = partners.get_untracked().get(chosen.get_untracked()) {
            show_to(p.card.clone());
        }
    };
    let on_spot = Callback::new(move |(_, _, m): Message| match ProviderCard::from_message(&m) {
        Ok(card) => show_to(card),
        Err(_) => error.set(Some(i18n.t(K::pair_card_error).to_string())),
    });
    let toggle = move |p: Part| omit.update(|o| if o.contains(&p) { o.retain(|x| *x != p) } else { o.push(p) });
    let withdrawn = move |name: &str| record.record().is_some_and(|r| exchange::consent_withdrawn(&r, name));
    // 同意撤回: the patient stops sharing with an institution (an entry, kept in the record).
    let withdraw = move |name: String| {
        let id = record.next_entry_id();
        let _ = record.change(|r| {
            let id = id.unwrap_or_else(|| r.next_entry_id(&platform::device_id()));
            let consent = Consent { event: ConsentEvent::Withdrawn, date: platform::today(), to_whom: name, by: Consenter::Patient };
            r.append(Entry::new(id, Author::Patient, platform::now(), EntryBody::Consent(consent)))
        });
    };
    view! {
        <section class="card" aria-labelledby="show-title" data-testid="share-show">
            <h2 id="show-title">{tr(K::sharing_to_title)}</h2>
            {move || match frames.get() {
                Some((name, texts)) => view! {
                    <p class="notice" data-testid="share-shown">{i18n.f(K::sharing_shown, &[("name", &name)])}</p>
                    <QrFrames frames=texts pages=pages what=QrWhat::Share/>
                    <button type="button" class="button button-secondary" data-testid="share-close" on:click=move |_| frames.set(None)>{tr(K::sharing_done)}</button>
                }.into_any(),
                None => view! {
                    <Show when=move || !partners.get().is_empty() fallback=|| view! { <p data-testid="share-no-partner">{tr(K::sharing_no_partner)}</p> }>
                        <fieldset>
                            <legend>{tr(K::sharing_to_label)}</legend>
                            {move || partners.get().into_iter().enumerate().map(|(i, p)| view! {
                                <label class="choice">
                                    <input type="radio" name="share-to" value=i.to_string() checked=move || chosen.get() == i
                                        on:change=move |_| chosen.set(i)/>
                                    <span>{p.name.clone()}" ("{tr(labels::role(p.role))}")"</span>
                                    {let name = p.name.clone(); move || withdrawn(&name).then(|| view! { <span class="badge-missed">{tr(K::sharing_withdrawn_mark)}</span> })}
                                </label>
                            }).collect_view()}
                        </fieldset>
                        <details class="form-disclosure">
                            <summary>{tr(K::sharing_withdraw_title)}</summary>
                            <p class="hint">{tr(K::sharing_withdraw_how)}</p>
                            {move || partners.get().into_iter().filter(|p| !withdrawn(&p.name)).map(|p| {
                                let name = p.name.clone();
                                view! {
                                    <button type="button" class="button button-danger" data-testid="withdraw-consent"
                                        on:click=move |_| withdraw(name.clone())>
                                        {i18n.f(K::sharing_withdraw_button, &[("name", &p.name)])}
                                    </button>
                                }
                            }).collect_view()}
                        </details>
                        <fieldset>
                            <legend>{tr(K::sharing_omit_label)}</legend>
                            {Part::ALL.into_iter().map(|p| view! {
                                <label class="choice">
                                    <input type="checkbox" data-testid=format!("omit-{p:?}") checked=move || omit.get().contains(&p) on:change=move |_| toggle(p)/>
                                    <span>{tr(sharing::part_label(p))}</span>
                                </label>
                            }).collect_view()}
                        </fieldset>
                        <label class="choice">
                            <input type="checkbox" data-testid="share-pages" checked=move || pages.get() on:change=move |_| pages.update(|p| *p = !*p)/>
                            <span>{tr(K::sharing_pages)}</span>
                        </label>
                        {move || error.get().map(|e| view! { <p class="notice notice-error" role="alert" data-testid="share-error">{e}</p> })}
                        <button type="button" class="button" data-testid="share-show-button" on:click=show>{tr(K::sharing_show)}</button>
                    </Show>
                    <details class="form-disclosure" data-testid="share-on-spot">
                        <summary>{tr(K::sharing_on_spot_title)}</summary>
                        <p class="hint">{tr(K::sharing_on_spot_how)}</p>
                        <Scanner expect=MessageKind::Card on_message=on_spot id="spot-scan"/>
                    </details>
                }.into_any(),
            }}
        </section>
    }
}

/// A refused answer's message, naming what it tried.
fn refusal(i18n: crate::i18n::I18n, e: &exchange::MergeError) -> String {
    let args = sharing::merge_args(e);
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    i18n.f(sharing::merge_error(e), &args)
}

/// Scan the doctor's answer, preview who signed what, accept.
#[component]
fn ReceiveAnswer() -> impl IntoView {
    let i18n = use_i18n();
    let record = use_record();
    let preview = RwSignal::new(None::<Preview>);
    let result = RwSignal::new(None::<(bool, String)>);
    let checked = RwSignal::new(false);
    let round = RwSignal::new(0u32);
    let advice = RwSignal::new(None::<K>);
    let on_message = Callback::new(move |(kind, transfer, m): Message| {
        let got = record.record_untracked().map(|r| exchange::preview(&r, kind, &m, Some(transfer), platform::now()));
        match got {
            Some(Ok(p)) => {
                result.set(None);
                checked.set(false);
                preview.set(Some(p));
            }
            Some(Err(e)) => {
                result.set(Some((false, refusal(i18n, &e))));
                round.update(|n| *n += 1);
            }
            None => {}
        }
    });
    let accept = move |_| {
        let Some(p) = preview.get_untracked() else { return };
        let accept_unverified = checked.get_untracked();
        match record.change(|r| exchange::merge(r, &p, accept_unverified, platform::now())) {
            Some(Ok(n)) => {
                // The merged record's chain is checked again: a break shows on Home.
                record.check_chain();
                result.set(Some((true, i18n.f(K::sharing_accepted, &[("n", &n.to_string())]))));
                preview.set(None);
                round.update(|n| *n += 1);
            }
            Some(Err(e)) => result.set(Some((false, refusal(i18n, &e)))),
            None => {}
        }
    };
    view! {
        <section class="card" aria-labelledby="receive-title" data-testid="receive">
            <h2 id="receive-title">{tr(K::sharing_receive_title)}</h2>
            <p>{tr(K::sharing_receive_how)}</p>
            {move || advice.get().map(|k| view! { <p class="notice notice-warn" role="status" data-testid="receive-advice">{tr(k)}</p> })}
            <Outcome result=result testid="receive-result"/>
            {move || match preview.get() {
                Some(p) => {
                    let verified = p.trust == Trust::Verified;
                    let institution = p.signer.identity.institution.clone();
                    let entries = p.entries.clone();
                    let trust = i18n.f(sharing::trust_line(&p.trust), &[("institution", &institution)]);
                    view! {
                        <div class="preview" data-testid="receive-preview">
                            <h3>{tr(K::sharing_preview_title)}</h3>
                            <p data-testid="receive-signer">{i18n.f(K::sharing_signed_by, &[("name", &p.signer.identity.name), ("institution", &institution)])}</p>
                            <p class=if verified { "notice notice-ok" } else { "notice notice-warn" } data-testid="receive-trust">{trust}</p>
                            {p.kept.then(|| view! { <p class="notice notice-warn" data-testid="receive-kept">{i18n.f(K::sharing_kept, &[("institution", &institution)])}</p> })}
                            <ul data-testid="receive-effects">
                                {move || record.with_record(|r| sharing::effect_lines(i18n.locale(), r, &entries)).unwrap_or_default().into_iter().map(|l| {
                                    view! { <li class:notice-warn=l.others data-others=l.others.then_some("true")>{l.text}</li> }
                                }).collect_view()}
                            </ul>
                            <Show when=move || !verified>
                                <label class="choice">
                                    <input type="checkbox" data-testid="receive-check" checked=move || checked.get() on:change=move |_| checked.update(|c| *c = !*c)/>
                                    <span>{tr(K::sharing_accept_unverified)}</span>
                                </label>
                            </Show>
                            <div class="actions">
                                <button type="button" class="button" data-testid="receive-accept" disabled=move || !verified && !checked.get() on:click=accept>{tr(K::sharing_accept)}</button>
                                <button type="button" class="button button-secondary" on:click=move |_| { preview.set(None); round.update(|n| *n += 1); }>{tr(K::pair_cancel)}</button>
                            </div>
                        </div>
                    }.into_any()
                }
                None => view! { {move || { round.get(); view! { <Scanner expect=MessageKind::Entries also=MessageKind::Issue on_message=on_message id="receive-scan" advice_to=advice/> } }} }.into_any(),
            }}
        </section>
    }
}

/// Shares made and records received.
#[component]
fn History() -> impl IntoView {
    let i18n = use_i18n();
    let record = use_record();
    let lines = move || record.record().map(|r| sharing::history(&r)).unwrap_or_default();
    view! {
        <section class="card" aria-labelledby="history-title" data-testid="share-history">
            <h2 id="history-title">{tr(K::sharing_log_title)}</h2>
            <Show when=move || !lines().is_empty() fallback=|| view! { <p>{tr(K::sharing_log_empty)}</p> }>
                <ul class="history">
                    {move || lines().into_iter().map(|l| {
                        let date = dates::long(i18n.locale(), l.at.date());
                        let text = match l.received {
                            None if !l.omitted.is_empty() => {
                                let parts: Vec<&str> = l.omitted.iter().map(|p| i18n.t(sharing::part_label(*p))).collect();
                                i18n.f(K::sharing_log_shared_omitted, &[("date", &date), ("institution", &l.institution), ("parts", &parts.join("、"))])
                            }
                            None => i18n.f(K::sharing_log_shared, &[("date", &date), ("institution", &l.institution)]),
                            Some(n) => i18n.f(
                                if l.verified { K::sharing_log_received } else { K::sharing_log_received_unverified },
                                &[("date", &date), ("institution", &l.institution), ("n", &n.to_string())],
                            ),
                        };
                        let kept = l.kept.then(|| i18n.f(K::sharing_log_kept, &[("institution", &l.institution)]));
                        view! { <li>{text}{kept.map(|k| view! { <br/><strong>{k}</strong> })}</li> }
                    }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}

/// Without equipment: the provider sheet on the phone itself, in large type, for the doctor
/// to read (the patient can then record the visit by hand on the visits page).
#[component]
fn ShowOnPhone() -> impl IntoView {
    let record = use_record();
    let open = RwSignal::new(false);
    let view = move || {
        let r = record.record()?;
        let share = OpenedShare {
            patient: [0; 32],
            share_id: [0; 16],
            at: platform::now(),
            bundle: Bundle::of(&r, platform::today(), &[]),
        };
        Some(doctor_view(&share))
    };
    view! {
        <section class="card show-on-phone" aria-labelledby="onphone-title" data-testid="show-on-phone">
            <h2 id="onphone-title">{tr(K::sharing_onphone_title)}</h2>
            <p>{tr(K::sharing_onphone_how)}</p>
            <button type="button" class="button button-secondary" aria-expanded=move || open.get().to_string()
                data-testid="show-on-phone-button" on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { tr(K::sharing_done)() } else { tr(K::sharing_onphone_show)() }}
            </button>
            <Show when=move || open.get()>
                {move || view().map(|v| view! { <div class="large-type"><DoctorPanel view=v/></div> })}
            </Show>
        </section>
    }
}

/// What the last action did: a success or a refusal, in words.
#[component]
fn Outcome(
    /// Whether it succeeded, and the text.
    result: RwSignal<Option<(bool, String)>>,
    /// The test id of the notice.
    testid: &'static str,
) -> impl IntoView {
    // A live region present from the start (one added with its text is often not read).
    let notice = move || {
        result.get().map(|(ok, text)| {
            view! { <p class=if ok { "notice notice-ok" } else { "notice notice-error" } data-testid=testid>{text}</p> }
        })
    };
    view! { <div class="live-slot" role="status" aria-live="polite" aria-atomic="true">{notice}</div> }
}
