//! Code words learned from the user's own cases: the status titles USCIS
//! paired with action codes in a remembered case explain the same codes on
//! the user's other cases (see [`crate::decode::Report::learn`]).

use super::CaseHistory;
use crate::decode::LearnedCode;
use crate::endpoints::Endpoint;

/// Where the code words learned from the user's cases are kept.
pub const LEARNED_KEY: &str = "learned-codes";

/// The code words a case teaches (from its newest copy's status answer):
/// each action code USCIS paired with its status title, where it was
/// learned being the case's receipt, masked.
pub fn learned_from(case: &CaseHistory) -> Vec<LearnedCode> {
    let Some(status) = case.last().and_then(|l| l.answers.get(&Endpoint::Status)) else { return Vec::new() };
    let Ok(v) = serde_json::from_str::<serde_json::Value>(status) else { return Vec::new() };
    let data = v.get("data").unwrap_or(&v);
    let receipt = crate::mask::mask_receipt(case.receipt.as_str());
    let text =
        |o: &serde_json::Value, k: &str| o.get(k)?.as_str().map(str::trim).filter(|s| !s.is_empty()).map(String::from);
    let mut out: Vec<LearnedCode> = Vec::new();
    let current = (text(data, "currentActionCode"), text(data, "statusTitle"), text(data, "statusTitleSpanish"));
    let history = data.get("historicalCaseStatuses").and_then(|h| h.as_array()).into_iter().flatten();
    let pairs = std::iter::once(current)
        .chain(history.map(|h| (text(h, "actionCode"), text(h, "statusTitle"), text(h, "statusTitleSpanish"))));
    for (code, title, title_es) in pairs {
        if let (Some(code), Some(title)) = (code, title) {
            if !out.iter().any(|l| l.code == code) {
                out.push(LearnedCode { code, title, title_es, receipt: receipt.clone() });
            }
        }
    }
    out
}

/// `list` with what `case` teaches: its own earlier entries replaced, a
/// code already learned from another case kept as it was.
pub fn learn_into(list: &mut Vec<LearnedCode>, case: &CaseHistory) {
    let receipt = crate::mask::mask_receipt(case.receipt.as_str());
    list.retain(|l| l.receipt != receipt);
    for l in learned_from(case) {
        if !list.iter().any(|x| x.code == l.code) {
            list.push(l);
        }
    }
}

/// What all these cases teach, in order ([`learn_into`] each).
pub fn learned_all(cases: &[CaseHistory]) -> Vec<LearnedCode> {
    let mut list = Vec::new();
    for c in cases {
        learn_into(&mut list, c);
    }
    list
}

/// Reads the stored list (anything unreadable is an empty list: it is
/// rebuilt from the cases).
pub fn learned_list(text: Option<&str>) -> Vec<LearnedCode> {
    text.and_then(|t| serde_json::from_str(t).ok()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoints::Endpoint;
    use crate::receipt::ReceiptNumber;

    fn r() -> ReceiptNumber {
        ReceiptNumber::parse("IOE0912345678").unwrap()
    }

    #[test]
    fn a_case_teaches_the_codes_uscis_paired_with_its_titles() {
        let status = include_str!("../../tests/fixtures/i485-pending/case_status.json");
        let mut a = CaseHistory::new(r());
        a.add(1, &[(Endpoint::Status, Some(status))]);
        let learned = learned_from(&a);
        let codes: Vec<(&str, &str)> = learned.iter().map(|l| (l.code.as_str(), l.title.as_str())).collect();
        assert_eq!(
            codes,
            [
                ("FTA0", "Case Is Being Actively Reviewed By USCIS"),
                ("IMAG", "Biometrics Appointment Was Scheduled"),
                ("IAF", "Case Was Received")
            ]
        );
        assert_eq!(learned[0].receipt, "IOE\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}678");
        assert_eq!(learned[1].title_es.as_deref(), Some("Se Program\u{f3} la Cita de Datos Biom\u{e9}tricos"));
        // Into a list: another case's word for a code stays; this case's own are replaced.
        let mut list = vec![LearnedCode {
            code: "FTA0".into(),
            title: "x".into(),
            title_es: None,
            receipt: "IOE\u{2022}321".into(),
        }];
        learn_into(&mut list, &a);
        learn_into(&mut list, &a);
        assert_eq!(list.len(), 3);
        assert_eq!(list[0].title, "x");
        assert_eq!(learned_list(Some("not json")), []);
    }
}
