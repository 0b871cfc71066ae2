//! The internally tagged enums (author, entry body, status change, regimen, plan adjustment)
//! and the number-or-text result value are read by hand-written `Deserialize` impls: the JSON
//! is the same as serde's derive writes and reads, whatever the key order, with the same
//! errors.

use chrono::NaiveDate;
use karte_core::pathway::{Place, Regimen, Test};
use karte_core::record::{
    Author, EntryBody, FollowUp, Memo, PartnerRole, Record, ResultValue, Retraction, StatusChange,
};
use karte_core::schedule::{Adjustment, VisitId};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Writes `v`, checks the text, and reads it back: from the text (tag first) and from a
/// `serde_json::Value` (keys sorted, tag anywhere).
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(v: &T, json: &str) {
    let text = serde_json::to_string(v).unwrap();
    assert_eq!(text, json);
    assert_eq!(&serde_json::from_str::<T>(&text).unwrap(), v, "{text}");
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(&serde_json::from_value::<T>(value).unwrap(), v, "{text}");
}

fn error<T: DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
    let value: Value = serde_json::from_str(json).unwrap();
    serde_json::from_value::<T>(value).unwrap_err().to_string()
}

#[test]
fn every_variant_round_trips_with_the_tag_first() {
    round_trip(&Author::Patient, r#"{"kind":"patient"}"#);
    round_trip(
        &Author::Clinician {
            name: "佐藤".into(),
            institution: "A病院".into(),
            role: PartnerRole::PlanningHospital,
        },
        r#"{"kind":"clinician","name":"佐藤","institution":"A病院","role":"planning-hospital"}"#,
    );
    round_trip(
        &Author::Institution { name: "B薬局".into(), role: PartnerRole::Pharmacy },
        r#"{"kind":"institution","name":"B薬局","role":"pharmacy"}"#,
    );
    round_trip(&EntryBody::Memo(Memo { text: "x".into() }), r#"{"kind":"memo","text":"x"}"#);
    round_trip(
        &EntryBody::Retraction(Retraction { reason: "誤入力".into() }),
        r#"{"kind":"retraction","reason":"誤入力"}"#,
    );
    round_trip(
        &EntryBody::Status(StatusChange::Resumed { date: d("2024-05-01") }),
        r#"{"kind":"status","change":"resumed","date":"2024-05-01"}"#,
    );
    round_trip(
        &StatusChange::Completed { date: d("2029-01-31"), follow_up: FollowUp::Clinic },
        r#"{"change":"completed","date":"2029-01-31","follow_up":"clinic"}"#,
    );
    round_trip(
        &StatusChange::Left { date: d("2025-02-01"), variance: karte_core::record::EntryId("v-1".into()) },
        r#"{"change":"left","date":"2025-02-01","variance":"v-1"}"#,
    );
    round_trip(
        &Regimen::Cyclic { on_days: 28, off_days: 14, cycles: 8 },
        r#"{"kind":"cyclic","on_days":28,"off_days":14,"cycles":8}"#,
    );
    round_trip(&Regimen::Continuous { months: 60 }, r#"{"kind":"continuous","months":60}"#);
    let v = VisitId::month(3);
    let vs = serde_json::to_string(&v).unwrap();
    round_trip(
        &Adjustment::Move { visit: v.clone(), to: d("2024-05-02") },
        &format!(r#"{{"op":"move","visit":{vs},"to":"2024-05-02"}}"#),
    );
    round_trip(
        &Adjustment::Shift { from: v.clone(), days: -7 },
        &format!(r#"{{"op":"shift","from":{vs},"days":-7}}"#),
    );
    round_trip(
        &Adjustment::SetPlace { visit: v.clone(), place: Place::Hospital },
        &format!(r#"{{"op":"set-place","visit":{vs},"place":"hospital"}}"#),
    );
    round_trip(
        &Adjustment::AddTest { visit: v.clone(), test: Test::Ct },
        &format!(r#"{{"op":"add-test","visit":{vs},"test":"ct"}}"#),
    );
    round_trip(
        &Adjustment::RemoveTest { visit: v.clone(), test: Test::Cea },
        &format!(r#"{{"op":"remove-test","visit":{vs},"test":"cea"}}"#),
    );
    round_trip(
        &Adjustment::Add { date: d("2024-06-01"), place: Place::Clinic, tests: vec![Test::BloodCount] },
        r#"{"op":"add","date":"2024-06-01","place":"clinic","tests":["blood-count"]}"#,
    );
    round_trip(&Adjustment::Cancel { visit: v }, &format!(r#"{{"op":"cancel","visit":{vs}}}"#));
    round_trip(&ResultValue::Number(3.5), "3.5");
    round_trip(&ResultValue::Number(12.0), "12.0");
    round_trip(&ResultValue::Text("陰性".into()), r#""陰性""#);
}

#[test]
fn the_tag_may_come_anywhere() {
    let read = |json: &str| serde_json::from_str::<EntryBody>(json).unwrap();
    assert_eq!(read(r#"{"text":"x","kind":"memo"}"#), EntryBody::Memo(Memo { text: "x".into() }));
    assert_eq!(
        serde_json::from_str::<Author>(r#"{"role":"pharmacy","name":"B","kind":"institution"}"#).unwrap(),
        Author::Institution { name: "B".into(), role: PartnerRole::Pharmacy }
    );
    assert_eq!(
        serde_json::from_str::<Regimen>(r#"{"months":12,"kind":"continuous"}"#).unwrap(),
        Regimen::Continuous { months: 12 }
    );
    // A unit variant ignores other fields, as with the derive.
    assert_eq!(serde_json::from_str::<Author>(r#"{"name":"x","kind":"patient"}"#).unwrap(), Author::Patient);
    // Numbers without a fraction are numbers.
    assert_eq!(serde_json::from_str::<ResultValue>("7").unwrap(), ResultValue::Number(7.0));
    assert_eq!(serde_json::from_str::<ResultValue>("-2").unwrap(), ResultValue::Number(-2.0));
}

#[test]
fn bad_tags_and_fields_give_serdes_errors() {
    assert_eq!(
        error::<EntryBody>(r#"{"kind":"diary","text":"x"}"#),
        "unknown variant `diary`, expected one of `profile`, `treatment`, `consent`, `care-plan`, \
         `plan-change`, `visit`, `test-result`, `medication`, `memo`, `partner`, `partner-list`, `variance`, `status`, \
         `retraction`"
    );
    assert_eq!(error::<EntryBody>(r#"{"text":"x"}"#), "missing field `kind`");
    assert_eq!(error::<EntryBody>(r#"{"kind":"memo"}"#), "missing field `text`");
    assert_eq!(
        error::<EntryBody>(r#""memo""#),
        "invalid type: string \"memo\", expected internally tagged enum EntryBody"
    );
    assert_eq!(
        error::<Author>(r#"{"kind":"doctor"}"#),
        "unknown variant `doctor`, expected one of `patient`, `clinician`, `institution`"
    );
    assert_eq!(error::<Author>(r#"{"kind":"institution","name":"x"}"#), "missing field `role`");
    assert_eq!(error::<Author>(r#"{"name":"x"}"#), "missing field `kind`");
    assert_eq!(
        error::<StatusChange>(r#"{"change":"paused","date":"2024-01-01"}"#),
        "unknown variant `paused`, expected one of `completed`, `left`, `resumed`"
    );
    assert_eq!(error::<StatusChange>(r#"{"date":"2024-01-01"}"#), "missing field `change`");
    assert_eq!(
        error::<Regimen>(r#"{"kind":"weekly"}"#),
        "unknown variant `weekly`, expected `cyclic` or `continuous`"
    );
    assert_eq!(
        error::<Regimen>(r#"{"kind":"continuous","months":1,"dose":2}"#),
        "unknown field `dose`, expected `months`"
    );
    assert_eq!(error::<Regimen>(r#"{"kind":"cyclic","on_days":1,"off_days":1}"#), "missing field `cycles`");
    assert_eq!(
        error::<Adjustment>(r#"{"op":"swap"}"#),
        "unknown variant `swap`, expected one of `move`, `shift`, `set-place`, `add-test`, `remove-test`, `add`, `cancel`, `set-drug`"
    );
    assert_eq!(
        error::<Adjustment>(r#"{"op":"cancel","visit":"m3","why":"x"}"#),
        "unknown field `why`, expected `visit`"
    );
    assert_eq!(error::<Adjustment>(r#"{"visit":"m3"}"#), "missing field `op`");
    assert_eq!(
        error::<Adjustment>(r#"{"op":"shift","from":"m3","days":"x"}"#),
        "invalid type: string \"x\", expected i64"
    );
    // (The derive said "data did not match any variant of untagged enum ResultValue".)
    assert_eq!(error::<ResultValue>("true"), "invalid type: boolean `true`, expected a number or a string");
    assert_eq!(error::<ResultValue>("null"), "invalid type: null, expected a number or a string");
}

#[test]
fn a_record_with_keys_in_any_order_reads_the_same() {
    let json = r#"{"format": "watashi-no-karte/record", "version": 2, "demo": false, "entries": [
        {"id": "a", "author": {"name": "佐藤", "role": "partner-clinic", "institution": "C医院", "kind": "clinician"},
         "at": "2024-01-01T09:30:00", "body": {"text": "食欲あり", "kind": "memo"}}]}"#;
    let record = Record::from_json(json).unwrap();
    let e = &record.entries()[0];
    assert_eq!(
        e.author,
        Author::Clinician {
            name: "佐藤".into(),
            institution: "C医院".into(),
            role: PartnerRole::PartnerClinic
        }
    );
    assert_eq!(e.body, EntryBody::Memo(Memo { text: "食欲あり".into() }));
    // Written back, the tag comes first.
    assert!(record.to_json().unwrap().contains("\"kind\": \"memo\",\n"));
}
