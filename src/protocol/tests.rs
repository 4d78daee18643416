//! The messages read back as written, and the checks.

use super::*;

fn result(status: u16, ct: &str, body: &str) -> EndpointResult {
    EndpointResult::answered(status, ct, body)
}

#[test]
fn every_message_reads_back_as_it_was_written() {
    let receipt = ReceiptNumber::parse("IOE0912345678").unwrap();
    let bundle = Bundle {
        receipt: receipt.clone(),
        via: Via::Background,
        fetched_at_ms: 5.0,
        reused_after_ms: Some(1.0),
        results: vec![result(200, "application/json", "{\"data\": 1.10}")],
    };
    let v = VERSION;
    let fetch = Request::Fetch { v, receipt: receipt.clone(), force: true, only: Some(vec![Endpoint::Status]) };
    let requests = [
        fetch.clone(),
        Request::Cancel { v, receipt: receipt.clone() },
        Request::Recent { v, receipt: receipt.clone() },
        Request::Remember { v, bundle: bundle.clone() },
        Request::Relay { v, request: Box::new(fetch) },
        Request::Navigate { v, url: "https://my.uscis.gov/account".into() },
        Request::OpenViewer { v, receipt: receipt.clone(), print: true },
        Request::PageInfo { v },
        Request::PageCases {
            v,
            url: "https://my.uscis.gov/x".into(),
            text: "IOE0912345678".into(),
            regions: vec![Region { n: 3, id: "region_IOE0912345678".into() }],
            cards: Some("{\"cases\": []}".into()),
            spots: vec![Spot { text: "Receipt # IOE0912345678".into(), path: vec![4, 3, 2, 1] }],
        },
    ];
    for r in requests {
        assert_eq!(Request::from_json_value(serde_json::to_value(&r).unwrap()), Ok(r));
    }
    let responses = [
        Response::Bundle { v, bundle },
        Response::Unavailable { v, reason: "CSP".into() },
        Response::Refused { v, reason: "no".into() },
        Response::Cases {
            v,
            cases: vec![Placed { receipt: receipt.clone(), card: 3, at: 4 }],
            subject: Some(receipt.clone()),
            found: Found {
                layout: crate::cards::Layout::ByText,
                cards: 1,
                by_id: 0,
                receipts: 2,
                unplaced: vec![receipt.clone()],
            },
        },
        Response::Cancelled { v },
        Response::NoRecent { v },
        Response::Page {
            v,
            url: "u".into(),
            text: "t".into(),
            cards: Some("[]".into()),
            loaded_ms: Some(9.0),
            found: None,
            texts: vec![CardText { receipt: receipt.clone(), text: "I-765".into() }],
        },
    ];
    for r in responses {
        let wire = untag_json(&serde_json::to_value(&r).unwrap()).unwrap();
        assert_eq!(Response::from(serde_json::from_value::<ResponseIn>(wire).unwrap()), r);
    }
}

#[test]
fn requests_are_checked() {
    let v = VERSION;
    let ok = serde_json::json!({"type": "Fetch", "v": v, "receipt": "IOE0912345678"});
    assert!(Request::from_json_value(ok).is_ok());
    for bad in [
        serde_json::json!({"type": "Fetch", "v": v + 1, "receipt": "IOE0912345678"}),
        serde_json::json!({"type": "Fetch", "v": v - 1, "receipt": "IOE0912345678"}),
        serde_json::json!({"type": "Fetch", "v": v, "receipt": "IOE0912345678/../../x"}),
        serde_json::json!({"type": "Fetch", "v": v, "receipt": "ioe0912345678"}),
        serde_json::json!({"type": "Fetch", "v": v, "receipt": "IOE0912345678", "url": "https://example.com"}),
        serde_json::json!({"type": "Eval", "v": v}),
        serde_json::json!("Fetch"),
    ] {
        assert!(Request::from_json_value(bad.clone()).is_err(), "{bad}");
    }
    // A message without its kind, and a relayed one with a member too many.
    assert!(Request::from_json_value(serde_json::json!({"v": v, "receipt": "IOE0912345678"})).is_err());
    let relayed = serde_json::json!({"type": "Relay", "v": v,
        "request": {"type": "Fetch", "v": v, "receipt": "IOE0912345678", "url": "https://example.com"}});
    assert!(Request::from_json_value(relayed).is_err());
    // The one that carries a bundle, as strictly.
    let bundle = Bundle {
        receipt: ReceiptNumber::parse("IOE0912345678").unwrap(),
        via: Via::Page,
        fetched_at_ms: 1.0,
        reused_after_ms: None,
        results: vec![],
    };
    let remember = Request::Remember { v, bundle };
    let sent = serde_json::to_value(&remember).unwrap();
    assert_eq!(Request::from_json_value(sent.clone()), Ok(remember));
    let mut extra = sent.clone();
    extra["url"] = "https://example.com".into();
    let mut old = sent;
    old["v"] = (v - 1).into();
    for bad in [extra, old] {
        assert!(Request::from_json_value(bad.clone()).is_err(), "{bad}");
    }
}

#[test]
fn only_our_own_pages_may_ask_the_background() {
    let base = "chrome-extension://abc/";
    let popup =
        Sender { id: Some("abc".into()), url: Some("chrome-extension://abc/popup.html".into()), has_tab: false };
    assert!(popup.is_extension_page(Some("abc"), Some(base)));
    let content_script = Sender { has_tab: true, url: Some("https://my.uscis.gov/x".into()), ..popup.clone() };
    assert!(!content_script.is_extension_page(Some("abc"), Some(base)));
    let viewer_tab =
        Sender { has_tab: true, url: Some("chrome-extension://abc/popup.html?receipt=x".into()), ..popup.clone() };
    assert!(viewer_tab.is_extension_page(Some("abc"), Some(base)), "the viewer in a tab or frame is ours too");
    let other = Sender { id: Some("evil".into()), url: Some("chrome-extension://evil/p.html".into()), has_tab: false };
    assert!(!other.is_extension_page(Some("abc"), Some(base)));
    assert!(content_script.is_own_content_script(Some("abc")));
    assert!(!popup.is_own_content_script(Some("abc")));
    let elsewhere =
        Sender { url: Some(format!("{}.example.com/", crate::endpoints::ORIGIN)), ..content_script.clone() };
    assert!(!elsewhere.is_own_content_script(Some("abc")));
    let lookalike = Sender { url: Some("chrome-extension://abcd/popup.html".into()), ..popup.clone() };
    assert!(!lookalike.is_extension_page(Some("abc"), Some(base)));
    assert!(!popup.is_extension_page(None, Some(base)));
    assert!(!popup.is_extension_page(Some("abc"), None));
    assert!(!Sender { id: None, url: None, has_tab: false }.is_extension_page(Some("abc"), Some(base)));

    // The whole rule, sender by request.
    let receipt = ReceiptNumber::parse("IOE0912345678").unwrap();
    let fetch = Request::Fetch { v: VERSION, receipt: receipt.clone(), force: true, only: None };
    let cancel = Request::Cancel { v: VERSION, receipt };
    let subject = Request::PageCases {
        v: VERSION,
        url: "https://my.uscis.gov/x".into(),
        text: "t".into(),
        regions: vec![],
        cards: None,
        spots: vec![],
    };
    let admit = |who: &Sender, r: Result<Request, String>| who.admit(r, Some("abc"), Some(base));
    for ours in [&popup, &viewer_tab] {
        assert_eq!(admit(ours, Ok(fetch.clone())), Admission::Answer(fetch.clone()));
        assert_eq!(admit(ours, Ok(cancel.clone())), Admission::Answer(cancel.clone()));
        assert_eq!(admit(ours, Err("malformed message".into())), Admission::Refuse("malformed message".into()));
    }
    assert_eq!(
        admit(&content_script, Ok(subject.clone())),
        Admission::Cases {
            url: "https://my.uscis.gov/x".into(),
            text: "t".into(),
            regions: vec![],
            cards: None,
            spots: vec![]
        }
    );
    let recent = Request::Recent { v: VERSION, receipt: ReceiptNumber::parse("IOE0912345678").unwrap() };
    assert_eq!(admit(&popup, Ok(recent.clone())), Admission::Answer(recent.clone()));
    for (who, r) in [
        (&content_script, Ok(recent.clone())),
        (&content_script, Ok(fetch.clone())),
        (&content_script, Ok(cancel.clone())),
        (&content_script, Err("malformed message".into())),
        (&elsewhere, Ok(subject.clone())),
        (&other, Ok(fetch.clone())),
        (&other, Ok(subject.clone())),
        (&lookalike, Ok(fetch.clone())),
    ] {
        assert!(matches!(admit(who, r.clone()), Admission::Refuse(_)), "{who:?} {r:?}");
    }
    assert!(matches!(popup.admit(Ok(fetch), None, Some(base)), Admission::Refuse(_)), "no own id, no trust");
}

#[test]
fn only_a_whole_fetch_is_kept_and_only_an_unforced_one_reuses() {
    let receipt = ReceiptNumber::parse("IOE0912345678").unwrap();
    let fetch = |force, only| Request::Fetch { v: VERSION, receipt: receipt.clone(), force, only };
    assert!(fetch(false, None).may_reuse() && fetch(false, None).is_whole_fetch());
    assert!(!fetch(true, None).may_reuse() && fetch(true, None).is_whole_fetch());
    let retry = fetch(true, Some(vec![Endpoint::Status]));
    assert!(!retry.may_reuse() && !retry.is_whole_fetch());
    assert!(!Request::Cancel { v: VERSION, receipt: receipt.clone() }.is_whole_fetch());
}

#[test]
fn relays_carry_only_fetches_and_navigation_only_to_my_uscis_gov() {
    let receipt = ReceiptNumber::parse("IOE0912345678").unwrap();
    let fetch = Request::Fetch { v: VERSION, receipt: receipt.clone(), force: false, only: None };
    assert!(Request::Relay { v: VERSION, request: Box::new(fetch.clone()) }.check().is_ok());
    let stale = Request::Fetch { v: VERSION - 1, receipt, force: false, only: None };
    assert!(Request::Relay { v: VERSION, request: Box::new(stale) }.check().is_err());
    let nested =
        Request::Relay { v: VERSION, request: Box::new(Request::Relay { v: VERSION, request: Box::new(fetch) }) };
    assert!(nested.check().is_err());
    let cases = Request::PageCases {
        v: VERSION,
        url: "https://my.uscis.gov/".into(),
        text: String::new(),
        regions: vec![],
        cards: None,
        spots: vec![],
    };
    assert!(Request::Relay { v: VERSION, request: Box::new(cases) }.check().is_err());
    assert!(Request::Relay { v: VERSION, request: Box::new(Request::PageInfo { v: VERSION }) }.check().is_ok());
    assert!(Request::Navigate { v: VERSION, url: crate::endpoints::SIGN_IN_URL.into() }.check().is_ok());
    let lookalike = format!("{}.example.com/", crate::endpoints::ORIGIN);
    for bad in [lookalike.as_str(), "javascript:alert(1)", "https://example.com/"] {
        assert!(Request::Navigate { v: VERSION, url: bad.into() }.check().is_err(), "{bad}");
    }
}

#[test]
fn the_cards_of_a_page_get_controls_and_a_page_about_one_case_its_button() {
    // The answer is what cards::on_page finds (tested in cards::tests).
    let url = "https://my.uscis.gov/account/applicant";
    let regions = [Region { n: 3, id: "region_IOE0912345678".into() }, Region { n: 5, id: "region_menu".into() }];
    let spots = [
        Spot { text: "Receipt # IOE0912345678".into(), path: vec![4, 3, 2, 1] },
        Spot { text: "Receipt # IOE0887654321".into(), path: vec![7, 6, 2, 1] },
    ];
    let Response::Cases { cases, subject, found, .. } = cases_on_page(url, "IOE0955500011", &regions, &spots) else {
        panic!()
    };
    let at: Vec<(&str, u32, u32)> = cases.iter().map(|c| (c.receipt.as_str(), c.card, c.at)).collect();
    assert_eq!(at, [("IOE0912345678", 3, 4), ("IOE0887654321", 6, 7)]);
    assert_eq!(subject, None, "cards have their own controls");
    assert_eq!((found.layout, found.cards, found.by_id, found.receipts), (crate::cards::Layout::ByText, 2, 1, 3));
    // No cards: a page whose text names one case gets the floating button.
    let other = "https://my.uscis.gov/account/other-page/IOE0955500011";
    let Response::Cases { cases, subject, .. } = cases_on_page(other, "Receipt number: IOE0955500011", &[], &[]) else {
        panic!()
    };
    assert!(cases.is_empty());
    assert_eq!(subject.as_ref().map(ReceiptNumber::as_str), Some("IOE0955500011"));
}

#[test]
fn the_javascript_loaders_speak_this_version() {
    // content.js answers PageInfo and sends PageCases without the
    // WebAssembly; background.js and content.js wrap failures. Each writes
    // the version by hand: it must be this one, or the Rust side refuses.
    let want = format!("v: {VERSION},");
    for (name, js) in [
        ("content.js", include_str!("../../extension/content.js")),
        ("background.js", include_str!("../../extension/background.js")),
    ] {
        let written: Vec<&str> = js.match_indices("v: ").map(|(i, _)| &js[i..]).collect();
        assert!(!written.is_empty(), "{name} writes no version");
        for w in written {
            assert!(w.starts_with(&want), "{name}: {} (protocol::VERSION is {VERSION})", &w[..w.len().min(8)]);
        }
    }
}
