//! What one endpoint's answer means for the person reading it: the pure
//! classification of an [`EndpointResult`] (status, headers, body) into an
//! [`Outcome`]. The words for each outcome are in [`crate::i18n`]; the raw
//! body is never discarded by this (the viewer still shows it).

use std::rc::Rc;

use crate::protocol::{EndpointResult, NetError};
use crate::text::JsonError;
use crate::tree::Tree;

/// What one endpoint's answer means.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// JSON arrived; `no_data` when it is `{"data": null}`. The parsed
    /// value itself comes from [`EndpointResult::read`].
    Json { no_data: bool },
    /// 401, a redirect to sign-in, or an HTML page where JSON was expected.
    SignedOut,
    /// 404 on every path tried.
    NotFound,
    /// 204 or an empty body.
    Empty,
    /// 429: too many requests.
    RateLimited { retry_after: Option<String> },
    /// 403: refused; the site also uses it for temporary blocks.
    Forbidden,
    /// 5xx or another unexpected status.
    ServerError(u16),
    /// The body is not JSON; where parsing failed.
    Malformed(JsonError),
    /// No answer at all.
    Network(NetError),
}

impl Outcome {
    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Json { .. })
    }

    /// A word for the maintainers' report (never shown as the person's
    /// words: those are in [`crate::i18n`]).
    pub fn key(&self) -> &'static str {
        match self {
            Outcome::Json { no_data: false } => "JSON, read",
            Outcome::Json { no_data: true } => "JSON, data null",
            Outcome::SignedOut => "signed out (401, sign-in redirect or HTML)",
            Outcome::NotFound => "not found",
            Outcome::Empty => "empty",
            Outcome::RateLimited { .. } => "rate limited",
            Outcome::Forbidden => "forbidden",
            Outcome::ServerError(_) => "server error",
            Outcome::Malformed(_) => "not readable JSON",
            Outcome::Network(_) => "no answer",
        }
    }
}

fn looks_like_sign_in(url: &str) -> bool {
    let u = url.to_ascii_lowercase();
    ["login", "sign-in", "signin", "sign_in", "auth"].iter().any(|k| u.contains(k))
}

impl EndpointResult {
    /// Classifies the answer. The raw body is never discarded by this: the
    /// caller still shows it.
    pub fn outcome(&self) -> Outcome {
        self.read().0
    }

    /// Classifies the answer and, when it is JSON, hands over its tree
    /// (parsed once, over the body itself: the decoder and the viewer share it).
    pub fn read(&self) -> (Outcome, Option<Rc<Tree>>) {
        if let Some(not_json) = self.not_json() {
            return (not_json, None);
        }
        match Tree::parse_shared(self.body.clone()) {
            Ok(t) => {
                let no_data = t.root().get("data").is_some_and(|d| d.is_null());
                (Outcome::Json { no_data }, Some(Rc::new(t)))
            }
            Err(at) => (Outcome::Malformed(at), None),
        }
    }

    /// What the answer is when the status, headers or emptiness already say
    /// it is no JSON body; `None` when the body should be parsed.
    fn not_json(&self) -> Option<Outcome> {
        if let Some(e) = &self.network_error {
            return Some(Outcome::Network(e.clone()));
        }
        let html =
            self.content_type.to_ascii_lowercase().contains("text/html") || self.body.trim_start().starts_with('<');
        match self.status {
            401 => return Some(Outcome::SignedOut),
            403 => return Some(Outcome::Forbidden),
            429 => return Some(Outcome::RateLimited { retry_after: self.retry_after.clone() }),
            404 => return Some(Outcome::NotFound),
            204 => return Some(Outcome::Empty),
            s if !(200..300).contains(&s) => return Some(Outcome::ServerError(s)),
            _ => {}
        }
        if (self.redirected && looks_like_sign_in(&self.final_url)) || html {
            return Some(Outcome::SignedOut);
        }
        if self.body.trim().is_empty() {
            return Some(Outcome::Empty);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(status: u16, ct: &str, body: &str) -> EndpointResult {
        EndpointResult::answered(status, ct, body)
    }

    #[test]
    fn answers_are_classified() {
        assert!(result(200, "application/json", "{\"data\":{}}").outcome().is_ok());
        assert_eq!(result(401, "application/json", "{}").outcome(), Outcome::SignedOut);
        assert_eq!(result(200, "text/html", "<!doctype html><form>Sign in</form>").outcome(), Outcome::SignedOut);
        let mut redirected = result(200, "application/json", "{}");
        redirected.redirected = true;
        redirected.final_url = "https://my.uscis.gov/login?next=x".into();
        assert_eq!(redirected.outcome(), Outcome::SignedOut);
        assert_eq!(result(404, "", "").outcome(), Outcome::NotFound);
        assert_eq!(result(204, "", "").outcome(), Outcome::Empty);
        assert_eq!(result(200, "application/json", "  ").outcome(), Outcome::Empty);
        let mut limited = result(429, "", "");
        limited.retry_after = Some("30".into());
        assert_eq!(limited.outcome(), Outcome::RateLimited { retry_after: Some("30".into()) });
        assert_eq!(result(503, "", "").outcome(), Outcome::ServerError(503));
        assert_eq!(result(302, "", "").outcome(), Outcome::ServerError(302));
        match result(200, "application/json", "{\"data\": [1, 2").outcome() {
            Outcome::Malformed(at) => assert_eq!((at.line, at.kind), (1, crate::text::JsonErrorKind::EndsEarly)),
            o => panic!("{o:?}"),
        }
        assert_eq!(result(200, "application/json", "{\"data\": null}").outcome(), Outcome::Json { no_data: true });
        let (outcome, tree) = result(200, "application/json", "{\"data\": [1, \"x\"]}").read();
        assert_eq!(outcome, Outcome::Json { no_data: false });
        assert_eq!(tree.map(|t| t.path(t.len() - 1)).as_deref(), Some("$.data[1]"));
        let (outcome, tree) = result(503, "application/json", "{}").read();
        assert!(outcome == Outcome::ServerError(503) && tree.is_none());
        let mut cut = result(0, "", "");
        cut.network_error = Some(NetError::Timeout);
        assert_eq!(cut.outcome(), Outcome::Network(NetError::Timeout));
    }
}
