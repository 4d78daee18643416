//! A fetched case: the answers as received, what each means, the decoded
//! report and the raw viewer over the same bodies (each body held once and
//! shared, never copied per view).

use crate::answer::Outcome;
use crate::decode::{self, Bodies, Ctx, Report};
use crate::endpoints::Endpoint;
use crate::protocol::Bundle;
use crate::text::pretty_json;

use super::viewer::Viewer;

/// How much of the case could be read.
#[derive(Debug, Clone, PartialEq)]
pub enum Completeness {
    /// Every answer arrived.
    Complete,
    /// Nothing could be read: the session has ended.
    SignedOut,
    /// Nothing could be read: USCIS has no such case for this account.
    NotFound,
    /// Some answers are missing (with why); the others are `shown`.
    Partial { missing: Vec<(Endpoint, Outcome)>, shown: Vec<Endpoint> },
}

/// Bodies up to this many bytes in all are decoded whole before the first
/// paint. A case as the fixtures and the published samples are (3 to 25
/// KB) decodes in a few milliseconds; waiting for a second frame to show
/// its timeline cost more (40 to 100 ms in the toolbar popup, `./build.sh
/// bench`, whose frames come late while it opens). A case of 100 KB and
/// more still paints its summary first.
pub const WHOLE_FIRST_BYTES: usize = 64 * 1024;

/// A fetched case, decoded.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub bundle: Bundle,
    pub outcomes: Vec<Outcome>,
    pub report: Report,
    pub viewer: Viewer,
    /// The parsed bodies, kept while `report` holds the summary only.
    pending: Option<Bodies>,
    /// For a masked copy: the case it was made from.
    origin: Option<(usize, f64)>,
}

impl Loaded {
    /// Reads the answers and decodes them whole.
    pub fn new(bundle: Bundle, ctx: &Ctx) -> Loaded {
        let mut l = Loaded::summary(bundle, ctx);
        l.finish(ctx);
        l
    }

    /// A case that has just arrived, for its first frame: decoded whole
    /// when its bodies are small ([`WHOLE_FIRST_BYTES`]: a few milliseconds,
    /// and the timeline comes in the same frame as the summary), else the
    /// summary only, the rest once that frame is painted.
    pub fn first(bundle: Bundle, ctx: &Ctx) -> Loaded {
        let bytes: usize = bundle.results.iter().map(|r| r.body.len()).sum();
        if bytes <= WHOLE_FIRST_BYTES {
            Loaded::new(bundle, ctx)
        } else {
            Loaded::summary(bundle, ctx)
        }
    }

    /// Reads the answers and decodes the summary only
    /// ([`decode::decode_summary`]); [`Loaded::finish`] decodes the rest.
    pub fn summary(bundle: Bundle, ctx: &Ctx) -> Loaded {
        let mut outcomes = Vec::new();
        let mut bodies = Bodies::default();
        let mut trees = Vec::new();
        for r in &bundle.results {
            let (outcome, tree) = r.read();
            outcomes.push(outcome);
            if let Some(t) = &tree {
                bodies.set(r.endpoint, t.clone());
            }
            trees.push(tree);
        }
        let report = decode::decode_summary(&bodies, ctx);
        // The same trees: each body parsed once.
        let viewer = Viewer::with_trees(&bundle.results, &trees);
        Loaded { bundle, outcomes, report, viewer, pending: Some(bodies), origin: None }
    }

    /// Only the summary is decoded: a case that has just arrived, until the
    /// browser has painted once, so that the summary and the raw viewer
    /// appear without waiting for the timeline and every field.
    pub fn is_summary(&self) -> bool {
        self.pending.is_some()
    }

    /// Decodes what [`Loaded::summary`] left out (nothing if done).
    pub fn finish(&mut self, ctx: &Ctx) {
        if let Some(bodies) = self.pending.take() {
            self.report = decode::decode(&bodies, ctx);
        }
    }

    /// What identifies the answers this case was made from (the first
    /// body's allocation), to tell when a masked copy is out of date.
    pub fn source_id(&self) -> (usize, f64) {
        if let Some(o) = self.origin {
            return o;
        }
        let first = self.bundle.results.first().map(|r| r.body.as_ptr() as usize).unwrap_or(0);
        (first, self.bundle.fetched_at_ms)
    }

    /// The same case with personal details masked: every body masked alike,
    /// decoded again, the viewer's state kept (the trees have the same shape).
    pub fn masked(&self, ctx: &Ctx) -> Loaded {
        let bodies: Vec<&str> = self.bundle.results.iter().map(|r| r.body.as_str()).collect();
        let masked = crate::mask::mask_bodies(&bodies);
        let mut bundle = self.bundle.clone();
        for (r, m) in bundle.results.iter_mut().zip(masked) {
            r.body = m.into();
            // The request's own address names the receipt too.
            r.path = crate::mask::mask_text(&r.path, &[]);
            r.final_url = crate::mask::mask_text(&r.final_url, &[]);
        }
        let mut l = if self.is_summary() { Loaded::summary(bundle, ctx) } else { Loaded::new(bundle, ctx) };
        l.viewer.carry_from(&self.viewer);
        // The source stays the plain case's, so that it is not masked again.
        l.origin = Some(self.source_id());
        l
    }

    pub fn signed_out(&self) -> bool {
        self.outcomes.contains(&Outcome::SignedOut)
    }

    /// The answer of `e` could not be read (an answer of `{"data": null}`
    /// was read: it says there is nothing).
    pub fn missing(&self, e: Endpoint) -> bool {
        self.bundle.results.iter().zip(&self.outcomes).any(|(r, o)| r.endpoint == e && !o.is_ok())
    }

    /// What could be read, and what not and why.
    pub fn completeness(&self) -> Completeness {
        let pairs = || self.bundle.results.iter().zip(&self.outcomes);
        let shown: Vec<Endpoint> = pairs().filter(|(_, o)| o.is_ok()).map(|(r, _)| r.endpoint).collect();
        let missing: Vec<(Endpoint, Outcome)> =
            pairs().filter(|(_, o)| !o.is_ok()).map(|(r, o)| (r.endpoint, o.clone())).collect();
        if missing.is_empty() {
            return Completeness::Complete;
        }
        // The page's own copy does not say whether USCIS would answer.
        let from_uscis = shown.iter().any(|e| *e != Endpoint::Page);
        if !from_uscis && self.signed_out() {
            return Completeness::SignedOut;
        }
        // The two answers that say a case exists both say it does not.
        let not_found = |e: Endpoint| missing.iter().any(|(m, o)| *m == e && *o == Outcome::NotFound);
        if !from_uscis && not_found(Endpoint::Case) && not_found(Endpoint::Status) {
            return Completeness::NotFound;
        }
        Completeness::Partial { missing, shown }
    }

    /// All four bodies as one JSON object `{endpoint: body}`, every body kept
    /// token for token; an endpoint without a JSON body is `null`.
    pub fn all_json(&self) -> String {
        let mut s = String::from("{");
        for (i, e) in Endpoint::ALL.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            let body = self
                .bundle
                .results
                .iter()
                .zip(&self.outcomes)
                .find(|(r, _)| r.endpoint == *e)
                .and_then(|(r, o)| o.is_ok().then_some(r.body.trim()))
                .unwrap_or("null");
            s.push_str(&format!("\"{}\":{}", e.key(), body));
        }
        s.push('}');
        pretty_json(&s)
    }
}
