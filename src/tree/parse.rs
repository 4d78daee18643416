//! Reading a body into a [`Tree`]: one pass, every token kept as sent,
//! duplicate keys and escapes noted, nesting limited ([`MAX_DEPTH`]).

use std::borrow::Cow;
use std::collections::HashSet;

use super::{key_text, kind_of, number_end, Container, Item, Kind, Tree, MAX_DEPTH, NONE};
use crate::text::{JsonError, JsonErrorKind};

struct Parser<'a> {
    src: &'a str,
    b: &'a [u8],
    i: usize,
    items: Vec<Item>,
    containers: Vec<Container>,
    duplicates: Vec<u32>,
    /// The names of the members read so far of each object being read,
    /// innermost last.
    names: Vec<Name>,
}

/// A member name token read (quotes included).
#[derive(Clone, Copy)]
struct Name {
    start: u32,
    end: u32,
    escaped: bool,
}

/// Bodies this long or longer are refused: offsets and counts fit in
/// `u32`. A JavaScript string holds at most 2^29 characters: no answer a
/// browser hands over comes near.
const LARGEST: usize = 1 << 29;

impl<'a> Parser<'a> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn err<T>(&self, kind: JsonErrorKind) -> Result<T, JsonError> {
        // Whatever was expected, a body that stops there was cut off.
        let kind =
            if self.i >= self.b.len() && kind != JsonErrorKind::TooDeep { JsonErrorKind::EndsEarly } else { kind };
        Err(JsonError::at(self.b, self.i, kind))
    }

    /// Reads a string token; true when it has escapes.
    fn string_end(&mut self) -> Result<bool, JsonError> {
        // self.i is at the opening quote.
        self.i += 1;
        let mut escaped = false;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'"' => {
                    self.i += 1;
                    return Ok(escaped);
                }
                b'\\' => {
                    escaped = true;
                    match self.b.get(self.i + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 2,
                        Some(b'u')
                            if self
                                .b
                                .get(self.i + 2..self.i + 6)
                                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) =>
                        {
                            self.i += 6
                        }
                        _ => return self.err(JsonErrorKind::InvalidEscape),
                    }
                }
                c if c < 0x20 => return self.err(JsonErrorKind::ControlChar),
                _ => self.i += 1,
            }
        }
        self.err(JsonErrorKind::UnterminatedString)
    }

    /// After an array element or object member: `,` (more follow) or the
    /// closing bracket (true).
    fn closed_after_item(&mut self, close: u8) -> Result<bool, JsonError> {
        self.ws();
        match self.b.get(self.i) {
            Some(b',') => {
                self.i += 1;
                Ok(false)
            }
            Some(&c) if c == close => {
                self.i += 1;
                Ok(true)
            }
            _ => self.err(JsonErrorKind::ExpectedComma),
        }
    }

    /// Whether the name token `earlier` is the name token `raw` (`"a"` and
    /// `"\u0061"` are one name); `escaped`: `raw` has escapes.
    fn same_key(&self, earlier: Name, raw: &str, escaped: bool) -> bool {
        let token = &self.src[earlier.start as usize..earlier.end as usize];
        if escaped || earlier.escaped {
            key_text(token) == key_text(raw)
        } else {
            token == raw
        }
    }

    /// Reads one value; `up`: the container it is in (its place in the
    /// containers' list); `slot`: its position in its array (0 for a member).
    fn value(&mut self, up: u32, slot: u32, depth: usize) -> Result<u32, JsonError> {
        if depth > MAX_DEPTH {
            return self.err(JsonErrorKind::TooDeep);
        }
        self.ws();
        let start = self.i;
        let Some(&c) = self.b.get(self.i) else { return self.err(JsonErrorKind::EndsEarly) };
        if !matches!(c, b'{' | b'[' | b'"' | b't' | b'f' | b'n' | b'-' | b'0'..=b'9') {
            return self.err(JsonErrorKind::UnexpectedChar);
        }
        let id = self.items.len() as u32;
        // An object or array keeps its end, next sibling and child count
        // aside, filled in once read.
        let container = matches!(c, b'{' | b'[').then(|| {
            self.containers.push(Container { id, end: 0, next: 0, up, slot, count: 0, after: 0 });
            self.containers.len() - 1
        });
        self.items.push(start as Item);
        let mut count = 0u32;
        let here = container.map_or(NONE, |at| at as u32);
        match kind_of(c) {
            Kind::String => {
                self.string_end()?;
            }
            Kind::Bool | Kind::Null => {
                let word: &[u8] = match c {
                    b't' => b"true",
                    b'f' => b"false",
                    _ => b"null",
                };
                if !self.b[self.i..].starts_with(word) {
                    return self.err(JsonErrorKind::UnexpectedChar);
                }
                self.i += word.len();
            }
            Kind::Number => {
                self.i = number_end(self.b, start);
                if !is_json_number(&self.b[start..self.i]) {
                    return self.err(JsonErrorKind::BadNumber);
                }
            }
            Kind::Array => {
                self.i += 1;
                self.ws();
                if self.b.get(self.i) == Some(&b']') {
                    self.i += 1;
                } else {
                    loop {
                        self.value(here, count, depth + 1)?;
                        count += 1;
                        if self.closed_after_item(b']')? {
                            break;
                        }
                    }
                }
            }
            Kind::Object => {
                self.i += 1;
                self.ws();
                // Duplicate keys: compared with the earlier siblings while the
                // object is small, through a set once it is not.
                let mut seen: Option<HashSet<Cow<'a, str>>> = None;
                let names = self.names.len();
                if self.b.get(self.i) == Some(&b'}') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        if self.b.get(self.i) != Some(&b'"') {
                            return self.err(JsonErrorKind::ExpectedName);
                        }
                        let ks = self.i;
                        let escaped = self.string_end()?;
                        let src: &'a str = self.src;
                        let raw = &src[ks..self.i];
                        let name = Name { start: ks as u32, end: self.i as u32, escaped };
                        self.ws();
                        if self.b.get(self.i) != Some(&b':') {
                            return self.err(JsonErrorKind::ExpectedColon);
                        }
                        self.i += 1;
                        let earlier = &self.names[names..];
                        let dup = match &mut seen {
                            Some(set) => !set.insert(key_text(raw)),
                            None if count < 32 => earlier.iter().any(|n| self.same_key(*n, raw, escaped)),
                            None => {
                                let mut set: HashSet<Cow<'a, str>> = earlier
                                    .iter()
                                    .map(|n| key_text(&self.src[n.start as usize..n.end as usize]))
                                    .collect();
                                let dup = !set.insert(key_text(raw));
                                seen = Some(set);
                                dup
                            }
                        };
                        if seen.is_none() {
                            self.names.push(name);
                        }
                        // Noted before the value is read: the list stays in
                        // the order of ids (repeated names inside it come after).
                        if dup {
                            self.duplicates.push(self.items.len() as u32);
                        }
                        self.value(here, 0, depth + 1)?;
                        count += 1;
                        if self.closed_after_item(b'}')? {
                            break;
                        }
                    }
                }
                self.names.truncate(names);
            }
        }
        if let Some(at) = container {
            self.containers[at].end = self.i as u32;
            self.containers[at].next = self.items.len() as u32;
            self.containers[at].count = count;
            self.containers[at].after = self.containers.len() as u32;
        }
        Ok(id)
    }
}

/// JSON's number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
pub(super) fn is_json_number(t: &[u8]) -> bool {
    let mut i = usize::from(t.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let from = *i;
        while t.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > from
    };
    match t.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if t.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(t.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(t.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == t.len()
}

impl Tree {
    /// Parses a body; `Err` says where it stopped being JSON.
    pub fn parse(src: &str) -> Result<Tree, JsonError> {
        Tree::parse_shared(std::rc::Rc::new(src.to_string()))
    }

    /// [`Tree::parse`] over a body that is already shared.
    pub fn parse_shared(src: std::rc::Rc<String>) -> Result<Tree, JsonError> {
        Tree::parse_below(src, LARGEST)
    }

    /// Parses a body shorter than `largest` bytes.
    fn parse_below(src: std::rc::Rc<String>, largest: usize) -> Result<Tree, JsonError> {
        let b = src.as_bytes();
        let mut p = Parser {
            src: &src,
            b,
            i: 0,
            items: Vec::new(),
            containers: Vec::new(),
            duplicates: Vec::new(),
            names: Vec::new(),
        };
        if b.len() >= largest {
            return p.err(JsonErrorKind::TooLarge);
        }
        // About as many nodes as commas and brackets, so that the list is
        // not copied as it grows (each copy would need the old and the new).
        let (mut commas, mut opens) = (0, 0);
        for at in memchr::memchr3_iter(b',', b'[', b'{', b) {
            if b[at] == b',' {
                commas += 1;
            } else {
                opens += 1;
            }
        }
        p.items.reserve_exact(commas + opens + 1);
        p.containers.reserve_exact(opens);
        p.value(NONE, 0, 0)?;
        p.ws();
        if p.i != p.b.len() {
            return p.err(JsonErrorKind::TrailingText);
        }
        let (mut items, mut containers, mut duplicates) = (p.items, p.containers, p.duplicates);
        items.shrink_to_fit();
        containers.shrink_to_fit();
        duplicates.shrink_to_fit();
        Ok(Tree { src, items, containers, duplicates, lower: Default::default() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_too_large_to_hold_is_refused_whole() {
        let body = std::rc::Rc::new("[1,2,3]".to_string());
        let e = Tree::parse_below(body.clone(), 7).unwrap_err();
        assert_eq!(e.kind, JsonErrorKind::TooLarge);
        assert_eq!(Tree::parse_below(body, 8).unwrap().len(), 4);
    }
}
