//! The clinician's review sheet: one printable HTML page per path for the hospital's path
//! committee to sign off (issue 23). It lists every rule of the template with its source and
//! citation, the dated schedule the rules produce for an example anchor date (every variant
//! of the disease factors, every drug the path offers), and the guidance texts of each drug
//! (Japanese and English) beside the package-insert clauses they rest on.
//!
//! Plain Rust over the templates, the schedule engine and the guidance; `cargo xtask
//! review-sheet` writes the files. The headings come from `locales/review.*.json`; the rules,
//! sources and clauses are data, quoted as written (Japanese).
//!
//! ```
//! use chrono::NaiveDate;
//! use karte_core::{i18n::Locale, review, vocab::PathId};
//! let anchor = NaiveDate::from_ymd_opt(2026, 4, 1).expect("date");
//! let html = review::sheet(PathId::StomachS1, anchor, Locale::Ja).expect("valid template");
//! assert!(html.contains("各コース開始前及び投与期間中は2週に1回以上"));
//! ```

use std::fmt::Write;

use chrono::NaiveDate;

use crate::guidance::{self, Guidance};
use crate::i18n::{format, text, Locale, K};
use crate::pathway::{self, Factors, Regimen, Rule, Template, TemplateError};
use crate::schedule::{self, PlanError, PlanInputs};
use crate::vocab::{OralDrug, PathId};

/// A clause of a package insert (or the maker's guide) and the guidance texts that rest on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clause {
    /// Where and what: the clause number and its words, as in the insert.
    pub cite: &'static str,
    /// The guidance texts it backs.
    pub items: &'static [K],
}

const fn clause(cite: &'static str, items: &'static [K]) -> Clause {
    Clause { cite, items }
}

static S1_CLAUSES: [Clause; 5] = [
    clause(
        "ティーエスワン 電子添文 1.4 警告・2. 禁忌: 他のフッ化ピリミジン系薬剤, フルシトシンとの併用で重篤な血液障害",
        &[K::guide_drug_s1_how_items_3, K::guide_dc_fp_no_mix],
    ),
    clause(
        "ティーエスワン 適正使用ガイド: 投与早期にグレード2以上の口内炎, 下痢が発現した場合には骨髄抑制を併発している可能性 — 投与を中止し臨床検査; 15.1 DPD欠損",
        &[K::guide_drug_s1_call_now_items_1, K::guide_sym_mouth_sores, K::guide_sym_diarrhoea4],
    ),
    clause("ティーエスワン 電子添文 9.4 生殖能を有する者: 女性 投与中及び最終投与後6か月, 男性 3か月 避妊", &[K::guide_drug_s1_daily_items_2]),
    clause("ティーエスワン 電子添文 1.3 警告: 劇症肝炎等の重篤な肝障害 (食欲不振を伴う倦怠感, 黄疸)", &[K::guide_sym_jaundice]),
    clause("ティーエスワン 電子添文 10.2 併用注意: ワルファリン, フェニトイン", &[K::guide_dc_warfarin]),
];

static CAPECITABINE_CLAUSES: [Clause; 4] = [
    clause(
        "ゼローダ 電子添文 1. 警告: ワルファリンとの併用で出血 (死亡例); 血液凝固能検査を定期的に, 投与中止後も",
        &[K::guide_drug_capecitabine_warfarin],
    ),
    clause(
        "ゼローダ 電子添文 7. 用法及び用量に関連する注意: グレード2以上の副作用 (血液毒性を除く) で休薬",
        &[
            K::guide_drug_capecitabine_call_now_items_1,
            K::guide_sym_diarrhoea4,
            K::guide_sym_mouth_sores,
            K::guide_sym_vomit,
        ],
    ),
    clause("ゼローダ 電子添文 11.1 重大な副作用: 間質性肺炎", &[K::guide_sym_breath_cough]),
    clause("ゼローダ 電子添文 2. 禁忌・10.1: テガフール・ギメラシル・オテラシル (ティーエスワン) 併用禁忌", &[K::guide_dc_fp_no_mix]),
];

static UFT_CLAUSES: [Clause; 2] = [
    clause(
        "ユーエフティ / ユーゼル 電子添文 1. 警告: 劇症肝炎等の重篤な肝障害; 定期的に肝機能検査",
        &[K::guide_drug_uft_liver, K::guide_drug_uft_liver_tests, K::guide_sym_jaundice],
    ),
    clause("ユーエフティ / ユーゼル 電子添文 2. 禁忌: テガフール・ギメラシル・オテラシルカリウム配合剤 (ティーエスワン) 投与中及び投与中止後7日以内", &[K::guide_dc_fp_no_mix]),
];

static TAMOXIFEN_CLAUSES: [Clause; 4] = [
    clause("タモキシフェン 電子添文 10.2 併用注意: クマリン系抗凝血剤 (ワルファリン等) の作用増強", &[K::guide_drug_tamoxifen_how_items_3]),
    clause(
        "タモキシフェン 電子添文 9.4 (2023-05 改訂): 妊娠する可能性のある女性 投与中及び最終投与後9カ月間 ホルモン剤以外の避妊法; 男性 6カ月間 コンドーム",
        &[K::guide_drug_tamoxifen_daily_items_2],
    ),
    clause(
        "タモキシフェン 電子添文 11.1 重大な副作用: 血栓塞栓症・静脈炎; 間質性肺炎",
        &[K::guide_sym_leg_clot, K::guide_sym_stroke, K::guide_sym_breath_cough, K::guide_drug_tamoxifen_daily_items_3],
    ),
    clause("タモキシフェン 電子添文 11.1 重大な副作用: 子宮体癌, 子宮肉腫 (不正出血)", &[K::guide_drug_tamoxifen_call_soon_items_1]),
];

static AI_CLAUSES: [Clause; 4] = [
    clause(
        "アナストロゾール / レトロゾール / エキセメスタン 電子添文 8. 重要な基本的注意: 骨密度等骨状態を定期的に観察",
        &[K::guide_drug_ai_bone_items_1, K::guide_drug_ai_call_soon_items_2],
    ),
    clause(
        "同 電子添文 8.: 無力症, 傾眠, めまい等 — 自動車の運転等危険を伴う機械の操作に注意",
        &[K::guide_drug_ai_how_items_2],
    ),
    clause("アロマシン (エキセメスタン) 電子添文 6. 用法及び用量: 1日1回25mgを食後に経口投与", &[K::guide_drug_ai_how_items_3]),
    clause("アナストロゾール 電子添文 11.1.4 間質性肺炎; 肝機能障害", &[K::guide_sym_breath_cough, K::guide_sym_jaundice]),
];

/// The insert clauses behind the guidance of a drug (the line a clinician checks).
pub fn clauses(d: OralDrug) -> &'static [Clause] {
    match d {
        OralDrug::S1 => &S1_CLAUSES,
        OralDrug::Capecitabine => &CAPECITABINE_CLAUSES,
        OralDrug::UftLeucovorin | OralDrug::Uft => &UFT_CLAUSES,
        OralDrug::Tamoxifen => &TAMOXIFEN_CLAUSES,
        OralDrug::AromataseInhibitor => &AI_CLAUSES,
    }
}

/// Why a sheet cannot be made.
#[derive(Debug)]
pub enum SheetError {
    /// The embedded template is broken.
    Template(&'static TemplateError),
    /// The schedule could not be dated.
    Plan(PlanError),
}

impl std::fmt::Display for SheetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SheetError::Template(e) => write!(f, "{e}"),
            SheetError::Plan(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for SheetError {}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn join<T: AsRef<str>>(v: impl IntoIterator<Item = T>, sep: &str) -> String {
    v.into_iter().map(|x| esc(x.as_ref())).collect::<Vec<_>>().join(sep)
}

/// When a rule falls, in the template's own terms (months, or cycles and day).
fn timing(l: Locale, r: &Rule) -> String {
    let mut parts = Vec::new();
    if !r.at.is_empty() {
        parts.push(format(l, K::review_at_months, &[("months", &join(r.at.iter().map(u32::to_string), ", "))]));
    }
    for s in &r.every {
        let (from, to, every) = (s.from.to_string(), s.to.to_string(), s.every.to_string());
        parts.push(format(l, K::review_every_months, &[("from", &from), ("to", &to), ("every", &every)]));
    }
    if !r.cycles.is_empty() {
        let day = r.cycle_day.to_string();
        parts.push(format(l, K::review_cycles_day, &[("cycles", &join(r.cycles.iter().map(u32::to_string), ", ")), ("day", &day)]));
    }
    parts.join("; ")
}

fn condition(r: &Rule) -> String {
    let w = &r.when;
    let mut parts: Vec<String> = Vec::new();
    if !w.stage.is_empty() {
        parts.push(format!("stage {}", join(w.stage.iter().map(|s| format!("{s:?}").to_uppercase()), "/")));
    }
    if !w.site.is_empty() {
        parts.push(format!("site {}", join(w.site.iter().map(|s| format!("{s:?}").to_lowercase()), "/")));
    }
    if !w.depth.is_empty() {
        parts.push(format!("depth {}", join(w.depth.iter().map(|s| format!("{s:?}").to_lowercase()), "/")));
    }
    parts.join(", ")
}

/// One dated schedule: the plan's lines as a table.
fn schedule_table(out: &mut String, l: Locale, heading: &str, plan: &schedule::Plan) {
    let _ = write!(out, "<h3>{}</h3>", esc(heading));
    if let Some(d) = &plan.drug {
        let regimen = match d.regimen {
            Regimen::Cyclic { on_days, off_days, cycles } => format!("{on_days} on / {off_days} off × {cycles}"),
            Regimen::Continuous { months } => format!("daily × {months} months"),
        };
        let _ = write!(
            out,
            "<p>{}</p>",
            esc(&format(l, K::review_drug_line, &[("drug", d.drug.as_str()), ("regimen", &regimen), ("from", &d.start.to_string()), ("to", &d.end().to_string())]))
        );
    }
    let _ = write!(
        out,
        "<table class=\"schedule\"><colgroup><col style=\"width:5%\"><col style=\"width:10%\"><col style=\"width:14%\"><col style=\"width:11%\"><col style=\"width:60%\"></colgroup><thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(text(l, K::review_col_visit)),
        esc(text(l, K::review_col_date)),
        esc(text(l, K::review_col_place)),
        esc(text(l, K::review_col_tests))
    );
    for v in &plan.visits {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            v.index,
            esc(v.id.as_str()),
            v.date,
            v.place.as_str(),
            join(v.tests.iter().map(|t| t.as_str().to_string()), " ")
        );
    }
    out.push_str("</tbody></table>");
}

/// Every factor variant (or the template's one schedule), with its name.
fn variants(t: &Template) -> Vec<(String, Factors)> {
    let v = t.variants();
    if v == [Factors::default()] {
        return vec![(String::new(), Factors::default())];
    }
    v.into_iter()
        .map(|f| {
            let parts: Vec<String> = [
                f.stage.map(|s| format!("stage {}", format!("{s:?}").to_uppercase())),
                f.site.map(|s| format!("site {}", format!("{s:?}").to_lowercase())),
                f.depth.map(|s| format!("depth {}", format!("{s:?}").to_lowercase())),
            ]
            .into_iter()
            .flatten()
            .collect();
            (parts.join(", "), f)
        })
        .collect()
}

/// A drug's guidance, each text in Japanese and English beside the clauses it rests on.
fn guidance_table(out: &mut String, l: Locale, d: OralDrug, g: &Guidance) {
    let _ = write!(out, "<h3>{}</h3>", esc(text(l, g.title)));
    let _ = write!(
        out,
        "<table class=\"guidance\"><colgroup><col style=\"width:36%\"><col style=\"width:36%\"><col style=\"width:28%\"></colgroup><thead><tr><th>日本語</th><th>English</th><th>{}</th></tr></thead><tbody>",
        esc(text(l, K::review_col_clause))
    );
    for s in g.sections {
        let _ = write!(out, "<tr class=\"section\"><th colspan=\"3\">{}</th></tr>", esc(text(l, s.title)));
        for k in s.items {
            let cites: Vec<&str> = clauses(d).iter().filter(|c| c.items.contains(k)).map(|c| c.cite).collect();
            let cite = if cites.is_empty() { esc(text(l, K::review_no_clause)) } else { join(cites, "<br>") };
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(text(Locale::Ja, *k)),
                esc(text(Locale::En, *k)),
                cite
            );
        }
    }
    out.push_str("</tbody></table>");
    let sources: Vec<&str> = g.sources.iter().map(|s| text(l, s.title)).collect();
    let _ = write!(out, "<p class=\"sources\">{}: {}</p>", esc(text(l, K::review_guidance_sources)), join(sources, "; "));
}

const STYLE: &str = "body{font-family:'Noto Sans CJK JP','Noto Sans JP',sans-serif;font-size:9pt;margin:12mm;color:#000}\
h1{font-size:14pt;margin:0 0 2mm}h2{font-size:11pt;margin:5mm 0 1mm;border-bottom:1px solid #000}h3{font-size:10pt;margin:3mm 0 1mm}h2,h3,h3+p{break-after:avoid}\
table{border-collapse:collapse;width:100%;margin-bottom:2mm;table-layout:fixed}td{overflow-wrap:anywhere}tr.section th{background:#ddd}th,td{border:1px solid #666;padding:1px 3px;vertical-align:top;text-align:left}\
th{background:#eee}tr{page-break-inside:avoid}.note{white-space:pre-wrap}.sign td{height:10mm}\
@page{size:A4;margin:10mm}";

/// The review sheet of one path as a complete HTML page, schedules dated from `anchor`.
///
/// # Errors
/// A broken embedded template, or a schedule that cannot be dated from `anchor`.
pub fn sheet(path: PathId, anchor: NaiveDate, l: Locale) -> Result<String, SheetError> {
    let t = pathway::template(path).map_err(SheetError::Template)?;
    let title = match l {
        Locale::Ja => &t.title_ja,
        Locale::En => &t.title_en,
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} — {}</title><style>{STYLE}</style></head><body>",
        l.code(),
        esc(text(l, K::review_title)),
        esc(title)
    );
    let _ = write!(out, "<h1>{}: {}</h1>", esc(text(l, K::review_title)), esc(title));
    let revision = t.revision.to_string();
    let _ = write!(
        out,
        "<p>{}</p>",
        esc(&format(l, K::review_template_line, &[("id", path.as_str()), ("revision", &revision), ("anchor", &anchor.to_string())]))
    );
    let _ = write!(out, "<p><strong>{}</strong></p>", esc(text(l, K::review_not_signed)));

    let _ = write!(out, "<h2>{}</h2><table><colgroup><col style=\"width:9%\"><col style=\"width:22%\"><col style=\"width:11%\"><col style=\"width:40%\"><col style=\"width:18%\"></colgroup><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(text(l, K::review_sources)), esc(text(l, K::review_col_key)), esc(text(l, K::review_col_guideline)), esc(text(l, K::review_col_edition)), esc(text(l, K::review_col_section_cited)), "URL");
    for (key, s) in &t.sources {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{} ({})</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(key),
            esc(&s.guideline),
            esc(&s.publisher),
            esc(&s.edition),
            esc(&s.section),
            esc(s.url.as_deref().unwrap_or("—"))
        );
    }
    out.push_str("</tbody></table>");
    let _ = write!(out, "<h2>{}</h2><p class=\"note\">{}</p>", esc(text(l, K::review_note)), esc(&t.note));

    let _ = write!(
        out,
        "<h2>{}</h2><table><colgroup><col style=\"width:3%\"><col style=\"width:17%\"><col style=\"width:17%\"><col style=\"width:9%\"><col style=\"width:9%\"><col style=\"width:9%\"><col style=\"width:36%\"></colgroup><thead><tr><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(text(l, K::review_rules)),
        esc(text(l, K::review_col_tests)),
        esc(text(l, K::review_col_when)),
        esc(text(l, K::review_col_place)),
        esc(text(l, K::review_col_condition)),
        esc(text(l, K::review_col_source)),
        esc(text(l, K::review_col_cite))
    );
    for (i, r) in t.rules.iter().enumerate() {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            i,
            join(r.what.iter().map(|x| x.as_str().to_string()), " "),
            esc(&timing(l, r)),
            r.place.map_or("—", |p| p.as_str()),
            esc(&condition(r)),
            esc(&r.source),
            esc(&r.cite)
        );
    }
    out.push_str("</tbody></table>");
    if t.drug.as_ref().is_some_and(|d| matches!(d.regimen, Regimen::Cyclic { .. })) {
        let _ = write!(out, "<p>{}</p>", esc(text(l, K::review_merge_rule)));
    }
    if !t.if_unknown.is_unknown() {
        let _ = write!(out, "<p>{}</p>", esc(text(l, K::review_if_unknown)));
    }

    let _ = write!(out, "<h2>{}</h2>", esc(&format(l, K::review_schedules, &[("anchor", &anchor.to_string())])));
    let drugs: Vec<Option<OralDrug>> =
        if path.oral_drugs().is_empty() { vec![None] } else { path.oral_drugs().iter().copied().map(Some).collect() };
    for (name, f) in variants(t) {
        for drug in &drugs {
            let inputs = PlanInputs { factors: f, drug: *drug, ..PlanInputs::default() };
            let plan = schedule::plan_with(t, anchor, &inputs, &[]).map_err(SheetError::Plan)?;
            let heading = [name.clone(), drug.map(|d| d.as_str().to_string()).unwrap_or_default()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            let heading = if heading.is_empty() { text(l, K::review_default_schedule).to_string() } else { heading };
            schedule_table(&mut out, l, &heading, &plan);
        }
    }

    if !path.oral_drugs().is_empty() {
        let _ = write!(out, "<h2>{}</h2>", esc(text(l, K::review_guidance)));
        for d in path.oral_drugs() {
            guidance_table(&mut out, l, *d, &guidance::for_drug(*d));
        }
    }
    let _ = write!(
        out,
        "<h2>{}</h2><table class=\"sign\"><tr><th>{}</th><td></td><th>{}</th><td></td></tr><tr><th>{}</th><td colspan=\"3\"></td></tr></table>",
        esc(text(l, K::review_sign_off)),
        esc(text(l, K::review_sign_committee)),
        esc(text(l, K::review_sign_date)),
        esc(text(l, K::review_sign_remarks))
    );
    out.push_str("</body></html>\n");
    Ok(out)
}
