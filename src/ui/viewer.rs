//! The raw JSON viewer: one pane per endpoint, each a collapsible tree of the
//! exact body (see [`crate::tree`]) or the body as text with line numbers,
//! with search, expand/collapse, copy value and copy path. Pure: it turns
//! state into a [`Node`] description and actions into state changes.

use std::collections::HashMap;

use crate::endpoints::Endpoint;
use crate::protocol::EndpointResult;
use crate::tree::{Kind, Tree, TreeState, LONG_STRING};
use crate::view::{el, text, Node};

/// Tree or text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Tree,
    Raw,
}

/// One endpoint's body in the viewer.
#[derive(Debug, Clone)]
pub struct Pane {
    pub endpoint: Endpoint,
    /// `Err` says where the body stops being JSON (the pane then shows text).
    pub tree: Result<Tree, String>,
    pub state: TreeState,
    pub body: String,
    /// Lines of the text view shown so far.
    pub lines_shown: usize,
}

/// What the viewer asks its host to do.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewerEffect {
    Copy {
        text: String,
        what: String,
    },
    /// Move keyboard focus to (and scroll to) the element with this id.
    Focus(String),
}

/// The viewer's state.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub panes: Vec<Pane>,
    pub active: usize,
    pub mode: Mode,
    /// What is typed in the search box but not searched yet.
    pub draft: Option<String>,
}

/// Lines of the text view per page.
pub const LINES_PAGE: usize = 2000;
/// Longer lines are cut in the text view.
pub const LONG_LINE: usize = 100_000;

impl Viewer {
    pub fn new(results: &[EndpointResult]) -> Viewer {
        let panes: Vec<Pane> = results
            .iter()
            .map(|r| {
                let tree = if r.body.trim().is_empty() { Err("empty body".into()) } else { Tree::parse(&r.body) };
                let state = tree.as_ref().map(TreeState::new).unwrap_or_default();
                Pane { endpoint: r.endpoint, tree, state, body: r.body.clone(), lines_shown: LINES_PAGE }
            })
            .collect();
        Viewer { panes, active: 0, mode: Mode::Tree, draft: None }
    }

    fn pane(&mut self) -> Option<&mut Pane> {
        self.panes.get_mut(self.active)
    }

    /// Element id of a tree node, unique in the document.
    pub fn node_id(pane: usize, id: usize) -> String {
        format!("n{pane}-{id}")
    }

    /// Search as the user types.
    pub fn search(&mut self, query: &str) {
        self.draft = None;
        if let Some(p) = self.pane() {
            if let Ok(t) = &p.tree {
                p.state.search(t, query);
            }
        }
    }

    /// A key pressed inside the tree; returns the focus to move to.
    pub fn key(&mut self, key: &str) -> Vec<ViewerEffect> {
        let active = self.active;
        let Some(p) = self.pane() else { return Vec::new() };
        let Ok(t) = &p.tree else { return Vec::new() };
        if p.state.key(t, key) {
            p.state.focused.map(|f| vec![ViewerEffect::Focus(Viewer::node_id(active, f))]).unwrap_or_default()
        } else {
            Vec::new()
        }
    }

    /// Selects the pane of `endpoint` and reveals the node at `path`.
    pub fn show(&mut self, endpoint: Endpoint, path: &str) -> Vec<ViewerEffect> {
        let Some(i) = self.panes.iter().position(|p| p.endpoint == endpoint) else { return Vec::new() };
        self.active = i;
        self.mode = Mode::Tree;
        let p = &mut self.panes[i];
        let Ok(t) = &p.tree else { return Vec::new() };
        match t.find_path(path) {
            Some(id) => {
                p.state.reveal(t, id);
                vec![ViewerEffect::Focus(Viewer::node_id(i, id))]
            }
            None => Vec::new(),
        }
    }

    /// Handles a `v:` action (without the prefix).
    pub fn action(&mut self, a: &str) -> Vec<ViewerEffect> {
        let (verb, arg) = a.split_once(':').unwrap_or((a, ""));
        let num = arg.parse::<usize>().ok();
        match verb {
            "tab" => {
                if let Some(i) = self.panes.iter().position(|p| p.endpoint.key() == arg) {
                    self.active = i;
                }
            }
            "mode" => self.mode = if arg == "raw" { Mode::Raw } else { Mode::Tree },
            "raw-more" => {
                if let Some(p) = self.pane() {
                    p.lines_shown += LINES_PAGE;
                }
            }
            "show" => {
                let (key, path) = arg.split_once(':').unwrap_or((arg, "$"));
                if let Some(e) = Endpoint::ALL.into_iter().find(|e| e.key() == key) {
                    return self.show(e, path);
                }
            }
            _ => {
                let active = self.active;
                let Some(p) = self.pane() else { return Vec::new() };
                let Ok(t) = &p.tree else { return Vec::new() };
                let s = &mut p.state;
                match (verb, num) {
                    ("toggle", Some(id)) if id < t.items.len() => {
                        s.toggle(t, id);
                        s.focused = Some(id);
                    }
                    ("focus", Some(id)) if id < t.items.len() => s.focused = Some(id),
                    ("more", Some(id)) if id < t.items.len() => s.show_more(t, id),
                    ("full", Some(id)) if id < t.items.len() => {
                        s.full.insert(id);
                    }
                    ("expand-all", _) => s.expand_all(t),
                    ("collapse-all", _) => s.collapse_all(),
                    ("depth", Some(n)) => s.expand_to_depth(t, n),
                    ("next", _) | ("prev", _) => {
                        s.step_match(t, verb == "next");
                        if let Some(f) = s.focused {
                            return vec![ViewerEffect::Focus(Viewer::node_id(active, f))];
                        }
                    }
                    ("copy-value", _) => {
                        // A string's text without quotes or escapes; anything
                        // else exactly as sent (numbers keep their digits).
                        let id = s.focused.unwrap_or(0);
                        let src = t.source(id);
                        let text = match t.items[id].kind {
                            Kind::String => match crate::text::parse_json_lenient(src) {
                                Ok(serde_json::Value::String(v)) => v,
                                _ => src.to_string(),
                            },
                            _ => src.to_string(),
                        };
                        return vec![ViewerEffect::Copy { text, what: format!("the value at {}", t.path(id)) }];
                    }
                    ("copy-path", _) => {
                        let id = s.focused.unwrap_or(0);
                        return vec![ViewerEffect::Copy { text: t.path(id), what: "the path".into() }];
                    }
                    _ => {}
                }
            }
        }
        Vec::new()
    }

    /// The viewer. `decoded` maps (endpoint, JSON path) to the element id of
    /// the decoded line that shows it, for "show in decoded".
    pub fn view(&self, decoded: &HashMap<(Endpoint, String), String>) -> Node {
        let tabs = self.panes.iter().enumerate().map(|(i, p)| {
            el("button")
                .attr("type", "button")
                .attr("role", "tab")
                .attr("aria-selected", if i == self.active { "true" } else { "false" })
                .attr("data-action", format!("v:tab:{}", p.endpoint.key()))
                .text(p.endpoint.title())
        });
        let modes = [(Mode::Tree, "tree", "Tree"), (Mode::Raw, "raw", "Raw")].map(|(m, k, label)| {
            el("button")
                .attr("type", "button")
                .attr("aria-pressed", if self.mode == m { "true" } else { "false" })
                .attr("data-action", format!("v:mode:{k}"))
                .text(label)
        });
        let mut root = el("section").class("viewer").attr("data-viewer", "").children([
            el("div").class("tabs").attr("role", "tablist").attr("aria-label", "Endpoint").children(tabs),
            el("div").class("modes").children(modes),
        ]);
        let Some(p) = self.panes.get(self.active) else { return root };
        root = root.attr("data-active", p.endpoint.key());
        match (&p.tree, self.mode) {
            (Ok(t), Mode::Tree) => root.children([
                toolbar(t, &p.state, self.draft.as_deref(), p.endpoint, decoded),
                tree_view(t, &p.state, self.active),
            ]),
            (tree, _) => {
                let note = match tree {
                    Err(e) if self.mode == Mode::Tree => Some(
                        el("p")
                            .class("muted")
                            .attr("data-state", "not-json")
                            .text(format!("This answer is not JSON ({e}); it is shown as received.")),
                    ),
                    _ => None,
                };
                root.children(note).child(raw_view(p))
            }
        }
    }
}

fn toolbar(
    t: &Tree,
    s: &TreeState,
    draft: Option<&str>,
    endpoint: Endpoint,
    decoded: &HashMap<(Endpoint, String), String>,
) -> Node {
    let button = |action: String, label: &str| {
        el("button").attr("type", "button").class("small").attr("data-action", action).text(label)
    };
    let count = if s.query.trim().is_empty() {
        String::new()
    } else if s.matches.is_empty() {
        "no match".into()
    } else {
        format!("{} of {}", s.current + 1, s.matches.len())
    };
    let focused = s.focused.unwrap_or(0).min(t.items.len().saturating_sub(1));
    let path = t.path(focused);
    let mut here = el("div").class("here").children([
        el("code")
            .class("path")
            .attr("data-focused-path", "")
            .attr("title", "Path of the selected node")
            .text(path.clone()),
        button("v:copy-value".into(), "Copy value"),
        button("v:copy-path".into(), "Copy path"),
    ]);
    if let Some(id) = decoded.get(&(endpoint, path)) {
        here = here.child(button(format!("v:decoded:{id}"), "Show in decoded"));
    }
    el("div").class("toolbar").children([
        el("form").class("search").attr("data-form", "search").attr("role", "search").children([
            el("input")
                .attr("type", "search")
                .attr("id", "viewer-search")
                .attr("placeholder", "Search keys and values")
                .attr("aria-label", "Search keys and values")
                .attr("autocomplete", "off")
                .attr("value", draft.unwrap_or(&s.query).to_string()),
            el("output").attr("data-match-count", "").attr("aria-live", "polite").text(count),
            button("v:prev".into(), "\u{2191}").attr("aria-label", "Previous match"),
            button("v:next".into(), "\u{2193}").attr("aria-label", "Next match"),
        ]),
        el("div").class("row").children([
            button("v:expand-all".into(), "Expand all"),
            button("v:collapse-all".into(), "Collapse all"),
            el("span").class("muted").text("Depth"),
            button("v:depth:1".into(), "1"),
            button("v:depth:2".into(), "2"),
            button("v:depth:3".into(), "3"),
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

fn tree_view(t: &Tree, s: &TreeState, pane: usize) -> Node {
    let current = s.matches.get(s.current).copied();
    let matches: std::collections::HashSet<usize> = s.matches.iter().copied().collect();
    el("ul")
        .class("tree")
        .attr("role", "tree")
        .attr("aria-label", "JSON tree")
        .child(item(t, s, pane, 0, &matches, current))
}

fn item(
    t: &Tree,
    s: &TreeState,
    pane: usize,
    id: usize,
    matches: &std::collections::HashSet<usize>,
    current: Option<usize>,
) -> Node {
    let it = &t.items[id];
    let container = t.is_container(id);
    let open = s.expanded.contains(&id);
    let focused = s.focused == Some(id);
    let mut class = String::from("node");
    if matches.contains(&id) {
        class.push_str(" match");
    }
    if current == Some(id) {
        class.push_str(" current-match");
    }
    let path = t.path(id);
    let mut li = el("li")
        .attr("role", "treeitem")
        .attr("id", Viewer::node_id(pane, id))
        .attr("data-node", id.to_string())
        .attr("data-path", path.clone())
        .attr("title", path)
        .attr("aria-level", (it.depth + 1).to_string())
        .attr("aria-selected", if focused { "true" } else { "false" })
        .attr("tabindex", if focused { "0" } else { "-1" })
        .class(&class);
    if container {
        li = li.attr("aria-expanded", if open { "true" } else { "false" });
    }
    let mut row = el("span").class("row").attr("data-action", format!("v:focus:{id}"));
    row = row.child(if container {
        el("span").class("tw").attr("data-action", format!("v:toggle:{id}")).attr("aria-hidden", "true").text(if open {
            "\u{25be}"
        } else {
            "\u{25b8}"
        })
    } else {
        el("span").class("tw").attr("aria-hidden", "true")
    });
    if let Some(k) = t.key_source(id) {
        row = row.child(el("span").class("t-key").text(k.to_string())).child(text(": "));
        if it.duplicate_key {
            row = row.child(
                el("span")
                    .class("badge")
                    .attr("title", "This key appears more than once in the same object")
                    .text("duplicate key"),
            );
        }
    } else if let Some(n) = it.index {
        row = row.child(el("span").class("t-idx").text(format!("{n}"))).child(text(": "));
    }
    match it.kind {
        Kind::Object | Kind::Array => {
            let n = it.children.len();
            let (open_b, close_b, word) = if it.kind == Kind::Object {
                ("{", "}", if n == 1 { "key" } else { "keys" })
            } else {
                ("[", "]", if n == 1 { "item" } else { "items" })
            };
            row = row.child(el("span").class(kind_class(it.kind)).text(if open || n == 0 {
                open_b.to_string()
            } else {
                format!("{open_b}\u{2026}{close_b}")
            }));
            row = row.child(el("span").class("count").text(format!(" {n} {word}")));
            if n == 0 {
                row = row.child(el("span").class(kind_class(it.kind)).text(close_b));
            }
        }
        _ => {
            let src = t.source(id);
            if it.kind == Kind::String && src.chars().count() > LONG_STRING && !s.full.contains(&id) {
                let cut: String = src.chars().take(LONG_STRING).collect();
                row = row.child(el("span").class("t-str").text(format!("{cut}\u{2026}"))).child(
                    el("button")
                        .attr("type", "button")
                        .class("small link")
                        .attr("data-action", format!("v:full:{id}"))
                        .text(format!("show all ({} characters)", src.chars().count())),
                );
            } else {
                row = row.child(el("span").class(kind_class(it.kind)).text(src.to_string()));
            }
        }
    }
    li = li.child(row);
    if container && open && !it.children.is_empty() {
        let shown = s.shown_count(t, id);
        let mut group = el("ul")
            .attr("role", "group")
            .children(it.children[..shown].iter().map(|c| item(t, s, pane, *c, matches, current)));
        if shown < it.children.len() {
            let more = (it.children.len() - shown).min(crate::tree::PAGE);
            group = group.child(
                el("li").class("more").attr("role", "none").child(
                    el("button")
                        .attr("type", "button")
                        .class("small")
                        .attr("data-action", format!("v:more:{id}"))
                        .text(format!("Show {more} more (of {})", it.children.len())),
                ),
            );
        }
        li = li.child(group);
    }
    li
}

fn raw_view(p: &Pane) -> Node {
    let lines: Vec<&str> = p.body.split('\n').collect();
    let shown = lines.len().min(p.lines_shown);
    let rows = lines[..shown].iter().enumerate().map(|(i, l)| {
        let line = if l.len() > LONG_LINE {
            let mut end = LONG_LINE;
            while !l.is_char_boundary(end) {
                end -= 1;
            }
            format!(
                "{}\u{2026} (line continues: {} characters in all; \u{201c}Copy raw\u{201d} copies everything)",
                &l[..end],
                l.chars().count()
            )
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
        .attr("aria-label", "The answer exactly as received")
        .children(rows);
    if shown < lines.len() {
        out = out.child(
            el("button").attr("type", "button").class("small").attr("data-action", "v:raw-more").text(format!(
                "Show more lines ({} of {} shown)",
                shown,
                lines.len()
            )),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(e: Endpoint, body: &str) -> EndpointResult {
        EndpointResult { status: 200, body: body.into(), attempts: 1, ..EndpointResult::empty(e) }
    }

    fn viewer() -> Viewer {
        Viewer::new(&[
            result(Endpoint::Case, r#"{"data":{"events":[{"eventCode":"IAF","n":1.10}],"big":12345678901234567890}}"#),
            result(Endpoint::Status, "<html>not json</html>"),
        ])
    }

    #[test]
    fn copies_exact_values_and_paths_of_the_focused_node() {
        let mut v = viewer();
        assert!(v.show(Endpoint::Case, "$.data.events[0].n").len() == 1);
        assert_eq!(
            v.action("copy-value"),
            [ViewerEffect::Copy { text: "1.10".into(), what: "the value at $.data.events[0].n".into() }]
        );
        assert_eq!(
            v.action("copy-path"),
            [ViewerEffect::Copy { text: "$.data.events[0].n".into(), what: "the path".into() }]
        );
        v.show(Endpoint::Case, "$.data.events[0].eventCode");
        assert_eq!(
            v.action("copy-value"),
            [ViewerEffect::Copy { text: "IAF".into(), what: "the value at $.data.events[0].eventCode".into() }]
        );
        v.show(Endpoint::Case, "$.data.events[0]");
        let Some(ViewerEffect::Copy { text: obj, .. }) = v.action("copy-value").pop() else { panic!() };
        assert_eq!(obj, r#"{"eventCode":"IAF","n":1.10}"#);
        let shown = v.view(&HashMap::new()).text_content();
        assert!(shown.contains("12345678901234567890"));
    }

    #[test]
    fn a_body_that_is_not_json_is_shown_as_text_with_line_numbers() {
        let mut v = viewer();
        v.action("tab:case_status");
        let n = v.view(&HashMap::new());
        assert!(n.find("data-state", "not-json").is_some());
        assert!(n.find("data-raw-text", "case_status").unwrap().text_content().contains("<html>not json</html>"));
    }

    #[test]
    fn search_counts_and_reveals() {
        let mut v = viewer();
        v.action("collapse-all");
        v.search("iaf");
        let n = v.view(&HashMap::new());
        assert!(n.find("data-match-count", "").unwrap().text_content() == "1 of 1");
        assert!(n.find("data-path", "$.data.events[0].eventCode").is_some(), "the match is on screen");
    }

    #[test]
    fn decoded_lines_link_back() {
        let mut v = viewer();
        v.show(Endpoint::Case, "$.data.big");
        let mut map = HashMap::new();
        map.insert((Endpoint::Case, "$.data.big".to_string()), "d3".to_string());
        assert!(v.view(&map).find("data-action", "v:decoded:d3").is_some());
    }

    #[test]
    fn long_text_lines_page() {
        let body = (0..5000).map(|i| i.to_string()).collect::<Vec<_>>().join("\n");
        let mut v = Viewer::new(&[result(Endpoint::Documents, &body)]);
        v.action("mode:raw");
        let n = v.view(&HashMap::new());
        assert!(n.text_content().contains("Show more lines (2000 of 5000 shown)"));
        v.action("raw-more");
        assert!(v.view(&HashMap::new()).text_content().contains("(4000 of 5000 shown)"));
    }
}
