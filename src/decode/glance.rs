//! "At a glance": the stage a case has reached and what put it there, how
//! long since filing and since USCIS last did something, a "silent update"
//! warning, and whether the receipt prefix is one the endpoints serve well.
//!
//! The stage is only ever claimed with its evidence (a status title, a code,
//! a document type); with no evidence it is "Unknown".

use serde::Serialize;

use super::{Ctx, LabelSource, Report, Source};
use crate::dates::{Local, When};
use crate::receipt::ReceiptNumber;

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    #[default]
    Unknown,
    Received,
    Biometrics,
    UnderReview,
    Interview,
    EvidenceRequested,
    Approved,
    Denied,
    CardProduction,
    /// Naturalization: the oath ceremony.
    Oath,
    Closed,
}

impl Stage {
    fn is_decision(self) -> bool {
        matches!(self, Stage::Approved | Stage::Denied | Stage::CardProduction | Stage::Oath)
    }
}

/// What put the case in its stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StageEvidence {
    /// USCIS's current status (title and code, either may be missing).
    Current { title: Option<String>, code: Option<String> },
    /// A status in the history, on a day.
    History { title: Option<String>, day: Option<Local> },
    /// An event code, on a day.
    Event { code: String, day: Option<Local> },
    /// A document's type, from a day.
    Document { title: String, day: Option<Local> },
    /// The case record says closed, and nothing else says more.
    ClosedRecord,
    /// The filing date (for the first step).
    Filed { day: Local },
}

/// The last thing USCIS did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "what", rename_all = "snake_case")]
pub enum LastAction {
    /// An event, by code.
    Event(String),
    /// A status, by title.
    Status(Option<String>),
    /// A document USCIS made, by type.
    Document(Option<String>),
}

/// Something USCIS recorded on a given day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Recorded {
    /// An event, and the day it is dated (often earlier).
    Event {
        code: String,
        dated: Option<Local>,
    },
    Document {
        title: Option<String>,
    },
    Notice {
        action: Option<String>,
    },
}

/// The case record moved a day or more past its newest event or status.
/// People call it a "silent update" when nothing explains it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SilentUpdate {
    pub updated: Local,
    /// The newest date an event or status is about.
    pub newest: Local,
    /// Since when the status has been what it is, where known.
    pub status_since: Option<Local>,
    /// What USCIS recorded on the day of the update (the update's likely
    /// reason); empty when nothing recorded that day explains it.
    pub explained_by: Vec<Recorded>,
}

/// One step of the stage line: a stage this form goes through, reached only
/// with the code, status or document that shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// The step (for the decision: approved or denied once known).
    pub stage: Stage,
    /// What shows the step was reached; `None`: not known (never predicted).
    pub evidence: Option<StageEvidence>,
    pub source: Option<Source>,
    /// The step the case is at.
    pub current: bool,
}

/// The steps of a form, in order: filed, then what this form goes through,
/// up to the decision and what follows it (a card, the oath).
pub fn steps_of(form: Option<&str>) -> &'static [Stage] {
    use Stage::*;
    match form.map(|f| f.trim().to_ascii_uppercase()).as_deref() {
        Some("I-485") => &[Received, Biometrics, UnderReview, Interview, Approved, CardProduction],
        Some("N-400") => &[Received, Biometrics, UnderReview, Interview, Approved, Oath],
        Some("I-765" | "I-90" | "I-821D") => &[Received, Biometrics, UnderReview, Approved, CardProduction],
        Some("I-131") => &[Received, Biometrics, UnderReview, Approved, CardProduction],
        Some("I-751" | "I-829") => &[Received, Biometrics, UnderReview, Interview, Approved, CardProduction],
        _ => &[Received, UnderReview, Approved],
    }
}

/// The at-a-glance facts.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Glance {
    pub stage: Stage,
    /// What put the case in this stage.
    pub stage_evidence: Option<StageEvidence>,
    pub stage_source: Option<Source>,
    pub days_since_filing: Option<i64>,
    pub days_since_last_action: Option<i64>,
    pub last_action: Option<LastAction>,
    /// Set when the record changed at least a day after its newest event or status.
    pub silent_update: Option<SilentUpdate>,
    /// `Some(false)` for prefixes other than IOE.
    pub prefix_reliable: Option<bool>,
    /// The stage line: this form's steps, each reached or not known.
    pub steps: Vec<Step>,
    /// Since when the status has been what it is (`currentActionCodeDate`).
    pub status_since: Option<Local>,
}

/// The stage a USCIS status title names, if any (matched without case).
pub fn stage_of_title(title: &str) -> Option<Stage> {
    let t = title.to_ascii_lowercase();
    let has = |w: &str| t.contains(w);
    Some(if has("denied") || has("terminated") || has("rejected") || has("revoked") {
        Stage::Denied
    } else if has("card") && (has("mailed") || has("produced") || has("picked up") || has("delivered"))
        || has("document was mailed")
        || has("document was produced")
    {
        Stage::CardProduction
    } else if has("oath") {
        Stage::Oath
    } else if has("approved") {
        Stage::Approved
    } else if has("response") {
        Stage::UnderReview
    } else if has("evidence") && (has("request") || has("sent")) {
        Stage::EvidenceRequested
    } else if has("interview") {
        Stage::Interview
    } else if has("biometric") || has("fingerprint") {
        Stage::Biometrics
    } else if has("review") {
        Stage::UnderReview
    } else if has("received") || has("accepted") {
        Stage::Received
    } else if has("closed") || has("withdrawal") {
        Stage::Closed
    } else {
        return None;
    })
}

/// The stage a code names, only where the evidence is "observed" or official;
/// disputed codes (IMAG, H008) decide nothing.
pub fn stage_of_code(code: &str) -> Option<Stage> {
    Some(match code {
        "IAF" | "RCV0" => Stage::Received,
        "FTA0" | "HA" => Stage::UnderReview,
        "IKA" => Stage::EvidenceRequested,
        "SA" | "DA" => Stage::Approved,
        "LDA" | "LEE" | "LED" => Stage::CardProduction,
        "H016" => Stage::Denied,
        _ => return None,
    })
}

/// The stage a document type names (`I-765 C09 Standalone Approval`).
pub fn stage_of_document(kind: &str) -> Option<Stage> {
    let k = kind.to_ascii_lowercase();
    Some(if k.contains("denial") {
        Stage::Denied
    } else if k.contains("approval") {
        Stage::Approved
    } else if k.contains("request for") && k.contains("evidence") {
        Stage::EvidenceRequested
    } else if k.contains("interview") {
        Stage::Interview
    } else if k.contains("biometric") {
        Stage::Biometrics
    } else {
        return None;
    })
}

struct Signal {
    stage: Stage,
    /// From the current status (not history, events or documents).
    current: bool,
    at: i64,
    evidence: StageEvidence,
    source: Option<Source>,
}

fn signals(r: &Report, ctx: &Ctx) -> Vec<Signal> {
    let day = |w: &Option<When>| w.map(|w| w.local(ctx.now_ms, ctx.zone));
    let mut out = Vec::new();
    let current_code = r.current_code.as_ref().map(|c| &*c.code);
    let current = r.status_title.as_deref().and_then(stage_of_title).or_else(|| current_code.and_then(stage_of_code));
    if let Some(stage) = current {
        out.push(Signal {
            stage,
            current: true,
            at: r.current_since.map(|w| w.sort_ms()).unwrap_or(i64::MAX - 1),
            evidence: StageEvidence::Current { title: r.status_title.clone(), code: current_code.map(str::to_string) },
            source: r.sources.get("status").or(r.sources.get("code")).cloned(),
        });
    }
    for h in &r.history {
        let by_title = h.title.as_deref().and_then(stage_of_title);
        if let Some(stage) = by_title.or_else(|| h.code.as_deref().and_then(stage_of_code)) {
            out.push(Signal {
                stage,
                current: false,
                at: h.when.map(|w| w.sort_ms()).unwrap_or(i64::MIN),
                evidence: StageEvidence::History { title: h.title.clone(), day: day(&h.when) },
                source: Some(h.source.clone()),
            });
        }
    }
    // Events with one code share its label: its stage is read once a run.
    let mut last: Option<(*const super::CodeLabel, Option<Stage>)> = None;
    for e in &r.events {
        let stage = match last {
            Some((code, stage)) if std::ptr::eq(code, &*e.code) => stage,
            _ => {
                let by_title = match (&e.code.source, &e.code.label) {
                    (LabelSource::CaseStatus, Some(l)) => stage_of_title(l),
                    _ => None,
                };
                let stage = by_title.or_else(|| stage_of_code(&e.code.code));
                last = Some((&*e.code, stage));
                stage
            }
        };
        if let Some(stage) = stage {
            out.push(Signal {
                stage,
                current: false,
                at: e.when.map(|w| w.sort_ms()).unwrap_or(i64::MIN),
                evidence: StageEvidence::Event { code: e.code.code.to_string(), day: day(&e.when) },
                source: Some(e.source.clone()),
            });
        }
    }
    for d in &r.documents {
        let Some(title) = &d.title else { continue };
        if let Some(stage) = stage_of_document(title) {
            out.push(Signal {
                stage,
                current: false,
                at: d.when.map(|w| w.sort_ms()).unwrap_or(i64::MIN),
                evidence: StageEvidence::Document { title: title.clone(), day: day(&d.when) },
                source: Some(d.source.clone()),
            });
        }
    }
    out
}

/// The form's steps, each with the newest evidence that it was reached. The
/// decision step is approved or denied as the evidence says; a request for
/// evidence is shown before the decision only when USCIS sent one.
fn stage_line(r: &Report, sigs: &[Signal], current: Stage, ctx: &Ctx) -> Vec<Step> {
    let mut stages: Vec<Stage> = steps_of(r.form_type.as_deref()).to_vec();
    if sigs.iter().any(|s| s.stage == Stage::EvidenceRequested) {
        let at = stages.iter().position(|s| *s == Stage::Approved).unwrap_or(stages.len());
        stages.insert(at, Stage::EvidenceRequested);
    }
    let best = |wanted: &[Stage]| {
        // USCIS's current status first, then the newest other evidence.
        let of = sigs.iter().filter(|s| wanted.contains(&s.stage));
        of.clone().find(|s| s.current).or_else(|| of.max_by_key(|s| s.at))
    };
    stages
        .into_iter()
        .map(|stage| {
            let wanted = if stage == Stage::Approved { vec![Stage::Approved, Stage::Denied] } else { vec![stage] };
            let found = best(&wanted);
            let (stage, evidence, source) = match found {
                Some(s) => {
                    (if stage == Stage::Approved { s.stage } else { stage }, Some(s.evidence.clone()), s.source.clone())
                }
                // Filed: the filing date itself shows it.
                None if stage == Stage::Received => match r.filed.as_ref().and_then(|d| d.when) {
                    Some(w) => (
                        stage,
                        Some(StageEvidence::Filed { day: w.local(ctx.now_ms, ctx.zone) }),
                        r.sources.get("filed").cloned(),
                    ),
                    None => (stage, None, None),
                },
                None => (stage, None, None),
            };
            let is_current = stage == current || (stage == Stage::Approved && current == Stage::Denied);
            Step { stage, evidence, source, current: is_current }
        })
        .collect()
}

pub fn build(r: &Report, ctx: &Ctx) -> Glance {
    let sigs = signals(r, ctx);
    // The latest signal, unless a decision exists: then the latest decision.
    let pick =
        |only_decisions: bool| sigs.iter().filter(|s| !only_decisions || s.stage.is_decision()).max_by_key(|s| s.at);
    let mut chosen = pick(true).or_else(|| pick(false));
    // Among signals naming the same stage, USCIS's current status is the best evidence.
    if let Some(current) = sigs.iter().find(|s| s.current) {
        if chosen.is_some_and(|c| c.stage == current.stage) {
            chosen = Some(current);
        }
    }
    let (stage, evidence, source) = match chosen {
        Some(s) => (s.stage, Some(s.evidence.clone()), s.source.clone()),
        None if r.closed => (Stage::Closed, Some(StageEvidence::ClosedRecord), None),
        None => (Stage::Unknown, None, None),
    };
    let days = |w: When| w.days_before(ctx.now_ms, ctx.zone);
    let steps = stage_line(r, &sigs, stage, ctx);

    // The last thing USCIS did: newest event, status or USCIS-generated document, not in the future.
    let mut actions: Vec<(When, LastAction)> = Vec::new();
    let past = |w: &When| w.sort_ms() <= ctx.now_ms;
    // An event counts on the day it is dated and on each day USCIS recorded
    // a copy of it: recording it is something USCIS did. Only the newest
    // event is a candidate (a long case has thousands).
    let newest_event = r
        .events
        .iter()
        .filter_map(|e| {
            let days = e.when.into_iter().chain(e.copies.iter().filter_map(|c| c.recorded_when));
            days.max_by_key(|w| w.sort_ms()).map(|w| (w, e))
        })
        .filter(|(w, _)| past(w))
        .max_by_key(|(w, _)| w.sort_ms());
    if let Some((w, e)) = newest_event {
        actions.push((w, LastAction::Event(e.code.code.to_string())));
    }
    actions.extend(r.history.iter().filter_map(|h| h.when.map(|w| (w, LastAction::Status(h.title.clone())))));
    if let (Some(w), Some(t)) = (r.current_since, &r.status_title) {
        actions.push((w, LastAction::Status(Some(t.clone()))));
    }
    actions.extend(
        r.documents
            .iter()
            .filter(|d| d.from.as_deref() != Some("Applicant Provided"))
            .filter_map(|d| d.when.map(|w| (w, LastAction::Document(d.title.clone())))),
    );
    let last = actions.into_iter().filter(|(w, _)| past(w)).max_by_key(|(w, _)| w.sort_ms());

    // Silent update: the record moved a day or more past its newest event or status.
    let newest_activity = r
        .events
        .iter()
        .filter_map(|e| e.when)
        .chain(r.history.iter().filter_map(|h| h.when))
        .chain(r.current_since)
        .max_by_key(|w| w.sort_ms());
    let updated = r.last_updated.as_ref().and_then(|d| d.when);
    let silent_update = match (updated, newest_activity) {
        (Some(u), Some(n)) if u.sort_ms() - n.sort_ms() >= 86_400_000 => {
            let local = |w: When| w.local(ctx.now_ms, ctx.zone);
            let day = |w: When| {
                let l = local(w);
                (l.y, l.m, l.d)
            };
            let that_day = |w: Option<When>| w.is_some_and(|w| day(w) == day(u));
            // What USCIS recorded that day, whatever day it is about.
            let mut explained_by: Vec<Recorded> = r
                .events
                .iter()
                .flat_map(|e| e.copies.iter().map(move |c| (e, c)))
                .filter(|(_, c)| c.recorded.is_some_and(|l| (l.y, l.m, l.d) == day(u)))
                .map(|(e, _)| Recorded::Event { code: e.code.code.to_string(), dated: e.when.map(local) })
                .collect();
            explained_by.dedup();
            explained_by.extend(
                r.documents.iter().filter(|d| that_day(d.when)).map(|d| Recorded::Document { title: d.title.clone() }),
            );
            explained_by.extend(
                r.notices
                    .iter()
                    .filter(|n| that_day(n.generated.as_ref().and_then(|g| g.when)))
                    .map(|n| Recorded::Notice { action: n.action.clone() }),
            );
            let status_since = r.current_since.or(r.history.iter().filter_map(|h| h.when).max_by_key(|w| w.sort_ms()));
            Some(SilentUpdate {
                updated: local(u),
                newest: local(n),
                status_since: status_since.map(local),
                explained_by,
            })
        }
        _ => None,
    };

    Glance {
        stage,
        stage_evidence: evidence,
        stage_source: source,
        days_since_filing: r.filed.as_ref().and_then(|d| d.when).map(days),
        days_since_last_action: last.as_ref().map(|(w, _)| days(*w)),
        last_action: last.map(|(_, what)| what),
        silent_update,
        steps,
        status_since: r.current_since.map(|w| w.local(ctx.now_ms, ctx.zone)),
        prefix_reliable: r
            .receipt
            .as_deref()
            .and_then(|s| ReceiptNumber::parse(s).ok())
            .map(|rn| rn.is_reliably_served()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_codes_and_documents_name_stages() {
        assert_eq!(stage_of_title("Case Was Approved"), Some(Stage::Approved));
        assert_eq!(
            stage_of_title("Card Was Picked Up By The United States Postal Service"),
            Some(Stage::CardProduction)
        );
        assert_eq!(stage_of_title("New Card Is Being Produced"), Some(Stage::CardProduction));
        assert_eq!(stage_of_title("Your Case Was Terminated (Denial)"), Some(Stage::Denied));
        assert_eq!(stage_of_title("Request for Initial Evidence Was Sent"), Some(Stage::EvidenceRequested));
        assert_eq!(stage_of_title("Response To USCIS' Request For Evidence Was Received"), Some(Stage::UnderReview));
        assert_eq!(stage_of_title("Interview Was Scheduled"), Some(Stage::Interview));
        assert_eq!(stage_of_title("Biometrics Appointment Was Scheduled"), Some(Stage::Biometrics));
        assert_eq!(stage_of_title("Case Is Being Actively Reviewed By USCIS"), Some(Stage::UnderReview));
        assert_eq!(stage_of_title("Case Was Received"), Some(Stage::Received));
        assert_eq!(stage_of_title("Something New"), None);
        assert_eq!(stage_of_code("IMAG"), None, "disputed codes decide nothing");
        assert_eq!(stage_of_code("H008"), None);
        assert_eq!(stage_of_document("I-765 C09 Standalone Approval"), Some(Stage::Approved));
        assert_eq!(stage_of_document("Appointment Scheduled"), None);
    }
}
