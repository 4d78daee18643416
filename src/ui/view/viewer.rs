//! The raw viewer on screen: endpoint tabs, tree or text, the toolbar
//! (search, expand, depth, copy), every word from [`crate::i18n`]. Tree
//! items are keyed by node, so opening one inserts its children without
//! rebuilding its siblings.

use std::collections::{HashMap, HashSet};

use crate::endpoints::Endpoint;
use crate::i18n::{T, W};
use crate::tree::{Kind, Tree, TreeState, LONG_STRING};
use crate::ui::action::{Action, Mode, ViewerAction};
use crate::ui::node::{el, text, Node};
use crate::ui::viewer::{Pane, Viewer, LONG_LINE};

fn act(a: ViewerAction) -> String {
    Action::Viewer(a).to_string()
}

fn button(a: ViewerAction, label: &str) -> Node {
    el("button").attr("type", "button").class("small").attr("data-action", act(a)).text(label)
}

/// The viewer. `decoded` maps (endpoint, JSON path) to the element id of
/// the decoded line that shows it, for "show in decoded". `unmasked`: the
/// viewer of the answers as sent, when `v` shows them masked (a masked
/// number became text, and the tree says so).
pub fn view(v: &Viewer, decoded: &HashMap<(Endpoint, String), String>, w: W) -> Node {
    view_masked(v, decoded, None, &Default::default(), w)
}

/// [`view`] of a masked viewer, next to the one of the answers as sent;
/// `marked`: records new since the last look (endpoint, path), marked in the tree.
pub fn view_masked(
    v: &Viewer,
    decoded: &HashMap<(Endpoint, String), String>,
    unmasked: Option<&Viewer>,
    marked: &std::collections::HashSet<(Endpoint, String)>,
    w: W,
) -> Node {
    let tabs = v.panes.iter().enumerate().map(|(i, p)| {
        el("button")
            .attr("type", "button")
            .attr("role", "tab")
            .attr("aria-selected", if i == v.active { "true" } else { "false" })
            .attr("data-action", act(ViewerAction::Tab(p.endpoint)))
            .text(w.endpoint(p.endpoint))
    });
    let modes = [(Mode::Tree, T::ModeTree), (Mode::Raw, T::ModeRaw)].map(|(m, label)| {
        el("button")
            .attr("type", "button")
            .attr("aria-pressed", if v.mode == m { "true" } else { "false" })
            .attr("data-action", act(ViewerAction::Mode(m)))
            .text(w.t(label))
    });
    let mut root = el("section").class("viewer").attr("data-viewer", "").children([
        el("div").class("tabs").attr("role", "tablist").attr("aria-label", w.t(T::ViewerEndpoints)).children(tabs),
        el("div").class("modes").children(modes),
    ]);
    let Some(p) = v.panes.get(v.active) else { return root };
    root = root.attr("data-active", p.endpoint.key());
    match (&p.tree, v.mode) {
        (Ok(t), Mode::Tree) => root.children([
            toolbar(t, &p.state, v.draft.as_deref(), p.endpoint, decoded, w).key("toolbar"),
            tree_view(t, &p.state, v.active, original_tree(unmasked, p.endpoint), marked_in(marked, p.endpoint), w)
                .key(format!("tree-{}", p.endpoint.key())),
        ]),
        (tree, _) => {
            let note = match tree {
                Err(e) if v.mode == Mode::Tree => Some(
                    el("p")
                        .class("muted")
                        .attr("data-state", "not-json")
                        .key("not-json")
                        .text(w.f(T::NotJson, &[&w.json_error(e)])),
                ),
                _ => None,
            };
            root.children(note).child(raw_view(p, w).key(format!("raw-{}", p.endpoint.key())))
        }
    }
}

fn toolbar(
    t: &Tree,
    s: &TreeState,
    draft: Option<&str>,
    endpoint: Endpoint,
    decoded: &HashMap<(Endpoint, String), String>,
    w: W,
) -> Node {
    let count = if s.query.trim().is_empty() {
        String::new()
    } else if s.matches.is_empty() {
        w.t(T::NoMatch).into()
    } else {
        let of = if s.more { T::MatchOfMore } else { T::MatchOf };
        w.f(of, &[&(s.current + 1).to_string(), &s.matches.len().to_string()])
    };
    let focused = s.focused.unwrap_or(0).min(t.len().saturating_sub(1));
    let path = t.path(focused);
    let mut here = el("div").class("here").children([
        el("code").class("path").attr("data-focused-path", "").attr("title", w.t(T::SelectedPath)).text(path.clone()),
        button(ViewerAction::CopyValue, w.t(T::CopyValue)),
        button(ViewerAction::CopyPath, w.t(T::CopyPath)),
    ]);
    if let Some(id) = decoded.get(&(endpoint, path)) {
        here = here.child(button(ViewerAction::Decoded(id.clone()), w.t(T::ShowInDecoded)));
    }
    el("div").class("toolbar").children([
        el("form").class("search").attr("data-form", "search").attr("role", "search").children([
            el("input")
                .attr("type", "search")
                .attr("id", "viewer-search")
                .attr("placeholder", w.t(T::SearchLabel))
                .attr("aria-label", w.t(T::SearchLabel))
                .attr("autocomplete", "off")
                .attr("value", draft.unwrap_or(&s.query).to_string()),
            el("output").attr("data-match-count", "").attr("aria-live", "polite").text(count),
            button(ViewerAction::Prev, "\u{2191}").attr("aria-label", w.t(T::PrevMatch)),
            button(ViewerAction::Next, "\u{2193}").attr("aria-label", w.t(T::NextMatch)),
        ]),
        el("div").class("row").children([
            button(ViewerAction::ExpandAll, w.t(T::ExpandAll)),
            button(ViewerAction::CollapseAll, w.t(T::CollapseAll)),
            el("span").class("muted").text(w.t(T::Depth)),
            button(ViewerAction::Depth(1), "1"),
            button(ViewerAction::Depth(2), "2"),
            button(ViewerAction::Depth(3), "3"),
        ]),
        here,
    ])
}

fn kind_class(k: Kind) -> &'static str {
    match k {
        Kind::Object => "t-obj",
        Kind::Array => "t-arr",
        Kind::String => "t-str",
        Kind::Number => "t-num",
        Kind::Bool => "t-bool",
        Kind::Null => "t-null",
    }
}

/// The tree of `endpoint`'s answer as sent, from the unmasked viewer.
fn original_tree(unmasked: Option<&Viewer>, endpoint: Endpoint) -> Option<&Tree> {
    unmasked?.panes.iter().find(|p| p.endpoint == endpoint)?.tree.as_deref().ok()
}

/// The paths marked in one answer.
fn marked_in(marked: &std::collections::HashSet<(Endpoint, String)>, e: Endpoint) -> HashSet<&str> {
    marked.iter().filter(|(m, _)| *m == e).map(|(_, p)| p.as_str()).collect()
}

struct Ctx<'a> {
    t: &'a Tree,
    /// Paths new since the last look.
    marked: HashSet<&'a str>,
    /// The same tree as sent, when `t` is masked.
    original: Option<&'a Tree>,
    s: &'a TreeState,
    pane: usize,
    /// The search's matches, in document order (node ids ascending).
    matches: &'a [usize],
    current: Option<usize>,
    w: W,
}

fn tree_view<'a>(
    t: &'a Tree,
    s: &'a TreeState,
    pane: usize,
    original: Option<&'a Tree>,
    marked: HashSet<&'a str>,
    w: W,
) -> Node {
    // Not copied into a set on every render: "e" matches most of a 5 MB body.
    let (matches, current) = (s.matches.as_slice(), s.matches.get(s.current).copied());
    let cx = Ctx { t, marked, original, s, pane, matches, current, w };
    el("ul").class("tree").attr("role", "tree").attr("aria-label", w.t(T::JsonTree)).child(item(&cx, 0))
}

fn item(cx: &Ctx, id: usize) -> Node {
    let (t, s, w) = (cx.t, cx.s, cx.w);
    let kind = t.kind(id);
    let container = t.is_container(id);
    let open = s.expanded.contains(&id);
    let focused = s.focused == Some(id);
    let mut class = String::from("node");
    if cx.matches.binary_search(&id).is_ok() {
        class.push_str(" match");
    }
    if cx.current == Some(id) {
        class.push_str(" current-match");
    }
    let path = t.path(id);
    let new = cx.marked.contains(path.as_str());
    let mut li = el("li")
        .key(id.to_string())
        .attr("role", "treeitem")
        .attr("id", Viewer::node_id(cx.pane, id))
        .attr("data-node", id.to_string())
        .attr("data-path", path.clone())
        .attr("title", path)
        .attr("aria-level", (t.depth(id) + 1).to_string())
        .attr("aria-selected", if focused { "true" } else { "false" })
        .attr("tabindex", if focused { "0" } else { "-1" })
        .class(&class);
    if container {
        li = li.attr("aria-expanded", if open { "true" } else { "false" });
    }
    let mut row = el("span").class("row").attr("data-action", act(ViewerAction::Focus(id)));
    row = row.child(if container {
        el("span")
            .class("tw")
            .attr("data-action", act(ViewerAction::Toggle(id)))
            .attr("aria-hidden", "true")
            .text(if open { "\u{25be}" } else { "\u{25b8}" })
    } else {
        el("span").class("tw").attr("aria-hidden", "true")
    });
    if let Some(k) = t.key_source(id) {
        row = row.child(el("span").class("t-key").text(k.to_string())).child(text(": "));
        if t.is_duplicate_key(id) {
            row = row
                .child(el("span").class("badge").attr("title", w.t(T::DuplicateKeyTitle)).text(w.t(T::DuplicateKey)));
        }
    } else if let Some(n) = t.index(id) {
        row = row.child(el("span").class("t-idx").text(format!("{n}"))).child(text(": "));
    }
    if new {
        row = row.child(el("span").class("badge new").attr("data-new", "").text(w.t(T::NewSinceLook)));
    }
    match kind {
        Kind::Object | Kind::Array => {
            let n = t.child_count(id);
            let (open_b, close_b, word) = if kind == Kind::Object {
                ("{", "}", w.t(if n == 1 { T::OneKey } else { T::Keys }))
            } else {
                ("[", "]", w.t(if n == 1 { T::OneItem } else { T::Items }))
            };
            row = row.child(el("span").class(kind_class(kind)).text(if open || n == 0 {
                open_b.to_string()
            } else {
                format!("{open_b}\u{2026}{close_b}")
            }));
            row = row.child(el("span").class("count").text(format!(" {n} {word}")));
            if n == 0 {
                row = row.child(el("span").class(kind_class(kind)).text(close_b));
            }
        }
        _ => {
            let src = t.source(id);
            let chars = src.chars().count();
            if kind == Kind::String && chars > LONG_STRING && !s.full.contains(&id) {
                let cut: String = src.chars().take(LONG_STRING).collect();
                row = row.child(el("span").class("t-str").text(format!("{cut}\u{2026}"))).child(
                    el("button")
                        .attr("type", "button")
                        .class("small link")
                        .attr("data-action", act(ViewerAction::Full(id)))
                        .text(w.f(T::ShowAllChars, &[&chars.to_string()])),
                );
            } else {
                row = row.child(el("span").class(kind_class(kind)).text(src.to_string()));
            }
            // Masked, it is text; USCIS sent a number.
            let was = cx.original.filter(|o| id < o.len()).map(|o| o.kind(id));
            if kind == Kind::String && was == Some(Kind::Number) {
                row = row.child(el("span").class("badge").attr("data-masked-number", "").text(w.t(T::MaskedNumber)));
            }
        }
    }
    li = li.child(row);
    let n = t.child_count(id);
    if container && open && n > 0 {
        let shown = s.shown_count(t, id);
        let mut group = el("ul").attr("role", "group").children(t.children(id).take(shown).map(|c| item(cx, c)));
        if shown < n {
            let more = (n - shown).min(crate::tree::PAGE);
            group = group.child(
                el("li").class("more").attr("role", "none").key("more").child(
                    el("button")
                        .attr("type", "button")
                        .class("small")
                        .attr("data-action", act(ViewerAction::More(id)))
                        .text(w.f(T::ShowMore, &[&more.to_string(), &n.to_string()])),
                ),
            );
        }
        li = li.child(group);
    }
    li
}

fn raw_view(p: &Pane, w: W) -> Node {
    let lines: Vec<&str> = p.body.split('\n').collect();
    let shown = lines.len().min(p.lines_shown);
    let rows = lines[..shown].iter().enumerate().map(|(i, l)| {
        let line = if l.len() > LONG_LINE {
            let head = crate::text::head(l, LONG_LINE);
            format!("{head}\u{2026} {}", w.f(T::LineContinues, &[&l.chars().count().to_string()]))
        } else {
            l.to_string()
        };
        el("div").class("line").children([
            el("span").class("ln").attr("aria-hidden", "true").text(format!("{}", i + 1)),
            el("span").class("lt").text(line),
        ])
    });
    let mut out = el("div")
        .class("raw-text")
        .attr("data-raw-text", p.endpoint.key())
        .attr("tabindex", "0")
        .attr("aria-label", w.t(T::RawTextLabel))
        .children(rows);
    if shown < lines.len() {
        out = out.child(
            el("button")
                .attr("type", "button")
                .class("small")
                .attr("data-action", act(ViewerAction::RawMore))
                .text(w.f(T::MoreLines, &[&shown.to_string(), &lines.len().to_string()])),
        );
    }
    out
}
