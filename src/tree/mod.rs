//! JSON text -> a view tree that keeps every token exactly as sent (numbers
//! like `1.10` or 20-digit ids, string escapes, duplicate keys), with paths
//! (`$.data.events[0].eventCode`), search, paging of long arrays and the
//! keyboard rules of the WAI-ARIA tree pattern. Pure: `crate::viewer` turns
//! it into DOM nodes, `src/web/` into real elements.

use std::borrow::Cow;

/// What a node holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

/// What the tree keeps of a node, in 4 bytes: where its value starts (a
/// 5 MB body has some 180,000 nodes). Nodes are stored in document order
/// (preorder), so a node's first child is the next node; read them through
/// [`Tree`]'s accessors. Everything else is read from the body or from the
/// containers: what a node is (object, string...) is the first byte of its
/// value; where a scalar ends is the end of its token; a member is a value
/// after `"name" :`, its name read back from the value; an object or array
/// keeps its end, next sibling, parent and child count in [`Container`]; a
/// node's parent is the innermost container around it, and an array
/// element's position is counted from its last container sibling. Offsets
/// are `u32`: a body the browser can hand over is far below 4 GB (a
/// JavaScript string holds at most 2^29 characters).
type Item = u32;

/// No parent.
const NONE: u32 = u32::MAX;

/// What an object or array keeps beside its [`Item`] (one node in twenty
/// or so), in the order of their ids.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Container {
    id: u32,
    /// Where the value ends in the source.
    end: u32,
    /// The node after this one's descendants: its next sibling, if it has one.
    next: u32,
    /// The container it is in: its place in this list ([`NONE`]: the root).
    up: u32,
    /// Its position in its array, if it is an array element.
    slot: u32,
    /// How many children it has.
    count: u32,
    /// The first container after its descendants: its place in this list.
    after: u32,
}

/// The nodes of a body, as the tree and the parser hold them.
#[derive(Clone, Copy)]
struct Nodes<'a> {
    src: &'a [u8],
    items: &'a [Item],
    containers: &'a [Container],
}

impl Nodes<'_> {
    fn start(self, id: usize) -> usize {
        self.items[id] as usize
    }

    fn is_container(self, id: usize) -> bool {
        matches!(self.src[self.start(id)], b'{' | b'[')
    }

    fn container(self, id: usize) -> Container {
        self.containers[self.container_at(id)]
    }

    /// Where container `id` is in the containers' list; for any other node,
    /// where the next container is.
    fn container_at(self, id: usize) -> usize {
        self.containers.partition_point(|c| (c.id as usize) < id)
    }

    /// The innermost container holding `id` (its place in the containers'
    /// list) and, for a scalar, the last of its elder siblings that is a
    /// container. Both are found from the last container before `id`: it,
    /// or the first of its ancestors, holds `id`; the one walked up from
    /// last is then that sibling.
    fn around(self, id: usize) -> Option<(usize, Option<usize>)> {
        let at = self.container_at(id);
        if self.is_container(id) {
            let up = self.containers[at].up;
            return (up != NONE).then_some((up as usize, None));
        }
        let mut c = at.checked_sub(1)?;
        let mut elder = None;
        loop {
            let cont = self.containers[c];
            if id < cont.next as usize {
                return Some((c, elder));
            }
            elder = Some(c);
            if cont.up == NONE {
                return None;
            }
            c = cont.up as usize;
        }
    }

    fn parent(self, id: usize) -> Option<usize> {
        self.around(id).map(|(c, _)| self.containers[c].id as usize)
    }

    /// A scalar array element's position: after its last elder sibling that
    /// is a container, or else after its parent, each node is one element.
    fn scalar_index(self, id: usize) -> Option<usize> {
        let (parent, elder) = self.around(id)?;
        Some(match elder {
            Some(e) => self.containers[e].slot as usize + 1 + (id - self.containers[e].next as usize),
            None => id - self.containers[parent].id as usize - 1,
        })
    }

    /// Where the name token of member `id` is (quotes included), and
    /// whether it has escapes; `None` for the root and array elements.
    fn name_span(self, id: usize) -> Option<(usize, usize, bool)> {
        name_span(self.src, self.start(id))
    }

    /// Where `id`'s value ends in the source.
    fn end(self, id: usize) -> usize {
        let start = self.start(id);
        let b = self.src;
        match b[start] {
            b'{' | b'[' => self.container(id).end as usize,
            b'"' => string_end(b, start),
            b't' | b'n' => start + 4,
            b'f' => start + 5,
            _ => number_end(b, start),
        }
    }
}

/// The end of the number token starting at `start` (the characters a
/// number can hold; whether they make one is the parser's question).
fn number_end(b: &[u8], start: usize) -> usize {
    let len = b[start..].iter().position(|c| !matches!(c, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'));
    start + len.unwrap_or(b.len() - start)
}

/// Where the name token of the member whose value starts at `value` is
/// (quotes included), read back over `"name" :`, and whether it has
/// escapes; `None` when the value is not a member's (no colon before it).
/// In a name, a quote after an odd number of backslashes is escaped.
fn name_span(b: &[u8], value: usize) -> Option<(usize, usize, bool)> {
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r');
    let mut j = value;
    while j > 0 && space(b[j - 1]) {
        j -= 1;
    }
    if j == 0 || b[j - 1] != b':' {
        return None;
    }
    j -= 1;
    while j > 0 && space(b[j - 1]) {
        j -= 1;
    }
    let close = j.saturating_sub(1);
    // Most names have no backslash: the first quote back, with no
    // backslash after it or just before it, is the opening one.
    let at = memchr::memrchr2(b'"', b'\\', &b[..close]).unwrap_or(0);
    if b[at] == b'"' && (at == 0 || b[at - 1] != b'\\') {
        return Some((at, j, false));
    }
    let mut at = close;
    loop {
        at = memchr::memrchr(b'"', &b[..at]).unwrap_or(0);
        let slashes = b[..at].iter().rev().take_while(|c| **c == b'\\').count();
        if slashes % 2 == 0 {
            return Some((at, j, true));
        }
    }
}

/// The end (past the closing quote) of the string token starting at
/// `start`, stepping over escapes.
fn string_end(b: &[u8], start: usize) -> usize {
    string_token(b, start).0
}

/// The end (past the closing quote) of the string token starting at
/// `start`, and whether it has escapes.
fn string_token(b: &[u8], start: usize) -> (usize, bool) {
    let mut j = start + 1;
    let mut escaped = false;
    while let Some(k) = memchr::memchr2(b'"', b'\\', &b[j..]) {
        j += k;
        if b[j] == b'"' {
            return (j + 1, escaped);
        }
        escaped = true;
        j += 2;
        if j >= b.len() {
            break;
        }
    }
    (b.len(), escaped)
}

/// The children of a node, in order.
#[derive(Clone)]
pub struct Children<'a> {
    nodes: Nodes<'a>,
    next: usize,
    /// The first container from `next` on: its place in the containers' list.
    k: usize,
    left: usize,
}

impl Iterator for Children<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if self.left == 0 {
            return None;
        }
        let id = self.next;
        self.left -= 1;
        if self.nodes.is_container(id) {
            // A child object or array: on past its descendants, and past
            // their containers in the list (no search).
            let c = self.nodes.containers[self.k];
            self.next = c.next as usize;
            self.k = c.after as usize;
        } else {
            self.next = id + 1;
        }
        Some(id)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Children<'_> {}

/// What a value is, from its first byte (the parser checked the rest).
fn kind_of(first: u8) -> Kind {
    match first {
        b'{' => Kind::Object,
        b'[' => Kind::Array,
        b'"' => Kind::String,
        b't' | b'f' => Kind::Bool,
        b'n' => Kind::Null,
        _ => Kind::Number,
    }
}

/// One member of a record, as sent, with its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub key: String,
    pub value: String,
    pub path: String,
}

/// A parsed body.
#[derive(Debug, Clone)]
pub struct Tree {
    /// The body, shared with the answer it came from (never copied).
    pub src: std::rc::Rc<String>,
    items: Vec<Item>,
    containers: Vec<Container>,
    /// Members whose name already appeared earlier in the same object, in
    /// order (rare).
    duplicates: Vec<u32>,
    /// For search, made on the first one (`search::Lower`).
    lower: std::cell::OnceCell<search::Lower>,
}

/// Deeper nesting than this is refused (a hostile body must not exhaust the stack).
pub const MAX_DEPTH: usize = 400;

/// A member name token (quotes included) as text: borrowed unless escaped.
fn key_text(raw: &str) -> Cow<'_, str> {
    json::unescape(raw)
}

impl Tree {
    /// How many nodes there are (ids are `0..len()`, the root is 0).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Never true: a tree has at least its root.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn kind(&self, id: usize) -> Kind {
        kind_of(self.src.as_bytes()[self.items[id] as usize])
    }

    /// The member name (decoded), for object members.
    pub fn key(&self, id: usize) -> Option<Cow<'_, str>> {
        let (start, end, escaped) = self.nodes().name_span(id)?;
        Some(if escaped { key_text(&self.src[start..end]) } else { Cow::Borrowed(&self.src[start + 1..end - 1]) })
    }

    /// Whether a node is the member named `name`.
    pub fn key_is(&self, id: usize, name: &str) -> bool {
        self.key(id).is_some_and(|k| k == name)
    }

    /// The position in its array, for array elements.
    pub fn index(&self, id: usize) -> Option<usize> {
        if id == 0 || self.key_source(id).is_some() {
            return None;
        }
        let n = self.nodes();
        if n.is_container(id) {
            Some(n.container(id).slot as usize)
        } else {
            n.scalar_index(id)
        }
    }

    pub fn parent(&self, id: usize) -> Option<usize> {
        self.nodes().parent(id)
    }

    /// The nesting depth (the root is 0).
    pub fn depth(&self, id: usize) -> usize {
        std::iter::successors(self.parent(id), |p| self.parent(*p)).count()
    }

    /// This key already appeared earlier in the same object.
    pub fn is_duplicate_key(&self, id: usize) -> bool {
        self.duplicates.binary_search(&(id as u32)).is_ok()
    }

    /// A string node's text, escapes decoded (borrowed when it has none).
    pub fn string_text(&self, id: usize) -> Cow<'_, str> {
        let start = self.items[id] as usize;
        let (end, escaped) = string_token(self.src.as_bytes(), start);
        let token = &self.src[start..end];
        if escaped {
            json::unescape(token)
        } else {
            Cow::Borrowed(token.get(1..token.len().saturating_sub(1)).unwrap_or(""))
        }
    }

    /// The value's byte range in the source.
    pub fn span(&self, id: usize) -> (usize, usize) {
        (self.items[id] as usize, self.nodes().end(id))
    }

    fn nodes(&self) -> Nodes<'_> {
        Nodes { src: self.src.as_bytes(), items: &self.items, containers: &self.containers }
    }

    /// The children of a node, in order.
    pub fn children(&self, id: usize) -> Children<'_> {
        let n = self.nodes();
        let (k, left) = if n.is_container(id) {
            let at = n.container_at(id);
            (at + 1, n.containers[at].count as usize)
        } else {
            (0, 0)
        };
        Children { nodes: n, next: id + 1, k, left }
    }

    pub fn child_count(&self, id: usize) -> usize {
        let n = self.nodes();
        if n.is_container(id) {
            n.container(id).count as usize
        } else {
            0
        }
    }

    /// The `n`th child of a node (a walk over the ones before it).
    pub fn child(&self, id: usize, n: usize) -> Option<usize> {
        self.children(id).nth(n)
    }

    /// The first member of an object named `name`.
    pub fn member(&self, id: usize, name: &str) -> Option<usize> {
        self.children(id).find(|c| self.key_is(*c, name))
    }

    /// The exact source text of a node (`1.10`, `"a\u00e9"`, a whole object).
    pub fn source(&self, id: usize) -> &str {
        let (s, e) = self.span(id);
        &self.src[s..e]
    }

    /// The key token as sent.
    pub fn key_source(&self, id: usize) -> Option<&str> {
        let (start, end, _) = self.nodes().name_span(id)?;
        Some(&self.src[start..end])
    }

    /// The path of a node: `$.data.events[0].eventCode`, `$["odd key"]`.
    /// Written by [`crate::jsonpath`], as the decoder writes its sources.
    pub fn path(&self, id: usize) -> String {
        let mut chain = Vec::new();
        let mut cur = Some(id);
        while let Some(i) = cur {
            chain.push(i);
            cur = self.parent(i);
        }
        let mut path = String::from("$");
        for i in chain.into_iter().rev() {
            if let Some(k) = self.key(i) {
                crate::jsonpath::push_key(&mut path, &k);
            } else if let Some(n) = self.index(i) {
                path = crate::jsonpath::index(&path, n);
            }
        }
        path
    }

    /// A node's value as a person copies it: a string's text without quotes
    /// or escapes; anything else exactly as sent (numbers keep their digits).
    pub fn value_text(&self, id: usize) -> String {
        let src = self.source(id);
        match self.kind(id) {
            Kind::String => self.string_text(id).into_owned(),
            _ => src.to_string(),
        }
    }

    /// Every member of the record at `path`, exactly as sent: for "every
    /// value" of a timeline entry, read from the answer itself when asked
    /// rather than copied for every record at decode time.
    pub fn members(&self, path: &str) -> Vec<Member> {
        let Some(id) = self.find_path(path) else { return Vec::new() };
        self.children(id)
            .map(|c| Member {
                key: self.key(c).map(String::from).unwrap_or_else(|| self.index(c).unwrap_or(0).to_string()),
                value: self.value_text(c),
                path: self.path(c),
            })
            .collect()
    }

    /// The node at a path made by [`Tree::path`] (first of duplicate keys).
    pub fn find_path(&self, path: &str) -> Option<usize> {
        let mut rest = path.strip_prefix('$')?;
        let mut cur = 0usize;
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('.') {
                let end = r.find(['.', '[']).unwrap_or(r.len());
                let k = &r[..end];
                cur = self.member(cur, k)?;
                rest = &r[end..];
            } else if let Some(r) = rest.strip_prefix('[') {
                if r.starts_with('"') {
                    // A quoted name: find the closing quote that is not escaped.
                    let mut j = 1;
                    let b = r.as_bytes();
                    while j < b.len() && b[j] != b'"' {
                        j += if b[j] == b'\\' { 2 } else { 1 };
                    }
                    let k: String = serde_json::from_str(r.get(..=j)?).ok()?;
                    cur = self.member(cur, &k)?;
                    rest = r.get(j + 2..)?;
                } else {
                    let end = r.find(']')?;
                    let n: usize = r[..end].parse().ok()?;
                    cur = self.child(cur, n)?;
                    rest = &r[end + 1..];
                }
            } else {
                return None;
            }
        }
        Some(cur)
    }

    /// The ancestors of a node, root first.
    pub fn ancestors(&self, id: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = self.parent(id);
        while let Some(p) = cur {
            out.push(p);
            cur = self.parent(p);
        }
        out.reverse();
        out
    }

    pub fn is_container(&self, id: usize) -> bool {
        self.nodes().is_container(id)
    }
}

mod json;
mod parse;
mod search;
mod state;

pub use json::{unescape, Json};
pub use state::{is_tree_key, TreeState, LONG_STRING, MAX_MATCHES, PAGE};

#[cfg(test)]
mod tests;
