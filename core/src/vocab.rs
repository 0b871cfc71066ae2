//! The shared vocabulary of the care path: cancer types, the 13 path variants of the
//! catalogue (DOMAIN.md §4), and the oral drugs some paths carry. Types, not strings.

use serde::{Deserialize, Serialize};

/// The cancers that have a regional collaborative care path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CancerType {
    /// 胃がん
    Stomach,
    /// 大腸がん
    Colorectal,
    /// 肺がん
    Lung,
    /// 肝がん
    Liver,
    /// 乳がん
    Breast,
    /// 前立腺がん
    Prostate,
}

impl CancerType {
    /// All cancer types, in catalogue order.
    pub const ALL: [CancerType; 6] = [
        CancerType::Stomach,
        CancerType::Colorectal,
        CancerType::Lung,
        CancerType::Liver,
        CancerType::Breast,
        CancerType::Prostate,
    ];
}

/// One of the 13 path variants of the catalogue (DOMAIN.md §4, form 様式1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PathId {
    /// 胃がん Stage I, post-op observation.
    StomachStage1,
    /// 胃がん Stage II/III, post-op follow-up only.
    StomachStage23,
    /// 胃がん Stage II/III, post-op + S-1 (TS-1) with the drug handbook.
    StomachS1,
    /// 大腸がん Stage I, post-op observation.
    ColorectalStage1,
    /// 大腸がん Stage II/III, post-op follow-up only.
    ColorectalStage23,
    /// 大腸がん Stage II/III, post-op + capecitabine (ゼローダ).
    ColorectalCapecitabine,
    /// 大腸がん Stage II/III, post-op + UFT/ユーゼル (tegafur-uracil + leucovorin).
    ColorectalUftLv,
    /// 肺がん Stage I, post-op observation.
    LungStage1,
    /// 肺がん post-op + UFT.
    LungUft,
    /// 肝がん Stage I/II, post-op observation.
    LiverStage12,
    /// 乳がん Stage I/II, post-op with oral hormone therapy.
    BreastHormone,
    /// 前立腺がん after radical prostatectomy, observation.
    ProstateProstatectomy,
    /// 前立腺がん after radiotherapy, observation.
    ProstateRadiotherapy,
}

impl PathId {
    /// All 13 paths, in catalogue order.
    pub const ALL: [PathId; 13] = [
        PathId::StomachStage1,
        PathId::StomachStage23,
        PathId::StomachS1,
        PathId::ColorectalStage1,
        PathId::ColorectalStage23,
        PathId::ColorectalCapecitabine,
        PathId::ColorectalUftLv,
        PathId::LungStage1,
        PathId::LungUft,
        PathId::LiverStage12,
        PathId::BreastHormone,
        PathId::ProstateProstatectomy,
        PathId::ProstateRadiotherapy,
    ];

    /// The cancer this path follows.
    pub fn cancer(self) -> CancerType {
        use PathId::*;
        match self {
            StomachStage1 | StomachStage23 | StomachS1 => CancerType::Stomach,
            ColorectalStage1 | ColorectalStage23 | ColorectalCapecitabine | ColorectalUftLv => {
                CancerType::Colorectal
            }
            LungStage1 | LungUft => CancerType::Lung,
            LiverStage12 => CancerType::Liver,
            BreastHormone => CancerType::Breast,
            ProstateProstatectomy | ProstateRadiotherapy => CancerType::Prostate,
        }
    }

    /// The stable id used in files and serialized records (`stomach-s1`, ...).
    pub fn as_str(self) -> &'static str {
        use PathId::*;
        match self {
            StomachStage1 => "stomach-stage1",
            StomachStage23 => "stomach-stage23",
            StomachS1 => "stomach-s1",
            ColorectalStage1 => "colorectal-stage1",
            ColorectalStage23 => "colorectal-stage23",
            ColorectalCapecitabine => "colorectal-capecitabine",
            ColorectalUftLv => "colorectal-uft-lv",
            LungStage1 => "lung-stage1",
            LungUft => "lung-uft",
            LiverStage12 => "liver-stage12",
            BreastHormone => "breast-hormone",
            ProstateProstatectomy => "prostate-prostatectomy",
            ProstateRadiotherapy => "prostate-radiotherapy",
        }
    }

    /// The path with this stable id (`"stomach-s1"` -> `StomachS1`), if any.
    pub fn parse(id: &str) -> Option<PathId> {
        PathId::ALL.into_iter().find(|p| p.as_str() == id)
    }

    /// The oral drugs this path carries: empty for the follow-up-only paths; for breast the
    /// choices (tamoxifen or an aromatase inhibitor), first the default.
    pub fn oral_drugs(self) -> &'static [OralDrug] {
        use PathId::*;
        match self {
            StomachS1 => &[OralDrug::S1],
            ColorectalCapecitabine => &[OralDrug::Capecitabine],
            ColorectalUftLv => &[OralDrug::UftLeucovorin],
            LungUft => &[OralDrug::Uft],
            BreastHormone => &[OralDrug::Tamoxifen, OralDrug::AromataseInhibitor],
            _ => &[],
        }
    }
}

impl CancerType {
    /// The stable id used in files and serialized records (`stomach`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            CancerType::Stomach => "stomach",
            CancerType::Colorectal => "colorectal",
            CancerType::Lung => "lung",
            CancerType::Liver => "liver",
            CancerType::Breast => "breast",
            CancerType::Prostate => "prostate",
        }
    }

    /// The paths of this cancer, in catalogue order.
    pub fn paths(self) -> impl Iterator<Item = PathId> {
        PathId::ALL.into_iter().filter(move |p| p.cancer() == self)
    }
}

impl OralDrug {
    /// The stable id used in files and serialized records (`s1`, `capecitabine`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            OralDrug::S1 => "s1",
            OralDrug::Capecitabine => "capecitabine",
            OralDrug::UftLeucovorin => "uft-leucovorin",
            OralDrug::Uft => "uft",
            OralDrug::Tamoxifen => "tamoxifen",
            OralDrug::AromataseInhibitor => "aromatase-inhibitor",
        }
    }
}

/// Defines an enum of known string ids with an `Other(String)` escape hatch, serialized as the
/// plain string (`"cea"`, `"ng/mL"`), so new values from other versions or institutions survive
/// a round trip instead of failing to parse.
macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident => $s:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $($(#[$vm])* $var,)*
            /// Anything else, kept as written.
            Other(String),
        }

        impl $name {
            /// Every known value (not `Other`).
            pub const KNOWN: &'static [$name] = &[$($name::$var),*];

            /// The stable id, as serialized.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$var => $s,)*
                    $name::Other(s) => s,
                }
            }

            /// The known value with this id, or `Other`.
            pub fn parse(s: &str) -> Self {
                match s {
                    $($s => $name::$var,)*
                    other => $name::Other(other.to_string()),
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.as_str().to_string()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use str_enum;

/// Oral drugs that a path may carry, with their own calendar and guidance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OralDrug {
    /// S-1 (TS-1, tegafur/gimeracil/oteracil).
    S1,
    /// Capecitabine (ゼローダ).
    Capecitabine,
    /// UFT + leucovorin (ユーエフティ + ユーゼル).
    UftLeucovorin,
    /// UFT alone (tegafur-uracil).
    Uft,
    /// Tamoxifen (breast, hormone therapy).
    Tamoxifen,
    /// An aromatase inhibitor: anastrozole, letrozole or exemestane (breast, hormone therapy).
    AromataseInhibitor,
}

impl OralDrug {
    /// All drugs.
    pub const ALL: [OralDrug; 6] = [
        OralDrug::S1,
        OralDrug::Capecitabine,
        OralDrug::UftLeucovorin,
        OralDrug::Uft,
        OralDrug::Tamoxifen,
        OralDrug::AromataseInhibitor,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_ids_serialize_as_their_stable_ids() {
        for p in PathId::ALL {
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.as_str()));
            let back: PathId = serde_json::from_str(&json).unwrap();
            assert_eq!(back, p);
        }
    }

    #[test]
    fn every_cancer_has_a_path() {
        for c in CancerType::ALL {
            assert!(PathId::ALL.iter().any(|p| p.cancer() == c), "{c:?}");
        }
    }
}
