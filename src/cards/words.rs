//! A card's own words: what the account page shows of a case when its data
//! is not in the page. CaseLens's reading of the page (API-NOTES, "Other
//! readings of the account page"; its replica `test/backdrop.html`) gives
//! each card an `<h3>` with the form and its title, "Submitted on March 14,
//! 2026 | Receipt # IOE…", "Case closed" on a closed case, then the status
//! date alone on a line, USCIS's status title, its text and "Current as of
//! today at 9:14 a.m."; tpm2dot0's reading gives the `<h3>`, "Submitted on"
//! and "Receipt #" only.
//!
//! This is the page's text, so it is read as untrusted: a limited length,
//! no control characters, and nothing that is not found is guessed. It is
//! never an answer: history and the badge never use it.

use serde::{Deserialize, Serialize};

/// At most this much of a card's text is read, and of one value kept.
pub const MAX_CARD_TEXT: usize = 4000;
pub const MAX_VALUE: usize = 200;

/// What a card says of its case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardWords {
    /// The form (`I-765`) and its title, from the card's heading.
    pub form: Option<String>,
    pub form_title: Option<String>,
    /// USCIS's status title as the card shows it, and its date.
    pub status: Option<String>,
    pub status_day: Option<(i32, u32, u32)>,
    /// "Case closed".
    pub closed: bool,
    /// "Submitted on …".
    pub submitted: Option<(i32, u32, u32)>,
}

impl CardWords {
    pub fn is_empty(&self) -> bool {
        *self == CardWords::default()
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A day written out: `March 14, 2026` or `14 de marzo de 2026`, alone.
pub fn written_day(s: &str) -> Option<(i32, u32, u32)> {
    let s = s.trim().trim_end_matches('.');
    let words: Vec<&str> = s.split_whitespace().collect();
    let num = |w: &str| w.parse::<u32>().ok();
    let (y, m, d) = match words.as_slice() {
        [mon, day, year] => {
            let m = MONTHS.iter().position(|x| x.eq_ignore_ascii_case(mon))? as u32 + 1;
            (num(year)?, m, num(day.strip_suffix(',')?)?)
        }
        [day, "de", mon, "de", year] => {
            // The site can show its words in Spanish (`statusTitleSpanish`); its
            // dates then may be written the Spanish way.
            let m = crate::dates::MONTHS_ES.iter().position(|x| x.eq_ignore_ascii_case(mon))? as u32 + 1;
            (num(year)?, m, num(day)?)
        }
        _ => return None,
    };
    let y = i32::try_from(y).ok().filter(|y| (1990..=2200).contains(y))?;
    let days = [
        31,
        if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (1..=days[m as usize - 1]).contains(&d).then_some((y, m, d))
}

/// A line of the page kept as a value: no control or direction-changing
/// characters, one line,
/// at most [`MAX_VALUE`] characters.
fn value(s: &str) -> Option<String> {
    let clean: String = s.chars().filter(|&c| !c.is_control() && !crate::text::is_bidi_control(c)).collect();
    let clean = clean.trim();
    (!clean.is_empty()).then(|| crate::text::head(clean, MAX_VALUE).to_string())
}

/// The form a heading names (`I-765, Application for Employment
/// Authorization`), and its title: a letter or two, a dash and a number,
/// then the title after a comma.
fn form_heading(line: &str) -> Option<(String, Option<String>)> {
    let (form, rest) = match line.split_once(',') {
        Some((f, rest)) => (f.trim(), Some(rest)),
        None => (line.trim(), None),
    };
    let (letters, digits) = form.split_once('-')?;
    let ok = (1..=2).contains(&letters.len())
        && letters.bytes().all(|b| b.is_ascii_uppercase())
        && digits.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && digits.len() <= 6
        && digits.bytes().all(|b| b.is_ascii_alphanumeric());
    ok.then(|| (form.to_string(), rest.and_then(value)))
}

/// Reads a card's visible text (`innerText`, so one line per block).
pub fn read(text: &str) -> CardWords {
    let lines: Vec<&str> =
        crate::text::head(text, MAX_CARD_TEXT).lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut w = CardWords::default();
    for (i, line) in lines.iter().enumerate() {
        if w.form.is_none() {
            if let Some((form, title)) = form_heading(line) {
                w.form_title = title.or_else(|| crate::codes::form_title(&form).map(String::from));
                w.form = Some(form);
                continue;
            }
        }
        if line.eq_ignore_ascii_case("case closed") {
            w.closed = true;
            continue;
        }
        if let Some(rest) = line.split_once("Submitted on").map(|(_, r)| r) {
            w.submitted = w.submitted.or_else(|| written_day(rest.split('|').next().unwrap_or_default()));
            continue;
        }
        // The status: its date alone on a line, then USCIS's title.
        if w.status.is_none() {
            if let Some(day) = written_day(line) {
                let title = lines.get(i + 1).filter(|t| written_day(t).is_none() && !t.starts_with("Current as of"));
                if let Some(title) = title.and_then(|t| value(t)) {
                    w.status = Some(title);
                    w.status_day = Some(day);
                }
            }
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A card of CaseLens's replica of the page (`test/backdrop.html`), as
    /// the browser's `innerText` gives it.
    const CLOSED: &str = "Case closed\nI-765, Application for Employment Authorization\n\
        Submitted on March 14, 2026 | Receipt # IOE0000000002\n\
        Case Status\tCase History\tDocuments\tRepresentative\nJuly 18, 2026\n\
        Card Was Delivered To Me By The Post Office\n\
        On July 18, 2026, the Post Office delivered your new card for Receipt Number IOE0000000002, to the address \
        that you gave us.\nCurrent as of today at 9:14 a.m.";

    #[test]
    fn a_card_gives_its_form_status_dates_and_closed_as_the_page_shows_them() {
        let w = read(CLOSED);
        assert_eq!(w.form.as_deref(), Some("I-765"));
        assert_eq!(w.form_title.as_deref(), Some("Application for Employment Authorization"));
        assert_eq!(w.status.as_deref(), Some("Card Was Delivered To Me By The Post Office"));
        assert_eq!(w.status_day, Some((2026, 7, 18)));
        assert!(w.closed);
        assert_eq!(w.submitted, Some((2026, 3, 14)));
    }

    #[test]
    fn the_id_layouts_card_gives_what_it_has_and_nothing_is_guessed() {
        // tpm2dot0's reading: heading, "Submitted on", "Receipt #".
        let w = read("I-485, Application to Register Permanent Residence or Adjust Status\nSubmitted on January 12, 2026\nReceipt # IOE0912345678");
        assert_eq!(w.form.as_deref(), Some("I-485"));
        assert_eq!(w.submitted, Some((2026, 1, 12)));
        assert_eq!((w.status, w.status_day, w.closed), (None, None, false));
        // A heading with no title takes the forms table's.
        let w = read("I-131\nReceipt # IOE0955500011");
        assert_eq!(w.form.as_deref(), Some("I-131"));
        assert!(w.form_title.is_some());
        assert!(read("Your cases\nnothing here").is_empty());
    }

    #[test]
    fn the_pages_text_is_untrusted_limited_and_never_guessed_from() {
        let long = format!("I-765, {}\nJuly 18, 2026\n{}\u{0007}x", "T".repeat(5000), "S".repeat(5000));
        let w = read(&long);
        assert_eq!(w.form_title.as_ref().map(|t| t.chars().count()), Some(MAX_VALUE));
        // The status is past the first 4000 bytes: not read at all.
        assert_eq!(w.status, None);
        let w = read("July 18, 2026\n<img src=x onerror=alert(1)>\u{202e}");
        assert_eq!(
            w.status.as_deref(),
            Some("<img src=x onerror=alert(1)>"),
            "kept as text, control and bidi characters out"
        );
        // Not days: no date is made up.
        for not in ["February 30, 2026", "Smarch 1, 2026", "July 18 2026", "18 julio 2026", "July 18, 99999"] {
            assert_eq!(written_day(not), None, "{not}");
        }
        assert_eq!(written_day("18 de julio de 2026"), Some((2026, 7, 18)));
        // A date with no title after it is no status.
        assert_eq!(read("July 18, 2026\nCurrent as of today at 9:14 a.m.").status, None);
    }
}
