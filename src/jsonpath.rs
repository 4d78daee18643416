//! The one way CaseScope writes a place in a JSON answer (`$.data.events[0]`,
//! `$.data["odd key"]`). The decoder labels every value with such a path
//! and the raw viewer finds a node by it, so both must write it the same way:
//! "show in raw" and "show in decoded" depend on it. (The one way to step
//! inside USCIS's `{"data": ...}` envelope is [`crate::tree::Json::unwrap_data`],
//! which gives this path of what it unwraps.) Plain text: it knows no tree.

/// True for a member name written after a dot: ASCII letters, digits and
/// `_`, not starting with a digit. Anything else (`$odd`, `a b`, `1x`, the
/// empty name) is written in brackets as a JSON string.
pub fn is_plain(key: &str) -> bool {
    !key.is_empty()
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !key.starts_with(|c: char| c.is_ascii_digit())
}

/// Appends member `key` to `path`.
pub fn push_key(path: &mut String, key: &str) {
    if is_plain(key) {
        path.push('.');
        path.push_str(key);
    } else {
        path.push('[');
        path.push_str(&serde_json::to_string(key).unwrap_or_default());
        path.push(']');
    }
}

/// The path of member `key` of the value at `base`.
pub fn key(base: &str, key: &str) -> String {
    let mut p = base.to_string();
    push_key(&mut p, key);
    p
}

/// The path of element `n` of the array at `base`.
pub fn index(base: &str, n: usize) -> String {
    format!("{base}[{n}]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_take_a_dot_and_others_brackets() {
        assert_eq!(key("$.data", "formType"), "$.data.formType");
        assert_eq!(key("$.data", "receipt_details"), "$.data.receipt_details");
        assert_eq!(key("$.data", "$odd"), "$.data[\"$odd\"]");
        assert_eq!(key("$", "odd key"), "$[\"odd key\"]");
        assert_eq!(key("$", "1x"), "$[\"1x\"]");
        assert_eq!(key("$", ""), "$[\"\"]");
        assert_eq!(key("$", "a\"b"), "$[\"a\\\"b\"]");
        assert_eq!(index("$.data.events", 3), "$.data.events[3]");
    }
}
