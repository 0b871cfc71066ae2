//! The vault's screens and settings sections: unlock, create, change passphrase, backup,
//! restore, erase. Thin: every action is a `VaultCtx` method; every text a locale key.

use crate::i18n::{tr, use_i18n};
use crate::routes::Page;
use crate::state;
use crate::present::safety;
use crate::vault::{messages, use_vault, Recovery, VaultState};
use karte_core::i18n::K;
use karte_core::record::Record;
use karte_core::vault::strength;
use leptos::prelude::*;
use leptos_router::components::A;

/// The message of the last vault action, if any.
#[component]
pub fn VaultNotice() -> impl IntoView {
    let vault = use_vault();
    let node = NodeRef::<leptos::html::Div>::new();
    // A message far above the button just pressed would go unseen on a phone: bring it in.
    Effect::new(move |_| {
        if vault.notice().is_some() {
            if let Some(el) = node.get() {
                crate::platform::scroll_into_view(&el);
            }
        }
    });
    view! {
        <div node_ref=node class="notice-slot">
            {move || {
                vault.notice().map(|n| {
                    let class = if n.error { "notice notice-error" } else { "notice notice-ok" };
                    let role = if n.error { "alert" } else { "status" };
                    view! { <p class=class role=role data-testid="vault-notice">{tr(n.text)}</p> }
                })
            }}
        </div>
    }
}

/// A labelled passphrase field bound to `value`.
#[component]
fn PassField(
    /// The label.
    label: K,
    /// The value.
    value: RwSignal<String>,
    /// `current-password` or `new-password`.
    autocomplete: &'static str,
    /// A stable name for tests and password managers.
    name: &'static str,
) -> impl IntoView {
    let id = format!("pass-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{tr(label)}</label>
            <input
                id=id
                name=name
                type="password"
                autocomplete=autocomplete
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </div>
    }
}

/// Shown instead of the record while the vault is locked.
#[component]
pub fn UnlockScreen() -> impl IntoView {
    let vault = use_vault();
    let pass = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        vault.unlock(pass.get_untracked());
        pass.set(String::new());
    };
    view! {
        <header class="page-header">
            <h1>{tr(K::vault_unlock_title)}</h1>
            <p class="page-summary">{tr(K::vault_unlock_body)}</p>
        </header>
        <form class="card" on:submit=submit data-testid="unlock-form">
            <PassField label=K::vault_field_passphrase value=pass autocomplete="current-password" name="unlock"/>
            <VaultNotice/>
            <button type="submit" class="button" prop:disabled=move || vault.busy()>
                {move || if vault.busy() { tr(K::vault_busy)() } else { tr(K::vault_unlock_button)() }}
            </button>
        </form>
        <p><A href=Page::Settings.href() attr:class="button button-secondary">{tr(K::vault_unlock_forgot)}</A></p>
        {move || (vault.notice().is_some_and(|n| n.text == K::backup_recovery_damaged)).then(|| view! {
            <p><A href=format!("{}#backup-h", Page::Settings.href()) attr:class="button" attr:data-testid="recovery-restore">{tr(K::backup_recovery_action)}</A></p>
        })}
    }
}

/// Settings: create a record (no vault yet) with guidance on the passphrase.
#[component]
fn CreateVault() -> impl IntoView {
    let vault = use_vault();
    let pass = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let meter = move || {
        let p = pass.get();
        (!p.is_empty()).then(|| {
            let rating = strength::rate(&p);
            let class = if rating.is_acceptable() { "meter meter-ok" } else { "meter meter-bad" };
            view! { <p class=class data-testid="strength">{tr(messages::strength_key(rating.strength))}</p> }
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        vault.create(pass.get_untracked(), confirm.get_untracked(), None);
    };
    view! {
        <section class="card" aria-labelledby="create-h">
            <h2 id="create-h">{tr(K::vault_create_title)}</h2>
            <p>{tr(K::vault_create_guide_1)}</p>
            <p>{tr(K::vault_create_guide_2)}</p>
            <p class="warning">{tr(K::vault_create_guide_3)}</p>
            <form on:submit=submit data-testid="create-form">
                <PassField label=K::vault_field_passphrase value=pass autocomplete="new-password" name="new"/>
                {meter}
                <PassField label=K::vault_field_confirm value=confirm autocomplete="new-password" name="confirm"/>
                <button type="submit" class="button" prop:disabled=move || vault.busy()>
                    {move || if vault.busy() { tr(K::vault_busy)() } else { tr(K::vault_create_button)() }}
                </button>
            </form>
        </section>
    }
}

/// Settings: lock, auto-lock, storage persistence, change passphrase.
#[component]
fn Security() -> impl IntoView {
    let vault = use_vault();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let persisted = move || match vault.persisted() {
        Some(true) => tr(K::vault_persist_granted)(),
        Some(false) => tr(K::vault_persist_denied)(),
        None => tr(K::vault_persist_unknown)(),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        vault.change_passphrase(current.get_untracked(), new.get_untracked(), confirm.get_untracked());
        current.set(String::new());
        new.set(String::new());
        confirm.set(String::new());
    };
    view! {
        <section class="card" aria-labelledby="security-h">
            <h2 id="security-h">{tr(K::vault_security_title)}</h2>
            <p>{tr(K::vault_autolock_info)}</p>
            <p data-testid="persisted">{persisted}</p>
            <button type="button" class="button" data-testid="lock-now" on:click=move |_| vault.lock()>
                {tr(K::vault_lock_now)}
            </button>
            <h3>{tr(K::vault_change_title)}</h3>
            <form on:submit=submit data-testid="change-form">
                <PassField label=K::vault_field_current value=current autocomplete="current-password" name="current"/>
                <PassField label=K::vault_field_new value=new autocomplete="new-password" name="changed"/>
                <PassField label=K::vault_field_confirm value=confirm autocomplete="new-password" name="changed-confirm"/>
                <button type="submit" class="button button-secondary" prop:disabled=move || vault.busy()>
                    {tr(K::vault_change_button)}
                </button>
            </form>
        </section>
    }
}

/// Settings: export a backup; restore one (replacing the record, or onto a new device).
#[component]
fn Backup() -> impl IntoView {
    let vault = use_vault();
    let i18n = use_i18n();
    let unlocked = move || vault.state() == VaultState::Unlocked;
    let last = move || match vault.last_backup() {
        Some(d) => i18n.f(K::vault_backup_last, &[("date", &d.to_string())]),
        None => tr(K::vault_backup_never)().to_string(),
    };
    let file = NodeRef::<leptos::html::Input>::new();
    let pass = RwSignal::new(String::new());
    let restore = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(input) = file.get_untracked() else { return };
        let passphrase = pass.get_untracked();
        pass.set(String::new());
        leptos::task::spawn_local(async move {
            match crate::platform::read_chosen_file(&input).await {
                Some(text) => vault.import_backup(text, passphrase),
                None => vault.dismiss_with(K::vault_err_no_file),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="backup-h">
            <h2 id="backup-h">{tr(K::vault_backup_title)}</h2>
            <Show when=unlocked>
                <p>{tr(K::vault_backup_body)}</p>
                <p data-testid="last-backup">{last}</p>
                <button type="button" class="button" data-testid="export-backup" on:click=move |_| vault.export_backup(state::today())>
                    {tr(K::vault_backup_export)}
                </button>
            </Show>
            <h3>{tr(K::vault_restore_title)}</h3>
            <p>{move || if unlocked() { tr(K::vault_restore_body_replace)() } else { tr(K::vault_restore_body_new)() }}</p>
            <form on:submit=restore data-testid="restore-form">
                <div class="field">
                    <label for="restore-file">{tr(K::vault_restore_file)}</label>
                    <input id="restore-file" name="restore-file" type="file" accept=".txt,.karte,text/plain" node_ref=file/>
                </div>
                <PassField label=K::vault_restore_passphrase value=pass autocomplete="current-password" name="restore"/>
                <button type="submit" class="button button-secondary" prop:disabled=move || vault.busy()>
                    {tr(K::vault_restore_button)}
                </button>
            </form>
            {move || vault.pending_restore().map(|(open, backup)| view! { <ReplaceOther open=open backup=backup/> })}
        </section>
    }
}

/// A checked backup file of another record: both named, replaced only on the patient's word.
#[component]
fn ReplaceOther(open: Record, backup: Record) -> impl IntoView {
    let vault = use_vault();
    let i18n = use_i18n();
    let name = move |r: &Record| {
        let l = safety::record_label(r);
        let name = l.name.unwrap_or_else(|| tr(K::vault_restore_unnamed)().to_string());
        i18n.f(K::vault_restore_label, &[("name", &name), ("entries", &l.entries.to_string()), ("time", &safety::copy_time_text(l.latest))])
    };
    // Closures: the lines follow a change of language while the question is shown.
    let open_line = move || i18n.f(K::vault_restore_other_open, &[("record", &name(&open))]);
    let backup_line = move || i18n.f(K::vault_restore_other_backup, &[("record", &name(&backup))]);
    view! {
        <div class="notice notice-error" role="alert" data-testid="restore-other">
            <p><strong>{tr(K::vault_restore_other_title)}</strong></p>
            <p>{tr(K::vault_restore_other_body)}</p>
            <p data-testid="restore-other-open">{open_line}</p>
            <p data-testid="restore-other-backup">{backup_line}</p>
            <p class="button-row">
                <button type="button" class="button button-danger" data-testid="restore-other-replace" on:click=move |_| vault.confirm_restore()>
                    {tr(K::vault_restore_other_replace)}
                </button>
                <button type="button" class="button button-secondary" data-testid="restore-other-cancel" on:click=move |_| vault.cancel_restore()>
                    {tr(K::vault_restore_other_cancel)}
                </button>
            </p>
        </div>
    }
}

/// Settings: erase everything on this device, after a second, explicit confirmation.
#[component]
fn Erase() -> impl IntoView {
    let vault = use_vault();
    let asking = RwSignal::new(false);
    view! {
        <section class="card card-danger" aria-labelledby="erase-h">
            <h2 id="erase-h">{tr(K::vault_erase_title)}</h2>
            <p>{tr(K::vault_erase_body)}</p>
            <Show
                when=move || asking.get()
                fallback=move || view! {
                    <button type="button" class="button button-danger" data-testid="erase" on:click=move |_| asking.set(true)>
                        {tr(K::vault_erase_button)}
                    </button>
                }
            >
                <p class="warning" role="alert">{tr(K::vault_erase_confirm_text)}</p>
                <div class="button-row">
                    <button type="button" class="button button-danger" data-testid="erase-confirm" on:click=move |_| {
                        asking.set(false);
                        vault.erase();
                    }>
                        {tr(K::vault_erase_confirm)}
                    </button>
                    <button type="button" class="button button-secondary" on:click=move |_| asking.set(false)>
                        {tr(K::vault_erase_cancel)}
                    </button>
                </div>
            </Show>
        </section>
    }
}

/// Every vault section of the settings page, for the current state.
#[component]
pub fn VaultSettings() -> impl IntoView {
    let vault = use_vault();
    view! {
        <VaultNotice/>
        {move || match vault.state() {
            VaultState::Empty => view! { <CreateVault/><Backup/> }.into_any(),
            VaultState::Locked => view! {
                <section class="card">
                    <h2>{tr(K::vault_locked_title)}</h2>
                    <p>{tr(K::vault_locked_body)}</p>
                </section>
                <Backup/>
                <Erase/>
            }.into_any(),
            VaultState::Unlocked => view! { <Security/><Backup/><Erase/> }.into_any(),
        }}
    }
}

/// A banner while the last save failed; what unlocking had to open instead of a damaged newest
/// copy; until the app is installed, a word on why to install it (while a record is open);
/// a backup reminder, sooner
/// when the browser may delete the record.
#[component]
pub fn VaultBanners() -> impl IntoView {
    let vault = use_vault();
    let i18n = use_i18n();
    let installed = crate::platform::installed();
    let problem = move || vault.save_problem().map(|k| view! { <p class="banner banner-error" role="alert" data-testid="save-problem">{tr(k)}</p> });
    let recovery = move || {
        vault.recovery().map(|Recovery::OlderCopy(t)| {
            let text = i18n.f(K::backup_recovery_older, &[("time", &safety::copy_time_text(t))]);
            view! {
                <div class="banner banner-error" role="alert" data-testid="recovery-older">
                    <p>{text}</p>
                    <p class="button-row">
                        <A href=format!("{}#backup-h", Page::Settings.href()) attr:class="button button-small">{tr(K::backup_recovery_action)}</A>
                        <button type="button" class="button button-small button-secondary" on:click=move |_| vault.dismiss_recovery()>{tr(K::backup_recovery_close)}</button>
                    </p>
                </div>
            }
        })
    };
    // While a record is open only: the first screen (the home prompt, the unlock form) stays
    // the static one of index.html; Settings, where a record is made, explains it in full.
    // One banner at most, so that Home's next appointment stays in sight on a phone: the backup
    // reminder carries the way to install too; the install banner shows only without it.
    let reminder = move || {
        let at_risk = safety::at_risk(installed, vault.persisted());
        vault.backup_reminder(state::today(), at_risk)
    };
    let install_link = move || {
        view! { <A href=format!("{}#install-h", Page::Settings.href()) attr:class="button button-small button-secondary" attr:data-testid="install-link">{tr(K::backup_install_prompt_button)}</A> }
    };
    let install = move || {
        (!installed && vault.state() == VaultState::Unlocked && reminder().is_none()).then(|| view! {
            <p class="banner banner-info" data-testid="install-banner">
                <span>{tr(K::backup_install_banner)}</span>
                <A href=format!("{}#install-h", Page::Settings.href()) attr:class="button button-small">{tr(K::backup_install_banner_action)}</A>
            </p>
        })
    };
    let remind = move || {
        reminder().map(|r| {
            view! {
                <div class="banner banner-info" data-testid="backup-reminder" data-reason=format!("{r:?}")>
                    <span>{tr(r.text())}</span>
                    <p class="button-row">
                        <A href=Page::Settings.href() attr:class="button button-small">{tr(K::vault_backup_reminder_action)}</A>
                        {(!installed).then(install_link)}
                    </p>
                </div>
            }
        })
    };
    view! { {problem}{recovery}{install}{remind} }
}
