//! Reports as text for people, in their language: the plain-text summary
//! ("Copy summary"), the same with every field (`casescope decode`),
//! Markdown, and JSON (data, for programs: not translated).

use crate::decode::{Report, Row, Source};
use crate::endpoints::Endpoint;
use crate::i18n::{Lang, T, W};
use crate::tree::Tree;

/// The decoded summary as plain text, for "Copy summary".
pub fn summary_text(r: &Report, lang: Lang) -> String {
    let w = W(lang);
    let mut out = String::new();
    let mut line = |label: &str, value: Option<String>| {
        if let Some(v) = value {
            out.push_str(&format!("{label}: {v}\n"));
        }
    };
    line(w.t(T::FieldReceipt), r.receipt.clone());
    line(w.t(T::TxtReceiptPrefix), r.receipt_office.clone());
    line(
        w.t(T::FieldForm),
        r.form_type.as_ref().map(|f| match &r.form_title {
            Some(t) => format!("{f} ({t})"),
            None => f.clone(),
        }),
    );
    let es = lang == Lang::Es;
    let title = r.status_title_es.clone().filter(|_| es).or_else(|| r.status_title.clone());
    line(w.t(T::FieldStatus), title);
    line(w.t(T::FieldCode), r.current_code.as_ref().map(|c| format!("{} \u{2013} {}", c.code, w.code_label(c))));
    line(w.t(T::FieldFiled), r.filed.as_ref().map(|d| w.date(d)));
    line(w.t(T::FieldUpdated), r.last_updated.as_ref().map(|d| w.date(d)));
    line(w.t(T::FieldOffice), r.office.clone());
    if let Some(t) = r.status_text_es.as_ref().filter(|_| es).or(r.status_text.as_ref()) {
        out.push_str(&format!("\n{t}\n"));
    }
    for f in &r.flags {
        out.push_str(&format!("! {}\n", w.flag(*f)));
    }
    // The appointments still ahead, soonest first (a letter issued again is one).
    let mut soon: Vec<&crate::dates::DateValue> =
        r.notices.iter().filter(|n| n.appointment_upcoming).filter_map(|n| n.appointment.as_ref()).collect();
    crate::order::sort_by_key(&mut soon, |a| a.when.map(|w| w.sort_ms()));
    soon.dedup_by_key(|a| a.when);
    if !soon.is_empty() {
        out.push_str(&format!("\n{}:\n", w.t(T::UpcomingHeading)));
        for a in soon {
            out.push_str(&format!("- {}: {}\n", w.date(a), w.t(T::AppointmentKind)));
        }
    }
    let g = &r.glance;
    let evidence = g.stage_evidence.as_ref().map(|e| w.f(T::TxtFromEvidence, &[&w.stage_evidence(e)]));
    out.push_str(&format!("\n{}: {}{}\n", w.t(T::Stage), w.stage(g.stage), evidence.unwrap_or_default()));
    if let Some(d) = g.days_since_filing {
        out.push_str(&format!("{}: {d}\n", w.t(T::TxtDaysSinceFiling)));
    }
    if let (Some(d), Some(what)) = (g.days_since_last_action, &g.last_action) {
        out.push_str(&format!("{}: {} ({})\n", w.t(T::LastAction), w.relative_days(d), w.last_action(what)));
    }
    if let Some(s) = &g.silent_update {
        out.push_str(&format!("! {}\n", w.silent_update(s)));
    }
    if let Some(p) = &r.prefix_unreliable {
        out.push_str(&format!("! {}\n", w.prefix_warning(p)));
    }
    if !r.timeline.is_empty() {
        out.push_str(&format!("\n{}:\n", w.t(T::TimelineHeading)));
        for e in &r.timeline {
            let title = w.entry_title(e);
            let what = match e.code() {
                Some(c) => format!("{} \u{2013} {title} ({})", c.code, w.label_source(&c.source)),
                None => title,
            };
            let mut extra = String::new();
            if e.count() > 1 {
                extra.push_str(&format!(" (\u{00d7}{})", e.count()));
            }
            if e.backdated() {
                extra.push_str(&format!(" ({})", w.t(T::Backdated)));
            }
            if e.upcoming() {
                extra.push_str(&format!(" ({})", w.t(T::Upcoming)));
            }
            if let Some(copies) = w.copies_recorded(e) {
                extra.push_str(&format!(" ({copies})"));
            } else if let Some(rec) = e.recorded() {
                extra.push_str(&format!(" ({})", w.f(T::RecordedOn, &[&w.local(&rec)])));
            }
            out.push_str(&format!("- {}: {} {what}{extra}\n", w.maybe_date(e.date()), w.entry_kind(e.kind())));
        }
    }
    out
}

fn rows_text(out: &mut String, title: &str, rows: &[Row], w: W) {
    if rows.is_empty() {
        return;
    }
    out.push_str(&format!("\n{title}:\n"));
    for r in rows {
        let note = r.note.as_ref().map(|n| format!(" [{}]", w.note(n))).unwrap_or_default();
        out.push_str(&format!(
            "- {}: {}{} ({} {})\n",
            w.field(&r.key),
            w.shown(&r.key, &r.value),
            note,
            r.source.endpoint.key(),
            r.source.path
        ));
    }
}

fn values_text(out: &mut String, tree: Option<&Tree>, source: &Source, indent: &str) {
    for m in tree.map(|t| t.members(&source.path)).unwrap_or_default() {
        out.push_str(&format!("{indent}{}: {} ({} {})\n", m.key, m.value, source.endpoint.key(), m.path));
    }
}

/// Every value of every timeline entry, as sent (read from `answers`, the
/// parsed answers); each copy of a re-issued event with its own recorded date.
fn every_value_text(out: &mut String, r: &Report, answers: &[(Endpoint, Tree)], w: W) {
    if answers.is_empty() || r.timeline.is_empty() {
        return;
    }
    let tree = |e: Endpoint| answers.iter().find(|(a, _)| *a == e).map(|(_, t)| t);
    out.push_str(&format!("\n{}:\n", w.t(T::TxtEveryValue)));
    for e in &r.timeline {
        out.push_str(&format!("- {}: {} {}\n", w.maybe_date(e.date()), w.entry_kind(e.kind()), w.entry_title(e)));
        if e.copies().is_empty() {
            values_text(out, tree(e.source().endpoint), e.source(), "    ");
            continue;
        }
        for (i, c) in e.copies().iter().enumerate() {
            let mut head = w.f(T::CopyOf, &[&(i + 1).to_string(), &e.copies().len().to_string()]);
            if let Some(rec) = &c.recorded {
                head.push_str(&format!(" \u{2013} {}", w.f(T::RecordedOn, &[&w.local(rec)])));
            }
            if c.backdated {
                head.push_str(&format!(" ({})", w.t(T::CopyBackdated)));
            }
            out.push_str(&format!("  {head}\n"));
            let source = e.copy_source(c);
            values_text(out, tree(source.endpoint), &source, "    ");
        }
    }
}

/// The summary followed by every field, labelled, with where it came from,
/// and every value of every timeline entry, read from `answers` (the parsed
/// answers the report was decoded from; none: that part is left out).
pub fn full_text(r: &Report, lang: Lang, answers: &[(Endpoint, Tree)]) -> String {
    let w = W(lang);
    let mut out = summary_text(r, lang);
    every_value_text(&mut out, r, answers, w);
    rows_text(&mut out, w.t(T::EveryField), &r.details, w);
    rows_text(&mut out, w.t(T::TxtOtherFields), &r.other_fields, w);
    for p in &r.problems {
        out.push_str(&format!("! {}\n", w.problem(p)));
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
pub fn markdown(r: &Report, lang: Lang) -> String {
    let w = W(lang);
    let receipt = r.receipt.clone().unwrap_or_else(|| w.t(T::MdNoReceipt).into());
    let mut out = format!("# {}\n\n", w.f(T::MdCase, &[&md(&receipt)]));
    if let Some(t) = &r.status_title {
        out.push_str(&format!("**{}**\n\n", md(t)));
    }
    let mut line = |label: &str, v: Option<String>| {
        if let Some(v) = v {
            out.push_str(&format!("- **{label}:** {}\n", md(&v)));
        }
    };
    line(w.t(T::FieldForm), r.form_type.as_ref().map(|f| format!("{f} {}", r.form_title.clone().unwrap_or_default())));
    line(w.t(T::Stage), Some(w.stage(r.glance.stage).into()));
    line(w.t(T::MdStageEvidence), r.glance.stage_evidence.as_ref().map(|e| w.stage_evidence(e)));
    line(w.t(T::FieldFiled), r.filed.as_ref().map(|d| w.date(d)));
    line(w.t(T::FieldUpdated), r.last_updated.as_ref().map(|d| w.date(d)));
    line(w.t(T::FieldOffice), r.office.clone());
    line(w.t(T::TxtReceiptPrefix), r.receipt_office.clone());
    let warnings = r
        .flags
        .iter()
        .map(|f| w.flag(*f).to_string())
        .chain(r.glance.silent_update.as_ref().map(|s| w.silent_update(s)))
        .chain(r.prefix_unreliable.as_ref().map(|p| w.prefix_warning(p)));
    for f in warnings {
        out.push_str(&format!("- \u{26a0} {}\n", md(&f)));
    }
    if let Some(t) = &r.status_text {
        out.push_str(&format!("\n> {}\n", md(t)));
    }
    if !r.timeline.is_empty() {
        out.push_str(&format!(
            "\n## {}\n\n| {} | {} | {} | {} | {} |\n|---|---|---|---|---|\n",
            w.t(T::MdTimeline),
            w.t(T::ColWhen),
            w.t(T::MdKind),
            w.t(T::ColCode),
            w.t(T::MdWhat),
            w.t(T::MdSource)
        ));
        for e in &r.timeline {
            let (code, source) = match e.code() {
                Some(c) => (c.code.to_string(), w.label_source(&c.source)),
                None => (String::new(), String::new()),
            };
            let mut what = w.entry_title(e);
            if e.count() > 1 {
                what.push_str(&format!(" (\u{00d7}{})", e.count()));
            }
            if e.backdated() {
                what.push_str(&format!(" ({})", w.t(T::Backdated)));
            }
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                md(&w.maybe_date(e.date())),
                w.entry_kind(e.kind()),
                md(&code),
                md(&what),
                md(&source)
            ));
        }
    }
    for (title, rows) in [(T::MdEveryField, &r.details), (T::TxtOtherFields, &r.other_fields)] {
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n## {}\n\n| {} | {} | {} | {} |\n|---|---|---|---|\n",
            w.t(title),
            w.t(T::MdField),
            w.t(T::MdValue),
            w.t(T::MdNote),
            w.t(T::MdFrom)
        ));
        for row in rows {
            out.push_str(&format!(
                "| {} | {} | {} | {} {} |\n",
                md(w.field(&row.key)),
                md(&w.shown(&row.key, &row.value)),
                md(&row.note.as_ref().map(|n| w.note(n)).unwrap_or_default()),
                row.source.endpoint.key(),
                md(&row.source.path)
            ));
        }
    }
    out
}

/// How many timeline entries a forum post lists.
pub const FORUM_ENTRIES: usize = 6;

/// A short Markdown summary for a forum post or an issue (Reddit, GitHub):
/// form, status, stage, days since filing, the last USCIS action and the
/// newest timeline entries with their codes explained. Meant to be given a
/// masked report; it says at its end that it is masked and unofficial.
pub fn forum_post(r: &Report, lang: Lang) -> String {
    let w = W(lang);
    let mut out = String::new();
    let form = match (&r.form_type, &r.form_title) {
        (Some(f), Some(t)) => format!("**{}** ({})", md(f), md(t)),
        (Some(f), None) => format!("**{}**", md(f)),
        _ => String::new(),
    };
    let status = r.status_title.as_deref().map(|s| format!("**{}**", md(s))).unwrap_or_default();
    out.push_str(&[form, status].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" \u{2013} "));
    out.push_str("\n\n");
    let g = &r.glance;
    if let Some(step) = g.steps.iter().find(|s| s.current) {
        out.push_str(&format!("- {}\n", md(&w.step_text(step, r.form_type.as_deref()))));
    } else {
        out.push_str(&format!("- {}: {}\n", w.t(T::Stage), w.stage(g.stage)));
    }
    if let Some(f) = &r.filed {
        out.push_str(&format!("- {}: {}\n", w.t(T::FieldFiled), md(&w.date(f))));
    }
    if let (Some(d), Some(a)) = (g.days_since_last_action, &g.last_action) {
        out.push_str(&format!("- {}: {} ({})\n", w.t(T::LastAction), w.relative_days(d), md(&w.last_action(a))));
    }
    for f in &r.flags {
        out.push_str(&format!("- \u{26a0} {}\n", md(w.flag(*f))));
    }
    if !r.timeline.is_empty() {
        out.push_str(&format!("\n{}:\n\n", w.t(T::TimelineHeading)));
        for e in r.timeline.iter().take(FORUM_ENTRIES) {
            let what = match e.code() {
                Some(c) => format!("`{}` {} ({})", md(&c.code), md(&w.entry_title(e)), md(&w.label_source(&c.source))),
                None => md(&w.entry_title(e)),
            };
            out.push_str(&format!("- {} \u{2013} {}: {what}\n", md(&w.maybe_date(e.date())), w.entry_kind(e.kind())));
        }
    }
    out.push_str(&format!("\n_{}_\n", md(w.t(T::ForumFooter))));
    out
}

/// Report JSON (from [`json`]) that says first that it is masked.
pub fn json_marked_masked(report_json: &str) -> String {
    let Ok(serde_json::Value::Object(m)) = serde_json::from_str::<serde_json::Value>(report_json) else {
        return report_json.to_string();
    };
    let mut out = serde_json::Map::new();
    out.insert("masked".into(), serde_json::Value::Bool(true));
    out.extend(m);
    serde_json::to_string_pretty(&out).unwrap_or_else(|_| report_json.to_string())
}

/// The report as pretty JSON: data for programs, in no one language.
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
            "closed": false, "odd|field": "<b>x</b>"}});
        decode(&Bodies::default().with_json(Endpoint::Case, &case.to_string()), &Ctx { now_ms: 0, zone: &Fixed(0) })
    }

    #[test]
    fn markdown_escapes_what_it_must() {
        let m = markdown(&report(), Lang::En);
        assert!(m.starts_with("# Case IOE0912345678\n"));
        assert!(m.contains("| odd\\|field | \\<b\\>x\\</b\\> |"), "{m}");
        assert!(m.contains("| SA | Case approved |"), "{m}");
    }

    #[test]
    fn text_and_json_carry_every_field() {
        let t = full_text(&report(), Lang::En, &[]);
        assert!(t.contains("Other fields USCIS sent:\n- odd|field: <b>x</b>"), "{t}");
        assert!(t.contains("- Case closed: No: the case is open (cases $.data.closed)"), "{t}");
        let j: serde_json::Value = serde_json::from_str(&json(&report())).unwrap();
        assert_eq!(j["receipt"], "IOE0912345678");
        assert_eq!(j["events"][0]["code"]["source"]["kind"], "observed");
    }

    #[test]
    fn spanish_readers_get_spanish_words_around_usciss_own() {
        let t = full_text(&report(), Lang::Es, &[]);
        assert!(t.starts_with("Recibo: IOE0912345678\n"), "{t}");
        assert!(t.contains("- Caso cerrado: No: el caso est\u{e1} abierto (cases $.data.closed)"), "{t}");
        assert!(
            t.contains(
                "Etapa: Decisi\u{f3}n: aprobado (seg\u{fa}n el c\u{f3}digo de evento SA del 26 de mayo de 2026)"
            ),
            "{t}"
        );
        // The community table stays in English and says so.
        assert!(
            t.contains("SA \u{2013} Case approved (tabla de la comunidad, en ingl\u{e9}s; visto en casos reales)"),
            "{t}"
        );
        let m = markdown(&report(), Lang::Es);
        assert!(m.starts_with("# Caso IOE0912345678\n"), "{m}");
        assert!(m.contains("| Campo | Valor | Nota | De |"), "{m}");
    }
}
