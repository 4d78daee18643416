//! What is open, shown, searched and focused in one [`Tree`], and the keys
//! of the WAI-ARIA tree pattern.

use std::collections::{HashMap, HashSet};

use super::Tree;

/// The keys the WAI-ARIA tree pattern gives meaning to (see [`TreeState::key`]).
pub fn is_tree_key(key: &str) -> bool {
    matches!(key, "ArrowDown" | "ArrowUp" | "ArrowLeft" | "ArrowRight" | "Home" | "End" | "Enter" | " ")
}

/// How many children of a container are shown at first, and per "show more".
pub const PAGE: usize = 100;
/// Children shown up to a match when a search opens their container.
pub const REVEAL_PAGE: usize = 20;
/// Strings longer than this are cut, with "show all".
pub const LONG_STRING: usize = 300;
/// Matches a search finds at most ("1 of 10000+"), as editors do: past
/// that a word is in most of a long case, and finding every one took
/// longer than a keystroke.
pub const MAX_MATCHES: usize = 10_000;

/// What is open, shown and focused in one tree.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TreeState {
    pub expanded: HashSet<usize>,
    /// Children shown per container beyond the first page.
    pub shown: HashMap<usize, usize>,
    /// Long strings shown whole.
    pub full: HashSet<usize>,
    pub focused: Option<usize>,
    pub query: String,
    /// The first [`MAX_MATCHES`] nodes found, in document order.
    pub matches: Vec<usize>,
    /// The search stopped at [`MAX_MATCHES`]: there may be more.
    pub more: bool,
    pub current: usize,
}

impl TreeState {
    /// The initial state: root and its first level open.
    pub fn new(tree: &Tree) -> TreeState {
        let mut s = TreeState::default();
        s.expand_to_depth(tree, 2);
        s.focused = Some(0);
        s
    }

    /// How many children of `id` are shown.
    pub fn shown_count(&self, tree: &Tree, id: usize) -> usize {
        tree.child_count(id).min(self.shown.get(&id).copied().unwrap_or(PAGE))
    }

    pub fn toggle(&mut self, tree: &Tree, id: usize) {
        if id < tree.len() && tree.is_container(id) && !self.expanded.remove(&id) {
            self.expanded.insert(id);
        }
    }

    pub fn expand_all(&mut self, tree: &Tree) {
        self.expanded = (0..tree.len()).filter(|i| tree.is_container(*i)).collect();
    }

    pub fn collapse_all(&mut self) {
        self.expanded.clear();
        self.focused = Some(0);
    }

    /// Opens every container above depth `n` (1 = only the root open).
    pub fn expand_to_depth(&mut self, tree: &Tree, n: usize) {
        // Level by level from the root: only the levels opened are visited.
        self.expanded.clear();
        let mut level = vec![0usize];
        for depth in 0..n {
            level.retain(|id| tree.is_container(*id));
            self.expanded.extend(level.iter().copied());
            if depth + 1 < n {
                level = level.iter().flat_map(|id| tree.children(*id)).collect();
            }
        }
    }

    pub fn show_more(&mut self, tree: &Tree, id: usize) {
        let now = self.shown_count(tree, id);
        self.shown.insert(id, now + PAGE);
    }

    /// Opens and pages whatever hides `id`. A container it opens shows its
    /// children up to `id`'s block of [`REVEAL_PAGE`], not a whole page: a
    /// match deep in a long case is on screen without drawing a hundred
    /// rows around it ("show more" has the rest).
    pub fn reveal(&mut self, tree: &Tree, id: usize) {
        let mut child = id;
        while let Some(p) = tree.parent(child) {
            let pos = tree.index(child).unwrap_or_else(|| tree.children(p).position(|c| c == child).unwrap_or(0));
            let opened = self.expanded.insert(p);
            if opened && !self.shown.contains_key(&p) {
                self.shown.insert(p, (pos / REVEAL_PAGE + 1) * REVEAL_PAGE);
            } else if pos >= self.shown_count(tree, p) {
                self.shown.insert(p, (pos / PAGE + 1) * PAGE);
            }
            child = p;
        }
        self.focused = Some(id);
    }

    /// Runs a search and reveals the first match.
    pub fn search(&mut self, tree: &Tree, query: &str) {
        self.query = query.to_string();
        (self.matches, self.more) = tree.search_first(query, MAX_MATCHES);
        self.current = 0;
        if let Some(&m) = self.matches.first() {
            self.reveal(tree, m);
        }
    }

    /// Moves to the next (or previous) match, wrapping around.
    pub fn step_match(&mut self, tree: &Tree, forward: bool) {
        if self.matches.is_empty() {
            return;
        }
        let n = self.matches.len();
        self.current = if forward { (self.current + 1) % n } else { (self.current + n - 1) % n };
        self.reveal(tree, self.matches[self.current]);
    }

    /// The nodes on screen, in order (what arrow keys move through).
    pub fn visible(&self, tree: &Tree) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![0usize];
        while let Some(id) = stack.pop() {
            out.push(id);
            if self.expanded.contains(&id) {
                let shown = self.shown_count(tree, id);
                let from = stack.len();
                stack.extend(tree.children(id).take(shown));
                stack[from..].reverse();
            }
        }
        out
    }

    /// The WAI-ARIA tree keys. Returns true when something changed.
    pub fn key(&mut self, tree: &Tree, key: &str) -> bool {
        let visible = self.visible(tree);
        let Some(f) = self.focused.filter(|f| visible.contains(f)).or(visible.first().copied()) else { return false };
        let pos = visible.iter().position(|v| *v == f).unwrap_or(0);
        let open = self.expanded.contains(&f);
        let next = match key {
            "ArrowDown" => visible.get(pos + 1).copied(),
            "ArrowUp" => pos.checked_sub(1).map(|p| visible[p]),
            "Home" => visible.first().copied(),
            "End" => visible.last().copied(),
            "ArrowRight" if tree.is_container(f) && !open => {
                self.expanded.insert(f);
                Some(f)
            }
            "ArrowRight" if open => tree.child(f, 0),
            "ArrowLeft" if open => {
                self.expanded.remove(&f);
                Some(f)
            }
            "ArrowLeft" => tree.parent(f),
            "Enter" | " " if tree.is_container(f) => {
                self.toggle(tree, f);
                Some(f)
            }
            _ => None,
        };
        match next {
            Some(n) => {
                self.focused = Some(n);
                true
            }
            None => false,
        }
    }
}
