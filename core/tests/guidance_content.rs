//! Checks of the self-care guidance (`karte_core::guidance`) and its locale texts.

use std::collections::BTreeSet;

use karte_core::guidance::{
    emergency, emergency_sources, emergency_steps, emergency_title, for_cancer, for_drug, for_path,
    general, today_key, today_line, DoseDay, Guidance, Urgency, SOURCES_TITLE, YEAR_UNKNOWN,
};
use karte_core::i18n::{placeholders, text, Locale, K, KEY_NAMES};
use karte_core::vocab::{CancerType, OralDrug, PathId};

/// Texts allowed to read the same in Japanese and English (proper names). Empty today.
const SAME_IN_BOTH: &[&str] = &[];

const DOSE_DAYS: [DoseDay; 3] = [
    DoseDay::On { day: 3, days: 28 },
    DoseDay::Off { day: 2, days: 14 },
    DoseDay::Daily,
];

fn all_guidance() -> Vec<(String, Guidance)> {
    let mut out = vec![("general".to_string(), general())];
    out.extend(
        CancerType::ALL
            .iter()
            .map(|c| (format!("{c:?}"), for_cancer(*c))),
    );
    out.extend(
        OralDrug::ALL
            .iter()
            .map(|d| (format!("{d:?}"), for_drug(*d))),
    );
    out.extend(
        PathId::ALL
            .iter()
            .map(|p| (p.as_str().to_string(), for_path(*p))),
    );
    out
}

/// Every key the guidance API can hand to the UI.
fn referenced_keys() -> BTreeSet<K> {
    let mut keys = BTreeSet::new();
    for (_, g) in all_guidance() {
        keys.extend(g.keys());
    }
    keys.extend(emergency().iter().copied());
    keys.insert(emergency_title());
    for s in emergency_sources() {
        keys.insert(s.title);
        keys.insert(s.publisher);
    }
    for u in [Urgency::CallNow, Urgency::CallSoon, Urgency::Info] {
        keys.insert(u.label());
    }
    keys.insert(SOURCES_TITLE);
    keys.insert(YEAR_UNKNOWN);
    for d in OralDrug::ALL {
        for day in DOSE_DAYS {
            keys.insert(today_key(d, day));
        }
    }
    keys
}

fn guide_key_names() -> Vec<&'static str> {
    KEY_NAMES
        .iter()
        .copied()
        .filter(|k| k.starts_with("guide."))
        .collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}')
}

#[test]
fn every_cancer_and_drug_has_a_call_now_section_and_sources() {
    for (name, g) in all_guidance() {
        assert!(
            g.sections.iter().any(|s| s.urgency == Urgency::CallNow),
            "{name}: no CallNow section"
        );
        assert!(!g.sources.is_empty(), "{name}: no source");
        assert!(
            g.sections.iter().all(|s| !s.items.is_empty()),
            "{name}: an empty section"
        );
    }
}

#[test]
fn topic_sections_are_ordered_most_urgent_first() {
    for (name, g) in all_guidance().into_iter().filter(|(n, _)| n != "general") {
        let order: Vec<Urgency> = g.sections.iter().map(|s| s.urgency).collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted, "{name}");
    }
}

#[test]
fn general_guidance_puts_the_own_hospital_first() {
    let g = general();
    assert_eq!(g.sections[0].urgency, Urgency::Info);
    assert!(text(Locale::Ja, g.sections[0].title).contains("病院"));
    assert!(text(Locale::En, g.sections[0].title).contains("hospital"));
    assert!(g.sections.iter().any(|s| s.urgency == Urgency::CallNow
        && s.items.iter().any(|k| text(Locale::Ja, *k).contains("38℃"))));
}

#[test]
fn every_source_has_a_title_a_publisher_and_a_sane_year_and_url() {
    let mut sources: Vec<_> = all_guidance()
        .iter()
        .flat_map(|(_, g)| g.sources.iter().copied())
        .collect();
    sources.extend_from_slice(emergency_sources());
    for s in sources {
        for l in Locale::ALL {
            assert!(!text(l, s.title).trim().is_empty(), "{}", s.title.name());
            assert!(
                !text(l, s.publisher).trim().is_empty(),
                "{}",
                s.publisher.name()
            );
        }
        assert!(
            s.title.name().starts_with("guide.src."),
            "{}",
            s.title.name()
        );
        assert!(
            s.publisher.name().starts_with("guide.pub."),
            "{}",
            s.publisher.name()
        );
        if let Some(y) = s.year {
            assert!((2000..=2030).contains(&y), "{}: year {y}", s.title.name());
        }
        if let Some(u) = s.url {
            assert!(u.starts_with("https://") && !u.contains(' '), "{u}");
        }
    }
}

#[test]
fn every_referenced_key_is_non_empty_in_both_languages() {
    for k in referenced_keys() {
        for l in Locale::ALL {
            assert!(
                !text(l, k).trim().is_empty(),
                "{} is empty in {l:?}",
                k.name()
            );
        }
    }
}

#[test]
fn every_guide_key_is_used_and_every_used_key_is_a_guide_key() {
    let used: BTreeSet<&str> = referenced_keys().iter().map(|k| k.name()).collect();
    for k in &used {
        assert!(k.starts_with("guide."), "{k} is not a guide key");
    }
    let unused: Vec<_> = guide_key_names()
        .into_iter()
        .filter(|k| !used.contains(k))
        .collect();
    assert!(unused.is_empty(), "guide keys no guidance uses: {unused:?}");
}

#[test]
fn ja_and_en_have_the_same_placeholders() {
    for k in referenced_keys() {
        let mut ja = placeholders(text(Locale::Ja, k));
        let mut en = placeholders(text(Locale::En, k));
        ja.sort_unstable();
        en.sort_unstable();
        assert_eq!(ja, en, "{}", k.name());
    }
}

#[test]
fn only_emergency_and_today_lines_have_placeholders() {
    let allowed: BTreeSet<K> = emergency()
        .iter()
        .copied()
        .chain(
            OralDrug::ALL
                .iter()
                .flat_map(|d| DOSE_DAYS.iter().map(move |day| today_key(*d, *day))),
        )
        .collect();
    for k in referenced_keys().difference(&allowed) {
        for l in Locale::ALL {
            let t = text(l, *k);
            assert!(
                !t.contains('{') && !t.contains('}'),
                "{} has a brace in {l:?}: {t}",
                k.name()
            );
        }
    }
}

#[test]
fn no_text_is_an_untranslated_copy() {
    for name in guide_key_names() {
        let k = referenced_keys()
            .into_iter()
            .find(|k| k.name() == name)
            .expect("every guide key is used");
        let (ja, en) = (text(Locale::Ja, k), text(Locale::En, k));
        if !SAME_IN_BOTH.contains(&name) {
            assert_ne!(ja, en, "{name} is the same in ja and en");
        }
        assert!(
            ja.chars().any(is_cjk),
            "{name}: the ja text has no Japanese: {ja}"
        );
        // English may quote a Japanese name in parentheses (お薬手帳), nothing more.
        let mut depth = 0;
        for c in en.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                c if depth == 0 => assert!(
                    !is_cjk(c),
                    "{name}: Japanese outside parentheses in en: {en}"
                ),
                _ => {}
            }
        }
    }
}

#[test]
fn emergency_calls_the_clinic_before_the_hospital() {
    let steps = emergency();
    for l in Locale::ALL {
        let first = |p: &str| steps.iter().position(|k| text(l, *k).contains(p)).expect(p);
        // The clinic gets its own step ("first call the clinic") before the hospital is named.
        assert!(first("{clinic}") < first("{hospital}"), "{l:?}");
        for k in steps {
            let t = text(l, *k);
            if let (Some(c), Some(h)) = (t.find("{clinic}"), t.find("{hospital}")) {
                assert!(c < h, "{l:?}: {t}");
            }
        }
        assert!(
            steps.iter().any(|k| text(l, *k).contains("119")),
            "{l:?}: no 119 step"
        );
        let filled = emergency_steps(l, "山田クリニック 03-0000-0000", "中央病院 03-1111-1111");
        assert_eq!(filled.len(), steps.len());
        assert!(filled.iter().all(|s| !s.contains('{')), "{filled:?}");
        let clinic = filled
            .iter()
            .position(|s| s.contains("山田クリニック"))
            .expect("clinic");
        let hospital = filled
            .iter()
            .position(|s| s.contains("中央病院"))
            .expect("hospital");
        assert!(clinic <= hospital);
    }
}

#[test]
fn drug_guidance_has_the_key_warnings() {
    let call_now = call_now_keys;
    for d in [
        OralDrug::S1,
        OralDrug::Capecitabine,
        OralDrug::UftLeucovorin,
        OralDrug::Uft,
    ] {
        let items = call_now(d);
        assert!(items.contains(&K::guide_sym_fever_fn), "{d:?}: fever at the febrile neutropenia threshold");
        assert!(items.contains(&K::guide_sym_diarrhoea4), "{d:?}: diarrhoea");
        let all = for_drug(d).keys();
        assert!(
            all.contains(&K::guide_dc_fp_no_mix),
            "{d:?}: fluoropyrimidines must not be mixed"
        );
        assert!(
            all.contains(&K::guide_dc_no_double),
            "{d:?}: never a double dose"
        );
    }
    assert!(call_now(OralDrug::S1).contains(&K::guide_sym_mouth_sores));
    assert!(call_now(OralDrug::Capecitabine).contains(&K::guide_drug_capecitabine_call_now_items_1));
    for d in [OralDrug::UftLeucovorin, OralDrug::Uft] {
        assert!(
            call_now(d).contains(&K::guide_sym_jaundice),
            "{d:?}: jaundice"
        );
    }
    for d in [OralDrug::Tamoxifen, OralDrug::AromataseInhibitor] {
        assert!(
            call_now(d).contains(&K::guide_sym_leg_clot),
            "{d:?}: thrombosis"
        );
    }
    assert!(for_drug(OralDrug::Tamoxifen)
        .keys()
        .contains(&K::guide_drug_tamoxifen_call_soon_items_1));
    assert!(for_drug(OralDrug::AromataseInhibitor)
        .keys()
        .contains(&K::guide_drug_ai_bone_items_1));
}

/// The oral drugs whose package insert lists interstitial pneumonia (間質性肺炎) among the
/// serious adverse reactions (11.1): today all of them: S-1, capecitabine, UFT (alone and
/// with leucovorin), tamoxifen, and anastrozole among the aromatase inhibitors. Checked
/// 2026-11 against the inserts as quoted in `docs/clinical-sources.md`; a drug added to
/// `OralDrug` must be checked against its own insert.
const INSERT_LISTS_INTERSTITIAL_PNEUMONIA: [OralDrug; 6] = OralDrug::ALL;

fn call_now_keys(d: OralDrug) -> Vec<K> {
    for_drug(d)
        .sections
        .iter()
        .filter(|s| s.urgency == Urgency::CallNow)
        .flat_map(|s| s.items.iter().copied())
        .collect()
}

#[test]
fn the_interstitial_pneumonia_sign_is_given_for_every_drug_whose_insert_lists_it() {
    for d in INSERT_LISTS_INTERSTITIAL_PNEUMONIA {
        assert!(call_now_keys(d).contains(&K::guide_sym_breath_cough), "{d:?}");
    }
    assert!(text(Locale::Ja, K::guide_sym_breath_cough).contains("から咳"));
}

#[test]
fn tamoxifen_warns_about_warfarin() {
    for l in Locale::ALL {
        let texts: Vec<&str> = for_drug(OralDrug::Tamoxifen).keys().into_iter().map(|k| text(l, k)).collect();
        let word = if l == Locale::Ja { "ワルファリン" } else { "warfarin" };
        assert!(texts.iter().any(|t| t.contains(word)), "{l:?}");
    }
    // The fluoropyrimidine line (warfarin and phenytoin) is not the tamoxifen one.
    assert!(!for_drug(OralDrug::Tamoxifen).keys().contains(&K::guide_dc_warfarin));
}

#[test]
fn s1_names_flucytosine_and_no_unsourced_first_days_sign() {
    let g = for_drug(OralDrug::S1);
    for l in Locale::ALL {
        let word = if l == Locale::Ja { "フルシトシン" } else { "Flucytosine" };
        assert!(g.keys().iter().any(|k| text(l, *k).contains(word)), "{l:?}");
    }
    // Revision 1 said "diarrhoea and mouth sores together in the first few days", which no
    // source says; the insert's clause (15.1, DPD deficiency) is about the early period.
    assert!(!g.keys().iter().any(|k| text(Locale::Ja, *k).contains("数日")));
    assert!(!g.keys().iter().any(|k| text(Locale::En, *k).contains("first few days")));
}

#[test]
fn prostate_paths_get_only_their_own_treatment() {
    let surgery = for_path(PathId::ProstateProstatectomy).keys();
    let radio = for_path(PathId::ProstateRadiotherapy).keys();
    assert!(surgery.contains(&K::guide_cancer_prostate_surgery_title));
    assert!(!surgery.contains(&K::guide_cancer_prostate_radiotherapy_title));
    assert!(radio.contains(&K::guide_cancer_prostate_radiotherapy_title));
    assert!(!radio.contains(&K::guide_cancer_prostate_surgery_title));
    for p in PathId::ALL {
        let g = for_path(p);
        assert_eq!(g.title, for_cancer(p.cancer()).title, "{p:?}");
        if !matches!(
            p,
            PathId::ProstateProstatectomy | PathId::ProstateRadiotherapy
        ) {
            assert_eq!(g, for_cancer(p.cancer()), "{p:?}");
        }
    }
}

#[test]
fn every_path_drug_has_guidance_and_a_today_line() {
    for p in PathId::ALL {
        for d in p.oral_drugs() {
            assert!(!for_drug(*d).sections.is_empty(), "{p:?} {d:?}");
        }
    }
    for d in OralDrug::ALL {
        for l in Locale::ALL {
            for day in DOSE_DAYS {
                let line = today_line(l, d, day);
                assert!(!line.contains('{'), "{d:?} {day:?} {l:?}: {line}");
                match day {
                    DoseDay::On { day, days } | DoseDay::Off { day, days } => {
                        assert!(
                            line.contains(&day.to_string()) && line.contains(&days.to_string()),
                            "{line}"
                        );
                    }
                    DoseDay::Daily => {}
                }
            }
            assert_ne!(today_key(d, DOSE_DAYS[0]), today_key(d, DOSE_DAYS[1]));
        }
    }
    assert_eq!(
        today_line(Locale::Ja, OralDrug::S1, DoseDay::On { day: 3, days: 28 }),
        "今日はティーエスワンを飲む日です（3/28日目）"
    );
    assert_eq!(
        today_line(Locale::En, OralDrug::S1, DoseDay::Off { day: 2, days: 14 }),
        "Today is a rest day: no TS-1 (rest day 2 of 14)"
    );
}

#[test]
fn urgency_labels_differ() {
    let labels: BTreeSet<K> = [Urgency::CallNow, Urgency::CallSoon, Urgency::Info]
        .iter()
        .map(|u| u.label())
        .collect();
    assert_eq!(labels.len(), 3);
}

// ---------------------------------------------------------------------------------------------
// Issue 23: each test fails on the texts before the issue.

/// Every text of a guidance, in one locale.
fn texts(g: &Guidance, l: Locale) -> Vec<&'static str> {
    g.keys().into_iter().map(|k| text(l, k)).collect()
}

fn has(g: &Guidance, l: Locale, words: &[&str]) -> bool {
    texts(g, l).iter().any(|t| words.iter().all(|w| t.contains(w)))
}

/// 23.5 Contraception: tamoxifen (insert 9.4, revised 2023-05) 9 months after the last dose
/// with a non-hormonal method, men 6 months with condoms; S-1 (insert 9.4) women 6 months,
/// men 3 months.
#[test]
fn contraception_lines_give_the_inserts_periods() {
    let tam = for_drug(OralDrug::Tamoxifen);
    assert!(has(&tam, Locale::Ja, &["9か月", "ホルモン剤ではない", "男性", "6か月", "コンドーム"]));
    assert!(has(&tam, Locale::En, &["9 months", "non-hormonal", "Men", "6 months", "condoms"]));
    let s1 = for_drug(OralDrug::S1);
    assert!(has(&s1, Locale::Ja, &["妊娠", "女性", "6か月", "男性", "3か月"]));
    assert!(has(&s1, Locale::En, &["pregnancy", "women", "6 months", "men", "3 months"]));
}

/// 23.6 Aromatase inhibitors: all three inserts caution about driving.
#[test]
fn aromatase_inhibitors_caution_about_driving() {
    let ai = for_drug(OralDrug::AromataseInhibitor);
    assert!(has(&ai, Locale::Ja, &["めまい", "運転"]));
    assert!(has(&ai, Locale::En, &["dizzy", "drive"]));
}

/// Also weighed in issue 23: exemestane is taken after a meal (アロマシン insert 6.: 食後);
/// the group's guidance says so, since the plan records the group, not the agent.
#[test]
fn exemestane_is_taken_after_a_meal() {
    let ai = for_drug(OralDrug::AromataseInhibitor);
    assert!(has(&ai, Locale::Ja, &["エキセメスタン", "食後"]));
    assert!(has(&ai, Locale::En, &["exemestane", "after a meal"]));
}

/// 23.7 Capecitabine with warfarin is a boxed warning (bleeding, deaths, clotting tests until a
/// month after the last dose): capecitabine has its own line, first in "how to take", not the
/// generic line S-1 and UFT share.
#[test]
fn capecitabine_names_the_warfarin_boxed_warning() {
    let cape = for_drug(OralDrug::Capecitabine);
    let how = cape.sections.iter().find(|s| s.title == K::guide_title_how_to_take).expect("how to take");
    assert_eq!(how.items[0], K::guide_drug_capecitabine_warfarin);
    assert!(!cape.keys().contains(&K::guide_dc_warfarin));
    for (l, words) in [
        (Locale::Ja, &["ワルファリン", "出血", "亡くなった", "PT-INR", "1か月"][..]),
        (Locale::En, &["warfarin", "bleeding", "deaths", "PT-INR", "a month after"][..]),
    ] {
        let t = text(l, K::guide_drug_capecitabine_warfarin);
        assert!(words.iter().all(|w| t.contains(w)), "{t}");
    }
}

/// 23.8 Stop and call at grade 2, in words a patient recognises, on every fluoropyrimidine's
/// list: mouth sores that make eating hurt (soft food only), nausea that cuts eating clearly,
/// or vomiting 3 or more times a day; diarrhoea 4 or more above the usual; hand-foot syndrome
/// that hurts to hold or walk. None of them waits until the patient cannot eat or drink.
#[test]
fn stop_and_call_thresholds_are_grade_2() {
    for d in [OralDrug::S1, OralDrug::Capecitabine, OralDrug::UftLeucovorin, OralDrug::Uft] {
        let g = for_drug(d);
        let stop = g.sections.iter().find(|s| s.title == K::guide_title_stop_and_call).expect("stop list");
        for k in [K::guide_sym_mouth_sores, K::guide_sym_vomit, K::guide_sym_diarrhoea4] {
            assert!(stop.items.contains(&k), "{d:?} lacks {k:?}");
        }
    }
    let en = |k| text(Locale::En, k);
    let ja = |k| text(Locale::Ja, k);
    assert!(en(K::guide_sym_mouth_sores).contains("soft food") && !en(K::guide_sym_mouth_sores).contains("cannot eat"));
    assert!(ja(K::guide_sym_mouth_sores).contains("やわらかいもの") && !ja(K::guide_sym_mouth_sores).contains("とれない"));
    assert!(en(K::guide_sym_vomit).contains("3 or more times") && !en(K::guide_sym_vomit).contains("stops you eating or drinking"));
    assert!(ja(K::guide_sym_vomit).contains("3回以上") && !ja(K::guide_sym_vomit).contains("とれない"));
    assert!(en(K::guide_sym_diarrhoea4).contains("4 or more"));
    assert!(en(K::guide_drug_capecitabine_call_now_items_1).contains("hold things or walk"));
    // S-1: early mouth sores or diarrhoea stop the drug even when moderate.
    assert!(text(Locale::En, K::guide_drug_s1_call_now_items_1).contains("even moderate"));
    assert!(text(Locale::Ja, K::guide_drug_s1_call_now_items_1).contains("中くらい"));
}

/// 23.4 PSA: the guidance no longer calls small PSA changes nothing to worry about; after
/// surgery it gives 0.2 ng/mL (twice), after radiotherapy a rise of 2 above the lowest value.
#[test]
fn prostate_guidance_gives_the_psa_recurrence_rules() {
    for l in [Locale::Ja, Locale::En] {
        let all: Vec<&str> = texts(&for_cancer(CancerType::Prostate), l);
        assert!(!all.iter().any(|t| t.contains("panic") || t.contains("心配しすぎる")), "{l:?}");
    }
    let surgery = for_path(PathId::ProstateProstatectomy);
    assert!(has(&surgery, Locale::Ja, &["0.2 ng/mL", "PSA再発"]));
    assert!(has(&surgery, Locale::En, &["0.2 ng/mL", "second test", "PSA recurrence"]));
    assert!(!has(&surgery, Locale::En, &["lowest value"]));
    let rt = for_path(PathId::ProstateRadiotherapy);
    assert!(has(&rt, Locale::En, &["2 ng/mL above its lowest value"]));
    assert!(has(&rt, Locale::Ja, &["いちばん低かった値", "2 ng/mL"]));
    assert!(!has(&rt, Locale::En, &["0.2 ng/mL"]));
}
