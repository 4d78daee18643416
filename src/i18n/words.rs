//! The words for CaseScope's own data: endpoints, what an answer means,
//! where a code's explanation comes from, stages. The data types stay free
//! of sentences; this is the one place that says them.

use super::{Lang, T, W};
use crate::answer::Outcome;
use crate::codes::Evidence;
use crate::decode::{CodeLabel, EntryKind, LabelSource, Stage};
use crate::endpoints::Endpoint;
use crate::policy::TIMEOUT_MS;
use crate::protocol::NetError;
use crate::receipt::ReceiptError;
use crate::text::{JsonError, JsonErrorKind};

impl W {
    pub fn endpoint(self, e: Endpoint) -> &'static str {
        self.t(match e {
            Endpoint::Case => T::EndpointCase,
            Endpoint::Status => T::EndpointStatus,
            Endpoint::ReceiptInfo => T::EndpointReceiptInfo,
            Endpoint::Documents => T::EndpointDocuments,
            Endpoint::Page => T::EndpointPage,
        })
    }

    /// Several endpoints: "Case, Status".
    pub fn endpoints(self, es: &[Endpoint]) -> String {
        es.iter().map(|e| self.endpoint(*e)).collect::<Vec<_>>().join(", ")
    }

    pub fn net_error(self, e: &NetError) -> String {
        match e {
            NetError::Timeout => self.f(T::NetTimeout, &[&(TIMEOUT_MS / 1000).to_string()]),
            NetError::Cancelled => self.t(T::NetCancelled).into(),
            NetError::Failed => self.t(T::NetFailed).into(),
            NetError::Internal(why) => self.f(T::NetInternal, &[why]),
            NetError::Other(raw) => raw.clone(),
        }
    }

    /// One plain sentence for an endpoint's card.
    pub fn outcome(self, o: &Outcome) -> String {
        match o {
            Outcome::Json { no_data: true } => self.t(T::OutcomeNoData).into(),
            Outcome::Json { no_data: false } => self.t(T::OutcomeAnswered).into(),
            Outcome::SignedOut => self.t(T::OutcomeSignedOut).into(),
            Outcome::NotFound => self.t(T::OutcomeNotFound).into(),
            Outcome::Empty => self.t(T::OutcomeEmpty).into(),
            Outcome::RateLimited { retry_after: Some(s) } => self.f(T::OutcomeLimitedFor, &[s]),
            Outcome::RateLimited { retry_after: None } => self.t(T::OutcomeLimited).into(),
            Outcome::Forbidden => self.t(T::OutcomeForbidden).into(),
            Outcome::ServerError(s) => self.f(T::OutcomeServer, &[&s.to_string()]),
            Outcome::Malformed(at) => self.f(T::OutcomeMalformed, &[&self.json_error(at)]),
            Outcome::Network(e) => self.f(T::OutcomeNetwork, &[&self.net_error(e)]),
        }
    }

    /// Where and why a body is not JSON: "line 3, column 8: unexpected character".
    pub fn json_error(self, e: &JsonError) -> String {
        let why = self.t(match e.kind {
            JsonErrorKind::Empty => return self.t(T::JsonEmpty).into(),
            JsonErrorKind::EndsEarly => T::JsonEndsEarly,
            JsonErrorKind::InvalidEscape => T::JsonEscape,
            JsonErrorKind::ControlChar => T::JsonControl,
            JsonErrorKind::UnterminatedString => T::JsonUnterminated,
            JsonErrorKind::ExpectedComma => T::JsonComma,
            JsonErrorKind::ExpectedName => T::JsonName,
            JsonErrorKind::ExpectedColon => T::JsonColon,
            JsonErrorKind::TooDeep => T::JsonDeep,
            JsonErrorKind::TooLarge => T::JsonLarge,
            JsonErrorKind::BadNumber => T::JsonNumber,
            JsonErrorKind::UnexpectedChar => T::JsonUnexpected,
            JsonErrorKind::TrailingText => T::JsonTrailing,
            JsonErrorKind::Syntax => T::JsonSyntax,
        });
        self.f(T::JsonAt, &[&e.line.to_string(), &e.column.to_string(), why])
    }

    /// Why a saved file cannot be decoded, for `casescope decode`.
    pub fn saved_error(self, name: &str, e: &crate::saved::SavedError) -> String {
        match e {
            crate::saved::SavedError::NotJson(j) => self.f(T::CliNotJson, &[name, &self.json_error(j)]),
            crate::saved::SavedError::NotACaseAnswer => self.f(T::CliNotCase, &[name]),
        }
    }

    /// Why an answer is missing, short, for the first screen.
    pub fn reason(self, o: &Outcome) -> String {
        match o {
            Outcome::Json { .. } => String::new(),
            Outcome::SignedOut => self.t(T::ReasonSignedOut).into(),
            Outcome::NotFound => self.t(T::ReasonNotFound).into(),
            Outcome::Empty => self.t(T::ReasonEmpty).into(),
            Outcome::RateLimited { .. } => self.t(T::ReasonLimited).into(),
            Outcome::Forbidden => self.t(T::ReasonForbidden).into(),
            Outcome::ServerError(s) => self.f(T::ReasonServer, &[&s.to_string()]),
            Outcome::Malformed(_) => self.t(T::ReasonMalformed).into(),
            Outcome::Network(e) => self.f(T::ReasonNetwork, &[&self.net_error(e)]),
        }
    }

    /// "The status could not be read: USCIS's server had a problem (HTTP 500)."
    pub fn missing(self, e: Endpoint, o: &Outcome) -> String {
        let key = match e {
            Endpoint::Case => T::MissingCase,
            Endpoint::Status => T::MissingStatus,
            Endpoint::ReceiptInfo => T::MissingReceiptInfo,
            Endpoint::Documents => T::MissingDocuments,
            Endpoint::Page => T::MissingPage,
        };
        self.f(key, &[&self.reason(o)])
    }

    pub fn receipt_error(self, e: &ReceiptError) -> String {
        match e {
            ReceiptError::Empty => self.t(T::ReceiptEmpty).into(),
            ReceiptError::WrongShape { cleaned } => self.f(T::ReceiptWrongShape, &[cleaned]),
        }
    }

    pub fn evidence(self, e: Evidence) -> &'static str {
        self.t(match e {
            Evidence::Observed => T::EvidenceObserved,
            Evidence::Community => T::EvidenceCommunity,
            Evidence::Disputed => T::EvidenceDisputed,
        })
    }

    /// Where a code's words come from.
    pub fn label_source(self, s: &LabelSource) -> String {
        match s {
            LabelSource::CaseStatus => self.t(T::SourceCase).into(),
            LabelSource::Observed { evidence } => self.f(T::SourceCommunity, &[self.evidence(*evidence)]),
            LabelSource::Niem => self.t(T::SourceNiem).into(),
            LabelSource::Learned { receipt } => self.f(T::SourceLearned, &[receipt]),
            LabelSource::Unknown => self.t(T::SourceNone).into(),
        }
    }

    /// A code's words in this language where USCIS sent them in it.
    pub fn code_words(self, c: &CodeLabel) -> Option<&str> {
        match (self.0, &c.label_es) {
            (Lang::Es, Some(es)) => Some(es),
            _ => c.label.as_deref(),
        }
    }

    /// A code's words and where they come from; "Unknown code" beats a guess.
    pub fn code_label(self, c: &CodeLabel) -> String {
        match self.code_words(c) {
            Some(l) => format!("{l} ({})", self.label_source(&c.source)),
            None => self.t(T::UnknownCode).into(),
        }
    }

    pub fn stage(self, s: Stage) -> &'static str {
        self.t(match s {
            Stage::Unknown => T::StageUnknown,
            Stage::Received => T::StageReceived,
            Stage::Biometrics => T::StageBiometrics,
            Stage::UnderReview => T::StageUnderReview,
            Stage::Interview => T::StageInterview,
            Stage::EvidenceRequested => T::StageEvidence,
            Stage::Approved => T::StageApproved,
            Stage::Denied => T::StageDenied,
            Stage::CardProduction => T::StageCard,
            Stage::Oath => T::StageOath,
            Stage::Closed => T::StageClosed,
        })
    }

    pub fn entry_kind(self, k: EntryKind) -> &'static str {
        self.t(match k {
            EntryKind::Event => T::KindEvent,
            EntryKind::Status => T::KindStatus,
            EntryKind::Appointment => T::KindAppointment,
            EntryKind::Notice => T::KindNotice,
            EntryKind::Document => T::KindDocument,
        })
    }

    pub fn lang(self) -> Lang {
        self.0
    }
}
