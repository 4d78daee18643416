//! Turns a pure [`Node`] description into real DOM with `createElement`,
//! `setAttribute` and text nodes only: no HTML string is ever parsed, so text
//! from the server stays text.

use wasm_bindgen::JsValue;
use web_sys::Document;

use crate::view::{attr_allowed, Node, ALLOWED_TAGS};

/// Builds the DOM for `node`.
pub fn build(doc: &Document, node: &Node) -> Result<web_sys::Node, JsValue> {
    match node {
        Node::Text(s) => Ok(doc.create_text_node(s).into()),
        Node::Element { tag, attrs, children } => {
            let tag = if ALLOWED_TAGS.contains(tag) { tag } else { "span" };
            let e = doc.create_element(tag)?;
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

/// Replaces everything inside `root` with `node`.
pub fn replace_children(doc: &Document, root: &web_sys::Element, node: &Node) -> Result<(), JsValue> {
    let built = build(doc, node)?;
    root.replace_children_with_node_1(&built);
    Ok(())
}
