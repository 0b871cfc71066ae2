//! The first screen written into `public/index.html` (shown before the WebAssembly runs) is
//! the one the app renders: same tabs in the same order, links, icons and texts (locale
//! keys, filled in by xtask), same page headings. The browser test "the first screen is on
//! the page before the WebAssembly" compares the two on screen.

use karte_core::i18n::K;
use watashi_no_karte::routes::Page;

fn boot_block() -> String {
    let html = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/public/index.html")).expect("index.html");
    let start = html.find("<!--boot-->").expect("boot block start");
    let end = html.find("<!--/boot-->").expect("boot block end");
    html[start..end].to_string()
}

#[test]
fn the_tab_bar_is_the_apps() {
    let block = boot_block();
    let mut at = 0;
    for page in Page::TABS {
        let tab = format!(
            "<a href=\"{}\" class=\"tab\" data-page=\"{}\"><svg class=\"tab-icon\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\"><path d=\"{}\"></path></svg><span class=\"tab-label\">{{{{t:{}}}}}</span></a>",
            page.href(),
            page.segment(),
            page.icon(),
            page.title().name()
        );
        let found = block[at..].find(&tab).unwrap_or_else(|| panic!("index.html's tab bar lacks, or misorders, {page:?}:\n{tab}"));
        at += found + tab.len();
    }
    assert_eq!(block.matches("class=\"tab\"").count(), Page::TABS.len(), "index.html has tabs the app has not");
}

#[test]
fn the_screens_use_the_apps_texts() {
    let block = boot_block();
    let home = Page::Home;
    for key in [
        K::app_title,
        K::app_subtitle,
        K::shell_skip_to_content,
        K::shell_switch_language,
        K::shell_other_language,
        K::shell_offline,
        K::shell_nav_label,
        home.title(),
        home.summary(),
        K::home_next_visit,
        K::home_no_record,
        K::home_go_settings,
        K::home_help_title,
        K::home_help_body,
        K::vault_unlock_title,
        K::vault_unlock_body,
        K::vault_field_passphrase,
        K::vault_unlock_button,
        K::vault_unlock_forgot,
    ] {
        let placeholder = format!("{{{{t:{}}}}}", key.name());
        assert!(block.contains(&placeholder), "index.html's first screen lacks {placeholder}");
    }
    assert!(block.contains(&format!("href=\"{}\" class=\"button\"", Page::Settings.href())));
}
