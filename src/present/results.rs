//! The results page: test results grouped by what they measure, out-of-range values flagged,
//! and the points of a small line chart per analyte.

use chrono::NaiveDate;
use karte_core::i18n::{self, Locale, K};
use karte_core::record::{Analyte, RangeBasis, ReferenceRange, ResultValue, RecordView, Unit};

/// How a value compares with its reference range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    /// Within the range.
    Normal,
    /// Above the upper limit.
    High,
    /// Below the lower limit.
    Low,
    /// No range, or not a number.
    Unknown,
}

impl Flag {
    /// The flag's text, for a flagged value.
    pub fn label(self) -> Option<K> {
        match self {
            Flag::High => Some(K::rec_results_high),
            Flag::Low => Some(K::rec_results_low),
            Flag::Normal | Flag::Unknown => None,
        }
    }
}

/// The flag of a value against a range.
pub fn flag(value: &ResultValue, reference: Option<&ReferenceRange>) -> Flag {
    match (value, reference) {
        (ResultValue::Number(v), Some(r)) => {
            if r.above(*v) {
                Flag::High
            } else if r.below(*v) {
                Flag::Low
            } else {
                Flag::Normal
            }
        }
        _ => Flag::Unknown,
    }
}

/// A number as the laboratory writes it: no trailing zeros (`2.6`, `5200`, `0.02`).
pub fn number(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// A value with its unit.
pub fn value_text(value: &ResultValue, unit: Option<&Unit>) -> String {
    match (value, unit) {
        (ResultValue::Number(v), Some(u)) => format!("{} {}", number(*v), u.as_str()),
        (ResultValue::Number(v), None) => number(*v),
        (ResultValue::Text(t), _) => t.clone(),
    }
}

/// A reference range in words ("5 or less" style; "below 0.2" for a threshold such as PSA
/// recurrence after prostatectomy); `None` when both ends are open.
pub fn range_text(locale: Locale, r: &ReferenceRange) -> Option<String> {
    match (r.low, r.high) {
        (None, Some(h)) if r.high_is_threshold() => {
            Some(i18n::format(locale, K::rec_results_range_under, &[("high", &number(h))]))
        }
        (Some(l), Some(h)) => {
            Some(i18n::format(locale, K::rec_results_range_both, &[("low", &number(l)), ("high", &number(h))]))
        }
        (None, Some(h)) => Some(i18n::format(locale, K::rec_results_range_high, &[("high", &number(h))])),
        (Some(l), None) => Some(i18n::format(locale, K::rec_results_range_low, &[("low", &number(l))])),
        (None, None) => None,
    }
}

/// Why the range is the treatment's own (PSA after prostatectomy), in words; `None` for the
/// usual and the laboratory's ranges.
pub fn basis_text(r: &ReferenceRange) -> Option<K> {
    match r.basis? {
        RangeBasis::AfterProstatectomy => Some(K::rec_results_basis_after_prostatectomy),
        RangeBasis::Other => None,
    }
}

/// One result in a group.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultRow {
    /// Date of the sample.
    pub date: NaiveDate,
    /// The value.
    pub value: ResultValue,
    /// Where measured.
    pub place: String,
    /// Against the range.
    pub flag: Flag,
}

/// The results of one analyte.
#[derive(Clone, Debug, PartialEq)]
pub struct AnalyteGroup {
    /// What is measured.
    pub analyte: Analyte,
    /// The unit of the latest result.
    pub unit: Option<Unit>,
    /// The reference range of the latest result.
    pub reference: Option<ReferenceRange>,
    /// The results, newest first.
    pub rows: Vec<ResultRow>,
    /// The chart, when there are at least two numbers.
    pub chart: Option<Chart>,
}

/// The record's results grouped by analyte: known analytes in their usual order (tumour markers
/// first), then the others by name.
pub fn groups(view: &RecordView) -> Vec<AnalyteGroup> {
    let mut analytes: Vec<Analyte> = Vec::new();
    for r in &view.results {
        if !analytes.contains(&r.value.analyte) {
            analytes.push(r.value.analyte.clone());
        }
    }
    let rank = |a: &Analyte| Analyte::KNOWN.iter().position(|k| k == a).unwrap_or(usize::MAX);
    analytes.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.as_str().cmp(b.as_str())));
    analytes
        .into_iter()
        .map(|analyte| {
            let results: Vec<_> = view.results.iter().filter(|r| r.value.analyte == analyte).map(|r| &r.value).collect();
            let latest = results.last();
            let unit = latest.and_then(|r| r.unit.clone());
            let reference = latest.and_then(|r| r.reference);
            let rows = results
                .iter()
                .rev()
                .map(|r| ResultRow {
                    date: r.date,
                    value: r.value.clone(),
                    place: r.place.clone(),
                    flag: flag(&r.value, r.reference.as_ref()),
                })
                .collect();
            let series = view.series(&analyte);
            let chart = chart(&series, reference.as_ref(), CHART_W, CHART_H);
            AnalyteGroup { analyte, unit, reference, rows, chart }
        })
        .collect()
}

/// The chart's width in SVG units.
pub const CHART_W: f64 = 320.0;
/// The chart's height in SVG units.
pub const CHART_H: f64 = 120.0;
const PAD: f64 = 10.0;

/// A small line chart of one series, in SVG coordinates (y grows downward).
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// One point per result, oldest first, with whether it is out of range.
    pub points: Vec<(f64, f64, bool)>,
    /// The reference band as (top y, bottom y), clipped to the chart.
    pub band: Option<(f64, f64)>,
    /// The first and last dates.
    pub span: (NaiveDate, NaiveDate),
}

impl Chart {
    /// The `points` attribute of an SVG `<polyline>`.
    pub fn polyline(&self) -> String {
        self.points.iter().map(|(x, y, _)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ")
    }
}

/// Places a dated series in a `width` x `height` box: x by date, y by value, the range of the
/// values and of the reference limits filling the box with a margin. `None` under two points.
pub fn chart(series: &[(NaiveDate, f64)], reference: Option<&ReferenceRange>, width: f64, height: f64) -> Option<Chart> {
    if series.len() < 2 {
        return None;
    }
    let first = series.iter().map(|p| p.0).min()?;
    let last = series.iter().map(|p| p.0).max()?;
    let limits = reference.map(|r| [r.low, r.high]).unwrap_or_default();
    let values = series.iter().map(|p| p.1).chain(limits.into_iter().flatten());
    let (mut lo, mut hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
    if (hi - lo).abs() < f64::EPSILON {
        lo -= 1.0;
        hi += 1.0;
    }
    let margin = (hi - lo) * 0.1;
    let (lo, hi) = (lo - margin, hi + margin);
    let days = (last - first).num_days().max(1) as f64;
    let x = |d: NaiveDate| PAD + (d - first).num_days() as f64 / days * (width - 2.0 * PAD);
    let y = |v: f64| PAD + (hi - v) / (hi - lo) * (height - 2.0 * PAD);
    let points = series
        .iter()
        .map(|&(d, v)| (x(d), y(v), reference.is_some_and(|r| !r.contains(v))))
        .collect();
    let band = reference.and_then(|r| {
        if r.low.is_none() && r.high.is_none() {
            return None;
        }
        let top = r.high.map_or(0.0, |h| y(h).clamp(0.0, height));
        let bottom = r.low.map_or(height, |l| y(l).clamp(0.0, height));
        Some((top, bottom))
    });
    Some(Chart { width, height, points, band, span: (first, last) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use karte_core::demo;
    use karte_core::vocab::CancerType;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn numbers_and_ranges_read_like_a_lab_sheet() {
        assert_eq!(number(2.6), "2.6");
        assert_eq!(number(5200.0), "5200");
        assert_eq!(number(0.02), "0.02");
        assert_eq!(number(11.60), "11.6");
        let r = ReferenceRange { low: None, high: Some(5.0), basis: None };
        assert_eq!(range_text(Locale::En, &r).as_deref(), Some("up to 5"));
        let r = ReferenceRange { low: Some(3300.0), high: Some(8600.0), basis: None };
        assert_eq!(range_text(Locale::En, &r).as_deref(), Some("3300 to 8600"));
        assert_eq!(value_text(&ResultValue::Number(2.5), Some(&Unit::NgPerMl)), "2.5 ng/mL");
    }

    #[test]
    fn values_outside_the_range_are_flagged() {
        let r = ReferenceRange { low: Some(3300.0), high: Some(8600.0), basis: None };
        assert_eq!(flag(&ResultValue::Number(3200.0), Some(&r)), Flag::Low);
        assert_eq!(flag(&ResultValue::Number(9000.0), Some(&r)), Flag::High);
        assert_eq!(flag(&ResultValue::Number(8600.0), Some(&r)), Flag::Normal);
        assert_eq!(flag(&ResultValue::Text("neg".into()), Some(&r)), Flag::Unknown);
        assert_eq!(flag(&ResultValue::Number(1.0), None), Flag::Unknown);
    }

    /// Issue 23.4: after radical prostatectomy PSA is judged at 0.2 ng/mL (PSA recurrence),
    /// not at the screening limit 4.0: a result entered on that path keeps that range, 0.5 and
    /// 0.2 are flagged high, and the page says why.
    #[test]
    fn psa_after_prostatectomy_is_judged_at_0_2() {
        use karte_core::vocab::PathId;
        let (unit, r) = Analyte::Psa.reference_on(Some(PathId::ProstateProstatectomy)).expect("range");
        assert_eq!(unit, Unit::NgPerMl);
        assert_eq!(flag(&ResultValue::Number(0.5), Some(&r)), Flag::High);
        assert_eq!(flag(&ResultValue::Number(0.2), Some(&r)), Flag::High);
        assert_eq!(flag(&ResultValue::Number(0.19), Some(&r)), Flag::Normal);
        let under = |l| i18n::format(l, K::rec_results_range_under, &[("high", "0.2")]);
        assert_eq!(range_text(Locale::Ja, &r), Some(under(Locale::Ja)));
        assert_eq!(range_text(Locale::En, &r).as_deref(), Some("below 0.2"));
        assert_eq!(basis_text(&r), Some(K::rec_results_basis_after_prostatectomy));
        // Elsewhere (and after radiotherapy, judged by nadir + 2) the usual range stays.
        for p in [None, Some(PathId::ProstateRadiotherapy)] {
            let (_, usual) = Analyte::Psa.reference_on(p).expect("range");
            assert_eq!(flag(&ResultValue::Number(0.5), Some(&usual)), Flag::Normal);
            assert_eq!(basis_text(&usual), None);
        }
    }

    #[test]
    fn the_stomach_demo_groups_by_analyte_newest_first() {
        let v = demo::record_fixed(CancerType::Stomach).view();
        let g = groups(&v);
        let names: Vec<_> = g.iter().map(|g| g.analyte.clone()).collect();
        assert_eq!(names, vec![Analyte::Cea, Analyte::Ca199, Analyte::Wbc, Analyte::Hemoglobin]);
        let wbc = &g[2];
        assert!(wbc.rows.windows(2).all(|w| w[0].date > w[1].date));
        assert!(wbc.rows.iter().all(|r| r.flag == Flag::Normal));
        assert!(g.iter().all(|g| g.chart.is_some()));
    }

    #[test]
    fn chart_points_fill_the_box_in_date_order() {
        let s = [(d(2025, 1, 1), 2.0), (d(2025, 1, 11), 4.0), (d(2025, 1, 21), 3.0)];
        let r = ReferenceRange { low: None, high: Some(5.0), basis: None };
        let c = chart(&s, Some(&r), 120.0, 60.0).expect("chart");
        let xs: Vec<f64> = c.points.iter().map(|p| p.0).collect();
        assert_eq!(xs, vec![10.0, 60.0, 110.0]);
        // values 2..5 with 10% margin: 1.7..5.3; the highest value is nearest the top.
        assert!(c.points[1].1 < c.points[2].1 && c.points[2].1 < c.points[0].1);
        assert!(c.points.iter().all(|p| p.1 >= 10.0 && p.1 <= 50.0 && !p.2));
        let (top, bottom) = c.band.expect("band");
        assert!(top > 10.0 && top < 15.0 && (bottom - 60.0).abs() < 1e-9);
        assert_eq!(c.polyline().split(' ').count(), 3);
        assert_eq!(chart(&s[..1], None, 120.0, 60.0), None);
        let flat = chart(&[(d(2025, 1, 1), 1.0), (d(2025, 1, 1), 1.0)], None, 120.0, 60.0).expect("flat");
        assert!(flat.points.iter().all(|p| p.1.is_finite()));
    }
}
