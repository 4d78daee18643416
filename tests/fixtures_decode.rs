//! Every fixture (the three realistic cases and the published real samples)
//! parses and decodes to a report whose key facts a user would check.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use casescope::codes::Evidence;
use casescope::dates::Fixed;
use casescope::decode::{
    decode, decode_summary, Bodies, Ctx, EntryKind, Flag, LabelSource, Note, Problem, Report, Row, Shown, Stage,
};
use casescope::endpoints::Endpoint;
use casescope::i18n::{Lang, W};
use casescope::tree::Tree;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn read(path: &Path) -> Rc<Tree> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Rc::new(Tree::parse(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display())))
}

/// Bodies from JSON values, each as its text.
fn bodies_of(answers: &[(Endpoint, &Value)]) -> Bodies {
    answers.iter().fold(Bodies::default(), |b, (e, v)| b.with_json(*e, &v.to_string()))
}

/// 2026-11-26 noon UTC: the reports below are read "today".
const NOW: i64 = 20_783 * 86_400_000 + 43_200_000;

#[test]
fn now_is_the_day_the_tests_assume() {
    assert_eq!(casescope::dates::days_from_civil(2026, 11, 26), 20_783);
}

fn report_for(case: &str, zone_minutes: i32) -> Report {
    let dir = fixtures().join(case);
    let mut bodies = Bodies::default();
    for e in Endpoint::ALL {
        let f = dir.join(format!("{}.json", e.key()));
        if f.exists() {
            bodies.set(e, read(&f));
        }
    }
    decode(&bodies, &Ctx { now_ms: NOW, zone: &Fixed(zone_minutes) })
}

fn real(file: &str) -> Report {
    let mut bodies = Bodies::default();
    bodies.set(Endpoint::Case, read(&fixtures().join("real").join(file)));
    decode(&bodies, &Ctx { now_ms: NOW, zone: &Fixed(0) })
}

/// What an English reader sees.
const EN: W = W(Lang::En);

fn detail<'a>(r: &'a Report, key: &str) -> &'a Row {
    r.details.iter().find(|d| d.key == key).unwrap_or_else(|| panic!("no {key}"))
}

fn event<'a>(r: &'a Report, code: &str) -> Vec<&'a casescope::decode::EventRow> {
    r.events.iter().filter(|e| &*e.code.code == code).map(|e| &**e).collect()
}

#[test]
fn every_fixture_file_is_json() {
    let mut count = 0;
    for entry in walk(&fixtures()) {
        if entry.extension().is_some_and(|e| e == "json") {
            read(&entry);
            count += 1;
        }
    }
    assert!(count >= 14, "found only {count} fixture files");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).expect("fixtures dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn i485_pending_under_review() {
    let r = report_for("i485-pending", 0);
    assert_eq!(r.receipt.as_deref(), Some("IOE0912345678"));
    assert_eq!(r.form_type.as_deref(), Some("I-485"));
    assert_eq!(r.form_title.as_deref(), Some("Application to Register Permanent Residence or Adjust Status"));
    assert_eq!(r.status_title.as_deref(), Some("Case Is Being Actively Reviewed By USCIS"));
    let text = r.status_text.as_deref().unwrap();
    assert!(text.contains("www.uscis.gov/addresschange") && !text.contains("<a"), "{text}");
    assert_eq!(r.office.as_deref(), Some("NATIONAL BENEFITS CENTER (NBC)"));
    assert!(EN.date(r.filed.as_ref().unwrap()).starts_with("Oct 21, 2025"));
    assert!(r.receipt_office.as_deref().unwrap().contains("ELIS"));
    assert!(r.prefix_unreliable.is_none());
    let current = r.current_code.as_ref().unwrap();
    assert_eq!((&*current.code, &current.source), ("FTA0", &LabelSource::CaseStatus));
    // Two FTA0 events 19 ms apart fold into one with a count; the later one stays apart.
    let fta0 = event(&r, "FTA0");
    assert_eq!(fta0.iter().map(|e| e.count).collect::<Vec<_>>(), [1, 2]);
    // IMAG is labelled by USCIS's own words from the status history.
    let imag = event(&r, "IMAG");
    assert_eq!(imag[0].code.label.as_deref(), Some("Biometrics Appointment Was Scheduled"));
    assert_eq!(imag[0].code.source, LabelSource::CaseStatus);
    // The receipt event is dated to the filing day but created three days later.
    let iaf = event(&r, "IAF");
    assert!(iaf[0].backdated);
    let when = EN.maybe_date(iaf[0].date.as_ref());
    assert!(when.starts_with("Oct 21, 2025"), "{when}");
    assert!(!fta0[0].backdated);
    // Newest first.
    assert_eq!(&*r.events.first().unwrap().code.code, "FTA0");
    assert_eq!(&*r.events.last().unwrap().code.code, "IAF");
    assert_eq!(r.notices.len(), 1);
    assert!(!r.notices[0].appointment_upcoming);
    assert_eq!(r.history.len(), 3);
    assert_eq!(
        r.documents.iter().map(|d| d.title.as_deref().unwrap()).collect::<Vec<_>>(),
        ["Other", "Account Acceptance Notice", "Appointment Scheduled"]
    );
    assert!(r.flags.is_empty(), "{:?}", r.flags);
    // Booleans say what they mean for the case; personal data is marked.
    let shown = |key: &str| EN.shown(key, &detail(&r, key).value);
    assert_eq!(EN.field("actionRequired"), "Action required");
    assert!(shown("actionRequired").starts_with("No"));
    assert!(shown("ackedByAdjudicatorAndCms").contains("not an approval"));
    assert_eq!(detail(&r, "representativeName").note, Some(Note::Personal));
    assert_eq!(EN.note(&Note::Personal), "personal data");
    assert_eq!(detail(&r, "formType").source.path.as_ref(), "$.data.formType");
    assert!(r.other_fields.is_empty(), "{:?}", r.other_fields);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
}

#[test]
fn i765_approved_card_mailed_and_closed() {
    let r = report_for("i765-card-mailed", 0);
    assert_eq!(r.status_title.as_deref(), Some("Card Was Picked Up By The United States Postal Service"));
    let sa = event(&r, "SA");
    assert_eq!(sa[0].code.label.as_deref(), Some("Case Was Approved"));
    assert_eq!(sa[0].code.source, LabelSource::CaseStatus);
    // FTA0 is not in this case's status history: the community table labels it.
    let fta0 = event(&r, "FTA0");
    assert_eq!(fta0[0].code.source, LabelSource::Observed { evidence: Evidence::Observed });
    assert!(r.flags.contains(&Flag::Closed));
    assert_eq!(EN.flag(Flag::Closed), "USCIS marks this case as closed.");
    assert!(r
        .status_text
        .as_deref()
        .unwrap()
        .contains("www.USPS.com (https://tools.usps.com/go/TrackConfirmAction_input)"));
    // receipt_info is populated here: its location is one of the offices
    // table's codes, and named by it (issue 29, part 6).
    let location = detail(&r, "location");
    assert_eq!(EN.field("location"), "Location code");
    assert_eq!(location.value, Shown::Text("NSC".into()));
    assert_eq!(location.source.endpoint, Endpoint::ReceiptInfo);
    assert!(EN.note(location.note.as_ref().unwrap()).contains("Nebraska Service Center"));
    // Its opaque fields are shown raw, said so.
    assert!(EN.note(detail(&r, "subtype").note.as_ref().unwrap()).contains("not known"));
    assert_eq!(r.documents[0].title.as_deref(), Some("I-765 C09 Standalone Approval"));
}

#[test]
fn i131_evidence_requested_flags_action_required() {
    let r = report_for("i131-evidence-requested", 0);
    assert!(r.flags.contains(&Flag::ActionRequired), "{:?}", r.flags);
    assert!(EN.flag(Flag::ActionRequired).starts_with("Action required"));
    let ika = event(&r, "IKA");
    assert_eq!(ika[0].code.label.as_deref(), Some("Request for Initial Evidence Was Sent"));
    assert_eq!(r.documents[0].title.as_deref(), Some("Request for Evidence"));
}

#[test]
fn published_i485_sample_without_status() {
    let r = real("cases-i485-published.json");
    assert_eq!(r.receipt.as_deref(), Some("IOE0900000001"));
    assert!(r.status_title.is_none());
    let fta0 = event(&r, "FTA0");
    assert_eq!(fta0.len(), 1);
    assert_eq!(fta0[0].count, 2);
    assert_eq!(fta0[0].code.source, LabelSource::Observed { evidence: Evidence::Observed });
    assert!(event(&r, "IAF")[0].backdated);
}

#[test]
fn abridged_unwrapped_sample_still_decodes() {
    let r = real("cases-i821d-abridged-unwrapped.json");
    assert_eq!(r.receipt.as_deref(), Some("IOE1234567890"));
    assert_eq!(r.form_type.as_deref(), Some("I-821D"));
    assert_eq!(r.events.len(), 3);
    let imag = event(&r, "IMAG");
    assert_eq!(imag[0].code.source, LabelSource::Observed { evidence: Evidence::Disputed });
    assert!(EN.code_label(&imag[0].code).contains("disputed"));
    assert_eq!(r.notices.len(), 1);
}

#[test]
fn date_only_values_do_not_move_with_the_time_zone() {
    for zone in [0, -480, 330] {
        let r = report_for("i485-pending", zone);
        assert!(EN.date(r.filed.as_ref().unwrap()).starts_with("Oct 21, 2025"), "zone {zone}: {:?}", r.filed);
        assert!(EN.maybe_date(event(&r, "IAF")[0].date.as_ref()).starts_with("Oct 21, 2025"));
    }
}

#[test]
fn codes_fall_back_to_niem_then_unknown_and_unknown_fields_are_kept() {
    let case = serde_json::json!({"data": {
        "receiptNumber": "EAC2190012345",
        "events": [
            {"eventCode": "ABA", "eventTimestamp": "2026-01-02T10:00:00.000Z"},
            {"eventCode": "ZZZ9", "eventTimestamp": "2026-01-01T10:00:00.000Z"}
        ],
        "brandNewField": {"x": 1},
        "submissionDate": "not a date"
    }});
    let r = decode(&bodies_of(&[(Endpoint::Case, &case)]), &Ctx { now_ms: NOW, zone: &Fixed(0) });
    assert_eq!(event(&r, "ABA")[0].code.source, LabelSource::Niem);
    assert_eq!(event(&r, "ABA")[0].code.label.as_deref(), Some("RECEIVED, FEE WAIVED"));
    assert_eq!(EN.code_label(&event(&r, "ZZZ9")[0].code), "Unknown code");
    assert_eq!(r.other_fields.len(), 1);
    assert_eq!(EN.field(&r.other_fields[0].key), "brandNewField");
    assert_eq!(r.other_fields[0].value, Shown::Text("{\"x\":1}".into()));
    assert!(r.problems.iter().any(|p| EN.problem(p).contains("not a date")));
    assert!(EN.prefix_warning(r.prefix_unreliable.as_deref().unwrap()).contains("EAC"));
}

#[test]
fn at_a_glance_stage_comes_with_its_evidence() {
    let r = report_for("i485-pending", 0);
    assert_eq!(r.glance.stage, Stage::UnderReview);
    assert!(EN
        .stage_evidence(r.glance.stage_evidence.as_ref().unwrap())
        .contains("Case Is Being Actively Reviewed By USCIS"));
    assert_eq!(r.glance.stage_source.as_ref().unwrap().path.as_ref(), "$.data.statusTitle");
    // Filed 2025-10-21, read 2026-11-26.
    assert_eq!(r.glance.days_since_filing, Some(401));
    // Newest USCIS action: the FTA0 event of 2026-01-12.
    assert_eq!(r.glance.days_since_last_action, Some(318));
    // updatedAt 2026-04-28 is months after the newest event or status.
    assert!(EN.silent_update(r.glance.silent_update.as_ref().unwrap()).contains("Apr 28, 2026"));
    assert_eq!(r.glance.prefix_reliable, Some(true));

    assert_eq!(report_for("i765-card-mailed", 0).glance.stage, Stage::CardProduction);
    assert!(
        report_for("i765-card-mailed", 0).glance.silent_update.is_none(),
        "updated the day after the last event: not a day later than its timestamp"
    );
    let ika = report_for("i131-evidence-requested", 0);
    assert_eq!(ika.glance.stage, Stage::EvidenceRequested);
    assert!(EN.stage_evidence(ika.glance.stage_evidence.as_ref().unwrap()).contains("IKA"));
    assert_eq!(real("cases-i485-published.json").glance.stage, Stage::UnderReview);
    let published = real("cases-i485-published.json");
    assert!(EN.stage_evidence(published.glance.stage_evidence.as_ref().unwrap()).contains("event code FTA0"));
    assert_eq!(real("cases-i821d-abridged-unwrapped.json").glance.stage, Stage::UnderReview);
}

#[test]
fn a_generated_approval_document_names_the_decision_before_any_code() {
    let case = serde_json::json!({"data": {"receiptNumber": "IOE0912345678", "events": [
        {"eventCode": "FTA0", "eventTimestamp": "2026-05-01T10:00:00.000Z"}
    ]}});
    let docs = serde_json::json!({"data": [
        {"type": "I-765 C09 Standalone Approval", "createDate": "2026-05-20T14:31:15.004+0000", "sourceType": "USCIS Generated"}
    ]});
    let r = decode(
        &bodies_of(&[(Endpoint::Case, &case), (Endpoint::Documents, &docs)]),
        &Ctx { now_ms: NOW, zone: &Fixed(0) },
    );
    assert_eq!(r.glance.stage, Stage::Approved);
    assert!(EN.stage_evidence(r.glance.stage_evidence.as_ref().unwrap()).contains("Standalone Approval"));
    assert_eq!(r.glance.stage_source.as_ref().unwrap().endpoint, Endpoint::Documents);
}

#[test]
fn the_timeline_merges_everything_newest_first_with_upcoming_appointments() {
    let r = report_for("i485-pending", 0);
    let kinds: std::collections::BTreeSet<_> = r.timeline.iter().map(|e| e.kind()).collect();
    assert_eq!(
        kinds,
        [EntryKind::Event, EntryKind::Status, EntryKind::Appointment, EntryKind::Document].into_iter().collect()
    );
    let times: Vec<i64> = r.timeline.iter().filter_map(|e| e.when().map(|w| w.sort_ms())).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    // 4 events after folding + 3 statuses + 1 appointment + 3 documents.
    assert_eq!(r.timeline.len(), 11);

    let case = serde_json::json!({"data": {"notices": [
        {"actionType": "Appointment Scheduled", "appointmentDateTime": "2027-01-15T14:00:00.000Z", "generationDate": "2026-11-20T04:00:00.000Z"}
    ], "events": [{"eventCode": "IAF", "eventTimestamp": "2026-10-01T00:00:00.000Z"}]}});
    let r = decode(&bodies_of(&[(Endpoint::Case, &case)]), &Ctx { now_ms: NOW, zone: &Fixed(0) });
    assert_eq!(r.timeline[0].kind(), EntryKind::Appointment);
    assert!(r.timeline[0].upcoming());
    let when = EN.maybe_date(r.timeline[0].date());
    assert!(when.contains("in 50 days"), "{when}");
    assert!(r.flags.contains(&Flag::UpcomingAppointment));
    assert!(EN.flag(Flag::UpcomingAppointment).contains("upcoming appointment"));
}

/// The first frame shows `decode_summary`; the next one `decode`. Nothing the
/// first frame showed may change when the rest arrives.
#[test]
fn the_first_frame_summary_is_the_full_reports_summary() {
    let mut cases = 0;
    for dir in fs::read_dir(fixtures()).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()) {
        let mut bodies = Bodies::default();
        for e in Endpoint::ALL {
            let f = dir.join(format!("{}.json", e.key()));
            if f.exists() {
                bodies.set(e, read(&f));
            }
        }
        if bodies.get(Endpoint::Case).is_none() {
            continue; // real/: single published samples, decoded below
        }
        cases += 1;
        let ctx = Ctx { now_ms: NOW, zone: &Fixed(-300) };
        let (full, first) = (decode(&bodies, &ctx), decode_summary(&bodies, &ctx));
        assert!(!full.events.is_empty() && !full.timeline.is_empty(), "{}", dir.display());
        assert!(first.events.is_empty() && first.timeline.is_empty(), "{}", dir.display());
        let shown = |r: &Report| {
            (
                (r.receipt.clone(), r.receipt_office.clone(), r.prefix_unreliable.clone()),
                (r.form_type.clone(), r.form_title.clone(), r.status_title.clone(), r.status_text.clone()),
                (r.status_title_es.clone(), r.status_text_es.clone(), r.current_code.clone()),
                (r.filed.clone(), r.last_updated.clone(), r.office.clone(), r.flags.clone(), r.sources.clone()),
            )
        };
        assert_eq!(shown(&first), shown(&full), "{}", dir.display());
    }
    assert!(cases >= 3, "found {cases} cases");
}

#[test]
fn every_summary_value_remembers_its_source() {
    let r = report_for("i485-pending", 0);
    for (field, endpoint, path) in [
        ("status", Endpoint::Status, "$.data.statusTitle"),
        ("office", Endpoint::Status, "$.data.jurisdictionDescription"),
        ("filed", Endpoint::Case, "$.data.submissionDate"),
        ("updated", Endpoint::Case, "$.data.updatedAtTimestamp"),
        ("form_title", Endpoint::Case, "$.data.formName"),
    ] {
        let s = &r.sources[field];
        assert_eq!((s.endpoint, &*s.path), (endpoint, path), "{field}");
    }
    assert!(r.timeline.iter().all(|e| e.source().path.starts_with("$.data")));
}

#[test]
fn an_update_explained_by_what_uscis_recorded_that_day_is_named_not_called_silent() {
    let r = report_for("i130-recorded-later", 0);
    let s = r.glance.silent_update.as_ref().unwrap();
    assert_eq!(
        s.explained_by,
        [casescope::decode::Recorded::Event {
            code: "FTA0".into(),
            dated: Some(casescope::dates::parse("2026-08-14").unwrap().local(NOW, &Fixed(0)))
        }]
    );
    assert_eq!(
        EN.silent_update(s),
        "The status has not changed since Aug 14, 2026. On Sep 30, 2026 USCIS recorded event FTA0, dated Aug 14, 2026."
    );
    // Recording it is something USCIS did: the last action is that day.
    assert_eq!(r.glance.days_since_last_action, Some(57));
    // The timeline shows both days for that event.
    let fta0 = r.timeline.iter().find(|e| e.code().is_some_and(|c| &*c.code == "FTA0") && e.kind() == EntryKind::Event);
    let recorded = fta0.unwrap().recorded().unwrap();
    assert_eq!((recorded.y, recorded.m, recorded.d), (2026, 9, 30));
    // Where nothing recorded that day explains it, it is a silent update.
    let i485 = report_for("i485-pending", 0);
    let s = i485.glance.silent_update.as_ref().unwrap();
    assert!(s.explained_by.is_empty());
    assert!(EN.silent_update(s).contains("nothing USCIS recorded that day explains it"), "{}", EN.silent_update(s));
}

#[test]
fn each_copy_of_a_reissued_event_keeps_its_own_recorded_day_and_backdating() {
    let r = report_for("i130-recorded-later", 0);
    let iaf = event(&r, "IAF");
    assert_eq!(iaf.len(), 1, "the two copies are one row");
    let row = iaf[0];
    assert_eq!(row.count, 2);
    let days: Vec<(u8, u8, bool)> =
        row.copies.iter().map(|c| c.recorded.map(|l| (l.m, l.d, c.backdated)).unwrap()).collect();
    assert_eq!(days, [(3, 2, false), (3, 7, true)], "only the copy recorded five days later is backdated");
    assert!(!row.backdated, "the row is not marked for its second copy");
    let entry = r.timeline.iter().find(|e| *e.source() == row.source).unwrap();
    assert_eq!(entry.copies().len(), 2);
}

#[test]
fn every_value_uscis_sent_is_reachable_exactly_as_sent() {
    let r = report_for("i130-recorded-later", 0);
    // Every value of an entry is read from its answer, at the entry's path.
    let answers: Vec<(Endpoint, Tree)> = Endpoint::ALL
        .into_iter()
        .map(|e| {
            let f = fixtures().join("i130-recorded-later").join(format!("{}.json", e.key()));
            (e, Tree::parse(&fs::read_to_string(f).unwrap()).unwrap())
        })
        .collect();
    let members = |e: &casescope::decode::TimelineEntry| {
        answers.iter().find(|(a, _)| *a == e.source().endpoint).unwrap().1.members(&e.source().path)
    };
    let notice = r.timeline.iter().find(|e| e.kind() == EntryKind::Appointment).unwrap();
    let letter = members(notice).into_iter().find(|f| f.key == "letterId").unwrap();
    assert_eq!(letter.value, "123456789012345678901", "21 digits, not a rounded number");
    assert_eq!(letter.path, "$.data.notices[0].letterId");
    let doc = r.timeline.iter().find(|e| e.kind() == EntryKind::Document).unwrap();
    let keys: Vec<String> = members(doc).into_iter().map(|f| f.key).collect();
    assert_eq!(keys, ["fileName", "contentId", "type", "createDate", "sourceType"]);
    let event = r.timeline.iter().find(|e| e.kind() == EntryKind::Event).unwrap();
    assert!(members(event).iter().any(|f| f.key == "eventId" && f.value == "c1d2e3f4-0a1b-4c2d-8e3f-4a5b6c7d8e9f"));
    // And in `casescope decode` (the full text).
    let text = casescope::export::full_text(&r, Lang::En, &answers);
    assert!(text.contains("    letterId: 123456789012345678901 (cases $.data.notices[0].letterId)"), "{text}");
    assert!(text.contains("  Copy 2 of 2 \u{2013} recorded Mar 7, 2026, 10:00 AM (backdated copy)"), "{text}");
}

#[test]
fn status_text_keeps_words_not_code() {
    let r = report_for("i130-recorded-later", 0);
    let t = r.status_text.as_deref().unwrap();
    for hidden in ["reviewer", "do not show", "color", "internal"] {
        assert!(!t.contains(hidden), "{hidden:?} in {t:?}");
    }
    assert!(t.contains("go to www.uscis.gov/addresschange to give us"), "{t}");
}

#[test]
fn receipt_info_in_its_other_shape_reads_too() {
    for zone in [0, -480, 330] {
        let r = report_for("i130-recorded-later", zone);
        let date = detail(&r, "receipt_date");
        assert!(EN.shown("receipt_date", &date.value).starts_with("Mar 2, 2026 ("), "zone {zone}");
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }
    let r = report_for("i130-recorded-later", 0);
    assert_eq!(EN.shown("milnatz", &detail(&r, "milnatz").value), "No");
    assert_eq!(EN.shown("premproc", &detail(&r, "premproc").value), "No");
    assert_eq!(EN.shown("onpt", &detail(&r, "onpt").value), "Set (1)");
    assert_eq!(detail(&r, "onpt").note, Some(Note::Opaque), "its meaning is not known, and it says so");
}

#[test]
fn the_stage_line_marks_a_step_reached_only_with_its_evidence() {
    let line = |r: &Report| -> Vec<(Stage, bool, bool)> {
        r.glance.steps.iter().map(|s| (s.stage, s.evidence.is_some(), s.current)).collect()
    };
    let i485 = report_for("i485-pending", 0);
    assert_eq!(
        line(&i485),
        [
            (Stage::Received, true, false),
            (Stage::Biometrics, true, false),
            (Stage::UnderReview, true, true),
            (Stage::Interview, false, false),
            (Stage::Approved, false, false),
            (Stage::CardProduction, false, false),
        ]
    );
    let i765 = report_for("i765-card-mailed", 0);
    assert_eq!(
        line(&i765),
        [
            (Stage::Received, true, false),
            (Stage::Biometrics, false, false),
            (Stage::UnderReview, true, false),
            (Stage::Approved, true, false),
            (Stage::CardProduction, true, true),
        ],
        "no biometrics code or status in this case: not known, not assumed"
    );
    // Every reached step says what shows it, in words.
    for s in i765.glance.steps.iter().filter(|s| s.evidence.is_some()) {
        assert!(EN.step_text(s, Some("I-765")).contains(": reached, shown by "));
    }
    let unknown = &i765.glance.steps[1];
    assert_eq!(EN.step_text(unknown, Some("I-765")), "Biometrics: not known from what USCIS sent");
    // A request for evidence appears as a step only when USCIS sent one.
    let i131 = report_for("i131-evidence-requested", 0);
    assert!(i131.glance.steps.iter().any(|s| s.stage == Stage::EvidenceRequested && s.current));
    assert!(!i485.glance.steps.iter().any(|s| s.stage == Stage::EvidenceRequested));
    // The form's own steps: a naturalization ends with the oath.
    assert_eq!(casescope::decode::steps_of(Some("N-400")).last(), Some(&Stage::Oath));
    assert_eq!(casescope::decode::steps_of(Some("I-765")).last(), Some(&Stage::CardProduction));
}

#[test]
fn a_code_learned_from_another_case_words_every_event_with_it_and_its_timeline_lines() {
    // Three FTA1 events (a code no table of this case words) and one IAF.
    let mut v: Value =
        serde_json::from_str(&fs::read_to_string(fixtures().join("i485-pending/cases.json")).unwrap()).unwrap();
    let one = v["data"]["events"][0].clone();
    let events: Vec<Value> = ["FTA1", "FTA1", "IAF", "FTA1"]
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let mut e = one.clone();
            e["eventCode"] = (*code).into();
            e["eventId"] = format!("e{i}").into();
            e["eventTimestamp"] = format!("2026-0{}-10T10:00:00Z", 5 - i).into();
            e
        })
        .collect();
    v["data"]["events"] = events.into();
    let mut r = decode(&bodies_of(&[(Endpoint::Case, &v)]), &Ctx { now_ms: NOW, zone: &Fixed(0) });
    let learned = casescope::decode::LearnedCode {
        code: "FTA1".into(),
        title: "Interview Was Scheduled".into(),
        title_es: Some("Se programó la entrevista".into()),
        receipt: "IOE•••••••321".into(),
    };
    r.learn(&[learned]);
    let rows = event(&r, "FTA1");
    assert_eq!(rows.len(), 3);
    for row in &rows {
        assert_eq!(row.code.label.as_deref(), Some("Interview Was Scheduled"));
        assert!(Rc::ptr_eq(&rows[0].code, &row.code), "one label for the code, shared");
    }
    assert_ne!(event(&r, "IAF")[0].code.label.as_deref(), Some("Interview Was Scheduled"));
    let lines: Vec<_> = r.timeline.iter().filter(|e| e.code().is_some_and(|c| &*c.code == "FTA1")).collect();
    assert_eq!(lines.len(), 3);
    for l in lines {
        assert_eq!(l.title().map(|t| &**t), Some("Interview Was Scheduled"));
        assert_eq!(l.title_es().map(|t| &**t), Some("Se programó la entrevista"));
    }
}

/// Three readings of peers' shapes (issue 29, part 6): a flag as sent,
/// receipt_info's location named when the offices table has it, and
/// answers for another receipt never merged into the case silently.
#[test]
fn what_differs_in_the_answers_is_read_as_sent() {
    let dir = fixtures().join("i765-card-mailed");
    let mut bodies = Bodies::default();
    bodies.set(Endpoint::Case, read(&dir.join("cases.json")));
    // tpm2dot0's test data (API-NOTES): flags as numbers; another tool's as letters.
    let info = r#"{"data": {"receipt_details": {"form": "I-765", "location": "SCD", "onpt": "N", "milnatz": 0,
        "premproc": "Y", "receipt_number": "IOE0887654321"}}}"#;
    bodies.set(Endpoint::ReceiptInfo, std::rc::Rc::new(Tree::parse(info).unwrap()));
    let r = decode(&bodies, &Ctx { now_ms: NOW, zone: &Fixed(0) });
    assert_eq!(detail(&r, "onpt").value, Shown::Text("N".into()), "N, not \"Not set (0)\"");
    assert_eq!(EN.shown("onpt", &detail(&r, "onpt").value), "N");
    assert_eq!(detail(&r, "premproc").value, Shown::Text("Y".into()));
    assert_eq!(EN.shown("milnatz", &detail(&r, "milnatz").value), "No");
    assert!(EN.note(detail(&r, "location").note.as_ref().unwrap()).contains("not known"), "SCD is in no table");

    // An answer for another receipt: said, and none of its values read in.
    let status = std::fs::read_to_string(fixtures().join("i485-pending/case_status.json")).unwrap();
    bodies.set(Endpoint::Status, std::rc::Rc::new(Tree::parse(&status).unwrap()));
    let r = decode(&bodies, &Ctx { now_ms: NOW, zone: &Fixed(0) });
    assert_eq!(r.receipt.as_deref(), Some("IOE0887654321"));
    assert_eq!(r.status_title, None, "the I-485's status is not this I-765's");
    assert_eq!(r.problems, [Problem::OtherReceipt { endpoint: Endpoint::Status, receipt: "IOE0912345678".into() }]);
    assert_eq!(
        EN.problem(&r.problems[0]),
        "The status answer is for another receipt number, IOE0912345678: it is shown as sent, but not read as this case's."
    );
}
