//! The raw JSON viewer's state: one pane per endpoint, each a collapsible
//! tree of the exact body (see [`crate::tree`]) or the body as text with
//! line numbers, with search, expand/collapse, copy value and copy path.
//! Its view is [`super::view::viewer`].

use std::rc::Rc;

use super::action::{Mode, ViewerAction};
use crate::endpoints::Endpoint;
use crate::protocol::EndpointResult;
use crate::text::{JsonError, JsonErrorKind};
use crate::tree::{Tree, TreeState};

/// One endpoint's body in the viewer.
#[derive(Debug, Clone)]
pub struct Pane {
    pub endpoint: Endpoint,
    /// `Err` says where the body stops being JSON (the pane then shows text).
    pub tree: Result<Rc<Tree>, JsonError>,
    pub state: TreeState,
    /// The body as received, shared with the bundle and the tree.
    pub body: Rc<String>,
    /// Lines of the text view shown so far.
    pub lines_shown: usize,
}

/// What the viewer asks its host to do.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewerEffect {
    /// Copy the selected value (`text`), found at `path`.
    CopyValue { text: String, path: String },
    /// Copy the selected node's path.
    CopyPath(String),
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
        Viewer::with_trees(results, &[])
    }

    /// A viewer over `results`, with the trees already parsed for some of
    /// them (`parsed[i]` for `results[i]`); the others are parsed here.
    pub fn with_trees(results: &[EndpointResult], parsed: &[Option<Rc<Tree>>]) -> Viewer {
        let panes: Vec<Pane> = results
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let tree = if let Some(Some(t)) = parsed.get(i) {
                    Ok(t.clone())
                } else if r.body.trim().is_empty() {
                    Err(JsonError { line: 1, column: 1, kind: JsonErrorKind::Empty })
                } else {
                    Tree::parse_shared(r.body.clone()).map(Rc::new)
                };
                let state = tree.as_deref().map(TreeState::new).unwrap_or_default();
                Pane { endpoint: r.endpoint, tree, state, body: r.body.clone(), lines_shown: LINES_PAGE }
            })
            .collect();
        Viewer { panes, active: 0, mode: Mode::Tree, draft: None }
    }

    /// Takes over what the user did in `old`, the viewer of the same case
    /// before "Fetch again": the pane and mode on screen, what is open, the
    /// selected node and the search. An unchanged body keeps everything as it
    /// was; a changed one keeps what still exists at the same paths.
    pub fn carry_from(&mut self, old: &Viewer) {
        self.mode = old.mode;
        self.draft = old.draft.clone();
        if let Some(active) = old.panes.get(old.active) {
            if let Some(i) = self.panes.iter().position(|p| p.endpoint == active.endpoint) {
                self.active = i;
            }
        }
        for pane in &mut self.panes {
            let Some(before) = old.panes.iter().find(|p| p.endpoint == pane.endpoint) else { continue };
            pane.lines_shown = before.lines_shown;
            let (Ok(t), Ok(old_t)) = (&pane.tree, &before.tree) else { continue };
            if pane.body == before.body {
                pane.state = before.state.clone();
                continue;
            }
            let at = |id: usize| t.find_path(&old_t.path(id));
            let s = &before.state;
            pane.state.expanded = s.expanded.iter().filter_map(|id| at(*id)).collect();
            pane.state.expanded.insert(0);
            pane.state.shown = s.shown.iter().filter_map(|(id, n)| at(*id).map(|i| (i, *n))).collect();
            pane.state.full = s.full.iter().filter_map(|id| at(*id)).collect();
            if !s.query.is_empty() {
                pane.state.search(t, &s.query);
            }
            // After the search, which moves the selection to its first match.
            pane.state.focused = s.focused.and_then(at);
        }
    }

    fn pane(&mut self) -> Option<&mut Pane> {
        self.panes.get_mut(self.active)
    }

    /// The tree of `endpoint`'s answer, when it is JSON.
    pub fn tree(&self, endpoint: Endpoint) -> Option<&Tree> {
        self.panes.iter().find(|p| p.endpoint == endpoint)?.tree.as_deref().ok()
    }

    /// Element id of a tree node, unique in the document.
    pub fn node_id(pane: usize, id: usize) -> String {
        format!("n{pane}-{id}")
    }

    /// Search as the user types.
    /// Makes the search index of the body on screen (see [`Tree::prepare_search`]).
    pub fn prepare_search(&self) {
        if let Some(Ok(t)) = self.panes.get(self.active).map(|p| &p.tree) {
            t.prepare_search();
        }
    }

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

    /// Handles a click in the viewer.
    pub fn action(&mut self, a: ViewerAction) -> Vec<ViewerEffect> {
        match a {
            ViewerAction::Tab(e) => {
                if let Some(i) = self.panes.iter().position(|p| p.endpoint == e) {
                    self.active = i;
                }
            }
            ViewerAction::Mode(m) => self.mode = m,
            ViewerAction::RawMore => {
                if let Some(p) = self.pane() {
                    p.lines_shown += LINES_PAGE;
                }
            }
            ViewerAction::Show(e, path) => return self.show(e, &path),
            // The app focuses decoded lines.
            ViewerAction::Decoded(_) => {}
            other => {
                let active = self.active;
                let Some(p) = self.pane() else { return Vec::new() };
                let Ok(t) = &p.tree else { return Vec::new() };
                let s = &mut p.state;
                let n = t.len();
                match other {
                    ViewerAction::Toggle(id) if id < n => {
                        s.toggle(t, id);
                        s.focused = Some(id);
                    }
                    ViewerAction::Focus(id) if id < n => s.focused = Some(id),
                    ViewerAction::More(id) if id < n => s.show_more(t, id),
                    ViewerAction::Full(id) if id < n => {
                        s.full.insert(id);
                    }
                    ViewerAction::ExpandAll => s.expand_all(t),
                    ViewerAction::CollapseAll => s.collapse_all(),
                    ViewerAction::Depth(d) => s.expand_to_depth(t, d),
                    ViewerAction::Next | ViewerAction::Prev => {
                        s.step_match(t, other == ViewerAction::Next);
                        if let Some(f) = s.focused {
                            return vec![ViewerEffect::Focus(Viewer::node_id(active, f))];
                        }
                    }
                    ViewerAction::CopyValue => {
                        // A string's text without quotes or escapes; anything
                        // else exactly as sent (numbers keep their digits).
                        let id = s.focused.unwrap_or(0);
                        return vec![ViewerEffect::CopyValue { text: t.value_text(id), path: t.path(id) }];
                    }
                    ViewerAction::CopyPath => {
                        return vec![ViewerEffect::CopyPath(t.path(s.focused.unwrap_or(0)))];
                    }
                    _ => {}
                }
            }
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::i18n::{Lang, W};
    use crate::ui::node::Node;
    use crate::ui::view::viewer::view;

    fn result(e: Endpoint, body: &str) -> EndpointResult {
        EndpointResult { status: 200, body: Rc::new(body.to_string()), attempts: 1, ..EndpointResult::empty(e) }
    }

    fn viewer() -> Viewer {
        Viewer::new(&[
            result(Endpoint::Case, r#"{"data":{"events":[{"eventCode":"IAF","n":1.10}],"big":12345678901234567890}}"#),
            result(Endpoint::Status, "<html>not json</html>"),
        ])
    }

    fn shown(v: &Viewer) -> Node {
        view(v, &HashMap::new(), W(Lang::En))
    }

    #[test]
    fn copies_exact_values_and_paths_of_the_focused_node() {
        let mut v = viewer();
        assert!(v.show(Endpoint::Case, "$.data.events[0].n").len() == 1);
        assert_eq!(
            v.action(ViewerAction::CopyValue),
            [ViewerEffect::CopyValue { text: "1.10".into(), path: "$.data.events[0].n".into() }]
        );
        assert_eq!(v.action(ViewerAction::CopyPath), [ViewerEffect::CopyPath("$.data.events[0].n".into())]);
        v.show(Endpoint::Case, "$.data.events[0].eventCode");
        assert_eq!(
            v.action(ViewerAction::CopyValue),
            [ViewerEffect::CopyValue { text: "IAF".into(), path: "$.data.events[0].eventCode".into() }]
        );
        v.show(Endpoint::Case, "$.data.events[0]");
        let Some(ViewerEffect::CopyValue { text: obj, .. }) = v.action(ViewerAction::CopyValue).pop() else { panic!() };
        assert_eq!(obj, r#"{"eventCode":"IAF","n":1.10}"#);
        assert!(shown(&v).text_content().contains("12345678901234567890"));
    }

    #[test]
    fn a_body_that_is_not_json_is_shown_as_text_with_line_numbers() {
        let mut v = viewer();
        v.action(ViewerAction::Tab(Endpoint::Status));
        let n = shown(&v);
        assert!(n.find("data-state", "not-json").is_some());
        assert!(n.find("data-raw-text", "case_status").unwrap().text_content().contains("<html>not json</html>"));
    }

    #[test]
    fn search_counts_and_reveals() {
        let mut v = viewer();
        v.action(ViewerAction::CollapseAll);
        v.search("iaf");
        let n = shown(&v);
        assert!(n.find("data-match-count", "").unwrap().text_content() == "1 of 1");
        assert!(n.find("data-path", "$.data.events[0].eventCode").is_some(), "the match is on screen");
    }

    #[test]
    fn a_search_with_too_many_matches_says_it_counts_the_first_ones() {
        // A body of 10,050 nodes that hold the word: the first 10,000 only.
        let body = format!("[{}]", vec!["\"fta0\""; crate::tree::MAX_MATCHES + 50].join(","));
        let mut v = Viewer::new(&[result(Endpoint::Case, &body)]);
        v.search("fta0");
        let count =
            |v: &Viewer, lang| view(v, &HashMap::new(), W(lang)).find("data-match-count", "").unwrap().text_content();
        assert_eq!(count(&v, Lang::En), "1 of the first 10000");
        assert_eq!(count(&v, Lang::Es), "1 de los primeros 10000");
        assert_eq!(count(&v, Lang::Zh), "前 10000 个中的第 1 个");
        v.search("fta0x");
        assert_eq!(count(&v, Lang::En), "no match");
        v.search("fta");
        assert_eq!(count(&v, Lang::En), "1 of the first 10000", "and again for the next word");
    }

    #[test]
    fn decoded_lines_link_back_even_for_keys_that_need_brackets() {
        let mut v = Viewer::new(&[result(Endpoint::Case, r#"{"data":{"$odd":1,"big":2}}"#)]);
        // The decoder and the tree write the same path for such a key.
        let path = crate::jsonpath::key("$.data", "$odd");
        assert_eq!(v.show(Endpoint::Case, &path).len(), 1, "{path}");
        let mut map = HashMap::new();
        map.insert((Endpoint::Case, path), "o0".to_string());
        assert!(view(&v, &map, W(Lang::En)).find("data-action", "v:decoded:o0").is_some());
    }

    #[test]
    fn fetch_again_keeps_what_was_open_and_selected() {
        let body = r#"{"data":{"events":[{"eventCode":"IAF"},{"eventCode":"FTA0"}],"x":1}}"#;
        let mut old = Viewer::new(&[result(Endpoint::Status, "{}"), result(Endpoint::Case, body)]);
        old.action(ViewerAction::Tab(Endpoint::Case));
        old.action(ViewerAction::CollapseAll);
        old.show(Endpoint::Case, "$.data.events[1].eventCode");
        old.search("fta");
        // The same answer again: everything as it was.
        let mut same = Viewer::new(&[result(Endpoint::Status, "{}"), result(Endpoint::Case, body)]);
        same.carry_from(&old);
        assert_eq!(same.active, 1);
        assert_eq!(same.panes[1].state, old.panes[1].state);
        // A changed answer (an event added first): the same paths stay open.
        let changed = r#"{"data":{"events":[{"eventCode":"NEW"},{"eventCode":"IAF"},{"eventCode":"FTA0"}],"x":1}}"#;
        let mut new = Viewer::new(&[result(Endpoint::Status, "{}"), result(Endpoint::Case, changed)]);
        new.carry_from(&old);
        let (t, s) = (new.panes[1].tree.as_ref().unwrap(), &new.panes[1].state);
        assert_eq!(s.focused.map(|f| t.path(f)).as_deref(), Some("$.data.events[1].eventCode"));
        let open: std::collections::BTreeSet<String> = s.expanded.iter().map(|i| t.path(*i)).collect();
        assert!(open.contains("$.data.events[1]"), "{open:?}");
        assert_eq!(s.query, "fta");
        assert_eq!(s.matches.len(), 1);
    }

    #[test]
    fn long_text_lines_page() {
        let body = (0..5000).map(|i| i.to_string()).collect::<Vec<_>>().join("\n");
        let mut v = Viewer::new(&[result(Endpoint::Documents, &body)]);
        v.action(ViewerAction::Mode(Mode::Raw));
        assert!(shown(&v).text_content().contains("Show more lines (2000 of 5000 shown)"));
        v.action(ViewerAction::RawMore);
        assert!(shown(&v).text_content().contains("(4000 of 5000 shown)"));
        let es = view(&v, &HashMap::new(), W(Lang::Es)).text_content();
        assert!(es.contains("Mostrar m\u{e1}s l\u{ed}neas (4000 de 5000)"), "{es}");
    }
}
