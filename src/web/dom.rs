//! Turns a pure [`Node`] description into real DOM with `createElement`,
//! `setAttribute` and text nodes only: no HTML string is ever parsed, so text
//! from the server stays text.
//!
//! Re-rendering patches the existing elements instead of replacing them, so
//! focus, scroll positions, a caret in a text field and the `<details>` the
//! user opened survive a countdown tick. Children with keys
//! ([`Node::key`]) are matched by key, not position: a progress line that
//! appears above the case is inserted, and the case's own elements stay.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlInputElement};

use crate::ui::node::{attr_allowed, take_over, Node, ALLOWED_TAGS, KEY};

fn tag_of(tag: &'static str) -> &'static str {
    if ALLOWED_TAGS.contains(&tag) {
        tag
    } else {
        "span"
    }
}

/// Builds the DOM for `node`.
pub fn build(doc: &Document, node: &Node) -> Result<web_sys::Node, JsValue> {
    match node {
        Node::Text(s) => Ok(doc.create_text_node(s).into()),
        Node::Element { tag, attrs, children } => {
            let e = doc.create_element(tag_of(tag))?;
            for (name, value) in attrs {
                if attr_allowed(name) {
                    e.set_attribute(name, value)?;
                }
            }
            for c in children {
                e.append_child(&build(doc, c)?)?;
            }
            Ok(e.into())
        }
    }
}

/// Makes the element's attributes those of the description. `open` on
/// `<details>` is the user's to close: it is added when asked, never removed.
fn sync_attributes(e: &Element, attrs: &[(&'static str, String)]) -> Result<(), JsValue> {
    let is_details = e.tag_name() == "DETAILS";
    let names = e.get_attribute_names();
    for i in 0..names.length() {
        if let Some(name) = names.get(i).as_string() {
            let wanted = attrs.iter().any(|(n, _)| *n == name && attr_allowed(n));
            let users = is_details && name == "open";
            if !(wanted || users) {
                e.remove_attribute(&name)?;
            }
        }
    }
    for (name, value) in attrs {
        if attr_allowed(name) && e.get_attribute(name).as_deref() != Some(value.as_str()) {
            e.set_attribute(name, value)?;
        }
        if *name == "value" {
            set_field_value(e, value);
        }
    }
    Ok(())
}

/// The `value` attribute only sets a field's initial value: the field's own
/// value is set too.
fn set_field_value(e: &Element, value: &str) {
    if let Some(input) = e.dyn_ref::<HtmlInputElement>() {
        if input.value() != value {
            input.set_value(value);
        }
    }
}

fn same_kind(existing: &web_sys::Node, node: &Node) -> bool {
    match node {
        Node::Text(_) => existing.node_type() == web_sys::Node::TEXT_NODE,
        Node::Element { tag, .. } => {
            existing.dyn_ref::<Element>().is_some_and(|e| e.tag_name().eq_ignore_ascii_case(tag_of(tag)))
        }
    }
}

/// Makes `existing` (of the same kind) match `node`.
fn patch(doc: &Document, existing: &web_sys::Node, node: &Node) -> Result<(), JsValue> {
    match node {
        Node::Text(s) => {
            if existing.node_value().as_deref() != Some(s.as_str()) {
                existing.set_node_value(Some(s));
            }
        }
        Node::Element { attrs, children, .. } => {
            if let Some(e) = existing.dyn_ref::<Element>() {
                sync_attributes(e, attrs)?;
            }
            patch_children(doc, existing, children)?;
        }
    }
    Ok(())
}

fn key_of(n: &web_sys::Node) -> Option<String> {
    n.dyn_ref::<Element>().and_then(|e| e.get_attribute(KEY))
}

fn patch_children(doc: &Document, parent: &web_sys::Node, children: &[Node]) -> Result<(), JsValue> {
    let old = parent.child_nodes();
    if !children.iter().any(|c| c.key_of().is_some()) {
        // Position by position.
        for (i, c) in children.iter().enumerate() {
            match old.get(i as u32) {
                Some(existing) if same_kind(&existing, c) && key_of(&existing).is_none() => patch(doc, &existing, c)?,
                Some(existing) => {
                    parent.replace_child(&build(doc, c)?, &existing)?;
                }
                None => {
                    parent.append_child(&build(doc, c)?)?;
                }
            }
        }
        while old.length() > children.len() as u32 {
            if let Some(last) = parent.last_child() {
                parent.remove_child(&last)?;
            }
        }
        return Ok(());
    }
    // By key: keyed children find their old element wherever it is;
    // unkeyed ones take the unkeyed old ones in order.
    let olds: Vec<web_sys::Node> = (0..old.length()).filter_map(|i| old.get(i)).collect();
    let keys: Vec<Option<String>> = olds.iter().map(key_of).collect();
    let (reused, kept) = take_over(&keys, children, |i, c| same_kind(&olds[i], c));
    remove_unkept(parent, &olds, &kept)?;
    let nodes = children.iter().zip(reused).map(|(c, i)| match i {
        Some(i) => patch(doc, &olds[i], c).map(|_| olds[i].clone()),
        None => build(doc, c),
    });
    place(parent, nodes)
}

/// Removes the old children not kept. Everything else goes first: a
/// leftover standing between two kept elements would otherwise make the
/// second one move, and a moved element loses focus and scroll position.
fn remove_unkept(parent: &web_sys::Node, olds: &[web_sys::Node], kept: &[bool]) -> Result<(), JsValue> {
    for (n, _) in olds.iter().zip(kept).filter(|(_, k)| !**k) {
        parent.remove_child(n)?;
    }
    Ok(())
}

/// Puts `nodes` in `parent` in order: each right after the one placed
/// before it; a kept one that is already there is not moved.
fn place(parent: &web_sys::Node, nodes: impl Iterator<Item = Result<web_sys::Node, JsValue>>) -> Result<(), JsValue> {
    let mut prev: Option<web_sys::Node> = None;
    for node in nodes {
        let node = node?;
        let at = match &prev {
            Some(p) => p.next_sibling(),
            None => parent.first_child(),
        };
        if !at.as_ref().is_some_and(|n| n.is_same_node(Some(&node))) {
            parent.insert_before(&node, at.as_ref())?;
        }
        prev = Some(node);
    }
    Ok(())
}

/// Makes the content of `root` match `node`, reusing what is already there.
/// With `shown`, the description `root` holds now (put there by this
/// module), only what differs from it is touched, and nothing unchanged is
/// read back from the page: typing in the search box of a 5 MB case changes
/// a few of its 2,000 elements, and asking the page about every one of them
/// cost more than the search itself.
pub fn replace_children(doc: &Document, root: &Element, shown: Option<&Node>, node: &Node) -> Result<(), JsValue> {
    match (shown, root.first_child()) {
        (Some(old), Some(existing)) if root.child_nodes().length() == 1 => update(doc, root, &existing, old, node),
        _ => patch_children(doc, root, std::slice::from_ref(node)),
    }
}

/// Makes `existing` (which shows `old`) show `new`.
fn update(
    doc: &Document,
    parent: &web_sys::Node,
    existing: &web_sys::Node,
    old: &Node,
    new: &Node,
) -> Result<(), JsValue> {
    if old == new {
        return Ok(());
    }
    match (old, new) {
        (Node::Text(_), Node::Text(s)) => existing.set_node_value(Some(s)),
        (Node::Element { tag: t0, attrs: a0, children: c0 }, Node::Element { tag: t1, attrs: a1, children: c1 })
            if tag_of(t0) == tag_of(t1) =>
        {
            if let Some(e) = existing.dyn_ref::<Element>() {
                update_attributes(e, a0, a1)?;
            }
            update_children(doc, existing, c0, c1)?;
        }
        _ => {
            parent.replace_child(&build(doc, new)?, existing)?;
        }
    }
    Ok(())
}

/// [`sync_attributes`] from the description shown, without reading the page.
fn update_attributes(
    e: &Element,
    old: &[(&'static str, String)],
    new: &[(&'static str, String)],
) -> Result<(), JsValue> {
    for (name, _) in old {
        // `open` on `<details>` is the user's to close.
        let users = *name == "open" && e.tag_name() == "DETAILS";
        if attr_allowed(name) && !users && !new.iter().any(|(n, _)| n == name) {
            e.remove_attribute(name)?;
        }
    }
    for (name, value) in new {
        if !attr_allowed(name) || old.iter().any(|(n, v)| n == name && v == value) {
            continue;
        }
        e.set_attribute(name, value)?;
        if *name == "value" {
            set_field_value(e, value);
        }
    }
    Ok(())
}

fn same_element(a: &Node, b: &Node) -> bool {
    match (a, b) {
        (Node::Text(_), Node::Text(_)) => true,
        (Node::Element { tag: t0, .. }, Node::Element { tag: t1, .. }) => tag_of(t0) == tag_of(t1),
        _ => false,
    }
}

/// [`patch_children`] from the description shown: the page's children are
/// those of `old`, one for one.
fn update_children(doc: &Document, parent: &web_sys::Node, old: &[Node], new: &[Node]) -> Result<(), JsValue> {
    if old == new {
        return Ok(());
    }
    let list = parent.child_nodes();
    let olds: Vec<web_sys::Node> = (0..list.length()).filter_map(|i| list.get(i)).collect();
    if olds.len() != old.len() {
        // Not what this module put there: read the page instead.
        return patch_children(doc, parent, new);
    }
    if !new.iter().chain(old).any(|c| c.key_of().is_some()) {
        // Position by position.
        for (i, c) in new.iter().enumerate() {
            match (olds.get(i), old.get(i)) {
                (Some(e), Some(o)) => update(doc, parent, e, o, c)?,
                _ => {
                    parent.append_child(&build(doc, c)?)?;
                }
            }
        }
        for e in olds.get(new.len()..).unwrap_or_default() {
            parent.remove_child(e)?;
        }
        return Ok(());
    }
    // By key, as `patch_children` does, with the keys of the description.
    let keys: Vec<Option<&str>> = old.iter().map(Node::key_of).collect();
    let (reused, kept) = take_over(&keys, new, |i, c| same_element(&old[i], c));
    remove_unkept(parent, &olds, &kept)?;
    let nodes = new.iter().zip(reused).map(|(c, i)| match i {
        Some(i) => update(doc, parent, &olds[i], &old[i], c).map(|_| olds[i].clone()),
        None => build(doc, c),
    });
    place(parent, nodes)
}
