//! The record pages' presenters in Japanese (kept out of `src/`, which holds no Japanese text).

use chrono::NaiveDate;
use karte_core::demo;
use karte_core::i18n::Locale;
use karte_core::vocab::CancerType;
use watashi_no_karte::present::{dates, forms, home, results, schedule};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

#[test]
fn japanese_dates() {
    assert_eq!(dates::long(Locale::Ja, d(2026, 12, 3)), "2026年12月3日（木）");
    assert_eq!(dates::plain(Locale::Ja, d(2025, 6, 15)), "2025年6月15日");
    assert_eq!(dates::short(Locale::Ja, d(2025, 6, 15)), "6月15日");
    assert_eq!(dates::relative(Locale::Ja, d(2025, 6, 15), d(2025, 6, 15)), "今日");
    assert_eq!(dates::relative(Locale::Ja, d(2025, 6, 15), d(2025, 7, 15)), "30日後");
    assert_eq!(dates::range(Locale::Ja, d(2025, 1, 2), d(2025, 1, 9)), "2025年1月2日〜2025年1月9日");
}

#[test]
fn japanese_home_and_schedule_texts() {
    let today = demo::fixed_today();
    let v = demo::record_fixed(CancerType::Stomach).view();
    let next = home::next_visit(&v, today).expect("next");
    let bring: Vec<String> = next.bring.iter().map(|b| b.text(Locale::Ja)).collect();
    assert_eq!(bring[1], "お薬手帳");
    assert!(bring.last().is_some_and(|b| b.starts_with("ティーエスワン")), "{bring:?}");
    let steps = home::emergency_steps(Locale::Ja, &home::emergency(&v));
    assert!(steps[1].contains("みほん内科クリニック（03-0000-2001）"), "{}", steps[1]);
    let tag = schedule::VisitTag::Overdue { days: 3 };
    assert_eq!(tag.text(Locale::Ja), "予定日を3日過ぎています");
}

#[test]
fn japanese_form_and_result_texts() {
    let e = forms::FormError { field: karte_core::i18n::K::rec_memo_text, problem: forms::Problem::Required };
    assert_eq!(e.message(Locale::Ja), "「メモ」を書いてください。");
    let r = karte_core::record::ReferenceRange { low: None, high: Some(37.0), basis: None };
    assert_eq!(results::range_text(Locale::Ja, &r).as_deref(), Some("37以下"));
}

#[test]
fn the_locale_decides_the_punctuation() {
    use watashi_no_karte::present::text::{aside, list};
    assert_eq!(aside(Locale::Ja, "1950年4月2日", "76歳"), "1950年4月2日（76歳）");
    assert_eq!(aside(Locale::En, "2 Apr 1950", "age 76"), "2 Apr 1950 (age 76)");
    assert_eq!(list(Locale::Ja, ["CEA", "CT"]), "CEA・CT");
    assert_eq!(list(Locale::En, ["CEA", "CT"]), "CEA, CT");
    assert_eq!(list(Locale::En, Vec::<String>::new()), "");
}

#[test]
fn an_author_line_per_kind_of_author() {
    use karte_core::record::{Author, PartnerRole};
    use watashi_no_karte::present::text::author_line;
    let doctor = Author::Clinician { name: "見本 一郎".into(), institution: "みほん内科".into(), role: PartnerRole::PartnerClinic };
    assert_eq!(author_line(Locale::Ja, &doctor), "見本 一郎（みほん内科）");
    assert_eq!(author_line(Locale::En, &doctor), "見本 一郎 (みほん内科)");
    assert_eq!(author_line(Locale::Ja, &Author::Patient), "あなた");
    let office = Author::Institution { name: "がんセンター".into(), role: PartnerRole::PlanningHospital };
    assert_eq!(author_line(Locale::En, &office), "がんセンター");
}

#[test]
fn schedule_counts_and_test_lines() {
    let today = demo::fixed_today();
    let v = demo::record_fixed(CancerType::Stomach).view();
    let (done, total) = schedule::progress_counts(&v, today);
    let rows = schedule::timeline(&v, today);
    assert_eq!(total, rows.len());
    let tagged_done = rows.iter().filter(|r| matches!(r.tag, schedule::VisitTag::Done { .. })).count();
    assert_eq!(done, tagged_done);
    assert!(done > 0 && done < total, "{done}/{total}");
    let first = &rows[0].visit;
    let line = schedule::tests_line(Locale::Ja, first);
    assert_eq!(line.split('・').count(), first.tests.len(), "{line}");
}

/// Issue 22: a refused answer says what it tried, naming whom; institutions to re-confirm after
/// the migration of an older record are listed for the share page.
#[test]
fn a_refused_answer_names_what_it_tried() {
    use karte_core::record::EntryId;
    use karte_core::share::exchange::{MergeError, Touched};
    use watashi_no_karte::present::sharing;
    let e = MergeError::TouchesTrust { entry: EntryId("v1".into()), what: Touched::Keys("見本市立がんセンター".into()) };
    let args = sharing::merge_args(&e);
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let ja = karte_core::i18n::format(Locale::Ja, sharing::merge_error(&e), &args);
    assert!(ja.starts_with("この返事は見本市立がんセンターの鍵を書き換えようとしました。"), "{ja}");
    let en = karte_core::i18n::format(Locale::En, sharing::merge_error(&e), &args);
    assert!(en.contains("tried to set the keys of 見本市立がんセンター"), "{en}");
    let other = MergeError::OtherInstitutionsEntry { entry: EntryId("r1".into()), author: "見本市立がんセンター".into() };
    let args = sharing::merge_args(&other);
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert!(karte_core::i18n::format(Locale::Ja, sharing::merge_error(&other), &args).contains("見本市立がんセンターが書いた記録"));

    let mut r = demo::record_fixed(CancerType::Stomach);
    assert_eq!(sharing::to_reconfirm(Some(&r)), "");
    r.sharing.reconfirm = vec!["みほん内科クリニック".into(), "みほん調剤薬局".into()];
    assert_eq!(sharing::to_reconfirm(Some(&r)), "みほん内科クリニック、みほん調剤薬局");
}
