//! The record as one FHIR R4 Bundle (`type: collection`), with JP Core v1.x profiles where
//! JP Core has one: the file the patient hands to a hospital (`docs/fhir-export.md`).
//!
//! [`bundle`] is a pure function of the record's view and a record id: the same record gives
//! the same bytes (no clock; every `fullUrl` is a `urn:uuid:` derived from the record id and
//! an entry id or a name, [`uuid`]). What the record holds as free text stays text: no
//! JLAC10, ICD-10 or HOT code is ever guessed; the record's own ids (analytes, cancer types,
//! paths, tests) are coded in our own code systems ([`terms::own`]).
//!
//! | record | resource |
//! |---|---|
//! | profile | `Patient` (JP_Patient); allergies and adverse drug reactions: `AllergyIntolerance`; past history: `Condition` |
//! | treatment | the cancer: `Condition` (JP_Condition, stage); the operation: `Procedure` (JP_Procedure); the admission: `Encounter` (IMP) |
//! | visits | `Encounter` (JP_Encounter, AMB, finished), the doctor a `Practitioner` |
//! | results | `Observation` (JP_Observation_LabResult) |
//! | medications | `MedicationStatement` (JP_MedicationStatement) |
//! | care plan | `CarePlan`, one activity per planned visit (done ones point at their `Encounter`) |
//! | institutions | `Organization` (JP_Organization), partners with their phone numbers |

pub mod terms;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::pathway::{self, Place};
use crate::record::{Current, PathStatus, RecordView, ResultValue, Sex, TestResult, VisitRecord};
use crate::schedule::PlannedVisit;
use terms::own;

/// The `urn:uuid:` of one resource: SHA-256 over the record id, the resource kind and its key
/// (an entry id, or an institution's name), as an RFC 9562 version 8 UUID.
pub fn uuid(record: &str, kind: &str, key: &str) -> String {
    let mut h = Sha256::new();
    for part in ["karte-fhir/1", record, kind, key] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn profile(name: &str) -> Value {
    json!({ "profile": [format!("{}{name}", terms::JP_CORE_SD)] })
}

fn coding(system: &str, code: &str, display: &str) -> Value {
    json!({ "system": system, "code": code, "display": display })
}

/// The bundle under construction: entries in order, and the ids already given.
struct Builder<'a> {
    record: &'a str,
    entries: Vec<Value>,
    /// Organizations by name (a name is the only key the record has for an institution).
    orgs: BTreeMap<String, String>,
    practitioners: BTreeMap<(String, String), String>,
}

impl Builder<'_> {
    /// Adds `resource` (its `id` set) and returns a reference to it.
    fn add(&mut self, kind: &str, key: &str, mut resource: Value) -> Value {
        let id = uuid(self.record, kind, key);
        let ty = resource["resourceType"].as_str().unwrap_or_default().to_string();
        resource["id"] = Value::String(id.clone());
        let full = format!("urn:uuid:{id}");
        self.entries.push(json!({ "fullUrl": full, "resource": resource }));
        json!({ "reference": full, "type": ty })
    }

    /// The reference to the Organization named `name` (made on first use); none without a name.
    fn org(&mut self, name: &str) -> Option<Value> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        if let Some(id) = self.orgs.get(name) {
            return Some(json!({ "reference": format!("urn:uuid:{id}"), "type": "Organization", "display": name }));
        }
        let r = self.add(
            "organization",
            name,
            json!({ "resourceType": "Organization", "meta": profile("JP_Organization"), "name": name }),
        );
        let id = r["reference"].as_str().unwrap_or_default().trim_start_matches("urn:uuid:").to_string();
        self.orgs.insert(name.to_string(), id);
        self.org(name)
    }

    /// The reference to the doctor `name` of `institution` (made on first use).
    fn practitioner(&mut self, name: &str, institution: &str) -> Value {
        let key = (institution.to_string(), name.to_string());
        if let Some(id) = self.practitioners.get(&key) {
            return json!({ "reference": format!("urn:uuid:{id}"), "type": "Practitioner", "display": name });
        }
        let r = self.add(
            "practitioner",
            &format!("{institution}\n{name}"),
            json!({ "resourceType": "Practitioner", "meta": profile("JP_Practitioner"), "name": [{ "text": name }] }),
        );
        let id = r["reference"].as_str().unwrap_or_default().trim_start_matches("urn:uuid:").to_string();
        self.practitioners.insert(key, id);
        self.practitioner(name, institution)
    }
}

/// The record as a FHIR R4 Bundle. `record` names the record in every `urn:uuid:` (use a
/// stable id, e.g. the record key's id): the same record and id give the same Bundle.
pub fn bundle(view: &RecordView, record: &str) -> Value {
    let mut b = Builder { record, entries: Vec::new(), orgs: BTreeMap::new(), practitioners: BTreeMap::new() };
    let patient = patient(&mut b, view);
    let subject = || patient.clone();

    // Partners first, so their Organizations carry the role and the numbers.
    for p in &view.partners {
        let p = &p.value;
        let (code, display) = terms::role(p.role);
        let mut telecom = Vec::new();
        for (number, system) in [(&p.phone, "phone"), (&p.fax, "fax"), (&p.after_hours_phone, "phone")] {
            if let Some(n) = number.as_ref().filter(|n| n.is_valid()) {
                telecom.push(json!({ "system": system, "value": n.0, "use": "work" }));
            }
        }
        let Some(r) = b.org(&p.name) else { continue };
        if let Some(org) = find(&mut b, &r) {
            org["type"] = json!([{ "coding": [coding(own::ROLE, code, display)] }]);
            if !telecom.is_empty() {
                org["telecom"] = Value::Array(telecom);
            }
            if let Some(c) = &p.contact {
                org["contact"] = json!([{ "name": { "text": c } }]);
            }
        }
    }

    // The cancer, the operation and the admission.
    let mut condition = None;
    let mut hospital = None;
    let mut clinic = None;
    if let Some(t) = &view.treatment {
        let id = t.id.as_str();
        let t = &t.value;
        hospital = b.org(&t.planning_hospital);
        clinic = b.org(&t.partner_clinic);
        let name = terms::cancer(t.cancer);
        let c = b.add(
            "condition",
            id,
            json!({
                "resourceType": "Condition",
                "meta": profile("JP_Condition"),
                "verificationStatus": { "coding": [coding(terms::CONDITION_VERIFICATION, "confirmed", "Confirmed")] },
                "code": {
                    "coding": [coding(own::CANCER, t.cancer.as_str(), name)],
                    "text": t.diagnosis.as_deref().filter(|d| !d.trim().is_empty()).unwrap_or(name),
                },
                "subject": subject(),
                "stage": [{ "summary": { "text": format!("Stage {}", t.stage.as_str()) } }],
            }),
        );
        let admission = t.admission.map(|a| {
            let mut e = json!({
                "resourceType": "Encounter",
                "meta": profile("JP_Encounter"),
                "status": "finished",
                "class": { "system": terms::ACT_CODE, "code": "IMP", "display": "inpatient encounter" },
                "subject": subject(),
                "period": { "start": day(a.from), "end": day(a.to) },
                "reasonReference": [c.clone()],
            });
            if let Some(h) = &hospital {
                e["serviceProvider"] = h.clone();
            }
            b.add("admission", id, e)
        });
        let mut procedure = json!({
            "resourceType": "Procedure",
            "meta": profile("JP_Procedure"),
            "status": "completed",
            "code": { "text": t.operation },
            "subject": subject(),
            "performedDateTime": day(t.operation_date),
            "reasonReference": [c.clone()],
        });
        if let Some(h) = &hospital {
            procedure["performer"] = json!([{ "actor": h }]);
        }
        if let Some(a) = admission {
            procedure["encounter"] = a;
        }
        b.add("procedure", id, procedure);
        condition = Some(c);
    }

    // Visits; a result of the same day and institution belongs to the visit.
    let mut encounters: Vec<(&VisitRecord, Value)> = Vec::new();
    for v in &view.visits {
        let r = encounter(&mut b, v, subject(), condition.as_ref());
        encounters.push((&v.value, r));
    }
    for r in &view.results {
        let enc = encounters
            .iter()
            .find(|(v, _)| v.visit_date == r.value.date && v.institution == r.value.place)
            .map(|(_, e)| e.clone());
        observation(&mut b, r, subject(), enc);
    }

    for m in &view.medications {
        let v = &m.value;
        let mut period = json!({ "start": day(v.start) });
        if let Some(end) = v.end {
            period["end"] = Value::String(day(end));
        }
        let mut s = json!({
            "resourceType": "MedicationStatement",
            "meta": profile("JP_MedicationStatement"),
            // The record says a drug stopped by its last day only.
            "status": if v.end.is_some() { "completed" } else { "active" },
            "medicationCodeableConcept": { "text": v.name },
            "subject": subject(),
            "effectivePeriod": period,
        });
        if let Some(by) = v.prescribed_by.as_deref().and_then(|by| b.org(by)) {
            s["informationSource"] = by;
        }
        if !v.dose.is_empty() {
            s["dosage"] = json!([{ "text": v.dose }]);
        }
        b.add("medication", m.id.as_str(), s);
    }

    if let (Some(cp), Some(plan)) = (&view.care_plan, &view.plan) {
        let status = match view.status {
            PathStatus::Completed { .. } => "completed",
            PathStatus::LeftByVariance { .. } => "revoked",
            PathStatus::Active | PathStatus::NotStarted => "active",
        };
        let title = pathway::template(plan.path).map(|t| t.title_ja.clone()).unwrap_or_else(|_| plan.path.as_str().to_string());
        let mut activity = Vec::new();
        let done = |pv: &PlannedVisit| {
            encounters.iter().find(|(v, _)| v.planned_visit.as_ref() == Some(&pv.id)).map(|(_, e)| e.clone())
        };
        for (pv, cancelled) in plan.visits.iter().map(|v| (v, false)).chain(plan.cancelled.iter().map(|v| (v, true))) {
            let outcome = done(pv);
            let status = match (&outcome, cancelled) {
                (_, true) => "cancelled",
                (Some(_), false) => "completed",
                (None, false) => "scheduled",
            };
            let performer = match pv.place {
                Place::Hospital => hospital.clone(),
                Place::Clinic => clinic.clone(),
            };
            let tests: Vec<&str> = pv.tests.iter().map(terms::test).collect();
            let mut detail = json!({
                "kind": "Appointment",
                "code": {
                    "coding": [{ "system": own::VISIT, "code": pv.id.as_str() }],
                    "text": pv.id.as_str(),
                },
                "status": status,
                "scheduledPeriod": { "start": day(pv.date), "end": day(pv.date) },
                "description": tests.join("、"),
            });
            if let Some(p) = performer {
                detail["performer"] = json!([p]);
            }
            let mut a = json!({ "detail": detail });
            if let Some(e) = outcome {
                a["outcomeReference"] = json!([e]);
            }
            activity.push(a);
        }
        let mut care_plan = json!({
            "resourceType": "CarePlan",
            "status": status,
            "intent": "plan",
            "category": [{ "coding": [coding(own::PATH, plan.path.as_str(), &title)] }],
            "title": title,
            "subject": subject(),
            "period": { "start": day(plan.anchor), "end": day(plan.end) },
            "created": day(cp.at.date()),
        });
        if let Some(h) = &hospital {
            care_plan["author"] = h.clone();
        }
        if let Some(c) = &condition {
            care_plan["addresses"] = json!([c]);
        }
        care_plan["activity"] = Value::Array(activity);
        b.add("careplan", cp.id.as_str(), care_plan);
    }

    json!({
        "resourceType": "Bundle",
        "id": uuid(record, "bundle", ""),
        "type": "collection",
        "entry": b.entries,
    })
}

/// The resource a reference made by the builder points at.
fn find<'a>(b: &'a mut Builder<'_>, r: &Value) -> Option<&'a mut Value> {
    let full = r["reference"].as_str()?.to_string();
    b.entries.iter_mut().find(|e| e["fullUrl"] == full.as_str()).map(|e| &mut e["resource"])
}

fn patient(b: &mut Builder<'_>, view: &RecordView) -> Value {
    let mut p = json!({ "resourceType": "Patient", "meta": profile("JP_Patient") });
    let key = view.profile.as_ref().map_or("", |c| c.id.as_str());
    // JP_Patient asks for an identifier; the record has no hospital's patient number, so the
    // identifier is the Patient's own URI.
    p["identifier"] = json!([{ "system": terms::URI_IDENTIFIER, "value": format!("urn:uuid:{}", uuid(b.record, "patient", key)) }]);
    if let Some(c) = &view.profile {
        let v = &c.value;
        let mut names = Vec::new();
        for (text, representation) in [(&v.name, "IDE"), (&v.kana, "SYL")] {
            if text.trim().is_empty() {
                continue;
            }
            let mut n = json!({
                "extension": [{ "url": terms::EN_REPRESENTATION, "valueCode": representation }],
                "use": "official",
                "text": text,
            });
            // Family and given name only when the name is written as exactly two parts.
            let parts: Vec<&str> = text.split([' ', '\u{3000}']).filter(|s| !s.is_empty()).collect();
            if let [family, given] = parts[..] {
                n["family"] = Value::String(family.to_string());
                n["given"] = json!([given]);
            }
            names.push(n);
        }
        if !names.is_empty() {
            p["name"] = Value::Array(names);
        }
        p["gender"] = Value::String(
            match v.sex {
                Sex::Male => "male",
                Sex::Female => "female",
                Sex::Unspecified => "unknown",
            }
            .into(),
        );
        p["birthDate"] = Value::String(day(v.date_of_birth));
    }
    let r = b.add("patient", key, p);
    if let Some(c) = &view.profile {
        let v = &c.value;
        let kinds = v.allergies.iter().map(|a| (a, None)).chain(v.adverse_drug_reactions.iter().map(|a| (a, Some("medication"))));
        for (i, (text, category)) in kinds.enumerate().filter(|(_, (t, _))| !t.trim().is_empty()) {
            let mut a = json!({
                "resourceType": "AllergyIntolerance",
                "meta": profile("JP_AllergyIntolerance"),
                "clinicalStatus": { "coding": [coding(terms::ALLERGY_CLINICAL, "active", "Active")] },
                "code": { "text": text },
                "patient": r.clone(),
                "recordedDate": day(c.at.date()),
            });
            if let Some(cat) = category {
                a["type"] = Value::String("intolerance".into());
                a["category"] = json!([cat]);
            }
            b.add("allergy", &format!("{}/{i}", c.id), a);
        }
        for (i, text) in v.past_history.iter().enumerate().filter(|(_, t)| !t.trim().is_empty()) {
            b.add(
                "history",
                &format!("{}/{i}", c.id),
                json!({
                    "resourceType": "Condition",
                    "meta": profile("JP_Condition"),
                    "code": { "text": text },
                    "subject": r.clone(),
                    "recordedDate": day(c.at.date()),
                }),
            );
        }
    }
    r
}

fn encounter(b: &mut Builder<'_>, c: &Current<VisitRecord>, subject: Value, condition: Option<&Value>) -> Value {
    let v = &c.value;
    let mut e = json!({
        "resourceType": "Encounter",
        "meta": profile("JP_Encounter"),
        "status": "finished",
        "class": { "system": terms::ACT_CODE, "code": "AMB", "display": "ambulatory" },
        "subject": subject,
        "period": { "start": day(v.visit_date), "end": day(v.visit_date) },
    });
    if let Some(org) = b.org(&v.institution) {
        e["serviceProvider"] = org;
    }
    if let Some(d) = v.doctor.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        e["participant"] = json!([{ "individual": b.practitioner(d, &v.institution) }]);
    }
    if let Some(c) = condition {
        e["reasonReference"] = json!([c]);
    }
    b.add("encounter", c.id.as_str(), e)
}

fn observation(b: &mut Builder<'_>, c: &Current<TestResult>, subject: Value, encounter: Option<Value>) {
    let r = &c.value;
    let name = terms::analyte(&r.analyte);
    let mut o = json!({
        "resourceType": "Observation",
        "meta": profile("JP_Observation_LabResult"),
        "status": "final",
        "category": [{ "coding": [coding(terms::JP_OBSERVATION_CATEGORY, "laboratory", "検体検査")] }],
        "code": { "coding": [coding(own::ANALYTE, r.analyte.as_str(), name)], "text": name },
        "subject": subject,
        "effectiveDateTime": day(r.date),
    });
    if let Some(e) = encounter {
        o["encounter"] = e;
    }
    if let Some(org) = b.org(&r.place) {
        o["performer"] = json!([org]);
    }
    let quantity = |x: f64| {
        let mut q = json!({ "value": x });
        if let Some(u) = &r.unit {
            q["unit"] = Value::String(u.as_str().to_string());
            if let Some(code) = terms::ucum(u) {
                q["system"] = Value::String(terms::UCUM.into());
                q["code"] = Value::String(code.into());
            }
        }
        q
    };
    match &r.value {
        ResultValue::Number(x) => {
            o["valueQuantity"] = quantity(*x);
            if let Some(range) = &r.reference {
                let mut rr = Map::new();
                if let Some(l) = range.low {
                    rr.insert("low".into(), quantity(l));
                }
                if let Some(h) = range.high {
                    rr.insert("high".into(), quantity(h));
                }
                let flag = if range.below(*x) {
                    ("L", "Low")
                } else if range.above(*x) {
                    ("H", "High")
                } else {
                    ("N", "Normal")
                };
                if let Some(text) = range.basis.and_then(terms::range_text) {
                    rr.insert("text".into(), Value::String(text.into()));
                }
                o["interpretation"] = json!([{ "coding": [coding(terms::INTERPRETATION, flag.0, flag.1)] }]);
                o["referenceRange"] = json!([Value::Object(rr)]);
            }
        }
        ResultValue::Text(t) => o["valueString"] = Value::String(t.clone()),
    }
    b.add("observation", c.id.as_str(), o);
}
