//! Reading a body into a [`Tree`]: one pass, every token kept as sent,
//! duplicate keys and escapes noted, nesting limited ([`MAX_DEPTH`]).

use std::borrow::Cow;
use std::collections::HashSet;

use super::{key_text, Item, Kind, Tree, DUPLICATE, KEY_ESCAPED, MAX_DEPTH, NONE, VALUE_ESCAPED};
use crate::text::{JsonError, JsonErrorKind};

struct Parser<'a> {
    src: &'a str,
    b: &'a [u8],
    i: usize,
    items: Vec<Item>,
    kids: Vec<u32>,
    /// The children of the containers being read, innermost last.
    pending: Vec<u32>,
}

/// Two member name tokens name the same member (`"a"` and `"\u0061"` do);
/// `escaped`: either has escapes.
fn same_key(a: &str, b: &str, escaped: bool) -> bool {
    a == b || (escaped && key_text(a) == key_text(b))
}

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

    /// A member name token the parser has read, as sent.
    fn key_raw(&self, (s, e): (u32, u32)) -> &'a str {
        let src: &'a str = self.src;
        &src[s as usize..e as usize]
    }

    fn value(&mut self, parent: u32, key: (u32, u32), index: u32, depth: usize) -> Result<u32, JsonError> {
        if depth > MAX_DEPTH {
            return self.err(JsonErrorKind::TooDeep);
        }
        self.ws();
        let start = self.i;
        let Some(&c) = self.b.get(self.i) else { return self.err(JsonErrorKind::EndsEarly) };
        let kind = match c {
            b'{' => Kind::Object,
            b'[' => Kind::Array,
            b'"' => Kind::String,
            b't' | b'f' => Kind::Bool,
            b'n' => Kind::Null,
            b'-' | b'0'..=b'9' => Kind::Number,
            _ => return self.err(JsonErrorKind::UnexpectedChar),
        };
        let id = self.items.len() as u32;
        self.items.push(Item {
            start: start as u32,
            end: start as u32,
            key_start: key.0,
            key_end: key.1,
            parent,
            first_kid: 0,
            kid_count: 0,
            index,
            depth: depth as u16,
            kind,
            flags: 0,
        });
        let mark = self.pending.len();
        match kind {
            Kind::String => {
                if self.string_end()? {
                    self.items[id as usize].flags |= VALUE_ESCAPED;
                }
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
                while self.i < self.b.len() && matches!(self.b[self.i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    self.i += 1;
                }
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
                    let mut n = 0;
                    loop {
                        let child = self.value(id, (0, 0), n, depth + 1)?;
                        self.pending.push(child);
                        n += 1;
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
                        let span = (ks as u32, self.i as u32);
                        let raw = self.key_raw(span);
                        self.ws();
                        if self.b.get(self.i) != Some(&b':') {
                            return self.err(JsonErrorKind::ExpectedColon);
                        }
                        self.i += 1;
                        let siblings = &self.pending[mark..];
                        let raw_of = |c: &u32| {
                            let it = &self.items[*c as usize];
                            self.key_raw((it.key_start, it.key_end))
                        };
                        let escaped_at = |c: &u32| escaped || self.items[*c as usize].flags & KEY_ESCAPED != 0;
                        let dup = match &mut seen {
                            Some(set) => !set.insert(key_text(raw)),
                            None if siblings.len() < 32 => {
                                siblings.iter().any(|c| same_key(raw_of(c), raw, escaped_at(c)))
                            }
                            None => {
                                let mut set: HashSet<Cow<'a, str>> =
                                    siblings.iter().map(|c| key_text(raw_of(c))).collect();
                                let dup = !set.insert(key_text(raw));
                                seen = Some(set);
                                dup
                            }
                        };
                        let child = self.value(id, span, NONE, depth + 1)?;
                        self.items[child as usize].flags |=
                            if dup { DUPLICATE } else { 0 } | if escaped { KEY_ESCAPED } else { 0 };
                        self.pending.push(child);
                        if self.closed_after_item(b'}')? {
                            break;
                        }
                    }
                }
            }
        }
        let it = &mut self.items[id as usize];
        it.end = self.i as u32;
        if self.pending.len() > mark {
            it.first_kid = self.kids.len() as u32;
            it.kid_count = (self.pending.len() - mark) as u32;
            self.kids.extend(self.pending.drain(mark..));
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
        // About as many nodes as commas and brackets, so that the list is
        // not copied as it grows (each copy would need the old and the new).
        let b = src.as_bytes();
        let guess = memchr::memchr3_iter(b',', b'[', b'{', b).count() + 1;
        let mut p = Parser {
            src: &src,
            b,
            i: 0,
            items: Vec::with_capacity(guess),
            kids: Vec::with_capacity(guess),
            pending: Vec::new(),
        };
        p.value(NONE, (0, 0), NONE, 0)?;
        p.ws();
        if p.i != p.b.len() {
            return p.err(JsonErrorKind::TrailingText);
        }
        let (mut items, mut kids) = (p.items, p.kids);
        items.shrink_to_fit();
        kids.shrink_to_fit();
        Ok(Tree { src, items, kids, lower: Default::default() })
    }
}
