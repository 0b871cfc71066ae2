//! Typed routes: every page of the booklet is a variant, never a string match.

use karte_core::i18n::K;

/// A page of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    /// Next appointment and today's guidance.
    Home,
    /// The whole plan as a timeline.
    Schedule,
    /// Visit records (受診記録).
    Visits,
    /// Test results.
    Results,
    /// The menu of the remaining pages.
    More,
    /// Patient profile and treatment information.
    Profile,
    /// Partner institutions and contacts.
    Partners,
    /// Memo (連絡用メモ).
    Memo,
    /// Share the record with a doctor by QR.
    Share,
    /// Language, data, security.
    Settings,
    /// Provider (doctor) mode.
    Provider,
}

impl Page {
    /// Every page.
    pub const ALL: [Page; 11] = [
        Page::Home,
        Page::Schedule,
        Page::Visits,
        Page::Results,
        Page::More,
        Page::Profile,
        Page::Partners,
        Page::Memo,
        Page::Share,
        Page::Settings,
        Page::Provider,
    ];

    /// The pages of the bottom navigation bar, in order.
    pub const TABS: [Page; 5] = [Page::Home, Page::Schedule, Page::Visits, Page::Results, Page::More];

    /// The pages listed on the "More" menu, in order.
    pub const MENU: [Page; 6] = [Page::Profile, Page::Partners, Page::Memo, Page::Share, Page::Settings, Page::Provider];

    /// The path segment of the page (`""` for home).
    pub fn segment(self) -> &'static str {
        match self {
            Page::Home => "",
            Page::Schedule => "schedule",
            Page::Visits => "visits",
            Page::Results => "results",
            Page::More => "more",
            Page::Profile => "profile",
            Page::Partners => "partners",
            Page::Memo => "memo",
            Page::Share => "share",
            Page::Settings => "settings",
            Page::Provider => "provider",
        }
    }

    /// The absolute link to the page.
    pub fn href(self) -> String {
        format!("/{}", self.segment())
    }

    /// The page for a location path, if any.
    pub fn from_path(path: &str) -> Option<Page> {
        let seg = path.trim_matches('/');
        Page::ALL.into_iter().find(|p| p.segment() == seg)
    }

    /// The page's title (its `<h1>` and its name in navigation).
    pub fn title(self) -> K {
        match self {
            Page::Home => K::page_home_title,
            Page::Schedule => K::page_schedule_title,
            Page::Visits => K::page_visits_title,
            Page::Results => K::page_results_title,
            Page::More => K::page_more_title,
            Page::Profile => K::page_profile_title,
            Page::Partners => K::page_partners_title,
            Page::Memo => K::page_memo_title,
            Page::Share => K::page_share_title,
            Page::Settings => K::page_settings_title,
            Page::Provider => K::page_provider_title,
        }
    }

    /// A one-line description, shown under the title and on the menu.
    pub fn summary(self) -> K {
        match self {
            Page::Home => K::page_home_summary,
            Page::Schedule => K::page_schedule_summary,
            Page::Visits => K::page_visits_summary,
            Page::Results => K::page_results_summary,
            Page::More => K::page_more_summary,
            Page::Profile => K::page_profile_summary,
            Page::Partners => K::page_partners_summary,
            Page::Memo => K::page_memo_summary,
            Page::Share => K::page_share_summary,
            Page::Settings => K::page_settings_summary,
            Page::Provider => K::page_provider_summary,
        }
    }

    /// The icon shown beside the page's name (decorative, hidden from screen readers).
    pub fn icon(self) -> &'static str {
        match self {
            Page::Home => "⌂",
            Page::Schedule => "▦",
            Page::Visits => "✎",
            Page::Results => "📈",
            Page::More => "☰",
            Page::Profile => "👤",
            Page::Partners => "☎",
            Page::Memo => "🗒",
            Page::Share => "▣",
            Page::Settings => "⚙",
            Page::Provider => "🩺",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_round_trips_through_its_path() {
        for p in Page::ALL {
            assert_eq!(Page::from_path(&p.href()), Some(p), "{p:?}");
        }
        assert_eq!(Page::from_path("/nope"), None);
    }

    #[test]
    fn segments_are_unique_and_every_page_is_reachable_from_navigation() {
        let mut segs: Vec<_> = Page::ALL.iter().map(|p| p.segment()).collect();
        segs.sort();
        segs.dedup();
        assert_eq!(segs.len(), Page::ALL.len());
        for p in Page::ALL {
            assert!(Page::TABS.contains(&p) || Page::MENU.contains(&p), "{p:?} has no link");
        }
    }
}
