//! The clinician's review sheet (`karte_core::review`, issue 23): one page per path with every
//! rule and its source, the dated schedules, and each drug's guidance beside its insert
//! clauses.

use chrono::NaiveDate;
use karte_core::guidance::for_drug;
use karte_core::i18n::{text, Locale, K};
use karte_core::pathway;
use karte_core::review::{clauses, sheet};
use karte_core::vocab::{OralDrug, PathId};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn anchor() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 4, 1).expect("date")
}

#[test]
fn every_path_has_a_sheet_with_every_rule_and_source() {
    for p in PathId::ALL {
        let t = pathway::template(p).expect("template");
        for l in Locale::ALL {
            let html = sheet(p, anchor(), l).expect("sheet");
            assert!(html.starts_with("<!doctype html>") && html.ends_with("</html>\n"));
            // Every rule is a row of its own, numbered in template order, ending with its
            // source key and citation: dropping or merging a rule fails here.
            let mut from = 0;
            for (i, r) in t.rules.iter().enumerate() {
                let start = format!("<tr><td>{i}</td>");
                let at = html[from..].find(&start).map(|k| from + k).unwrap_or_else(|| panic!("{p:?}: rule {i} has no row"));
                let row = &html[at..at + html[at..].find("</tr>").expect("row end")];
                let end = format!("<td>{}</td><td>{}</td>", esc(&r.source), esc(&r.cite));
                assert!(row.ends_with(&end), "{p:?}: rule {i} row lacks source `{}` and cite `{}`: {row}", r.source, r.cite);
                from = at + row.len();
            }
            for (key, s) in &t.sources {
                assert!(html.contains(&format!("<tr><td>{}</td>", esc(key))), "{p:?}: source {key} missing");
                assert!(html.contains(&esc(&s.section)), "{p:?}: {}", s.section);
            }
            assert!(html.contains(text(l, K::review_sign_off)));
        }
    }
}

#[test]
fn the_s1_sheet_dates_the_day_15_checks_and_quotes_the_insert() {
    let html = sheet(PathId::StomachS1, anchor(), Locale::Ja).expect("sheet");
    // Every visit of the dated plan is a row, mid-course checks of the later courses too.
    let plan = karte_core::schedule::plan(pathway::template(PathId::StomachS1).expect("t"), anchor(), &[]).expect("plan");
    for v in &plan.visits {
        assert!(html.contains(&format!("<td>{}</td><td>{}</td>", v.id, v.date)), "{} {}", v.id, v.date);
    }
    assert!(plan.visits.iter().any(|v| v.id.as_str() == "c8d15"));
    assert!(html.contains("各コース開始前及び投与期間中は2週に1回以上"));
    // The guidance texts in both languages beside their clauses.
    assert!(html.contains(text(Locale::Ja, K::guide_drug_s1_daily_items_2)));
    assert!(html.contains(text(Locale::En, K::guide_drug_s1_daily_items_2)));
    assert!(html.contains("9.4 生殖能を有する者"));
}

#[test]
fn the_breast_sheet_has_both_hormone_drugs() {
    let html = sheet(PathId::BreastHormone, anchor(), Locale::En).expect("sheet");
    assert!(html.contains("Drug tamoxifen:") && html.contains("Drug aromatase-inhibitor:"));
    assert!(html.contains(text(Locale::En, K::guide_drug_ai_how_items_2)));
    assert!(html.contains("自動車の運転"));
}

/// Every clause backs a text the drug's guidance shows (no clause points at nothing).
#[test]
fn every_clause_backs_a_shown_text() {
    for d in OralDrug::ALL {
        let keys = for_drug(d).keys();
        for c in clauses(d) {
            assert!(!c.items.is_empty(), "{d:?}: {}", c.cite);
            for k in c.items {
                assert!(keys.contains(k), "{d:?}: {} backs {k:?}, which the guidance does not show", c.cite);
            }
        }
    }
}
