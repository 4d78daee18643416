//! The CSV reader for `data/*.csv`. It runs at build time (`build.rs`
//! includes this file and writes the tables as Rust arrays), so the shipped
//! WebAssembly has neither the parser nor the text; it is compiled into the
//! library only for its tests.

/// Parses CSV text (RFC 4180 quoting, CRLF or LF). The header row is dropped.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    if !rows.is_empty() {
        rows.remove(0); // the header
    }
    rows.retain(|r| !(r.len() == 1 && r[0].is_empty()));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_handles_quotes_commas_and_crlf() {
        let rows = parse_csv("a,b\r\nx,\"RECEIVED, FEE WAIVED\"\r\n\"say \"\"hi\"\"\",\n");
        assert_eq!(
            rows,
            vec![vec!["x".to_string(), "RECEIVED, FEE WAIVED".into()], vec!["say \"hi\"".into(), "".into()]]
        );
    }
}
