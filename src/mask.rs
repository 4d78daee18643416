//! Masking personal details out of USCIS's answers, for sharing a case
//! safely (issue 13's core; the switch in the app builds on it).
//!
//! Pure and token-exact: a masked body is the same JSON with the same
//! structure, every byte kept except the values that are masked. What is
//! masked:
//!
//! - receipt numbers, wherever they appear (also inside other text, such as
//!   the status text or a file name): the prefix and the last three
//!   characters stay, `IOE•••••••678`, the same way every time;
//! - the value of any field that names a person, a number that identifies
//!   one, a birth date, an address, an e-mail, a phone, or an opaque id
//!   (`letterId`, `contentId`, `eventId`); a masked number becomes a string;
//! - A-numbers, SSNs, e-mail addresses and phone numbers inside any text, and
//!   the personal values found in those fields wherever else they appear.
//!
//! Codes, dates of events, form types and offices stay: they are what
//! others need to help.

use crate::text::JsonError;
use crate::tree::{Kind, Tree};

/// What replaces a masked character.
pub const DOT: char = '\u{2022}';

/// True for a field whose whole value is personal.
pub fn is_personal_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    // Names of forms and files are not people's (a file name's receipt
    // number is masked as text).
    if matches!(k.as_str(), "formname" | "filename" | "jurisdictiondescription") {
        return false;
    }
    let has = |w: &str| k.contains(w);
    has("name")
        || has("beneficiary")
        || has("applicant") && !k.starts_with("applicantprovided")
        || has("representative")
        || has("anumber")
        || has("alien")
        || has("ssn")
        || has("socialsecurity")
        || has("birth")
        || k == "dob"
        || has("address")
        || has("street")
        || has("city")
        || has("zip")
        || has("postal")
        || has("email")
        || has("phone")
        || matches!(k.as_str(), "letterid" | "contentid" | "eventid")
}

/// A receipt number masked: `IOE0912345678` -> `IOE•••••••678`.
pub fn mask_receipt(r: &str) -> String {
    let chars: Vec<char> = r.chars().collect();
    if chars.len() < 6 {
        return DOT.to_string().repeat(chars.len().max(3));
    }
    let keep_end = 3;
    let mut out: String = chars[..3].iter().collect();
    out.extend(std::iter::repeat_n(DOT, chars.len() - 3 - keep_end));
    out.extend(&chars[chars.len() - keep_end..]);
    out
}

/// A whole personal value masked, keeping nothing of it.
fn mask_value(_: &str) -> String {
    DOT.to_string().repeat(5)
}

/// Masks what identifies a person inside free text: receipt numbers,
/// A-numbers, SSNs, e-mail addresses, phone numbers, and `known` values
/// (names and the like found in personal fields).
pub fn mask_text(text: &str, known: &[String]) -> String {
    // Patterns first (a known name inside a receipt number would otherwise
    // hide the number from them), then the known values.
    let mut out = mask_patterns(text);
    for k in known.iter().filter(|k| k.chars().count() >= 3) {
        if out.contains(k.as_str()) {
            out = out.replace(k.as_str(), &mask_value(k));
        }
    }
    out
}

/// Receipt numbers, A-numbers, SSNs, phone numbers and e-mail addresses.
fn mask_patterns(out: &str) -> String {
    let chars: Vec<char> = out.chars().collect();
    let mut res = String::with_capacity(out.len());
    let mut i = 0;
    let word_start = |i: usize| i == 0 || !chars[i - 1].is_alphanumeric();
    let digits_at = |i: usize, n: usize| i + n <= chars.len() && chars[i..i + n].iter().all(|c| c.is_ascii_digit());
    let ends_word = |j: usize| chars.get(j).is_none_or(|c| !c.is_alphanumeric());
    while i < chars.len() {
        if word_start(i) {
            // A receipt number: three letters and ten digits.
            if i + 13 <= chars.len()
                && chars[i..i + 3].iter().all(|c| c.is_ascii_alphabetic())
                && digits_at(i + 3, 10)
                && ends_word(i + 13)
            {
                res.push_str(&mask_receipt(&chars[i..i + 13].iter().collect::<String>()));
                i += 13;
                continue;
            }
            // An A-number: A and 8 or 9 digits, dashes allowed.
            if chars[i] == 'A' || chars[i] == 'a' {
                let mut j = i + 1;
                if chars.get(j) == Some(&'-') || chars.get(j) == Some(&'#') {
                    j += 1;
                }
                let start = j;
                let mut n = 0;
                while j < chars.len() && (chars[j].is_ascii_digit() || (chars[j] == '-' && n > 0)) {
                    if chars[j].is_ascii_digit() {
                        n += 1;
                    }
                    j += 1;
                }
                while j > start && chars[j - 1] == '-' {
                    j -= 1;
                }
                if (8..=9).contains(&n) && ends_word(j) {
                    res.push('A');
                    res.extend(std::iter::repeat_n(DOT, n));
                    i = j;
                    continue;
                }
            }
            // An SSN: 3-2-4 digits.
            if digits_at(i, 3)
                && chars.get(i + 3) == Some(&'-')
                && digits_at(i + 4, 2)
                && chars.get(i + 6) == Some(&'-')
                && digits_at(i + 7, 4)
                && ends_word(i + 11)
            {
                res.push_str(&format!("{0}{0}{0}-{0}{0}-{0}{0}{0}{0}", DOT));
                i += 11;
                continue;
            }
            // A phone number: (555) 123-4567, 555-123-4567, +1 555 123 4567.
            if let Some(len) = phone_at(&chars, i) {
                res.extend(std::iter::repeat_n(DOT, 7));
                i += len;
                continue;
            }
        }
        // An e-mail address: the word around an "@".
        if chars[i] == '@' {
            let in_address = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
            let start = res.char_indices().rfind(|(_, c)| !in_address(*c)).map(|(p, c)| p + c.len_utf8()).unwrap_or(0);
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_alphanumeric() || ".-".contains(chars[j])) {
                j += 1;
            }
            // A sentence's full stop is not part of the address.
            while j > i + 1 && ".-".contains(chars[j - 1]) {
                j -= 1;
            }
            let domain: String = chars[i + 1..j].iter().collect();
            if start < res.len() && domain.contains('.') {
                res.truncate(start);
                res.push_str(&format!("{0}{0}{0}@{0}{0}{0}", DOT));
                i = j;
                continue;
            }
        }
        res.push(chars[i]);
        i += 1;
    }
    res
}

/// The length of a phone number starting at `i`, if one does.
fn phone_at(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if chars.get(j) == Some(&'+') {
        j += 1;
    }
    let mut digits = 0;
    let mut seps = 0;
    while j < chars.len() {
        let c = chars[j];
        if c.is_ascii_digit() {
            digits += 1;
        } else if " -.()".contains(c) && digits > 0 || (c == '(' && digits == 0) {
            seps += 1;
        } else {
            break;
        }
        j += 1;
    }
    while j > i && !chars[j - 1].is_ascii_digit() {
        j -= 1;
    }
    let after_ok = chars.get(j).is_none_or(|c| !c.is_alphanumeric());
    // Grouped as phone numbers are (555 123 4567, with a country code 1 in
    // front), not as USCIS's dates and times ("11-07-2025 16:57:31").
    let groups: Vec<usize> = chars[i..j].split(|c| !c.is_ascii_digit()).map(<[char]>::len).filter(|n| *n > 0).collect();
    let grouped = matches!(groups.as_slice(), [3, 3, 4] | [1, 3, 3, 4]);
    ((10..=11).contains(&digits) && seps >= 2 && grouped && after_ok).then_some(j - i)
}

/// True for a value under a personal field, however deep: the lines of
/// `"addresses": [{"lines": ["77 Cedar Hollow Rd"]}]` are an address too.
fn is_personal(t: &Tree, id: usize) -> bool {
    let mut at = Some(id);
    while let Some(i) = at {
        if t.key(i).is_some_and(|k| is_personal_key(&k)) {
            return true;
        }
        at = t.parent(i);
    }
    false
}

/// A string value as JSON text.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The personal values in a body: what its personal fields hold, for
/// masking them wherever else they appear.
fn personal_values(t: &Tree, out: &mut Vec<String>) {
    for id in 0..t.len() {
        if !is_personal(t, id) || t.is_container(id) {
            continue;
        }
        let src = t.source(id);
        let value = match t.kind(id) {
            Kind::String => Some(crate::tree::unescape(src).into_owned()),
            Kind::Number => Some(src.to_string()),
            _ => None,
        };
        if let Some(v) = value.filter(|v| v.trim().chars().count() >= 3) {
            // A name "DOE, JANE" is also written "JANE DOE": each part counts.
            for part in v.split([',', ' ']).map(str::trim).filter(|p| p.chars().count() >= 3) {
                out.push(part.to_string());
            }
            out.push(v);
        }
    }
}

/// Masks several bodies the same way (a receipt or a name masks alike in
/// all of them). Each result is valid JSON with its body's structure; a body
/// that is not JSON is masked as text.
pub fn mask_bodies(bodies: &[&str]) -> Vec<String> {
    let trees: Vec<Result<Tree, JsonError>> = bodies.iter().map(|b| Tree::parse(b)).collect();
    let mut known = Vec::new();
    for t in trees.iter().flatten() {
        personal_values(t, &mut known);
    }
    crate::order::sort_by_key(&mut known, |k| std::cmp::Reverse(k.len()));
    known.dedup();
    bodies
        .iter()
        .zip(&trees)
        .map(|(body, tree)| match tree {
            Ok(t) => mask_tree(t, &known),
            Err(_) => mask_text(body, &known),
        })
        .collect()
}

/// One body masked.
pub fn mask_json(body: &str) -> String {
    mask_bodies(&[body]).pop().unwrap_or_default()
}

fn mask_tree(t: &Tree, known: &[String]) -> String {
    let src: &str = &t.src;
    let mut out = String::with_capacity(src.len());
    let mut at = 0;
    for id in 0..t.len() {
        let kind = t.kind(id);
        if !matches!(kind, Kind::String | Kind::Number) {
            continue;
        }
        let (s, e) = t.span(id);
        let replacement = if is_personal(t, id) {
            // The whole value; a number becomes a string.
            Some(quoted(&mask_value(&src[s..e])))
        } else if kind == Kind::String {
            let v = crate::tree::unescape(&src[s..e]);
            let m = mask_text(&v, known);
            (m != v).then(|| quoted(&m))
        } else {
            None
        };
        if let Some(r) = replacement {
            out.push_str(&src[at..s]);
            out.push_str(&r);
            at = e;
        }
    }
    out.push_str(&src[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_after_a_letter_of_several_bytes_is_masked_whole() {
        // It used to cut the text inside the dash's bytes (a crash).
        let t = mask_text("Write to\u{2014}jane.doe@example.com or \u{c9}l\u{e8}ve\u{2192}a@b.org.", &[]);
        assert!(!t.contains("jane") && !t.contains("example") && !t.contains("a@b"), "{t}");
        assert!(t.starts_with("Write to\u{2014}") && t.contains("\u{c9}l\u{e8}ve\u{2192}"), "{t}");
    }

    #[test]
    fn receipts_keep_their_prefix_and_last_three() {
        assert_eq!(mask_receipt("IOE0912345678"), "IOE\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}678");
        let t = mask_text("Receipt Number IOE0912345678. File IOE0912345678-1761004800000-part1.tif", &[]);
        assert_eq!(t.matches("IOE\u{2022}").count(), 2, "{t}");
        assert!(!t.contains("0912345"), "{t}");
    }

    #[test]
    fn identifying_numbers_inside_text_are_masked() {
        let t = mask_text(
            "A-Number A123456789, also A-123-456-78; SSN 123-45-6789; call (555) 123-4567 or +1 555 123 4567; mail jane.doe@example.com.",
            &[],
        );
        for leak in ["123456789", "123-456-78", "123-45-6789", "555", "jane.doe", "example.com"] {
            assert!(!t.contains(leak), "{leak:?} in {t}");
        }
        assert!(t.ends_with('.'), "{t}");
        // Dates and codes are not numbers of people.
        let kept = "On 2026-01-12 code FTA0 at 3:02 PM, Form I-485, Jan 12, 2026";
        assert_eq!(mask_text(kept, &[]), kept);
        // USCIS's history dates have ten digits and separators, like a phone.
        for kept in ["11-07-2025 16:57:31", "05-29-2026 11:02:15", "2026-06-04T02:09:53.542+0000"] {
            assert_eq!(mask_text(kept, &[]), kept);
        }
        for phone in ["512-555-0147", "512.555.0147", "1 512 555 0147", "(512)555-0147"] {
            assert!(!mask_text(phone, &[]).contains("0147"), "{phone}");
        }
    }

    #[test]
    fn masked_json_keeps_its_structure_and_every_other_byte() {
        let body = r#"{"data": {"receiptNumber": "IOE0912345678", "applicantName": "DOE, JANE",
            "notices": [{"letterId": 123456789012345678901, "actionType": "Interview Scheduled"}],
            "formType": "I-485", "formName": "Application to Register", "n": 1.10,
            "statusText": "Dear JANE DOE, your case IOE0912345678 moved.", "jurisdictionDescription": "NBC"}}"#;
        let masked = mask_json(body);
        let v: serde_json::Value = serde_json::from_str(&masked).unwrap();
        let orig: serde_json::Value = serde_json::from_str(body).unwrap();
        // The same keys everywhere.
        fn shape(v: &serde_json::Value) -> String {
            match v {
                serde_json::Value::Object(m) => m.iter().map(|(k, v)| format!("{k}:{}", shape(v))).collect(),
                serde_json::Value::Array(a) => a.iter().map(shape).collect(),
                _ => String::new(),
            }
        }
        assert_eq!(shape(&v), shape(&orig));
        for leak in ["0912345", "JANE", "DOE", "123456789012345678901"] {
            assert!(!masked.contains(leak), "{leak:?} in {masked}");
        }
        assert!(v["data"]["notices"][0]["letterId"].is_string(), "a masked number becomes a string");
        for kept in ["\"I-485\"", "Application to Register", "Interview Scheduled", "\"n\": 1.10", "NBC", "IOE\u{2022}"]
        {
            assert!(masked.contains(kept), "{kept:?} lost in {masked}");
        }
    }

    #[test]
    fn the_same_receipt_masks_the_same_way_across_bodies() {
        let out =
            mask_bodies(&[r#"{"r":"IOE0912345678"}"#, r#"{"t":"about IOE0912345678"}"#, "<html>IOE0912345678</html>"]);
        let m = mask_receipt("IOE0912345678");
        assert!(out.iter().all(|o| o.contains(&m)), "{out:?}");
    }
}
