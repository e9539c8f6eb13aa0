#![no_main]
//! The escaping of the tree's strings for each medium keeps its promises on
//! any text: nothing unsafe reaches a terminal or a log line, a source
//! block keeps its length and lines, a CSV field never starts a formula, a
//! Markdown code span stays on one line.
use gclint::report::escape;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    assert!(!escape::terminal(&text).chars().any(escape::is_unsafe));
    let block = escape::terminal_block(&text);
    assert_eq!(block.len(), text.len());
    assert_eq!(block.matches('\n').count(), text.matches('\n').count());
    assert!(!block
        .chars()
        .any(|c| escape::is_unsafe(c) && !matches!(c, '\n' | '\t' | '\r')));
    // The cell a spreadsheet reads: the field without its quoting.
    let field = escape::csv(&text);
    let cell = match field.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => field.to_string(),
    };
    assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']));
    let code = escape::markdown_code(&text);
    assert!(!code.contains(['\n', '\r']));
    let line = escape::workflow_line(&text);
    assert!(!line.contains('\n'));
    assert!(!line.trim_start().starts_with("::"));
    assert!(!escape::workflow_data(&text).contains(['\n', '\r']));
});
