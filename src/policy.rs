//! How politely CaseScope asks: when to retry, how long to wait, and when to
//! reuse an answer instead of asking again. my.uscis.gov blocks people who
//! ask too often, so every rule here errs on the side of fewer requests.

use crate::answer::Outcome;
use crate::protocol::Bundle;
use crate::receipt::ReceiptNumber;

/// An answer for the same receipt younger than this is reused unless the
/// user forces a refresh.
pub const REUSE_MS: f64 = 30_000.0;
/// A forced refresh is allowed at most this often.
pub const MIN_REFRESH_MS: f64 = 10_000.0;
/// The longest CaseScope waits for a `Retry-After`.
pub const MAX_RETRY_AFTER_S: u64 = 120;
/// The wait after a 429 without `Retry-After`.
pub const DEFAULT_RETRY_AFTER_S: u64 = 20;
/// The wait before the one retry after a server error or no answer.
pub const BACKOFF_S: u64 = 3;
/// A request that has not finished after this long is given up.
pub const TIMEOUT_MS: u32 = 20_000;

/// Why a retry is planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryReason {
    RateLimited,
    Transient,
}

/// Seconds to wait before the single retry of an endpoint with this
/// outcome, or `None` when retrying would not help (signed out, not found,
/// malformed, or refused).
pub fn retry_after_s(outcome: &Outcome) -> Option<(u64, RetryReason)> {
    match outcome {
        Outcome::RateLimited { retry_after } => {
            let s = retry_after.as_deref().and_then(parse_retry_after).unwrap_or(DEFAULT_RETRY_AFTER_S);
            Some((s.clamp(1, MAX_RETRY_AFTER_S), RetryReason::RateLimited))
        }
        Outcome::ServerError(500 | 502 | 503 | 504) | Outcome::Network(_) => Some((BACKOFF_S, RetryReason::Transient)),
        _ => None,
    }
}

/// `Retry-After` as seconds: a number of seconds, or an HTTP date (which we
/// cannot compare to a clock here, so it counts as the default wait).
pub fn parse_retry_after(v: &str) -> Option<u64> {
    let v = v.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return v.parse().ok();
    }
    None
}

/// True for a my.uscis.gov page that means the session is over or about to
/// start again (sign-in, sign-out): kept answers are forgotten there, so the
/// next person at this browser is not shown the last one's case.
pub fn is_signing_out(url: &str) -> bool {
    if !crate::endpoints::is_site_url(url) {
        return false;
    }
    let path = url.trim_start_matches(crate::endpoints::ORIGIN).split(['?', '#']).next().unwrap_or("");
    let p = path.to_ascii_lowercase();
    ["sign-in", "signin", "sign-out", "signout", "login", "logout", "log-out", "log-in"].iter().any(|w| p.contains(w))
}

/// Answers kept in memory (never in storage) for [`REUSE_MS`]: of a few
/// cases (those asked for in the last half minute).
#[derive(Debug, Default)]
pub struct Recent {
    entries: crate::order::SortedMap<ReceiptNumber, (f64, Bundle)>,
}

impl Recent {
    /// A recent answer for `receipt`, unless `force` or it is too old.
    pub fn get(&self, receipt: &ReceiptNumber, now_ms: f64, force: bool) -> Option<Bundle> {
        if force {
            return None;
        }
        let (at, b) = self.entries.get(receipt)?;
        (now_ms - at < REUSE_MS && now_ms >= *at).then(|| {
            let mut b = b.clone();
            b.reused_after_ms = Some(now_ms - at);
            b
        })
    }

    /// Remembers a full answer as of `at_ms` (when it was asked for).
    /// Answers where every endpoint failed are not kept: asking again should
    /// really ask. A signed-out answer forgets everything kept: the next
    /// person at this browser sees nothing of the last one's cases.
    pub fn put(&mut self, bundle: &Bundle, at_ms: f64) {
        // Each answer read once (reading a large body is the costly part).
        let outcomes: Vec<Outcome> = bundle.results.iter().map(|r| r.outcome()).collect();
        if outcomes.contains(&Outcome::SignedOut) {
            self.clear();
            return;
        }
        if outcomes.iter().any(Outcome::is_ok) {
            self.entries.retain(|_, (at, _)| at_ms - *at < REUSE_MS);
            let mut kept = bundle.clone();
            kept.reused_after_ms = None;
            self.entries.insert(bundle.receipt.clone(), (at_ms, kept));
        }
    }

    /// Forgets everything (sign-out, or a test).
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoints::Endpoint;
    use crate::protocol::{EndpointResult, NetError, Via};

    fn bundle(status: u16) -> Bundle {
        Bundle {
            receipt: ReceiptNumber::parse("IOE0912345678").unwrap(),
            via: Via::Page,
            fetched_at_ms: 0.0,
            reused_after_ms: None,
            results: vec![EndpointResult {
                path: "/x".into(),
                status,
                content_type: "application/json".into(),
                body: std::rc::Rc::new("{\"data\":null}".to_string()),
                ms: 1.0,
                attempts: 1,
                ..EndpointResult::empty(Endpoint::Case)
            }],
        }
    }

    #[test]
    fn retries_only_what_can_get_better() {
        let limited = |s: Option<&str>| Outcome::RateLimited { retry_after: s.map(String::from) };
        assert_eq!(retry_after_s(&limited(Some("30"))), Some((30, RetryReason::RateLimited)));
        assert_eq!(retry_after_s(&limited(Some("100000"))), Some((MAX_RETRY_AFTER_S, RetryReason::RateLimited)));
        assert_eq!(retry_after_s(&limited(None)), Some((DEFAULT_RETRY_AFTER_S, RetryReason::RateLimited)));
        assert_eq!(
            retry_after_s(&limited(Some("Wed, 21 Oct 2026 07:28:00 GMT"))),
            Some((DEFAULT_RETRY_AFTER_S, RetryReason::RateLimited))
        );
        assert_eq!(retry_after_s(&Outcome::ServerError(503)), Some((BACKOFF_S, RetryReason::Transient)));
        assert_eq!(retry_after_s(&Outcome::Network(NetError::Timeout)), Some((BACKOFF_S, RetryReason::Transient)));
        for no in [
            Outcome::SignedOut,
            Outcome::NotFound,
            Outcome::Forbidden,
            Outcome::Empty,
            Outcome::ServerError(501),
            Outcome::Malformed(crate::text::JsonError { line: 1, column: 1, kind: crate::text::JsonErrorKind::Syntax }),
        ] {
            assert_eq!(retry_after_s(&no), None, "{no:?}");
        }
    }

    #[test]
    fn sign_in_and_sign_out_pages_end_the_reuse() {
        for yes in
            ["https://my.uscis.gov/sign-in", "https://my.uscis.gov/account/logout?x=1", "https://my.uscis.gov/LogIn"]
        {
            assert!(is_signing_out(yes), "{yes}");
        }
        for no in [
            "https://my.uscis.gov/account/other-page/IOE0912345678",
            "https://my.uscis.gov/account/applicant?next=login",
            "https://example.com/logout",
        ] {
            assert!(!is_signing_out(no), "{no}");
        }
    }

    #[test]
    fn recent_answers_are_reused_for_thirty_seconds_unless_forced() {
        let mut recent = Recent::default();
        let b = bundle(200);
        recent.put(&b, 1_000.0);
        let again = recent.get(&b.receipt, 20_000.0, false).unwrap();
        assert_eq!(again.reused_after_ms, Some(19_000.0));
        assert!(recent.get(&b.receipt, 20_000.0, true).is_none());
        assert!(recent.get(&b.receipt, 31_001.0, false).is_none());
        let mut failed = Recent::default();
        failed.put(&bundle(503), 0.0);
        assert!(failed.get(&b.receipt, 1.0, false).is_none(), "failures are not reused");
        // Kept as of when it was asked for: a reused answer kept again does not grow younger.
        let mut again = Recent::default();
        let mut reused = bundle(200);
        reused.reused_after_ms = Some(25_000.0);
        again.put(&reused, 1_000.0);
        assert!(again.get(&b.receipt, 31_001.0, false).is_none());
        // Signed out: nothing kept any more, for any receipt.
        let mut other = bundle(200);
        other.receipt = ReceiptNumber::parse("IOE0887654321").unwrap();
        recent.put(&other, 1_000.0);
        recent.put(&bundle(401), 2_000.0);
        assert!(recent.get(&b.receipt, 3_000.0, false).is_none());
        assert!(recent.get(&other.receipt, 3_000.0, false).is_none());
    }
}
