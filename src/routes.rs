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

    /// The outline icon of the page: SVG path data on a 24x24 grid, drawn with a stroke
    /// (decorative, hidden from screen readers; no emoji font needed).
    pub fn icon(self) -> &'static str {
        match self {
            Page::Home => "M3 11l9-7 9 7M5 10v10h5v-6h4v6h5V10",
            Page::Schedule => "M4 6h16v14H4zM4 10h16M8 3v5M16 3v5M8 14h2M12 14h2M16 14h0M8 17h2",
            Page::Visits => "M6 3h9l4 4v14H6zM15 3v4h4M9 12h7M9 16h5",
            Page::Results => "M4 4v16h16M7 15l4-5 3 3 5-7",
            Page::More => "M4 7h16M4 12h16M4 17h16",
            Page::Profile => "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c1-4 4-6 8-6s7 2 8 6",
            Page::Partners => "M5 4h4l2 5-3 2a11 11 0 0 0 5 5l2-3 5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 3 6a2 2 0 0 1 2-2z",
            Page::Memo => "M5 4h14v12l-4 4H5zM15 20v-4h4M8 9h8M8 13h5",
            Page::Share => "M4 4h6v6H4zM14 4h6v6h-6zM4 14h6v6H4zM14 14h2v2h-2zM18 18h2v2h-2zM14 18h2M18 14h2",
            Page::Settings => "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM12 2v3M12 19v3M2 12h3M19 12h3M5 5l2 2M17 17l2 2M5 19l2-2M17 7l2-2",
            Page::Provider => "M6 3v6a4 4 0 0 0 8 0V3M10 13v3a5 5 0 0 0 10 0v-2M20 14a2 2 0 1 0 0-4 2 2 0 0 0 0 4z",
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
