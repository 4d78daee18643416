//! Raw endpoint bodies -> a [`Report`] a person can read.
//!
//! Pure: no browser, no clock, no time zone of its own (the caller passes
//! `now` and a [`Zone`]). Tolerant: any field may be missing, null or of
//! another type; nothing panics and nothing USCIS sent is dropped (fields this
//! module does not know go to "Other fields USCIS sent"). Every decoded value
//! remembers the endpoint and JSON path it came from.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use crate::codes;
use crate::dates::{self, DateValue, Zone};
use crate::endpoints::Endpoint;
use crate::jsonpath;
use crate::receipt;
use crate::text::html_to_text;
use crate::tree::{Json, Kind as J, Tree};

mod bodies;
mod events;
mod glance;
mod report;
mod rows;
mod timeline;

pub use bodies::Bodies;
pub use glance::Recorded;
pub use glance::{steps_of, Glance, LastAction, SilentUpdate, Stage, StageEvidence, Step};
pub use report::*;
pub use rows::*;
pub use timeline::{Detail, EntryKind, TimelineEntry};

/// The clock and zone a report is made for.
pub struct Ctx<'a> {
    pub now_ms: i64,
    pub zone: &'a dyn Zone,
}

/// How a known field is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Date,
    /// `true` or `false`, worded per field.
    Bool,
    /// A flag sent as `0`/`1` (or `true`/`false`), worded per field.
    Flag,
    /// A flag whose meaning is not known: yes or no, and said so.
    OpaqueFlag,
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

const CASE_FIELDS: &[(&str, Kind)] = &[
    ("receiptNumber", Kind::Text),
    ("formType", Kind::Form),
    ("formName", Kind::Text),
    ("submissionDate", Kind::Date),
    ("submissionTimestamp", Kind::Date),
    ("updatedAt", Kind::Date),
    ("updatedAtTimestamp", Kind::Date),
    ("actionRequired", Kind::Bool),
    ("closed", Kind::Bool),
    ("ackedByAdjudicatorAndCms", Kind::Bool),
    ("cmsFailure", Kind::Bool),
    ("isPremiumProcessed", Kind::Bool),
    // The account page's copy names it so (API-NOTES).
    ("isPremiumProcessing", Kind::Bool),
    ("elisChannelType", Kind::Text),
    ("nonElisPaperFiled", Kind::Bool),
    ("noticeMailingPrefIndicator", Kind::Bool),
    ("docMailingPrefIndicator", Kind::Bool),
    ("applicantName", Kind::Personal),
    ("representativeName", Kind::Personal),
    ("areAllGroupStatusesComplete", Kind::Bool),
    ("areAllGroupMembersAuthorizedForTravel", Kind::Bool),
    ("elisBeneficiaryAddendum", Kind::List),
    ("concurrentCases", Kind::List),
    ("documents", Kind::List),
    ("evidenceRequests", Kind::List),
    ("addendums", Kind::List),
    ("notices", Kind::Section),
    ("events", Kind::Section),
];

const STATUS_FIELDS: &[(&str, Kind)] = &[
    ("receiptNumber", Kind::Text),
    ("formType", Kind::Form),
    ("statusTitle", Kind::Text),
    ("statusText", Kind::Html),
    ("statusTitleSpanish", Kind::Text),
    ("statusTextSpanish", Kind::Html),
    ("currentActionCode", Kind::Code),
    ("currentActionCodeDate", Kind::Date),
    ("jurisdiction", Kind::Office),
    ("jurisdictionDescription", Kind::Text),
    ("isPremiumProcessed", Kind::Bool),
    ("isPremiumRefunded", Kind::Bool),
    ("message", Kind::Text),
    ("historicalCaseStatuses", Kind::Section),
];

const RECEIPT_FIELDS: &[(&str, Kind)] = &[
    ("form", Kind::Form),
    ("receipt_number", Kind::Text),
    ("receipt_date", Kind::Date),
    ("location", Kind::Office),
    ("subtype", Kind::Opaque),
    ("milnatz", Kind::Flag),
    ("onpt", Kind::OpaqueFlag),
    ("premproc", Kind::Flag),
];

/// Every field CaseScope knows, with how it is shown (the words for each
/// are in `crate::i18n`, whose tests check that every one has them).
pub fn known_fields() -> impl Iterator<Item = (&'static str, Kind)> {
    CASE_FIELDS.iter().chain(STATUS_FIELDS).chain(RECEIPT_FIELDS).copied().filter(|(_, k)| *k != Kind::Section)
}

/// A string that is not blank, or a number as sent.
fn str_of(v: Option<Json>) -> Option<String> {
    text_of(v).map(Cow::into_owned)
}

/// [`str_of`] without a copy (a string without escapes is the body's own text).
fn text_of(v: Option<Json>) -> Option<Cow<str>> {
    let v = v?;
    match v.kind() {
        J::String => v.as_str().filter(|s| !s.chars().all(char::is_whitespace)),
        J::Number => Some(Cow::Borrowed(v.source())),
        _ => None,
    }
}

/// The receipt an answer names about itself: `receiptNumber` (or
/// receipt_info's `receipt_details.receipt_number`) at its top.
fn receipt_named(v: Json) -> Option<String> {
    let (obj, _) = v.unwrap_data();
    str_of(obj.get("receiptNumber")).or_else(|| str_of(obj.get("receipt_details")?.get("receipt_number")))
}

/// A flag as USCIS sends it: `1`/`0`, `true`/`false`, or those as text.
fn flag(v: Json) -> Option<bool> {
    match v.kind() {
        J::Bool => v.as_bool(),
        J::Number => match v.as_u64() {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
        J::String => match v.as_str()?.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "y" | "yes" => Some(true),
            "0" | "false" | "n" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A JSON value as it is shown: text as sent, `null` as empty, anything
/// else as its JSON exactly as sent.
fn shown(v: Json) -> Shown {
    match v.kind() {
        J::String => Shown::Text(v.as_str().map(Cow::into_owned).unwrap_or_default()),
        J::Null => Shown::Empty,
        _ => Shown::Text(v.source().to_string()),
    }
}

struct Decoder<'a> {
    ctx: &'a Ctx<'a>,
    report: Report,
    /// USCIS's own status titles by code, from case_status.
    status_titles: HashMap<String, (String, Option<String>)>,
    /// Leave out what grows with the case's history (see [`decode_summary`]).
    summary_only: bool,
    /// Codes already labelled.
    labels: HashMap<String, Rc<CodeLabel>>,
    /// Where the case's own values are read from: the `/cases` answer, or
    /// the account page's copy standing in for it.
    case_from: Endpoint,
}

impl Decoder<'_> {
    /// Reads a date; one that is not a date is kept as sent and reported.
    fn date(&mut self, raw: &str, what: DateOf) -> DateValue {
        let d = DateValue::read(raw, self.ctx.now_ms, self.ctx.zone);
        if d.when.is_none() {
            self.report.problems.push(Problem::BadDate { what, raw: raw.to_string() });
        }
        d
    }

    /// Remembers where a summary value came from (first writer wins: status
    /// is decoded first and is the richer answer).
    fn source(&mut self, field: &str, endpoint: Endpoint, base: &str, key: &str) {
        self.report
            .sources
            .get_or_insert_with(field.to_string(), || Source { endpoint, path: jsonpath::key(base, key).into() });
    }

    /// A code with its words, looked up once per code (a long case repeats
    /// a few codes thousands of times).
    /// A code's label, shared by every event with that code.
    fn label_code(&mut self, code: &str) -> Rc<CodeLabel> {
        let code = code.trim();
        if let Some(l) = self.labels.get(code) {
            return l.clone();
        }
        let l = Rc::new(self.look_up(code.to_string()));
        self.labels.insert(code.to_string(), l.clone());
        l
    }

    fn look_up(&self, code: String) -> CodeLabel {
        let (code, text): (Rc<str>, &str) = (code.as_str().into(), &code);
        if let Some((t, es)) = self.status_titles.get(text) {
            let (label, label_es) = (Some(t.as_str().into()), es.as_deref().map(Rc::from));
            return CodeLabel { code, label, label_es, source: LabelSource::CaseStatus };
        }
        if let Some(o) = codes::observed(text) {
            return CodeLabel {
                code,
                label: Some(o.meaning.into()),
                label_es: None,
                source: LabelSource::Observed { evidence: o.evidence },
            };
        }
        if let Some(n) = codes::niem(text) {
            return CodeLabel { code, label: Some(n.into()), label_es: None, source: LabelSource::Niem };
        }
        CodeLabel { code, label: None, label_es: None, source: LabelSource::Unknown }
    }

    /// Reads every field of `obj` by `table`; unknown ones go to other_fields.
    fn fields(&mut self, endpoint: Endpoint, obj: Json, base: &str, table: &[(&str, Kind)]) {
        for (key, value) in obj.members() {
            let path = jsonpath::key(base, &key);
            let source = Source { endpoint, path: path.into() };
            let Some((_, kind)) = table.iter().find(|(k, _)| *k == key) else {
                self.report.other_fields.push(Row {
                    key: key.into_owned(),
                    known: false,
                    value: shown(value),
                    note: None,
                    source,
                });
                continue;
            };
            let text = value.as_str();
            let (value, note) = match (kind, value.kind(), text) {
                (Kind::Section, _, _) => continue,
                (_, J::Null, _) => (Shown::Empty, None),
                (Kind::Bool, J::Bool, _) => (Shown::Bool(value.as_bool() == Some(true)), None),
                (Kind::Date, _, Some(s)) => (Shown::Date(self.date(&s, DateOf::Field(key.to_string()))), None),
                (Kind::Form, _, Some(s)) => {
                    let note = codes::form_title(&s).map(|t| Note::FormTitle(t.to_string()));
                    (Shown::Text(s.into_owned()), note)
                }
                // An office code the offices table has is named; another
                // one is not known (receipt_info's `location` is sometimes
                // one of the table's, `NBC`, sometimes not, `SCD`).
                (Kind::Office, _, Some(s)) => {
                    let note = codes::office(&s).map_or(Note::Opaque, |o| Note::Office(o.name.to_string()));
                    (Shown::Text(s.into_owned()), Some(note))
                }
                // A flag sent as text is shown as sent (`"onpt": "N"`, not
                // "not set (0)": what it stands for is not known).
                (Kind::Flag | Kind::OpaqueFlag, J::String, Some(s)) => {
                    let note = (*kind == Kind::OpaqueFlag).then_some(Note::Opaque);
                    (Shown::Text(s.into_owned()), note)
                }
                (Kind::Code, _, Some(s)) => {
                    let note = Note::Code(CodeLabel::clone(&self.label_code(&s)));
                    (Shown::Text(s.into_owned()), Some(note))
                }
                (Kind::Html, _, Some(s)) => (Shown::Text(html_to_text(&s)), None),
                (Kind::Personal, _, Some(s)) => (Shown::Text(s.into_owned()), Some(Note::Personal)),
                (Kind::Flag | Kind::OpaqueFlag, _, _) if flag(value).is_some() => {
                    let note = (*kind == Kind::OpaqueFlag).then_some(Note::Opaque);
                    (Shown::Bool(flag(value).unwrap_or_default()), note)
                }
                (Kind::Opaque | Kind::OpaqueFlag, _, _) => (shown(value), Some(Note::Opaque)),
                (Kind::List, J::Array | J::Object, _) if value.is_empty() => (Shown::NoneListed, None),
                (Kind::List, _, _) => (shown(value), Some(Note::Undocumented)),
                (Kind::Text, J::String | J::Number, _) => (shown(value), None),
                _ => (shown(value), Some(Note::UnexpectedType)),
            };
            self.report.details.push(Row { key: key.into_owned(), known: true, value, note, source });
        }
    }

    fn status(&mut self, v: Json) {
        let (obj, base) = v.unwrap_data();
        if obj.kind() != J::Object {
            if !obj.is_null() {
                self.report.problems.push(Problem::Shape { endpoint: Endpoint::Status });
            }
            return;
        };
        let get = |k: &str| str_of(obj.get(k));
        // Pair codes with USCIS's words before anything is labelled.
        if let (Some(c), Some(t)) = (get("currentActionCode"), get("statusTitle")) {
            self.status_titles.insert(c.trim().to_string(), (t, get("statusTitleSpanish")));
        }
        let history = || obj.get("historicalCaseStatuses").into_iter().flat_map(Json::elements);
        for h in history() {
            if let (Some(c), Some(t)) = (str_of(h.get("actionCode")), str_of(h.get("statusTitle"))) {
                let es = str_of(h.get("statusTitleSpanish"));
                self.status_titles.entry(c.trim().to_string()).or_insert((t, es));
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
        self.report.current_code = get("currentActionCode").map(|c| CodeLabel::clone(&self.label_code(&c)));
        self.report.current_since = get("currentActionCodeDate").as_deref().and_then(dates::parse);
        for (field, key) in [
            ("status", "statusTitle"),
            ("status_text", "statusText"),
            ("code", "currentActionCode"),
            ("office", "jurisdictionDescription"),
            ("receipt", "receiptNumber"),
            ("form", "formType"),
        ] {
            if obj.get(key).is_some() {
                self.source(field, Endpoint::Status, base, key);
            }
        }
        for (i, h) in history().enumerate() {
            let date = str_of(h.get("date")).map(|d| self.date(&d, DateOf::History));
            self.report.history.push(StatusRow {
                code: str_of(h.get("actionCode")),
                title: str_of(h.get("statusTitle")),
                title_es: str_of(h.get("statusTitleSpanish")),
                when: date.as_ref().and_then(|d| d.when),
                date,
                source: Source {
                    endpoint: Endpoint::Status,
                    path: format!("{base}.historicalCaseStatuses[{i}]").into(),
                },
            });
        }
        self.fields(Endpoint::Status, obj, base, STATUS_FIELDS);
    }

    fn case(&mut self, v: Json, from: Endpoint) {
        self.case_from = from;
        let (obj, base) = v.unwrap_data();
        if obj.kind() != J::Object {
            if !obj.is_null() {
                self.report.problems.push(Problem::Shape { endpoint: from });
            }
            return;
        };
        let get = |k: &str| str_of(obj.get(k));
        let r = &mut self.report;
        r.receipt = get("receiptNumber").or(r.receipt.take());
        r.form_type = get("formType").or(r.form_type.take());
        r.form_title = get("formName");
        let key_of = |keys: &[&'static str]| keys.iter().copied().find(|k| str_of(obj.get(k)).is_some());
        if let Some(k) = key_of(&["submissionDate", "submissionTimestamp"]) {
            self.report.filed = Some(self.date(&get(k).unwrap_or_default(), DateOf::Filing));
            self.source("filed", from, base, k);
        }
        if let Some(k) = key_of(&["updatedAtTimestamp", "updatedAt"]) {
            self.report.last_updated = Some(self.date(&get(k).unwrap_or_default(), DateOf::Updated));
            self.source("updated", from, base, k);
        }
        for (field, key) in [("receipt", "receiptNumber"), ("form", "formType"), ("form_title", "formName")] {
            if obj.get(key).is_some() {
                self.source(field, from, base, key);
            }
        }
        let yes = |k: &str| obj.get(k).and_then(Json::as_bool) == Some(true);
        self.report.closed = yes("closed");
        self.report.action_required = yes("actionRequired");
        if yes("actionRequired") {
            self.report.flags.push(Flag::ActionRequired);
        }
        if yes("closed") {
            self.report.flags.push(Flag::Closed);
        }
        // The account page's copy says `isPremiumProcessing` (API-NOTES).
        if yes("isPremiumProcessed") || yes("isPremiumProcessing") {
            self.report.flags.push(Flag::Premium);
        }
        if yes("cmsFailure") {
            self.report.flags.push(Flag::CmsFailure);
        }
        if !self.summary_only {
            self.events(obj, base);
        }
        self.notices(obj, base);
        self.fields(from, obj, base, CASE_FIELDS);
    }

    fn notices(&mut self, obj: Json, base: &str) {
        let Some(notices) = obj.get("notices").filter(|n| n.kind() == J::Array) else {
            return;
        };
        for (i, n) in notices.elements().enumerate() {
            let appointment = str_of(n.get("appointmentDateTime")).map(|a| self.date(&a, DateOf::Appointment));
            let upcoming = appointment.as_ref().and_then(|a| a.when).is_some_and(|w| w.sort_ms() > self.ctx.now_ms);
            let generated = str_of(n.get("generationDate")).map(|g| self.date(&g, DateOf::Notice));
            let when = appointment.as_ref().and_then(|a| a.when).or(generated.as_ref().and_then(|g| g.when));
            self.report.notices.push(NoticeRow {
                action: str_of(n.get("actionType")),
                when,
                appointment,
                appointment_upcoming: upcoming,
                generated,
                letter_id: str_of(n.get("letterId")),
                source: Source { endpoint: self.case_from, path: format!("{base}.notices[{i}]").into() },
            });
        }
        if self.report.notices.iter().any(|n| n.appointment_upcoming) {
            self.report.flags.push(Flag::UpcomingAppointment);
        }
    }

    fn receipt_info(&mut self, v: Json) {
        let (obj, base) = v.unwrap_data();
        for (key, value) in obj.members() {
            let path = jsonpath::key(base, &key);
            match (&*key, value.kind()) {
                ("receipt_details", J::Object) => self.fields(Endpoint::ReceiptInfo, value, &path, RECEIPT_FIELDS),
                ("message", _) => self.report.details.push(Row {
                    key: key.into_owned(),
                    known: true,
                    value: shown(value),
                    note: None,
                    source: Source { endpoint: Endpoint::ReceiptInfo, path: path.into() },
                }),
                (_, _) => self.report.other_fields.push(Row {
                    key: key.into_owned(),
                    known: false,
                    value: shown(value),
                    note: None,
                    source: Source { endpoint: Endpoint::ReceiptInfo, path: path.into() },
                }),
            }
        }
    }

    fn documents(&mut self, v: Json) {
        let (docs, base) = v.unwrap_data();
        if docs.kind() != J::Array {
            if !docs.is_null() {
                self.report.problems.push(Problem::Shape { endpoint: Endpoint::Documents });
            }
            return;
        }
        for (i, d) in docs.elements().enumerate() {
            let created = str_of(d.get("createDate")).map(|c| self.date(&c, DateOf::Document));
            self.report.documents.push(DocumentRow {
                title: str_of(d.get("type")),
                when: created.as_ref().and_then(|c| c.when),
                created,
                from: str_of(d.get("sourceType")),
                file_name: str_of(d.get("fileName")),
                source: Source { endpoint: Endpoint::Documents, path: format!("{base}[{i}]").into() },
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
    let mut d = Decoder {
        ctx,
        report: Report::default(),
        status_titles: HashMap::new(),
        summary_only,
        labels: Default::default(),
        case_from: Endpoint::Case,
    };
    // Answers for another receipt than the case's are said, and never read
    // into it silently: the case's receipt is the one its `/cases` answer
    // (or the page's copy, or `/case_status`) names.
    let named = |e: Endpoint| bodies.get(e).and_then(|t| receipt_named(t.root()));
    let own = [Endpoint::Case, Endpoint::Page, Endpoint::Status, Endpoint::ReceiptInfo].into_iter().find_map(named);
    let mut bodies_for = bodies.clone();
    if let Some(own) = &own {
        for e in Endpoint::ALL.into_iter().chain([Endpoint::Page]) {
            if let Some(other) = named(e).filter(|n| n.trim() != own.trim()) {
                d.report.problems.push(Problem::OtherReceipt { endpoint: e, receipt: other });
                bodies_for.clear(e);
            }
        }
    }
    let bodies = &bodies_for;
    // Status first: its code/title pairs label the case's events.
    if let Some(t) = bodies.get(Endpoint::Status) {
        d.status(t.root());
    }
    // The case's own values: USCIS's `/cases` answer when it is a case,
    // else the account page's copy of it (which stands in, and says so).
    let is_case = |t: &Tree| t.root().unwrap_data().0.kind() == J::Object;
    match (bodies.get(Endpoint::Case), bodies.get(Endpoint::Page)) {
        (Some(t), _) if is_case(t) => d.case(t.root(), Endpoint::Case),
        (_, Some(p)) if is_case(p) => {
            d.report.case_from_page = true;
            d.case(p.root(), Endpoint::Page)
        }
        (Some(t), _) => d.case(t.root(), Endpoint::Case),
        (None, _) => {}
    }
    if let Some(t) = bodies.get(Endpoint::ReceiptInfo) {
        d.receipt_info(t.root());
    }
    if let Some(t) = bodies.get(Endpoint::Documents) {
        d.documents(t.root());
    }
    let r = &mut d.report;
    if r.form_title.is_none() {
        r.form_title = r.form_type.as_deref().and_then(codes::form_title).map(str::to_string);
    }
    // (A masked receipt keeps its prefix, and so its office.)
    if let Some(prefix) = r.receipt.as_deref().and_then(receipt::prefix_of) {
        r.receipt_office = codes::office(&prefix).map(|o| o.name.to_string());
        if !receipt::is_reliable_prefix(&prefix) {
            r.prefix_unreliable = Some(prefix);
        }
    }
    if !summary_only {
        d.report.timeline =
            timeline::build(&d.report.events, &d.report.history, &d.report.notices, &d.report.documents);
        d.report.glance = glance::build(&d.report, ctx);
    }
    d.report
}
