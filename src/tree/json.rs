//! Reading a parsed body as JSON values: the decoder reads the same tree
//! the viewer shows, so each body is parsed once and held once.

use std::borrow::Cow;

use super::{Children, Kind, Tree};

/// A value in a [`Tree`]: what the decoder reads instead of a
/// `serde_json::Value` (no copy of the body's strings or numbers).
#[derive(Clone, Copy)]
pub struct Json<'t> {
    pub tree: &'t Tree,
    pub id: usize,
}

impl std::fmt::Debug for Json<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.source())
    }
}

impl<'t> Json<'t> {
    pub fn kind(self) -> Kind {
        self.tree.kind(self.id)
    }

    /// The value exactly as sent.
    pub fn source(self) -> &'t str {
        self.tree.source(self.id)
    }

    /// An object's member. Of repeated names the last counts, as in a
    /// browser's `JSON.parse`.
    /// The body inside USCIS's `{"data": ...}` envelope and its path
    /// ([`crate::jsonpath`]'s way); a body without the envelope (as people
    /// paste it) is taken as it is, at `$`.
    pub fn unwrap_data(self) -> (Json<'t>, &'static str) {
        match self.get("data") {
            Some(d) => (d, "$.data"),
            None => (self, "$"),
        }
    }

    pub fn get(self, name: &str) -> Option<Json<'t>> {
        if self.kind() != Kind::Object {
            return None;
        }
        let t = self.tree;
        t.children(self.id).filter(|c| t.key_is(*c, name)).last().map(|id| Json { tree: t, id })
    }

    /// An object's members in the order sent (repeated names each time);
    /// nothing for anything else.
    pub fn members(self) -> impl Iterator<Item = (Cow<'t, str>, Json<'t>)> {
        let t = self.tree;
        self.kids(Kind::Object).map(move |id| (t.key(id).unwrap_or_default(), Json { tree: t, id }))
    }

    /// An array's elements; nothing for anything else.
    pub fn elements(self) -> impl Iterator<Item = Json<'t>> {
        let t = self.tree;
        self.kids(Kind::Array).map(move |id| Json { tree: t, id })
    }

    fn kids(self, kind: Kind) -> std::iter::Take<Children<'t>> {
        let n = if self.kind() == kind { self.tree.child_count(self.id) } else { 0 };
        self.tree.children(self.id).take(n)
    }

    /// Members of an object, elements of an array, else 0.
    pub fn len(self) -> usize {
        if matches!(self.kind(), Kind::Object | Kind::Array) {
            self.tree.child_count(self.id)
        } else {
            0
        }
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// A string's text (escapes decoded).
    pub fn as_str(self) -> Option<Cow<'t, str>> {
        (self.kind() == Kind::String).then(|| self.tree.string_text(self.id))
    }

    pub fn as_bool(self) -> Option<bool> {
        (self.kind() == Kind::Bool).then(|| self.source() == "true")
    }

    pub fn is_null(self) -> bool {
        self.kind() == Kind::Null
    }

    /// A whole number written without fraction or exponent.
    pub fn as_u64(self) -> Option<u64> {
        (self.kind() == Kind::Number).then(|| self.source().parse().ok()).flatten()
    }
}

impl Tree {
    /// The whole body as a value.
    pub fn root(&self) -> Json<'_> {
        Json { tree: self, id: 0 }
    }
}

/// The text of a JSON string token (quotes included): borrowed when it has
/// no escapes. A lone UTF-16 surrogate (`"\ud800"`), which browsers accept,
/// becomes U+FFFD.
pub fn unescape(token: &str) -> Cow<'_, str> {
    let t = token.as_bytes();
    let quoted = t.len() >= 2 && t[0] == b'"' && t[t.len() - 1] == b'"';
    let inner = if quoted { &token[1..token.len() - 1] } else { token };
    if memchr::memchr(b'\\', inner.as_bytes()).is_none() {
        return Cow::Borrowed(inner);
    }
    let b = inner.as_bytes();
    let hex = |i: usize| {
        b.get(i..i + 4).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    let mut out = String::with_capacity(inner.len());
    let mut i = 0;
    let mut plain = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        out.push_str(&inner[plain..i]);
        let (c, used) = match b.get(i + 1) {
            Some(b'n') => ('\n', 2),
            Some(b't') => ('\t', 2),
            Some(b'r') => ('\r', 2),
            Some(b'b') => ('\u{8}', 2),
            Some(b'f') => ('\u{c}', 2),
            Some(b'u') => match hex(i + 2) {
                Some(hi @ 0xD800..=0xDBFF) => {
                    let lo = (b.get(i + 6..i + 8) == Some(b"\\u")).then(|| hex(i + 8)).flatten();
                    match lo {
                        Some(lo @ 0xDC00..=0xDFFF) => {
                            let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                            (char::from_u32(c).unwrap_or('\u{fffd}'), 12)
                        }
                        _ => ('\u{fffd}', 6),
                    }
                }
                Some(u) => (char::from_u32(u).unwrap_or('\u{fffd}'), 6),
                None => ('\u{fffd}', 2),
            },
            // `\"`, `\\`, `\/`
            Some(&c) => (char::from(c), 2),
            None => ('\u{fffd}', 1),
        };
        out.push(c);
        i += used;
        plain = i;
    }
    out.push_str(&inner[plain..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_decode_as_a_browser_reads_them() {
        let cases = [
            r#""plain""#,
            r#""a\"b\\c\/d""#,
            r#""\n\t\r\b\f""#,
            r#""caf\u00e9 \u00C9""#,
            r#""\ud83d\ude00 smile""#,
            r#""\u2028""#,
            r#""""#,
        ];
        for c in cases {
            let want: String = serde_json::from_str(c).unwrap();
            assert_eq!(unescape(c), want, "{c}");
        }
        assert_eq!(unescape(r#""x\ud800y""#), "x\u{fffd}y", "a lone surrogate");
        assert_eq!(unescape(r#""\udc00\ud800\u0041""#), "\u{fffd}\u{fffd}A");
        assert!(matches!(unescape(r#""no escapes""#), Cow::Borrowed("no escapes")));
    }

    #[test]
    fn values_read_like_serde_json_values() {
        let t = Tree::parse(
            r#"{"a":"x","n":1.10,"big":12345678901234567890123,"b":true,"z":null,"l":[1,"2"],"a":"last","o":{}}"#,
        )
        .unwrap();
        let r = t.root();
        assert_eq!(r.get("a").and_then(Json::as_str).as_deref(), Some("last"), "the last of repeated names");
        assert_eq!(r.get("n").map(Json::source), Some("1.10"));
        assert_eq!(r.get("big").map(Json::source), Some("12345678901234567890123"));
        assert_eq!(r.get("b").and_then(Json::as_bool), Some(true));
        assert!(r.get("z").is_some_and(Json::is_null));
        assert_eq!(r.get("l").map(|l| l.elements().map(Json::source).collect::<Vec<_>>()), Some(vec!["1", "\"2\""]));
        assert_eq!(r.get("l").and_then(|l| l.elements().next()).and_then(Json::as_u64), Some(1));
        assert_eq!(r.members().map(|(k, _)| k).collect::<Vec<_>>(), ["a", "n", "big", "b", "z", "l", "a", "o"]);
        assert!(r.get("o").is_some_and(Json::is_empty));
        assert!(r.get("nope").is_none() && r.get("a").unwrap().get("x").is_none());
        assert_eq!(r.get("l").unwrap().members().count(), 0, "an array has no members");
        assert_eq!(r.elements().count(), 0, "an object has no elements");
    }

    #[test]
    fn the_envelope_is_unwrapped_once() {
        let t = crate::tree::Tree::parse(r#"{"data": {"data": 1}}"#).unwrap();
        let (inner, path) = t.root().unwrap_data();
        assert_eq!((inner.source(), path), (r#"{"data": 1}"#, "$.data"));
        let bare = crate::tree::Tree::parse(r#"[{"data": 1}]"#).unwrap();
        assert_eq!(bare.root().unwrap_data().1, "$");
    }
}
