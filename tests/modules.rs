//! The module graph of `src/` goes one way: no module reaches, through its
//! `use` lines or the paths in its code, a module that reaches it back.
//! `docs/ARCHITECTURE.md` draws the same graph, and it and `src/lib.rs`
//! list every module. No file in `src/` is over 600 lines.
//!
//! Read from the source text: each file is a module (`a/mod.rs` is `a`);
//! every `crate::…`, `super::…` and `self::…` path, braces of `use` trees
//! expanded, names the longest module it starts with, and a name that
//! module re-exports (`pub use x::Y`) is followed to where it is defined.
//! Test modules (`tests`, `#[cfg(test)]`) and a module's own parents, which
//! hold it, are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

type Module = Vec<String>;

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The module a file under `src/` is.
fn module_of(rel: &Path) -> Module {
    let mut parts: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

/// The code of a file without comments, and without its `#[cfg(test)]` modules.
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut skip_depth: Option<i32> = None;
    let mut depth = 0i32;
    let mut pending_test = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("//") {
            continue;
        }
        let line = match line.find(" // ") {
            Some(i) => &line[..i],
            None => line,
        };
        if t.starts_with("#[cfg(test)]") {
            pending_test = true;
            continue;
        }
        let opens = line.matches('{').count() as i32;
        let closes = line.matches('}').count() as i32;
        if pending_test && t.starts_with("mod ") {
            pending_test = false;
            if opens > closes {
                skip_depth = Some(depth);
                depth += opens - closes;
            }
            continue; // `mod tests;` or an inline test module
        }
        pending_test = false;
        depth += opens - closes;
        if let Some(d) = skip_depth {
            if depth <= d {
                skip_depth = None;
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Every path of a `use` tree (`a::{b, c::{d, e}}` is `a::b`, `a::c::d`, `a::c::e`).
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    fn go(prefix: &str, s: &str, out: &mut Vec<String>) {
        let Some(open) = s.find('{') else {
            let item = s.split(" as ").next().unwrap_or(s);
            out.push(format!("{prefix}{item}"));
            return;
        };
        let head = &s[..open];
        let body = &s[open + 1..s.len().saturating_sub(1)];
        let mut depth = 0;
        let mut start = 0;
        let mut parts = Vec::new();
        for (i, c) in body.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&body[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&body[start..]);
        for p in parts.into_iter().filter(|p| !p.is_empty()) {
            go(&format!("{prefix}{head}"), p, out);
        }
    }
    let mut out = Vec::new();
    go("", &tree, &mut out);
    out
}

/// The paths a module's code names: its `use` trees, and `crate::`/`super::`/`self::` paths inline.
fn paths(code: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut rest = code;
    // `use` statements, braces and all (`pub use` re-exports are marked).
    while let Some(i) = rest.find("use ") {
        let before = &rest[..i];
        let at_start = before.is_empty() || before.ends_with(char::is_whitespace);
        let stmt_start = i + 4;
        let Some(end) = rest[stmt_start..].find(';') else { break };
        if at_start {
            let line_start = before.rfind('\n').map(|n| n + 1).unwrap_or(0);
            let public = before[line_start..].trim().starts_with("pub");
            for p in expand(&rest[stmt_start..stmt_start + end]) {
                out.push((public, p));
            }
        }
        rest = &rest[stmt_start + end..];
    }
    // Inline paths.
    let bytes = code.as_bytes();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start) {
            let at = from + i;
            from = at + start.len();
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_' || bytes[at - 1] == b':') {
                continue;
            }
            let len = code[at..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(code.len() - at);
            out.push((false, code[at..at + len].trim_end_matches(':').to_string()));
        }
    }
    out
}

struct Graph {
    modules: BTreeSet<Module>,
    /// (module, name) -> the path it re-exports.
    reexports: BTreeMap<(Module, String), Module>,
    edges: BTreeMap<Module, BTreeSet<Module>>,
}

/// The segments of `path` (written in `from`) from the crate root.
fn absolute(from: &Module, path: &str) -> Module {
    let mut segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base = from.clone();
    match segs.first() {
        Some(&"crate") => {
            base.clear();
            segs.remove(0);
        }
        Some(&"self") => {
            segs.remove(0);
        }
        _ => {
            while segs.first() == Some(&"super") {
                base.pop();
                segs.remove(0);
            }
        }
    }
    base.extend(segs.into_iter().map(String::from));
    base
}

impl Graph {
    /// The module a path reaches: its longest module prefix, through re-exports.
    fn target(&self, path: &Module, hops: usize) -> Option<Module> {
        let n = (0..=path.len()).rev().find(|n| self.modules.contains(&path[..*n]))?;
        let module = path[..n].to_vec();
        if let (Some(name), true) = (path.get(n), hops < 8) {
            if let Some(to) = self.reexports.get(&(module.clone(), name.clone())) {
                let mut next = to.clone();
                next.extend(path[n + 1..].iter().cloned());
                return self.target(&next, hops + 1).or(Some(module));
            }
        }
        Some(module)
    }
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut texts = Vec::new();
    for f in all {
        let rel = f.strip_prefix(&src).unwrap_or(&f).to_path_buf();
        if rel.starts_with("bin") {
            continue; // another crate
        }
        let m = module_of(&rel);
        if m.iter().any(|s| s == "tests") {
            continue;
        }
        texts.push((m, code(&fs::read_to_string(&f).unwrap_or_default())));
    }
    let modules: BTreeSet<Module> = texts.iter().map(|(m, _)| m.clone()).collect();
    let mut reexports = BTreeMap::new();
    for (m, text) in &texts {
        for (public, p) in paths(text) {
            if public && !p.starts_with("crate::") {
                let abs = absolute(m, &p);
                if let Some(name) = abs.last() {
                    if name != "*" {
                        reexports.insert((m.clone(), name.clone()), abs.clone());
                    }
                }
            }
        }
    }
    let mut g = Graph { modules, reexports, edges: BTreeMap::new() };
    for (m, text) in &texts {
        let mut to = BTreeSet::new();
        for (_, p) in paths(text) {
            // A path without `crate`, `super` or `self` is a child's or another crate's.
            let first = p.split("::").next().unwrap_or("");
            let p = if ["crate", "super", "self"].contains(&first) { p } else { format!("self::{p}") };
            let Some(t) = g.target(&absolute(m, &p), 0) else { continue };
            // Only modules side by side: a module holds its children, and
            // names them or its parents' helpers as part of itself.
            if t.starts_with(m) || m.starts_with(&t) {
                continue;
            }
            to.insert(t);
        }
        g.edges.insert(m.clone(), to);
    }
    g
}

fn name(m: &Module) -> String {
    if m.is_empty() {
        "lib".into()
    } else {
        m.join("::")
    }
}

/// Every cycle's modules, found by Tarjan's strongly connected components.
fn cycles(g: &Graph) -> Vec<Vec<String>> {
    struct S<'a> {
        g: &'a Graph,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on: BTreeSet<&'a Module>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut S<'a>, v: &'a Module) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on.insert(v);
        for w in s.g.edges.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low[v].min(lw);
                s.low.insert(v, lv);
            } else if s.on.contains(w) {
                let lv = s.low[v].min(s.index[w]);
                s.low.insert(v, lv);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                comp.push(name(w));
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.out.push(comp);
            }
        }
    }
    let mut s =
        S { g, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), on: BTreeSet::new(), out: Vec::new() };
    for m in g.edges.keys() {
        if !s.index.contains_key(m) {
            visit(&mut s, m);
        }
    }
    s.out
}

#[test]
fn the_reader_finds_what_it_is_meant_to() {
    // The checker itself, on a small text: braces, re-exports, inline paths, comments.
    let text = "use crate::a::{b::C, d};\npub use e::F;\n// crate::commented::Out\nfn f() { crate::g::h(); super::i::J }\n#[cfg(test)]\nmod tests {\n    use crate::only_in_tests;\n}\n";
    let found: Vec<String> = paths(&code(text)).into_iter().map(|(_, p)| p).collect();
    for want in ["crate::a::b::C", "crate::a::d", "e::F", "crate::g::h", "super::i::J"] {
        assert!(found.contains(&want.to_string()), "{want} in {found:?}");
    }
    assert!(!found.iter().any(|p| p.contains("commented") || p.contains("only_in_tests")), "{found:?}");
    // A cycle is found, and a graph going one way has none.
    let m = |s: &str| -> Module { s.split("::").map(String::from).collect() };
    let mut g = Graph { modules: [m("a"), m("b"), m("c")].into(), reexports: BTreeMap::new(), edges: BTreeMap::new() };
    g.edges.insert(m("a"), [m("b")].into());
    g.edges.insert(m("b"), [m("c")].into());
    g.edges.insert(m("c"), BTreeSet::new());
    assert!(cycles(&g).is_empty());
    g.edges.insert(m("c"), [m("a")].into());
    assert_eq!(cycles(&g), vec![vec!["a".to_string(), "b".into(), "c".into()]]);
}

#[test]
fn no_module_reaches_a_module_that_reaches_it_back() {
    let g = graph();
    assert!(g.modules.len() > 40, "the reader found the modules: {}", g.modules.len());
    // The graph has edges at all (the reader works on the real files).
    assert!(g.edges.get(&vec!["ui".to_string(), "app".to_string()]).is_some_and(|e| !e.is_empty()));
    let mut found = cycles(&g);
    // And between groups: `tree` and `jsonpath` must not reach each other
    // through `tree`'s children either (each module counted as its
    // ancestor `depth` deep).
    for depth in 1..4 {
        let mut c = Graph { modules: BTreeSet::new(), reexports: BTreeMap::new(), edges: BTreeMap::new() };
        for (m, to) in &g.edges {
            let cut = |x: &Module| x[..x.len().min(depth)].to_vec();
            let e = c.edges.entry(cut(m)).or_default();
            e.extend(to.iter().map(cut).filter(|t| *t != cut(m)));
        }
        for comp in cycles(&c) {
            if !found.contains(&comp) {
                found.push(comp);
            }
        }
    }
    assert!(found.is_empty(), "import circles (each list reaches itself): {found:#?}");
}

/// A file of the project, as text.
fn project_file(path: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap_or_default()
}

#[test]
fn the_map_lists_every_module() {
    let g = graph();
    let (arch, lib) = (project_file("docs/ARCHITECTURE.md"), project_file("src/lib.rs"));
    let mut missing = Vec::new();
    for m in g.modules.iter().filter(|m| !m.is_empty()) {
        let file = m.join("/");
        if !arch.contains(&format!("`{file}")) {
            missing.push(format!("ARCHITECTURE.md: {file}"));
        }
        if !lib.contains(&format!("[`{}`]", m.join("::"))) && !lib.contains(&format!("`{}`", m.join("::"))) {
            missing.push(format!("lib.rs: {}", m.join("::")));
        }
    }
    assert!(missing.is_empty(), "modules missing from the map: {missing:#?}");
}

#[test]
fn the_architecture_graph_is_the_one_the_code_draws() {
    // ARCHITECTURE.md's "Modules" graph (a ```modules block) holds one line
    // per module and what it uses: `ui::app -> dates, decode, ...`.
    let g = graph();
    let arch = project_file("docs/ARCHITECTURE.md");
    let block = arch.split("```modules\n").nth(1).and_then(|b| b.split("```").next()).unwrap_or_default();
    let drawn: BTreeMap<String, BTreeSet<String>> = block
        .lines()
        .filter_map(|l| l.trim().split_once(" -> "))
        .map(|(m, to)| {
            (
                m.trim().to_string(),
                to.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty() && s != "(nothing)").collect(),
            )
        })
        .collect();
    let mut wrong = Vec::new();
    for (m, to) in g.edges.iter().filter(|(m, _)| !m.is_empty()) {
        let want: BTreeSet<String> = to.iter().map(name).collect();
        match drawn.get(&name(m)) {
            Some(d) if *d == want => {}
            Some(d) => wrong.push(format!(
                "{} -> {} (ARCHITECTURE.md says {})",
                name(m),
                want.iter().cloned().collect::<Vec<_>>().join(", "),
                d.iter().cloned().collect::<Vec<_>>().join(", ")
            )),
            None => wrong.push(format!(
                "{} -> {} (not in ARCHITECTURE.md)",
                name(m),
                want.iter().cloned().collect::<Vec<_>>().join(", ")
            )),
        }
    }
    let whole: Vec<String> = g
        .edges
        .iter()
        .filter(|(m, _)| !m.is_empty())
        .map(|(m, to)| {
            let to: Vec<String> = to.iter().map(name).collect();
            format!("    {} -> {}", name(m), if to.is_empty() { "(nothing)".into() } else { to.join(", ") })
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "the graph in ARCHITECTURE.md differs from the code's:\n{}\n\nThe code's, whole:\n{}",
        wrong.join("\n"),
        whole.join("\n")
    );
}

#[test]
fn no_file_in_src_is_over_600_lines() {
    let mut all = Vec::new();
    files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut all);
    let long: Vec<String> = all
        .iter()
        .filter_map(|f| {
            let n = fs::read_to_string(f).unwrap_or_default().lines().count();
            (n > 600).then(|| format!("{}: {n} lines", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "{long:?}");
}

#[test]
fn the_app_holds_what_is_app_wide_and_one_screen() {
    // At most 12 fields; what belongs to one screen is in that screen's type.
    let text = project_file("src/ui/app.rs");
    let body = text.split("pub struct App {").nth(1).and_then(|b| b.split("\n}").next()).unwrap_or_default();
    let fields: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("pub ") && l.contains(':'))
        .map(|l| l.trim_start_matches("pub ").split(':').next().unwrap_or(""))
        .collect();
    assert!(fields.len() >= 3, "the reader found App's fields: {fields:?}");
    assert!(fields.len() <= 12, "App has {} fields: {fields:?}", fields.len());
    assert!(fields.contains(&"screen") && fields.contains(&"account"), "{fields:?}");
}

#[test]
fn every_list_is_sorted_by_the_one_sort() {
    // Each call of the standard library's sorts compiles the whole
    // algorithm again for its item and closure (some 4 KB of WebAssembly
    // each); `order` compiles it once (docs/ARCHITECTURE.md, "Speed and size").
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut checked = 0;
    let mut found = Vec::new();
    for f in &all {
        let rel = f.strip_prefix(&src).unwrap_or(f);
        let m = module_of(rel);
        if m.iter().any(|p| p == "tests" || p == "bin") || m == ["order"] {
            continue;
        }
        checked += 1;
        let text = code(&fs::read_to_string(f).unwrap_or_default());
        for call in [".sort(", ".sort_by(", ".sort_by_key(", ".sort_by_cached_key(", ".sort_unstable"] {
            if text.contains(call) {
                found.push(format!("{}: {call}", rel.display()));
            }
        }
    }
    assert!(checked > 50, "the reader found the modules: {checked}");
    assert!(found.is_empty(), "sorted without `order`: {found:?}");
    // And the check sees a call where there is one.
    assert!(code("fn f(v: &mut Vec<u8>) { v.sort_unstable(); }").contains(".sort_unstable"));
}
