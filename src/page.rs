//! The account page's own copy of each case. The page embeds its cases'
//! data for its own script (`script[data-component-name=CaseCardsApp]`,
//! JSON `{"cases": [ … ]}`, each element the object `/cases/{receipt}`
//! answers under `data`; API-NOTES, "Where the site shows cases"). It is
//! the page's text, so it is read as untrusted: with limits, never as an
//! error. Whatever cannot be read is "not on this page", and the case is
//! asked of USCIS as if the page had no copy.

use std::rc::Rc;

use crate::dates::Local;
use crate::decode::Ctx;
use crate::protocol::EndpointResult;
use crate::receipt::{Card, ReceiptNumber};
use crate::tree::{Json, Kind, Tree};

/// A page's data longer than this is not read at all (a real one is a few
/// tens of KB per case).
pub const MAX_PAGE_DATA: usize = 8 * 1024 * 1024;
/// A case's copy longer than this is not used (real answers are 5-50 KB).
pub const MAX_COPY: usize = 1024 * 1024;
/// At most this many cases are taken from a page.
pub const MAX_CASES: usize = 200;

/// The cases' copies on one page, and when that page was loaded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageData {
    /// Each case's copy, exactly as the page has it (the text of its
    /// element), in page order; nested `concurrentCases` after the others.
    copies: Vec<(ReceiptNumber, Rc<String>)>,
    /// When the page was loaded (ms since 1970 UTC), where known.
    pub loaded_ms: Option<f64>,
}

impl PageData {
    /// The page's copy of `r`'s case, exactly as the page has it.
    pub fn copy(&self, r: &ReceiptNumber) -> Option<Rc<String>> {
        self.copies.iter().find(|(o, _)| o == r).map(|(_, t)| t.clone())
    }

    /// The receipts the page has a copy of.
    pub fn receipts(&self) -> impl Iterator<Item = &ReceiptNumber> {
        self.copies.iter().map(|(r, _)| r)
    }

    /// `r`'s copy as an answer of its own ([`crate::endpoints::Endpoint::Page`]),
    /// to show and decode like the others.
    pub fn result(&self, r: &ReceiptNumber) -> Option<EndpointResult> {
        let body = self.copy(r)?;
        let mut res = EndpointResult::empty(crate::endpoints::Endpoint::Page);
        res.status = 200;
        res.content_type = "application/json".into();
        res.path = "/account/applicant".into();
        res.body = body;
        Some(res)
    }

    /// Minutes since the page was loaded, when it is known.
    pub fn age_minutes(&self, now_ms: i64) -> Option<i64> {
        self.loaded_ms.map(|l| ((now_ms as f64 - l) / 60_000.0).floor() as i64).filter(|m| *m >= 0)
    }
}

/// Whether a case's record, as the page's copy has it now, differs from
/// the last copy kept of it: a new or removed event (by its id), a new or
/// removed notice (by its letter), closed or "action required" turned, or
/// the record's update time moved. Only values whose meaning is the same
/// in the page's copy and in `/cases` are compared, each read (a date as
/// an instant), never the text as written, which the two may write
/// differently. `None` when either cannot be read.
pub fn changed_since(kept: &crate::history::CaseHistory, copy: &str) -> Option<bool> {
    let kept = kept.last()?.answers.get(&crate::endpoints::Endpoint::Case)?;
    let (old, new) = (Tree::parse(kept).ok()?, Tree::parse(copy).ok()?);
    let (old, new) = (old.root().unwrap_data().0, new.root());
    if old.kind() != Kind::Object || new.kind() != Kind::Object {
        return None;
    }
    let ids = |c: Json, list: &str, id: &str| -> std::collections::HashSet<String> {
        let items = c.get(list).filter(|l| l.kind() == Kind::Array);
        items
            .map(|l| l.elements().filter_map(|e| Some(e.get(id)?.as_str()?.into_owned())).collect())
            .unwrap_or_default()
    };
    let flag = |c: Json, k: &str| c.get(k).and_then(|v| v.as_bool()).unwrap_or(false);
    let updated = |c: Json| {
        ["updatedAtTimestamp", "updatedAt"]
            .iter()
            .find_map(|k| crate::dates::parse(&c.get(k)?.as_str()?))
            .map(|w| w.sort_ms())
    };
    Some(
        ids(old, "events", "eventId") != ids(new, "events", "eventId")
            || ids(old, "notices", "letterId") != ids(new, "notices", "letterId")
            || flag(old, "closed") != flag(new, "closed")
            || flag(old, "actionRequired") != flag(new, "actionRequired")
            || updated(old) != updated(new),
    )
}

/// How many of the page's cases changed since their last look, for the
/// toolbar badge on a page view: worked out from the page's data and the
/// copies kept, asking USCIS nothing. A case with no copy kept, or one that
/// cannot be read, is not counted.
pub fn changed_count(data: &PageData, kept: &[(ReceiptNumber, Option<crate::history::CaseHistory>)]) -> usize {
    kept.iter()
        .filter_map(|(r, h)| Some((data.copy(r)?, h.as_ref()?)))
        .filter(|(copy, h)| changed_since(h, copy) == Some(true))
        .count()
}

/// What the account page's data gives, read once: its case list, and its
/// copy of each case (`None` when it is not the live shape, `{"cases": [ … ]}`).
#[derive(Debug, Clone, PartialEq)]
pub struct PageRead {
    pub cards: Vec<Card>,
    pub data: Option<PageData>,
}

/// Reads the account page's embedded data, with the same tolerant reader
/// as the answers (a lone surrogate in a string does not make it
/// unreadable). `None` when it is not JSON or too long.
///
/// On the live shape each element of `cases` is a case, and so is each of
/// its `concurrentCases` (after the account's own; the notices and events
/// inside a case name its receipt too, and are not cases). Otherwise, the
/// case list is every object with a receipt-number member, whatever the
/// shape. A card has its form and status title where the data names them;
/// a copy is the exact text of its element, of a case with a proper
/// receipt, within the limits.
pub fn read(json: &str, loaded_ms: Option<f64>, ctx: &Ctx) -> Option<PageRead> {
    if json.len() > MAX_PAGE_DATA {
        return None;
    }
    let tree = Tree::parse(json).ok()?;
    let Some(cases) = tree.root().get("cases").filter(|c| c.kind() == Kind::Array) else {
        let mut cards = Vec::new();
        walk(tree.root(), &mut cards, 0, false, ctx);
        cards.truncate(MAX_CASES);
        // The account's own cases first (a partition: a sort would cost the
        // module a sorting routine of its own).
        let (mut cards, nested): (Vec<Card>, Vec<Card>) = cards.into_iter().partition(|c| !c.nested);
        cards.extend(nested);
        return Some(PageRead { cards, data: None });
    };
    let own = cases.elements().map(|c| (c, false));
    let nested = cases
        .elements()
        .filter_map(|c| c.get("concurrentCases").filter(|n| n.kind() == Kind::Array))
        .flat_map(|n| n.elements().map(|c| (c, true)));
    let mut cards = Vec::new();
    let mut copies: Vec<(ReceiptNumber, Rc<String>)> = Vec::new();
    for (c, is_nested) in own.chain(nested).filter(|(c, _)| c.kind() == Kind::Object) {
        if cards.len() < MAX_CASES {
            card(c, &mut cards, is_nested, ctx);
        }
        let receipt = c.get("receiptNumber").and_then(|r| r.as_str());
        let Some(r) = receipt.and_then(|r| ReceiptNumber::parse(&r).ok().filter(|p| p.as_str() == r)) else { continue };
        let text = c.source();
        if copies.len() < MAX_CASES && text.len() <= MAX_COPY && !copies.iter().any(|(o, _)| *o == r) {
            copies.push((r, Rc::new(text.to_string())));
        }
    }
    Some(PageRead { cards, data: Some(PageData { copies, loaded_ms }) })
}

fn text(o: Json, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| o.get(k)?.as_str().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
}

/// `v` as a card, if it is an object with a receipt-number member.
fn card(v: Json, out: &mut Vec<Card>, nested: bool, ctx: &Ctx) {
    if v.kind() != Kind::Object {
        return;
    }
    let receipt = v
        .members()
        .filter(|(k, _)| k.to_ascii_lowercase().contains("receipt"))
        .find_map(|(_, v)| v.as_str().filter(|s| crate::receipt::is_canonical(s)))
        .and_then(|s| ReceiptNumber::parse(&s).ok());
    if let Some(receipt) = receipt.filter(|r| !out.iter().any(|c| c.receipt == *r)) {
        let form = text(v, &["formType", "formNumber", "form", "formId"]);
        let form_title =
            text(v, &["formName"]).or_else(|| form.as_deref().and_then(crate::codes::form_title).map(String::from));
        out.push(Card {
            receipt,
            form,
            form_title,
            status: text(v, &["statusTitle", "caseStatus", "status", "title"]),
            nested,
            // The same members, in the same order, as the decoder reads them.
            filed: date(v, &["submissionDate", "submissionTimestamp"], ctx),
            updated: date(v, &["updatedAtTimestamp", "updatedAt"], ctx),
        });
    }
}

/// The first of `keys` that holds a date, placed in the user's calendar.
fn date(o: Json, keys: &[&str], ctx: &Ctx) -> Option<Local> {
    let when = keys.iter().find_map(|k| crate::dates::parse(&o.get(k)?.as_str()?))?;
    Some(when.local(ctx.now_ms, ctx.zone))
}

/// Every card in data of another shape.
fn walk(v: Json, out: &mut Vec<Card>, depth: usize, nested: bool, ctx: &Ctx) {
    if depth > 64 {
        return;
    }
    match v.kind() {
        Kind::Object => {
            card(v, out, nested, ctx);
            v.members().for_each(|(k, c)| walk(c, out, depth + 1, nested || k == "concurrentCases", ctx));
        }
        Kind::Array => v.elements().for_each(|c| walk(c, out, depth + 1, nested, ctx)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> ReceiptNumber {
        ReceiptNumber::parse(s).unwrap()
    }

    const CTX: Ctx = Ctx { now_ms: 0, zone: &crate::dates::Fixed(0) };

    fn data(json: &str, loaded_ms: Option<f64>) -> Option<PageData> {
        read(json, loaded_ms, &CTX)?.data
    }

    fn cards(json: &str) -> Option<Vec<Card>> {
        read(json, None, &CTX).map(|p| p.cards)
    }

    #[test]
    fn each_case_is_read_exactly_as_the_page_has_it_nested_ones_too() {
        let json = r#"{"cases": [
            {"receiptNumber": "IOE0912345678", "formType": "I-485", "events": [],
             "concurrentCases": [{"receiptNumber": "IOE0887654321", "formType": "I-765"}]},
            {"receiptNumber":"IOE0955500011","formType":"I-131","x":"\u003cb\u003e"}
        ]}"#;
        let d = data(json, Some(5.0)).unwrap();
        assert_eq!(
            d.receipts().map(ReceiptNumber::as_str).collect::<Vec<_>>(),
            ["IOE0912345678", "IOE0955500011", "IOE0887654321"]
        );
        assert_eq!(
            d.copy(&r("IOE0955500011")).unwrap().as_str(),
            r#"{"receiptNumber":"IOE0955500011","formType":"I-131","x":"\u003cb\u003e"}"#
        );
        assert!(d.copy(&r("IOE0912345678")).unwrap().starts_with(r#"{"receiptNumber": "IOE0912345678""#));
        assert_eq!(
            d.copy(&r("IOE0887654321")).unwrap().as_str(),
            r#"{"receiptNumber": "IOE0887654321", "formType": "I-765"}"#
        );
        let res = d.result(&r("IOE0955500011")).unwrap();
        assert_eq!((res.endpoint, res.status, res.read().0.is_ok()), (crate::endpoints::Endpoint::Page, 200, true));
        assert!(d.copy(&r("IOE0000000000")).is_none());
    }

    #[test]
    fn what_cannot_be_read_is_not_on_this_page_and_never_an_error() {
        // Missing, truncated, not JSON, another shape, hostile.
        for bad in ["", "{\"cases\": [{\"receiptNumber\": \"IOE09", "<script>x</script>", "[]", "{\"cases\": {}}"] {
            assert_eq!(data(bad, None), None, "{bad}");
        }
        // Elements without a proper receipt are left out, the rest kept.
        let d = data(
            r#"{"cases": [{"receiptNumber": "ioe0912345678"}, {"receiptNumber": "IOE0912345678/../x"}, 7, null,
                {"receiptNumber": "<img src=x onerror=alert(1)>"}, {"receiptNumber": "IOE0912345678", "a": "<script>"}]}"#,
            None,
        )
        .unwrap();
        assert_eq!(d.receipts().map(ReceiptNumber::as_str).collect::<Vec<_>>(), ["IOE0912345678"]);
        // Too long a page is not read; too long a case is left out.
        let huge =
            format!("{{\"cases\": [{{\"receiptNumber\": \"IOE0912345678\", \"pad\": \"{}\"}}]}}", "x".repeat(MAX_COPY));
        assert_eq!(data(&huge, None).unwrap().receipts().count(), 0);
        assert_eq!(data(&" ".repeat(MAX_PAGE_DATA + 1), None), None);
    }

    #[test]
    fn the_age_of_the_page_is_counted_in_whole_minutes() {
        let d = PageData { copies: vec![], loaded_ms: Some(1_000.0) };
        assert_eq!(d.age_minutes(1_000 + 59_999), Some(0));
        assert_eq!(d.age_minutes(1_000 + 2 * 3_600_000), Some(120));
        assert_eq!(d.age_minutes(0), None);
        assert_eq!(PageData::default().age_minutes(5), None);
    }
    #[test]
    fn the_account_pages_case_list_is_read_whatever_its_shape() {
        let json = r#"{"props": {"cases": [
            {"receiptNumber": "IOE0912345678", "formType": "I-485", "statusTitle": "Case Was Received"},
            {"case": {"receipt_number": "IOE0887654321", "form": "I-765"}, "n": 1},
            {"receiptNumber": "IOE0912345678", "formType": "dup"},
            {"receiptNumber": "ioe0000000000", "formType": "not canonical"},
            {"note": "IOE0955500011 in text is not a case card"}
        ]}}"#;
        let c = cards(json).unwrap();
        assert_eq!(c.iter().map(|c| c.receipt.as_str()).collect::<Vec<_>>(), ["IOE0912345678", "IOE0887654321"]);
        assert_eq!((c[0].form.as_deref(), c[0].status.as_deref()), (Some("I-485"), Some("Case Was Received")));
        assert_eq!((c[1].form.as_deref(), c[1].status.as_deref()), (Some("I-765"), None));
        // The account page's shape: a case listed inside another's concurrentCases.
        let nested = cards(
            r#"{"cases": [{"receiptNumber": "IOE0912345678",
            "concurrentCases": [{"receiptNumber": "IOE0887654321"}]}, {"receiptNumber": "IOE0955500011"}]}"#,
        )
        .unwrap();
        let listed: Vec<(&str, bool)> = nested.iter().map(|c| (c.receipt.as_str(), c.nested)).collect();
        assert_eq!(listed, [("IOE0912345678", false), ("IOE0955500011", false), ("IOE0887654321", true)]);
        assert_eq!(cards("<html>"), None);
        assert_eq!(cards("[]"), Some(vec![]));
    }

    #[test]
    fn on_the_live_shape_only_cases_are_cards_not_their_notices() {
        let c = cards(
            r#"{"cases": [{"receiptNumber": "IOE0005000000", "formType": "I-485",
            "notices": [{"receiptNumber": "IOE0912345678"}], "events": [{"receiptNumber": "IOE0005000000"}],
            "concurrentCases": [{"receiptNumber": "IOE0887654321"}]}]}"#,
        )
        .unwrap();
        let listed: Vec<(&str, bool)> = c.iter().map(|c| (c.receipt.as_str(), c.nested)).collect();
        assert_eq!(listed, [("IOE0005000000", false), ("IOE0887654321", true)]);
    }

    #[test]
    fn a_card_has_its_filing_day_and_last_update_from_the_pages_data() {
        let c = cards(
            r#"{"cases": [{"receiptNumber": "IOE0912345678", "submissionDate": "2025-10-21",
            "updatedAt": "2026-04-28", "updatedAtTimestamp": "2026-04-28T01:49:16.139Z"},
            {"receiptNumber": "IOE0887654321", "submissionTimestamp": "not a date"}]}"#,
        )
        .unwrap();
        let day = |l: &Option<Local>| l.as_ref().map(|l| (l.y, l.m, l.d, l.clock));
        assert_eq!(day(&c[0].filed), Some((2025, 10, 21, None)));
        assert_eq!(
            day(&c[0].updated),
            Some((2026, 4, 28, Some((1, 49)))),
            "the timestamp first, as the decoder reads it"
        );
        assert_eq!((day(&c[1].filed), day(&c[1].updated)), (None, None));
    }

    #[test]
    fn a_case_changed_since_its_last_look_is_told_from_the_pages_copy_alone() {
        use crate::endpoints::Endpoint;
        use crate::history::CaseHistory;
        let kept_body = r#"{"data": {"receiptNumber": "IOE0912345678", "closed": false,
            "updatedAtTimestamp": "2026-04-28T01:49:16.139Z", "events": [{"eventId": "a"}, {"eventId": "b"}],
            "notices": [{"letterId": "1"}], "isPremiumProcessed": false}}"#;
        let mut h = CaseHistory::new(r("IOE0912345678"));
        h.add(1_000, &[(Endpoint::Case, Some(kept_body))]);
        // The same record written the page's way: not a change.
        let same = r#"{"receiptNumber":"IOE0912345678","closed":false,"updatedAtTimestamp":"2026-04-28T01:49:16.139+00:00",
            "events":[{"eventId":"b","x":1},{"eventId":"a"}],"notices":[{"letterId":"1"}],"isPremiumProcessing":true}"#;
        assert_eq!(changed_since(&h, same), Some(false));
        for changed in [
            r#"{"events": [{"eventId": "a"}, {"eventId": "b"}, {"eventId": "c"}], "notices": [{"letterId": "1"}], "updatedAtTimestamp": "2026-04-28T01:49:16.139Z"}"#,
            r#"{"events": [{"eventId": "a"}], "notices": [{"letterId": "1"}], "updatedAtTimestamp": "2026-04-28T01:49:16.139Z"}"#,
            r#"{"events": [{"eventId": "a"}, {"eventId": "b"}], "notices": [], "updatedAtTimestamp": "2026-04-28T01:49:16.139Z"}"#,
            r#"{"events": [{"eventId": "a"}, {"eventId": "b"}], "notices": [{"letterId": "1"}], "updatedAtTimestamp": "2026-11-28T01:00:00Z"}"#,
            r#"{"events": [{"eventId": "a"}, {"eventId": "b"}], "notices": [{"letterId": "1"}], "updatedAtTimestamp": "2026-04-28T01:49:16.139Z", "actionRequired": true}"#,
        ] {
            assert_eq!(changed_since(&h, changed), Some(true), "{changed}");
        }
        assert_eq!(changed_since(&h, "<html>"), None);
        assert_eq!(changed_since(&CaseHistory::new(r("IOE0912345678")), same), None, "no copy kept");
        // The count: only cases with a copy kept and a copy on the page.
        let page = format!(
            r#"{{"cases": [{}, {{"receiptNumber": "IOE0887654321"}}]}}"#,
            r#"{"receiptNumber": "IOE0912345678", "events": []}"#
        );
        let data = data(&page, None).unwrap();
        let kept = [(r("IOE0912345678"), Some(h.clone())), (r("IOE0887654321"), None), (r("IOE0955500011"), Some(h))];
        assert_eq!(changed_count(&data, &kept), 1);
    }

    #[test]
    fn a_lone_surrogate_does_not_hide_the_cases() {
        let c =
            cards(r#"{"cases": [{"receiptNumber": "IOE0999999999", "formType": "broken \ud800 surrogate"}]}"#).unwrap();
        assert_eq!(c[0].receipt.as_str(), "IOE0999999999");
    }
}
