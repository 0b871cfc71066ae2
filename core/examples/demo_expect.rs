//! What the demo records show on a date, as the domain computes it (the schedule engine is
//! tested natively against the golden schedules): the browser test of the record pages checks
//! that the pages show exactly this. `cargo run -p karte-core --example demo_expect [YYYY-MM-DD]`.

use chrono::NaiveDate;
use karte_core::demo;
use karte_core::pathway::{Place, Regimen};
use karte_core::schedule::DrugPhase;
use karte_core::vocab::CancerType;
use serde_json::{json, Map, Value};

fn main() {
    let today = std::env::args()
        .nth(1)
        .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
        .unwrap_or_else(demo::fixed_today);
    let mut out = Map::new();
    for cancer in CancerType::ALL {
        let view = demo::record(cancer, today).view();
        let Some(plan) = view.plan.as_ref() else { continue };
        let next = view.next_appointment(today).map(|v| {
            json!({
                "date": {"y": v.date.format("%Y").to_string().parse::<i32>().unwrap_or(0), "m": v.date.format("%m").to_string().parse::<u32>().unwrap_or(0), "d": v.date.format("%d").to_string().parse::<u32>().unwrap_or(0)},
                "place": match v.place { Place::Hospital => "hospital", Place::Clinic => "clinic" },
                "id": v.id.as_str(),
            })
        });
        let drug = view.drug_calendar().map(|cal| {
            let day = cal.day(today);
            match cal.regimen {
                Regimen::Cyclic { on_days, off_days, .. } => match day.phase {
                    DrugPhase::On => json!({"on": true, "day": day.day_of_cycle, "days": on_days}),
                    DrugPhase::Off => json!({"on": false, "day": day.day_of_cycle - on_days, "days": off_days}),
                    _ => Value::Null,
                },
                Regimen::Continuous { .. } => json!({"daily": true}),
            }
        });
        out.insert(
            cancer.as_str().to_string(),
            json!({
                "next": next,
                "visits": plan.visits.len(),
                "past": plan.visits.iter().filter(|v| v.date < today).count(),
                "drug": drug,
            }),
        );
    }
    println!("{}", Value::Object(out));
}
