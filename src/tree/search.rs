//! Search over a tree: the body in lower case, found with one `memmem`
//! pass, each match placed by walking the nodes alongside.

use super::{json, Kind, Tree};

/// The body with ASCII letters in lower case (same byte offsets), and which
/// items are plain ASCII without escapes.
#[derive(Debug, Clone)]
pub(super) struct Lower {
    text: Box<str>,
    simple: Vec<bool>,
}

impl Tree {
    /// The text searched for a node: its key, and its value when scalar.
    pub(super) fn haystack(&self, id: usize) -> String {
        let mut s = self.key(id).map(String::from).unwrap_or_default();
        if !self.is_container(id) {
            s.push('\u{0}');
            let src = self.source(id);
            // Escaped strings are searched decoded too (`\u00e9` finds "é").
            if self.kind(id) == Kind::String && src.contains('\\') {
                s.push_str(&json::unescape(src));
                s.push('\u{0}');
            }
            s.push_str(src);
        }
        s.to_lowercase()
    }

    /// Makes the index [`Tree::search`] uses (the body in lower case, and
    /// which nodes are plain ASCII), if not made yet: a 5 MB body
    /// takes some 20 ms, better spent when the search box is focused than
    /// on the first key typed.
    pub fn prepare_search(&self) {
        self.lower.get_or_init(|| self.lowered());
    }

    /// Nodes whose key or value contains `query` (case-insensitive), in document order.
    pub fn search(&self, query: &str) -> Vec<usize> {
        self.search_first(query, usize::MAX).0
    }

    /// The first `cap` nodes [`Tree::search`] finds, in document order, and
    /// whether it stopped there (there may be more). A one-letter word is
    /// in nearly every node of a long case; finding them all took a 5 MB
    /// body 17 to 25 ms, over a keystroke's 16.
    pub fn search_first(&self, query: &str, cap: usize) -> (Vec<usize>, bool) {
        let q = query.trim().to_lowercase();
        if q.is_empty() || cap == 0 {
            return (Vec::new(), false);
        }
        let lower = self.lower.get_or_init(|| self.lowered());
        // Text without JSON's structural characters can only be found inside
        // one key or one value: one pass over the whole body finds them all
        // (a 5 MB body is searched on every pause in typing).
        let structural = |c: char| matches!(c, '"' | ',' | ':' | '[' | ']' | '{' | '}');
        if !q.is_ascii() || q.contains(structural) {
            let mut found = (0..self.items.len()).filter(|i| self.haystack(*i).contains(&q));
            let first: Vec<usize> = found.by_ref().take(cap).collect();
            let more = first.len() == cap && found.next().is_some();
            return (first, more);
        }
        let mut hit = vec![false; self.items.len()];
        // Nodes found so far by the pass, and where it stopped (the last
        // node it may have marked) once it has `cap` of them.
        let mut count = 0;
        let mut stopped = None;
        let mut mark = |hit: &mut Vec<bool>, id: usize| {
            if lower.simple[id] && !hit[id] {
                hit[id] = true;
                count += 1;
            }
            count >= cap
        };
        // Each match lies in the value of the last node starting before it,
        // or in the name of the node after that (a member's name comes just
        // before its value), or nowhere (between tokens, where only
        // structural characters and spaces are). Matches come in order, so
        // that node is found by walking on.
        let mut last = 0;
        // Where `last`'s value ends when it is a scalar, and where the next
        // node's name starts when it is a member, each read once.
        let mut scalar_end = (usize::MAX, None);
        let mut next_name = (usize::MAX, None);
        let nodes = self.nodes();
        for at in memchr::memmem::find_iter(lower.text.as_bytes(), q.as_bytes()) {
            while self.items.get(last + 1).is_some_and(|s| *s as usize <= at) {
                last += 1;
            }
            // Past the opening quote of the next member's name: in it (the
            // query has no quote to reach past its end, and what follows up
            // to the value is `:` and spaces). Most matches of a common
            // letter are in names: checked first.
            if next_name.0 != last + 1 {
                next_name =
                    (last + 1, if last + 1 < self.items.len() { nodes.name_span(last + 1).map(|n| n.0) } else { None });
            }
            if next_name.1.is_some_and(|n| n < at) {
                if mark(&mut hit, last + 1) {
                    stopped = Some(last + 1);
                    break;
                }
                continue;
            }
            if scalar_end.0 != last {
                scalar_end = (last, (!self.is_container(last)).then(|| self.span(last).1));
            }
            if scalar_end.1.is_some_and(|e| self.items[last] as usize <= at && at + q.len() <= e)
                && mark(&mut hit, last)
            {
                stopped = Some(last);
                break;
            }
        }
        // Keys and values with escapes or other than ASCII: searched as text
        // (up to where the pass stopped: it saw nothing past there).
        let end = stopped.map_or(hit.len(), |s| s + 1);
        for (id, h) in hit[..end].iter_mut().enumerate() {
            if !lower.simple[id] && !*h {
                *h = self.haystack(id).contains(&q);
            }
        }
        let mut found = hit[..end].iter().enumerate().filter(|(_, h)| **h).map(|(i, _)| i);
        let first: Vec<usize> = found.by_ref().take(cap).collect();
        let more = stopped.is_some() || found.next().is_some();
        (first, more)
    }

    fn lowered(&self) -> Lower {
        let simple = (0..self.len())
            .map(|id| {
                let key = self.key_source(id).unwrap_or("");
                let value = if self.is_container(id) { "" } else { self.source(id) };
                let plain = |t: &str| t.is_ascii() && !t.contains('\\');
                plain(key) && plain(value)
            })
            .collect();
        Lower { text: self.src.to_ascii_lowercase().into_boxed_str(), simple }
    }
}
