//! Finding text and lines in a document (pure; unit-tested): what the editor's find bar counts
//! and moves through. Offsets are byte offsets into the document, as the editor's window uses.

/// `text` with letters in lower case wherever that keeps each character's length in bytes (all
/// of ASCII and nearly all other scripts), so that an offset in it is the same offset in `text`.
/// The few characters whose lower case is longer or shorter (such as `İ`) are kept as they are.
pub fn fold_case(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => folded.push(l),
            _ => folded.push(c),
        }
    }
    folded
}

/// The start of every match of `needle` in `haystack`, in order, without overlaps (as a
/// browser's find counts them). An empty needle matches nothing.
pub fn find_all(haystack: &str, needle: &str) -> Vec<usize> {
    if needle.is_empty() {
        return Vec::new();
    }
    haystack.match_indices(needle).map(|(at, _)| at).collect()
}

/// Which match to show first: the first at or after `from` (the cursor), else the first.
pub fn first_from(matches: &[usize], from: usize) -> Option<usize> {
    if matches.is_empty() {
        return None;
    }
    Some(matches.partition_point(|&m| m < from) % matches.len())
}

/// The offset where each line of `text` starts (the first line at 0).
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect()
}

/// The line (from 1) holding byte `offset`.
pub fn line_of(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset).max(1)
}

/// The line a "go to line" field asks for, or why it cannot be gone to.
pub fn parse_line(typed: &str, lines: usize) -> Result<usize, String> {
    let typed = typed.trim();
    match typed.parse::<usize>() {
        Ok(line) if (1..=lines).contains(&line) => Ok(line),
        Ok(_) => Err(format!("There is no line {typed}: type a number from 1 to {lines}.")),
        Err(_) if typed.is_empty() => Err(format!("Type a line number from 1 to {lines}.")),
        Err(_) => Err(format!("“{typed}” is not a line number: type a number from 1 to {lines}.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_every_offset() {
        for text in ["Negative Electrode THICKNESS [m]", "ÄÖÜ straße ΣΑΣ", "İstanbul KELVIN K", "日本 Ǆ ﬃ"]
        {
            let folded = fold_case(text);
            assert_eq!(folded.len(), text.len(), "{text}");
            for (a, b) in text.char_indices().zip(folded.char_indices()) {
                assert_eq!(a.0, b.0, "{text}");
            }
        }
        assert_eq!(fold_case("Negative Electrode [M]"), "negative electrode [m]");
        assert_eq!(fold_case("ÄÖÜ ΣΑΣ"), "äöü σασ");
        // İ lowers to two characters: kept, so what follows stays in place.
        assert_eq!(fold_case("İX"), "İx");
    }

    #[test]
    fn matches_are_found_in_order_without_overlap() {
        assert_eq!(find_all("aaaa", "aa"), vec![0, 2]);
        assert_eq!(find_all(r#"{"a": 1, "ab": "a"}"#, "\"a"), vec![1, 9, 15]);
        assert_eq!(find_all("abc", ""), Vec::<usize>::new());
        assert_eq!(find_all("abc", "abcd"), Vec::<usize>::new());
        let text = "x é x é";
        assert_eq!(find_all(text, "é"), vec![2, 7]);
    }

    #[test]
    fn case_is_ignored_by_searching_folded_text_for_a_folded_needle() {
        let text = r#"{"Negative electrode thickness [m]": 1, "negative ELECTRODE thickness [m]": 2}"#;
        let folded = fold_case(text);
        let found = find_all(&folded, &fold_case("NEGATIVE electrode"));
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|&at| text[at..].to_lowercase().starts_with("negative electrode")));
        assert_eq!(find_all(text, "Negative electrode").len(), 1);
    }

    #[test]
    fn the_first_match_shown_is_the_next_after_the_cursor_wrapping_round() {
        let matches = [10, 20, 30];
        assert_eq!(first_from(&matches, 0), Some(0));
        assert_eq!(first_from(&matches, 20), Some(1));
        assert_eq!(first_from(&matches, 21), Some(2));
        assert_eq!(first_from(&matches, 31), Some(0));
        assert_eq!(first_from(&[], 5), None);
    }

    #[test]
    fn lines_are_counted_from_one() {
        let text = "{\n  \"a\": 1,\n  \"b\": 2\n}";
        let starts = line_starts(text);
        assert_eq!(starts, vec![0, 2, 12, 21]);
        assert_eq!(line_of(&starts, 0), 1);
        assert_eq!(line_of(&starts, 1), 1);
        assert_eq!(line_of(&starts, 2), 2);
        assert_eq!(line_of(&starts, text.find("\"b\"").unwrap()), 3);
        assert_eq!(line_of(&starts, text.len()), 4);
        assert_eq!(line_starts(""), vec![0]);
        assert_eq!(line_starts("a\n"), vec![0, 2]);
    }

    #[test]
    fn a_line_to_go_to_is_a_number_within_the_document() {
        assert_eq!(parse_line(" 12 ", 40), Ok(12));
        assert_eq!(parse_line("1", 1), Ok(1));
        assert_eq!(parse_line("0", 40), Err("There is no line 0: type a number from 1 to 40.".to_owned()));
        assert_eq!(parse_line("41", 40), Err("There is no line 41: type a number from 1 to 40.".to_owned()));
        assert_eq!(parse_line("", 40), Err("Type a line number from 1 to 40.".to_owned()));
        assert_eq!(parse_line("-3", 40), Err("“-3” is not a line number: type a number from 1 to 40.".to_owned()));
        assert_eq!(parse_line("1e3", 40), Err("“1e3” is not a line number: type a number from 1 to 40.".to_owned()));
    }
}
