//! Which part of a large document the editor shows: a window of about [`CHUNK`] bytes of whole
//! lines (pure; unit-tested).

/// Documents larger than this are edited a window at a time.
pub const WINDOW_FROM: usize = 64 * 1024;
/// The size of that window.
pub const CHUNK: usize = 48 * 1024;

/// The window of `text` starting near `hint`: from the start of that line (unless the line is
/// very long), about [`CHUNK`] bytes, ending after a newline where one is near.
pub fn window_at(text: &str, hint: usize) -> (usize, usize) {
    if text.len() <= WINDOW_FROM {
        return (0, text.len());
    }
    let hint = text.floor_char_boundary(hint.min(text.len().saturating_sub(CHUNK / 2)));
    let start = match text[..hint].rfind('\n') {
        Some(newline) if hint - newline < CHUNK / 4 => newline + 1,
        _ => hint,
    };
    let rough_end = text.floor_char_boundary(start + CHUNK);
    let end = match text[rough_end..].find('\n') {
        Some(newline) if newline < CHUNK / 4 => rough_end + newline + 1,
        _ => rough_end,
    };
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document of `lines` numbered lines, each about 30 bytes.
    fn document(lines: usize) -> String {
        (0..lines).map(|n| format!("  {{\"step\": {n:>6}, \"value\": \"é\"}},\n")).collect()
    }

    #[test]
    fn a_document_up_to_the_threshold_is_shown_whole() {
        let text = "x".repeat(WINDOW_FROM);
        assert_eq!(window_at(&text, 0), (0, WINDOW_FROM));
        assert_eq!(window_at(&text, 5_000), (0, WINDOW_FROM));
    }

    #[test]
    fn a_large_documents_window_is_about_a_chunk_of_whole_lines() {
        let text = document(10_000);
        let (start, end) = window_at(&text, 100_000);
        assert!(start == 0 || text.as_bytes()[start - 1] == b'\n', "starts a line");
        assert_eq!(text.as_bytes()[end - 1], b'\n', "ends after a newline");
        assert!((CHUNK..CHUNK + CHUNK / 4).contains(&(end - start)), "{}", end - start);
        assert!(start <= 100_000 && 100_000 - start < CHUNK / 4, "starts at the hint's line");
    }

    #[test]
    fn moving_from_each_windows_end_walks_the_whole_document_without_gaps() {
        let text = document(10_000);
        let (mut at, mut windows) = (0, 0);
        while at < text.len() {
            let (start, end) = window_at(&text, at);
            assert!(start <= at, "no gap before {at}");
            assert!(end > at, "progress from {at}");
            at = end;
            windows += 1;
        }
        assert_eq!(at, text.len());
        assert!(windows > text.len() / (CHUNK + CHUNK / 4));
    }

    #[test]
    fn a_hint_past_the_end_shows_the_last_window() {
        let text = document(10_000);
        let (start, end) = window_at(&text, usize::MAX);
        assert_eq!(end, text.len());
        assert!(end - start >= CHUNK / 2);
    }

    #[test]
    fn one_long_line_of_multibyte_characters_is_cut_at_character_boundaries() {
        let text = "é".repeat(WINDOW_FROM);
        for hint in [0, 1, 77_777, 100_001, text.len()] {
            let (start, end) = window_at(&text, hint);
            assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "{hint}: {start}..{end}");
            assert!(end > start);
        }
    }
}
