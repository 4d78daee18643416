//! Writes the code tables of `data/*.csv` as sorted Rust arrays
//! (`$OUT_DIR/tables.rs`, included by `src/codes.rs`): looked up by binary
//! search, with no CSV text, parser or hash map in the WebAssembly and
//! nothing to prepare when the popup opens.

use std::fmt::Write as _;

#[path = "src/csv.rs"]
mod csv;

/// The rows of `data/NAME`, by their first column (made upper case when
/// `upper`), sorted; of rows with the same key the last counts.
fn rows(name: &str, upper: bool) -> Vec<Vec<String>> {
    let path = format!("data/{name}");
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut rows = csv::parse_csv(&text);
    for r in &mut rows {
        r.resize(r.len().max(4), String::new());
        if upper {
            r[0] = r[0].to_ascii_uppercase();
        }
    }
    // Stable: equal keys keep their order, and the last of them is kept.
    rows.sort_by(|a, b| a[0].cmp(&b[0]));
    let mut out: Vec<Vec<String>> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some(last) if last[0] == r[0] => *last = r,
            _ => out.push(r),
        }
    }
    out
}

/// The WebAssembly's stack, in bytes (Rust's default is 1 MB). It is part of
/// the module's memory in every page that loads it (the popup, the viewer,
/// the background worker, the content script), needed or not. What needs it
/// most is the deepest body read (`tree::MAX_DEPTH` levels), opened whole:
/// parsed, drawn and patched recursively, tested in the browser by
/// `tests/wasm_boundary.rs` (optimised, as shipped): it needed more than
/// 128 KB and less than 256 KB when this was set.
const WASM_STACK: u32 = 512 * 1024;

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg=-zstack-size={WASM_STACK}");
    }
    let mut src = String::from("// Written by build.rs from data/*.csv.\n");
    let mut table = |name: &str, ty: &str, file: &str, upper: bool, value: &dyn Fn(&[String]) -> String| {
        let _ = writeln!(src, "pub(crate) static {name}: &[(&str, {ty})] = &[");
        for r in rows(file, upper) {
            let _ = writeln!(src, "    ({:?}, {}),", r[0], value(&r));
        }
        src.push_str("];\n");
    };
    table("NIEM", "&str", "event-codes-niem.csv", false, &|r| format!("{:?}", r[1]));
    table("OBSERVED", "ObservedCode", "observed-codes.csv", false, &|r| {
        let evidence = match r[2].as_str() {
            "observed" => "Observed",
            "disputed" => "Disputed",
            _ => "Community",
        };
        format!("ObservedCode {{ meaning: {:?}, evidence: Evidence::{evidence}, note: {:?} }}", r[1], r[3])
    });
    table("FORMS", "&str", "forms.csv", true, &|r| format!("{:?}", r[1]));
    table("OFFICES", "Office", "offices.csv", false, &|r| {
        format!("Office {{ code: {:?}, name: {:?}, kind: {:?}, note: {:?} }}", r[0], r[1], r[2], r[3])
    });
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("tables.rs");
    std::fs::write(&out, src).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    println!("cargo:rerun-if-changed=src/csv.rs");
}
