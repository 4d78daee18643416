//! `./build.sh bench` (native part): how long the pure core takes on case
//! bodies of 100 KB, 1 MB and 5 MB, step by step: reading the answers, the
//! decoded report, the viewer's tree, and the view of the first paint and of
//! the whole page. Figures, not pass/fail. The same bodies as the browser
//! benchmark (tests/e2e/fake-uscis.mjs `bigCase`): the I-485 case with its
//! first event repeated.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::alloc::{GlobalAlloc, Layout as AllocLayout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
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

/// Counts the heap in use and its peak, to show the memory each step needs
/// (the WebAssembly build's memory is this heap plus the allocator's slack).
struct Counting;
static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: AllocLayout) -> *mut u8 {
        let now = IN_USE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(now, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: AllocLayout) {
        IN_USE.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: AllocLayout, size: usize) -> *mut u8 {
        // In place as far as the count goes (allocators grow and shrink in
        // place where they can; a moved block's copy is brief).
        if size >= l.size() {
            let now = IN_USE.fetch_add(size - l.size(), Relaxed) + size - l.size();
            PEAK.fetch_max(now, Relaxed);
        } else {
            IN_USE.fetch_sub(l.size() - size, Relaxed);
        }
        unsafe { System.realloc(p, l, size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// The peak heap `f` needs above what is in use when it starts, and what
/// it still holds when it returns (what it made, alive), in MB.
fn peak_mb<T>(f: impl FnOnce() -> T) -> (f64, f64, T) {
    let base = IN_USE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let out = f();
    let mb = |n: usize| n as f64 / 1048576.0;
    (mb(PEAK.load(Relaxed) - base), mb(IN_USE.load(Relaxed).saturating_sub(base)), out)
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
    // Memory: the peak heap of each step on its own, and of the case
    // arriving in the viewer tab (answers read, summary decoded, tree made,
    // first view; then the rest decoded and the whole view), and what stays.
    println!("\nCore memory, native (peak MB of the step / MB it keeps; the body itself is not counted)");
    println!("  body        read answers   tree           case in the tab, first view   + whole view");
    for (receipt, size) in
        [("IOE0000100000", 100 * 1024), ("IOE0001000000", 1024 * 1024), ("IOE0005000000", 5 * 1024 * 1024)]
    {
        let b = bundle(receipt, size);
        let (read, read_kept, _) = peak_mb(|| b.results.iter().map(|r| r.read()).collect::<Vec<_>>());
        let (tree, tree_kept, _) = peak_mb(|| Viewer::new(&b.results));
        let (first, first_kept, mut p) = peak_mb(|| {
            let mut p = App::default();
            let r = b.receipt.clone();
            p.update(Event::OpenedFor { layout: Layout::Tab, receipt: r.clone(), settings: Settings::default() }, &ctx);
            p.update(Event::Fetched { receipt: r, result: Ok(b.clone()) }, &ctx);
            black_box(view(&p));
            p
        });
        let (whole, whole_kept, _) = peak_mb(|| {
            p.update(Event::Painted, &ctx);
            view(&p)
        });
        let f = |a: f64, b: f64| format!("{a:.1} / {b:.1}");
        println!(
            "  {:<11} {:<14} {:<14} {:<29} {}",
            format!("{} KiB", size / 1024),
            f(read, read_kept),
            f(tree, tree_kept),
            f(first, first_kept),
            f(whole, whole_kept)
        );
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
