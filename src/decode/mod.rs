//! Raw endpoint bodies -> a [`Report`] a person can read.
//!
//! Pure: no browser, no clock, no time zone of its own (the caller passes
//! `now` and a [`Zone`]). Tolerant: any field may be missing, null or of
//! another type; nothing panics and nothing USCIS sent is dropped (fields this
//! module does not know go to "Other fields USCIS sent"). Every decoded value
//! remembers the endpoint and JSON path it came from.

use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashMap;

use crate::codes::{self, Evidence};
use crate::dates::{self, When, Zone};
use crate::endpoints::Endpoint;
use crate::jsonpath::{self, unwrap_data};
use crate::receipt::ReceiptNumber;
use crate::text::html_to_text;

mod glance;
mod timeline;

pub use glance::{Glance, Stage};
pub use timeline::{EntryKind, TimelineEntry};

/// Where a decoded value came from: endpoint and JSON path (`$.data.formType`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub endpoint: Endpoint,
    pub path: String,
}

/// Where a code's label came from, in resolution order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LabelSource {
    /// USCIS's own status title paired with this code for this case.
    CaseStatus,
    /// `observed-codes.csv`, with its evidence level.
    Observed { evidence: Evidence },
    /// The NIEM table: USCIS's internal description.
    Niem,
    /// Nothing known.
    Unknown,
}

impl LabelSource {
    /// Words shown next to the label.
    pub fn describe(&self) -> String {
        match self {
            LabelSource::CaseStatus => "USCIS's own words for this case".into(),
            LabelSource::Observed { evidence } => {
                format!("community table, {}", evidence.describe())
            }
            LabelSource::Niem => "USCIS internal description (NIEM)".into(),
            LabelSource::Unknown => "not in any table".into(),
        }
    }
}

/// A history action code with its best label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeLabel {
    pub code: String,
    /// `None` for an unknown code: shown as "Unknown code".
    pub label: Option<String>,
    pub source: LabelSource,
}

impl CodeLabel {
    /// "Unknown code" beats a guess.
    pub fn text(&self) -> String {
        match &self.label {
            Some(l) => format!("{l} ({})", self.source.describe()),
            None => "Unknown code".into(),
        }
    }
}

/// One labelled value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub label: String,
    pub value: String,
    /// Extra words: a warning, the raw value behind a formatted one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub source: Source,
}

/// An event from `events[]`, with duplicates folded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    pub code: CodeLabel,
    pub when: Option<When>,
    pub when_text: String,
    /// How many re-issued copies were folded into this one (1 = no copies).
    pub count: u32,
    /// `eventDateTime` lies more than a day before `createdAt`.
    pub backdated: bool,
    pub created_text: Option<String>,
    pub source: Source,
}

/// A status from `historicalCaseStatuses[]` or the current one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusRow {
    pub code: Option<String>,
    pub title: String,
    pub title_es: Option<String>,
    pub when: Option<When>,
    pub when_text: String,
    pub source: Source,
}

/// A notice (appointment letters).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoticeRow {
    pub action: String,
    /// The appointment time, or else the notice's generation time.
    pub when: Option<When>,
    pub appointment: Option<String>,
    pub appointment_upcoming: bool,
    pub generated: Option<String>,
    pub letter_id: Option<String>,
    pub source: Source,
}

/// A document from the documents endpoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRow {
    pub title: String,
    pub when: Option<When>,
    pub created: Option<String>,
    pub from: Option<String>,
    pub file_name: Option<String>,
    pub source: Source,
}

/// The decoded case.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Report {
    pub receipt: Option<String>,
    /// What the receipt prefix names.
    pub receipt_office: Option<String>,
    /// Warning when the prefix is not one the endpoints serve reliably.
    pub prefix_warning: Option<String>,
    pub form_type: Option<String>,
    pub form_title: Option<String>,
    pub status_title: Option<String>,
    pub status_text: Option<String>,
    pub status_title_es: Option<String>,
    pub status_text_es: Option<String>,
    pub current_code: Option<CodeLabel>,
    pub filed: Option<String>,
    pub last_updated: Option<String>,
    pub office: Option<String>,
    /// Plain statements that matter: action required, closed, premium...
    pub flags: Vec<String>,
    /// Every known field, labelled, per endpoint.
    pub details: Vec<Row>,
    pub events: Vec<EventRow>,
    pub history: Vec<StatusRow>,
    pub notices: Vec<NoticeRow>,
    pub documents: Vec<DocumentRow>,
    /// Fields USCIS sent that this version does not know: never dropped.
    pub other_fields: Vec<Row>,
    /// Values that could not be read as expected (a date that is not a date).
    pub problems: Vec<String>,
    /// Where each summary value came from (`"status"` -> `$.data.statusTitle`).
    pub sources: std::collections::BTreeMap<String, Source>,
    /// Stage, ages and warnings: what an applicant looks for first.
    pub glance: Glance,
    /// Events, statuses, appointments and documents in one list, newest first.
    pub timeline: Vec<TimelineEntry>,
    /// Parsed summary dates, for the glance.
    #[serde(skip)]
    pub filed_when: Option<When>,
    #[serde(skip)]
    pub updated_when: Option<When>,
    #[serde(skip)]
    pub current_since: Option<When>,
    /// `closed` and `actionRequired` as sent.
    #[serde(skip)]
    pub closed: bool,
    #[serde(skip)]
    pub action_required: bool,
}

/// The parsed bodies handed to [`decode`]; any may be absent.
#[derive(Debug, Default, Clone)]
pub struct Bodies {
    pub case: Option<Value>,
    pub status: Option<Value>,
    pub receipt_info: Option<Value>,
    pub documents: Option<Value>,
}

impl Bodies {
    pub fn set(&mut self, e: Endpoint, v: Value) {
        match e {
            Endpoint::Case => self.case = Some(v),
            Endpoint::Status => self.status = Some(v),
            Endpoint::ReceiptInfo => self.receipt_info = Some(v),
            Endpoint::Documents => self.documents = Some(v),
        }
    }
}

/// The clock and zone a report is made for.
pub struct Ctx<'a> {
    pub now_ms: i64,
    pub zone: &'a dyn Zone,
}

/// How a known field is shown.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Date,
    /// What `true` and `false` mean for the case.
    Bool(&'static str, &'static str),
    Form,
    Office,
    Code,
    Html,
    Personal,
    /// Meaning not known: shown raw, said so.
    Opaque,
    /// Shown in its own section (events, notices, ...).
    Section,
    /// An array whose element shape is unknown: shown as JSON.
    List,
}

const CASE_FIELDS: &[(&str, &str, Kind)] = &[
    ("receiptNumber", "Receipt number", Kind::Text),
    ("formType", "Form", Kind::Form),
    ("formName", "Form title", Kind::Text),
    ("submissionDate", "Filed on", Kind::Date),
    ("submissionTimestamp", "Filing timestamp", Kind::Date),
    ("updatedAt", "Record last updated", Kind::Date),
    ("updatedAtTimestamp", "Record last updated at", Kind::Date),
    (
        "actionRequired",
        "Action required",
        Kind::Bool("Yes: USCIS is waiting for something from you", "No: USCIS is not waiting for anything from you"),
    ),
    ("closed", "Case closed", Kind::Bool("Yes: USCIS considers this case finished", "No: the case is open")),
    (
        "ackedByAdjudicatorAndCms",
        "Acknowledged by officer and case system",
        Kind::Bool("Yes (this is not an approval)", "Not yet"),
    ),
    (
        "cmsFailure",
        "Case-system failure",
        Kind::Bool("Yes: USCIS's case system reported a failure on this case", "None reported"),
    ),
    ("isPremiumProcessed", "Premium processing", Kind::Bool("Yes", "No")),
    ("elisChannelType", "How it was filed", Kind::Text),
    ("nonElisPaperFiled", "Paper filing outside ELIS", Kind::Bool("Yes", "No")),
    ("noticeMailingPrefIndicator", "Paper notices by mail", Kind::Bool("Requested", "Not requested")),
    ("docMailingPrefIndicator", "Paper documents by mail", Kind::Bool("Requested", "Not requested")),
    ("applicantName", "Applicant", Kind::Personal),
    ("representativeName", "Attorney or representative", Kind::Personal),
    ("areAllGroupStatusesComplete", "All cases in the group complete", Kind::Bool("Yes", "No")),
    ("areAllGroupMembersAuthorizedForTravel", "All group members authorized to travel", Kind::Bool("Yes", "No")),
    ("elisBeneficiaryAddendum", "Beneficiary addendum", Kind::List),
    ("concurrentCases", "Concurrent cases", Kind::List),
    ("documents", "Documents listed on the case", Kind::List),
    ("evidenceRequests", "Evidence requests", Kind::List),
    ("addendums", "Addendums", Kind::List),
    ("notices", "Notices", Kind::Section),
    ("events", "Events", Kind::Section),
];

const STATUS_FIELDS: &[(&str, &str, Kind)] = &[
    ("receiptNumber", "Receipt number", Kind::Text),
    ("formType", "Form", Kind::Form),
    ("statusTitle", "Status", Kind::Text),
    ("statusText", "Status text", Kind::Html),
    ("statusTitleSpanish", "Status (Spanish)", Kind::Text),
    ("statusTextSpanish", "Status text (Spanish)", Kind::Html),
    ("currentActionCode", "Current action code", Kind::Code),
    ("currentActionCodeDate", "Current status since", Kind::Date),
    ("jurisdiction", "Office code", Kind::Office),
    ("jurisdictionDescription", "Office", Kind::Text),
    ("isPremiumProcessed", "Premium processing", Kind::Bool("Yes", "No")),
    ("isPremiumRefunded", "Premium fee refunded", Kind::Bool("Yes", "No")),
    ("message", "Server message", Kind::Text),
    ("historicalCaseStatuses", "Status history", Kind::Section),
];

const RECEIPT_FIELDS: &[(&str, &str, Kind)] = &[
    ("form", "Form", Kind::Form),
    ("receipt_number", "Receipt number", Kind::Text),
    ("receipt_date", "Receipt date", Kind::Date),
    ("location", "Location code", Kind::Opaque),
    ("subtype", "Subtype", Kind::Opaque),
    ("milnatz", "Military naturalization flag", Kind::Opaque),
    ("onpt", "ONPT flag", Kind::Opaque),
    ("premproc", "Premium processing flag", Kind::Opaque),
];

fn str_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A JSON value as a short line of text.
fn raw_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "(empty)".into(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

struct Decoder<'a> {
    ctx: &'a Ctx<'a>,
    report: Report,
    /// USCIS's own status titles by code, from case_status.
    status_titles: HashMap<String, String>,
    /// Leave out what grows with the case's history (see [`decode_summary`]).
    summary_only: bool,
}

impl Decoder<'_> {
    fn date_text(&mut self, raw: &str, what: &str) -> (Option<When>, String) {
        match dates::parse(raw) {
            Some(w) => {
                let age = w.days_before(self.ctx.now_ms, self.ctx.zone);
                (Some(w), format!("{} ({})", w.display(self.ctx.zone), dates::relative_days(age)))
            }
            None => {
                self.report
                    .problems
                    .push(format!("{what}: \u{201c}{raw}\u{201d} is not a date CaseScope can read; shown as sent."));
                (None, format!("{raw} (not a recognised date)"))
            }
        }
    }

    /// Remembers where a summary value came from (first writer wins: status
    /// is decoded first and is the richer answer).
    fn source(&mut self, field: &str, endpoint: Endpoint, base: &str, key: &str) {
        self.report
            .sources
            .entry(field.to_string())
            .or_insert_with(|| Source { endpoint, path: jsonpath::key(base, key) });
    }

    fn label_code(&self, code: &str) -> CodeLabel {
        let code = code.trim().to_string();
        if let Some(t) = self.status_titles.get(&code) {
            return CodeLabel { code, label: Some(t.clone()), source: LabelSource::CaseStatus };
        }
        if let Some(o) = codes::observed(&code) {
            return CodeLabel {
                code,
                label: Some(o.meaning.clone()),
                source: LabelSource::Observed { evidence: o.evidence },
            };
        }
        if let Some(n) = codes::niem(&code) {
            return CodeLabel { code, label: Some(n.to_string()), source: LabelSource::Niem };
        }
        CodeLabel { code, label: None, source: LabelSource::Unknown }
    }

    /// Labels every field of `obj` from `table`; unknown ones go to other_fields.
    fn fields(&mut self, endpoint: Endpoint, obj: &Map<String, Value>, base: &str, table: &[(&str, &str, Kind)]) {
        for (key, value) in obj {
            let path = jsonpath::key(base, key);
            let source = Source { endpoint, path };
            let Some((_, label, kind)) = table.iter().find(|(k, _, _)| k == key) else {
                self.report.other_fields.push(Row { label: key.clone(), value: raw_text(value), note: None, source });
                continue;
            };
            let (value_text, note) = match (kind, value) {
                (Kind::Section, _) => continue,
                (_, Value::Null) => ("(empty)".to_string(), None),
                (Kind::Bool(t, f), Value::Bool(b)) => ((if *b { *t } else { *f }).to_string(), None),
                (Kind::Date, Value::String(s)) => (self.date_text(s, label).1, None),
                (Kind::Form, Value::String(s)) => {
                    let title = codes::form_title(s);
                    (s.clone(), title.map(|t| t.to_string()))
                }
                (Kind::Office, Value::String(s)) => (s.clone(), codes::office(s).map(|o| o.name.clone())),
                (Kind::Code, Value::String(s)) => (s.clone(), Some(self.label_code(s).text())),
                (Kind::Html, Value::String(s)) => (html_to_text(s), None),
                (Kind::Personal, Value::String(s)) => (s.clone(), Some("personal data".into())),
                (Kind::Opaque, v) => (raw_text(v), Some("meaning not known; shown as sent".into())),
                (Kind::List, Value::Array(a)) if a.is_empty() => ("none".into(), None),
                (Kind::List, Value::Object(o)) if o.is_empty() => ("none".into(), None),
                (Kind::List, v) => (raw_text(v), Some("shape not documented; shown as sent".into())),
                (Kind::Text, v @ (Value::String(_) | Value::Number(_))) => (raw_text(v), None),
                (_, v) => (raw_text(v), Some("unexpected type; shown as sent".into())),
            };
            self.report.details.push(Row { label: label.to_string(), value: value_text, note, source });
        }
    }

    fn status(&mut self, v: &Value) {
        let (data, base) = unwrap_data(v);
        let Value::Object(obj) = data else {
            if !data.is_null() {
                self.report.problems.push("The status answer has an unexpected shape; see the raw JSON.".into());
            }
            return;
        };
        let get = |k: &str| str_of(obj.get(k));
        // Pair codes with USCIS's words before anything is labelled.
        if let (Some(c), Some(t)) = (get("currentActionCode"), get("statusTitle")) {
            self.status_titles.insert(c.trim().to_string(), t);
        }
        let history = obj.get("historicalCaseStatuses").and_then(Value::as_array).cloned().unwrap_or_default();
        for h in &history {
            if let (Some(c), Some(t)) = (str_of(h.get("actionCode")), str_of(h.get("statusTitle"))) {
                self.status_titles.entry(c.trim().to_string()).or_insert(t);
            }
        }
        let r = &mut self.report;
        r.status_title = get("statusTitle");
        r.status_text = get("statusText").map(|s| html_to_text(&s));
        r.status_title_es = get("statusTitleSpanish");
        r.status_text_es = get("statusTextSpanish").map(|s| html_to_text(&s));
        r.form_type = r.form_type.take().or(get("formType"));
        r.receipt = r.receipt.take().or(get("receiptNumber"));
        r.office = match (get("jurisdictionDescription"), get("jurisdiction")) {
            (Some(d), Some(c)) => Some(format!("{d} ({c})")),
            (Some(d), None) => Some(d),
            (None, Some(c)) => Some(codes::office(&c).map(|o| format!("{} ({c})", o.name)).unwrap_or(c)),
            (None, None) => None,
        };
        self.report.current_code = get("currentActionCode").map(|c| self.label_code(&c));
        self.report.current_since = get("currentActionCodeDate").as_deref().and_then(dates::parse);
        for (field, key) in [
            ("status", "statusTitle"),
            ("status_text", "statusText"),
            ("code", "currentActionCode"),
            ("office", "jurisdictionDescription"),
            ("receipt", "receiptNumber"),
            ("form", "formType"),
        ] {
            if obj.contains_key(key) {
                self.source(field, Endpoint::Status, base, key);
            }
        }
        for (i, h) in history.iter().enumerate() {
            let raw_date = str_of(h.get("date"));
            let (when, when_text) = match raw_date {
                Some(d) => self.date_text(&d, "Status history date"),
                None => (None, "date not given".into()),
            };
            self.report.history.push(StatusRow {
                code: str_of(h.get("actionCode")),
                title: str_of(h.get("statusTitle")).unwrap_or_else(|| "(no title)".into()),
                title_es: str_of(h.get("statusTitleSpanish")),
                when,
                when_text,
                source: Source { endpoint: Endpoint::Status, path: format!("{base}.historicalCaseStatuses[{i}]") },
            });
        }
        self.fields(Endpoint::Status, obj, base, STATUS_FIELDS);
    }

    fn case(&mut self, v: &Value) {
        let (data, base) = unwrap_data(v);
        let Value::Object(obj) = data else {
            if !data.is_null() {
                self.report.problems.push("The case answer has an unexpected shape; see the raw JSON.".into());
            }
            return;
        };
        let get = |k: &str| str_of(obj.get(k));
        let r = &mut self.report;
        r.receipt = get("receiptNumber").or(r.receipt.take());
        r.form_type = get("formType").or(r.form_type.take());
        r.form_title = get("formName");
        let key_of = |keys: &[&'static str]| keys.iter().copied().find(|k| str_of(obj.get(*k)).is_some());
        if let Some(k) = key_of(&["submissionDate", "submissionTimestamp"]) {
            let (w, t) = self.date_text(&get(k).unwrap_or_default(), "Filing date");
            self.report.filed = Some(t);
            self.report.filed_when = w;
            self.source("filed", Endpoint::Case, base, k);
        }
        if let Some(k) = key_of(&["updatedAtTimestamp", "updatedAt"]) {
            let (w, t) = self.date_text(&get(k).unwrap_or_default(), "Last updated");
            self.report.last_updated = Some(t);
            self.report.updated_when = w;
            self.source("updated", Endpoint::Case, base, k);
        }
        for (field, key) in [("receipt", "receiptNumber"), ("form", "formType"), ("form_title", "formName")] {
            if obj.contains_key(key) {
                self.source(field, Endpoint::Case, base, key);
            }
        }
        let yes = |k: &str| obj.get(k).and_then(Value::as_bool) == Some(true);
        self.report.closed = yes("closed");
        self.report.action_required = yes("actionRequired");
        if yes("actionRequired") {
            self.report
                .flags
                .push("Action required: USCIS is waiting for something from you. Check your notices and mail.".into());
        }
        if yes("closed") {
            self.report.flags.push("USCIS marks this case as closed.".into());
        }
        if yes("isPremiumProcessed") {
            self.report.flags.push("Premium processing.".into());
        }
        if yes("cmsFailure") {
            self.report.flags.push("USCIS's case system reported a failure on this case.".into());
        }
        if !self.summary_only {
            self.events(obj, base);
        }
        self.notices(obj, base);
        self.fields(Endpoint::Case, obj, base, CASE_FIELDS);
    }

    fn events(&mut self, obj: &Map<String, Value>, base: &str) {
        let Some(events) = obj.get("events").and_then(Value::as_array) else {
            return;
        };
        let mut rows: Vec<(i64, EventRow, Option<String>)> = Vec::new();
        for (i, e) in events.iter().enumerate() {
            let Some(code) = str_of(e.get("eventCode")) else {
                continue;
            };
            let raw_when = str_of(e.get("eventTimestamp"))
                .or(str_of(e.get("eventDateTime")))
                .or(str_of(e.get("createdAtTimestamp")))
                .or(str_of(e.get("createdAt")));
            let (when, when_text) = match &raw_when {
                Some(w) => self.date_text(w, "Event date"),
                None => (None, "date not given".into()),
            };
            let created_raw = str_of(e.get("createdAtTimestamp")).or(str_of(e.get("createdAt")));
            let created = created_raw.as_deref().and_then(dates::parse);
            let event_day =
                str_of(e.get("eventDateTime")).or(str_of(e.get("eventTimestamp"))).as_deref().and_then(dates::parse);
            let backdated = match (event_day, created) {
                (Some(ev), Some(cr)) => {
                    let utc = dates::Fixed(0);
                    let day = |w: When| {
                        let (y, m, d) = w.local_day(&utc);
                        dates::days_from_civil(y, m, d)
                    };
                    day(cr) - day(ev) > 1
                }
                _ => false,
            };
            let row = EventRow {
                code: self.label_code(&code),
                when,
                when_text,
                count: 1,
                backdated,
                created_text: created.map(|c| c.display(self.ctx.zone)),
                source: Source { endpoint: Endpoint::Case, path: format!("{base}.events[{i}]") },
            };
            rows.push((when.map(|w| w.sort_ms()).unwrap_or(i64::MIN), row, str_of(e.get("eventTimestamp"))));
        }
        // Newest first, as USCIS sends them; fold re-issued copies.
        rows.sort_by_key(|r| std::cmp::Reverse(r.0));
        let mut folded: Vec<(i64, EventRow, Option<String>)> = Vec::new();
        for (ms, row, ts) in rows {
            if let Some(last) = folded.last_mut() {
                let same_code = last.1.code.code == row.code.code;
                let same_ts = ts.is_some() && last.2 == ts;
                let within_second =
                    ms != i64::MIN && (last.0 - ms).abs() <= 1000 && !matches!(row.when, Some(When::Day { .. }));
                if same_code && (same_ts || within_second) {
                    last.1.count += 1;
                    last.1.backdated |= row.backdated;
                    continue;
                }
            }
            folded.push((ms, row, ts));
        }
        self.report.events = folded.into_iter().map(|(_, r, _)| r).collect();
    }

    fn notices(&mut self, obj: &Map<String, Value>, base: &str) {
        let Some(notices) = obj.get("notices").and_then(Value::as_array) else {
            return;
        };
        for (i, n) in notices.iter().enumerate() {
            let appointment = str_of(n.get("appointmentDateTime")).map(|a| self.date_text(&a, "Appointment"));
            let upcoming = appointment.as_ref().and_then(|(w, _)| *w).is_some_and(|w| w.sort_ms() > self.ctx.now_ms);
            let generated = str_of(n.get("generationDate")).map(|g| self.date_text(&g, "Notice date"));
            let when = appointment.as_ref().and_then(|(w, _)| *w).or(generated.as_ref().and_then(|(w, _)| *w));
            let generated = generated.map(|(_, t)| t);
            self.report.notices.push(NoticeRow {
                action: str_of(n.get("actionType")).unwrap_or_else(|| "Notice".into()),
                when,
                appointment: appointment.map(|(_, t)| t),
                appointment_upcoming: upcoming,
                generated,
                letter_id: str_of(n.get("letterId")),
                source: Source { endpoint: Endpoint::Case, path: format!("{base}.notices[{i}]") },
            });
        }
        if self.report.notices.iter().any(|n| n.appointment_upcoming) {
            self.report.flags.push("You have an upcoming appointment: see Notices.".into());
        }
    }

    fn receipt_info(&mut self, v: &Value) {
        let (data, base) = unwrap_data(v);
        let Value::Object(obj) = data else { return };
        for (key, value) in obj {
            let path = jsonpath::key(base, key);
            match (key.as_str(), value) {
                ("receipt_details", Value::Object(details)) => {
                    self.fields(Endpoint::ReceiptInfo, details, &path, RECEIPT_FIELDS)
                }
                ("message", v) => self.report.details.push(Row {
                    label: "Server message".into(),
                    value: raw_text(v),
                    note: None,
                    source: Source { endpoint: Endpoint::ReceiptInfo, path },
                }),
                (_, v) => self.report.other_fields.push(Row {
                    label: key.clone(),
                    value: raw_text(v),
                    note: None,
                    source: Source { endpoint: Endpoint::ReceiptInfo, path },
                }),
            }
        }
    }

    fn documents(&mut self, v: &Value) {
        let (data, base) = unwrap_data(v);
        let Some(docs) = data.as_array() else {
            if !data.is_null() {
                self.report.problems.push("The documents answer has an unexpected shape; see the raw JSON.".into());
            }
            return;
        };
        for (i, d) in docs.iter().enumerate() {
            let (when, created) = match str_of(d.get("createDate")) {
                Some(c) => {
                    let (w, t) = self.date_text(&c, "Document date");
                    (w, Some(t))
                }
                None => (None, None),
            };
            self.report.documents.push(DocumentRow {
                title: str_of(d.get("type")).unwrap_or_else(|| "Document".into()),
                when,
                created,
                from: str_of(d.get("sourceType")),
                file_name: str_of(d.get("fileName")),
                source: Source { endpoint: Endpoint::Documents, path: format!("{base}[{i}]") },
            });
        }
    }
}

/// Decodes whatever bodies arrived into one report.
pub fn decode(bodies: &Bodies, ctx: &Ctx) -> Report {
    run(bodies, ctx, false)
}

/// The same report without the events, the timeline and "at a glance": the
/// parts that grow with the case's history. Every other value (the summary,
/// the status text, the flags) is what [`decode`] gives. The first frame of
/// a large case shows this while the rest is decoded.
pub fn decode_summary(bodies: &Bodies, ctx: &Ctx) -> Report {
    run(bodies, ctx, true)
}

fn run(bodies: &Bodies, ctx: &Ctx, summary_only: bool) -> Report {
    let mut d = Decoder { ctx, report: Report::default(), status_titles: HashMap::new(), summary_only };
    // Status first: its code/title pairs label the case's events.
    if let Some(v) = &bodies.status {
        d.status(v);
    }
    if let Some(v) = &bodies.case {
        d.case(v);
    }
    if let Some(v) = &bodies.receipt_info {
        d.receipt_info(v);
    }
    if let Some(v) = &bodies.documents {
        d.documents(v);
    }
    let r = &mut d.report;
    if r.form_title.is_none() {
        r.form_title = r.form_type.as_deref().and_then(codes::form_title).map(str::to_string);
    }
    if let Some(rn) = r.receipt.as_deref().and_then(|s| ReceiptNumber::parse(s).ok()) {
        r.receipt_office = rn.office().map(|o| o.name.clone());
        if !rn.is_reliably_served() {
            r.prefix_warning = Some(format!(
                "Receipts starting with {} are not served reliably by these pages of my.uscis.gov; some details may be missing or out of date.",
                rn.prefix()
            ));
        }
    }
    if !summary_only {
        d.report.timeline = timeline::build(&d.report);
        d.report.glance = glance::build(&d.report, ctx);
    }
    d.report
}

impl Report {
    /// The decoded summary as plain text, for "Copy summary".
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mut line = |label: &str, value: &Option<String>| {
            if let Some(v) = value {
                out.push_str(&format!("{label}: {v}\n"));
            }
        };
        line("Receipt", &self.receipt);
        line("Receipt prefix", &self.receipt_office);
        line(
            "Form",
            &self.form_type.as_ref().map(|f| match &self.form_title {
                Some(t) => format!("{f} ({t})"),
                None => f.clone(),
            }),
        );
        line("Status", &self.status_title);
        line("Status code", &self.current_code.as_ref().map(|c| format!("{} \u{2013} {}", c.code, c.text())));
        line("Filed", &self.filed);
        line("Last updated", &self.last_updated);
        line("Office", &self.office);
        if let Some(t) = &self.status_text {
            out.push_str(&format!("\n{t}\n"));
        }
        for f in &self.flags {
            out.push_str(&format!("! {f}\n"));
        }
        let g = &self.glance;
        out.push_str(&format!(
            "\nStage: {}{}\n",
            g.stage_label,
            g.stage_evidence.as_ref().map(|e| format!(" (from {e})")).unwrap_or_default()
        ));
        if let Some(d) = g.days_since_filing {
            out.push_str(&format!("Days since filing: {d}\n"));
        }
        if let (Some(d), Some(what)) = (g.days_since_last_action, &g.last_action) {
            out.push_str(&format!("Last USCIS action: {} ({what})\n", dates::relative_days(d)));
        }
        if let Some(s) = &g.silent_update {
            out.push_str(&format!("! {s}\n"));
        }
        if let Some(w) = &self.prefix_warning {
            out.push_str(&format!("! {w}\n"));
        }
        if !self.timeline.is_empty() {
            out.push_str("\nTimeline (newest first):\n");
            for e in &self.timeline {
                let what = match &e.code {
                    Some(c) => format!("{} \u{2013} {} ({})", c.code, e.title, c.source.describe()),
                    None => e.title.clone(),
                };
                let mut extra = String::new();
                if e.count > 1 {
                    extra.push_str(&format!(" (\u{00d7}{})", e.count));
                }
                if e.backdated {
                    extra.push_str(" (backdated)");
                }
                if e.upcoming {
                    extra.push_str(" (upcoming)");
                }
                out.push_str(&format!("- {}: {} {what}{extra}\n", e.when_text, e.kind.word()));
            }
        }
        out
    }
}
