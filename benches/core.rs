//! `./build.sh bench` (native part): how long the pure core takes on case
//! bodies of 100 KB, 1 MB and 5 MB, step by step: reading the answers, the
//! decoded report, the viewer's tree, and the view of the first paint and of
//! the whole page. Figures, not pass/fail. The same bodies as the browser
//! benchmark (tests/e2e/fake-uscis.mjs `bigCase`): the I-485 case with its
//! first event repeated.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Instant;

use casescope::dates::Fixed;
use casescope::decode::{self, Bodies, Ctx};
use casescope::endpoints::Endpoint;
use casescope::protocol::{Bundle, EndpointResult, Via};
use casescope::receipt::ReceiptNumber;
use casescope::ui::viewer::Viewer;
use casescope::ui::{view::view, App, Event, Layout, Settings};

const FIXTURE: &str = "tests/fixtures/i485-pending";

fn big_case(receipt: &str, size: usize) -> String {
    let base: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{FIXTURE}/cases.json")).unwrap()).unwrap();
    let one = base["data"]["events"][0].clone();
    let (mut events, mut bytes) = (Vec::new(), 0);
    for i in 0.. {
        if bytes >= size {
            break;
        }
        let mut e = one.clone();
        e["receiptNumber"] = receipt.into();
        e["eventId"] = format!("evt-{i}").into();
        e["eventCode"] = (if i % 7 == 0 { "IAF" } else { "FTA0" }).into();
        bytes += serde_json::to_string(&e).unwrap().len() + 1;
        events.push(e);
    }
    let mut v = base;
    v["data"]["receiptNumber"] = receipt.into();
    v["data"]["events"] = events.into();
    serde_json::to_string(&v).unwrap()
}

fn bundle(receipt: &str, size: usize) -> Bundle {
    let body = |e: Endpoint, text: String| EndpointResult {
        path: format!("/x/{}", e.key()),
        status: 200,
        content_type: "application/json".into(),
        body: text.into(),
        ms: 1.0,
        attempts: 1,
        ..EndpointResult::empty(e)
    };
    let file = |name: &str| std::fs::read_to_string(format!("{FIXTURE}/{name}.json")).unwrap();
    Bundle {
        receipt: ReceiptNumber::parse(receipt).unwrap(),
        via: Via::Page,
        fetched_at_ms: 0.0,
        reused_after_ms: None,
        results: vec![
            body(Endpoint::Case, big_case(receipt, size)),
            body(Endpoint::Status, file("case_status")),
            body(Endpoint::ReceiptInfo, file("receipt_info")),
            body(Endpoint::Documents, file("documents")),
        ],
    }
}

/// Median milliseconds of `runs` calls.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    let mut ms: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    ms[runs / 2]
}

fn main() {
    let ctx = Ctx { now_ms: 1_790_000_000_000, zone: &Fixed(0) };
    println!("Core, native release build (median ms; the browser runs the same code as WebAssembly, typically 1.5-2x slower)");
    println!("  body        read answers  decode  tree   first view  whole view  Popup: answer to first view");
    let mut searches = Vec::new();
    for (receipt, size) in
        [("IOE0000100000", 100 * 1024), ("IOE0001000000", 1024 * 1024), ("IOE0005000000", 5 * 1024 * 1024)]
    {
        let runs = if size > 1024 * 1024 { 5 } else { 15 };
        let b = bundle(receipt, size);
        let read = time(runs, || b.results.iter().map(|r| r.read()).collect::<Vec<_>>());
        let mut bodies = Bodies::default();
        for r in &b.results {
            if let (_, Some(v)) = r.read() {
                bodies.set(r.endpoint, v);
            }
        }
        let dec = time(runs, || decode::decode(&bodies, &ctx));
        let tree = time(runs, || Viewer::new(&b.results));
        let opened = || {
            let mut p = App::default();
            let r = b.receipt.clone();
            p.update(Event::OpenedFor { layout: Layout::Tab, receipt: r.clone(), settings: Settings::default() }, &ctx);
            (p, r)
        };
        let answer = time(runs, || {
            let (mut p, r) = opened();
            p.update(Event::Fetched { receipt: r, result: Ok(b.clone()) }, &ctx);
            view(&p)
        });
        let (mut p, r) = opened();
        p.update(Event::Fetched { receipt: r, result: Ok(b.clone()) }, &ctx);
        let first = time(runs, || view(&p));
        p.update(Event::Painted, &ctx);
        let whole = time(runs, || view(&p));
        println!(
            "  {:<11} {read:>12.1}  {dec:>6.1}  {tree:>5.1}  {first:>10.1}  {whole:>10.1}  {answer:>10.1}",
            format!("{} KiB", size / 1024)
        );
        searches.push((size, p));
    }
    // One keystroke in the viewer's search box, once typing pauses: the
    // search over the whole body and the view that shows its first match
    // (budget: under 16 ms at 5 MB, in the browser).
    println!("\nViewer search: one keystroke's work after the debounce (search + view, median ms)");
    println!("  body        \"fta\" (many matches)  \"2026-01-12t15\" (some)  \"zzzz\" (none)");
    for (size, mut p) in searches {
        let runs = if size > 1024 * 1024 { 5 } else { 15 };
        let mut one = |q: &str| {
            time(runs, || {
                p.update(Event::Search(q.into()), &ctx);
                view(&p)
            })
        };
        let (many, some, none) = (one("fta"), one("2026-01-12T15"), one("zzzz"));
        println!("  {:<11} {many:>20.1}  {some:>22.1}  {none:>13.1}", format!("{} KiB", size / 1024));
    }
}
