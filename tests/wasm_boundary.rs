//! Boundary tests in headless Chromium (wasm-bindgen-test): the DOM renderer
//! and the message entry points, where Rust meets the browser.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use casescope::dates::Fixed;
use casescope::decode::Ctx;
use casescope::ui::node::{el, text};
use casescope::ui::{view::view, App, Event};
use casescope::web::{content_handle, dom};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("document")
}

fn host() -> web_sys::Element {
    let doc = document();
    let host = doc.create_element("div").expect("div");
    doc.body().expect("body").append_child(&host).expect("append");
    host
}

#[wasm_bindgen_test]
fn server_text_is_rendered_as_text_never_as_markup() {
    let doc = document();
    let payload = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>\u{202e}evil";
    let root = host();
    let view = el("div").child(el("p").attr("data-x", payload).text(payload));
    dom::replace_children(&doc, &root, None, &view).expect("render");
    assert_eq!(root.query_selector_all("img, script").expect("query").length(), 0);
    let p = root.query_selector("p").expect("q").expect("p");
    assert_eq!(p.text_content().as_deref(), Some(payload));
    assert_eq!(p.get_attribute("data-x").as_deref(), Some(payload));
    let pwned = js_sys::Reflect::get(&web_sys::window().expect("window"), &"__pwned".into()).expect("get");
    assert!(pwned.is_undefined());
}

#[wasm_bindgen_test]
fn only_allowed_tags_and_attributes_are_created() {
    let doc = document();
    let root = host();
    let view = el("iframe")
        .attr("onclick", "alert(1)")
        .attr("href", "javascript:alert(1)")
        .attr("class", "ok")
        .child(text("x"));
    dom::replace_children(&doc, &root, None, &view).expect("render");
    let made = root.first_element_child().expect("child");
    assert_eq!(made.tag_name(), "SPAN");
    assert!(made.get_attribute("onclick").is_none());
    assert!(made.get_attribute("href").is_none());
    assert_eq!(made.get_attribute("class").as_deref(), Some("ok"));
}

#[wasm_bindgen_test]
fn the_popup_view_renders_with_its_actions() {
    let doc = document();
    let root = host();
    let mut popup = App::default();
    let ctx = Ctx { now_ms: 0, zone: &Fixed(0) };
    popup.update(
        Event::Opened {
            url: Some("https://my.uscis.gov/account/applicant".into()),
            page_text: Some("IOE0912345678 and IOE0887654321".into()),
        },
        &ctx,
    );
    dom::replace_children(&doc, &root, None, &view(&popup)).expect("render");
    let buttons = root.query_selector_all("[data-action^='choose:']").expect("q");
    assert_eq!(buttons.length(), 2);
    assert!(root.query_selector("#receipt-input").expect("q").is_some());
}

#[wasm_bindgen_test]
async fn malformed_messages_are_refused_by_the_content_entry_point() {
    for bad in [
        JsValue::from_str("Fetch"),
        js_sys::JSON::parse(r#"{"type":"Fetch","v":2,"receipt":"IOE0912345678/../x"}"#).expect("json"),
        js_sys::JSON::parse(r#"{"type":"Fetch","v":7,"receipt":"IOE0912345678"}"#).expect("json"),
        js_sys::JSON::parse(r#"{"type":"Run","v":2,"code":"alert(1)"}"#).expect("json"),
    ] {
        let answer = content_handle(bad).await.expect("answer");
        let kind = js_sys::Reflect::get(&answer, &"type".into()).expect("type").as_string();
        assert_eq!(kind.as_deref(), Some("Refused"));
    }
}

/// A message made in another realm (as Firefox hands messages between the
/// extension's parts) is read like any other.
#[wasm_bindgen_test]
async fn a_message_from_another_realm_is_read() {
    let doc = document();
    let frame = doc.create_element("iframe").expect("iframe");
    doc.body().expect("body").append_child(&frame).expect("append");
    let other = js_sys::Reflect::get(&frame, &"contentWindow".into()).expect("window");
    let json = js_sys::Reflect::get(&other, &"JSON".into()).expect("JSON");
    let parse: js_sys::Function = js_sys::Reflect::get(&json, &"parse".into()).expect("parse").dyn_into().expect("fn");
    let msg = parse.call1(&json, &r#"{"type":"Cancel","v":2,"receipt":"IOE0912345678"}"#.into()).expect("parsed");
    assert!(!msg.is_instance_of::<js_sys::Object>(), "an object of the frame's realm");
    let answer = content_handle(msg).await.expect("answer");
    let kind = js_sys::Reflect::get(&answer, &"type".into()).expect("type").as_string();
    assert_eq!(kind.as_deref(), Some("Cancelled"));
}

#[wasm_bindgen_test]
fn re_rendering_patches_in_place_and_keeps_what_the_user_opened() {
    let doc = document();
    let root = host();
    let first = el("div").children([
        el("details").attr("id", "d").child(el("summary").text("More")),
        el("input").attr("id", "i").attr("value", "IOE"),
        el("p").attr("id", "p").text("Trying again in 5 s"),
    ]);
    dom::replace_children(&doc, &root, None, &first).expect("render");
    let details = doc.get_element_by_id("d").expect("details");
    details.set_attribute("open", "").expect("open");
    let p = doc.get_element_by_id("p").expect("p");
    let second = el("div").children([
        el("details").attr("id", "d").child(el("summary").text("More")),
        el("input").attr("id", "i").attr("value", "IOE0912345678"),
        el("p").attr("id", "p").text("Trying again in 4 s"),
    ]);
    dom::replace_children(&doc, &root, None, &second).expect("render");
    let p2 = doc.get_element_by_id("p").expect("p");
    assert!(p.is_same_node(Some(&p2)), "the same element, updated");
    assert_eq!(p2.text_content().as_deref(), Some("Trying again in 4 s"));
    assert!(doc.get_element_by_id("d").expect("details").has_attribute("open"), "what the user opened stays open");
    let input: web_sys::HtmlInputElement = doc.get_element_by_id("i").expect("input").dyn_into().expect("input");
    assert_eq!(input.value(), "IOE0912345678");
    // A different shape replaces what differs and drops what is gone.
    dom::replace_children(&doc, &root, None, &el("div").child(el("span").text("x"))).expect("render");
    assert_eq!(root.first_element_child().expect("div").child_element_count(), 1);
}

#[wasm_bindgen_test]
fn a_line_that_comes_and_goes_above_keyed_parts_rebuilds_nothing_else() {
    let doc = document();
    let root = host();
    let page = |progress: bool| {
        let mut v = el("div").child(el("header").key("top").text("CaseScope"));
        if progress {
            v = v.child(el("div").key("loading").attr("id", "loading").text("Fetching again"));
        }
        v.child(el("section").key("case").attr("id", "case").children([
            el("details").attr("id", "more").child(el("summary").text("Every field")),
            el("input").attr("id", "typed"),
            el("ul").children(
                (0..3).map(|i| el("li").key(i.to_string()).attr("id", format!("li{i}")).text(format!("{i}"))),
            ),
        ]))
        .child(el("output").key("toast").attr("id", "toast"))
    };
    dom::replace_children(&doc, &root, None, &page(false)).expect("render");
    let case = doc.get_element_by_id("case").expect("case");
    let more = doc.get_element_by_id("more").expect("details");
    more.set_attribute("open", "").expect("open");
    let toast = doc.get_element_by_id("toast").expect("toast");
    let typed: web_sys::HtmlElement = doc.get_element_by_id("typed").expect("input").dyn_into().expect("input");
    typed.focus().expect("focus");
    let focused = || doc.active_element().map(|e| e.id()).unwrap_or_default();
    // "Fetch again": a progress line before the case, then gone again.
    dom::replace_children(&doc, &root, None, &page(true)).expect("render");
    assert!(doc.get_element_by_id("loading").is_some());
    assert!(case.is_same_node(doc.get_element_by_id("case").as_ref().map(|e| e.unchecked_ref())), "the case stays");
    assert!(toast.is_same_node(doc.get_element_by_id("toast").as_ref().map(|e| e.unchecked_ref())));
    assert_eq!(focused(), "typed", "nothing moved the focused field");
    dom::replace_children(&doc, &root, None, &page(false)).expect("render");
    assert!(doc.get_element_by_id("loading").is_none());
    assert_eq!(focused(), "typed", "the line going away moved nothing either");
    assert!(case.is_same_node(doc.get_element_by_id("case").as_ref().map(|e| e.unchecked_ref())));
    assert!(more.has_attribute("open"), "what the user opened stays open");
    // Keyed rows reordered: the same elements, moved.
    let list = |order: [usize; 3]| {
        el("ul").children(order.map(|i| el("li").key(i.to_string()).attr("id", format!("row{i}")).text(format!("{i}"))))
    };
    let root = host();
    dom::replace_children(&doc, &root, None, &list([0, 1, 2])).expect("render");
    let row2 = doc.get_element_by_id("row2").expect("row2");
    dom::replace_children(&doc, &root, None, &list([2, 0, 1])).expect("render");
    let ul = root.query_selector("ul").expect("q").expect("ul");
    assert_eq!(ul.text_content().as_deref(), Some("201"));
    assert!(row2.is_same_node(ul.first_child().as_ref()));
    assert_eq!(ul.child_element_count(), 3);
}

/// The app patches from the description on screen: a sequence of views,
/// each put on the page from the one before, gives the page a fresh render
/// gives, keeps elements whose key or place stays, and reads nothing back.
#[wasm_bindgen_test]
fn patching_from_what_is_shown_gives_what_a_fresh_render_gives() {
    let doc = document();
    let view = |rows: &[usize], extra: bool, word: &str| {
        let mut v = el("div").attr("class", if extra { "a b" } else { "a" }).child(el("h1").key("h").text(word));
        if extra {
            v = v
                .attr("data-extra", word)
                .child(el("p").key("extra").attr("id", "extra").attr("title", word).text("shown now"));
        }
        v.child(el("ul").key("ul").children(rows.iter().map(|i| {
            el("li").key(i.to_string()).attr("id", format!("k{i}")).children([text(format!("row {i}")), text(word)])
        })))
        .child(el("ol").key("ol").children(rows.iter().map(|i| el("li").text(format!("{i}")))))
        .child(el("input").key("in").attr("id", "field").attr("value", word))
    };
    let steps = [
        view(&[0, 1, 2], false, "x"),
        view(&[0, 1, 2], true, "x"),
        view(&[2, 0, 1], true, "y"),
        view(&[2, 3, 0, 1], false, "y"),
        view(&[3], false, "zz"),
        view(&[], true, "zz"),
        view(&[4, 1, 0], false, "w"),
        el("div").child(el("span").text("other shape")),
        view(&[0, 1], true, "v"),
    ];
    let root = host();
    let fresh = host();
    let mut shown = None;
    for (n, v) in steps.iter().enumerate() {
        let kept: Vec<(String, web_sys::Element)> = (0..5)
            .filter_map(|i| doc.get_element_by_id(&format!("k{i}")).map(|e| (format!("k{i}"), e)))
            .filter(|(_, e)| root.contains(Some(e)))
            .collect();
        dom::replace_children(&doc, &root, shown.as_ref(), v).expect("render");
        fresh.set_inner_html("");
        dom::replace_children(&doc, &fresh, None, v).expect("render");
        assert_eq!(root.inner_html(), fresh.inner_html(), "step {n}");
        for (id, e) in kept {
            if let Some(now) = root.query_selector(&format!("#{id}")).expect("query") {
                assert!(now.is_same_node(Some(&e)), "step {n}: {id} kept, not rebuilt");
            }
        }
        shown = Some(v.clone());
    }
    // What the user did to the page stays: a section they opened, what they typed.
    let page = |t: &str| {
        el("div").children([el("details").attr("id", "d").child(el("summary").text(t)), el("input").attr("id", "t")])
    };
    let root = host();
    dom::replace_children(&doc, &root, None, &page("a")).expect("render");
    doc.get_element_by_id("d").expect("d").set_attribute("open", "").expect("open");
    let typed: web_sys::HtmlInputElement = doc.get_element_by_id("t").expect("t").dyn_into().expect("input");
    typed.set_value("typed");
    dom::replace_children(&doc, &root, Some(&page("a")), &page("b")).expect("render");
    assert!(doc.get_element_by_id("d").expect("d").has_attribute("open"));
    assert_eq!(typed.value(), "typed");
    assert_eq!(root.text_content().as_deref(), Some("b"));
}

/// The deepest body CaseScope reads (`tree::MAX_DEPTH`), every level opened,
/// put on the page, then patched: within the WebAssembly's stack (build.rs
/// sets its size), in the browser, where running out is a crash, not an error.
#[wasm_bindgen_test]
fn the_deepest_body_read_opens_whole_on_the_page() {
    use casescope::endpoints::Endpoint;
    use casescope::protocol::{Bundle, EndpointResult, Via};
    use casescope::receipt::ReceiptNumber;
    use casescope::tree::MAX_DEPTH;
    use casescope::ui::{Layout, Settings};

    let doc = document();
    let ctx = Ctx { now_ms: 0, zone: &Fixed(0) };
    // The root object and `data` are two levels; the innermost array holds a word.
    let arrays = MAX_DEPTH - 1;
    let body = format!("{{\"data\":{}\"deepest\"{}}}", "[".repeat(arrays), "]".repeat(arrays));
    let receipt = ReceiptNumber::parse("IOE0912345678").expect("receipt");
    let result = |e: Endpoint, body: &str| EndpointResult {
        path: format!("/x/{}", e.key()),
        status: 200,
        content_type: "application/json".into(),
        body: body.to_string().into(),
        attempts: 1,
        ..EndpointResult::empty(e)
    };
    let bundle = Bundle {
        receipt: receipt.clone(),
        via: Via::Page,
        fetched_at_ms: 0.0,
        reused_after_ms: None,
        results: vec![result(Endpoint::Case, &body), result(Endpoint::Status, "{\"data\":{}}")],
    };
    let mut app = App::default();
    app.update(Event::OpenedFor { layout: Layout::Tab, receipt: receipt.clone(), settings: Settings::default() }, &ctx);
    app.update(Event::Fetched { receipt, result: Ok(bundle) }, &ctx);
    app.update(Event::Painted, &ctx);
    let root = host();
    let before = view(&app);
    dom::replace_children(&doc, &root, None, &before).expect("render");
    app.update(Event::Action("v:expand-all".parse().expect("action")), &ctx);
    let opened = view(&app);
    dom::replace_children(&doc, &root, Some(&before), &opened).expect("patch");
    let deepest = root.query_selector_all("[role=treeitem]").expect("query");
    assert!(deepest.length() as usize > arrays, "every level is on the page: {}", deepest.length());
    assert!(root.text_content().unwrap_or_default().contains("deepest"));
    // And closed again, patched from what is shown.
    app.update(Event::Action("v:collapse-all".parse().expect("action")), &ctx);
    dom::replace_children(&doc, &root, Some(&opened), &view(&app)).expect("patch");
    assert!(!root.text_content().unwrap_or_default().contains("deepest"));
}
