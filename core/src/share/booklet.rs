//! The planning hospital's opening booklet (DOMAIN.md §5 steps 1-3): what the hospital sets at
//! discharge (the patient, the treatment, the plan and its first adjustments, the partners,
//! the consent and its registered partner list) as the drafts it signs and seals to the
//! patient's phone in an `issue` message.
//!
//! The booklet answers the patient's share of the record as it is (a new phone's is empty), so
//! it knows what to replace: the profile the patient typed, and a plan the patient transcribed
//! from the paper booklet, are superseded by the hospital's; partners already listed are not
//! listed twice.

use crate::pathway::StageGroup;
use crate::record::{
    CarePlan, Consent, EntryBody, EntryKind, Partner, PartnerList, PlanChange, Profile, Stage, TreatmentInfo,
};
use crate::schedule::Adjustment;
use crate::vocab::{CancerType, PathId};

use super::bundle::Bundle;
use super::exchange::Draft;

/// What the hospital sets.
#[derive(Clone, Debug, PartialEq)]
pub struct Booklet {
    /// The patient (患者基礎情報).
    pub profile: Profile,
    /// The disease and its treatment.
    pub treatment: TreatmentInfo,
    /// The plan: path, anchor, factors, drug start.
    pub plan: CarePlan,
    /// The hospital's adjustments of the generated schedule (moved, cancelled or added visits
    /// and tests), issued as one plan change with `adjust_reason`.
    pub adjustments: Vec<Adjustment>,
    /// Why the schedule was adjusted (required when there are adjustments).
    pub adjust_reason: String,
    /// The consent taken.
    pub consent: Consent,
    /// The partners (the hospital itself, the clinic, others), as the booklet lists them.
    pub partners: Vec<Partner>,
    /// The hospital's registered partners with their keys, signed.
    pub list: PartnerList,
}

impl Booklet {
    /// The drafts to sign, in the order they must append: profile, plan, treatment, plan
    /// change, consent, partners, the list. Entries of the share that the booklet replaces are
    /// superseded.
    pub fn drafts(&self, share: &Bundle) -> Vec<Draft> {
        let existing = |kind: EntryKind| share.entries.iter().rev().find(|e| e.body.kind() == kind).map(|e| e.id.clone());
        let listed: Vec<&str> = share
            .entries
            .iter()
            .filter_map(|e| match &e.body {
                EntryBody::Partner(p) => Some(p.name.as_str()),
                _ => None,
            })
            .collect();
        let mut drafts = vec![
            Draft { body: EntryBody::Profile(self.profile.clone()), supersedes: existing(EntryKind::Profile) },
            // The plan before the treatment: a transcribed plan of another cancer is replaced
            // before the treatment is checked against it.
            Draft { body: EntryBody::CarePlan(self.plan.clone()), supersedes: existing(EntryKind::CarePlan) },
            Draft { body: EntryBody::Treatment(self.treatment.clone()), supersedes: existing(EntryKind::Treatment) },
        ];
        if !self.adjustments.is_empty() {
            drafts.push(Draft {
                body: EntryBody::PlanChange(PlanChange { changes: self.adjustments.clone(), reason: self.adjust_reason.clone() }),
                supersedes: None,
            });
        }
        drafts.push(Draft { body: EntryBody::Consent(self.consent.clone()), supersedes: None });
        for p in self.partners.iter().filter(|p| !listed.contains(&p.name.as_str())) {
            // The keys of the partners travel in the signed list, never as a pin of their own:
            // a partner dropped from the list must stop being verified.
            drafts.push(Draft { body: EntryBody::Partner(Partner { keys: None, ..p.clone() }), supersedes: None });
        }
        drafts.push(Draft { body: EntryBody::PartnerList(self.list.clone()), supersedes: None });
        drafts
    }
}

/// The stage group a schedule depends on (Stage IA is I, IIIB is III, ...); `None` for 0, IV
/// and values outside the known ones.
pub fn stage_group(stage: &Stage) -> Option<StageGroup> {
    use Stage::*;
    match stage {
        StageI | StageIA | StageIB => Some(StageGroup::I),
        StageII | StageIIA | StageIIB | StageIIC => Some(StageGroup::Ii),
        StageIII | StageIIIA | StageIIIB | StageIIIC => Some(StageGroup::Iii),
        _ => None,
    }
}

/// The paths the catalogue (DOMAIN.md §4) offers for a cancer at a stage, in catalogue order.
/// Empty when the stage is outside every path of the cancer (the hospital may still choose
/// any path of the cancer; the planning screen says it is outside the catalogue).
pub fn offered_paths(cancer: CancerType, stage: &Stage) -> Vec<PathId> {
    use PathId::*;
    let g = stage_group(stage);
    cancer
        .paths()
        .filter(|p| match p {
            StomachStage1 | ColorectalStage1 | LungStage1 => g == Some(StageGroup::I),
            StomachStage23 | StomachS1 | ColorectalStage23 | ColorectalCapecitabine | ColorectalUftLv => {
                matches!(g, Some(StageGroup::Ii | StageGroup::Iii))
            }
            LungUft => g.is_some(),
            LiverStage12 | BreastHormone => matches!(g, Some(StageGroup::I | StageGroup::Ii)),
            ProstateProstatectomy | ProstateRadiotherapy => true,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_offers_paths_by_cancer_and_stage() {
        assert_eq!(
            offered_paths(CancerType::Colorectal, &Stage::StageIIIA),
            vec![PathId::ColorectalStage23, PathId::ColorectalCapecitabine, PathId::ColorectalUftLv]
        );
        assert_eq!(offered_paths(CancerType::Colorectal, &Stage::StageI), vec![PathId::ColorectalStage1]);
        assert_eq!(offered_paths(CancerType::Stomach, &Stage::StageIB), vec![PathId::StomachStage1]);
        assert_eq!(offered_paths(CancerType::Liver, &Stage::StageIII), Vec::<PathId>::new());
        assert_eq!(offered_paths(CancerType::Breast, &Stage::StageIIA), vec![PathId::BreastHormone]);
        assert_eq!(offered_paths(CancerType::Prostate, &Stage::StageIV).len(), 2);
        assert_eq!(offered_paths(CancerType::Stomach, &Stage::StageIV), Vec::<PathId>::new());
        assert_eq!(stage_group(&Stage::Other("X".into())), None);
    }
}
