//! A tiny, pure description of DOM: elements with attributes and text
//! children. The UI is built as a `Node` tree natively (and tested that
//! way); `src/web/dom.rs` turns it into real elements with `createElement`
//! and `textContent` only, so server text can never become markup.
//!
//! A child may carry a key ([`Node::key`], written as `data-key`): among
//! siblings with keys, the renderer matches old and new children by key, not
//! by position, so a line that comes and goes (progress, a countdown, a
//! toast) changes only its own nodes.

/// A DOM node to build.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Element { tag: &'static str, attrs: Vec<(&'static str, String)>, children: Vec<Node> },
    Text(String),
}

/// Tags the renderer may create. Anything else is a programming error and is
/// rendered as a `span` (never as a script, iframe, object...).
pub const ALLOWED_TAGS: &[&str] = &[
    "div", "span", "p", "h1", "h2", "h3", "section", "header", "footer", "ul", "ol", "li", "dl", "dt", "dd", "table",
    "thead", "tbody", "tr", "th", "td", "pre", "code", "button", "form", "input", "label", "details", "summary",
    "strong", "em", "small", "mark", "output", "nav",
];

/// Attributes the renderer may set. No event handlers, no `href`, no `src`,
/// no `style`: behaviour is wired by `data-action` delegation in Rust.
pub fn attr_allowed(name: &str) -> bool {
    matches!(
        name,
        "class"
            | "id"
            | "type"
            | "value"
            | "placeholder"
            | "title"
            | "role"
            | "hidden"
            | "open"
            | "disabled"
            | "autocomplete"
            | "spellcheck"
            | "inputmode"
            | "name"
            | "for"
            | "tabindex"
            | "lang"
            | "dir"
            | "elementtiming"
    ) || name.starts_with("data-")
        || name.starts_with("aria-")
}

/// The attribute that carries a child's key.
pub const KEY: &str = "data-key";

/// Builder shorthand: `el("div").class("x").child(text("hi"))`.
pub fn el(tag: &'static str) -> Node {
    Node::Element { tag, attrs: Vec::new(), children: Vec::new() }
}

pub fn text(s: impl Into<String>) -> Node {
    Node::Text(s.into())
}

impl Node {
    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> Node {
        if let Node::Element { attrs, .. } = &mut self {
            attrs.push((name, value.into()));
        }
        self
    }

    /// Identifies this child among its siblings across renders.
    pub fn key(self, k: impl Into<String>) -> Node {
        self.attr(KEY, k)
    }

    /// The key set by [`Node::key`].
    pub fn key_of(&self) -> Option<&str> {
        match self {
            Node::Element { attrs, .. } => attrs.iter().find(|(n, _)| *n == KEY).map(|(_, v)| v.as_str()),
            Node::Text(_) => None,
        }
    }

    pub fn class(self, c: &str) -> Node {
        self.attr("class", c)
    }

    pub fn child(mut self, c: Node) -> Node {
        if let Node::Element { children, .. } = &mut self {
            children.push(c);
        }
        self
    }

    pub fn children(mut self, cs: impl IntoIterator<Item = Node>) -> Node {
        if let Node::Element { children, .. } = &mut self {
            children.extend(cs);
        }
        self
    }

    pub fn text(self, s: impl Into<String>) -> Node {
        self.child(Node::Text(s.into()))
    }

    /// All text below this node, concatenated (tests and plain-text export).
    pub fn text_content(&self) -> String {
        match self {
            Node::Text(s) => s.clone(),
            Node::Element { children, .. } => children.iter().map(Node::text_content).collect(),
        }
    }

    /// The first element (depth first) whose attribute `name` equals `value`.
    pub fn find(&self, name: &str, value: &str) -> Option<&Node> {
        match self {
            Node::Text(_) => None,
            Node::Element { attrs, children, .. } => {
                if attrs.iter().any(|(n, v)| *n == name && v == value) {
                    return Some(self);
                }
                children.iter().find_map(|c| c.find(name, value))
            }
        }
    }

    /// Every visible word: text nodes and the attributes a person meets
    /// (`title`, `aria-label`, `placeholder`), in document order.
    pub fn visible_texts(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.walk(&mut |n| match n {
            Node::Text(s) => out.push(s.clone()),
            Node::Element { attrs, .. } => {
                for (k, v) in attrs {
                    if matches!(*k, "title" | "aria-label" | "placeholder") {
                        out.push(v.clone());
                    }
                }
            }
        });
        out
    }

    /// Every element with a `data-action` attribute, in document order.
    pub fn actions(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.walk(&mut |n| {
            if let Node::Element { attrs, .. } = n {
                if let Some((_, v)) = attrs.iter().find(|(k, _)| *k == "data-action") {
                    out.push(v.clone());
                }
            }
        });
        out
    }

    fn walk(&self, f: &mut dyn FnMut(&Node)) {
        f(self);
        if let Node::Element { children, .. } = self {
            for c in children {
                c.walk(f);
            }
        }
    }
}

/// How the renderer matches a parent's old children to its new ones: which
/// old child each new child takes over (by key, else the unkeyed old ones in
/// order, if `same` says they are of the same kind), and which old ones are
/// kept (the others are removed).
pub fn take_over<K: AsRef<str>>(
    old_keys: &[Option<K>],
    new: &[Node],
    same: impl Fn(usize, &Node) -> bool,
) -> (Vec<Option<usize>>, Vec<bool>) {
    let mut by_key: std::collections::HashMap<&str, usize> = Default::default();
    let mut unkeyed: std::collections::VecDeque<usize> = Default::default();
    for (i, k) in old_keys.iter().enumerate() {
        match k {
            Some(k) => {
                by_key.insert(k.as_ref(), i);
            }
            None => unkeyed.push_back(i),
        }
    }
    let mut kept = vec![false; old_keys.len()];
    let reused = new
        .iter()
        .map(|c| {
            let i = match c.key_of() {
                Some(k) => by_key.remove(k),
                None => unkeyed.pop_front(),
            };
            let i = i.filter(|i| same(*i, c))?;
            kept[i] = true;
            Some(i)
        })
        .collect();
    (reused, kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_are_taken_over_by_key_then_in_order_when_of_the_same_kind() {
        let old_keys = [Some("a"), None, Some("b"), None, Some("c")];
        let old_tags = ["li", "p", "li", "span", "li"];
        let new = [el("li").key("c"), el("p"), el("li").key("z"), el("div"), el("li").key("a")];
        let (reused, kept) =
            take_over(&old_keys, &new, |i, n| matches!(n, Node::Element { tag, .. } if *tag == old_tags[i]));
        // "c" and "a" found by key wherever they were; the first unkeyed new
        // child takes the first unkeyed old one; "z" is new; a `div` does not
        // take over a `span`.
        assert_eq!(reused, [Some(4), Some(1), None, None, Some(0)]);
        assert_eq!(kept, [true, true, false, false, true]);
    }
}
