//! The interface in Spanish: every screen, the switch, the words of copies.

use super::*;

// ---- Language ----------------------------------------------------------

/// Words that are English and not Spanish: none may be on a Spanish screen
/// except inside what USCIS sent or a code table's own words.
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "of",
    "from",
    "with",
    "for",
    "in",
    "on",
    "is",
    "not",
    "this",
    "your",
    "you",
    "at",
    "Fetch",
    "Fetching",
    "fetch",
    "Copy",
    "copy",
    "Copied",
    "Show",
    "show",
    "Sign",
    "sign",
    "answer",
    "answers",
    "again",
    "days",
    "day",
    "ago",
    "today",
    "yesterday",
    "Unknown",
    "Loading",
    "Cancel",
    "Close",
    "Theme",
    "theme",
    "Download",
    "Open",
    "Raw",
    "raw",
    "Tree",
    "Search",
    "search",
    "Expand",
    "Collapse",
    "Depth",
    "Every",
    "explained",
    "Other",
    "Summary",
    "Timeline",
    "When",
    "What",
    "happened",
    "Stage",
    "Filed",
    "filed",
    "Look",
    "page",
    "Receipt",
    "receipt",
    "Last",
    "updated",
    "glance",
    "since",
    "filing",
    "entries",
    "Stopped",
    "asking",
    "Fetched",
    "worker",
    "seconds",
    "empty",
    "none",
    "Status",
    "Code",
    "Office",
    "Form",
    "Event",
    "Document",
    "Appointment",
    "Notice",
    "Yes",
    "Not",
    "requested",
    "known",
    "shown",
    "sent",
    "keys",
    "items",
    "match",
    "value",
    "path",
    "Previous",
    "Next",
    "Endpoint",
    "Answered",
    "upcoming",
    "backdated",
    "recorded",
    "evidence",
    "community",
    "table",
    "observed",
    "internal",
    "description",
    "words",
    "own",
    "Action",
    "required",
    "Premium",
    "processing",
    "Unofficial",
    "only",
    "browser",
    "Reads",
    "system",
    "dark",
    "light",
];

/// Every word on screen, leaving out what shows USCIS's answers as sent
/// (the raw tree's keys and values, the text view's lines, paths, the
/// printed record's answers).
fn screen_words(n: &Node, lang: &str, out: &mut Vec<String>) {
    let Node::Element { attrs, children, .. } = n else {
        if let Node::Text(t) = n {
            out.push(t.clone());
        }
        return;
    };
    let class = attrs.iter().find(|(k, _)| *k == "class").map(|(_, v)| v.as_str()).unwrap_or("");
    // Written in another language on purpose, and marked so (the language
    // switch, USCIS's English text a click away).
    if attrs.iter().any(|(k, v)| *k == "lang" && v != lang) {
        return;
    }
    let raw = ["t-str", "t-key", "t-num", "t-bool", "t-null", "lt", "path", "printed-json"];
    if class.split(' ').any(|c| raw.contains(&c)) {
        return;
    }
    for (k, v) in attrs {
        let is_path = attrs.iter().any(|(k, _)| *k == "data-path");
        if matches!(*k, "aria-label" | "placeholder") || (*k == "title" && !is_path && !v.contains('$')) {
            out.push(v.clone());
        }
    }
    for c in children {
        screen_words(c, lang, out);
    }
}

/// Every string USCIS sent in `v`, and the same as text where it was HTML.
fn server_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => {
            out.push(s.clone());
            out.push(crate::text::html_to_text(s));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| server_strings(x, out)),
        serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| {
            out.push(k.clone());
            server_strings(x, out)
        }),
        _ => {}
    }
}

/// English words left on `screen`, a page in `lang`, once USCIS's own
/// words and the code tables' are taken out.
fn english_left(screen: &Node, app: &App, lang: Lang) -> Vec<String> {
    let mut theirs = Vec::new();
    if let Some(l) = app.shown_case() {
        for r in &l.bundle.results {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&r.body) {
                server_strings(&v, &mut theirs);
            }
        }
        // Code tables keep their source language (and say so).
        let rep = &l.report;
        let codes = rep.events.iter().map(|e| &*e.code).chain(&rep.current_code);
        theirs.extend(codes.filter_map(|c| c.label.as_deref().map(String::from)));
        theirs.extend(rep.form_title.clone());
        theirs.extend(rep.receipt_office.clone());
        for row in rep.details.iter().chain(&rep.other_fields) {
            match &row.note {
                Some(crate::decode::Note::FormTitle(t) | crate::decode::Note::Office(t)) => theirs.push(t.clone()),
                Some(crate::decode::Note::Code(c)) => theirs.extend(c.label.as_deref().map(String::from)),
                _ => {}
            }
        }
    }
    theirs.retain(|s| !s.trim().is_empty());
    theirs.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut words = Vec::new();
    screen_words(screen, lang.tag(), &mut words);
    let mut left = Vec::new();
    for mut text in words {
        for s in &theirs {
            text = remove_whole(&text, s);
        }
        // Chinese keeps the English term people search by in brackets
        // after its own word: "收据号 (Receipt Number)" (docs/GLOSSARY-zh.md).
        if lang == Lang::Zh {
            text = without_bracketed_terms(&text);
        }
        for word in text.split(|c: char| !c.is_alphabetic()) {
            if ENGLISH.contains(&word) {
                left.push(format!("{word:?} in {text:?}"));
            }
        }
    }
    left
}

/// `text` without the brackets that hold only Latin letters, digits and spaces.
fn without_bracketed_terms(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('(') {
        let Some(j) = rest[i..].find(')') else { break };
        let inner = &rest[i + 1..i + j];
        out.push_str(&rest[..i]);
        if !inner.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-') {
            out.push_str(&rest[i..=i + j]);
        }
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    out
}

/// `text` without `s` where `s` stands as whole words (not inside one).
fn remove_whole(text: &str, s: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(s) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + s.len()..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        let whole = edge(before) || !s.starts_with(char::is_alphanumeric);
        let whole = whole && (edge(after) || !s.ends_with(char::is_alphanumeric));
        out.push_str(&rest[..i]);
        out.push_str(if whole { " " } else { s });
        rest = &rest[i + s.len()..];
    }
    out.push_str(rest);
    out
}

#[test]
fn every_screen_in_spanish_has_no_english_word_of_its_own() {
    no_english_word_of_its_own(Lang::Es);
}

#[test]
fn every_screen_in_chinese_has_no_english_word_of_its_own() {
    no_english_word_of_its_own(Lang::Zh);
}

/// Every screen in `lang`: no English word but USCIS's own and the code tables'.
fn no_english_word_of_its_own(lang: Lang) {
    let settings = || Settings { lang, ..Settings::default() };
    let mut screens: Vec<(String, App)> = Vec::new();
    let mut app = |what: &str, f: &dyn Fn(&mut App)| {
        let mut a = App::default();
        a.update(Event::Settings(settings()), &ctx());
        f(&mut a);
        screens.push((what.into(), a));
    };
    app("looking at the tab", &|_| {});
    app("elsewhere", &|a| {
        a.update(Event::Opened { url: None, page_text: None }, &ctx());
    });
    app("chooser with an error", &|a| {
        a.update(
            Event::Opened {
                url: Some("https://my.uscis.gov/account/applicant".into()),
                page_text: Some("IOE0912345678 IOE0887654321".into()),
            },
            &ctx(),
        );
        a.update(Event::Submit("IOE-1".into()), &ctx());
    });
    app("fetching", &|a| {
        a.update(
            Event::Opened {
                url: Some("https://my.uscis.gov/account/other-page/IOE0912345678".into()),
                page_text: None,
            },
            &ctx(),
        );
    });
    app("failed", &|a| {
        a.update(
            Event::Opened {
                url: Some("https://my.uscis.gov/account/other-page/IOE0912345678".into()),
                page_text: None,
            },
            &ctx(),
        );
        a.update(
            Event::Fetched { receipt: r("IOE0912345678"), result: Err(FetchError::NoBackground("x".into())) },
            &ctx(),
        );
    });
    app("signed out, cancelled", &|a| {
        a.update(
            Event::Opened {
                url: Some("https://my.uscis.gov/account/other-page/IOE0912345678".into()),
                page_text: None,
            },
            &ctx(),
        );
        let b = bundle(Endpoint::ALL.iter().map(|e| result(*e, 401, "{}")).collect());
        a.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
    });
    app("limited, waiting to retry", &|a| {
        a.update(
            Event::Opened {
                url: Some("https://my.uscis.gov/account/other-page/IOE0912345678".into()),
                page_text: None,
            },
            &ctx(),
        );
        let mut limited = result(Endpoint::Status, 429, "");
        limited.retry_after = Some("30".into());
        let mut cut = result(Endpoint::Case, 0, "");
        cut.network_error = Some(NetError::Timeout);
        let b = bundle(vec![
            cut,
            limited,
            result(Endpoint::ReceiptInfo, 500, "<html>x</html>"),
            result(Endpoint::Documents, 200, "{\"data\": [1,"),
        ]);
        a.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
    });
    app("not found", &|a| {
        a.update(
            Event::Opened {
                url: Some("https://my.uscis.gov/account/other-page/IOE0912345678".into()),
                page_text: None,
            },
            &ctx(),
        );
        let b = bundle(Endpoint::ALL.iter().map(|e| result(*e, 404, "{}")).collect());
        a.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
    });
    app("one answer missing", &|a| {
        a.update(
            Event::Opened {
                url: Some("https://my.uscis.gov/account/other-page/IOE0912345678".into()),
                page_text: None,
            },
            &ctx(),
        );
        let b = with_failing(Endpoint::Status, 500, "<html>x</html>");
        a.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
        a.update(Event::Painted, &ctx());
    });
    for (i, case) in fixture_cases().into_iter().enumerate() {
        let receipt = case.receipt.clone();
        screens.push((format!("case {i}"), {
            let mut a = App::default();
            a.update(
                Event::OpenedFor { layout: Layout::Embedded, receipt: receipt.clone(), settings: settings() },
                &at(1_795_694_400_000),
            );
            a.update(Event::Fetched { receipt, result: Ok(case) }, &at(1_795_694_400_000));
            a.update(Event::Painted, &at(1_795_694_400_000));
            a.update(act("timeline-all"), &at(1_795_694_400_000));
            let paths: Vec<String> =
                a.loaded().unwrap().report.timeline.iter().map(|e| e.source().path.to_string()).collect();
            for path in paths {
                a.update(Event::Action(Action::EntryValues(path)), &at(1_795_694_400_000));
            }
            a.update(act("v:expand-all"), &at(1_795_694_400_000));
            a.update(act("copy-summary"), &at(1_795_694_400_000));
            a.update(Event::Copied { what: Copied::Summary, ok: true }, &at(1_795_694_400_000));
            a
        }));
    }
    for (i, case) in fixture_cases().into_iter().enumerate() {
        let receipt = case.receipt.clone();
        screens.push((format!("printed record {i}"), {
            let mut a = App::default();
            let settings = Settings { mask: i % 2 == 1, ..settings() };
            a.update(Event::OpenedFor { layout: Layout::Print, receipt: receipt.clone(), settings }, &ctx());
            a.update(Event::Fetched { receipt, result: Ok(case) }, &ctx());
            a.update(Event::Painted, &ctx());
            a
        }));
    }
    screens.push(("a remembered case that changed".into(), {
        let mut a = App::default();
        let settings = Settings { remember: Some(true), ..settings() };
        a.update(Event::OpenedFor { layout: Layout::Tab, receipt: r("IOE0912345678"), settings }, &ctx());
        let mut before = crate::history::CaseHistory::new(r("IOE0912345678"));
        let case = fixture_case();
        let read: Vec<_> = case.results.iter().map(|x| (x.endpoint, Some(x.body.as_str()))).collect();
        before.add(1_000, &read);
        a.update(Event::KeptLoaded { receipt: r("IOE0912345678"), case: Ok(Some(before)), all_bytes: 5_000 }, &ctx());
        let mut next = fixture_case();
        next.fetched_at_ms = 2_000.0;
        for res in &mut next.results {
            res.body = res
                .body
                .replace("\"actionRequired\": false", "\"actionRequired\": true")
                .replacen("\"events\": [", "\"events\": [{\"eventId\": \"n\", \"eventCode\": \"FTA1\"},", 1)
                .into();
        }
        a.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(next) }, &ctx());
        a.update(Event::Painted, &ctx());
        a.update(Event::KeptSaved(Err("QUOTA_BYTES".into())), &ctx());
        assert!(view(&a).find("data-state", "since-changed").is_some());
        a
    }));
    let mut checked = 0;
    for (what, a) in &screens {
        let screen = view(a);
        assert!(screen.find("lang", lang.tag()).is_some(), "{what}: the page says which language it is in");
        let left = english_left(&screen, a, lang);
        assert!(left.is_empty(), "{what}: English words on a {lang:?} screen: {left:#?}");
        checked += screen.visible_texts().len();
        // The raw text view too.
        if a.loaded().is_some() {
            let mut raw = a.clone();
            raw.update(act("v:mode:raw"), &ctx());
            let left = english_left(&view(&raw), &raw, lang);
            assert!(left.is_empty(), "{what} (text view): {left:#?}");
        }
    }
    assert!(checked > 500, "only {checked} texts looked at");
}

#[test]
fn the_same_check_finds_english_on_an_english_screen() {
    // The check above can fail: the same screen in English trips it.
    let mut a = App::default();
    a.update(
        Event::Opened { url: Some("https://my.uscis.gov/account/other-page/IOE0912345678".into()), page_text: None },
        &ctx(),
    );
    a.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &at(1_795_694_400_000));
    assert!(english_left(&view(&a), &a, Lang::En).len() > 10);
}

#[test]
fn the_language_switch_changes_every_word_and_is_remembered() {
    let (mut p, _) = opened("https://my.uscis.gov/account/other-page/IOE0912345678", "");
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &ctx());
    p.update(Event::Painted, &ctx());
    let en = view(&p);
    assert_eq!(en.find("data-lang-switch", "es").map(Node::text_content).as_deref(), Some("Espa\u{f1}ol"));
    let fx = p.update(act("lang:es"), &ctx());
    assert_eq!(fx, [Effect::Save(Settings { theme: Theme::Auto, lang: Lang::Es, ..Settings::default() })]);
    let es = view(&p);
    assert!(es.find("data-section", "facts").unwrap().text_content().contains("Resumen"));
    assert_eq!(es.find("data-lang-switch", "en").map(Node::text_content).as_deref(), Some("English"));
    // USCIS's own Spanish status is shown where it sent one, English a click away.
    let text = es.find("data-field", "status-text").unwrap().text_content();
    assert!(text.starts_with("El Caso Est\u{e1} Siendo Revisado Activamente Por USCIS"), "{text}");
    assert!(es.find("data-field", "headline").unwrap().text_content().starts_with("El Caso"));
    p.update(act("status-lang:en"), &ctx());
    assert!(view(&p).find("data-field", "status-text").unwrap().text_content().starts_with("As of January 12, 2026"));
    // And back to English for everything.
    p.update(act("lang:en"), &ctx());
    let back = view(&p);
    assert!(back.find("data-section", "facts").unwrap().text_content().contains("Summary"));
    assert_eq!(back, en);
}

#[test]
fn copy_summary_speaks_the_interface_language() {
    let (mut p, _) = opened("https://my.uscis.gov/account/other-page/IOE0912345678", "");
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &ctx());
    p.update(act("lang:es"), &ctx());
    let Some(Effect::Copy { text, .. }) = p.update(act("copy-summary"), &ctx()).pop() else { panic!() };
    assert!(text.starts_with("Recibo: IOE0912345678\n"), "{text}");
    assert!(text.contains("Estado: El Caso Est\u{e1} Siendo Revisado Activamente Por USCIS"), "{text}");
    p.update(Event::Copied { what: Copied::Summary, ok: true }, &ctx());
    assert_eq!(view(&p).find("data-toast", "ok").unwrap().text_content(), "Se copi\u{f3} al portapapeles: el resumen.");
}
