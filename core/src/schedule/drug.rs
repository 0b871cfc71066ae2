//! The drug calendar: which days an oral drug is taken and which are rest days.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::pathway::Regimen;
use crate::vocab::OralDrug;

/// The course of one oral drug: which drug, from which day, on which cycle.
///
/// ```
/// use chrono::NaiveDate;
/// use karte_core::pathway::Regimen;
/// use karte_core::schedule::{DrugCalendar, DrugPhase};
/// use karte_core::vocab::OralDrug;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
/// // S-1: 4 weeks on, 2 weeks off, 8 cycles.
/// let cal = DrugCalendar::new(OralDrug::S1, d(2024, 4, 1),
///     Regimen::Cyclic { on_days: 28, off_days: 14, cycles: 8 });
/// let day = cal.day(d(2024, 4, 29));
/// assert_eq!((day.phase, day.cycle, day.day_of_cycle), (DrugPhase::Off, 1, 29));
/// assert_eq!(day.next_switch, Some(d(2024, 5, 13)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrugCalendar {
    /// The drug.
    pub drug: OralDrug,
    /// First day on the drug.
    pub start: NaiveDate,
    /// How it is taken.
    pub regimen: Regimen,
}

/// Whether the drug is taken on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DrugPhase {
    /// Before the first day.
    NotStarted,
    /// A day to take the drug.
    On,
    /// A rest day (休薬).
    Off,
    /// The course is over.
    Finished,
}

/// One day of the drug calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrugDay {
    /// On, off, not started or finished.
    pub phase: DrugPhase,
    /// 1-based cycle (course) number; 0 before the start; the last cycle once finished.
    pub cycle: u32,
    /// Number of cycles in the course (1 for a continuous drug).
    pub total_cycles: u32,
    /// 1-based day within the cycle (for a continuous drug: day of treatment); 0 when not
    /// started or finished.
    pub day_of_cycle: u32,
    /// The next day the phase changes (start, rest, next cycle, or end of the course).
    pub next_switch: Option<NaiveDate>,
}

fn plus(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_add_days(Days::new(days)).unwrap_or(NaiveDate::MAX)
}

impl DrugCalendar {
    /// A drug course starting on `start`.
    pub fn new(drug: OralDrug, start: NaiveDate, regimen: Regimen) -> DrugCalendar {
        DrugCalendar { drug, start, regimen }
    }

    /// The first day after the course (after the last rest period of a cyclic drug).
    pub fn end(&self) -> NaiveDate {
        match self.regimen {
            Regimen::Cyclic { on_days, off_days, cycles } => {
                plus(self.start, u64::from(on_days + off_days) * u64::from(cycles))
            }
            Regimen::Continuous { months } => {
                self.start.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
            }
        }
    }

    /// Number of cycles in the course.
    pub fn total_cycles(&self) -> u32 {
        match self.regimen {
            Regimen::Cyclic { cycles, .. } => cycles,
            Regimen::Continuous { .. } => 1,
        }
    }

    /// Whether the drug is in use within `margin_days` of `date` (for the visit checklist).
    pub fn in_use_around(&self, date: NaiveDate, margin_days: u64) -> bool {
        plus(date, margin_days) >= self.start && date < plus(self.end(), margin_days)
    }

    /// The calendar on one day.
    pub fn day(&self, date: NaiveDate) -> DrugDay {
        let total_cycles = self.total_cycles();
        if date < self.start {
            return DrugDay {
                phase: DrugPhase::NotStarted,
                cycle: 0,
                total_cycles,
                day_of_cycle: 0,
                next_switch: Some(self.start),
            };
        }
        let end = self.end();
        if date >= end {
            return DrugDay {
                phase: DrugPhase::Finished,
                cycle: total_cycles,
                total_cycles,
                day_of_cycle: 0,
                next_switch: None,
            };
        }
        let k = u64::try_from((date - self.start).num_days()).unwrap_or(0);
        match self.regimen {
            Regimen::Cyclic { on_days, off_days, .. } => {
                let len = u64::from(on_days + off_days).max(1);
                let cycle = k / len;
                let day = k % len;
                let cycle_start = plus(self.start, cycle * len);
                let (phase, next_switch) = if day < u64::from(on_days) {
                    (DrugPhase::On, plus(cycle_start, u64::from(on_days)))
                } else {
                    (DrugPhase::Off, plus(cycle_start, len))
                };
                DrugDay {
                    phase,
                    cycle: u32::try_from(cycle + 1).unwrap_or(u32::MAX),
                    total_cycles,
                    day_of_cycle: u32::try_from(day + 1).unwrap_or(u32::MAX),
                    next_switch: Some(next_switch),
                }
            }
            Regimen::Continuous { .. } => DrugDay {
                phase: DrugPhase::On,
                cycle: 1,
                total_cycles,
                day_of_cycle: u32::try_from(k + 1).unwrap_or(u32::MAX),
                next_switch: Some(end),
            },
        }
    }

    /// The days from `from` to `to` inclusive, for a calendar view.
    pub fn days(&self, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, DrugDay)> {
        from.iter_days().take_while(|d| *d <= to).map(|d| (d, self.day(d))).collect()
    }
}
