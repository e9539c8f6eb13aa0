//! Strings from the checked tree — client, scope, role and file names,
//! source lines, values quoted in messages — are attacker-controlled. Each
//! output medium has one function here that prints them inertly:
//!
//! - a terminal or a CI log ([`terminal`], [`terminal_block`]): control
//!   characters (a newline that starts a fake line, ESC that opens an ANSI
//!   or OSC sequence, BEL), bidirectional overrides and line separators are
//!   shown as escapes, never sent;
//! - Markdown ([`markdown_code`], [`markdown_text`]): no HTML, no link, no
//!   table cell or line broken out of;
//! - CSV ([`csv`]): no formula (`= + - @`, tab, carriage return) for a
//!   spreadsheet to run, fields quoted where needed;
//! - GitHub workflow commands ([`workflow_data`], [`workflow_property`],
//!   [`workflow_line`]): no `::command::` of the tree's making.
//!
//! JSON and SARIF need none of this: serde escapes every string.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal, a log or a rendered document as
/// is: C0 and C1 control characters and DEL, the bidirectional marks,
/// embeddings, overrides and isolates, and the line and paragraph
/// separators.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// One line of text for a terminal or a log: `\n`, `\r` and `\t` as those
/// two characters, every other unsafe character as `\u{1b}`.
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A block of source text shown in a snippet: line breaks and tabs are
/// kept, every other unsafe character becomes one visible character of
/// the same length in bytes (`?`, `¿`, `�`), so that byte spans, line
/// numbers and columns stay those of the file.
pub fn terminal_block(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    // Printable ASCII, line feeds and tabs: most files, checked a byte at a
    // time (which vectorises) before any character is decoded.
    if bytes
        .iter()
        .all(|&b| (b' '..=b'~').contains(&b) || b == b'\n' || b == b'\t')
    {
        return Cow::Borrowed(text);
    }
    let keep = |i: usize, c: char| {
        c == '\n' || c == '\t' || (c == '\r' && bytes.get(i + 1) == Some(&b'\n'))
    };
    if !text
        .char_indices()
        .any(|(i, c)| is_unsafe(c) && !keep(i, c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if !is_unsafe(c) || keep(i, c) {
            out.push(c);
            continue;
        }
        out.push(match c.len_utf8() {
            1 => '?',
            2 => '\u{00BF}',
            3 => '\u{FFFD}',
            _ => unreachable!("no unsafe character takes four bytes"),
        });
    }
    Cow::Owned(out)
}

/// A name or value as a Markdown code span, where nothing is HTML, a link
/// or emphasis: fenced with more backticks than the text holds in a row,
/// line breaks as spaces, unsafe characters escaped, and `|` escaped so
/// that the span stays in its table cell.
pub fn markdown_code(text: &str) -> String {
    let one_line: String =
        terminal(&text.replace("\r\n", " ").replace(['\n', '\r'], " ")).replace('|', "\\|");
    if one_line.is_empty() {
        return "` `".to_string();
    }
    let longest = one_line
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // A span that starts or ends with a backtick needs a space inside.
    let pad = if one_line.starts_with('`') || one_line.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{one_line}{pad}{fence}")
}

/// Text for Markdown prose: every ASCII punctuation character
/// backslash-escaped (no emphasis, HTML, link, heading, list or table
/// syntax, and no `https://` or `www.` for autolinking), line breaks as
/// spaces, unsafe characters escaped. Names are better shown with
/// [`markdown_code`].
pub fn markdown_text(text: &str) -> String {
    let one_line = text.replace("\r\n", " ").replace(['\n', '\r'], " ");
    let mut out = String::with_capacity(one_line.len() + 8);
    for c in terminal(&one_line).chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One CSV field: a value a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`;
/// a value holding a separator, a quote or a line break is quoted, its
/// quotes doubled.
pub fn csv(text: &str) -> Cow<'_, str> {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted = text.contains([',', ';', '"', '\n', '\r']);
    if !formula && !quoted {
        return Cow::Borrowed(text);
    }
    let mut field = String::with_capacity(text.len() + 3);
    if formula {
        field.push('\'');
    }
    field.push_str(text);
    if !quoted {
        return Cow::Owned(field);
    }
    Cow::Owned(format!("\"{}\"", field.replace('"', "\"\"")))
}

/// The message of a workflow command (`::error …::message`), as the runner
/// unescapes it: `%`, `\r` and `\n` percent-encoded. Line breaks are the
/// message's own; the tree's strings in it went through [`terminal`].
pub fn workflow_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            _ => out.push(c),
        }
    }
    out
}

/// A property of a workflow command (`file=`, `title=`): as data, and `:`
/// and `,`, which would end the value; unsafe characters escaped first.
pub fn workflow_property(text: &str) -> String {
    workflow_data(&terminal(text))
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// A plain line of a log the runner reads for workflow commands: unsafe
/// characters escaped (so it stays one line), and a line that would start
/// a command (`::`, or the old `##[`), blanks aside, gets a `\` first.
pub fn workflow_line(text: &str) -> Cow<'_, str> {
    let line = terminal(text);
    let rest = line.trim_start();
    if rest.starts_with("::") || rest.starts_with("##[") {
        let lead = line.len() - rest.len();
        return Cow::Owned(format!("{}\\{rest}", &line[..lead]));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client name as a hostile repository writes it: a line break that
    /// starts a workflow command, HTML, an OSC 8 hyperlink, a
    /// right-to-left override.
    const HOSTILE: &str = "evil\n::warning::pwned <img src=x onerror=alert(1)> \u{1b}]8;;https://evil.example/\u{7}click\u{1b}]8;;\u{7} \u{202e}gnp.exe";

    #[test]
    fn terminal_shows_controls_as_escapes() {
        assert_eq!(
            terminal(HOSTILE),
            "evil\\n::warning::pwned <img src=x onerror=alert(1)> \\u{1b}]8;;https://evil.example/\\u{7}click\\u{1b}]8;;\\u{7} \\u{202e}gnp.exe"
        );
        assert_eq!(
            terminal("a\tb\rc\u{85}d\u{2028}"),
            "a\\tb\\rc\\u{85}d\\u{2028}"
        );
        assert!(matches!(terminal("users:readonly"), Cow::Borrowed(_)));
    }

    #[test]
    fn blocks_keep_their_length_lines_and_columns() {
        let text = "a\u{1b}[2J\r\n\u{202e}b\u{85}\rc\td\n";
        let shown = terminal_block(text);
        assert_eq!(shown, "a?[2J\r\n\u{FFFD}b\u{BF}?c\td\n");
        assert_eq!(shown.len(), text.len());
        assert_eq!(shown.chars().count(), text.chars().count());
        assert!(matches!(
            terminal_block("fetch('/api/v2/users')\r\n"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(terminal_block("\tx = 'é';\n"), Cow::Borrowed(_)));
        assert!(matches!(terminal_block("\tx = 1;\n"), Cow::Borrowed(_)));
        assert_eq!(terminal_block("x\u{7f}\n"), "x?\n");
    }

    #[test]
    fn markdown_code_spans_hold_anything() {
        assert_eq!(
            markdown_code(HOSTILE),
            "`evil ::warning::pwned <img src=x onerror=alert(1)> \\u{1b}]8;;https://evil.example/\\u{7}click\\u{1b}]8;;\\u{7} \\u{202e}gnp.exe`"
        );
        assert_eq!(markdown_code("a|b"), "`a\\|b`");
        assert_eq!(markdown_code("x ``` y"), "````x ``` y````");
        assert_eq!(markdown_code("`x`"), "`` `x` ``");
        assert_eq!(markdown_code(""), "` `");
    }

    #[test]
    fn markdown_text_escapes_every_punctuation() {
        assert_eq!(
            markdown_text("<b>hi</b> [x](https://evil.example) *a* | www.evil.example\n# h"),
            "\\<b\\>hi\\<\\/b\\> \\[x\\]\\(https\\:\\/\\/evil\\.example\\) \\*a\\* \\| www\\.evil\\.example \\# h"
        );
    }

    #[test]
    fn csv_fields_never_start_a_formula() {
        assert_eq!(csv("src/app.js"), "src/app.js");
        assert_eq!(
            csv("=HYPERLINK(\"http://evil\")"),
            "\"'=HYPERLINK(\"\"http://evil\"\")\""
        );
        assert_eq!(csv("+1"), "'+1");
        assert_eq!(csv("-cmd"), "'-cmd");
        assert_eq!(csv("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv("\tx"), "'\tx");
        assert_eq!(csv("\rx"), "\"'\rx\"");
        assert_eq!(csv("a,b"), "\"a,b\"");
        assert_eq!(csv("line\nbreak"), "\"line\nbreak\"");
    }

    #[test]
    fn workflow_commands_carry_no_command_of_the_tree() {
        assert_eq!(
            workflow_data("100% sure\r\nnext: a,b"),
            "100%25 sure%0D%0Anext: a,b"
        );
        assert_eq!(workflow_data("%0A"), "%250A");
        assert_eq!(workflow_property("gclint: a,b%\n"), "gclint%3A a%2Cb%25\\n");
        assert_eq!(workflow_property("src/app.js"), "src/app.js");
        assert_eq!(workflow_line("::add-mask::x"), "\\::add-mask::x");
        assert_eq!(workflow_line("  ##[error]x"), "  \\##[error]x");
        assert_eq!(
            workflow_line("gclint: baseline a\n::stop-commands::t"),
            "gclint: baseline a\\n::stop-commands::t"
        );
    }
}
