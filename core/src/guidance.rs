//! Self-care guidance for patients (療養の注意事項): per cancer, per oral drug, the general rules,
//! and what to do in an emergency.
//!
//! Everything here is data: each text is a locale key ([`K`]) whose Japanese and English live in
//! `locales/guidance.{ja,en}.json`, under `guide.*`. The UI renders a [`Guidance`] as its
//! [`Section`]s, each marked with an [`Urgency`], followed by its [`Source`]s.
//!
//! Medical stance: the texts are general and conservative. The patient's own hospital's
//! instructions always come first (the first section of [`general`] says so), and when in doubt
//! the texts say "call". Emergencies follow the care path's rule (DOMAIN.md §5): first the
//! partner clinic (`{clinic}`), then the planning hospital's after-hours number (`{hospital}`);
//! a life-threatening emergency is a 119 call.
//!
//! ```
//! use karte_core::guidance::{for_drug, Urgency};
//! use karte_core::i18n::{text, Locale};
//! use karte_core::vocab::OralDrug;
//! let g = for_drug(OralDrug::S1);
//! let first = &g.sections[0];
//! assert_eq!(first.urgency, Urgency::CallNow);
//! assert!(text(Locale::Ja, first.items[0]).contains("37.5℃"));
//! ```

use chrono::NaiveDate;

use crate::i18n::{format, Locale, K};
use crate::pathway::Regimen;
use crate::schedule::{DrugCalendar, DrugPhase};
use crate::vocab::{CancerType, OralDrug, PathId};

/// How soon the patient should act on a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Urgency {
    /// Call at once (and, for a drug, stop taking it first).
    CallNow,
    /// Get in touch soon, without waiting for the next visit.
    CallSoon,
    /// Background and daily-life tips.
    Info,
}

impl Urgency {
    /// A short label for the UI (badge or heading).
    pub fn label(self) -> K {
        match self {
            Urgency::CallNow => K::guide_urgency_call_now,
            Urgency::CallSoon => K::guide_urgency_call_soon,
            Urgency::Info => K::guide_urgency_info,
        }
    }
}

/// One block of guidance: a heading and its points, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Section {
    /// The heading.
    pub title: K,
    /// The points, in display order.
    pub items: &'static [K],
    /// How soon to act.
    pub urgency: Urgency,
}

/// A document the guidance rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source {
    /// The document's title (a locale key: Japanese titles stay Japanese in `ja`, and are
    /// translated, with the Japanese name where useful, in `en`).
    pub title: K,
    /// Who publishes it.
    pub publisher: K,
    /// The year of the edition consulted; `None` for documents revised continually (package
    /// inserts, patient leaflets, web pages): the URL leads to the current version.
    pub year: Option<u16>,
    /// Where to read it, when a stable address is known.
    pub url: Option<&'static str>,
}

/// Guidance on one topic: a title, sections in display order, and the sources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Guidance {
    /// The topic's heading.
    pub title: K,
    /// The sections: most urgent first.
    pub sections: &'static [Section],
    /// The sources.
    pub sources: &'static [Source],
}

impl Guidance {
    /// Every locale key this guidance shows (title, section titles and items, source titles and
    /// publishers), in display order. Useful for checks and for search.
    pub fn keys(&self) -> Vec<K> {
        let mut out = vec![self.title];
        for s in self.sections {
            out.push(s.title);
            out.extend_from_slice(s.items);
        }
        for s in self.sources {
            out.push(s.title);
            out.push(s.publisher);
        }
        out
    }
}

/// The heading of a source list.
pub const SOURCES_TITLE: K = K::guide_sources_title;
/// Shown instead of the year of a [`Source`] whose `year` is `None`.
pub const YEAR_UNKNOWN: K = K::guide_year_unknown;

// ---------------------------------------------------------------------------------------------
// Sources

const PMDA_SEARCH: Option<&str> = Some("https://www.pmda.go.jp/PmdaSearch/iyakuSearch/");
const RAD_AR_SIORI: Option<&str> = Some("https://www.rad-ar.or.jp/siori/");

const fn src(title: K, publisher: K, year: Option<u16>, url: Option<&'static str>) -> Source {
    Source {
        title,
        publisher,
        year,
        url,
    }
}

const GANJOHO_STOMACH: Source = src(
    K::guide_src_ganjoho_stomach,
    K::guide_pub_ncc,
    None,
    Some("https://ganjoho.jp/public/cancer/stomach/index.html"),
);
const GANJOHO_COLON: Source = src(
    K::guide_src_ganjoho_colon,
    K::guide_pub_ncc,
    None,
    Some("https://ganjoho.jp/public/cancer/colon/index.html"),
);
const GANJOHO_LUNG: Source = src(
    K::guide_src_ganjoho_lung,
    K::guide_pub_ncc,
    None,
    Some("https://ganjoho.jp/public/cancer/lung/index.html"),
);
const GANJOHO_LIVER: Source = src(
    K::guide_src_ganjoho_liver,
    K::guide_pub_ncc,
    None,
    Some("https://ganjoho.jp/public/cancer/liver/index.html"),
);
const GANJOHO_BREAST: Source = src(
    K::guide_src_ganjoho_breast,
    K::guide_pub_ncc,
    None,
    Some("https://ganjoho.jp/public/cancer/breast/index.html"),
);
const GANJOHO_PROSTATE: Source = src(
    K::guide_src_ganjoho_prostate,
    K::guide_pub_ncc,
    None,
    Some("https://ganjoho.jp/public/cancer/prostate/index.html"),
);
const GANJOHO_LYMPHEDEMA: Source = src(
    K::guide_src_ganjoho_lymphedema,
    K::guide_pub_ncc,
    None,
    Some("https://ganjoho.jp/public/support/condition/lymphedema/ld01.html"),
);
const GANJOHO_QUIT: Source = src(
    K::guide_src_ganjoho_quit,
    K::guide_pub_ncc,
    None,
    Some("https://ganjoho.jp/"),
);

const S1_GUIDE: Source = src(K::guide_src_s1_guide, K::guide_pub_taiho, None, PMDA_SEARCH);
const S1_INSERT: Source = src(
    K::guide_src_s1_insert,
    K::guide_pub_taiho,
    None,
    PMDA_SEARCH,
);
const XELODA_GUIDE: Source = src(
    K::guide_src_xeloda_guide,
    K::guide_pub_chugai,
    None,
    PMDA_SEARCH,
);
const XELODA_INSERT: Source = src(
    K::guide_src_xeloda_insert,
    K::guide_pub_chugai,
    None,
    PMDA_SEARCH,
);
const UFT_INSERT: Source = src(
    K::guide_src_uft_insert,
    K::guide_pub_taiho,
    None,
    PMDA_SEARCH,
);
const UZEL_INSERT: Source = src(
    K::guide_src_uzel_insert,
    K::guide_pub_taiho,
    None,
    PMDA_SEARCH,
);
const UFT_SHIORI: Source = src(
    K::guide_src_uft_shiori,
    K::guide_pub_rad_ar,
    None,
    RAD_AR_SIORI,
);
const TAMOXIFEN_INSERT: Source = src(
    K::guide_src_tamoxifen_insert,
    K::guide_pub_pmda,
    None,
    PMDA_SEARCH,
);
const TAMOXIFEN_SHIORI: Source = src(
    K::guide_src_tamoxifen_shiori,
    K::guide_pub_rad_ar,
    None,
    RAD_AR_SIORI,
);
const AI_INSERT: Source = src(K::guide_src_ai_insert, K::guide_pub_pmda, None, PMDA_SEARCH);
const AI_SHIORI: Source = src(
    K::guide_src_ai_shiori,
    K::guide_pub_rad_ar,
    None,
    RAD_AR_SIORI,
);

const GL_STOMACH: Source = src(
    K::guide_src_gl_stomach,
    K::guide_pub_jgca,
    Some(2021),
    Some("https://www.jgca.jp/"),
);
const GL_COLORECTAL: Source = src(
    K::guide_src_gl_colorectal,
    K::guide_pub_jsccr,
    Some(2024),
    Some("https://www.jsccr.jp/"),
);
const GL_LUNG: Source = src(
    K::guide_src_gl_lung,
    K::guide_pub_jlcs,
    Some(2024),
    Some("https://www.haigan.gr.jp/"),
);
const GL_LIVER: Source = src(
    K::guide_src_gl_liver,
    K::guide_pub_jsh,
    Some(2021),
    Some("https://www.jsh.or.jp/"),
);
const GL_BREAST: Source = src(
    K::guide_src_gl_breast,
    K::guide_pub_jbcs,
    Some(2022),
    Some("https://www.jbcs.gr.jp/"),
);
const GL_BREAST_PATIENT: Source = src(
    K::guide_src_gl_breast_patient,
    K::guide_pub_jbcs,
    Some(2023),
    Some("https://www.jbcs.gr.jp/"),
);
const GL_PROSTATE: Source = src(
    K::guide_src_gl_prostate,
    K::guide_pub_jua,
    Some(2023),
    Some("https://www.urol.or.jp/"),
);
const GL_LYMPHEDEMA: Source = src(
    K::guide_src_gl_lymphedema,
    K::guide_pub_jsl,
    Some(2018),
    None,
);
const GL_OSTEOPOROSIS: Source = src(
    K::guide_src_gl_osteoporosis,
    K::guide_pub_osteo,
    Some(2015),
    None,
);
const AMBULANCE: Source = src(
    K::guide_src_ambulance,
    K::guide_pub_fdma,
    None,
    Some("https://www.fdma.go.jp/"),
);
const PATH_MANUAL: Source = src(K::guide_src_path_manual, K::guide_pub_saitama, None, None);

// ---------------------------------------------------------------------------------------------
// Shared section titles and items

const fn call_now(items: &'static [K]) -> Section {
    Section {
        title: K::guide_title_call_now,
        items,
        urgency: Urgency::CallNow,
    }
}
const fn stop_and_call(items: &'static [K]) -> Section {
    Section {
        title: K::guide_title_stop_and_call,
        items,
        urgency: Urgency::CallNow,
    }
}
const fn call_soon(items: &'static [K]) -> Section {
    Section {
        title: K::guide_title_call_soon,
        items,
        urgency: Urgency::CallSoon,
    }
}
const fn info(title: K, items: &'static [K]) -> Section {
    Section {
        title,
        items,
        urgency: Urgency::Info,
    }
}

// ---------------------------------------------------------------------------------------------
// General

static GENERAL_SECTIONS: [Section; 4] = [
    info(
        K::guide_general_own_title,
        &[
            K::guide_general_own_items_1,
            K::guide_general_own_items_2,
            K::guide_general_own_items_3,
        ],
    ),
    call_now(&[
        K::guide_sym_fever38,
        K::guide_sym_breathless_chest,
        K::guide_general_call_now_items_1,
        K::guide_sym_vomit,
        K::guide_sym_black_stool,
        K::guide_general_call_now_items_2,
        K::guide_sym_jaundice,
        K::guide_sym_confusion,
    ]),
    call_soon(&[
        K::guide_sym_weight_loss,
        K::guide_general_call_soon_items_1,
        K::guide_general_call_soon_items_2,
        K::guide_general_call_soon_items_3,
    ]),
    info(
        K::guide_title_daily,
        &[
            K::guide_general_daily_items_1,
            K::guide_general_daily_items_2,
            K::guide_general_daily_items_3,
            K::guide_dc_infection,
            K::guide_general_daily_items_4,
            K::guide_general_daily_items_5,
        ],
    ),
];

static GENERAL_SOURCES: [Source; 2] = [PATH_MANUAL, AMBULANCE];

/// The guidance for every patient: the hospital's own instructions come first; when to call at
/// once; when to call soon; daily life.
pub fn general() -> Guidance {
    Guidance {
        title: K::guide_general_title,
        sections: &GENERAL_SECTIONS,
        sources: &GENERAL_SOURCES,
    }
}

static EMERGENCY: [K; 5] = [
    K::guide_emergency_steps_1,
    K::guide_emergency_steps_2,
    K::guide_emergency_steps_3,
    K::guide_emergency_steps_4,
    K::guide_emergency_steps_5,
];

/// The heading of the emergency steps.
pub fn emergency_title() -> K {
    K::guide_emergency_title
}

/// What to do when the patient suddenly feels very unwell, as ordered steps: 119 when life may be
/// at risk; otherwise first the partner clinic (`{clinic}`), then, if it cannot help, the
/// planning hospital's after-hours number (`{hospital}`); what to say; what to bring.
///
/// Fill the placeholders with [`emergency_steps`] or `i18n::format`.
pub fn emergency() -> &'static [K] {
    &EMERGENCY
}

/// The emergency steps as text, with `{clinic}` and `{hospital}` filled in (for example with the
/// institution's name and phone number from the record).
pub fn emergency_steps(locale: Locale, clinic: &str, hospital: &str) -> Vec<String> {
    EMERGENCY
        .iter()
        .map(|k| format(locale, *k, &[("clinic", clinic), ("hospital", hospital)]))
        .collect()
}

/// The sources of the emergency steps.
pub fn emergency_sources() -> &'static [Source] {
    &GENERAL_SOURCES
}

// ---------------------------------------------------------------------------------------------
// Per cancer

static STOMACH_SECTIONS: [Section; 5] = [
    call_now(&[
        K::guide_sym_ileus,
        K::guide_sym_black_stool,
        K::guide_cancer_stomach_call_now_items_1,
        K::guide_sym_fever38,
    ]),
    call_soon(&[
        K::guide_sym_weight_loss,
        K::guide_cancer_stomach_call_soon_items_1,
        K::guide_cancer_stomach_call_soon_items_2,
        K::guide_cancer_stomach_call_soon_items_3,
    ]),
    info(
        K::guide_cancer_stomach_eating_title,
        &[
            K::guide_cancer_stomach_eating_items_1,
            K::guide_cancer_stomach_eating_items_2,
            K::guide_cancer_stomach_eating_items_3,
            K::guide_cancer_stomach_eating_items_4,
        ],
    ),
    info(
        K::guide_cancer_stomach_dumping_title,
        &[
            K::guide_cancer_stomach_dumping_items_1,
            K::guide_cancer_stomach_dumping_items_2,
            K::guide_cancer_stomach_dumping_items_3,
            K::guide_cancer_stomach_dumping_items_4,
        ],
    ),
    info(
        K::guide_title_follow_up,
        &[
            K::guide_cancer_stomach_follow_up_items_1,
            K::guide_cancer_stomach_follow_up_items_2,
        ],
    ),
];
static STOMACH_SOURCES: [Source; 2] = [GANJOHO_STOMACH, GL_STOMACH];

static COLORECTAL_SECTIONS: [Section; 4] = [
    call_now(&[
        K::guide_sym_ileus,
        K::guide_cancer_colorectal_call_now_items_1,
        K::guide_cancer_colorectal_call_now_items_2,
        K::guide_sym_fever38,
    ]),
    call_soon(&[
        K::guide_cancer_colorectal_call_soon_items_1,
        K::guide_sym_weight_loss,
        K::guide_sym_wound,
    ]),
    info(
        K::guide_cancer_colorectal_bowel_title,
        &[
            K::guide_cancer_colorectal_bowel_items_1,
            K::guide_cancer_colorectal_bowel_items_2,
            K::guide_cancer_colorectal_bowel_items_3,
            K::guide_cancer_colorectal_bowel_items_4,
            K::guide_cancer_colorectal_bowel_items_5,
        ],
    ),
    info(
        K::guide_title_follow_up,
        &[K::guide_cancer_colorectal_follow_up_items_1],
    ),
];
static COLORECTAL_SOURCES: [Source; 2] = [GANJOHO_COLON, GL_COLORECTAL];

static LUNG_SECTIONS: [Section; 5] = [
    call_now(&[
        K::guide_sym_breathless_chest,
        K::guide_cancer_lung_call_now_items_1,
        K::guide_cancer_lung_call_now_items_2,
        K::guide_sym_fever38,
    ]),
    call_soon(&[
        K::guide_cancer_lung_call_soon_items_1,
        K::guide_cancer_lung_call_soon_items_2,
        K::guide_sym_weight_loss,
    ]),
    info(
        K::guide_cancer_lung_breathing_title,
        &[
            K::guide_cancer_lung_breathing_items_1,
            K::guide_cancer_lung_breathing_items_2,
            K::guide_cancer_lung_breathing_items_3,
            K::guide_cancer_lung_breathing_items_4,
        ],
    ),
    info(
        K::guide_cancer_lung_smoking_title,
        &[
            K::guide_cancer_lung_smoking_items_1,
            K::guide_cancer_lung_smoking_items_2,
            K::guide_cancer_lung_smoking_items_3,
            K::guide_cancer_lung_smoking_items_4,
        ],
    ),
    info(
        K::guide_title_follow_up,
        &[K::guide_cancer_lung_follow_up_items_1],
    ),
];
static LUNG_SOURCES: [Source; 3] = [GANJOHO_LUNG, GANJOHO_QUIT, GL_LUNG];

static LIVER_SECTIONS: [Section; 4] = [
    call_now(&[
        K::guide_sym_jaundice,
        K::guide_sym_black_stool,
        K::guide_sym_confusion,
        K::guide_cancer_liver_call_now_items_1,
        K::guide_sym_fever38,
    ]),
    call_soon(&[
        K::guide_cancer_liver_call_soon_items_1,
        K::guide_cancer_liver_call_soon_items_2,
        K::guide_sym_weight_loss,
    ]),
    info(
        K::guide_cancer_liver_hepatitis_title,
        &[
            K::guide_cancer_liver_hepatitis_items_1,
            K::guide_cancer_liver_hepatitis_items_2,
            K::guide_cancer_liver_hepatitis_items_3,
        ],
    ),
    info(
        K::guide_cancer_liver_alcohol_title,
        &[
            K::guide_cancer_liver_alcohol_items_1,
            K::guide_cancer_liver_alcohol_items_2,
            K::guide_cancer_liver_alcohol_items_3,
            K::guide_cancer_liver_alcohol_items_4,
        ],
    ),
];
static LIVER_SOURCES: [Source; 2] = [GANJOHO_LIVER, GL_LIVER];

static BREAST_SECTIONS: [Section; 4] = [
    call_now(&[
        K::guide_cancer_breast_call_now_items_1,
        K::guide_sym_fever38,
    ]),
    call_soon(&[
        K::guide_cancer_breast_call_soon_items_1,
        K::guide_cancer_breast_call_soon_items_2,
        K::guide_cancer_breast_call_soon_items_3,
    ]),
    info(
        K::guide_cancer_breast_arm_title,
        &[
            K::guide_cancer_breast_arm_items_1,
            K::guide_cancer_breast_arm_items_2,
            K::guide_cancer_breast_arm_items_3,
            K::guide_cancer_breast_arm_items_4,
        ],
    ),
    info(
        K::guide_title_follow_up,
        &[
            K::guide_cancer_breast_follow_up_items_1,
            K::guide_cancer_breast_follow_up_items_2,
        ],
    ),
];
static BREAST_SOURCES: [Source; 4] = [
    GANJOHO_BREAST,
    GANJOHO_LYMPHEDEMA,
    GL_BREAST_PATIENT,
    GL_LYMPHEDEMA,
];

const PROSTATE_CALL_NOW: Section = call_now(&[
    K::guide_cancer_prostate_call_now_items_1,
    K::guide_cancer_prostate_call_now_items_2,
    K::guide_cancer_prostate_call_now_items_3,
]);
const PROSTATE_CALL_SOON: Section = call_soon(&[
    K::guide_cancer_prostate_call_soon_items_1,
    K::guide_cancer_prostate_call_soon_items_2,
    K::guide_cancer_prostate_call_soon_items_3,
]);
const PROSTATE_FOLLOW_UP: Section = info(
    K::guide_title_follow_up,
    &[
        K::guide_cancer_prostate_follow_up_items_1,
        K::guide_cancer_prostate_follow_up_items_2,
    ],
);
const PROSTATE_SURGERY: Section = info(
    K::guide_cancer_prostate_surgery_title,
    &[
        K::guide_cancer_prostate_surgery_items_1,
        K::guide_cancer_prostate_surgery_items_2,
        K::guide_cancer_prostate_surgery_items_3,
        K::guide_cancer_prostate_surgery_items_4,
        K::guide_cancer_prostate_surgery_items_5,
    ],
);
const PROSTATE_RADIOTHERAPY: Section = info(
    K::guide_cancer_prostate_radiotherapy_title,
    &[
        K::guide_cancer_prostate_radiotherapy_items_1,
        K::guide_cancer_prostate_radiotherapy_items_2,
        K::guide_cancer_prostate_radiotherapy_items_3,
        K::guide_cancer_prostate_radiotherapy_items_4,
    ],
);
static PROSTATE_SECTIONS: [Section; 5] = [
    PROSTATE_CALL_NOW,
    PROSTATE_CALL_SOON,
    PROSTATE_FOLLOW_UP,
    PROSTATE_SURGERY,
    PROSTATE_RADIOTHERAPY,
];
static PROSTATE_SURGERY_SECTIONS: [Section; 4] = [
    PROSTATE_CALL_NOW,
    PROSTATE_CALL_SOON,
    PROSTATE_FOLLOW_UP,
    PROSTATE_SURGERY,
];
static PROSTATE_RADIOTHERAPY_SECTIONS: [Section; 4] = [
    PROSTATE_CALL_NOW,
    PROSTATE_CALL_SOON,
    PROSTATE_FOLLOW_UP,
    PROSTATE_RADIOTHERAPY,
];
static PROSTATE_SOURCES: [Source; 2] = [GANJOHO_PROSTATE, GL_PROSTATE];

/// The guidance after treatment for a cancer. For prostate cancer it covers both surgery and
/// radiotherapy; [`for_path`] gives only the part that fits the patient's path.
pub fn for_cancer(c: CancerType) -> Guidance {
    let (title, sections, sources): (K, &'static [Section], &'static [Source]) = match c {
        CancerType::Stomach => (
            K::guide_cancer_stomach_title,
            &STOMACH_SECTIONS,
            &STOMACH_SOURCES,
        ),
        CancerType::Colorectal => (
            K::guide_cancer_colorectal_title,
            &COLORECTAL_SECTIONS,
            &COLORECTAL_SOURCES,
        ),
        CancerType::Lung => (K::guide_cancer_lung_title, &LUNG_SECTIONS, &LUNG_SOURCES),
        CancerType::Liver => (K::guide_cancer_liver_title, &LIVER_SECTIONS, &LIVER_SOURCES),
        CancerType::Breast => (
            K::guide_cancer_breast_title,
            &BREAST_SECTIONS,
            &BREAST_SOURCES,
        ),
        CancerType::Prostate => (
            K::guide_cancer_prostate_title,
            &PROSTATE_SECTIONS,
            &PROSTATE_SOURCES,
        ),
    };
    Guidance {
        title,
        sections,
        sources,
    }
}

/// The cancer guidance for a path: as [`for_cancer`], except that the two prostate paths get
/// only the sections for their treatment (surgery or radiotherapy). The path's oral drugs have
/// their own guidance: see [`for_drug`] and `PathId::oral_drugs`.
pub fn for_path(p: PathId) -> Guidance {
    match p {
        PathId::ProstateProstatectomy => Guidance {
            sections: &PROSTATE_SURGERY_SECTIONS,
            ..for_cancer(p.cancer())
        },
        PathId::ProstateRadiotherapy => Guidance {
            sections: &PROSTATE_RADIOTHERAPY_SECTIONS,
            ..for_cancer(p.cancer())
        },
        _ => for_cancer(p.cancer()),
    }
}

// ---------------------------------------------------------------------------------------------
// Per oral drug

static S1_SECTIONS: [Section; 4] = [
    stop_and_call(&[
        K::guide_sym_fever_fn,
        K::guide_sym_diarrhoea4,
        K::guide_sym_mouth_sores,
        K::guide_drug_s1_call_now_items_1,
        K::guide_sym_vomit,
        K::guide_sym_bleeding,
        K::guide_sym_jaundice,
        K::guide_sym_breath_cough,
        K::guide_sym_rash_blisters,
    ]),
    call_soon(&[
        K::guide_dc_appetite,
        K::guide_dc_mild_diarrhoea,
        K::guide_drug_s1_call_soon_items_1,
        K::guide_dc_skin_mild,
    ]),
    info(
        K::guide_title_how_to_take,
        &[
            K::guide_drug_s1_how_items_1,
            K::guide_dc_rest_period,
            K::guide_dc_skip_missed,
            K::guide_dc_no_double,
            K::guide_drug_s1_how_items_2,
            K::guide_dc_dont_stop,
            K::guide_dc_fp_no_mix,
            K::guide_drug_s1_how_items_3,
            K::guide_dc_warfarin,
            K::guide_dc_tell_others,
        ],
    ),
    info(
        K::guide_title_daily,
        &[
            K::guide_dc_mouth_care,
            K::guide_dc_fluids,
            K::guide_dc_infection,
            K::guide_drug_s1_daily_items_1,
            K::guide_drug_s1_daily_items_2,
        ],
    ),
];
static S1_SOURCES: [Source; 3] = [S1_GUIDE, S1_INSERT, GL_STOMACH];

static CAPECITABINE_SECTIONS: [Section; 5] = [
    stop_and_call(&[
        K::guide_drug_capecitabine_call_now_items_1,
        K::guide_sym_fever_fn,
        K::guide_sym_diarrhoea4,
        K::guide_sym_mouth_sores,
        K::guide_sym_vomit,
        K::guide_sym_breathless_chest,
        K::guide_sym_breath_cough,
        K::guide_sym_bleeding,
        K::guide_sym_jaundice,
        K::guide_sym_rash_blisters,
    ]),
    call_soon(&[
        K::guide_drug_capecitabine_call_soon_items_1,
        K::guide_dc_appetite,
        K::guide_dc_mild_diarrhoea,
    ]),
    info(
        K::guide_title_how_to_take,
        &[
            K::guide_drug_capecitabine_warfarin,
            K::guide_drug_capecitabine_how_items_1,
            K::guide_dc_rest_period,
            K::guide_dc_skip_missed,
            K::guide_dc_no_double,
            K::guide_dc_dont_stop,
            K::guide_dc_fp_no_mix,
            K::guide_dc_tell_others,
        ],
    ),
    info(
        K::guide_drug_capecitabine_hands_title,
        &[
            K::guide_drug_capecitabine_hands_items_1,
            K::guide_drug_capecitabine_hands_items_2,
            K::guide_drug_capecitabine_hands_items_3,
            K::guide_drug_capecitabine_hands_items_4,
        ],
    ),
    info(
        K::guide_title_daily,
        &[
            K::guide_dc_fluids,
            K::guide_dc_mouth_care,
            K::guide_dc_infection,
        ],
    ),
];
static CAPECITABINE_SOURCES: [Source; 3] = [XELODA_GUIDE, XELODA_INSERT, GL_COLORECTAL];

static UFT_LV_SECTIONS: [Section; 4] = [
    stop_and_call(&[
        K::guide_sym_diarrhoea4,
        K::guide_sym_jaundice,
        K::guide_drug_uft_liver,
        K::guide_sym_fever_fn,
        K::guide_sym_mouth_sores,
        K::guide_sym_vomit,
        K::guide_sym_bleeding,
        K::guide_sym_breath_cough,
        K::guide_sym_rash_blisters,
    ]),
    call_soon(&[K::guide_dc_mild_diarrhoea, K::guide_dc_skin_mild]),
    info(
        K::guide_title_how_to_take,
        &[
            K::guide_drug_uft_lv_how_items_1,
            K::guide_dc_rest_period,
            K::guide_dc_ask_missed,
            K::guide_dc_no_double,
            K::guide_dc_dont_stop,
            K::guide_drug_uft_liver_tests,
            K::guide_dc_fp_no_mix,
            K::guide_dc_warfarin,
            K::guide_dc_tell_others,
        ],
    ),
    info(
        K::guide_title_daily,
        &[
            K::guide_dc_fluids,
            K::guide_dc_mouth_care,
            K::guide_dc_infection,
            K::guide_drug_uft_alcohol,
        ],
    ),
];
static UFT_LV_SOURCES: [Source; 4] = [UFT_INSERT, UZEL_INSERT, UFT_SHIORI, GL_COLORECTAL];

static UFT_SECTIONS: [Section; 4] = [
    stop_and_call(&[
        K::guide_sym_jaundice,
        K::guide_drug_uft_liver,
        K::guide_sym_diarrhoea4,
        K::guide_sym_fever_fn,
        K::guide_sym_mouth_sores,
        K::guide_sym_vomit,
        K::guide_sym_bleeding,
        K::guide_sym_breath_cough,
        K::guide_sym_rash_blisters,
    ]),
    call_soon(&[K::guide_dc_mild_diarrhoea, K::guide_dc_skin_mild]),
    info(
        K::guide_title_how_to_take,
        &[
            K::guide_drug_uft_how_items_1,
            K::guide_dc_ask_missed,
            K::guide_dc_no_double,
            K::guide_dc_dont_stop,
            K::guide_drug_uft_liver_tests,
            K::guide_dc_fp_no_mix,
            K::guide_dc_warfarin,
            K::guide_dc_tell_others,
        ],
    ),
    info(
        K::guide_title_daily,
        &[
            K::guide_dc_fluids,
            K::guide_dc_infection,
            K::guide_drug_uft_alcohol,
        ],
    ),
];
static UFT_SOURCES: [Source; 3] = [UFT_INSERT, UFT_SHIORI, GL_LUNG];

static TAMOXIFEN_SECTIONS: [Section; 4] = [
    call_now(&[
        K::guide_sym_leg_clot,
        K::guide_sym_breathless_chest,
        K::guide_sym_breath_cough,
        K::guide_sym_stroke,
        K::guide_sym_face_swelling,
        K::guide_sym_jaundice,
        K::guide_sym_rash_blisters,
    ]),
    call_soon(&[
        K::guide_drug_tamoxifen_call_soon_items_1,
        K::guide_drug_tamoxifen_call_soon_items_2,
    ]),
    info(
        K::guide_title_how_to_take,
        &[
            K::guide_drug_tamoxifen_how_items_1,
            K::guide_dc_ask_missed,
            K::guide_dc_no_double,
            K::guide_dc_dont_stop,
            K::guide_drug_tamoxifen_how_items_2,
            K::guide_drug_tamoxifen_how_items_3,
            K::guide_dc_tell_others,
        ],
    ),
    info(
        K::guide_title_daily,
        &[
            K::guide_drug_tamoxifen_daily_items_1,
            K::guide_drug_tamoxifen_daily_items_2,
            K::guide_drug_tamoxifen_daily_items_3,
        ],
    ),
];
static TAMOXIFEN_SOURCES: [Source; 4] = [
    TAMOXIFEN_INSERT,
    TAMOXIFEN_SHIORI,
    GL_BREAST,
    GL_BREAST_PATIENT,
];

static AI_SECTIONS: [Section; 4] = [
    call_now(&[
        K::guide_sym_face_swelling,
        K::guide_sym_rash_blisters,
        K::guide_sym_jaundice,
        K::guide_sym_leg_clot,
        K::guide_sym_breathless_chest,
        K::guide_sym_breath_cough,
    ]),
    call_soon(&[
        K::guide_drug_ai_call_soon_items_1,
        K::guide_drug_ai_call_soon_items_2,
    ]),
    info(
        K::guide_title_how_to_take,
        &[
            K::guide_drug_ai_how_items_1,
            K::guide_drug_ai_how_items_2,
            K::guide_drug_ai_how_items_3,
            K::guide_dc_ask_missed,
            K::guide_dc_no_double,
            K::guide_dc_dont_stop,
            K::guide_dc_tell_others,
        ],
    ),
    info(
        K::guide_drug_ai_bone_title,
        &[
            K::guide_drug_ai_bone_items_1,
            K::guide_drug_ai_bone_items_2,
            K::guide_drug_ai_bone_items_3,
            K::guide_drug_ai_bone_items_4,
            K::guide_drug_ai_bone_items_5,
        ],
    ),
];
static AI_SOURCES: [Source; 5] = [
    AI_INSERT,
    AI_SHIORI,
    GL_BREAST,
    GL_BREAST_PATIENT,
    GL_OSTEOPOROSIS,
];

/// The guidance for an oral drug: when to stop it and call, when to call soon, how to take it,
/// and daily care.
pub fn for_drug(d: OralDrug) -> Guidance {
    let (title, sections, sources): (K, &'static [Section], &'static [Source]) = match d {
        OralDrug::S1 => (K::guide_drug_s1_title, &S1_SECTIONS, &S1_SOURCES),
        OralDrug::Capecitabine => (
            K::guide_drug_capecitabine_title,
            &CAPECITABINE_SECTIONS,
            &CAPECITABINE_SOURCES,
        ),
        OralDrug::UftLeucovorin => (
            K::guide_drug_uft_lv_title,
            &UFT_LV_SECTIONS,
            &UFT_LV_SOURCES,
        ),
        OralDrug::Uft => (K::guide_drug_uft_title, &UFT_SECTIONS, &UFT_SOURCES),
        OralDrug::Tamoxifen => (
            K::guide_drug_tamoxifen_title,
            &TAMOXIFEN_SECTIONS,
            &TAMOXIFEN_SOURCES,
        ),
        OralDrug::AromataseInhibitor => (K::guide_drug_ai_title, &AI_SECTIONS, &AI_SOURCES),
    };
    Guidance {
        title,
        sections,
        sources,
    }
}

// ---------------------------------------------------------------------------------------------
// The "today" line of the home page

/// Where today falls in a drug course, for the home page's one-line reminder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DoseDay {
    /// A day to take the drug: day `day` of the `days` days on, in this cycle.
    On {
        /// 1-based day within the days on.
        day: u32,
        /// Days on in the cycle.
        days: u32,
    },
    /// A rest day (休薬): day `day` of the `days` rest days.
    Off {
        /// 1-based rest day.
        day: u32,
        /// Rest days in the cycle.
        days: u32,
    },
    /// A drug taken every day without rest.
    Daily,
}

impl DoseDay {
    /// Today's place in a drug calendar; `None` before the course starts and after it ends.
    pub fn from_calendar(cal: &DrugCalendar, date: NaiveDate) -> Option<DoseDay> {
        let d = cal.day(date);
        match (d.phase, cal.regimen) {
            (DrugPhase::NotStarted | DrugPhase::Finished, _) => None,
            (_, Regimen::Continuous { .. }) => Some(DoseDay::Daily),
            (DrugPhase::On, Regimen::Cyclic { on_days, .. }) => Some(DoseDay::On {
                day: d.day_of_cycle,
                days: on_days,
            }),
            (
                DrugPhase::Off,
                Regimen::Cyclic {
                    on_days, off_days, ..
                },
            ) => Some(DoseDay::Off {
                day: d.day_of_cycle.saturating_sub(on_days),
                days: off_days,
            }),
        }
    }
}

/// The locale key of the "today" line for a drug: `today_on` and `today_off` carry `{day}` and
/// `{days}`; `today_daily` has no placeholder.
pub fn today_key(d: OralDrug, day: DoseDay) -> K {
    use DoseDay::*;
    match (d, day) {
        (OralDrug::S1, On { .. }) => K::guide_drug_s1_today_on,
        (OralDrug::S1, Off { .. }) => K::guide_drug_s1_today_off,
        (OralDrug::S1, Daily) => K::guide_drug_s1_today_daily,
        (OralDrug::Capecitabine, On { .. }) => K::guide_drug_capecitabine_today_on,
        (OralDrug::Capecitabine, Off { .. }) => K::guide_drug_capecitabine_today_off,
        (OralDrug::Capecitabine, Daily) => K::guide_drug_capecitabine_today_daily,
        (OralDrug::UftLeucovorin, On { .. }) => K::guide_drug_uft_lv_today_on,
        (OralDrug::UftLeucovorin, Off { .. }) => K::guide_drug_uft_lv_today_off,
        (OralDrug::UftLeucovorin, Daily) => K::guide_drug_uft_lv_today_daily,
        (OralDrug::Uft, On { .. }) => K::guide_drug_uft_today_on,
        (OralDrug::Uft, Off { .. }) => K::guide_drug_uft_today_off,
        (OralDrug::Uft, Daily) => K::guide_drug_uft_today_daily,
        (OralDrug::Tamoxifen, On { .. }) => K::guide_drug_tamoxifen_today_on,
        (OralDrug::Tamoxifen, Off { .. }) => K::guide_drug_tamoxifen_today_off,
        (OralDrug::Tamoxifen, Daily) => K::guide_drug_tamoxifen_today_daily,
        (OralDrug::AromataseInhibitor, On { .. }) => K::guide_drug_ai_today_on,
        (OralDrug::AromataseInhibitor, Off { .. }) => K::guide_drug_ai_today_off,
        (OralDrug::AromataseInhibitor, Daily) => K::guide_drug_ai_today_daily,
    }
}

/// The "today" line for a drug, filled in: e.g. 「今日はティーエスワンを飲む日です（3/28日目）」.
pub fn today_line(locale: Locale, d: OralDrug, day: DoseDay) -> String {
    let key = today_key(d, day);
    match day {
        DoseDay::On { day, days } | DoseDay::Off { day, days } => {
            let (day, days) = (day.to_string(), days.to_string());
            format(locale, key, &[("day", &day), ("days", &days)])
        }
        DoseDay::Daily => format(locale, key, &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_days_count_from_the_first_rest_day() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        let cal = DrugCalendar::new(
            OralDrug::S1,
            d(2024, 4, 1),
            Regimen::Cyclic {
                on_days: 28,
                off_days: 14,
                cycles: 8,
            },
        );
        assert_eq!(
            DoseDay::from_calendar(&cal, d(2024, 4, 1)),
            Some(DoseDay::On { day: 1, days: 28 })
        );
        assert_eq!(
            DoseDay::from_calendar(&cal, d(2024, 4, 28)),
            Some(DoseDay::On { day: 28, days: 28 })
        );
        assert_eq!(
            DoseDay::from_calendar(&cal, d(2024, 4, 29)),
            Some(DoseDay::Off { day: 1, days: 14 })
        );
        assert_eq!(
            DoseDay::from_calendar(&cal, d(2024, 5, 13)),
            Some(DoseDay::On { day: 1, days: 28 })
        );
        assert_eq!(DoseDay::from_calendar(&cal, d(2024, 3, 31)), None);
    }
}
