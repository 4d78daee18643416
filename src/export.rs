//! Reports as text for people: the plain-text summary with every field
//! (`casescope decode`, "copy summary"), Markdown, and JSON.

use crate::decode::{Report, Row};
use crate::i18n::Lang;

fn rows_text(out: &mut String, title: &str, rows: &[Row]) {
    if rows.is_empty() {
        return;
    }
    out.push_str(&format!("\n{title}:\n"));
    for r in rows {
        let note = r.note.as_ref().map(|n| format!(" [{n}]")).unwrap_or_default();
        out.push_str(&format!("- {}: {}{} ({} {})\n", r.label, r.value, note, r.source.endpoint.key(), r.source.path));
    }
}

/// The summary for "Copy summary", in the interface language.
pub fn summary_text(r: &Report, lang: Lang) -> String {
    let _ = lang;
    r.to_text()
}

/// The summary followed by every field, labelled, with where it came from.
pub fn full_text(r: &Report) -> String {
    let mut out = r.to_text();
    rows_text(&mut out, "Every field, explained", &r.details);
    rows_text(&mut out, "Other fields USCIS sent", &r.other_fields);
    for p in &r.problems {
        out.push_str(&format!("! {p}\n"));
    }
    out
}

/// Escapes text for a Markdown table cell or line.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The report as Markdown (for a support ticket or an attorney's notes).
pub fn markdown(r: &Report) -> String {
    let mut out = format!("# Case {}\n\n", md(r.receipt.as_deref().unwrap_or("(receipt not given)")));
    if let Some(t) = &r.status_title {
        out.push_str(&format!("**{}**\n\n", md(t)));
    }
    let mut line = |label: &str, v: &Option<String>| {
        if let Some(v) = v {
            out.push_str(&format!("- **{label}:** {}\n", md(v)));
        }
    };
    line("Form", &r.form_type.as_ref().map(|f| format!("{f} {}", r.form_title.clone().unwrap_or_default())));
    line("Stage", &Some(r.glance.stage_label.clone()));
    line("Stage evidence", &r.glance.stage_evidence);
    line("Filed", &r.filed);
    line("Last updated", &r.last_updated);
    line("Office", &r.office);
    line("Receipt prefix", &r.receipt_office);
    for f in r.flags.iter().chain(&r.glance.silent_update).chain(&r.prefix_warning) {
        out.push_str(&format!("- \u{26a0} {}\n", md(f)));
    }
    if let Some(t) = &r.status_text {
        out.push_str(&format!("\n> {}\n", md(t)));
    }
    if !r.timeline.is_empty() {
        out.push_str("\n## Timeline\n\n| When | Kind | Code | What | Source |\n|---|---|---|---|---|\n");
        for e in &r.timeline {
            let (code, source) = match &e.code {
                Some(c) => (c.code.clone(), c.source.describe()),
                None => (String::new(), String::new()),
            };
            let mut what = e.title.clone();
            if e.count > 1 {
                what.push_str(&format!(" (\u{00d7}{})", e.count));
            }
            if e.backdated {
                what.push_str(" (backdated)");
            }
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                md(&e.when_text),
                e.kind.word(),
                md(&code),
                md(&what),
                md(&source)
            ));
        }
    }
    for (title, rows) in [("Every field", &r.details), ("Other fields USCIS sent", &r.other_fields)] {
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {title}\n\n| Field | Value | Note | From |\n|---|---|---|---|\n"));
        for row in rows {
            out.push_str(&format!(
                "| {} | {} | {} | {} {} |\n",
                md(&row.label),
                md(&row.value),
                md(row.note.as_deref().unwrap_or("")),
                row.source.endpoint.key(),
                md(&row.source.path)
            ));
        }
    }
    out
}

/// The report as pretty JSON.
pub fn json(r: &Report) -> String {
    serde_json::to_string_pretty(r).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::Fixed;
    use crate::decode::{decode, Bodies, Ctx};

    fn report() -> Report {
        let case = serde_json::json!({"data": {"receiptNumber": "IOE0912345678", "formType": "I-765",
            "events": [{"eventCode": "SA", "eventTimestamp": "2026-05-26T14:31:07.100Z"}],
            "odd|field": "<b>x</b>"}});
        decode(&Bodies { case: Some(case), ..Bodies::default() }, &Ctx { now_ms: 0, zone: &Fixed(0) })
    }

    #[test]
    fn markdown_escapes_what_it_must() {
        let m = markdown(&report());
        assert!(m.starts_with("# Case IOE0912345678\n"));
        assert!(m.contains("| odd\\|field | \\<b\\>x\\</b\\> |"), "{m}");
        assert!(m.contains("| SA | Case approved |"), "{m}");
    }

    #[test]
    fn text_and_json_carry_every_field() {
        let t = full_text(&report());
        assert!(t.contains("Other fields USCIS sent:\n- odd|field: <b>x</b>"), "{t}");
        let j: serde_json::Value = serde_json::from_str(&json(&report())).unwrap();
        assert_eq!(j["receipt"], "IOE0912345678");
        assert_eq!(j["events"][0]["code"]["source"]["kind"], "observed");
    }
}
