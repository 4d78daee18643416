//! Text helpers: USCIS's HTML status text turned into plain text, and a JSON
//! re-indenter that keeps every token exactly as the server sent it.

/// The longest start of `s` of at most `max` bytes that ends on a whole
/// character.
pub fn head(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// A character that changes the direction of the text around it (marks,
/// embeddings, overrides, isolates): kept out of untrusted one-line values.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Turns an HTML fragment into plain text: tags removed (a link keeps its
/// visible text, followed by its web address in brackets when that differs;
/// `javascript:` and other non-web addresses are dropped), blocks and `<br>`
/// become line breaks, words around tags and links stay apart, what is inside
/// `<script>`, `<style>`, `<template>` and comments is dropped, common
/// entities decoded. The result is meant to be set as text, never parsed as
/// HTML.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut pending_href: Option<String> = None;
    let mut link_text_start = 0;
    let ends_in_word = |out: &String| out.chars().next_back().is_some_and(char::is_alphanumeric);
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let after = &rest[lt + 1..];
        if let Some(comment) = after.strip_prefix("!--") {
            rest = comment.find("-->").map(|e| &comment[e + 3..]).unwrap_or("");
            continue;
        }
        let Some(gt) = after.find('>') else {
            // A lone "<" is text.
            out.push_str(&decode_entities(&rest[lt..]));
            rest = "";
            break;
        };
        let tag = after[..gt].trim();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        rest = &after[gt + 1..];
        let next_is_word = rest.chars().next().is_some_and(char::is_alphanumeric);
        match (name.as_str(), closing) {
            // Their content is not text for a person: skip to the end tag.
            ("script" | "style" | "template", false) => {
                let lower = rest.to_ascii_lowercase();
                let end = format!("</{name}");
                rest = match lower.find(&end) {
                    Some(e) => rest[e..].find('>').map(|g| &rest[e + g + 1..]).unwrap_or(""),
                    None => "",
                };
            }
            ("br", _) => out.push('\n'),
            (
                "p" | "div" | "li" | "tr" | "ul" | "ol" | "table" | "section" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6",
                _,
            ) => out.push('\n'),
            ("a", false) => {
                if ends_in_word(&out) {
                    out.push(' ');
                }
                pending_href = attr(tag, "href");
                link_text_start = out.len();
            }
            ("a", true) => {
                if let Some(href) = pending_href.take() {
                    let shown = out[link_text_start..].trim().to_ascii_lowercase();
                    let lower = href.trim().to_ascii_lowercase();
                    let bare = lower.trim_start_matches("https://").trim_start_matches("http://").trim_end_matches('/');
                    let web = lower.starts_with("https://") || lower.starts_with("http://");
                    if web && shown != bare {
                        out.push_str(" (");
                        out.push_str(href.trim());
                        out.push(')');
                    }
                }
                if next_is_word {
                    out.push(' ');
                }
            }
            // Any other tag between two words keeps them apart only where
            // it is a block; inline tags (b, span) join as written.
            _ => {}
        }
    }
    out.push_str(&decode_entities(rest));
    // Collapse runs of spaces, keep single line breaks.
    let lines: Vec<String> = out.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    let mut text = lines.join("\n");
    while text.contains("\n\n\n") {
        text = text.replace("\n\n\n", "\n\n");
    }
    text.trim().to_string()
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let pos = lower.find(&format!("{name}="))?;
    let v = &tag[pos + name.len() + 1..];
    let (quote, body) = match v.chars().next()? {
        q @ ('"' | '\'') => (Some(q), &v[1..]),
        _ => (None, v),
    };
    let end = match quote {
        Some(q) => body.find(q).unwrap_or(body.len()),
        None => body.find(char::is_whitespace).unwrap_or(body.len()),
    };
    Some(decode_entities(&body[..end]))
}

/// Decodes the HTML entities USCIS text uses (named basics and numeric).
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').filter(|i| *i <= 10);
        let decoded = semi.and_then(|i| {
            let ent = &after[..i];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                    u32::from_str_radix(&ent[2..], 16).ok().and_then(char::from_u32)
                }
                _ if ent.starts_with('#') => ent[1..].parse::<u32>().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, i))
        });
        match decoded {
            Some((c, i)) => {
                out.push(c);
                rest = &after[i + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Re-indents JSON text with two spaces, keeping every token byte for byte:
/// numbers are not reformatted (`1.10`, 20-digit ids), string escapes are kept,
/// duplicate keys stay. Only whitespace between tokens changes. Text that is not
/// valid JSON is still re-indented as far as its brackets allow; callers check
/// validity separately.
pub fn pretty_json(src: &str) -> String {
    let mut out = String::with_capacity(src.len() + src.len() / 2);
    let mut depth: usize = 0;
    let mut chars = src.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push('"');
                let mut escaped = false;
                for s in chars.by_ref() {
                    out.push(s);
                    if escaped {
                        escaped = false;
                    } else if s == '\\' {
                        escaped = true;
                    } else if s == '"' {
                        break;
                    }
                }
            }
            '{' | '[' => {
                // Keep empty containers on one line.
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    chars.next();
                    out.push(c);
                    out.push(close);
                } else {
                    out.push(c);
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// Parses JSON the way browsers do: a lone UTF-16 surrogate escape
/// (`"\ud800"`), which JavaScript accepts and serde_json refuses, becomes
/// U+FFFD in the parsed value (the raw body is untouched). On failure, says
/// where parsing stopped.
pub fn parse_json_lenient(body: &str) -> Result<serde_json::Value, JsonError> {
    match serde_json::from_str(body) {
        Ok(v) => Ok(v),
        Err(e) => {
            let fixed = replace_lone_surrogates(body);
            if fixed != body {
                if let Ok(v) = serde_json::from_str(&fixed) {
                    return Ok(v);
                }
            }
            Err(JsonError::from_serde(&e))
        }
    }
}

/// Replaces `\uD800`-`\uDFFF` escapes that do not form a surrogate pair
/// with `\uFFFD`.
fn replace_lone_surrogates(s: &str) -> String {
    fn hex_at(b: &[u8], i: usize) -> Option<u32> {
        if b.len() >= i + 6 && b[i] == b'\\' && b[i + 1] == b'u' {
            std::str::from_utf8(&b[i + 2..i + 6]).ok().and_then(|h| u32::from_str_radix(h, 16).ok())
        } else {
            None
        }
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            if let Some(u) = hex_at(b, i) {
                let is_high = (0xD800..0xDC00).contains(&u);
                let is_low = (0xDC00..0xE000).contains(&u);
                let paired = is_high && hex_at(b, i + 6).is_some_and(|n| (0xDC00..0xE000).contains(&n));
                if paired {
                    i += 12;
                    continue;
                }
                if is_high || is_low {
                    out.push_str(&s[last..i]);
                    out.push_str("\\uFFFD");
                    i += 6;
                    last = i;
                    continue;
                }
                i += 6;
                continue;
            }
            i += 2; // any other escape, including an escaped backslash
            continue;
        }
        i += 1;
    }
    out.push_str(&s[last.min(s.len())..]);
    out
}

/// Where and why a body stops being JSON (worded by `crate::i18n`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonError {
    pub line: usize,
    pub column: usize,
    pub kind: JsonErrorKind,
}

/// Why a body is not JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// Nothing at all.
    Empty,
    /// It stops in the middle (cut off).
    EndsEarly,
    InvalidEscape,
    ControlChar,
    UnterminatedString,
    /// A `,` or a closing bracket was expected.
    ExpectedComma,
    ExpectedName,
    ExpectedColon,
    TooDeep,
    /// Too large to read (a body of 512 MB or more).
    TooLarge,
    BadNumber,
    UnexpectedChar,
    /// More text after the one JSON value.
    TrailingText,
    /// Anything else.
    Syntax,
}

impl JsonError {
    /// Line and column (1-based, in characters) of byte `at` of `src`.
    pub fn at(src: &[u8], at: usize, kind: JsonErrorKind) -> JsonError {
        let before = &src[..at.min(src.len())];
        let line = before.iter().filter(|c| **c == b'\n').count() + 1;
        let line_start = before.iter().rposition(|c| *c == b'\n').map(|i| i + 1).unwrap_or(0);
        // Characters, not bytes: count the bytes that start one.
        let column = before[line_start..].iter().filter(|b| (**b & 0xC0) != 0x80).count() + 1;
        JsonError { line, column, kind }
    }

    pub fn from_serde(e: &serde_json::Error) -> JsonError {
        use serde_json::error::Category;
        let m = e.to_string();
        let kind = match e.classify() {
            Category::Eof => JsonErrorKind::EndsEarly,
            _ if m.contains("trailing characters") => JsonErrorKind::TrailingText,
            _ if m.contains("control character") => JsonErrorKind::ControlChar,
            _ if m.contains("escape") => JsonErrorKind::InvalidEscape,
            _ if m.contains("number") => JsonErrorKind::BadNumber,
            _ if m.contains("key must be a string") => JsonErrorKind::ExpectedName,
            _ if m.contains("expected `:`") => JsonErrorKind::ExpectedColon,
            _ if m.contains("expected `,`") => JsonErrorKind::ExpectedComma,
            _ if m.contains("recursion limit") => JsonErrorKind::TooDeep,
            _ if m.contains("expected value") || m.contains("expected ident") => JsonErrorKind::UnexpectedChar,
            _ => JsonErrorKind::Syntax,
        };
        JsonError { line: e.line(), column: e.column(), kind }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_ends_on_a_whole_character() {
        assert_eq!(head("a\u{e9}b", 2), "a");
        assert_eq!(head("a\u{e9}b", 3), "a\u{e9}");
        assert_eq!(head("abc", 10), "abc");
        assert_eq!(head("", 0), "");
    }

    #[test]
    fn status_text_html_becomes_text_and_keeps_links() {
        let html = "On June 1, 2026, we mailed it. Use <a href=\"https://example.com/go/Track\">www.USPS.com</a> to track.<br/>Thanks &amp; regards";
        assert_eq!(
            html_to_text(html),
            "On June 1, 2026, we mailed it. Use www.USPS.com (https://example.com/go/Track) to track.\nThanks & regards"
        );
        // A link whose text is its address is not repeated.
        assert_eq!(html_to_text("<a href='https://www.uscis.gov'>www.uscis.gov</a>"), "www.uscis.gov");
    }

    #[test]
    fn what_is_not_text_is_dropped_and_words_stay_apart() {
        let html = "<style>p{color:red}</style><!-- note: internal --><p>We received</p><p>your case.</p>\
            <TEMPLATE><b>hidden</b></TEMPLATE><SCRIPT type=x>var a = \"<b>\";</SCRIPT>Track\
            <a href=\"https://example.com/x\">here</a>now.<div>Next<div>block</div></div>";
        assert_eq!(
            html_to_text(html),
            "We received\n\nyour case.\nTrack here (https://example.com/x) now.\nNext\nblock"
        );
        assert_eq!(html_to_text("See <a href='https://example.org'>this</a>."), "See this (https://example.org).");
        assert_eq!(html_to_text("a<!-- never closed"), "a");
        assert_eq!(html_to_text("a<script>never closed"), "a");
    }

    #[test]
    fn hostile_markup_is_reduced_to_its_text() {
        let t = html_to_text("<img src=x onerror=alert(1)><script>alert(2)</script>Hi <b>there</b> a < b");
        assert_eq!(t, "Hi there a < b", "a script's source is not words");
        assert!(!t.contains('>'));
        assert_eq!(html_to_text("<a href=\"javascript:alert(1)\">click</a>"), "click");
        assert_eq!(
            html_to_text("<a href=\"data:text/html,x\">here</a> and <a href='mailto:x@y'>mail</a>"),
            "here and mail"
        );
        assert_eq!(decode_entities("&#60;x&#x3e; &bogus; &"), "<x> &bogus; &");
    }

    #[test]
    fn pretty_json_keeps_tokens_exactly() {
        let src =
            r#"{"id":12345678901234567890123,"v":1.10,"s":"a\"b\u00e9,{}","k":1,"k":2,"e":[],"o":{ },"n":[1,[2]]}"#;
        let p = pretty_json(src);
        assert!(p.contains("\"id\": 12345678901234567890123"));
        assert!(p.contains("\"v\": 1.10"));
        assert!(p.contains(r#""s": "a\"b\u00e9,{}""#));
        assert!(p.contains("\"k\": 1,\n  \"k\": 2"));
        assert!(p.contains("\"e\": [],") && p.contains("\"o\": {},"));
        assert_eq!(pretty_json("{\"a\":[1,2]}"), "{\n  \"a\": [\n    1,\n    2\n  ]\n}");
        // Whitespace-insensitive equality with the source.
        let strip = |s: &str| s.split_whitespace().collect::<String>();
        assert_eq!(strip(&p), strip(src));
    }

    #[test]
    fn lone_surrogates_parse_as_replacement_characters() {
        let v = parse_json_lenient(r#"{"a":"x\ud800y","b":"\ud83d\ude00","c":"\\ud800"}"#).unwrap();
        assert_eq!(v["a"], "x\u{fffd}y");
        assert_eq!(v["b"], "\u{1f600}");
        assert_eq!(v["c"], "\\ud800");
        assert_eq!(parse_json_lenient("{\"a\": ").unwrap_err().kind, JsonErrorKind::EndsEarly);
    }

    #[test]
    fn json_errors_say_where() {
        let e = parse_json_lenient("{\n  \"a\": 1,\n  \"b\": x\n}").unwrap_err();
        assert_eq!((e.line, e.column, e.kind), (3, 8, JsonErrorKind::UnexpectedChar));
        assert_eq!(parse_json_lenient("").unwrap_err().kind, JsonErrorKind::EndsEarly);
        assert_eq!(parse_json_lenient("[1] 2").unwrap_err().kind, JsonErrorKind::TrailingText);
        // The same place as the tree parser gives, in characters.
        assert_eq!(JsonError::at("{\n  \"\u{e9}\u{e9}\": x".as_bytes(), 12, JsonErrorKind::Syntax).column, 9);
    }
}
